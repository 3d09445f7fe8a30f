"""The markup rules (``html.*``): what the markup around a line says it is.

The block model (``cleaner.html.model``) decides which blocks are content; these rules name the rest. A
line the model rejects is removed under the rule its markup names (``html.furniture`` in a ``<nav>``,
``html.related`` in a related box, ``html.hidden``, ``html.link-line``, ... and ``html.boilerplate`` when
nothing does), its reason carrying the model's score. Whatever the model says, the headline (``<h1>``,
``og:title``) is the title, and a short line in a caption, credit, byline or date box is that metadata.
Captions, credits, related headlines and subheadings are also read from the boxes of the page where no
line holds them (:func:`page_furniture`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

import lxml.html

from cleaner.article import Related, Removal
from cleaner.blocks import Draft, Fragment, claim, word_count
from cleaner.config import Config
from cleaner.html.blocks import TAG_BITS, Block
from cleaner.html.doubts import DOUBTED, DOUBTED_WORDS, settle_doubts
from cleaner.html.page import BYLINE_LABEL, PageInfo, element_text, line_key
from cleaner.passes._text import strip_bullet
from cleaner.pipeline import Check, Plan

_DIGIT = re.compile(r"\d")
#: On a page that is one article (:meth:`PageInfo.one_article`), a line the model keeps with less than
#: this probability is still removed when its markup names it hidden, a widget or a related box, and a
#: line that is all link or in a comment is removed whatever the model says: an article's body is prose,
#: and those boxes around it are what an unsure model lets through (readers' comments are not the
#: article's). On other pages (products, listings, forums) such boxes hold the content, and only the
#: model decides.
_ARTICLE_UNSURE = 0.6
_URL_TEXT = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_TITLE_TAGS = frozenset({"h1"})
#: Containers whose lines are page furniture when the model rejects them.
_FURNITURE_TAGS = frozenset({"nav", "aside", "footer", "form", "button", "select", "menu"})
#: A "small box" is an ancestor whose text is at most this many characters (or 3x the line): its class
#: and id name what the box is. Beyond that the ancestor is a page region whose class ("post
#: author-jane single") says nothing about one line.
_SMALL_BOX_CHARS = 400
_SMALL_BOX_DEPTH = 4
#: A line whose text is at least this share link text, in at most this many words, is a link to elsewhere.
_LINK_DENSITY = 0.9
_MAX_LINK_LINE_WORDS = 20
_MAX_META_LINE_WORDS = 14

_CAPTION_NAMES = re.compile(r"caption|legend|image-?desc", re.IGNORECASE)
_CREDIT_NAMES = re.compile(r"credit|copyright|photographer", re.IGNORECASE)
_RELATED_NAMES = re.compile(r"related|recommend|read-?more|more-?(?:stories|news|articles)|also|trending|"
                            r"popular|promo|outbrain|taboola|teaser|latest|reading-?list|you-?may",
                            re.IGNORECASE)
_BYLINE_NAMES = re.compile(r"byline|\bauthor\b|writer", re.IGNORECASE)
_COMMENT_NAMES = re.compile(r"comment|disqus|respond|reply", re.IGNORECASE)
#: On a page for one product, its buyers' reviews (a review box or a review widget's) are comments too.
_REVIEW_NAMES = re.compile(r"(?<!p)review|yotpo|okendo|jdgm|judge-?me|stamped|bazaarvoice|\bbv[-_]|trustpilot|"
                           r"testimonial", re.IGNORECASE)
#: How many boxes up from a line the model keeps a comment box may be, on a page that is one article.
_COMMENT_DEPTH = 4
#: ... unless the lines kept outside the comments hold fewer words than this.
_MIN_ARTICLE_WORDS = 30
#: Caption, related and byline names in one pattern, for the walk over every element of a page: it
#: searches lower-cased names, which is three times faster than an IGNORECASE alternation.
_SCANNED_NAMES = re.compile(f"(?P<caption>{_CAPTION_NAMES.pattern}|{_CREDIT_NAMES.pattern})|"
                            f"(?P<related>{_RELATED_NAMES.pattern})|(?P<byline>{_BYLINE_NAMES.pattern})")
_BOX_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("caption", _CAPTION_NAMES),
    ("credit", _CREDIT_NAMES),
    ("byline", re.compile(r"byline|author|writer|contributor|reporter", re.IGNORECASE)),
    ("date", re.compile(r"date|time(?!line)|published|updated|posted", re.IGNORECASE)),
    ("related", _RELATED_NAMES),
    ("widget", re.compile(r"newsletter|subscri|sign-?up|share|social|follow|advert|^ads?\b|[-_]ads?\b|"
                          r"sponsor|breadcrumb|\bnav|menu|toolbar|tools\b|print|comment|rating|poll|cookie|consent|"
                          r"signin|login|paywall|app-?promo|download", re.IGNORECASE)),
)
_MEDIA = frozenset({"img", "picture", "video", "iframe", "svg", "figure"})
#: ``Block.tags`` bits: set when one of the tags above is around the block (or one that shares its bit).
#: No block is inside a ``<button>`` or a ``<select>``: the walk skips them.
_HEADING_BIT = 1 << TAG_BITS["h1"]
_HEADER_BIT = 1 << TAG_BITS["header"]
_FURNITURE_BITS = sum({1 << TAG_BITS[tag] for tag in _FURNITURE_TAGS if tag in TAG_BITS})


def _chain(element: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The element and its ancestors, innermost first: every markup rule reads this one list."""
    return [element, *element.iterancestors()]


def _names(element: lxml.html.HtmlElement) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}"


class _Elements:
    """What the rules ask of a page's elements, answered once a page for each element: the length of its
    text, what its class and id name it, whether a box around it is named for comments, whether it holds
    an image. The elements are
    those of the blocks' chains, which keep one proxy object for each while the page is cleaned."""

    __slots__ = ("chars", "comment_named", "comments", "kinds", "media", "stripped")

    def __init__(self) -> None:
        self.chars: dict[lxml.html.HtmlElement, int] = {}
        self.stripped: dict[lxml.html.HtmlElement, int] = {}
        self.media: dict[lxml.html.HtmlElement, bool] = {}
        self.comments: dict[lxml.html.HtmlElement, bool] = {}
        self.comment_named: dict[lxml.html.HtmlElement, bool] = {}
        self.kinds: dict[lxml.html.HtmlElement, str | None] = {}

    def text_chars(self, element: lxml.html.HtmlElement) -> int:
        """The length of the element's text."""
        size = self.chars.get(element)
        if size is None:
            size = self.chars[element] = len(element.text_content())
        return size

    def stripped_chars(self, element: lxml.html.HtmlElement) -> int:
        """The length of the element's text without the spaces around it."""
        size = self.stripped.get(element)
        if size is None:
            size = self.stripped[element] = len(element.text_content().strip())
        return size

    def kind(self, element: lxml.html.HtmlElement) -> str | None:
        """What the element's class and id call it (:func:`_named_kind`), None when they name nothing."""
        if element in self.kinds:
            return self.kinds[element]
        names = _names(element)
        kind = self.kinds[element] = _named_kind(names) if names.strip() else None
        return kind

    def named_for_comments(self, element: lxml.html.HtmlElement) -> bool:
        """The element's own class or id names a comments box."""
        found = self.comment_named.get(element)
        if found is None:
            found = self.comment_named[element] = bool(_COMMENT_NAMES.search(_names(element)))
        return found

    def holds_media(self, element: lxml.html.HtmlElement) -> bool:
        """The element is or holds an image, a video, an embedded frame or a figure."""
        found = self.media.get(element)
        if found is None:
            found = self.media[element] = next(element.iter(*_MEDIA), None) is not None
        return found

    def in_comments(self, chain: Sequence[lxml.html.HtmlElement]) -> bool:
        """An element of ``chain`` (an element and its ancestors) has a name of a comments box."""
        found = False
        for depth, element in enumerate(chain):
            known = self.comments.get(element)
            if known is not None:
                found = known
                break
            if self.named_for_comments(element):
                found = True
                depth += 1
                break
        else:
            depth = len(chain)
        for element in chain[:depth]:  # the elements below the answer share it
            self.comments[element] = found
        return found


def _box_kind(chain: Sequence[lxml.html.HtmlElement], line_chars: int, elements: _Elements) -> str | None:
    """What the small boxes around a line call themselves: 'caption', 'byline', 'related', 'widget', ..."""
    limit = max(_SMALL_BOX_CHARS, 3 * line_chars)
    for depth, ancestor in enumerate(chain):
        if depth >= _SMALL_BOX_DEPTH or (depth and elements.text_chars(ancestor) > limit):
            return None
        if ancestor.tag == "figcaption":
            return "caption"
        kind = elements.kind(ancestor)
        if kind is not None:
            return kind
    return None


@lru_cache(maxsize=1 << 16)  # pure: a page's boxes share their names
def _named_kind(names: str) -> str | None:
    """The first of ``_BOX_PATTERNS`` a box's names match."""
    if not _ANY_BOX_NAME.search(names):  # most names are none of them: one search instead of six
        return None
    return next((kind for kind, pattern in _BOX_PATTERNS if pattern.search(names)), None)


_ANY_BOX_NAME = re.compile("|".join(f"(?:{pattern.pattern})" for _kind, pattern in _BOX_PATTERNS), re.IGNORECASE)


def _beside_image(chain: Sequence[lxml.html.HtmlElement], line_chars: int, elements: _Elements) -> bool:
    """True when the smallest boxes around the line hold no other text but do hold an image: the
    line is that image's caption, whatever its class says."""
    for depth, ancestor in enumerate(chain):
        if depth > _SMALL_BOX_DEPTH or elements.stripped_chars(ancestor) > line_chars + 20:
            return False
        if elements.holds_media(ancestor):
            return True
    return False


def _in_tag(chain: Sequence[lxml.html.HtmlElement], tags: frozenset[str]) -> str | None:
    """The nearest ancestor (or the element) with one of ``tags``."""
    return next((str(ancestor.tag) for ancestor in chain if ancestor.tag in tags), None)


def find_markup_lines(draft: Draft, blocks: Sequence[Block], probabilities: Sequence[float], threshold: float,
                      info: PageInfo, config: Config, *, article: bool = False,
                      product: bool = False) -> Iterator[Removal]:
    """Yield a removal for each line the block model rejects, named by the markup around it, and for each
    line the markup names as the title, a caption, a byline, a date or a credit whatever the model says.

    ``blocks[i]`` is the block of the draft's line ``i``, ``probabilities[i]`` the model's P(content).
    On a page that is one article, comments go whatever the model says; on a page for one product
    (``product``, and not ``article``), so do its reviews.
    """
    reviews = product and not article and config.enabled("html.review")
    title_keys = {line_key(title) for title in info.titles if word_count(title) >= 2}
    title_seen = False
    elements = _Elements()
    found: list[Removal] = []
    comments: list[Removal] = []  # the lines the model keeps in the comments under one article
    kept_words = 0
    kept: list[tuple[int, int, bool]] = []  # (line, words, ends a sentence) of each line the model keeps
    doubted: dict[int, tuple[Fragment, float, bool]] = {}  # start of a doubted html.boilerplate removal
    for fragment in draft.remaining():
        index = fragment.line.index
        block = blocks[index]
        text = strip_bullet(fragment.text)
        key = line_key(text)
        chain = block.chain
        if key and (key in title_keys or (block.tags & _HEADING_BIT and _in_tag(chain, _TITLE_TAGS))):
            if config.enabled("html.title"):
                reason = "the line is the page's headline (<h1>, og:title or <title>)"
                found.append(claim(fragment, "title", "html.title", reason, value=None if title_seen else text))
                title_seen = True
            continue
        words = key.count(" ") + 1 if key else 0
        box = _box_kind(chain, len(text), elements)
        removal = _name_line(fragment, text, words, box, config)
        if removal is None and not key:
            if config.enabled("html.boilerplate"):
                found.append(claim(fragment, "boilerplate", "html.boilerplate", "the line holds no word, only symbols"))
            continue
        if (removal is None and reviews and probabilities[index] >= threshold
                and any(_REVIEW_NAMES.search(_names(box)) for box in chain[:_COMMENT_DEPTH])):
            # the buyers' word on the product, not the shop's: comments, held back as those under an article
            comments.append(claim(fragment, "comments", "html.review",
                                  f"the block model keeps it ({probabilities[index]:.2f}) but it is in a review box "
                                  "on a product page"))
            continue
        if removal is None and probabilities[index] < threshold:
            removal = _rejected(fragment, text, words, block, elements, box, float(probabilities[index]), threshold,
                                config)
        elif removal is None and article:
            removal = _rejected(fragment, text, words, block, elements, box, float(probabilities[index]), threshold,
                                config, named_only=True)
            if removal is not None and removal.kind == "comments":
                comments.append(removal)
                continue
        if removal is None:
            kept_words += words
            kept.append((index, words, fragment.ends_sentence))
        else:
            found.append(removal)
            if removal.rule == "html.boilerplate" and probabilities[index] >= DOUBTED:
                prose = words >= DOUBTED_WORDS and fragment.ends_sentence
                doubted[removal.start] = (fragment, float(probabilities[index]), prose)
    if doubted or article:
        found = settle_doubts(draft, found, doubted, kept, blocks, elements.text_chars, config, article=article)
    # Comments (and reviews) are the readers', unless nothing but them would be left: then the page is a
    # discussion that calls itself an article (a forum thread), and its comments are its content.
    if kept_words >= _MIN_ARTICLE_WORDS:
        found.extend(comments)
    yield from sorted(found, key=attrgetter("start"))


def _name_line(fragment: Fragment, text: str, words: int, box: str | None, config: Config) -> Removal | None:
    """The metadata a short line's box names, whatever the block model says of it: a caption, a credit, a
    byline, a date (``box``: what :func:`_box_kind` calls its boxes)."""
    if box == "caption" and config.enabled("html.caption"):
        return claim(fragment, "caption", "html.caption", "the line is a <figcaption> or a caption box",
                     value=text)
    if box == "credit" and words <= _MAX_META_LINE_WORDS and config.enabled("html.credit"):
        return claim(fragment, "photo-credit", "html.credit", "the line is in a credit or copyright box",
                     value=text)
    if box == "byline" and words <= _MAX_META_LINE_WORDS and config.enabled("html.byline"):
        return claim(fragment, "byline", "html.byline", "the line is in a byline or author box",
                     value=BYLINE_LABEL.sub("", text))
    if (box == "date" and words <= _MAX_META_LINE_WORDS and _DIGIT.search(text)
            and config.enabled("html.date")):
        return claim(fragment, "date-header", "html.date", "the line is in a date box")
    return None


def _rejected(fragment: Fragment, text: str, words: int, block: Block, elements: _Elements,
              box: str | None, probability: float, threshold: float, config: Config, *,
              named_only: bool = False) -> Removal | None:
    """The removal of a line the block model scores as not content, under the rule its markup names.

    With ``named_only`` (a line the model keeps, on a page that is one article) the markup must name the
    line, not merely contain it: hidden text, related boxes and widgets when the model is unsure of it
    (below ``_ARTICLE_UNSURE``), and a line that is all link.
    """
    chain = block.chain
    if named_only:
        verdict = f"the block model keeps it ({probability:.2f}) on a page that is one article"
        # not elements.in_comments: it answers for the whole chain, and caches that answer
        comment = any(map(elements.named_for_comments, chain[:_COMMENT_DEPTH]))
        if comment and config.enabled("html.comment"):
            # a comment under an article is the readers', not the article's (the comment itself, a few boxes
            # up: not merely somewhere under a page-wide box whose names mention comments)
            return claim(fragment, "comments", "html.comment", f"{verdict}; it is in a comment box")
        if probability >= _ARTICLE_UNSURE:  # a bare URL the model keeps is a source the text cites
            return None if _URL_TEXT.match(text) else _link_line(fragment, text, words, block, verdict, config)
    else:
        verdict = f"the block model scores it {probability:.2f} (< {threshold:.2f})"
    if block.hidden and config.enabled("html.hidden"):
        return claim(fragment, "navigation", "html.hidden", f"{verdict}; the page hides it")
    # the tags around the block, as bits, rule out most lines before their chain is read
    furniture = None if named_only or not block.tags & _FURNITURE_BITS else _in_tag(chain, _FURNITURE_TAGS)
    if furniture and config.enabled("html.furniture"):
        return claim(fragment, "navigation", "html.furniture", f"{verdict}; it is inside a <{furniture}> element")
    if not named_only and block.tags & _HEADER_BIT and config.enabled("html.header"):
        return claim(fragment, "header", "html.header", f"{verdict}; it is inside the page's <header>")
    if (not named_only and config.enabled("html.comment")
            and elements.in_comments(chain)):
        return claim(fragment, "comments", "html.comment", f"{verdict}; it is in a comments box")
    if box == "related" and config.enabled("html.related"):
        return claim(fragment, "related-link", "html.related", f"{verdict}; it is in a related-stories box",
                     value=text, meta=(("role", "headline"),))
    if box == "widget" and config.enabled("html.widget"):
        return claim(fragment, "navigation", "html.widget",
                     f"{verdict}; it is in a box named for a widget (newsletter, share, promo, ...)")
    if (not named_only and box is None and words <= _MAX_LINK_LINE_WORDS and not fragment.ends_sentence
            and _beside_image(chain, len(text), elements) and config.enabled("html.image-caption")):
        return claim(fragment, "caption", "html.image-caption", f"{verdict}; it is alone in a box with an image")
    link = _link_line(fragment, text, words, block, verdict, config)
    if link is not None or named_only or not config.enabled("html.boilerplate"):
        return link
    return claim(fragment, "boilerplate", "html.boilerplate", verdict)


def _link_line(fragment: Fragment, text: str, words: int, block: Block, verdict: str,
               config: Config) -> Removal | None:
    """``html.link-line`` for a short line that is all link; its text is a related headline unless it is
    a bare URL or too short to name a story."""
    if (words > _MAX_LINK_LINE_WORDS or block.link_chars < _LINK_DENSITY * len(block.text)
            or not config.enabled("html.link-line")):
        return None
    headline = words >= _MIN_RELATED_WORDS and not _URL_TEXT.match(text)
    return claim(fragment, "related-link", "html.link-line", f"{verdict}; the whole line is a link",
                 value=text if headline else None, meta=(("role", "headline"),) if headline else ())


# ---------------------------------------------------------------------------
# What the markup says beyond the lines
# ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PageBoxes:
    """The boxes of a page that hold captions and credits, related headlines or bylines, in page order:
    read for metadata even where no line of the body holds them."""

    captions: tuple[lxml.html.HtmlElement, ...] = ()
    related: tuple[lxml.html.HtmlElement, ...] = ()
    bylines: tuple[lxml.html.HtmlElement, ...] = ()


def page_boxes(root: lxml.html.HtmlElement) -> PageBoxes:
    """One walk over the page's elements, noting the caption, related and byline boxes by their tag and names.

    >>> root = lxml.html.fromstring("<div><figure><figcaption>A</figcaption></figure><aside>B</aside></div>")
    >>> [len(found) for found in (page_boxes(root).captions, page_boxes(root).related)]
    [1, 1]
    """
    body = root.find("body")
    boxes: dict[str, list[lxml.html.HtmlElement]] = {"caption": [], "related": [], "byline": []}
    for element in (body if body is not None else root).iter():
        tag = element.tag
        if tag == "figcaption":
            boxes["caption"].append(element)
            continue
        if tag == "aside":
            boxes["related"].append(element)
            continue
        if not isinstance(tag, str):
            continue
        css, ident = element.get("class"), element.get("id")
        # no pattern holds a space: the first match in "class id" is the class's, else the id's
        kind = (_scanned_kind(css) if css else None) or (_scanned_kind(ident) if ident else None)
        if kind is not None:
            boxes[kind].append(element)
    return PageBoxes(tuple(boxes["caption"]), tuple(boxes["related"]), tuple(boxes["byline"]))


@lru_cache(maxsize=1 << 16)  # pure: sites share their class names, and pages repeat them
def _scanned_kind(names: str) -> str | None:
    """The group of ``_SCANNED_NAMES`` that first matches a class or an id: 'caption', 'related', 'byline'."""
    found = _SCANNED_NAMES.search(names.lower())
    return found.lastgroup if found is not None else None


@dataclass(frozen=True, slots=True)
class Furniture:
    """Captions, credits, related headlines and subheadings read from the markup of the article."""

    captions: tuple[str, ...] = ()
    photo_credits: tuple[str, ...] = ()
    related: tuple[Related, ...] = ()
    headings: tuple[str, ...] = ()


_HEADING_TAGS = frozenset({"h2", "h3", "h4"})
_CREDIT_LABEL = re.compile(r"^(?:photo|image|picture|foto|credit|source)s?(?:\s+credit)?\s*[:/|-]\s*",
                           re.IGNORECASE)
_MAX_CAPTION_WORDS = 80
_MAX_CREDIT_CHARS = 100
_MIN_RELATED_WORDS = 4
_MAX_RELATED_BOX_CHARS = 3000
_MAX_RELATED = 20
_BLOCK_REGION_TAGS = frozenset({"div", "section", "article", "main", "body"})


def article_region(elements: Sequence[lxml.html.HtmlElement]) -> lxml.html.HtmlElement | None:
    """The element that holds the article: the nearest ``<article>`` around the common ancestor of the
    body's elements, or that ancestor itself (a paragraph's parent at least)."""
    if not elements:
        return None
    # In a tree, the common ancestor of nodes in document order is that of the first and the last.
    common = list(reversed(_chain(elements[0])))
    above = _chain(elements[-1])  # held, so that each element keeps its one proxy while compared
    keep = 0
    while keep < len(common) and any(ancestor is common[keep] for ancestor in above):
        keep += 1
    if not keep:
        return None
    region = common[keep - 1]
    if region.tag not in _BLOCK_REGION_TAGS and region.getparent() is not None:
        region = region.getparent()
    enclosing = next((ancestor for ancestor in _chain(region) if ancestor.tag == "article"), None)
    return enclosing if enclosing is not None else region


def page_furniture(boxes: PageBoxes, elements: Mapping[str, lxml.html.HtmlElement],
                   paragraphs: Sequence[str]) -> Furniture:
    """Captions and credits inside the article, related headlines in related boxes anywhere on the page,
    and the body paragraphs that are ``<h2>``-``<h4>`` elements: what the markup says even where no line
    of the body holds them. ``elements`` maps a line's key to its block's element."""
    found = [elements[key] for key in (line_key(paragraph) for paragraph in paragraphs) if key in elements]
    region = article_region(found)
    captions: list[str] = []
    credits: list[str] = []
    for element in boxes.captions:
        if region is None or _hidden_attribute(element) or not any(
                ancestor is region for ancestor in element.iterancestors()):
            continue
        if element.tag == "figcaption" or _CAPTION_NAMES.search(_names(element)):
            caption = _caption_text(element)
            if caption and word_count(caption) <= _MAX_CAPTION_WORDS:
                captions.append(caption)
        else:
            credit = _CREDIT_LABEL.sub("", element_text(element))
            if credit and len(credit) <= _MAX_CREDIT_CHARS:
                credits.append(credit)
    headings = tuple(paragraph for paragraph in paragraphs
                     if (element := elements.get(line_key(paragraph))) is not None and element.tag in _HEADING_TAGS)
    return Furniture(unique(captions), unique(credits), related_links(boxes.related, region), headings)


def _caption_text(element: lxml.html.HtmlElement) -> str:
    """A caption's text without the credit it often carries inside it."""
    text = element_text(element)
    for inner in element.iter():
        if inner is not element and isinstance(inner.tag, str) and _CREDIT_NAMES.search(_names(inner)):
            text = text.replace(element_text(inner), "").strip()
    return text


def _hidden_attribute(element: lxml.html.HtmlElement) -> bool:
    return element.get("hidden") is not None or element.get("aria-hidden") == "true"


def related_links(boxes: Sequence[lxml.html.HtmlElement],
                  region: lxml.html.HtmlElement | None) -> tuple[Related, ...]:
    """Headlines linked from ``<aside>`` elements and boxes named related, recommended, ... outside the
    article (menus are left out: their links are a word or two, a headline ``_MIN_RELATED_WORDS`` or more)."""
    found: dict[str, Related] = {}
    for element in boxes:
        if len(found) >= _MAX_RELATED:
            break
        if element is region or len(element.text_content()) > _MAX_RELATED_BOX_CHARS or _in_tag(
                _chain(element), frozenset({"nav", "footer"})):
            continue
        for link in element.iter("a"):
            headline = element_text(link)
            if word_count(headline) >= _MIN_RELATED_WORDS and headline not in found:
                found[headline] = Related(headline)
    return tuple(found.values())[:_MAX_RELATED]


def link_density(element: lxml.html.HtmlElement) -> float:
    """Share of the element's text inside links (1.0 when the element itself is in a link)."""
    if any(ancestor.tag == "a" for ancestor in _chain(element)):
        return 1.0
    total = len(element_text(element))
    if not total:
        return 0.0
    return min(1.0, sum(len(element_text(link)) for link in element.iter("a")) / total)


#: A related headline links to its story: a line that the text rule takes for one stands only if at
#: least this share of its element's text is link text.
_MIN_HEADLINE_LINK_DENSITY = 0.5


def linked_headlines(elements: Mapping[str, lxml.html.HtmlElement]) -> Check:
    """The check that the trailing-list step runs with on a page: the markup has the last word.

    ``related.trailing-list`` guesses related headlines from the shape of the closing lines alone. A
    closing list of facts ("England (Group A): 10th appearance") has that shape, but in the page it is
    plain text, not links: such a line stays in the body (and the later steps see it there).
    """

    def links(removal: Removal, draft: Draft, config: Config, plan: Plan) -> bool:
        # the line as the page has it ("1) Lego Star Wars"), else without its bullet ("• Lego Star Wars", a
        # bullet the list drew)
        element = elements.get(line_key(removal.text))
        if element is None:
            element = elements.get(line_key(strip_bullet(removal.text)))
        return element is None or link_density(element) >= _MIN_HEADLINE_LINK_DENSITY

    return links


def unique(values: Iterable[str]) -> tuple[str, ...]:
    """The values in order, without repeats or empty ones."""
    return tuple(dict.fromkeys(value for value in values if value))
