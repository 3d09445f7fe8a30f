"""What the terminal and the HTML views share: a colour per kind, an article cut into kept and removed
segments, and removals summed up by kind."""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from cleaner.article import Article, Removal

#: A colour per kind of removal (the kinds of ``cleaner rules``), used by both the terminal and HTML.
#: Hues are spread so that neighbouring kinds on a page (caption and photo credit, title and standfirst)
#: differ; a kind not listed gets a stable colour from :data:`_SPARE_COLOURS`.
KIND_COLOURS: dict[str, str] = {
    "title": "#1f77b4",
    "standfirst": "#0e9aa7",
    "date-header": "#9467bd",
    "dateline": "#8c564b",
    "byline": "#d6459b",
    "header": "#6b6ecf",
    "photo-credit": "#ff7f0e",
    "caption": "#a6a800",
    "related-block": "#2ca02c",
    "related-link": "#3f8f5f",
    "navigation": "#d62728",
    "duplicate-teaser": "#7f7f7f",
    "duplicate": "#5f5f9f",
    "boilerplate": "#8a8a8a",  # on a page, what the block model rejects in no box of note: the most, and grey
    "comments": "#17becf",
}
_SPARE_COLOURS: tuple[str, ...] = ("#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#1b9e77", "#7570b3")

#: The batch page lists at most this many errors (the batch's error log has them all).
MAX_ERROR_ROWS = 1000

# Lone surrogates cannot be written as UTF-8; normalisation already replaces them, but an Article can
# also be built by hand or with from_dict().
_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_SLUG = re.compile(r"[^A-Za-z0-9._-]+")


def kind_colour(kind: str) -> str:
    """The colour of a kind as ``#rrggbb``: fixed for known kinds, stable (not random) for others.

    >>> kind_colour("photo-credit"), kind_colour("some-new-kind") == kind_colour("some-new-kind")
    ('#ff7f0e', True)
    """
    if kind in KIND_COLOURS:
        return KIND_COLOURS[kind]
    return _SPARE_COLOURS[zlib.crc32(kind.encode("utf-8", "replace")) % len(_SPARE_COLOURS)]


def _safe(text: str) -> str:
    return _SURROGATE.sub("\ufffd", text)


class Segment(NamedTuple):
    """A stretch of ``Article.normalized``: kept (``removal`` is None) or taken out by ``removal``."""

    start: int
    end: int
    text: str
    removal: Removal | None


def segments(article: Article) -> list[Segment]:
    """Cut ``article.normalized`` into kept stretches and removals, in order; together they are the text.

    Removals never overlap (the pipeline refuses overlapping claims), so each one is one segment, and an
    empty removal still gets its segment so that nothing in the audit trail goes unshown.

    >>> from cleaner import clean
    >>> [(s.text, s.removal and s.removal.kind) for s in segments(clean("Body text here.\\nShutterstock"))]
    [('Body text here.\\n', None), ('Shutterstock', 'photo-credit')]
    """
    text = article.normalized
    pieces: list[Segment] = []
    cursor = 0
    for removal in sorted(article.removed, key=lambda r: (r.start, r.end)):
        start, end = max(removal.start, cursor), max(removal.end, cursor)
        if start > cursor:
            pieces.append(Segment(cursor, start, text[cursor:start], None))
        pieces.append(Segment(start, end, text[start:end], removal))
        cursor = end
    if cursor < len(text):
        pieces.append(Segment(cursor, len(text), text[cursor:], None))
    return pieces


@dataclass(frozen=True, slots=True)
class KindSummary:
    """How much one kind of removal took out: spans, characters and the rules that did it."""

    kind: str
    count: int
    chars: int
    rules: tuple[str, ...]


def summarize(removals: Iterable[Removal]) -> list[KindSummary]:
    """Removals grouped by kind, the kind that took out most characters first.

    >>> from cleaner import clean
    >>> [(s.kind, s.count) for s in summarize(clean("Body text here.\\nShutterstock\\nGetty Images").removed)]
    [('photo-credit', 2)]
    """
    counts: Counter[str] = Counter()
    chars: Counter[str] = Counter()
    rules: dict[str, dict[str, None]] = {}
    for removal in removals:
        counts[removal.kind] += 1
        chars[removal.kind] += removal.end - removal.start
        rules.setdefault(removal.kind, {})[removal.rule] = None
    ordered = sorted(counts, key=lambda kind: (-chars[kind], -counts[kind], kind))
    return [KindSummary(kind, counts[kind], chars[kind], tuple(rules[kind])) for kind in ordered]


def removed_chars(article: Article) -> int:
    """Characters of ``normalized`` that the removals cover (title and standfirst included)."""
    return sum(removal.end - removal.start for removal in article.removed)


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "–"
