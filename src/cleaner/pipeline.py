"""The passes in order, and the Article built from what they leave.

The order lives here and only here, like ftfy's list of fixers. Passes that find page furniture by its
words run first; passes that read structure (the title, the standfirst, the dateline of the lede) run on
what those leave, so that "Left Menu" glued to a date header does not hide the headline under it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from cleaner.article import Article, Related, Removal
from cleaner.blocks import Draft, Fragment
from cleaner.config import Config
from cleaner.errors import InputError
from cleaner.language import detect_language
from cleaner.normalize import normalize
from cleaner.passes import (
    bylines,
    captions,
    content,
    corpus,
    credits,
    datelines,
    duplicates,
    headers,
    navigation,
    related,
    structure,
)

Pass = Callable[[Draft, Config], Iterable[Removal]]

PASSES: tuple[Pass, ...] = (
    headers.find_date_headers,
    corpus.find_recurring_lines,  # a site's own furniture, learned from its other pages
    navigation.find_widgets,
    navigation.find_calls_to_action,
    bylines.find_bylines,
    credits.find_photo_credits,
    captions.find_captions,
    related.find_related_blocks,
    related.find_related_links,
    related.find_tagged_links,
    bylines.find_reporting_credits,
    related.find_trailing_lists,
    navigation.find_edge_crumbs,
    duplicates.find_repeated_paragraphs,
    structure.find_title,
    headers.find_date_headers,  # a date line under the headline ("Title / Published: ...")
    bylines.find_bylines,
    structure.find_standfirst,
    datelines.find_datelines,
    content.find_boilerplate_blocks,  # statistical, last: it judges what the rules left
)


def run_passes(draft: Draft, config: Config) -> Draft:
    """Apply every pass in order; each sees what the earlier ones left."""
    for find in PASSES:
        if find in (headers.find_date_headers, bylines.find_bylines) and _already(draft, find):
            continue
        draft = draft.with_removals(find(draft, config))
    return draft


def _already(draft: Draft, find: Pass) -> bool:
    kind = "date-header" if find is headers.find_date_headers else "byline"
    return any(removal.kind == kind for removal in draft.removals)


def paragraphs_of(fragments: Iterable[Fragment], text: str) -> list[str]:
    """Join fragments into body paragraphs: consecutive whole lines of one input paragraph stay together."""
    paragraphs: list[str] = []
    run: list[Fragment] = []
    for fragment in fragments:
        if run:
            last = run[-1]
            joined = (last.line.group == fragment.line.group and last.line.index + 1 == fragment.line.index
                      and last.end == last.line.end and fragment.start == fragment.line.start)
            if not joined:
                paragraphs.append(text[run[0].start : last.end])
                run = []
        run.append(fragment)
    if run:
        paragraphs.append(text[run[0].start : run[-1].end])
    return paragraphs


def _unique(values: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value for value in values if value))


def _related(removals: Iterable[Removal]) -> tuple[Related, ...]:
    items: list[Related] = []
    for removal in removals:
        role = dict(removal.meta).get("role")
        if role == "headline" and removal.value:
            items.append(Related(removal.value))
        elif role == "summary" and items and items[-1].summary is None:
            items[-1] = Related(items[-1].headline, removal.value)
    return tuple(items)


def build_article(draft: Draft, config: Config, normalization: tuple[str, ...] = ()) -> Article:
    """The Article for a draft whose passes have all run."""
    paragraphs = paragraphs_of(draft.remaining(), draft.text)
    removals = draft.removals

    def first(kind: str) -> Removal | None:
        return next((removal for removal in removals if removal.kind == kind), None)

    dateline = first("dateline")
    return Article(
        paragraphs=tuple(paragraphs),
        normalized=draft.text,
        title=(first("title") or _NONE).value,
        standfirst=(first("standfirst") or _NONE).value,
        date=next((r.value for r in removals if r.kind == "date-header" and r.value), None),
        dateline=dateline.value if dateline else None,
        agency=dict(dateline.meta).get("agency") if dateline else None,
        headings=tuple(structure.find_headings(paragraphs, config)),
        photo_credits=_unique(r.value for r in removals if r.kind == "photo-credit"),
        captions=_unique(r.value for r in removals if r.kind == "caption"),
        related=_related(r for r in removals if r.kind in ("related-block", "related-link")),
        language=draft.language,
        removed=removals,
        normalization=normalization,
    )


_NONE = Removal(0, 0, "", "", "", "")


def check_limits(normalized: str, config: Config) -> None:
    """Raise ``InputError`` when normalised text has more paragraphs, or a longer line, than ``config`` allows.

    The passes are linear in both (``tests/test_regex_safety.py`` holds every pattern to it), but a
    million one-word lines still take minutes: a limit turns that into an error that says so at once.

    >>> check_limits("a\\n\\nb", Config(max_paragraphs=1))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    cleaner.errors.InputError: 2 paragraphs (non-empty lines), over Config.max_paragraphs=1: split ...
    """
    lines = normalized.split("\n")
    paragraphs = len(lines) - lines.count("")
    if paragraphs > config.max_paragraphs:
        raise InputError(f"{paragraphs:,} paragraphs (non-empty lines), over Config.max_paragraphs="
                         f"{config.max_paragraphs:,}: split the document or raise the limit")
    longest = max(lines, key=len)
    if len(longest) > config.max_line_chars:
        number = lines.index(longest) + 1
        raise InputError(f"line {number:,} has {len(longest):,} characters, over Config.max_line_chars="
                         f"{config.max_line_chars:,}: a page flattened onto one line, or not text; "
                         "split it or raise the limit")


def clean(text: str, *, config: Config | None = None) -> Article:
    """Clean one article's text: body paragraphs, metadata, and every removed span with its rule.

    >>> article = clean(" date 2023-09-09 A summary.\\n\\nSADARAK: The ministry said so.")
    >>> article.date, article.standfirst, article.dateline, article.text
    ('2023-09-09', 'A summary.', 'SADARAK', 'The ministry said so.')
    """
    if not isinstance(text, str):
        hint = ("decode them first (UTF-8 is the usual answer), or give the file to the CLI, which detects "
                "the encoding" if isinstance(text, (bytes, bytearray)) else "pass the article text as a str")
        raise InputError(f"expected str, got {type(text).__name__}: {hint}")
    config = config or Config()
    if len(text) > config.max_input_chars:
        raise InputError(
            f"input has {len(text):,} characters, over Config.max_input_chars={config.max_input_chars:,}: "
            "split the document or raise the limit"
        )
    normalized = normalize(text, config)
    check_limits(normalized.text, config)
    language = config.language or detect_language(normalized.text.split("\n"))
    draft = run_passes(Draft.from_normalized(normalized.text, language), config)
    return build_article(draft, config, normalized.steps)
