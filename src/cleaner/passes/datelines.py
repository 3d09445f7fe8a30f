"""Datelines: the place (and agency) that opens the lede, cut and moved to ``dateline`` / ``agency``.

Seen in seed 000 as "SADARAK: Azerbaijan's defence ministry said ...". Wire copy writes
"LONDON (Reuters) - ", "WASHINGTON, May 3 (AP) — ", German copy "Berlin (dpa) - ", Spanish
"MADRID, 3 may (EFE).- ". Only the first paragraph of the body is looked at. A capitalised place needs
the agency in brackets ("Berlin (dpa) -"), an all-caps one does not; all-caps labels such as "UPDATE:" or
"EXCLUSIVE:" are not places and stay.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cleaner.article import Removal
from cleaner.blocks import Draft, Fragment, claim_span, word_count
from cleaner.config import Config
from cleaner.passes._text import vocabulary

_DATELINE = re.compile(
    r"^(?P<place>[^\W\d_][^\W\d_'’.\- ]{0,30}(?:[ \-/][^\W\d_][^\W\d_'’.\-]{0,30}){0,3}\.?)"
    r"(?:, *(?P<when>[^\W\d_]{3,10}\.? \d{1,2}|\d{1,2}\.? [^\W\d_]{3,10}\.?|\d{1,2}/\d{1,2}(?:/\d{2,4})?))?"
    r"(?: *\((?P<agency>[^()\n]{2,30})\))?"
    r"(?P<sep> *(?:\.?[—–-]{1,2}|:|\.-))(?= +\S)"
)


def match_dateline(text: str, config: Config) -> re.Match[str] | None:
    """The dateline that opens ``text``, or None.

    >>> match_dateline("LONDON (Reuters) - Prices rose.", Config()).group("place", "agency")
    ('LONDON', 'Reuters')
    >>> match_dateline("UPDATE: the minister resigned.", Config()) is None
    True
    """
    match = _DATELINE.match(text)
    if match is None:
        return None
    place, agency = match.group("place"), match.group("agency")
    letters = [char for char in place if char.isalpha()]
    all_caps = len(letters) >= 2 and all(char.isupper() for char in letters)
    if agency is not None:
        if agency.strip().casefold() not in vocabulary("dateline-agencies", config):
            return None
        if not (all_caps or place[0].isupper()):
            return None
    elif not all_caps or place.upper().rstrip(".") in {w.upper() for w in vocabulary("dateline-stopwords", config)}:
        return None
    return match


def find_datelines(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield the dateline prefix of the first body paragraph.

    >>> [(r.text, r.value, r.meta) for r in find_datelines(Draft.of("SADARAK: Azerbaijan said."), Config())]
    [('SADARAK:', 'SADARAK', ())]
    >>> [r.text for r in find_datelines(Draft.of("PARIS (AFP) - PARIS (AFP) - It rained."), Config())]
    ['PARIS (AFP) - PARIS (AFP) -']
    """
    if not config.enabled("datelines.place"):
        return
    first: Fragment | None = next(iter(draft.remaining()), None)
    if first is None:
        return
    match = match_dateline(first.text, config)
    if match is None:
        return
    if not first.ends_sentence and word_count(first.text[match.end("sep"):]) <= config.max_title_words:
        # A dateline opens the lede, which is prose: "AA: LEFT MENU" is a label on a menu, and cutting
        # it would leave a widget at the top of the body.
        return
    place = match.group("place").rstrip(".")
    when = match.group("when")
    agency = match.group("agency")
    dateline = f"{place}, {when}" if when else place
    end = first.start + match.end("sep")
    # "LONDON (Reuters) - LONDON (Reuters) - ...": an extractor's repeat goes with the first, or the
    # body would open with a dateline that cleaning it again would cut.
    while end < first.end:
        # A dateline is short: a window of the line is enough, and keeps a thousand repeats linear.
        window = draft.text[end : min(first.end, end + 300)]
        again = match_dateline(window.lstrip(" "), config)
        if again is None:
            break
        end += len(window) - len(window.lstrip(" ")) + again.end("sep")
    yield claim_span(draft.text, first.start, end, "dateline", "datelines.place",
                     f"the lede opens with the place {dateline!r}" + (f" and the agency {agency!r}" if agency else ""),
                     value=dateline, meta=(("agency", agency.strip()),) if agency else ())
