"""The explanation for a terminal (rich): each removed span struck through in its kind's colour, then a
summary table; ``[-...-]{rule}`` markers where the terminal shows no colour."""

from __future__ import annotations

from typing import IO

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from cleaner.article import Article
from cleaner.explain.spans import _percent, _safe, kind_colour, removed_chars, segments, summarize


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
