"""The passes in order, and the Article built from what they leave.

The order lives here and only here, in ``PLAN``, like ftfy's list of fixers: each ``Step`` names a pass,
the condition it runs under and the inputs it applies to, and both ``clean`` (``TEXT_PLAN``) and
``clean_html`` (``HTML_PLAN``) run their part of it with ``run_passes``. Passes that find page furniture by
its words run first; passes that read structure (the title, the standfirst, the dateline of the lede) run
on what those leave, so that "Left Menu" glued to a date header does not hide the headline under it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass

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
#: Whether one removal a step found stands, given the draft the step read, the config and the plan running.
Check = Callable[[Removal, Draft, Config, "Plan"], bool]

#: The inputs a step can apply to: text given to ``clean``, and the lines of a page in ``clean_html``.
INPUTS: frozenset[str] = frozenset({"text", "html"})


@dataclass(frozen=True, slots=True)
class Step:
    """One pass in the plan: what runs, and when.

    ``unless`` skips the pass when the draft already holds a removal of that kind (a second date header
    is body text). ``keep`` decides whether each removal the pass yields stands. ``inputs`` says which
    inputs the step applies to (``Plan.for_input``).
    """

    find: Pass
    unless: str | None = None
    keep: Check | None = None
    inputs: frozenset[str] = INPUTS

    @property
    def name(self) -> str:
        """``<pass module>.<function>``, as ``Plan.without`` takes it: ``"headers.find_date_headers"``."""
        return f"{self.find.__module__.rsplit('.', 1)[-1]}.{self.find.__name__}"

    def run(self, draft: Draft, config: Config, plan: Plan) -> Iterable[Removal]:
        """The removals of this step on ``draft``: none when ``unless`` holds, those ``keep`` accepts."""
        if self.unless is not None and any(removal.kind == self.unless for removal in draft.removals):
            return ()
        found = self.find(draft, config)
        if self.keep is None:
            return found
        keep = self.keep
        return (removal for removal in found if keep(removal, draft, config, plan))


@dataclass(frozen=True, slots=True)
class Plan:
    """The passes in order: ``main`` once, then ``top`` round after round until the top of the text settles."""

    main: tuple[Step, ...]
    top: tuple[Step, ...]

    @property
    def steps(self) -> tuple[Step, ...]:
        return (*self.main, *self.top)

    def for_input(self, kind: str) -> Plan:
        """The steps that apply to ``kind`` (``"text"`` or ``"html"``)."""
        if kind not in INPUTS:
            raise ValueError(f"unknown input {kind!r}; choose one of {', '.join(sorted(INPUTS))}")
        return Plan(tuple(step for step in self.main if kind in step.inputs),
                    tuple(step for step in self.top if kind in step.inputs))

    def with_check(self, name: str, keep: Check) -> Plan:
        """The plan with ``keep`` deciding which removals of the steps of this pass (``Step.name``) stand.

        ``clean_html`` sets one per page: its check reads the page's markup.
        """
        if name not in {step.name for step in self.steps}:
            raise ValueError(f"no step named {name} in the plan")

        def checked(step: Step) -> Step:
            return dataclasses.replace(step, keep=keep) if step.name == name else step

        return Plan(tuple(map(checked, self.main)), tuple(map(checked, self.top)))

    def without(self, *names: str) -> Plan:
        """The plan without the steps of these passes (``Step.name``), wherever they run.

        >>> "structure.find_title" in {step.name for step in PLAN.without("structure.find_title").steps}
        False
        """
        unknown = sorted(set(names) - {step.name for step in self.steps})
        if unknown:
            raise ValueError(f"no step named {', '.join(unknown)} in the plan")
        return Plan(tuple(step for step in self.main if step.name not in names),
                    tuple(step for step in self.top if step.name not in names))


def lede_reads_clean(removal: Removal, draft: Draft, config: Config, plan: Plan) -> bool:
    """True when what follows a dateline on its line reads as a lede by every step of the plan.

    "AA: LOADING." matches the shape of a dateline, but what follows it is a widget: cutting the label
    would leave page furniture at the top of the body, which cleaning it again would remove.
    """
    line = draft.line_at(removal.start)
    rest = draft.text[removal.end : line.end if line else removal.end].strip(" ")
    return bool(rest) and not run_passes(Draft.from_normalized(rest, draft.language), config, plan).removals


_TEXT_ONLY = frozenset({"text"})

#: The order of the passes, for text and for HTML, in one place. Passes that find page furniture by its
#: words run first; passes that read structure run on what those leave. ``unless`` keeps a pass that runs
#: twice from finding a second date header or byline; ``inputs`` keeps the text-only passes off pages.
PLAN = Plan(
    main=(
        Step(headers.find_date_headers, unless="date-header"),  # on a page, html.date may have found it
        Step(corpus.find_recurring_lines),  # a site's own furniture, learned from its other pages
        Step(navigation.find_tag_lists),  # before the widgets, which take a lone "Tags" label
        Step(navigation.find_archive_lists),
        Step(navigation.find_widgets),
        Step(navigation.find_calls_to_action),
        Step(navigation.find_cookie_notices),
        Step(navigation.find_site_notices),
        Step(navigation.find_contact_lines),
        Step(comments.find_comment_threads),
        Step(press.find_company_profiles),
        Step(bylines.find_bylines, unless="byline"),
        Step(credits.find_photo_credits),
        Step(captions.find_captions),
        Step(related.find_related_blocks),
        Step(related.find_related_links),
        Step(related.find_tagged_links),
        Step(related.find_labelled_lists),
        Step(bylines.find_reporting_credits),
        Step(bylines.find_author_bios),
        Step(related.find_trailing_lists),
        Step(navigation.find_edge_crumbs),
        Step(duplicates.find_repeated_paragraphs),
        # a date glued to the headline, on top once the crumbs above it are gone
        Step(headers.find_date_headers, unless="date-header"),
        Step(structure.find_title),
        Step(headers.find_date_headers, unless="date-header"),  # a date line under it ("Title / Published: ...")
        Step(bylines.find_bylines, unless="byline"),
        # on a page, the lede under the headline is article text: the markup names a summary box
        Step(structure.find_standfirst, inputs=_TEXT_ONLY),
        Step(datelines.find_datelines, keep=lede_reads_clean),  # the dateline of the lede
        # statistical, last: it judges what the rules left; on a page the block model has judged every line
        Step(content.find_boilerplate_blocks, inputs=_TEXT_ONLY),
        # a site's menu rendered as a nested list, on what the classifier left: on a shop's page it keeps
        # the menu with the items. Not before it: the lines the rules take move what it reads of the page
        Step(navigation.find_menu_trees, inputs=_TEXT_ONLY),
        # after it, on what it leaves: a list of excerpts is what a blog page holds besides its post, and
        # the classifier reads it as prose
        Step(related.find_excerpts),
        # the passes that look for what closes the text, again: on a whole page the classifier took the footer
        Step(press.find_company_profiles),
        Step(bylines.find_author_bios),
        # the label of a list whose items every pass above took one by one
        Step(related.find_orphan_headers),
        # a line rendered twice in a row, by the text path only: a page's markup tells an image's alternative
        # text from its link, and the 2025-26 set's bodies keep a product's name twice (wcxb clean_html -0.0001)
        Step(duplicates.find_stutters, inputs=_TEXT_ONLY),
    ),
    # The passes that read the top of what is left. Once everything else is gone the top has moved (a
    # teaser went after the headline was read; a dateline was cut off a date header), so they
    # run again until they find nothing: the body must be what cleaning it again leaves alone.
    top=(
        Step(headers.find_date_headers),
        Step(navigation.find_top_widget),
        Step(bylines.find_bylines),
        Step(structure.find_title),
        Step(structure.find_standfirst, inputs=_TEXT_ONLY),
        Step(datelines.find_datelines, keep=lede_reads_clean),
        Step(duplicates.find_repeated_paragraphs),
    ),
)
#: What ``clean`` runs on text, and what ``clean_html`` runs on the lines of a page that the markup left.
TEXT_PLAN = PLAN.for_input("text")
HTML_PLAN = PLAN.for_input("html")
#: Each round of ``top`` claims something at the top or ends the loop; real pages settle in one or two.
_MAX_TOP_ROUNDS = 8


def run_passes(draft: Draft, config: Config, plan: Plan = TEXT_PLAN) -> Draft:
    """Apply the plan: each step sees what the earlier ones left. Then settle the top.

    ``plan`` says what runs; ``config`` what each pass may do (``Config.disabled_rules`` is the user's).
    """
    for step in plan.main:
        draft = draft.with_removals(step.run(draft, config, plan))
    for _round in range(_MAX_TOP_ROUNDS):
        settled = draft
        for step in plan.top:
            draft = draft.with_removals(step.run(draft, config, plan))
        if draft is settled:
            break
    return draft


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


def read_back(draft: Draft, config: Config, plan: Plan = TEXT_PLAN, paragraphs: list[str] | None = None) -> Draft:
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
    alone = run_passes(Draft.from_normalized(paragraphs[0], draft.language), config, plan)
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
    draft = run_passes(Draft.from_normalized(normalized.text, language), config, TEXT_PLAN)
    # the body's paragraphs, joined once: read back leaves the draft as it is but for a one-paragraph body
    paragraphs = paragraphs_of(draft.remaining(), draft.text)
    read = read_back(draft, config, TEXT_PLAN, paragraphs)
    return build_article(read, config, normalized.steps, paragraphs if read is draft else None)
