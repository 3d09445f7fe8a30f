"""Markup a parser chokes on, made parseable before lxml (and the extractors after it) see it.

Two things in real and in hostile pages make libxml2, and the regexes that trafilatura, jusText and our
own markup rules run over class names, slow or lossy:

* **Tags with thousands of attributes, or megabyte attribute values** (an inline base64 image, a JSON
  blob in a ``data-`` attribute, or an attack). libxml2 checks each new attribute against all earlier
  ones, so 100 000 attributes take minutes; a class name of two million characters is searched by every
  box rule. No rule reads such values, so a long tag keeps its first attributes and loses the rest and
  the overlong values (:func:`tame_tags`).
* **Nesting past libxml2's depth limit** (255 levels without ``XML_PARSE_HUGE``, 2048 with it). The parser
  stops there, and everything after that point, nested or not, is silently lost: 300 unclosed ``<font>``
  tags on an old forum page are enough. When the parse reports it, :func:`flatten_nesting` drops the tags
  below a safe depth (their text stays, inline) and the page is parsed again.

Both are linear in the page and change nothing on pages that do not need them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

#: A start tag longer than this is looked at attribute by attribute (a few real tags are: srcset lists).
LONG_TAG_CHARS = 10_000
#: A tag keeps at most this many attributes, and none longer than ``MAX_ATTRIBUTE_CHARS``.
MAX_ATTRIBUTES = 1_000
MAX_ATTRIBUTE_CHARS = 10_000
#: Tags below this depth are dropped by ``flatten_nesting``: well under libxml2's 255, since a parser
#: nests implied elements (html, body, tbody) that the tags do not show, and low enough for jusText, whose
#: time grows with the number of elements times their depth.
MAX_DEPTH = 100

# [^<>] stops at the next < or >: the scans from successive "<" never overlap, so the search is linear;
# the attributes start with a space or "/", which the name cannot hold, so the two never trade characters.
_LONG_TAG = re.compile(rf"<([A-Za-z][^\s<>/]*)([\s/][^<>]{{{LONG_TAG_CHARS},}})>")
# An attribute: a name, then an optional value; it starts on a name character, never on a space, so a run
# of spaces is not rescanned from each of its positions.
_ATTRIBUTE = re.compile(r"""[^\s"'=<>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]*))?""")
# What a tokenizer has to skip or follow: a comment, or a start or end tag's name.
_TOKEN = re.compile(r"<!--|<(/?)([A-Za-z][A-Za-z0-9:-]*)")
#: Elements without content: they never nest.
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr", "basefont", "bgsound", "frame", "keygen", "image", "isindex", "nextid"})
#: Elements whose content is text up to their end tag, whatever tags it seems to hold.
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
                       "plaintext"})
_RAW_TEXT_END = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in _RAW_TEXT}
#: Elements a second start tag of the same name closes (``<p>a<p>b`` are siblings, not nested).
_SELF_CLOSING_SIBLINGS = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rt", "rp"})


def _tame_tag(match: re.Match[str]) -> str:
    name, attributes = match.group(1), match.group(2)
    kept: list[str] = []
    for found in _ATTRIBUTE.finditer(attributes):
        if len(kept) == MAX_ATTRIBUTES:
            break
        if len(found.group()) <= MAX_ATTRIBUTE_CHARS:
            kept.append(found.group())
    closing = "/" if attributes.rstrip().endswith("/") else ""
    return f"<{name}{''.join(' ' + attribute for attribute in kept)}{closing}>"


def tame_tags(html: str) -> str:
    """The page with every overlong start tag cut down to its first ``MAX_ATTRIBUTES`` attributes, each at
    most ``MAX_ATTRIBUTE_CHARS`` long; other tags are left exactly as they are.

    >>> page = '<p class="story" ' + " ".join(f"a{i}=x" for i in range(5000)) + ">Text</p>"
    >>> tamed = tame_tags(page)
    >>> tamed.count("="), tamed[:24], tamed[-15:]
    (1000, '<p class="story" a0=x a1', 'a998=x>Text</p>')
    >>> tame_tags('<img src="data:image/png;base64,' + "A" * 20000 + '" alt="A chart">')
    '<img alt="A chart">'
    """
    if len(html) <= LONG_TAG_CHARS:
        return html
    # A long tag's name and attributes hold no "<": after its "<", the page's next ">" is the tag's own, more
    # than LONG_TAG_CHARS further. Splitting at "<" finds the few places to search, five times faster than
    # the search over the whole page (most pages have none).
    if not any(len(piece) > LONG_TAG_CHARS and piece.find(">") > LONG_TAG_CHARS for piece in html.split("<")):
        return html
    return _LONG_TAG.sub(_tame_tag, html)


def flatten_nesting(html: str, max_depth: int = MAX_DEPTH) -> str:
    """The page without the start tags (and their end tags) that would nest deeper than ``max_depth``:
    their text stays where it was, one level up, and so does every tag inside them. Comments and raw-text
    elements (scripts, styles) are skipped whole; the depth is a tokenizer's estimate, a little above
    what a parser builds.

    >>> flatten_nesting("<div>" * 5 + "deep" + "</div>" * 5 + "<p>after</p>", max_depth=2)
    '<div><div>deep</div></div><p>after</p>'
    >>> flatten_nesting("<ul><li>a<li>b<li>c</ul>", max_depth=2)
    '<ul><li>a<li>b<li>c</ul>'
    """
    nesting = _Nesting(max_depth)
    pieces: list[str] = []
    kept_until = 0
    for start, end, closing, name in _nesting_tags(html):
        if nesting.end(name) if closing else nesting.start(name):
            pieces.append(html[kept_until:start])
            kept_until = end + 1
    pieces.append(html[kept_until:])
    return "".join(pieces)


def _nesting_tags(html: str) -> Iterator[tuple[int, int, bool, str]]:
    """(where the tag starts, where its ``>`` is, whether it is an end tag, its name in lower case) of each
    tag that opens or closes an element, in page order: comments, void elements and raw-text elements
    (with what they hold) are passed over, and an unfinished tag ends the page.

    >>> list(_nesting_tags("<p>a<br><!-- <b> --><script>x<i></script></P>"))
    [(0, 2, False, 'p'), (41, 44, True, 'p')]
    """
    position = 0
    while True:
        token = _TOKEN.search(html, position)
        if token is None:
            return
        if token.group() == "<!--":
            end = html.find("-->", token.end())
            position = len(html) if end < 0 else end + 3
            continue
        end = html.find(">", token.end())
        if end < 0:
            return
        position = end + 1
        closing, name = token.group(1) == "/", token.group(2).lower()
        if name in _VOID:
            continue
        if name in _RAW_TEXT:
            # kept at any depth (dropped, a script's code would become text), and never a parent: skip to
            # its end tag, which closes nothing on the stack
            if not closing:
                close = _RAW_TEXT_END[name].search(html, position)
                position = len(html) if close is None else close.end()
            continue
        yield token.start(), end, closing, name


class _Nesting:
    """The elements open at a point of the page, as a tokenizer sees them, and the start tags dropped
    because they opened too deep (their end tags are dropped too, in turn)."""

    def __init__(self, max_depth: int) -> None:
        self.max_depth = max_depth
        self.stack: list[str] = []
        self.open_counts: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()
        self.dropped_open = 0

    def start(self, name: str) -> bool:
        """Open an element: True when its start tag is to be dropped, at ``max_depth`` already."""
        if name in _SELF_CLOSING_SIBLINGS and self.stack and self.stack[-1] == name and not self.dropped_open:
            self.open_counts[self.stack.pop()] -= 1
        if len(self.stack) + self.dropped_open >= self.max_depth:
            self.skipped[name] += 1
            self.dropped_open += 1
            return True
        self.stack.append(name)
        self.open_counts[name] += 1
        return False

    def end(self, name: str) -> bool:
        """Close an element: True when its end tag is to be dropped, its start tag having been. An end tag
        closes every element opened after the last one of its name; one with none open closes nothing."""
        if self.skipped[name]:
            self.skipped[name] -= 1
            self.dropped_open -= 1
            return True
        if self.open_counts[name]:
            while self.stack:
                popped = self.stack.pop()
                self.open_counts[popped] -= 1
                if popped == name:
                    break
        return False
