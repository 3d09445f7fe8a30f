"""Related content: "More from ..." blocks with their headlines, and "READ MORE: ..." lines.

Seen in seed 001 as "More from International news" followed by four bulleted headlines, each with a
one-paragraph summary, and in seed 004 as three "READ MORE: <headline>" lines between paragraphs. Each
headline (and its summary) goes to ``related``. A header must be a short line that opens with a phrase
from the word list and be followed by list items; an inline link needs its label and a colon, so that a
paragraph starting "Read more about the plan ..." inside the story stays.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache

from cleaner.article import Removal
from cleaner.blocks import Draft, Fragment, claim, has_words, word_count
from cleaner.config import Config
from cleaner.passes._index import fragments_on, holding_lines
from cleaner.passes._text import is_bullet, may_open, opening_pairs, phrase_regex, strip_bullet
from cleaner.vocab import entries

#: A related headline is a short line; a summary is one paragraph of at most this many words.
_MAX_HEADLINE_WORDS = 30
_MAX_SUMMARY_WORDS = 120
_ROLE_HEADER = (("role", "header"),)
_ROLE_HEADLINE = (("role", "headline"),)
_ROLE_SUMMARY = (("role", "summary"),)
_WORD = re.compile(r"\w+")


def _header(languages: tuple[str, ...]) -> re.Pattern[str]:
    return phrase_regex(r"^(?:{related-headers})(?![\w])", languages)


#: A site's name as a link label gives it: "rt.com", "www.example.co.uk".
_DOMAIN = r"(?:[\w-]+\.)+[^\W\d_]{2,}"


_INLINE = (
    rf"^(?P<open>[(\[])?(?: *[»>►▶→•*]+)? *(?:(?P<label>{{related-labels}}|(?:{{related-site-labels}})"
    rf"(?: +{_DOMAIN})?) *[:：|»>]|(?P<site_label>(?:{{related-site-labels}}) +{_DOMAIN}) ) *(?P<headline>\S.*)$"
)


def _inline(languages: tuple[str, ...]) -> re.Pattern[str]:
    """A label and a colon ("READ MORE: <headline>"), or a label naming the site the link goes to
    ("Also on rt.com <headline>", "Leggi anche su: <headline>"); the line may be in brackets
    ("[Related: <headline>]"), which ``_inline_link`` checks and strips."""
    return phrase_regex(_INLINE, languages)


def _inline_link(pattern: re.Pattern[str], text: str) -> tuple[str, str] | None:
    """(label, headline) of a related link line, or None; a bracketed line must close its bracket.

    >>> _inline_link(_inline(("en",)), "[Related: Floods hit Spain]")
    ('Related', 'Floods hit Spain')
    >>> _inline_link(_inline(("en",)), "Also on rt.com Floods hit Spain")
    ('Also on rt.com', 'Floods hit Spain')
    >>> _inline_link(_inline(("en",)), "(Related: floods) and the rest of the story"), _inline_link(
    ...     _inline(("en",)), "Also on Tuesday the council met")
    (None, None)
    """
    match = pattern.match(text)
    if match is None:
        return None
    headline = match.group("headline").strip()
    if match.group("open"):
        closer = ")" if match.group("open").startswith("(") else "]"
        if not headline.endswith(closer):
            return None
        headline = headline[:-1].rstrip()
        if not headline:
            return None
    return match.group("label") or match.group("site_label"), headline


#: Lines up to this long are remembered by ``_related_link``; a longer one is tested afresh, so that the
#: cache holds at most a few megabytes whatever the input.
_CACHED_LINE_CHARS = 500


#: What ``_inline`` lets stand before the label: an opening bracket, then spaces and arrows or bullets.
_LINK_OPENERS = ("(", "[")
_LINK_LEAD = " »>►▶→•*"


@lru_cache(maxsize=32)
def _label_starts(languages: tuple[str, ...]) -> frozenset[tuple[str, str]] | None:
    """``opening_pairs`` of the labels ``_inline`` opens with; None when a label opens with a character that
    may stand before a label, which would make the test of ``_may_open_link`` wrong."""
    labels = (*entries("related-labels", languages), *entries("related-site-labels", languages))
    pairs = opening_pairs("related-labels", languages), opening_pairs("related-site-labels", languages)
    if pairs[0] is None or pairs[1] is None or any(
            label[0] in _LINK_LEAD or label.startswith(_LINK_OPENERS) for label in labels):
        return None
    return pairs[0] | pairs[1]


def _may_open_link(text: str, starts: frozenset[tuple[str, str]] | None) -> bool:
    """False when ``_inline`` cannot match ``text``: the two characters after its opening bracket, spaces
    and arrows are not two a label starts with (``may_open``). Most lines fail here, and the label
    alternation is not tried.

    >>> starts = _label_starts(("en",))
    >>> _may_open_link("[» READ MORE: x", starts), _may_open_link("The council met.", starts)
    (True, False)
    """
    return may_open((text[1:] if text.startswith(_LINK_OPENERS) else text).lstrip(_LINK_LEAD), starts)


def _related_link(languages: tuple[str, ...], text: str) -> tuple[str, str] | None:
    """``_inline_link`` with the languages' pattern, once per line: the widget pass asks it of every line,
    the related passes ask it again, and the passes at the top run again after each round."""
    if not _may_open_link(text, _label_starts(languages)):
        return None
    if len(text) > _CACHED_LINE_CHARS:
        return _inline_link(_inline(languages), text)
    return _cached_related_link(languages, text)


@lru_cache(maxsize=4096)
def _cached_related_link(languages: tuple[str, ...], text: str) -> tuple[str, str] | None:
    return _inline_link(_inline(languages), text)


def _is_header(fragment: Fragment, config: Config) -> bool:
    if not fragment.whole_line:
        return False
    text = fragment.text.rstrip(":：.… ")
    # The order of these tests changes no answer: the cheapest, which most lines fail, go first.
    if not may_open(text, opening_pairs("related-headers", config.languages)):
        return False  # no header opens with its first two characters: the pattern would not match
    if ":" in text or "：" in text:
        return False  # "READ MORE: <headline>" is an inline link, not a header
    if _header(config.languages).match(text) is None:
        return False
    if _related_link(config.languages, fragment.text):  # nor is "Read more | <headline>"
        return False
    return (0 < word_count(text) <= config.max_related_header_words
            and (fragment.text.endswith(("...", "…")) or not fragment.text.endswith((".", "!", "?"))))


def is_related_content(fragments: tuple[Fragment, ...], index: int, config: Config) -> bool:
    """True when ``fragments[index]`` opens related content: a header over a bulleted list, or a
    "READ MORE: <headline>" link. Some labels are widgets too ("Leia mais", "Don't miss"): the widget
    pass leaves these to the passes here, which keep their headlines.

    >>> from cleaner.blocks import Draft
    >>> fragments = Draft.of("Text.\\n\\nLeia mais\\n\\n• Chuva forte em Lisboa").remaining()
    >>> is_related_content(fragments, 1, Config()), is_related_content(fragments, 0, Config())
    (True, False)
    """
    fragment = fragments[index]
    if _related_link(config.languages, fragment.text):
        return True
    # the cheap test of the next line first: most lines are followed by no list item
    return (index + 1 < len(fragments) and is_bullet(fragments[index + 1].text) and _is_header(fragment, config))


def _is_headline(fragment: Fragment) -> bool:
    return fragment.whole_line and 0 < word_count(fragment.text) <= _MAX_HEADLINE_WORDS


def _block_items(fragments: tuple[Fragment, ...], start: int,
                 inline: re.Pattern[str]) -> list[tuple[Fragment, tuple[tuple[str, str], ...]]]:
    """The list items after a header: bulleted headlines each with at most one summary paragraph, or,
    without bullets, a run of unpunctuated headline lines. A "Read more: <headline>" line is a link of
    its own (the inline-link pass takes it), never the summary of the item above it."""
    items: list[tuple[Fragment, tuple[tuple[str, str], ...]]] = []
    bulleted = False
    awaiting_summary = False
    for fragment in fragments[start:]:
        if is_bullet(fragment.text) and _is_headline(fragment):
            bulleted = True
            awaiting_summary = True
            items.append((fragment, _ROLE_HEADLINE))
        elif (bulleted and awaiting_summary and fragment.whole_line and word_count(fragment.text) <= _MAX_SUMMARY_WORDS
              and not _inline_link(inline, fragment.text)):
            awaiting_summary = False
            items.append((fragment, _ROLE_SUMMARY))
        elif not bulleted and _is_headline(fragment) and not fragment.text.rstrip("'\"’”»)").endswith((".", ";", ":")):
            items.append((fragment, _ROLE_HEADLINE))
        else:
            break
    return items


#: A list item that is a field of a specification ("OS: Windows 10", "Memory: 16 GB RAM"): a label of one or
#: two words and a colon, then a value in words (a price alone, "USD: $240.97", is a product's, listed). The
#: bounded repeats keep a search linear in the text's length (``tests/test_regex_safety.py``).
_FIELD_ITEM = re.compile(r"[^\W\d_][\w&/().'’-]{0,40}(?: [\w&/().'’-]{1,40})?[:：] +[^\n]{0,40}?[^\W\d_]{2}")
#: A list item that names an entry and says what it is ("Gentoolkit — a suite of tools to ..."): a
#: glossary or a documentation's "See also" list, not headlines.
_GLOSS_ITEM = re.compile(r"\S[^\n—]{0,120}? — +(?:\w+ ){2,}")


def _is_definition_list(items: list[tuple[Fragment, tuple[tuple[str, str], ...]]]) -> bool:
    """True when most headlines under a header are fields ("OS: Windows 10") or glossary entries ("Portage
    tips — the main command-line interface to Portage"): a product's specification or a documentation's
    list of pages, which the header ("Recommended:", "See also") opens as it would a list of stories."""
    headlines = [strip_bullet(fragment.text) for fragment, role in items if role is _ROLE_HEADLINE]
    defined = sum(1 for text in headlines if _FIELD_ITEM.match(text) or _GLOSS_ITEM.match(text))
    return len(headlines) >= 3 and 2 * defined > len(headlines)


def find_related_blocks(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield a related-stories header and the headlines and summaries listed under it.

    >>> text = "Body.\\n\\nMore from World\\n\\n• Floods hit Spain\\n\\nRain fell for days.\\n\\n• Fire in Rome"
    >>> [r.value or r.text for r in find_related_blocks(Draft.of(text), Config())]
    ['More from World', 'Floods hit Spain', 'Rain fell for days.', 'Fire in Rome']
    """
    if not config.enabled("related.block"):
        return
    fragments = draft.remaining()
    inline = _inline(config.languages)
    # A header is a whole phrase of the list: only the fragments of the lines the phrase index points to
    # may be one; the items listed under a header are not read again.
    resume = 0
    for index in fragments_on(draft, holding_lines(draft, "related-headers", config.languages)):
        if index < resume:
            continue
        header = fragments[index]
        if not _is_header(header, config):
            continue
        items = _block_items(fragments, index + 1, inline)
        at_end = index + 1 + len(items) == len(fragments)
        if (not items and not at_end) or _is_definition_list(items):
            continue
        yield claim(header, "related-block", "related.block",
                    f"a related-stories header followed by {len(items)} list item(s)", meta=_ROLE_HEADER)
        for fragment, role in items:
            link = _inline_link(inline, fragment.text)  # "» Read more: <headline>" as an item
            value = link[1] if link else strip_bullet(fragment.text)
            yield claim(fragment, "related-block", "related.block",
                        f"a {role[0][1]} listed under the related-stories header {header.text!r}",
                        value=value, meta=role)
        resume = index + 1 + len(items)


#: A list of headlines with no header: at least this many bullets closing the text.
_MIN_TRAILING_ITEMS = 3


def _tagged_link(languages: tuple[str, ...]) -> re.Pattern[str]:
    """A teaser link an outlet tags in brackets: a story kind in capitals ("Plague fears grow [INSIGHT]"),
    or a media kind from the word list in any case ("[Video]", "[Fotos]")."""
    return phrase_regex(r"^(?P<headline>\S.{8,200}?) *\[(?:[A-Z][A-Z ]{2,15}|(?i:{media-tags}))\] *\|?$", languages,
                        flags=0)


def find_trailing_lists(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield a run of bulleted headlines that closes the text without a header (a related list).

    An article may end with a list of its own; a list of headlines is told apart by its items, most of
    which do not end like sentences, and by the paragraph of prose it follows.

    >>> text = "The story ends.\\n- Floods hit Spain\\n- Fire in Rome\\n- Storm nears Lisbon"
    >>> [r.value for r in find_trailing_lists(Draft.of(text), Config())]
    ['Floods hit Spain', 'Fire in Rome', 'Storm nears Lisbon']
    """
    if not config.enabled("related.trailing-list"):
        return
    fragments = draft.remaining()
    end = len(fragments)
    while end > 0 and not is_bullet(fragments[end - 1].text) and word_count(fragments[end - 1].text) <= 3:
        end -= 1  # a trailing crumb or two after the list
    start = end
    while start > 0 and is_bullet(fragments[start - 1].text) and _is_headline(fragments[start - 1]):
        start -= 1
    # Without bullets a trailing run of short lines is as often the story's own list (tour dates, an
    # info box) as a list of headlines; measured on the benchmark it costs more than it gains: left alone.
    items = fragments[start:end]
    if len(items) < _MIN_TRAILING_ITEMS or start == 0 or not fragments[start - 1].ends_sentence:
        return
    if sum(1 for item in items if item.text.endswith(".")) * 2 > len(items):
        return
    for item in items:
        yield claim(item, "related-block", "related.trailing-list",
                    f"one of {len(items)} bulleted headlines closing the text", value=strip_bullet(item.text),
                    meta=_ROLE_HEADLINE)


#: "Milan Design Week 2018 | FLOS pays tribute to ...": at least this many teaser lines in a row that name
#: the series or section they belong to before a bar, the same one (most of its words) on each line.
_MIN_LABELLED_ITEMS = 3
_MAX_LABEL_WORDS = 6
_LABEL_SEPARATOR = " | "


def _labelled(fragment: Fragment) -> tuple[frozenset[str], str] | None:
    """(the label's words, casefolded; the headline) of a "<label> | <headline>" line, or None."""
    parts = fragment.text.split(_LABEL_SEPARATOR) if fragment.whole_line else []
    if len(parts) != 2 or not 0 < word_count(parts[0]) <= _MAX_LABEL_WORDS:
        return None
    headline = parts[1].strip()
    if not 0 < word_count(headline) <= _MAX_HEADLINE_WORDS or headline.endswith("."):
        return None
    return frozenset(word.casefold() for word in _WORD.findall(parts[0])), headline


def _same_label(one: frozenset[str], other: frozenset[str]) -> bool:
    """Most words in common: "Milan Design Week 2018" and "Milano Design Week 2018" name one series."""
    return len(one & other) * 2 > len(one | other)


def find_labelled_lists(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield runs of teaser lines that carry one series or section label before a bar.

    One "Politics | Vote delayed" line may be a story's own; three in a row under one label are the
    site's links to its other stories in that series.

    >>> text = ("The show ends.\\n\\nDesign Week | FLOS pays tribute\\n\\nDesign Week | Seiko at the Triennale\\n\\n"
    ...         "Milano Design Week | A preview of DOUTDESign")
    >>> [r.value for r in find_labelled_lists(Draft.of(text), Config())]
    ['FLOS pays tribute', 'Seiko at the Triennale', 'A preview of DOUTDESign']
    """
    if not config.enabled("related.labelled-list"):
        return
    fragments = draft.remaining()
    index = 0
    while index < len(fragments):
        first = _labelled(fragments[index])
        if first is None:
            index += 1
            continue
        run = [(fragments[index], first[1])]
        while index + len(run) < len(fragments):
            item = _labelled(fragments[index + len(run)])
            if item is None or not _same_label(first[0], item[0]):
                break
            run.append((fragments[index + len(run)], item[1]))
        if len(run) >= _MIN_LABELLED_ITEMS:
            for fragment, headline in run:
                yield claim(fragment, "related-link", "related.labelled-list",
                            f"one of {len(run)} teaser lines in a row under one series label", value=headline,
                            meta=_ROLE_HEADLINE)
        index += len(run)


def find_tagged_links(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield teaser lines tagged with a bracketed story kind: "CDC names EIGHT deadly diseases [WARNING]".

    >>> text = "Text.\\n\\nChina furious at Macron [INSIGHT]\\n\\nEcoflow River 370 Review: a power station [Video]"
    >>> [r.value for r in find_tagged_links(Draft.of(text), Config())]
    ['China furious at Macron', 'Ecoflow River 370 Review: a power station']
    """
    if not config.enabled("related.tagged-link"):
        return
    pattern = _tagged_link(config.languages)
    for fragment in draft.remaining():
        # The tag closes the line ("] |" at most after it): a line that does not end so is not tried, which
        # spares the pattern's lazy scan of the headline on every other line.
        tagged = fragment.whole_line and fragment.text.rstrip(" |").endswith("]")
        match = pattern.match(fragment.text) if tagged else None
        if match and word_count(fragment.text) <= _MAX_HEADLINE_WORDS:
            yield claim(fragment, "related-link", "related.tagged-link",
                        "a headline tagged with its story kind in brackets, as teaser links are",
                        value=match.group("headline"), meta=_ROLE_HEADLINE)


def find_related_links(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield each "READ MORE: <headline>" line; the label needs its colon.

    >>> [r.value for r in find_related_links(Draft.of("Text.\\n\\nREAD MORE: Troops deployed to Lachin"), Config())]
    ['Troops deployed to Lachin']
    >>> list(find_related_links(Draft.of("Read more about the plan in our report."), Config()))
    []
    """
    if not config.enabled("related.inline-link"):
        return
    # the label is a whole phrase of one of the two lists: only the lines the phrase index points to hold one
    labelled = (holding_lines(draft, "related-labels", config.languages)
                | holding_lines(draft, "related-site-labels", config.languages))
    fragments = draft.remaining()
    for index in fragments_on(draft, labelled):
        fragment = fragments[index]
        link = _related_link(config.languages, fragment.text) if fragment.whole_line else None
        if link and word_count(fragment.text) <= _MAX_HEADLINE_WORDS + 4:
            label, headline = link
            yield claim(fragment, "related-link", "related.inline-link",
                        f"a line that opens with the related-story label {label!r}", value=headline,
                        meta=_ROLE_HEADLINE)


#: "... the harbour said the work would take two years […]": a blog's excerpt of another of its posts, cut
#: off with a bracketed ellipsis. An article quotes with one now and then; a page that lists its other
#: posts has at least ``_MIN_EXCERPTS`` of them, each a paragraph of at least ``_MIN_EXCERPT_WORDS`` words.
_EXCERPT_ENDS = ("[…]", "[...]")
_MIN_EXCERPTS = 2
_MIN_EXCERPT_WORDS = 8


def find_excerpts(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield the excerpts of other posts: paragraphs cut off with "[…]" or "[...]", two or more on a page.

    >>> text = ("The story.\\n\\nFerries return to the harbour as the bridge shuts for the winter […]\\n\\n"
    ...         "The mayor opens the new market hall on the square by the old town hall [...]")
    >>> [r.value for r in find_excerpts(Draft.of(text), Config())]
    ['Ferries return to the harbour as the bridge shuts for the winter', \
'The mayor opens the new market hall on the square by the old town hall']
    """
    if not config.enabled("related.excerpt"):
        return
    excerpts = [fragment for fragment in draft.remaining()
                if fragment.whole_line and fragment.text.endswith(_EXCERPT_ENDS)
                and has_words(fragment.text, _MIN_EXCERPT_WORDS)]
    if len(excerpts) < _MIN_EXCERPTS:
        return
    for fragment in excerpts:
        yield claim(fragment, "related-block", "related.excerpt",
                    f"one of {len(excerpts)} paragraphs cut off with a bracketed ellipsis: excerpts of other posts",
                    value=fragment.text[: fragment.text.rindex("[")].rstrip(), meta=_ROLE_SUMMARY)


#: "Read these next:", "What to read next?": a short label ending in a colon or a question mark, whose
#: lines up to the next line left in the body (at least ``_MIN_ORPHAN_ITEMS``) other passes took as related
#: headlines or summaries, is their header.
_MAX_ORPHAN_LABEL_WORDS = 8
_MIN_ORPHAN_ITEMS = 2
_RELATED_KINDS = frozenset({"related-link", "related-block"})


def find_orphan_headers(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield the header of a related list whose items the other passes took but whose header they left.

    >>> draft = Draft.of("The story ends.\\n\\nRead these next:\\n\\nFerries return\\n\\nMarket hall opens")
    >>> items = [claim(fragment, "related-link", "html.link-line", "a link", value=fragment.text,
    ...                meta=_ROLE_HEADLINE) for fragment in draft.remaining()[2:]]
    >>> [r.text for r in find_orphan_headers(draft.with_removals(items), Config())]
    ['Read these next:']
    """
    if not config.enabled("related.orphan-header"):
        return
    fragments = draft.remaining()
    starts: list[int] | None = None  # the removals' starts, in order: looked up only under a label
    for index, fragment in enumerate(fragments):
        if (not fragment.whole_line or fragment.text[-1:] not in (":", "?")
                or word_count(fragment.text) > _MAX_ORPHAN_LABEL_WORDS):
            continue
        end = fragments[index + 1].start if index + 1 < len(fragments) else len(draft.text)
        if starts is None:
            starts = [removal.start for removal in draft.removals]
        items = [removal for removal in draft.removals[bisect_left(starts, fragment.end):bisect_left(starts, end)]
                 if removal.end <= end]
        related = next((n for n, item in enumerate(items) if item.kind not in _RELATED_KINDS), len(items))
        if related >= _MIN_ORPHAN_ITEMS:
            rest = "" if related == len(items) else ", then other lines taken"
            yield claim(fragment, "related-block", "related.orphan-header",
                        f"a label over {related} lines taken as related headlines{rest}, and nothing kept",
                        meta=_ROLE_HEADER)
