"""A page's text as blocks, each with what the markup around it says: the input of the block model.

A *block* is a run of text between two block-level boundaries (a paragraph, a list item, a table cell, a
heading, a line cut by ``<br>``), as a browser lays it out, with the innermost block element that holds it.
One walk over the tree gives every block its text, how much of it is link text, the tags of note around it
(``<nav>``, ``<footer>``, ``<article>``, ``<li>``, ...) and the kinds of names its boxes carry in their
``class`` and ``id`` (navigation, sidebar, share, related, comment, content, product, ...).

:func:`block_features` turns the blocks into one row of numbers each, for the block model: the block's own
text (length, link density, stop words, punctuation, digits, capitals), where it stands (position, depth,
inside the densest article-like box the way readability finds one, before or after it), what its
neighbours and its container look like, and what the whole page looks like (how much prose it has, how
much of it one box holds, how many list items and headings). The names of the columns are ``FEATURES``;
``benchmarks/train_blocks.py`` fits the model on them.

Nothing here decides anything: the model does (``cleaner.html.model``), and the markup rules name what it
dropped.
"""

from __future__ import annotations

import collections
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Final, cast

import lxml.etree
import lxml.html
import numpy as np
from numpy.typing import NDArray

from cleaner.passes.content import furniture_hits, furniture_phrases, phrase_starts
from cleaner.vocab import terms

#: Elements that start and end a block of text, as a browser lays them out.
BLOCK_TAGS = frozenset(
    "p div li ul ol dl dd dt h1 h2 h3 h4 h5 h6 td th tr table tbody thead tfoot caption blockquote pre section "
    "article main header footer nav aside form fieldset legend figure figcaption address details summary hr "
    "center menu dialog body html".split()
)
#: Elements whose text is never read: code, styles, form controls, embedded documents.
SKIPPED_TAGS = frozenset(
    "script style template svg head select option textarea iframe object embed canvas map math button input "
    "noframes".split()
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

#: Tags of note around a block, one bit each (headings share one).
TAG_BITS: dict[str, int] = {
    tag: bit
    for bit, tags in enumerate((
        ("a",), ("nav", "menu"), ("header",), ("footer",), ("aside",), ("form", "fieldset"), ("article",),
        ("main",), ("li",), ("table",), ("figure",), tuple(_HEADINGS), ("blockquote",), ("pre", "code"),
        ("dl",), ("label",), ("figcaption",), ("strong", "b"), ("time",), ("address",), ("details", "summary"),
        ("noscript",),
    ))
    for tag in tags
}
TAG_NAMES: tuple[str, ...] = ("a", "nav", "header", "footer", "aside", "form", "article", "main", "li", "table",
                              "figure", "heading", "blockquote", "pre", "dl", "label", "figcaption", "strong",
                              "time", "address", "details", "noscript")
_LINK_BIT = 1 << TAG_BITS["a"]
_NOSCRIPT_BIT = 1 << TAG_BITS["noscript"]

#: Kinds of box names: what a ``class``, ``id`` or ``role`` says a box is (searched in lower case).
NAME_GROUPS: tuple[tuple[str, str], ...] = (
    ("nav", r"nav|menu|breadcrumb|paginat|pager|toolbar|topbar|tabs|skip"),
    ("header", r"header|masthead|banner"),
    ("footer", r"footer|bottom|copyright|colophon"),
    ("side", r"sidebar|aside|rail|widget|sidebox|secondary"),
    ("social", r"share|social|follow|facebook|twitter|whatsapp|linkedin|pinterest"),
    ("ad", r"(?:^|[\s_-])ads?(?:$|[\s_-])|advert|sponsor|promo|dfp|gpt-|adslot|adunit"),
    ("related", r"related|recommend|more-|trending|popular|teaser|also|latest|outbrain|taboola|suggest"),
    ("comment", r"comment|reply|discuss|respon|disqus"),
    ("cookie", r"cookie|consent|gdpr|privacy"),
    ("modal", r"modal|popup|overlay|newsletter|subscri|signup|sign-up|login|register|paywall"),
    ("content", r"content|article|post|entry|story|body|text|main|prose|rich|markdown|wysiwyg|blog"),
    ("product", r"product|price|descr|detail|spec|review|rating|item|card|listing|result"),
    ("hidden", r"hidden|sr-only|visually-hidden|screen-reader|offscreen|invisible"),
    ("meta", r"byline|author|date|time|meta|tag|categor|label"),
    ("caption", r"caption|credit|figure|image|photo|media|gallery"),
    ("title", r"title|headline|heading"),
    ("forum", r"message|thread|topic|forum|question|answer|bbcode|postbody"),
    ("doc", r"doc|manual|highlight|code|api|reference|toc"),
    # the names of article-body boxes that extractors look for first (trafilatura's BODY_XPATH), and
    # itemprop="articleBody"
    ("body", (r"(?:entry|article|art|post|page|text|story|blog|single|theme|section)[-_]?(?:content|body|text|copy)"
              r"|articlebody|article__|post[-_]?entry|fulltext|field-body|main[-_]?content|content[-_]?(?:main|body)"
              r"|story-body|post[-_]?inner")),
    ("more", r"most-popular|more-on|-stories|next-|up-next|read-?next|you-?may|also-?like|elated"),
    ("info", r"timestamp|user-info|user-profile|article-infos|attachment|author-?(?:box|bio|info)|bio\b"),
)
_NAME_PATTERNS = tuple(re.compile(pattern) for _name, pattern in NAME_GROUPS)
_ANY_NAME = re.compile("|".join(f"(?:{pattern})" for _name, pattern in NAME_GROUPS))
#: No pattern of ``NAME_GROUPS`` reads a digit, so a run of them is one digit to the patterns, and words
#: that differ only by their numbers ("menu-item-245751", "post-1234") share their bits.
_DIGITS = re.compile(r"\d+")
#: readability's box names: a box so named is more (or less) likely to hold the article.
_POSITIVE_BOX = re.compile(r"article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story")
_NEGATIVE_BOX = re.compile(r"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|foot|footer|"
                           r"footnote|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|"
                           r"sidebar|skyscraper|sponsor|shopping|tags|tool|widget")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
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


@dataclass(frozen=True, slots=True)
class Block:
    """A run of text between two block boundaries, and what the markup around it says."""

    text: str
    #: The innermost block-level element holding the text.
    element: lxml.html.HtmlElement
    #: How many of its characters are inside links.
    link_chars: int
    #: ``TAG_BITS`` of the tags around it (its own included).
    tags: int
    #: Bit ``k`` set when a box around it has a name of ``NAME_GROUPS[k]``.
    names: int
    #: The same for its own block element only.
    own_names: int
    depth: int
    #: Inside an element the page hides (``hidden``, ``aria-hidden``, ``display: none``).
    hidden: bool
    #: The element and its ancestors, innermost first: the boxes it is in, for the features, the model and
    #: the markup rules (held, its elements keep their one proxy object while the block lives).
    chain: tuple[lxml.html.HtmlElement, ...]


#: What the walk knows of an open element: (element, tags, names, own names, depth, hidden, the box of its
#: block, its parent's box). The block's box is None when the element is its own block; plain tuples, as
#: the walk makes one for every element of the page.
_Box = tuple[lxml.html.HtmlElement, int, int, int, int, bool, "_Box | None", "_Box | None"]
_BLOCK: Final = 6
_PARENT: Final = 7
#: The record of an element whose subtree is skipped (a ``SKIPPED_TAGS`` element or a ``<br>``): never read.
_SKIPPED = cast(_Box, (None, 0, 0, 0, 0, False, None, None))


@lru_cache(maxsize=1 << 16)  # pure: pages repeat their names, and sites their themes
def name_groups(names: str) -> int:
    """The ``NAME_GROUPS`` bits of a box's class, id and role: those of its words, as no pattern matches
    across a space (``(?:^|[\\s_-])ads?`` takes the start of a word for a space before it) or reads a digit.

    >>> [name for bit, (name, _pattern) in enumerate(NAME_GROUPS) if name_groups("Main-Nav ad") >> bit & 1]
    ['nav', 'ad', 'content']
    """
    bits = 0
    for word in _DIGITS.sub("0", names.lower()).split():
        bits |= _word_groups(word)
    return bits


@lru_cache(maxsize=1 << 16)  # pure: sites share most of their class names ("container", "col-md-6", ...)
def _word_groups(word: str) -> int:
    if not _ANY_NAME.search(word):  # half the words name nothing: one search instead of one a group
        return 0
    bits = 0
    for bit, pattern in enumerate(_NAME_PATTERNS):
        if pattern.search(word):
            bits |= 1 << bit
    return bits


def _open_box(element: lxml.html.HtmlElement, tag: str, parent: _Box | None) -> _Box:
    """The walk's record of an element it enters: the tags and names around it, hidden or not, and the
    block its text belongs to (its own when it is a block element)."""
    css, ident, role, itemprop = element.get("class"), element.get("id"), element.get("role"), element.get("itemprop")
    own = 0
    if css or ident or role or itemprop:  # names that are all spaces name nothing, as no names
        own = name_groups(f"{css or ''} {ident or ''} {role or ''} {itemprop or ''}")
    bit, is_block = _TAG_KINDS.get(tag, _PLAIN_TAG)
    if parent is None:
        return (element, bit, own, own, 0, _hidden(element), None, None)
    _element, tags, above, above_own, depth, hidden, block, _grandparent = parent
    return (element, tags | bit, above | own, own if is_block else own | above_own, depth + 1,
            hidden or _hidden(element), None if is_block else (parent if block is None else block), parent)


#: Each tag's ``TAG_BITS`` as a mask (0 for a tag of no note) and whether it is a block element: one
#: look-up for each element the walk enters.
_TAG_KINDS: dict[str, tuple[int, bool]] = {
    tag: (1 << TAG_BITS[tag] if tag in TAG_BITS else 0, tag in BLOCK_TAGS) for tag in {*TAG_BITS, *BLOCK_TAGS}
}
_PLAIN_TAG = (0, False)
_CUT_TAGS = SKIPPED_TAGS | {"br"}


def _hidden(element: lxml.html.HtmlElement) -> bool:
    """The element hides itself: ``hidden``, ``aria-hidden="true"`` or a ``display: none`` style."""
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = element.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _elements(box: _Box) -> list[lxml.html.HtmlElement]:
    """The element of ``box`` and those of the boxes around it, innermost first."""
    elements = [box[0]]
    parent = box[_PARENT]
    while parent is not None:
        elements.append(parent[0])
        parent = parent[_PARENT]
    return elements


def page_blocks(root: lxml.html.HtmlElement) -> list[Block]:
    """The page's blocks of text in document order (the ``<body>``'s, or the whole tree's without one).

    >>> root = lxml.html.fromstring("<div><nav><a href='/'>Home</a></nav><p>A <b>bold</b> claim.<br>Next</p></div>")
    >>> [(block.text, block.element.tag, block.link_chars) for block in page_blocks(root)]
    [('Home', 'nav', 4), ('A bold claim.', 'p', 0), ('Next', 'p', 0)]
    """
    body = root.find("body")
    scope = body if body is not None else root
    blocks: list[Block] = []
    pieces: list[str] = []
    link_chars = 0  # of the pieces: zero whenever there are none
    stack: list[_Box] = []
    above_scope = tuple(scope.iterancestors())

    def flush(box: _Box) -> None:
        """The pieces so far as a block of the element of ``box`` (called only when there are pieces)."""
        nonlocal link_chars
        text = "".join(pieces).strip()
        pieces.clear()
        element, tags, names, own_names, depth, hidden, _block, _parent = box
        if text and not (tags & _NOSCRIPT_BIT and text.startswith("<")):
            # spaces collapsed: split() and strip() take the same characters for spaces as \s
            text = " ".join(text.split())
            blocks.append(Block(text, element, min(link_chars, len(text)), tags, names, own_names, depth, hidden,
                                (*_elements(box), *above_scope)))
        link_chars = 0

    walker = lxml.etree.iterwalk(scope, events=("start", "end"))
    for event, element in walker:
        tag = element.tag
        if event == "start":
            if not isinstance(tag, str):
                continue
            parent = stack[-1] if stack else None
            if tag in _CUT_TAGS:
                walker.skip_subtree()
                if tag == "br" and parent is not None and pieces:
                    flush(parent[_BLOCK] or parent)
                stack.append(_SKIPPED)
                continue
            if tag in BLOCK_TAGS and parent is not None and pieces:
                flush(parent[_BLOCK] or parent)
            box = _open_box(element, tag, parent)
            stack.append(box)
            text = element.text
        else:
            if isinstance(tag, str):  # else a comment or processing instruction the parser kept: its tail is text
                box = stack.pop()
                if box is not _SKIPPED and tag in BLOCK_TAGS and pieces:
                    flush(box)
            if not stack:
                continue
            box = stack[-1]
            text = element.tail
        if text:
            pieces.append(text)
            if box[1] & _LINK_BIT:
                link_chars += len(text.strip())
    return blocks


# ---------------------------------------------------------------------------
# Features
# ---------------------------------------------------------------------------

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


def _regions(blocks: Sequence[Block], words: Sequence[int], prose: Sequence[bool],
             chains: Sequence[Sequence[lxml.html.HtmlElement]]) -> _Region:
    chars: dict[lxml.html.HtmlElement, int] = {}
    links: dict[lxml.html.HtmlElement, int] = {}
    prose_words: dict[lxml.html.HtmlElement, int] = {}
    count: dict[lxml.html.HtmlElement, int] = {}
    score: dict[lxml.html.HtmlElement, float] = {}
    for block, chain, count_words, is_prose in zip(blocks, chains, words, prose, strict=True):
        size = len(block.text)
        for element in chain:
            chars[element] = chars.get(element, 0) + size
            links[element] = links.get(element, 0) + block.link_chars
            count[element] = count.get(element, 0) + 1
            if is_prose:
                prose_words[element] = prose_words.get(element, 0) + count_words
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


def block_features(blocks: Sequence[Block], words_of: Vocabulary,
                   signals: PageSignals = PageSignals()) -> NDArray[np.float64]:
    """One row of ``FEATURES`` per block, for the block model (``signals``: what the page says it is)."""
    count = len(blocks)
    matrix = np.zeros((count, len(FEATURES)))
    if not count:
        return matrix
    stop = words_of.stop
    phrases, _lengths, symbols = furniture_phrases(words_of.languages)
    starts = phrase_starts(words_of.languages)
    repeats = collections.Counter(block.text for block in blocks)
    tokens = [_WORD.findall(block.text) for block in blocks]
    layout = _layout(blocks, tokens)
    words, link_density = layout.words, layout.link_density
    (top_first, top_last), (first_prose, last_prose) = layout.top_span, layout.prose_span
    page = _page_columns(blocks, layout)
    total_chars = sum(len(block.text) for block in blocks)
    max_depth = max(block.depth for block in blocks) or 1
    articles = sum(1 for element in layout.region.chars if element.tag == "article")  # every element of a chain
    matrix[:, len(_OWN) + len(_BLOCK_TAG_COLUMNS) + len(TAG_NAMES) + 2 * len(NAME_GROUPS) :] = \
        signals.columns(articles)
    first_h1, containers, widgets = layout.first_h1, _container_columns(layout), words_of.widgets
    position = 0
    own: list[tuple[float, ...]] = []
    for index, block in enumerate(blocks):
        text, found, count_words = block.text, tokens[index], words[index]
        lowered = list(map(str.lower, found))
        stopword_density, capitalised = _word_shares(found, lowered, stop)
        short = count_words <= _SHORT_WORDS * 3
        furniture = furniture_hits(text, lowered, phrases, starts, symbols) if short else 0
        low, high = max(0, index - _WINDOW), min(count, index + _WINDOW + 1)
        window_words = layout.word_prefix[high] - layout.word_prefix[low]
        if index < top_first:
            distance = (top_first - index) / count
        elif index > top_last:
            distance = (index - top_last) / count
        else:
            distance = 0.0
        own.append((
            math.log1p(count_words), math.log1p(len(text)), link_density[index], stopword_density, capitalised,
            sum(map(str.isdigit, text)) / len(text), float(bool(_SENTENCE_END.search(text[-2:]))),
            float(block.hidden), block.depth / max_depth, index / count, position / max(1, total_chars + count),
            math.log1p(words[index - 1]) if index else 0.0,
            math.log1p(words[index + 1]) if index + 1 < count else 0.0,
            link_density[index - 1] if index else 0.0,
            link_density[index + 1] if index + 1 < count else 0.0,
            (layout.prose_prefix[high] - layout.prose_prefix[low]) / max(1, window_words),
            float(layout.prose[index]), float(layout.in_main[index]), float(layout.region.main is not None),
            float(layout.in_top[index]), float(layout.in_top_parent[index]), float(index < top_first),
            float(index > top_last), distance, *containers[index], *page,
            float(index < first_prose), float(index > last_prose), float(bool(stop)),
            math.log1p(furniture), float(text.casefold().rstrip(" .:…") in widgets),
            math.log1p(repeats[text] - 1), float(first_h1 is not None and index < first_h1),
            (index - first_h1) / count if first_h1 is not None else 0.0,
        ))
        position += len(text) + 1
    matrix[:, : len(_OWN)] = own
    _mark_bits(matrix, blocks)
    return matrix

