"""See what was cut: an article's removals in the terminal and as a self-contained HTML report.

A cleaner that cannot be inspected is not trusted, so this module shows ``Article.removed`` against
``Article.normalized``, the text every removal's offsets point into:

* :func:`explain_text` and :func:`print_explanation`: the document for a terminal (rich), each removed
  span struck through in its kind's colour and followed by its rule, then a summary table (kind, count,
  characters). Where the terminal shows no colour, spans are marked ``[-...-]{rule}`` as wdiff does, so
  the output still says what went when piped into a file.
* :func:`html_report`: one HTML page with no external assets (inline CSS, no script, no web font): the
  original with every removal highlighted by kind (its rule as a label, its reason on hover), a legend,
  the metadata panel, and a toggle between "original" and "clean" made of two radio buttons and CSS, so
  it works wherever the file is opened, JavaScript or not.
* :class:`BatchSummary` and :func:`write_batch_report`: one page summarising a run of many documents
  (documents, errors, removals by kind and by rule, the documents with the most removed), linking to
  per-document pages written next to it for those documents. It keeps counters and only the articles it
  will link to, so a batch of millions of documents reports in constant memory.

Nothing here cleans: the functions read an ``Article`` and render it.
"""

from __future__ import annotations

import heapq
import html
import os
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, NamedTuple

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from cleaner.article import Article, Removal
from cleaner.files import write_atomic

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


# ----------------------------------------------------------------------------------------------- terminal


def explain_text(article: Article, *, markers: bool = False) -> Text:
    """The document as rich ``Text``: removals struck through in their kind's colour, each with its rule.

    ``markers`` also wraps each removal in ``[-`` ``-]`` for output that will lose its styles (a file, a
    terminal without colour); the rule label follows in braces either way.

    >>> from cleaner import clean
    >>> explain_text(clean("Body text here.\\nShutterstock"), markers=True).plain
    'Body text here.\\n[-Shutterstock-] {credits.bare-agency}'
    """
    out = Text()
    for segment in segments(article):
        if segment.removal is None:
            out.append(_safe(segment.text))
            continue
        colour = kind_colour(segment.removal.kind)
        if markers:
            out.append("[-", style=colour)
        out.append(_safe(segment.text), style=f"strike {colour}")
        if markers:
            out.append("-]", style=colour)
        out.append(f" {{{segment.removal.rule}}}", style=f"bold {colour}")
    return out


def metadata_items(article: Article) -> list[tuple[str, list[str]]]:
    """The metadata an article carries, as (label, values) pairs in reading order; empty fields left out.

    Bylines have no field of their own in ``Article``: their names are read from the byline removals.
    """
    related = [item.headline + (f" — {item.summary}" if item.summary else "") for item in article.related]
    bylines = list(dict.fromkeys(r.value or r.text for r in article.removed if r.kind == "byline"))
    items: list[tuple[str, list[str]]] = [
        ("title", [article.title] if article.title else []),
        ("standfirst", [article.standfirst] if article.standfirst else []),
        ("date", [article.date] if article.date else []),
        ("dateline", [article.dateline] if article.dateline else []),
        ("agency", [article.agency] if article.agency else []),
        ("bylines", bylines),
        ("photo credits", list(article.photo_credits)),
        ("captions", list(article.captions)),
        ("related", related),
        ("headings", list(article.headings)),
        ("language", [article.language] if article.language else []),
    ]
    items.extend((name.replace("_", " "), [value]) for name, value in article.extra if value)
    return [(label, [_safe(value) for value in values]) for label, values in items if values]


def summary_table(article: Article) -> Table:
    """Kind, count, characters and share of the document, with a total row."""
    table = Table(title="Removed", title_justify="left", show_footer=True)
    total_chars = removed_chars(article)
    table.add_column("kind", footer="total")
    table.add_column("count", justify="right", footer=str(len(article.removed)))
    table.add_column("characters", justify="right", footer=f"{total_chars:,}")
    table.add_column("share", justify="right", footer=_percent(total_chars, len(article.normalized)))
    table.add_column("rules")
    for summary in summarize(article.removed):
        table.add_row(Text(summary.kind, style=f"bold {kind_colour(summary.kind)}"), str(summary.count),
                      f"{summary.chars:,}", _percent(summary.chars, len(article.normalized)),
                      ", ".join(summary.rules))
    return table


def explanation(article: Article, *, markers: bool = False) -> Group:
    """Everything ``cleaner explain`` prints: the marked-up document, the metadata, the summary table."""
    metadata = Table.grid(padding=(0, 2))
    metadata.add_column(style="bold")
    metadata.add_column()
    for label, values in metadata_items(article):
        metadata.add_row(label, "\n".join(values))
    parts: list[Text | Table] = [explain_text(article, markers=markers), Text()]
    if metadata.row_count:
        parts += [Text("Metadata", style="bold italic"), metadata, Text()]
    parts.append(summary_table(article))
    return Group(*parts)


def print_explanation(article: Article, *, file: IO[str] | None = None, color: str = "auto",
                      width: int | None = None) -> None:
    """Print :func:`explanation` to ``file`` (stdout by default).

    ``color``: "always", "never" or "auto" (colour on a terminal, and not when ``NO_COLOR`` is set, as
    rich decides). Without colour the removals are also marked ``[-...-]``.
    """
    if color not in ("auto", "always", "never"):
        raise ValueError(f"color must be auto, always or never, got {color!r}")
    console = Console(file=file, width=width, highlight=False, emoji=False, markup=False,
                      force_terminal=True if color == "always" else None,
                      no_color=True if color == "never" else None,
                      color_system=None if color == "never" else "auto")
    markers = console.no_color or console.color_system is None
    console.print(explanation(article, markers=markers), soft_wrap=False)


# -------------------------------------------------------------------------------------------------- HTML

_CSS = """
:root { color-scheme: light; --ink: #1d232a; --muted: #5c6670; --line: #d9dee3; --paper: #ffffff;
  --page: #f4f6f8; --accent: #1f5fae; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--ink);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
header.top { background: var(--paper); border-bottom: 1px solid var(--line); padding: 14px 24px; }
header.top h1 { margin: 0; font-size: 18px; }
header.top .source { margin: 2px 0 0; color: var(--muted); font-family: ui-monospace, monospace;
  font-size: 13px; overflow-wrap: anywhere; }
header.top .stats { margin: 6px 0 0; }
header.top a { color: var(--accent); }
.view-switch { position: absolute; opacity: 0; width: 1px; height: 1px; pointer-events: none; }
.toggle { display: inline-flex; margin: 14px 24px 0; border: 1px solid var(--line); border-radius: 6px;
  overflow: hidden; background: var(--paper); }
.toggle label { padding: 5px 16px; cursor: pointer; user-select: none; }
.toggle label + label { border-left: 1px solid var(--line); }
#view-original:checked ~ .toggle label[for="view-original"],
#view-clean:checked ~ .toggle label[for="view-clean"] { background: var(--accent); color: #fff; }
#view-original:focus-visible ~ .toggle label[for="view-original"],
#view-clean:focus-visible ~ .toggle label[for="view-clean"] { outline: 2px solid var(--accent); outline-offset: 2px; }
#view-original:checked ~ .layout #clean, #view-clean:checked ~ .layout #original { display: none; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) 380px; gap: 18px; padding: 14px 24px 32px;
  align-items: start; }
@media (max-width: 900px) { .layout { grid-template-columns: minmax(0, 1fr); } }
.panel { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; }
.panel h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted);
  margin: 0 0 10px; }
.doc { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
del.removal { text-decoration: line-through; text-decoration-color: var(--c); text-decoration-thickness: 1.5px;
  background: color-mix(in srgb, var(--c) 18%, transparent); box-shadow: inset 0 -2px 0 var(--c);
  color: #3b4248; border-radius: 2px; }
del.removal::after { content: attr(data-rule); display: inline-block; margin: 0 2px 0 6px; padding: 0 5px;
  font: 600 11px/1.5 ui-monospace, monospace; color: #fff; background: var(--c); border-radius: 3px;
  vertical-align: 1px; text-decoration: none; white-space: nowrap; }
del.removal:hover { background: color-mix(in srgb, var(--c) 32%, transparent); }
.clean article h1 { font-size: 24px; line-height: 1.25; margin: 0 0 10px; }
.clean article h2 { font-size: 18px; margin: 22px 0 6px; }
.clean .standfirst { font-style: italic; color: #39424a; }
.clean .empty { color: var(--muted); font-style: italic; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tfoot td { font-weight: 600; border-bottom: none; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; margin-right: 6px;
  vertical-align: -1px; background: var(--c); }
.rules { font: 12px ui-monospace, monospace; color: var(--muted); overflow-wrap: anywhere; }
.legend table { font-size: 14px; }
.legend th, .legend td { padding: 3px 4px; }
dl.metadata { margin: 0; }
dl.metadata dt { font-weight: 600; font-size: 13px; margin-top: 8px; }
dl.metadata dd { margin: 2px 0 0; overflow-wrap: anywhere; }
dl.metadata ul { margin: 0; padding-left: 18px; }
.aside > .panel + .panel { margin-top: 18px; }
.bar { height: 8px; border-radius: 4px; background: var(--c); min-width: 1px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; padding: 14px 24px 0; }
.card { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; }
.card b { display: block; font-size: 20px; }
.card span { color: var(--muted); font-size: 13px; }
.batch { padding: 14px 24px 32px; display: grid; gap: 18px; }
.batch td.source { font-family: ui-monospace, monospace; font-size: 13px; overflow-wrap: anywhere; }
.batch a { color: var(--accent); }
"""


def _e(text: str) -> str:
    return html.escape(_safe(text), quote=True)


def _kind_class(kind: str) -> str:
    return "k-" + (re.sub(r"[^a-z0-9-]+", "-", kind.lower()) or "x")


def _kind_css(kinds: Iterable[str]) -> str:
    return "".join(f".{_kind_class(kind)} {{ --c: {kind_colour(kind)}; }}\n" for kind in sorted(set(kinds)))


def _page(title: str, body: str, kinds: Iterable[str], language: str | None = None) -> str:
    lang = f' lang="{_e(language)}"' if language else ""
    return (f'<!DOCTYPE html>\n<html{lang}>\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="generator" content="cleaner">\n'
            f"<title>{_e(title)}</title>\n<style>{_CSS}{_kind_css(kinds)}</style>\n</head>\n<body>\n{body}</body>\n"
            "</html>\n")


def _original_html(article: Article) -> str:
    parts: list[str] = []
    for segment in segments(article):
        removal = segment.removal
        if removal is None:
            parts.append(_e(segment.text))
            continue
        tip = f"{removal.kind} · {removal.rule}: {removal.reason}"
        if removal.value and removal.value != removal.text:
            tip += f" (kept as {removal.value!r})"
        parts.append(f'<del class="removal {_kind_class(removal.kind)}" data-kind="{_e(removal.kind)}" '
                     f'data-rule="{_e(removal.rule)}" data-start="{removal.start}" data-end="{removal.end}" '
                     f'title="{_e(tip)}">{_e(segment.text)}</del>')
    return "".join(parts)


def _clean_html(article: Article) -> str:
    parts: list[str] = []
    if article.title:
        parts.append(f"<h1>{_e(article.title)}</h1>")
    if article.standfirst:
        parts.append(f'<p class="standfirst">{_e(article.standfirst)}</p>')
    headings = set(article.headings)
    for paragraph in article.paragraphs:
        tag = "h2" if paragraph in headings else "p"
        text = _e(paragraph).replace("\n", "<br>\n")
        parts.append(f'<{tag} class="paragraph">{text}</{tag}>')
    if not article.paragraphs:
        parts.append('<p class="empty">Nothing is left in the body: every line was removed.</p>')
    return "\n".join(parts)


def _legend_html(article: Article) -> str:
    rows = []
    total = len(article.normalized)
    for summary in summarize(article.removed):
        rows.append(f'<tr class="{_kind_class(summary.kind)}" data-kind="{_e(summary.kind)}">'
                    f'<td><span class="swatch"></span>{_e(summary.kind)}'
                    f'<div class="rules">{_e(", ".join(summary.rules))}</div></td>'
                    f'<td class="num">{summary.count}</td><td class="num">{summary.chars:,}</td>'
                    f'<td class="num">{_percent(summary.chars, total)}</td></tr>')
    if not rows:
        return '<section class="panel legend"><h2>Removed, by kind</h2><p>Nothing was removed.</p></section>'
    chars = removed_chars(article)
    return ('<section class="panel legend"><h2>Removed, by kind</h2><table>'
            '<thead><tr><th>kind</th><th class="num">spans</th><th class="num">chars</th>'
            '<th class="num">share</th></tr></thead><tbody>' + "".join(rows) + "</tbody>"
            f'<tfoot><tr><td>total</td><td class="num">{len(article.removed)}</td>'
            f'<td class="num">{chars:,}</td><td class="num">{_percent(chars, total)}</td></tr></tfoot>'
            "</table></section>")


def _metadata_html(article: Article) -> str:
    entries = []
    for label, values in metadata_items(article):
        if len(values) == 1:
            value = _e(values[0])
        else:
            value = "<ul>" + "".join(f"<li>{_e(item)}</li>" for item in values) + "</ul>"
        entries.append(f'<dt>{_e(label)}</dt><dd data-field="{_e(label)}">{value}</dd>')
    content = f'<dl class="metadata">{"".join(entries)}</dl>' if entries else "<p>No metadata found.</p>"
    return f'<section class="panel metadata-panel"><h2>Metadata</h2>{content}</section>'


def html_report(article: Article, *, source: str | None = None, back_link: str | None = None) -> str:
    """One self-contained HTML page explaining an article (no script, no external asset).

    Each removal is a ``<del class="removal" data-kind=... data-rule=...>`` in the "original" view, its
    rule shown as a label and its reason as the tooltip; "clean" shows the title, standfirst and body as
    the cleaner returns them. ``back_link`` adds a link to a batch summary.

    >>> from cleaner import clean
    >>> page = html_report(clean("Body text here.\\nShutterstock"), source="a.txt")
    >>> page.count('<del class="removal'), 'data-rule="credits.bare-agency"' in page, "<script" in page
    (1, True, False)
    """
    name = source or "document"
    chars = removed_chars(article)
    stats = (f"{len(article.normalized):,} characters; {len(article.removed)} spans removed, "
             f"{chars:,} characters ({_percent(chars, len(article.normalized))}); "
             f"{len(article.paragraphs)} paragraphs kept")
    back = f' · <a href="{_e(back_link)}">back to the run summary</a>' if back_link else ""
    body = (
        '<header class="top"><h1>cleaner explain</h1>'
        f'<p class="source">{_e(name)}</p><p class="stats">{_e(stats)}{back}</p></header>\n'
        '<input class="view-switch" type="radio" name="view" id="view-original" checked>\n'
        '<input class="view-switch" type="radio" name="view" id="view-clean">\n'
        '<div class="toggle" role="group" aria-label="view">'
        '<label for="view-original">Original</label><label for="view-clean">Clean</label></div>\n'
        '<div class="layout">\n<main>\n'
        f'<section class="panel view original" id="original"><h2>Original, removals highlighted</h2>'
        f'<div class="doc">{_original_html(article)}</div></section>\n'
        f'<section class="panel view clean" id="clean"><h2>Clean</h2><article>{_clean_html(article)}'
        "</article></section>\n</main>\n"
        f'<div class="aside">{_legend_html(article)}{_metadata_html(article)}</div>\n</div>\n'
    )
    return _page(f"cleaner explain — {name}", body, (r.kind for r in article.removed), article.language)


def write_html_report(path: Path, article: Article, *, source: str | None = None) -> None:
    """Write :func:`html_report` to ``path`` atomically."""
    write_atomic(path, html_report(article, source=source))


# ------------------------------------------------------------------------------------------------- batch


@dataclass(frozen=True, slots=True)
class _Ranked:
    """A document that may be linked from the batch page; ordered by characters removed."""

    removed_chars: int
    order: int  # among equals, the earlier document ranks first
    source: str
    article: Article

    def key(self) -> tuple[int, int]:
        return (self.removed_chars, -self.order)


@dataclass(frozen=True, slots=True)
class _KindTotals:
    count: int = 0
    chars: int = 0
    documents: int = 0


@dataclass(slots=True)
class BatchSummary:
    """Totals of a batch run, fed one document (or error) at a time; :meth:`write` renders the page.

    Counters only, plus the ``top`` articles with the most characters removed, which get per-document
    pages: memory does not grow with the number of documents.

    >>> from cleaner import clean
    >>> report = BatchSummary(top=1)
    >>> report.add("a.txt", clean("Body text here.\\nShutterstock"))
    >>> report.add_error("b.pdf", "InputError: this is a PDF file, not text or HTML")
    >>> report.documents, report.error_count, [source for source, _ in report.most_removed()]
    (1, 1, ['a.txt'])
    """

    top: int = 20
    documents: int = 0
    error_count: int = 0
    chars: int = 0
    removed: int = 0
    removed_chars: int = 0
    empty_bodies: int = 0
    kinds: dict[str, _KindTotals] = field(default_factory=dict)
    rules: Counter[str] = field(default_factory=Counter)
    errors: list[tuple[str, str]] = field(default_factory=list)
    _heap: list[tuple[tuple[int, int], _Ranked]] = field(default_factory=list)

    def add(self, source: str, article: Article) -> None:
        """Count one cleaned document."""
        self.documents += 1
        self.chars += len(article.normalized)
        self.removed += len(article.removed)
        chars = removed_chars(article)
        self.removed_chars += chars
        if not article.paragraphs:
            self.empty_bodies += 1
        for summary in summarize(article.removed):
            totals = self.kinds.get(summary.kind, _KindTotals())
            self.kinds[summary.kind] = _KindTotals(totals.count + summary.count, totals.chars + summary.chars,
                                                   totals.documents + 1)
        self.rules.update(removal.rule for removal in article.removed)
        if self.top > 0 and chars > 0:  # a document nothing was taken from is not worth a page
            ranked = _Ranked(chars, self.documents, source, article)
            entry = (ranked.key(), ranked)
            if len(self._heap) < self.top:
                heapq.heappush(self._heap, entry)
            elif entry[0] > self._heap[0][0]:
                heapq.heapreplace(self._heap, entry)

    def add_error(self, source: str, message: str) -> None:
        """Count one document that could not be read or cleaned; the first ``MAX_ERROR_ROWS`` are listed."""
        self.error_count += 1
        if len(self.errors) < MAX_ERROR_ROWS:
            self.errors.append((source, message))

    def most_removed(self) -> list[tuple[str, Article]]:
        """The documents with the most characters removed, most first."""
        ranked = sorted((entry[1] for entry in self._heap), key=_Ranked.key, reverse=True)
        return [(item.source, item.article) for item in ranked]

    def html(self, document_links: Sequence[str | None] = ()) -> str:
        """The summary page; ``document_links[i]`` is the href of the i-th of :meth:`most_removed`."""
        return _batch_page(self, document_links)

    def write(self, path: Path) -> list[Path]:
        """Write the summary page to ``path`` and a page per listed document to ``<stem>_files/``.

        Returns the per-document pages written. Each page is self-contained and links back to the summary.
        """
        path = Path(path)
        folder = path.with_name(f"{path.stem}_files")
        written: list[Path] = []
        links: list[str | None] = []
        back = os.path.relpath(path, folder).replace(os.sep, "/")
        for rank, (source, article) in enumerate(self.most_removed(), 1):
            slug = _NOT_SLUG.sub("-", Path(source).name).strip("-.")[:60] or "document"
            page = folder / f"{rank:03d}-{slug}.html"
            write_atomic(page, html_report(article, source=source, back_link=back))
            written.append(page)
            links.append(f"{folder.name}/{page.name}")
        write_atomic(path, self.html(links))
        return written


def write_batch_report(path: Path, documents: Iterable[tuple[str, Article]],
                       errors: Iterable[tuple[str, str]] = (), *, top: int = 20) -> list[Path]:
    """Write the run summary of ``documents`` ((source, article) pairs) and ``errors`` ((source, message)).

    The page lists documents, errors, removals by kind and by rule, and the ``top`` documents with the
    most characters removed, each linked to its own page under ``<stem>_files/`` (returned).
    """
    report = BatchSummary(top=top)
    for source, article in documents:
        report.add(source, article)
    for source, message in errors:
        report.add_error(source, message)
    return report.write(Path(path))


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def _rows(items: Iterator[str]) -> str:
    return "".join(items)


def _batch_page(report: BatchSummary, links: Sequence[str | None]) -> str:
    cards = [
        (f"{report.documents:,}", "documents cleaned"),
        (f"{report.error_count:,}", "errors"),
        (f"{report.chars:,}", "characters in"),
        (f"{report.removed_chars:,} ({_percent(report.removed_chars, report.chars)})", "characters removed"),
        (f"{report.removed:,}", "spans removed"),
        (f"{report.empty_bodies:,}", "documents left empty"),
    ]
    cards_html = "".join(f'<div class="card"><b>{_e(value)}</b><span>{_e(label)}</span></div>'
                         for value, label in cards)
    kinds = sorted(report.kinds.items(), key=lambda item: (-item[1].chars, -item[1].count, item[0]))
    widest = max((totals.chars for _, totals in kinds), default=0) or 1
    kind_rows = _rows(
        f'<tr class="{_kind_class(kind)}" data-kind="{_e(kind)}"><td><span class="swatch"></span>{_e(kind)}</td>'
        f'<td class="num">{totals.count:,}</td><td class="num">{totals.chars:,}</td>'
        f'<td class="num">{_percent(totals.chars, report.chars)}</td><td class="num">{totals.documents:,}</td>'
        f'<td style="width:30%"><div class="bar" style="width:{100 * totals.chars / widest:.1f}%"></div></td></tr>'
        for kind, totals in kinds)
    kinds_html = ('<table class="kinds"><thead><tr><th>kind</th><th class="num">spans</th>'
                  '<th class="num">characters</th><th class="num">share of input</th>'
                  f'<th class="num">documents</th><th></th></tr></thead><tbody>{kind_rows}</tbody></table>'
                  if kinds else "<p>Nothing was removed.</p>")
    rule_rows = _rows(f'<tr><td class="rules">{_e(rule)}</td><td class="num">{count:,}</td></tr>'
                      for rule, count in sorted(report.rules.items(), key=lambda item: (-item[1], item[0])))
    rules_html = (f'<table class="rule-counts"><thead><tr><th>rule</th><th class="num">spans</th></tr></thead>'
                  f"<tbody>{rule_rows}</tbody></table>" if rule_rows else "<p>No rule fired.</p>")
    doc_rows = []
    for rank, (source, article) in enumerate(report.most_removed(), 1):
        link = links[rank - 1] if rank - 1 < len(links) else None
        chars = removed_chars(article)
        top_kinds = ", ".join(s.kind for s in summarize(article.removed)[:3])
        view = f'<a class="view-link" href="{_e(link)}">view</a>' if link else ""
        doc_rows.append(f'<tr class="document"><td class="num">{rank}</td><td class="source">{_e(source)}</td>'
                        f'<td class="num">{len(article.normalized):,}</td><td class="num">{chars:,}</td>'
                        f'<td class="num">{_percent(chars, len(article.normalized))}</td>'
                        f'<td class="num">{len(article.removed)}</td><td>{_e(top_kinds)}</td><td>{view}</td></tr>')
    docs_html = ('<table class="documents"><thead><tr><th class="num">#</th><th>document</th>'
                 '<th class="num">characters</th><th class="num">removed</th><th class="num">share</th>'
                 '<th class="num">spans</th><th>main kinds</th><th></th></tr></thead>'
                 f"<tbody>{''.join(doc_rows)}</tbody></table>" if doc_rows else "<p>No document was cleaned.</p>")
    error_rows = _rows(f'<tr class="error"><td class="source">{_e(source)}</td><td>{_e(message)}</td></tr>'
                       for source, message in report.errors)
    more = report.error_count - len(report.errors)
    more_html = f"<p>… and {more:,} more (see the batch's error log).</p>" if more > 0 else ""
    errors_html = (f'<table class="errors"><thead><tr><th>document</th><th>error</th></tr></thead>'
                   f"<tbody>{error_rows}</tbody></table>{more_html}" if report.error_count else "<p>No errors.</p>")
    body = (
        '<header class="top"><h1>cleaner batch report</h1>'
        f'<p class="stats">{_count(report.documents, "document")} cleaned, {_count(report.error_count, "error")}'
        "</p></header>\n"
        f'<div class="cards">{cards_html}</div>\n<div class="batch">\n'
        f'<section class="panel"><h2>Removed, by kind</h2>{kinds_html}</section>\n'
        f'<section class="panel"><h2>The documents with the most removed</h2>{docs_html}</section>\n'
        f'<section class="panel"><h2>Errors</h2>{errors_html}</section>\n'
        f'<section class="panel"><h2>Removed, by rule</h2>{rules_html}</section>\n</div>\n'
    )
    return _page("cleaner batch report", body, report.kinds)


__all__ = [
    "KIND_COLOURS",
    "MAX_ERROR_ROWS",
    "BatchSummary",
    "KindSummary",
    "Segment",
    "explain_text",
    "explanation",
    "html_report",
    "kind_colour",
    "metadata_items",
    "print_explanation",
    "removed_chars",
    "segments",
    "summarize",
    "summary_table",
    "write_batch_report",
    "write_html_report",
]
