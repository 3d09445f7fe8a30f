"""Bylines: "By Jane Doe", "Von Anna Müller", "Par Jean Dupont" near the top of the text; the wire's
reporting credits; and the note on the author closing it ("Jane Doe is a freelance writer ...").

The benchmark's ground truth, like every news dataset we know, keeps the author out of the body. A byline
is short, starts with a label from the word list and continues with capitalised names; "By the end of
the day, ..." starts the same way but goes on in lower case, and stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from cleaner.article import Removal
from cleaner.blocks import Draft, claim, claim_span, has_words, word_count
from cleaner.config import Config
from cleaner.passes._text import phrase_regex
from cleaner.passes.headers import header_at_start

_TOP_FRAGMENTS = 6
_MAX_BYLINE_WORDS = 10
# Words that may stand in lower case inside a list of names.
_CONNECTORS = frozenset(
    "and und et y e i en & de da di del della van von der den la le du dos das and/or with mit avec con com".split()
)


def _byline(languages: tuple[str, ...]) -> re.Pattern[str]:
    return phrase_regex(r"^(?P<label>{byline-labels})(?: *: *| +)(?P<names>\S.*)$", languages)


def _lone_label(languages: tuple[str, ...]) -> re.Pattern[str]:
    """A byline label alone on its line ("By"): the page linked the author's name, and the text rendering
    lost it or put it elsewhere."""
    return phrase_regex(r"^(?:{byline-labels}) *:?$", languages)


def _looks_like_names(text: str) -> bool:
    """Capitalised words, commas and connectors only: "Jane Doe and Max Roe, Reuters".

    >>> _looks_like_names("Jane Doe and Max Roe"), _looks_like_names("the end of the day")
    (True, False)
    """
    words = re.findall(r"[^\s,;|/]+", text)
    if not words or text.rstrip().endswith(("!", "?", ":")):
        return False
    capitalised = 0
    for word in words:
        core = word.strip("()'\"’.")
        if not core:
            continue
        if core[0].isupper():
            capitalised += 1
        elif core.casefold() not in _CONNECTORS:
            return False
    return capitalised > 0


_REPORTING_CREDIT = re.compile(
    r"^\(?(?:(?:additional )?reporting|editing|writing|compiled|edited|reported|research) by\b[^\n]{2,400}$"
    r"|^[^\n]{2,120}\b(?:contributed|contributes) to this (?:report|story|article)\.?\)?$", re.IGNORECASE)


def _may_credit(text: str) -> bool:
    """A cheap test that rules out most lines before ``_REPORTING_CREDIT`` runs (whose second branch is
    tried at every word of the line's first 120 characters): a match holds " by" or "contr", in any case.

    Exact: no character but "B"/"Y"/"C"/... lowers to these letters, the way the pattern ignores case (the
    pattern's "i" and "s", which "ı" and "ſ" match too, are not among them).

    >>> _may_credit("(Reporting by Jane Doe)"), _may_credit("Ann Roe CONTRIBUTED to this."), _may_credit("Text.")
    (True, True, False)
    """
    lowered = text.lower()
    return " by" in lowered or "contr" in lowered


def find_reporting_credits(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield wire-copy credit lines, which close Reuters and AP stories: "(Reporting by X; Editing by Y)".

    >>> draft = Draft.of("Text.\\n\\n(Reporting by Jane Doe; Editing by Max Roe)")
    >>> [r.text for r in find_reporting_credits(draft, Config())]
    ['(Reporting by Jane Doe; Editing by Max Roe)']
    """
    if not config.enabled("bylines.reporting-credit"):
        return
    for fragment in draft.remaining():
        if (fragment.whole_line and _may_credit(fragment.text) and _REPORTING_CREDIT.match(fragment.text)
                and word_count(fragment.text) <= 60):
            yield claim(fragment, "byline", "bylines.reporting-credit",
                        "a line that credits the reporters and editors of a wire story")


#: The note on the author sits among this many lines closing the text, and is no longer than this.
_BIO_TAIL = 3
_MAX_BIO_WORDS = 90
# "Jane Doe", "Jeff Foust (jeff@thespacereview.com)", "Dr. Anna von Berg": two to four capitalised words
_BIO_NAME = r"(?-i:(?:Dr\. |Prof\. )?[A-Z][\w'’-]+(?: (?:[A-Z][\w'’.-]*|von|van|de|der|da|di|del|la|le)){1,3})"


def _author_bio(languages: tuple[str, ...]) -> re.Pattern[str]:
    return phrase_regex(rf"^{_BIO_NAME}(?: \([^()]{{1,80}}\))?,? (?:{{bio-openers}}) (?:[^.!?]{{0,120}}? )?"
                        r"(?:{author-professions})(?:s|nen)?\b", languages)


def find_author_bios(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield the note on the author closing an article: "Jane Doe is a freelance writer based in Leeds."

    >>> draft = Draft.of("The story ends.\\n\\nJane Doe is a freelance writer based in Leeds.")
    >>> [r.text for r in find_author_bios(draft, Config())]
    ['Jane Doe is a freelance writer based in Leeds.']
    """
    if not config.enabled("bylines.author-bio"):
        return
    fragments = draft.remaining()
    pattern = _author_bio(config.languages)
    for fragment in fragments[max(1, len(fragments) - _BIO_TAIL):]:
        if (fragment.whole_line and pattern.match(fragment.text) is not None
                and not has_words(fragment.text, _MAX_BIO_WORDS + 1)):
            yield claim(fragment, "byline", "bylines.author-bio",
                        "a note on the author among the lines closing the text")


def find_bylines(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield a byline among the top fragments: a label and names, or a label alone on its line.

    >>> [r.value for r in find_bylines(Draft.of("Title\\n\\nBy Jane Doe\\n\\nThe text."), Config())]
    ['Jane Doe']
    >>> [(r.text, r.value) for r in find_bylines(Draft.of("Title\\n\\nBy\\n\\nThe text."), Config())]
    [('By', None)]
    >>> [(r.kind, r.value) for r in find_bylines(Draft.of("Title\\n\\nby: Ziyi Xu, Dec 17, 2025\\n\\nText."), Config())]
    [('byline', 'Ziyi Xu'), ('date-header', '2025-12-17')]
    """
    if not config.enabled("bylines.label"):
        return
    pattern, lone = _byline(config.languages), _lone_label(config.languages)
    for fragment in draft.remaining()[:_TOP_FRAGMENTS]:
        if fragment.whole_line and lone.match(fragment.text):
            yield claim(fragment, "byline", "bylines.label", "a byline label alone on its line, its names lost")
            return
        match = pattern.match(fragment.text)
        if not match or word_count(fragment.text) > _MAX_BYLINE_WORDS or fragment.text.endswith("."):
            continue
        if _looks_like_names(match.group("names")):
            yield claim(fragment, "byline", "bylines.label",
                        f"a short line of names after the byline label {match.group('label')!r}",
                        value=match.group("names").strip())
            return
        dated = _dated_byline(draft.text, fragment.start + match.start("names"), fragment.end, config)
        if dated is not None:
            names_end, header = dated
            yield claim_span(draft.text, fragment.start, header.start, "byline", "bylines.label",
                             f"a short line of names after the byline label {match.group('label')!r}, then a date",
                             value=draft.text[fragment.start + match.start("names") : names_end].strip())
            yield replace(header, rule="bylines.label", reason="the date after the names of a byline")
            return


#: What stands between a byline's names and the date after them: "Jane Doe, Dec 17, 2025", "Jane Doe · 10
#: October 2021", "Jane Doe | 2025-12-17".
_NAMES_DATE_SEPARATOR = re.compile(r" *[,·•|–—-] *| +")


def _dated_byline(text: str, start: int, end: int, config: Config) -> tuple[int, Removal] | None:
    """Where the names of ``text[start:end]`` end and the date header that follows them closes the line,
    when the line is names, a separator and a date ("Ziyi Xu, Dec 17, 2025"); else None."""
    # from the right: the longest names ("Ziyi Xu", not "Ziyi" and a weekday-shaped "Xu, Dec 17, 2025")
    for separator in reversed(list(_NAMES_DATE_SEPARATOR.finditer(text, start, end))):
        if not _looks_like_names(text[start : separator.start()]):
            continue
        header = header_at_start(text, separator.end(), end, config)
        if header is not None and header.value and not text[header.end : end].strip(" |·•,–—-"):
            return separator.start(), header
    return None
