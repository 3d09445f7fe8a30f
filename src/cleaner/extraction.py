"""What the extraction left out of a page: the audit trail's first step, for ``cleaner explain``.

``clean_html`` cleans the main content that trafilatura (and jusText, where it finds little) renders from
a page; that text is ``Article.normalized``, and the removals point into it. The rest of the page (its
menus, sidebars, footers, comment sections) never reaches the passes, so an explanation of the article
alone shows a page of navigation as "nothing removed". :func:`with_page` gives the explanation the whole
page: every line of the page's text that is not in the extracted text becomes a removal of kind
``extraction`` in its place, with the rule that says what dropped it (``extraction.dropped-element``:
an element no extractor reads, such as ``<nav>``; ``extraction.not-main-content``: the extractor left it
out). Article.text and the paragraphs do not change; this runs only when an explanation asks for it, so
``clean_html`` pays nothing for it.

A page line counts as extracted when its words are those of an extracted line, or stand inside one (an
inline element the page renders on a line of its own): text is never shown twice.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass

import lxml.html

from cleaner.article import Article, Removal
from cleaner.html import NEVER_CONTENT, decode_html, line_key, parse_html

#: Rules of the extraction step, shown by ``cleaner explain`` and listed by ``cleaner rules``; they cannot
#: be switched off (the extraction is what ``clean_html`` cleans).
DROPPED_ELEMENT = "extraction.dropped-element"
NOT_MAIN_CONTENT = "extraction.not-main-content"
KIND = "extraction"

#: Elements whose text no one sees: left out of the page's lines altogether (the head's is in the metadata).
_INVISIBLE = frozenset({"head", "script", "style", "noscript", "template"})
#: Elements that start and end a line of the page's text, as a browser lays them out.
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "option", "p", "pre", "section",
    "select", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class PageLine:
    """One line of a page's visible text, in page order, and the element dropped before extraction that
    holds it (``nav``, ``select`` ...), if any."""

    text: str
    dropped_in: str | None = None


def page_lines(html: str | bytes) -> list[PageLine]:
    """The page's visible text, one line per block, in page order.

    >>> [(line.text, line.dropped_in) for line in page_lines(
    ...     "<html><head><title>T</title></head><body><nav><a>Home</a> <a>News</a></nav>"
    ...     "<p>The <b>council</b> met.</p><script>x()</script><footer>© Site</footer></body></html>")]
    [('Home News', 'nav'), ('The council met.', None), ('© Site', None)]
    """
    root = parse_html(decode_html(html) if isinstance(html, (bytes, bytearray)) else html)
    if root is None:
        return []
    lines: list[PageLine] = []
    pieces: list[str] = []
    holder: list[str | None] = [None]  # the dropped element of the line being built

    def flush() -> None:
        text = _SPACES.sub(" ", "".join(pieces)).strip()
        if text:
            lines.append(PageLine(text, holder[0]))
        pieces.clear()
        holder[0] = None

    def add(text: str | None, dropped_in: str | None) -> None:
        if text:
            if not pieces or not "".join(pieces).strip():
                holder[0] = dropped_in
            pieces.append(text)

    def walk(element: lxml.html.HtmlElement, dropped_in: str | None) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _INVISIBLE:
            return
        dropped_in = dropped_in or (tag if tag in NEVER_CONTENT else None)
        block = tag in _BLOCKS
        if block:
            flush()
        add(element.text, dropped_in)
        for child in element:
            walk(child, dropped_in)
            add(child.tail, dropped_in)
        if block:
            flush()

    walk(root, None)
    flush()
    return lines


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(match.end() for match in re.finditer("\n", text))
    return starts


def with_page(article: Article, html: str | bytes) -> Article:
    """``article`` (from ``clean_html(html)``) with the page's text that the extraction left out, as
    removals of kind ``extraction`` placed where the page has them; for explanations only.

    ``normalized`` becomes the page's text: the extracted lines, with the lines left out inserted before
    the extracted line that follows them on the page. Every removal of the article is moved with its line;
    ``paragraphs`` (and so ``text``) and the metadata do not change.
    """
    extracted = article.normalized.split("\n")
    keys = [line_key(line) for line in extracted]
    first_line_of: dict[str, int] = {}
    for index, key in enumerate(keys):
        if key:
            first_line_of.setdefault(key, index)
    everything = "\n".join(keys)
    # page order -> before which extracted line each left-out line goes (len(extracted): at the end)
    inserted: dict[int, list[PageLine]] = {}
    pending: list[PageLine] = []
    for line in page_lines(html):
        key = line_key(line.text)
        if not key:
            continue
        if key in first_line_of:
            inserted.setdefault(first_line_of[key], []).extend(pending)
            pending = []
        elif key not in everything:  # not even inside an extracted line: left out
            pending.append(line)
    if pending:
        inserted.setdefault(len(extracted), []).extend(pending)
    if not inserted:
        return article
    starts = _line_starts(article.normalized)
    inserted = _outside_removals(article, starts, inserted)
    parts: list[str] = []
    new_start = [0] * len(extracted)  # where each extracted line starts in the page's text
    added: list[Removal] = []
    position = 0
    for index in range(len(extracted) + 1):
        for line in inserted.get(index, ()):
            added.append(Removal(position, position + len(line.text), line.text, KIND, *_why(line)))
            parts.append(line.text)
            position += len(line.text) + 1
        if index < len(extracted):
            new_start[index] = position
            parts.append(extracted[index])
            position += len(extracted[index]) + 1

    def moved(offset: int, *, end: bool = False) -> int:
        if end and offset > 0:  # an end belongs to the line of its last character
            return moved(offset - 1) + 1
        line = bisect.bisect_right(starts, offset) - 1
        return offset - starts[line] + new_start[line]

    kept = [dataclasses.replace(removal, start=moved(removal.start),
                                end=moved(removal.end, end=removal.end > removal.start))
            for removal in article.removed]
    return dataclasses.replace(article, normalized="\n".join(parts),
                               removed=tuple(sorted((*kept, *added), key=lambda r: (r.start, r.end))))


def _why(line: PageLine) -> tuple[str, str]:
    """The rule and the reason of a line the extraction left out."""
    if line.dropped_in:
        return DROPPED_ELEMENT, (f"the page has it in a <{line.dropped_in}>, which is dropped before extraction "
                                 "(no extractor reads its text)")
    return NOT_MAIN_CONTENT, ("the extractor (trafilatura; jusText where it found little) left it out of the "
                              "page's main content")


def _outside_removals(article: Article, starts: list[int],
                      inserted: dict[int, list[PageLine]]) -> dict[int, list[PageLine]]:
    """Move each insertion that would fall inside a removal spanning several lines to that removal's first
    line: a span of the audit trail stays one piece of text."""
    spans = [(bisect.bisect_right(starts, r.start) - 1, bisect.bisect_right(starts, max(r.end - 1, r.start)) - 1)
             for r in article.removed]
    moved: dict[int, list[PageLine]] = {}
    for index in sorted(inserted):
        target = index
        for first, last in spans:
            if first < target <= last:
                target = first
        moved.setdefault(target, []).extend(inserted[index])
    return moved


def extraction_rules() -> Iterator[tuple[str, str, str]]:
    """(rule, kind, description) of the extraction's rules, for ``cleaner rules``."""
    yield DROPPED_ELEMENT, KIND, "explain only: page text in an element dropped before extraction (<nav>, <select>)"
    yield NOT_MAIN_CONTENT, KIND, "explain only: page text the extractor left out of the main content"


__all__ = ["DROPPED_ELEMENT", "KIND", "NOT_MAIN_CONTENT", "PageLine", "extraction_rules", "page_lines", "with_page"]
