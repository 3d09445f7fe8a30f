"""One document's HTML report: no external assets, the original with every removal highlighted by kind,
a legend, the metadata, and a CSS-only toggle between the original and the clean text."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

from cleaner.article import Article
from cleaner.explain.spans import _percent, _safe, kind_colour, removed_chars, segments, summarize
from cleaner.explain.terminal import metadata_items
from cleaner.files import write_atomic
from cleaner.render import layout

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


#: How the report writes each role of ``render.layout``.
_LAYOUT_HTML = {"title": "<h1>{}</h1>", "standfirst": '<p class="standfirst">{}</p>',
                "heading": '<h2 class="paragraph">{}</h2>', "paragraph": '<p class="paragraph">{}</p>'}


def _clean_html(article: Article) -> str:
    parts: list[str] = []
    for role, text in layout(article):
        escaped = _e(text)
        if role in ("heading", "paragraph"):
            escaped = escaped.replace("\n", "<br>\n")
        parts.append(_LAYOUT_HTML[role].format(escaped))
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
