"""The passes in order, and the Article built from what they leave.

The order lives here and only here, like ftfy's list of fixers. Passes that find page furniture by its
words run first; passes that read structure (the title, the standfirst, the dateline of the lede) run on
what those leave, so that "Left Menu" glued to a date header does not hide the headline under it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator

from cleaner.article import Article, Related, Removal
from cleaner.blocks import Draft, Fragment
from cleaner.config import Config, default_config
from cleaner.documents import looks_like_html
from cleaner.errors import InputError
from cleaner.language import detect_language
from cleaner.normalize import normalize
from cleaner.passes import (
    bylines,
    captions,
    comments,
    content,
    corpus,
    credits,
    datelines,
    duplicates,
    headers,
    navigation,
    press,
    related,
    structure,
)

Pass = Callable[[Draft, Config], Iterable[Removal]]


def find_ledes(draft: Draft, config: Config) -> Iterator[Removal]:
    """The dateline of the lede, when what follows it reads as a lede by every rule.

    "AA: LOADING." matches the shape of a dateline, but what follows it is a widget: cutting the label
    would leave page furniture at the top of the body, which cleaning it again would remove.
    """
    for removal in datelines.find_datelines(draft, config):
        line = draft.line_at(removal.start)
        rest = draft.text[removal.end : line.end if line else removal.end].strip(" ")
        if rest and not run_passes(Draft.from_normalized(rest, draft.language), config).removals:
            yield removal


PASSES: tuple[Pass, ...] = (
    headers.find_date_headers,
    corpus.find_recurring_lines,  # a site's own furniture, learned from its other pages
    navigation.find_tag_lists,  # before the widgets, which take a lone "Tags" label
    navigation.find_widgets,
    navigation.find_calls_to_action,
    navigation.find_cookie_notices,
    navigation.find_site_notices,
    navigation.find_contact_lines,
    comments.find_comment_threads,
    press.find_company_profiles,
    bylines.find_bylines,
    credits.find_photo_credits,
    captions.find_captions,
    related.find_related_blocks,
    related.find_related_links,
    related.find_tagged_links,
    related.find_labelled_lists,
    bylines.find_reporting_credits,
    related.find_trailing_lists,
    navigation.find_edge_crumbs,
    duplicates.find_repeated_paragraphs,
    headers.find_date_headers,  # a date glued to the headline, on top once the crumbs above it are gone
    structure.find_title,
    headers.find_date_headers,  # a date line under the headline ("Title / Published: ...")
    bylines.find_bylines,
    structure.find_standfirst,
    find_ledes,
    content.find_boilerplate_blocks,  # statistical, last: it judges what the rules left
)

#: The passes that read the top of what is left. Once everything else is gone the top has moved (a
#: teaser went after the window counted the headline; a dateline was cut off a date header), so they run
#: again until they find nothing: the body must be what cleaning it again leaves alone (idempotence).
TOP_PASSES: tuple[Pass, ...] = (
    headers.find_date_headers,
    navigation.find_top_widget,
    bylines.find_bylines,
    structure.find_title,
    structure.find_standfirst,
    find_ledes,
    duplicates.find_repeated_paragraphs,
)
#: Each round claims something at the top or ends the loop; real pages settle in one or two.
_MAX_TOP_ROUNDS = 8


def run_passes(draft: Draft, config: Config) -> Draft:
    """Apply every pass in order; each sees what the earlier ones left. Then settle the top."""
    for find in PASSES:
        if find in (headers.find_date_headers, bylines.find_bylines) and _already(draft, find):
            continue
        draft = draft.with_removals(find(draft, config))
    for _round in range(_MAX_TOP_ROUNDS):
        settled = draft
        for find in TOP_PASSES:
            draft = draft.with_removals(find(draft, config))
        if draft is settled:
            break
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


def read_back(draft: Draft, config: Config, paragraphs: list[str] | None = None) -> Draft:
    """The draft with what the passes find when the body is read back as a text of its own.

    A body of one paragraph over several lines has no blank line, so cleaning it again reads each line
    as a paragraph, where the first reading saw lines of one paragraph (not each alone, so none was a
    headline). The passes run on that reading here, their removals mapped back to the input's offsets,
    so that cleaning the output again changes nothing. ``paragraphs``: the draft's, when already joined.
    """
    if paragraphs is None:
        paragraphs = paragraphs_of(draft.remaining(), draft.text)
    if len(paragraphs) != 1 or "\n" not in paragraphs[0]:
        return draft
    offset = draft.remaining()[0].start
    alone = run_passes(Draft.from_normalized(paragraphs[0], draft.language), config)
    return draft.with_removals(dataclasses.replace(removal, start=removal.start + offset, end=removal.end + offset)
                               for removal in alone.removals)


def build_article(draft: Draft, config: Config, normalization: tuple[str, ...] = (),
                  paragraphs: list[str] | None = None) -> Article:
    """The Article for a draft whose passes have all run (``paragraphs``: its own, when already joined)."""
    if paragraphs is None:
        paragraphs = paragraphs_of(draft.remaining(), draft.text)
    if len(paragraphs) == 1:
        # Without a blank line, text reads one paragraph per line (``split_lines``); a body of one
        # paragraph is given that way, as cleaning it again would read it (see ``read_back``).
        paragraphs = paragraphs[0].split("\n")
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


def clean(text: str, *, config: Config | None = None, allow_markup: bool = False) -> Article:
    """Clean one article's text: body paragraphs, metadata, and every removed span with its rule.

    Text that is HTML (``documents.looks_like_html``, the test ``cleaner clean`` uses to send a file to
    ``clean_html``) is refused with an ``InputError``: its tags, scripts and ``<meta>`` would come back
    as body text. ``allow_markup=True`` cleans it as text all the same (a text about markup, say).

    >>> article = clean(" date 2023-09-09 A summary.\\n\\nSADARAK: The ministry said so.")
    >>> article.date, article.standfirst, article.dateline, article.text
    ('2023-09-09', 'A summary.', 'SADARAK', 'The ministry said so.')
    >>> clean("<html><head><meta charset='utf-8'></head><body><p>Hi</p></body></html>")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    cleaner.errors.InputError: this is HTML, not article text: clean a page with cleaner.clean_html(page), ...
    """
    if not isinstance(text, str):
        hint = ("decode them first (UTF-8 is the usual answer), or give the file to the CLI, which detects "
                "the encoding" if isinstance(text, (bytes, bytearray)) else "pass the article text as a str")
        raise InputError(f"expected str, got {type(text).__name__}: {hint}")
    if not allow_markup and looks_like_html(text):
        raise InputError("this is HTML, not article text: clean a page with cleaner.clean_html(page), which "
                         "reads its markup; for text that only looks like markup, clean(text, allow_markup=True)")
    config = config or default_config()
    if len(text) > config.max_input_chars:
        raise InputError(
            f"input has {len(text):,} characters, over Config.max_input_chars={config.max_input_chars:,}: "
            "split the document or raise the limit"
        )
    normalized = normalize(text, config)
    check_limits(normalized.text, config)
    language = config.language or detect_language(normalized.text.split("\n"))
    draft = run_passes(Draft.from_normalized(normalized.text, language), config)
    # the body's paragraphs, joined once: read back leaves the draft as it is but for a one-paragraph body
    paragraphs = paragraphs_of(draft.remaining(), draft.text)
    read = read_back(draft, config, paragraphs)
    return build_article(read, config, normalized.steps, paragraphs if read is draft else None)
