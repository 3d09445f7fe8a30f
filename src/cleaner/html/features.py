"""The block model's input: one row of numbers for each block of a page (``cleaner.html.blocks``).

:func:`block_features` gives each block its row: the block's own text (length, link density, stop words,
punctuation, digits, capitals), where it stands (position, depth, inside the densest article-like box the
way readability finds one, before or after it), what its neighbours and its container look like, and what
the whole page looks like (how much prose it has, how much of it one box holds, how many list items and
headings). The names of the columns are ``FEATURES``; ``benchmarks/train_blocks.py`` fits the model on them.
"""

from __future__ import annotations

import collections
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter

import lxml.html
import numpy as np
from numpy.typing import NDArray

from cleaner.html.blocks import NAME_GROUPS, TAG_NAMES, Block
from cleaner.passes._line_features import furniture_hits, furniture_phrases, phrase_starts
from cleaner.vocab import terms

#: readability's box names: a box so named is more (or less) likely to hold the article.
_POSITIVE_BOX = re.compile(r"article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story")
_NEGATIVE_BOX = re.compile(r"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|foot|footer|"
                           r"footnote|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|"
                           r"sidebar|skyscraper|sponsor|shopping|tags|tool|widget")
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?:;\"'”»)…。！？]$")
#: Blocks of at least this many words, mostly not link text, are prose.
_PROSE_WORDS = 10
_PROSE_LINK_DENSITY = 0.3
#: Blocks of fewer words are short (the page's share of them tells a menu-heavy page).
_SHORT_WORDS = 10
#: readability's paragraph: at least this many characters, less than half of them link text.
_PARAGRAPH_CHARS = 25
#: A box holding at least this share of the page's prose is the page's main box.
_MAIN_SHARE = 0.6
_WINDOW = 4
_BLOCK_TAG_COLUMNS = ("p", "div", "li", "td", "th", "h1", "h2", "h3", "h4", "pre", "blockquote", "dd", "dt",
                      "figcaption", "span", "section", "article", "a", "other")


#: The schema.org types (JSON-LD ``@type``) of an article.
ARTICLE_TYPES = frozenset({"Article", "NewsArticle", "BlogPosting", "Report", "ScholarlyArticle", "TechArticle",
                           "OpinionNewsArticle", "AnalysisNewsArticle", "LiveBlogPosting", "ReportageNewsArticle",
                           "SatiricalArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "Review", "Blog"})
#: The schema.org types of a page that lists things.
LIST_TYPES = frozenset({"ItemList", "CollectionPage", "SearchResultsPage", "OfferCatalog", "ProfilePage"})
#: schema.org types by the kind of page they declare.
SCHEMA_KINDS: tuple[tuple[str, frozenset[str]], ...] = (
    ("article", ARTICLE_TYPES),
    ("product", frozenset({"Product", "Offer", "AggregateOffer", "ProductGroup", "IndividualProduct", "Car",
                           "SoftwareApplication", "Book", "Vehicle"})),
    ("discussion", frozenset({"DiscussionForumPosting", "QAPage", "Question", "Answer", "Comment",
                              "SocialMediaPosting", "Conversation"})),
    ("list", LIST_TYPES),
    ("howto", frozenset({"HowTo", "Recipe", "FAQPage", "Course"})),
    ("business", frozenset({"Organization", "LocalBusiness", "Service", "ProfessionalService", "Corporation",
                            "Store", "Restaurant", "MedicalBusiness", "LegalService", "FinancialService"})),
    ("event", frozenset({"Event", "SportsEvent", "MusicEvent", "JobPosting", "Movie", "TVSeries"})),
)
_OG_KINDS = ("article", "product", "website", "video", "profile", "book")
_DATED_PATH = re.compile(r"/(?:19|20)\d\d[/-](?:0?[1-9]|1[0-2])(?:[/-]|$)|/(?:19|20)\d\d(?:0[1-9]|1[0-2])\d\d")
_URL_WORDS = (("news", re.compile(r"/(?:news|article|articles|story|stories|blog|post|posts|opinion)s?/")),
              ("shop", re.compile(r"/(?:product|products|p|item|shop|dp|buy)/")),
              ("forum", re.compile(r"/(?:forum|forums|thread|threads|topic|topics|questions|t|community)/")),
              ("listing", re.compile(r"/(?:category|categories|tag|tags|search|list|collections?|archive)/|[?&]page=")),
              ("docs", re.compile(r"/(?:docs?|documentation|manual|reference|api|guide|wiki)/")))


@dataclass(frozen=True, slots=True)
class PageSignals:
    """What the page says about itself as a whole: schema.org types, ``og:type``, its URL."""

    types: tuple[str, ...] = ()
    og_type: str | None = None
    url: str | None = None

    def columns(self, articles: int) -> tuple[float, ...]:
        """``PAGE_FEATURES`` for this page, with the number of ``<article>`` elements it holds."""
        declared = set(self.types)
        og_type = (self.og_type or "").lower()
        url = (self.url or "").lower()
        path = url.split("://", 1)[-1].partition("/")[2]
        slug = path.rstrip("/").rsplit("/", 1)[-1]
        return (
            *(float(bool(declared & kinds)) for _name, kinds in SCHEMA_KINDS),
            float(bool(declared)),
            *(float(og_type.startswith(kind)) for kind in _OG_KINDS),
            float(bool(url)),
            float(bool(_DATED_PATH.search(url))),
            *(float(bool(pattern.search("/" + path))) for _name, pattern in _URL_WORDS),
            math.log1p(path.count("/")),
            math.log1p(slug.count("-")),
            math.log1p(articles),
        )


PAGE_FEATURES: tuple[str, ...] = (
    *(f"schema_{name}" for name, _kinds in SCHEMA_KINDS), "schema_any", *(f"og_{kind}" for kind in _OG_KINDS),
    "has_url", "url_dated", *(f"url_{name}" for name, _pattern in _URL_WORDS), "url_log_depth",
    "url_log_slug_words", "log_articles",
)



_OWN = ("log_words", "log_chars", "link_density", "stopword_density", "capitalised", "digits", "ends_sentence",
        "hidden", "depth", "position", "char_position", "prev_log_words", "next_log_words", "prev_link_density",
        "next_link_density", "window_prose", "prose", "in_main", "has_main", "in_top", "in_top_parent",
        "before_top", "after_top", "distance_to_top", "container_link_density", "container_prose",
        "container_log_blocks", "log_top_score", "top_prose_share", "top_log_prose", "main_prose_share",
        "list_item_share", "heading_share", "log_prose_paragraphs", "log_prose_words", "short_share",
        "page_link_density", "log_blocks", "log_page_words", "before_first_prose", "after_last_prose",
        "stopwords_known", "log_furniture_words", "widget_line", "log_repeats", "before_h1", "h1_distance")
FEATURES: tuple[str, ...] = (
    *_OWN,
    *(f"tag_{tag}" for tag in _BLOCK_TAG_COLUMNS),
    *(f"in_{name}" for name in TAG_NAMES),
    *(f"names_{name}" for name, _pattern in NAME_GROUPS),
    *(f"own_names_{name}" for name, _pattern in NAME_GROUPS),
    *PAGE_FEATURES,
)


@dataclass(frozen=True, slots=True)
class _Region:
    """The boxes that matter for the page as a whole: the main box (most prose) and readability's top box."""

    main: lxml.html.HtmlElement | None
    top: lxml.html.HtmlElement | None
    top_score: float
    chars: dict[lxml.html.HtmlElement, int]
    links: dict[lxml.html.HtmlElement, int]
    prose: dict[lxml.html.HtmlElement, int]
    count: dict[lxml.html.HtmlElement, int]


@dataclass(frozen=True, slots=True)
class _Tree:
    """The elements of the blocks' chains as a tree: a sum over the blocks under each element is then one
    pass up the tree, not a step for every block and every element of its chain."""

    number: dict[lxml.html.HtmlElement, int]  # in the order in which walks up the chains meet them first
    parents: list[int]  # the number of each one's parent, -1 for the outermost
    upward: list[int]  # the numbers, deepest first: each element comes before its parent

    @classmethod
    def of(cls, chains: Sequence[Sequence[lxml.html.HtmlElement]]) -> _Tree:
        number: dict[lxml.html.HtmlElement, int] = {}
        parents: list[lxml.html.HtmlElement | None] = []
        heights: list[int] = []
        for chain in chains:
            for depth, element in enumerate(chain):
                if element in number:  # and so is every element above it, met by the walk that met it
                    break
                number[element] = len(parents)
                parents.append(chain[depth + 1] if depth + 1 < len(chain) else None)
                heights.append(len(chain) - depth)
        return cls(number, [-1 if parent is None else number[parent] for parent in parents],
                   sorted(range(len(heights)), key=heights.__getitem__, reverse=True))

    def sums(self, chains: Sequence[Sequence[lxml.html.HtmlElement]], values: Sequence[int]) -> list[int]:
        """For each element, the sum of ``values`` over the blocks under it (or its own)."""
        sums = [0] * len(self.parents)
        number, parents = self.number, self.parents
        for chain, value in zip(chains, values, strict=True):
            sums[number[chain[0]]] += value
        for node in self.upward:  # a node's sum is whole before it is added to its parent's
            parent = parents[node]
            if parent >= 0:
                sums[parent] += sums[node]
        return sums


def _regions(blocks: Sequence[Block], words: Sequence[int], prose: Sequence[bool],
             chains: Sequence[Sequence[lxml.html.HtmlElement]]) -> _Region:
    tree = _Tree.of(chains)
    number = tree.number
    chars = dict(zip(number, tree.sums(chains, [len(block.text) for block in blocks]), strict=True))
    links = dict(zip(number, tree.sums(chains, [block.link_chars for block in blocks]), strict=True))
    count = dict(zip(number, tree.sums(chains, [1] * len(blocks)), strict=True))
    prose_sums = tree.sums(chains, [count_words if is_prose else 0
                                    for count_words, is_prose in zip(words, prose, strict=True)])
    # the elements above prose blocks only, in the order the prose blocks' chains meet them (the order
    # decides between holders of the same size below)
    prose_words: dict[lxml.html.HtmlElement, int] = {}
    for chain, is_prose in zip(chains, prose, strict=True):
        if is_prose:
            for element in chain:
                if element in prose_words:
                    break
                prose_words[element] = prose_sums[number[element]]
    score: dict[lxml.html.HtmlElement, float] = {}
    for block, chain in zip(blocks, chains, strict=True):
        size = len(block.text)
        if size >= _PARAGRAPH_CHARS and 2 * block.link_chars < size:
            points = 1 + block.text.count(",") + min(3, size // 100)
            if len(chain) > 1:
                score[chain[1]] = score.get(chain[1], 0.0) + points
            if len(chain) > 2:
                score[chain[2]] = score.get(chain[2], 0.0) + points / 2
    total = sum(count_words for count_words, is_prose in zip(words, prose, strict=True) if is_prose)
    main = None
    if total:
        holders = [element for element, value in prose_words.items() if value >= _MAIN_SHARE * total]
        # the deepest holder: every holder is an ancestor of the deepest one
        main = min(holders, key=lambda element: prose_words[element] + count[element] / 1e6, default=None)
    top, best = None, 0.0
    for element, score_points in score.items():
        names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
        bonus = (25 if _POSITIVE_BOX.search(names) else 0) - (25 if _NEGATIVE_BOX.search(names) else 0)
        value = (score_points + bonus) * (1 - links[element] / max(1, chars[element]))
        if value > best:
            top, best = element, value
    return _Region(main, top, best, chars, links, prose_words, count)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The word lists the features read: stop words of the page's language, and the furniture phrases and
    widget lines of every language the cleaner knows (``cleaner.vocab``)."""

    stop: frozenset[str] = frozenset()
    languages: tuple[str, ...] = ()

    @property
    def widgets(self) -> frozenset[str]:
        return terms("navigation", self.languages)


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where each block sits on the page: the regions around it and running word counts."""

    words: list[int]
    link_density: list[float]
    prose: list[bool]
    chains: list[tuple[lxml.html.HtmlElement, ...]]
    region: _Region
    in_main: list[bool]
    in_top: list[bool]
    in_top_parent: list[bool]
    top_span: tuple[int, int]  # the first and last block inside the top box
    prose_span: tuple[int, int]  # the first and last prose block
    prose_prefix: list[int]  # words of prose blocks before block i
    word_prefix: list[int]  # words of all blocks before block i
    first_h1: int | None


def _layout(blocks: Sequence[Block], tokens: Sequence[Sequence[str]]) -> _Layout:
    count = len(blocks)
    words = [len(found) for found in tokens]
    link_density = [min(1.0, block.link_chars / max(1, len(block.text))) for block in blocks]
    prose = [count_words >= _PROSE_WORDS and density < _PROSE_LINK_DENSITY
             for count_words, density in zip(words, link_density, strict=True)]
    chains = [block.chain for block in blocks]
    region = _regions(blocks, words, prose, chains)

    def inside(box: lxml.html.HtmlElement | None) -> list[bool]:
        return [box is not None and box in chain for chain in chains]  # elements compare by identity

    in_top = inside(region.top)
    inside_top = [index for index, is_inside in enumerate(in_top) if is_inside]
    prose_indexes = [index for index, is_prose in enumerate(prose) if is_prose]
    prose_prefix, word_prefix = [0], [0]
    for count_words, is_prose in zip(words, prose, strict=True):
        prose_prefix.append(prose_prefix[-1] + (count_words if is_prose else 0))
        word_prefix.append(word_prefix[-1] + count_words)
    return _Layout(
        words, link_density, prose, chains, region, inside(region.main), in_top,
        inside(region.top.getparent() if region.top is not None else None),
        (inside_top[0], inside_top[-1]) if inside_top else (count, -1),
        (prose_indexes[0], prose_indexes[-1]) if prose_indexes else (count, -1),
        prose_prefix, word_prefix,
        next((index for index, block in enumerate(blocks) if block.element.tag == "h1"), None))


def _page_columns(blocks: Sequence[Block], layout: _Layout) -> tuple[float, ...]:
    """The columns every block of the page shares: its top box, its prose, its lists and links."""
    count, words, prose, region = len(blocks), layout.words, layout.prose, layout.region
    total_prose = sum(count_words for count_words, is_prose in zip(words, prose, strict=True) if is_prose) or 1
    total_chars = sum(len(block.text) for block in blocks)
    return (
        math.log1p(region.top_score),
        region.prose.get(region.top, 0) / total_prose if region.top is not None else 0.0,
        math.log1p(region.prose.get(region.top, 0)) if region.top is not None else 0.0,
        region.prose.get(region.main, 0) / total_prose if region.main is not None else 0.0,
        sum(1 for block in blocks if block.element.tag == "li") / count,
        sum(1 for block in blocks if block.element.tag in ("h2", "h3", "h4", "h5", "h6")) / count,
        math.log1p(sum(1 for block, is_prose in zip(blocks, prose, strict=True) if is_prose
                       and block.element.tag == "p")),
        math.log1p(total_prose),
        sum(1 for count_words in words if count_words < _SHORT_WORDS) / count,
        sum(block.link_chars for block in blocks) / max(1, total_chars),
        math.log1p(count),
        math.log1p(sum(words)),
    )


def _container_columns(layout: _Layout) -> list[tuple[float, float, float]]:
    """For each block, the link density, prose share and size of the nearest box around it holding three
    blocks: found once for the blocks of one parent, where the search starts."""
    region = layout.region
    found: dict[lxml.html.HtmlElement | None, tuple[float, float, float]] = {}
    columns = []
    for chain in layout.chains:
        parent = chain[1] if len(chain) > 1 else None
        if parent not in found:
            container = next((element for element in chain[1:] if region.count[element] >= 3), None)
            found[parent] = (0.0, 0.0, 0.0) if container is None else (
                region.links[container] / max(1, region.chars[container]),
                region.prose.get(container, 0) / max(1.0, region.chars[container] / 6),
                math.log1p(region.count[container]))
        columns.append(found[parent])
    return columns


def _mark_bits(matrix: NDArray[np.float64], blocks: Sequence[Block]) -> None:
    """Set each block's own tag column and the bits of the tags and box names around it."""
    first_tag = len(_OWN)
    first_in = first_tag + len(_BLOCK_TAG_COLUMNS)
    first_names = first_in + len(TAG_NAMES)
    first_own = first_names + len(NAME_GROUPS)
    tag_column = {tag: index for index, tag in enumerate(_BLOCK_TAG_COLUMNS)}
    other = tag_column["other"]
    columns = [tag_column.get(tag if tag not in ("h5", "h6") else "h2", other)
               for tag in (block.element.tag for block in blocks)]
    matrix[np.arange(len(blocks)), first_tag + np.asarray(columns, dtype=np.intp)] = 1.0
    for first, values, width in ((first_in, [block.tags for block in blocks], len(TAG_NAMES)),
                                 (first_names, [block.names for block in blocks], len(NAME_GROUPS)),
                                 (first_own, [block.own_names for block in blocks], len(NAME_GROUPS))):
        bits = (np.asarray(values, dtype=np.int64)[:, None] >> np.arange(width)) & 1
        matrix[:, first : first + width] = np.maximum(matrix[:, first : first + width], bits)


def _word_shares(found: Sequence[str], lowered: Sequence[str], stop: frozenset[str]) -> tuple[float, float]:
    """The share of a block's words that are stop words, and that are capitalised."""
    if not found:
        return 0.0, 0.0
    return (sum(map(stop.__contains__, lowered)) / len(found),
            sum(map(str.isupper, map(itemgetter(0), found))) / len(found))  # a token of \w+ has a first letter


def _text_columns(blocks: Sequence[Block], tokens: Sequence[Sequence[str]], words: Sequence[int],
                  words_of: Vocabulary) -> list[list[float]]:
    """The columns read from each block's own words: stop words, capitals, digits, a sentence's end,
    furniture phrases, a widget's line, repeats."""
    stop, widgets = words_of.stop, words_of.widgets
    phrases, _lengths, symbols = furniture_phrases(words_of.languages)
    starts = phrase_starts(words_of.languages)
    repeats = collections.Counter(block.text for block in blocks)
    stopword_density, capitalised, furniture = [], [], []
    for block, found, count_words in zip(blocks, tokens, words, strict=True):
        lowered = list(map(str.lower, found))
        stop_share, capital_share = _word_shares(found, lowered, stop)
        stopword_density.append(stop_share)
        capitalised.append(capital_share)
        furniture.append(furniture_hits(block.text, lowered, phrases, starts, symbols)
                         if count_words <= _SHORT_WORDS * 3 else 0)
    texts = [block.text for block in blocks]
    return [stopword_density, capitalised, [sum(map(str.isdigit, text)) / len(text) for text in texts],
            [float(bool(_SENTENCE_END.search(text[-2:]))) for text in texts], list(map(math.log1p, furniture)),
            [float(text.casefold().rstrip(" .:…") in widgets) for text in texts],
            [math.log1p(repeats[text] - 1) for text in texts]]


def _shifted(column: NDArray[np.float64], by: int) -> NDArray[np.float64]:
    """``column[i - by]`` at ``i``, 0.0 past the edges."""
    moved = np.zeros_like(column)
    if by > 0:
        moved[by:] = column[:-by]
    else:
        moved[:by] = column[-by:]
    return moved


def block_features(blocks: Sequence[Block], words_of: Vocabulary,
                   signals: PageSignals = PageSignals()) -> NDArray[np.float64]:
    """One row of ``FEATURES`` per block, for the block model (``signals``: what the page says it is).

    Column by column: each is the same float a loop over the blocks computes (a true division of two
    integers gives the same double in numpy as in Python, and the logarithms are ``math.log1p``'s).
    """
    count = len(blocks)
    matrix = np.zeros((count, len(FEATURES)))
    if not count:
        return matrix
    tokens = [_WORD.findall(block.text) for block in blocks]
    layout = _layout(blocks, tokens)
    words = layout.words
    (top_first, top_last), (first_prose, last_prose) = layout.top_span, layout.prose_span
    lengths = np.fromiter(map(len, (block.text for block in blocks)), dtype=np.int64, count=count)
    articles = sum(1 for element in layout.region.chars if element.tag == "article")  # every element of a chain
    matrix[:, len(_OWN) + len(_BLOCK_TAG_COLUMNS) + len(TAG_NAMES) + 2 * len(NAME_GROUPS) :] = \
        signals.columns(articles)
    first_h1 = layout.first_h1
    stopword_density, capitalised, digits, ends_sentence, furniture, widget_line, log_repeats = \
        _text_columns(blocks, tokens, words, words_of)
    index = np.arange(count)
    log_words = np.array(list(map(math.log1p, words)))
    link_density = np.array(layout.link_density)
    low, high = np.maximum(0, index - _WINDOW), np.minimum(count, index + _WINDOW + 1)
    word_prefix, prose_prefix = np.array(layout.word_prefix), np.array(layout.prose_prefix)
    positions = np.cumsum(lengths + 1) - (lengths + 1)  # the characters of the lines before, each with its break
    columns = (
        log_words, list(map(math.log1p, lengths.tolist())), link_density, stopword_density, capitalised, digits,
        ends_sentence, [float(block.hidden) for block in blocks],
        np.array([block.depth for block in blocks]) / (max(block.depth for block in blocks) or 1),
        index / count, positions / max(1, int(lengths.sum()) + count),
        _shifted(log_words, 1), _shifted(log_words, -1), _shifted(link_density, 1), _shifted(link_density, -1),
        (prose_prefix[high] - prose_prefix[low]) / np.maximum(1, word_prefix[high] - word_prefix[low]),
        layout.prose, layout.in_main, float(layout.region.main is not None), layout.in_top, layout.in_top_parent,
        index < top_first, index > top_last,
        np.where(index < top_first, (top_first - index) / count,
                 np.where(index > top_last, (index - top_last) / count, 0.0)),
        *np.array(_container_columns(layout)).T, *_page_columns(blocks, layout),
        index < first_prose, index > last_prose, float(bool(words_of.stop)), furniture, widget_line, log_repeats,
        index < first_h1 if first_h1 is not None else 0.0,
        (index - first_h1) / count if first_h1 is not None else 0.0,
    )
    for number, column in enumerate(columns):
        matrix[:, number] = column
    _mark_bits(matrix, blocks)
    return matrix
