"""Date headers: a date at the top of the text, with or without a label, cut and moved to ``date``.

Seen in seeds 000 and 002 as " date 2023-09-09 " glued to the first sentence (or to a "Left Menu"
crumb) on the same line. Other outlets write "Published: 12 March 2023", "May 28, 2021",
"Veröffentlicht am 12. März 2023", "Publié le 12 mars 2023", "Updated 3 hours ago" or an ISO timestamp.
Only the top of the text is searched: a date inside the story ("On 12 March 2023 the court ...") is
body text and stays. A glued sentence keeps its place in the text; only the header is cut.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from cleaner.article import Removal
from cleaner.blocks import Draft, claim_span
from cleaner.config import Config
from cleaner.passes._text import prefix_alternation
from cleaner.vocab import entries

#: How many remaining fragments from the top may hold a date header (title, byline, crumbs come first).
_TOP_FRAGMENTS = 6

_ISO = (r"(?P<iso>(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})"
        r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?)")
_NUMERIC = r"(?P<num>(?P<nd>\d{1,2})[./](?P<nm>\d{1,2})[./](?P<ny>\d{4}))"
# Time zones by name and in capitals (the rest of the pattern ignores case): "[A-Z]{2,4}" took the first
# word of a sentence glued after the time ("10:30 The council ...") for one.
_ZONES = ("GMT|UTC|BST|IST|WET|WEST|CET|CEST|MEZ|MESZ|EET|EEST|MSK|EST|EDT|CST|CDT|MST|MDT|PST|PDT|AKST|AKDT|HST|"
          "AEST|AEDT|ACST|AWST|NZST|NZDT|JST|KST|HKT|SGT|ICT|WIB|PHT|BRT|ART|CLT|COT|PET|SAST|WAT|CAT|EAT|GST|PKT|"
          "TRT|AST|ADT|NST|NDT|HNE|HAE|HNP|HAP")
_TIME = (
    r"(?:,? *(?:(?:at|um|à|a las|alle|às|om|-|–|\|) *)?\d{1,2}[:.h]\d{2}(?::\d{2})?"
    rf"(?: *[ap]\.? *m\.?)?(?: *(?:Uhr|h))?(?: *\(?(?-i:{_ZONES}|UTC[+-]\d{{1,2}})\)?(?!\w))?)?"
)

#: A time before the date, as some papers write it ("Published 11:34 PM EST Nov 19, 2019"): with its
#: half of the day or its zone, so that a number before a date is not taken for one.
_TIME_FIRST = rf"(?:\d{{1,2}}:\d{{2}} *(?:[ap]\.? *m\.?(?: *(?-i:{_ZONES}))?|(?-i:{_ZONES})),? +)?"

#: How many units of time ago: a number or an article ("a day ago", "vor einem Tag", "il y a un jour").
_COUNT = r"\d{1,3}|an?|one|eine[mr]?|un[ea]?"


@dataclass(frozen=True, slots=True)
class _Patterns:
    labelled: re.Pattern[str]
    bare: re.Pattern[str]
    #: A line that is only a date with its time, or a relative time ("2 days ago at 07:52 am")
    stamp: re.Pattern[str]
    months: dict[str, int]
    units: dict[str, int]


def _pairs(name: str, languages: tuple[str, ...]) -> dict[str, int]:
    table: dict[str, int] = {}
    for entry in entries(name, languages):
        word, _, number = entry.rpartition(" ")
        table.setdefault(word.casefold(), int(number))
    return table


@lru_cache(maxsize=32)
def _patterns(languages: tuple[str, ...]) -> _Patterns:
    months = _pairs("months", languages)
    units = _pairs("relative-time", languages)
    month = f"(?:{prefix_alternation(months)})"
    unit = f"(?:{prefix_alternation(units)})"
    ago = f"(?:{prefix_alternation(entries('relative-ago', languages))})"
    day = r"\d{1,2}(?:st|nd|rd|th|er|º|°)?\.?"
    # "Tuesday, 12 March 2023", "sexta-feira, 22 de outubro": the comma keeps "On 12 March" out
    weekday = r"(?:[^\W\d_]{2,12}(?:-[^\W\d_]{2,8})?\.?, +)?"
    written = (
        rf"(?P<dmy>(?P<d1>{day}) *(?:de +)?(?P<m1>{month})\.?,? *(?:de +)?(?P<y1>\d{{4}}))"
        rf"|(?P<mdy>(?P<m2>{month})\.? +(?P<d2>{day}),? +(?P<y2>\d{{4}}))"
    )
    relative = rf"(?P<rel>(?:{ago} +)?(?P<count>{_COUNT}) +(?P<unit>{unit})(?: +{ago})?)"
    date = rf"(?:{_TIME_FIRST}{weekday}(?:{_ISO}|{written}|{_NUMERIC}){_TIME}|{relative})"
    labels = prefix_alternation(entries("date-labels", languages))
    labelled = re.compile(rf"^(?P<label>{labels})(?: *[:：|-] *| +)(?:(?:on|am|le|el|il|em|op) +)?{date}(?![\w/])",
                          re.IGNORECASE)
    bare = re.compile(rf"^{date}(?![\w/])", re.IGNORECASE)
    # a comment's relative time says how long ago, on either side ("2 days ago", "vor 2 Tagen"): "2 days" is none
    span = rf"(?:{_COUNT}) +{unit}"
    dated = rf"{_TIME_FIRST}{weekday}(?:{_ISO}|{written}|{_NUMERIC})"
    stamp = re.compile(rf"^(?:{dated}|{ago} +{span}|{span} +{ago}){_TIME}$", re.IGNORECASE)
    return _Patterns(labelled, bare, stamp, months, units)


def _iso_date(match: re.Match[str], patterns: _Patterns, config: Config) -> str | None:
    """The ISO date a header match names, or None when it names no valid (or resolvable) date."""
    groups = match.groupdict()
    try:
        if groups.get("iso"):
            day = dt.date(int(groups["iy"]), int(groups["im"]), int(groups["id"]))
        elif groups.get("dmy"):
            day = dt.date(int(groups["y1"]), patterns.months[groups["m1"].casefold().rstrip(".")],
                          int(re.sub(r"\D", "", groups["d1"])))
        elif groups.get("mdy"):
            day = dt.date(int(groups["y2"]), patterns.months[groups["m2"].casefold().rstrip(".")],
                          int(re.sub(r"\D", "", groups["d2"])))
        elif groups.get("num"):
            first, second = int(groups["nd"]), int(groups["nm"])
            # Day first, as most of the languages we read write it; 05/28/2021 can only be month first.
            day_of_month, month_number = (second, first) if second > 12 else (first, second)
            day = dt.date(int(groups["ny"]), month_number, day_of_month)
        elif groups.get("rel"):
            if config.reference_date is None:
                return None
            count = int(groups["count"]) if groups["count"].isdigit() else 1
            seconds = count * patterns.units[groups["unit"].casefold()]
            return (config.reference_date - dt.timedelta(seconds=seconds)).isoformat()
        else:
            return None
    except (ValueError, KeyError):
        return None
    return day.isoformat()


#: Longer than any date header: the header and what follows it are read from a window this long, not
#: from the rest of the line, so that thousands of headers glued on one line cost linear time.
_MAX_HEADER_CHARS = 400


def _window(text: str, start: int, end: int, wanted_chars: int) -> str:
    """``text[start:end]``, or its first ``wanted_chars`` characters when that is shorter."""
    return text[start : min(end, start + wanted_chars)]


def _header_match(text: str, start: int, end: int, patterns: _Patterns, first: bool) -> re.Match[str] | None:
    """A labelled header anywhere near the top; an unlabelled date only alone on its line or first.

    Offsets in the match are relative to ``start``.
    """
    window = _window(text, start, end, _MAX_HEADER_CHARS)
    match = patterns.labelled.match(window) or patterns.bare.match(window)
    if match is not None and match.end() == len(window) and start + len(window) < end:
        window = text[start:end]  # a match as long as the window: read the whole line to be sure
        match = patterns.labelled.match(window) or patterns.bare.match(window)
    if match is None:
        return None
    if match.re is patterns.bare and not first and _window(text, start + match.end(), end, 2).strip():
        return None
    if match.group("rel") is not None and start + match.end() < end and not first:
        return None
    return match


def _header_at(text: str, start: int, end: int, patterns: _Patterns, config: Config, first: bool) -> Removal | None:
    """The date header that opens ``text[start:end]`` (one fragment, or what follows a header in it)."""
    match = _header_match(text, start, end, patterns, first)
    if match is None:
        return None
    header_end = start + match.end()
    if header_end < end and text[header_end] not in " ,.|-–—:":
        return None
    # A separator right after the date belongs to the header ("Published: 12 March 2023 |").
    rest = _window(text, header_end, end, _MAX_HEADER_CHARS)
    if header_end + len(rest) < end and not rest.strip(" |·•,–—-"):
        rest = text[header_end:end]  # a window of separators only: read the whole line to be sure
    trailing = re.match(r" *[|·•,–—-] *(?=\S)|[ |·•,–—-]*$", rest)
    if trailing and trailing.group().strip():
        header_end += len(trailing.group().rstrip())
    iso = _iso_date(match, patterns, config)
    label = match.groupdict().get("label")
    if iso is None and label is None and match.group("rel") is None:
        return None
    return claim_span(text, start, header_end, "date-header", "headers.date",
                      f"a date header at the top ({'labelled ' + repr(label) if label else 'bare date'})",
                      value=iso)


def header_at_start(text: str, start: int, end: int, config: Config) -> Removal | None:
    """The date header that opens ``text[start:end]``, read as the top of a text would be ("Dec 17, 2025",
    "Published: 12 March 2023"), with its ISO date as its value when it names one; None without one."""
    return _header_at(text, start, end, _patterns(config.languages), config, first=True)


def is_timestamp(text: str, config: Config) -> bool:
    """True for a line that is only a point in time: a date with or without its time, or a relative time.

    Comment systems print one under each commenter's name.

    >>> [is_timestamp(line, Config()) for line in ("August 8, 2018 at 3:17 pm", "2 days ago at 07:52 am",
    ...                                            "19.11.2019, 06:34", "Published 2 days ago", "2 days")]
    [True, True, True, False, False]
    """
    return len(text) <= _MAX_HEADER_CHARS and _patterns(config.languages).stamp.match(text) is not None


def without_date_header(text: str, config: Config) -> str:
    """``text`` without the date header that may open it, read as the top of the body would be.

    For passes that compare a line with others before the header is cut: a teaser copies the lede that
    a date is glued to further down, which only becomes the top (and loses its date) once the teaser goes.

    >>> without_date_header("1 January 2000 The council met.", Config())
    'The council met.'
    >>> without_date_header("The council met on 1 January 2000.", Config())
    'The council met on 1 January 2000.'
    """
    if not config.enabled("headers.date"):
        return text
    header = _header_at(text, 0, len(text), _patterns(config.languages), config, first=True)
    return text[header.end :].lstrip(" ") if header is not None else text


def find_date_headers(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield the first date header among the top fragments, and the headers right after it.

    "Published 12 March 2023 Updated 13 March 2023" (or the two on consecutive lines) is one header
    block: leaving the second in the body would put a date header at its top, which cleaning the body
    again would remove. Text glued after the headers stays in place.

    >>> [(r.text, r.value) for r in find_date_headers(Draft.of(" date 2023-09-09 The incident..."), Config())]
    [('date 2023-09-09', '2023-09-09')]
    >>> [r.value for r in find_date_headers(Draft.of("Published 2023-03-12 Updated: 2023-03-13\\n\\nText."), Config())]
    ['2023-03-12', '2023-03-13']
    """
    if not config.enabled("headers.date"):
        return
    patterns = _patterns(config.languages)
    fragments = draft.remaining()
    for position, fragment in enumerate(fragments[:_TOP_FRAGMENTS]):
        header = _header_at(draft.text, fragment.start, fragment.end, patterns, config, first=position == 0)
        if header is None:
            continue
        while header is not None:
            yield header
            start = header.end
            while start < fragment.end and draft.text[start] == " ":
                start += 1
            if start >= fragment.end:
                position += 1
                if position >= len(fragments):
                    return
                fragment = fragments[position]
                start = fragment.start
            # What follows is the top of the body once the header is gone: read it as the first fragment.
            header = _header_at(draft.text, start, fragment.end, patterns, config, first=True)
        return
