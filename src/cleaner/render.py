"""Article -> text | json | jsonl | markdown: one place, shared by the CLI and the library."""

from __future__ import annotations

import json
from collections.abc import Callable

from cleaner.article import Article

FORMATS: tuple[str, ...] = ("text", "json", "jsonl", "markdown")


def to_text(article: Article) -> str:
    """The body: paragraphs separated by one blank line."""
    return article.text + "\n" if article.text else ""


def to_json(article: Article, source: str | None = None) -> str:
    """``Article.to_dict()`` as one indented JSON object (UTF-8 characters kept as they are)."""
    data = article.to_dict()
    if source is not None:
        data = {"source": source, **data}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_jsonl(article: Article, source: str | None = None) -> str:
    """One compact JSON object on one line, with its ``source`` first."""
    return json.dumps({"source": source, **article.to_dict()}, ensure_ascii=False) + "\n"


def layout(article: Article) -> list[tuple[str, str]]:
    """The article as a reader sees it, in order: ``(role, text)`` with role ``title``, ``standfirst``,
    ``heading`` (a body paragraph that is a subheading) or ``paragraph``. Markdown and the HTML report
    both lay it out from this.

    >>> from cleaner import clean
    >>> layout(clean("A headline here\\n\\nFirst para.\\n\\nA subheading\\n\\nThe second para."))[:3]
    [('title', 'A headline here'), ('paragraph', 'First para.'), ('heading', 'A subheading')]
    """
    blocks: list[tuple[str, str]] = []
    if article.title:
        blocks.append(("title", article.title))
    if article.standfirst:
        blocks.append(("standfirst", article.standfirst))
    headings = set(article.headings)
    blocks.extend(("heading" if paragraph in headings else "paragraph", paragraph) for paragraph in article.paragraphs)
    return blocks


def to_markdown(article: Article) -> str:
    """``# title``, the standfirst in italics, then the body with subheadings as ``##``.

    >>> from cleaner import clean
    >>> print(to_markdown(clean("A headline here\\n\\nFirst para.\\n\\nA subheading\\n\\nThe second para.")), end="")
    # A headline here
    <BLANKLINE>
    First para.
    <BLANKLINE>
    ## A subheading
    <BLANKLINE>
    The second para.
    """
    marks = {"title": "# {}", "standfirst": "*{}*", "heading": "## {}", "paragraph": "{}"}
    blocks = [marks[role].format(text) for role, text in layout(article)]
    return "\n\n".join(blocks) + "\n" if blocks else ""


def render(article: Article, fmt: str, source: str | None = None) -> str:
    """Render an article in one of ``FORMATS``."""
    renderers: dict[str, Callable[[], str]] = {
        "text": lambda: to_text(article),
        "json": lambda: to_json(article, source),
        "jsonl": lambda: to_jsonl(article, source),
        "markdown": lambda: to_markdown(article),
    }
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return renderers[fmt]()
