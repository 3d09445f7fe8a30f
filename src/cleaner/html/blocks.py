"""A page's text as blocks, each with what the markup around it says: the input of the block model.

A *block* is a run of text between two block-level boundaries (a paragraph, a list item, a table cell, a
heading, a line cut by ``<br>``), as a browser lays it out, with the innermost block element that holds it.
One walk over the tree gives every block its text, how much of it is link text, the tags of note around it
(``<nav>``, ``<footer>``, ``<article>``, ``<li>``, ...) and the kinds of names its boxes carry in their
``class`` and ``id`` (navigation, sidebar, share, related, comment, content, product, ...).

``cleaner.html.features`` turns the blocks into the block model's rows. Nothing here decides anything: the
model does (``cleaner.html.model``), and the markup rules name what it dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, cast

import lxml.etree
import lxml.html

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
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


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


#: What no control holds: a ``<button>`` around them is one the parser left open over the page (a
#: dropdown's button may hold a list or paragraphs, and is skipped as a control).
_FIND_PAGE_PART = lxml.etree.XPath("(.//main|.//article|.//h1)[1]")


def _holds_page(element: lxml.html.HtmlElement) -> bool:
    """True for a ``<button>`` that holds a ``<main>``, an ``<article>`` or an ``<h1>``: libxml2's parser
    leaves a button open when a ``<div>`` inside it is never closed, and nests the rest of the page in it (a
    browser closes both at ``</button>``); skipping it as a control would drop the article unseen.

    >>> root = lxml.html.fromstring("<div><button><div>Menu</button><main><p>The article.</p></main></div>")
    >>> _holds_page(root.find(".//button")), [block.text for block in page_blocks(root)]
    (True, ['Menu', 'The article.'])
    """
    return bool(_FIND_PAGE_PART(element))


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
            if tag in _CUT_TAGS and not (tag == "button" and _holds_page(element)):
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
        # spaces that open a block are stripped with it: left out, they cost no flush of an empty block
        if text and (pieces or not text.isspace()):
            pieces.append(text)
            if box[1] & _LINK_BIT:
                link_chars += len(text.strip())
    return blocks
