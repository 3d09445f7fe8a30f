"""HTML input: the page's main content as text, what its markup says about each line, then the passes.

``clean_html`` turns a page into the same ``Article`` as ``clean`` with the same audit trail. Three steps:

1. *Extract.* Once the metadata is read, scripts, styles, the head and ``<nav>`` are dropped and
   trafilatura, in its recall-oriented mode, renders the main content as text (one line per paragraph,
   heading or list item). Where it finds little, jusText gives a second opinion and the longer answer
   wins; an article body split into twin boxes is put back together. That text, normalised, is
   ``Article.normalized``: every offset of every removal points into it.
2. *Read the markup.* Each extracted line is found again in the DOM (by its words), and rules that only
   HTML makes possible claim lines: the ``<h1>`` or ``og:title`` (title), the meta description
   (standfirst), ``<figcaption>`` and credit boxes (captions, credits), bylines and date boxes, lines
   inside ``<aside>``/``<footer>``/small ``<form>`` elements or small boxes named newsletter, share, promo,
   related ..., hidden elements, and blocks that are nothing but a link (the "DON'T MISS" and "You may
   also like" lists trafilatura keeps inside article bodies). Their rules are ``html.<rule>`` and listed
   by ``cleaner rules``.
3. *Run the text passes* of ``clean()`` on what is left; a text rule's guess that a closing list is
   related headlines is overruled when the markup shows the items are not links. Captions, credits,
   related headlines and subheadings are also read from the markup where the extractor dropped them.

Metadata that ``Article.to_dict()`` has no key for (author, site name, canonical URL, description, the
page's declared language) is in ``Article.extra`` as ``(name, value)`` pairs; the date comes from the
markup (htmldate, no extensive search) before any date line in the text.

Nothing is fetched: lxml parses with ``no_network=True`` and without resolving entities, htmldate gets the
parsed tree (never a string it could take for a URL), and ``url`` is only read, to resolve a relative
canonical link. No JavaScript runs.
"""

from __future__ import annotations

import codecs
import dataclasses
import io
import json
import logging
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin

import lxml.etree
import lxml.html

from cleaner.article import Article, Related, Removal
from cleaner.blockmodel import load_block_model
from cleaner.blocks import Draft, Fragment, claim, ends_sentence, word_count
from cleaner.config import Config
from cleaner.documents import looks_like_html, looks_like_json
from cleaner.errors import InputError
from cleaner.files import GZIP_MAGIC, WEB_ENCODINGS, decode, read_stream
from cleaner.hostile import flatten_nesting, tame_tags
from cleaner.language import detect_language, stopwords
from cleaner.normalize import Normalized, normalize
from cleaner.pageblocks import Block, PageSignals, Vocabulary, block_features, page_blocks
from cleaner.passes._text import BULLET
from cleaner.pipeline import build_article, check_limits, clean, run_passes

logger = logging.getLogger(__name__)

#: Bytes searched for a declared charset, as browsers do (the HTML standard's prescan reads 1024).
_PRESCAN_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*(?:["']\s*)?([A-Za-z0-9_.:-]{1,40})""",
                           re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]{0,200}\?>")
_UNSAFE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
#: Labels a page declares that mean windows-1252 in every browser (the HTML standard's encoding table).
_WINDOWS_1252_ALIASES = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii"})

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_URL_TEXT = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_BYLINE_LABEL = re.compile(r"^(?:(?:posted|written|words|text|story|reported)\s+)?(?:by|von|par|por|di|door)\s+",
                           re.IGNORECASE)

#: Elements whose text can be one extracted line.
#: Inline formatting (a, em, strong, ...) is left out: a line that is all link or all bold has the same
#: words as its block, which is the element the rules judge (link density is measured inside it).
_LINE_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "td", "th", "figcaption",
              "blockquote", "pre", "caption", "address", "time", "span", "div", "section", "header", "footer",
              "article", "aside", "center")
#: Elements no extractor reads text from, dropped once the metadata is read (the head's is in ``PageInfo``),
#: and ``<nav>``, which trafilatura drops too: menus are often the largest part of a page's tree.
_NEVER_CONTENT = ("head", "script", "style", "svg", "template", "select", "option", "textarea", "input", "object",
                  "embed", "canvas", "map", "nav")
#: The same, for the explanation of what the extraction left out (``cleaner.extraction``).
NEVER_CONTENT: frozenset[str] = frozenset(_NEVER_CONTENT)
#: Containers whose every line is page furniture, whatever trafilatura thought of them.
_FURNITURE_TAGS = frozenset({"nav", "aside", "footer", "form", "button", "select", "menu"})
_TITLE_TAGS = frozenset({"h1"})
_HEADER_TAGS = frozenset({"header"})
_PARAGRAPH_TAGS = frozenset({"p", "span"})
#: A "small box" is an ancestor whose text is at most this many characters (or 3x the line): its class
#: and id name what the box is. Beyond that the ancestor is a page region whose class ("post
#: author-jane single") says nothing about one line.
_SMALL_BOX_CHARS = 400
_SMALL_BOX_DEPTH = 4
#: A line whose text is at least this share link text, in at most this many words, is a link to elsewhere.
_LINK_DENSITY = 0.9
_MAX_LINK_LINE_WORDS = 20
_MAX_META_LINE_WORDS = 14
#: Below this many characters of output, trafilatura "found little" and jusText gives a second opinion.
_LITTLE_CHARS = 500

_CAPTION_NAMES = re.compile(r"caption|legend|image-?desc", re.IGNORECASE)
_CREDIT_NAMES = re.compile(r"credit|copyright|photographer", re.IGNORECASE)
_RELATED_NAMES = re.compile(r"related|recommend|read-?more|more-?(?:stories|news|articles)|also|trending|"
                            r"popular|promo|outbrain|taboola|teaser|latest|reading-?list|you-?may",
                            re.IGNORECASE)
_BYLINE_NAMES = re.compile(r"byline|\bauthor\b|writer", re.IGNORECASE)
#: The four above in one pattern, for the walk over every element of a page: it searches lower-cased
#: names, which is three times faster than an IGNORECASE alternation.
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


# ---------------------------------------------------------------------------
# Bytes and parsing
# ---------------------------------------------------------------------------

def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes (``<meta charset>`` or http-equiv), if Python knows it.

    >>> declared_charset(b'<html><head><meta charset="ISO-8859-1">')
    'cp1252'
    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=utf-8">')
    'utf-8'
    >>> declared_charset(b'<meta charset="no-such-codec">') is None
    True
    """
    match = _META_CHARSET.search(data[:_PRESCAN_BYTES])
    if match is None:
        return None
    return _codec(match.group(1).decode("ascii"))


def _codec(label: str) -> str | None:
    """Python's codec for a charset label, as browsers read it (latin-1 means windows-1252), or None."""
    label = label.strip().strip("\"'").lower()
    if label in _WINDOWS_1252_ALIASES:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(data: bytes, charset: str | None = None) -> str:
    """Decode a page: a byte-order mark, then ``charset``, then the declared charset, then UTF-8, then detection.

    ``charset`` is what the transport said: the ``charset=`` of an HTTP ``Content-Type`` header (a WARC
    response's), which browsers trust over the page's own ``<meta>``. A charset, given or declared, that
    does not fit the bytes (a UTF-8 page served or labelled as latin-1 is common) is passed over rather
    than trusted into mojibake.

    >>> decode_html('<meta charset="windows-1252"><p>café</p>'.encode("cp1252"))[-11:]
    '<p>café</p>'
    >>> decode_html('<p>café</p>'.encode("latin-1"), charset="ISO-8859-1")
    '<p>café</p>'
    """
    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        for found, source in ((charset and _codec(charset), "given"), (declared_charset(data), "declared")):
            if found is None or found in ("utf-16", "utf-32"):
                continue
            try:
                text = data.decode(found)
            except UnicodeDecodeError:
                logger.debug("%s charset %s does not fit the bytes", source, found)
                continue
            if found == "cp1252" and _looks_like_utf8(data):
                return data.decode("utf-8")
            return text
    return decode(data, candidates=WEB_ENCODINGS)


def _looks_like_utf8(data: bytes) -> bool:
    """True when non-ASCII bytes exist and all of them decode as UTF-8 (a page mislabelled latin-1)."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _replace_unsafe(match: re.Match[str]) -> str:
    return "\ufffd" if "\ud800" <= match.group() <= "\udfff" else ""


def parse_html(html: str) -> lxml.html.HtmlElement | None:
    """Parse a page with lxml, offline: no network, no external entities, comments and PIs dropped.

    Returns None for a document with no element at all (empty or whitespace only).
    """
    html = _XML_DECLARATION.sub("", html, count=1)  # lxml refuses a str that declares its own encoding
    # lxml refuses to set a text with C0 controls (jusText's cleaning does, and fails) and cannot encode
    # lone surrogates; neither is text a browser would show.
    html = _UNSAFE_CHARS.sub(_replace_unsafe, html)
    if not html.strip():
        return None
    html = tame_tags(html)  # thousands of attributes or megabyte values: libxml2 is quadratic in them
    root, too_deep = _parse(html)
    if too_deep:  # libxml2 stopped at its depth limit and dropped the rest of the page: flatten, parse again
        root, too_deep = _parse(flatten_nesting(html))
        if too_deep:
            raise InputError("tags nested deeper than the HTML parser's limit of 255 levels, even flattened")
    return root


def _parse(html: str) -> tuple[lxml.html.HtmlElement | None, bool]:
    """The parsed page (None when there is no element) and whether the parser gave up at its depth limit."""
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, collect_ids=False,
                                  default_doctype=False)
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None, False
    return root, any("Excessive depth" in error.message for error in parser.error_log)


# ---------------------------------------------------------------------------
# What the page says about itself
# ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PageInfo:
    """Metadata read from the markup (never from the network)."""

    titles: tuple[str, ...] = ()  # the h1, og:title, <title> and its parts: any of them names the headline
    title: str | None = None
    description: str | None = None
    author: str | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    date: str | None = None
    language: str | None = None
    #: What the page says it is: its schema.org types (JSON-LD ``@type``) and ``og:type``.
    types: tuple[str, ...] = ()
    og_type: str | None = None

    def extra(self) -> tuple[tuple[str, str], ...]:
        """The fields ``Article.to_dict()`` has no key for, as ``Article.extra`` pairs."""
        pairs = (("author", self.author), ("site_name", self.site_name), ("url", self.canonical_url),
                 ("description", self.description), ("html_language", self.language))
        return tuple((name, value) for name, value in pairs if value)


def _text(element: lxml.html.HtmlElement) -> str:
    return _SPACES.sub(" ", element.text_content()).strip()


def _meta(root: lxml.html.HtmlElement) -> dict[str, str]:
    """``<meta>`` contents by lower-cased name or property (the first one of each wins)."""
    found: dict[str, str] = {}
    for element in root.iter("meta"):
        name = (element.get("property") or element.get("name") or element.get("itemprop") or "")
        name = name.strip().lower()
        content = _SPACES.sub(" ", element.get("content") or "").strip()
        if name and content and name not in found:
            found[name] = content
    return found


def _json_ld(root: lxml.html.HtmlElement) -> list[Mapping[str, object]]:
    """The JSON-LD objects of the page (``@graph`` flattened); a broken block is skipped, as browsers do."""
    objects: list[Mapping[str, object]] = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                objects.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
    return objects


def _name_of(value: object) -> str | None:
    """A person's or organisation's name from a JSON-LD value (a string, an object, or a list of them)."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _name_of(value.get("name"))
    if isinstance(value, list):
        names = [name for name in (_name_of(item) for item in value) if name]
        return ", ".join(dict.fromkeys(names)) or None
    return None


def _title_parts(title: str) -> list[str]:
    """``"Headline | Site"`` -> the headline and the site name as separate candidates."""
    # (?<!\s): a run of spaces is tried from its start only (a <title> padded with thousands of spaces)
    parts = [part.strip() for part in re.split(r"(?<!\s)\s+[|–—-]\s+|(?<!\s)\s+::\s+", title) if part.strip()]
    return parts if len(parts) > 1 else []


def page_info(root: lxml.html.HtmlElement, url: str | None) -> PageInfo:
    """Title, description, author, site name, canonical URL and declared language from the markup."""
    meta = _meta(root)
    linked = _json_ld(root)
    head_title = next((_text(element) for element in root.iter("title")), "")
    headings = [_text(element) for element in root.iter("h1")]
    headings = [heading for heading in headings if heading]
    og_title = meta.get("og:title") or meta.get("twitter:title")
    titles = [t for t in (*headings[:3], og_title, head_title, *_title_parts(head_title)) if t]
    if og_title:
        titles.extend(_title_parts(og_title))
    title = (headings[0] if len(headings) == 1 else None) or og_title or (
        _title_parts(head_title)[0] if _title_parts(head_title) else head_title) or None
    author = meta.get("author") or meta.get("article:author") or meta.get("dc.creator") or meta.get("byl")
    if author and author.startswith(("http://", "https://")):
        author = None  # article:author is often a profile URL
    for item in linked:
        if author is None and "author" in item:
            author = _name_of(item["author"])
    if author:
        author = _BYLINE_LABEL.sub("", author)
    site_name = meta.get("og:site_name") or meta.get("application-name")
    for item in linked:
        if site_name is None and "publisher" in item:
            site_name = _name_of(item["publisher"])
    canonical = next((element.get("href") for element in root.iter("link")
                      if "canonical" in (element.get("rel") or "").lower().split() and element.get("href")),
                     None)
    canonical = canonical or meta.get("og:url")
    if canonical and url:
        canonical = urljoin(url, canonical)
    description = meta.get("og:description") or meta.get("description") or meta.get("twitter:description")
    language = (root.get("lang") or root.get("xml:lang") or meta.get("og:locale") or "").strip() or None
    types = tuple(dict.fromkeys(kind for item in linked for kind in _types_of(item.get("@type"))))
    return PageInfo(tuple(dict.fromkeys(titles)), title, description, author or None, site_name or None,
                    canonical or url, None, language, types, meta.get("og:type"))


def _types_of(value: object) -> list[str]:
    """The schema.org type names of a JSON-LD ``@type`` (a string, or a list of them)."""
    values = value if isinstance(value, list) else [value]
    return [kind.rsplit("/", 1)[-1] for kind in values if isinstance(kind, str) and kind]


def page_date(root: lxml.html.HtmlElement, url: str | None) -> str | None:
    """The publication date from the markup and the URL (htmldate on the parsed tree: no download)."""
    import htmldate

    try:
        return htmldate.find_date(root, extensive_search=False, original_date=True, url=url)
    except (ValueError, TypeError):  # htmldate refuses some odd trees; a page without a date is fine
        return None


# ---------------------------------------------------------------------------
# Extraction
# ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Extraction:
    """The main content as text, one line per block, and the element of each line (by its words)."""

    text: str
    scan: PageScan


def extract_text(root: lxml.html.HtmlElement) -> Extraction:
    """The main content as text, one line per block: trafilatura (recall-oriented), or jusText where
    trafilatura finds little.

    trafilatura works on a copy of the tree, so ``root`` stays whole for the markup rules. Below
    ``_LITTLE_CHARS`` (or when it returns one run-on line: its fallback for small pages glues every block
    together) jusText's paragraphs are the second opinion, and the longer answer wins.
    """
    import trafilatura

    # fast=True skips trafilatura's own comparison with its readability and jusText fallbacks: on the
    # benchmark it loses nothing (F1 0.963 against 0.962) and saves a quarter of the time.
    text = trafilatura.extract(root, favor_recall=True, fast=True, include_comments=False,
                               include_tables=True, deduplicate=False, with_metadata=False) or ""
    if len(text) < _LITTLE_CHARS or "\n" not in text:
        second = justext_text(root, detect_language(text.split("\n")) if text else None)
        if len(second) >= len(text) or "\n" not in text:
            text = second
    lines = text.split("\n")
    scan = scan_page(root, [_key(BULLET.sub("", line, count=1)) for line in lines])
    return recover_split_body(Extraction(text, scan))


#: A prose line: at least this many words, ending like a sentence.
_PROSE_WORDS = 15
_BODY_BLOCKS = ("p", "h2", "h3", "h4", "blockquote", "li")
_TWIN_LEVELS = 3
#: The twins must add at least this many prose lines, and mostly prose: the rest of a body, not a box.
_MIN_RECOVERED_PROSE = 3
_MIN_PROSE_SHARE = 0.6


def _is_prose(line: str) -> bool:
    return word_count(line) >= _PROSE_WORDS and ends_sentence(line)


def recover_split_body(extraction: Extraction) -> Extraction:
    """Add the paragraphs of an article body that the page splits into twin boxes, when the
    extraction kept only one of them.

    Some outlets cut the body into several sibling containers of the same tag and class (around
    adverts: "article__chunks" on wired.com) and trafilatura keeps the one with most text. The box
    holding most extracted prose is found again in the DOM; up to ``_TWIN_LEVELS`` levels up, siblings
    with its tag and class are its twins, and their paragraphs go before or after the extracted ones, in
    page order. A twin holding an ``<h1>`` or an ``<article>`` is another story (infinite scroll) and
    is left out.
    """
    text, index = extraction.text, extraction.scan.index
    lines = text.split("\n")
    keys = [_key(BULLET.sub("", line, count=1)) for line in lines]
    prose = [index[key] for line, key in zip(lines, keys, strict=True) if key in index and _is_prose(line)]
    if len(prose) < 2:
        return extraction
    parents: dict[lxml.html.HtmlElement, int] = {}
    for element in prose:
        parent = element.getparent()
        if parent is not None:
            parents[parent] = parents.get(parent, 0) + 1
    node = max(parents, key=lambda parent: parents[parent])
    twins: list[lxml.html.HtmlElement] = []
    for _level in range(_TWIN_LEVELS):
        parent = node.getparent()
        if parent is None or node.tag == "article":
            return extraction
        if node.get("class"):
            twins = [sibling for sibling in parent if sibling is not node and sibling.tag == node.tag
                     and sibling.get("class") == node.get("class")]
        if twins:
            break
        node = parent
    if not twins:
        return extraction
    extracted = set(keys)
    order = {id(sibling): number for number, sibling in enumerate(node.getparent())}
    position = order[id(node)]
    before: list[str] = []
    after: list[str] = []
    recovered_index = dict(index)
    for twin in twins:
        if twin.find(".//h1") is not None or twin.find(".//article") is not None:
            continue
        for block in twin.iter(*_BODY_BLOCKS):
            line = _text(block)
            key = _key(line)
            if not key or key in extracted or any(True for _ in block.iterdescendants(*_BODY_BLOCKS)):
                continue
            recovered_index[key] = block
            (before if order[id(twin)] < position else after).append(line)
    recovered = before + after
    prose_chars = sum(len(line) for line in recovered if _is_prose(line))
    if (sum(1 for line in recovered if _is_prose(line)) < _MIN_RECOVERED_PROSE
            or prose_chars < _MIN_PROSE_SHARE * sum(len(line) for line in recovered)):
        return extraction  # an author box or a teaser strip, not the rest of the body
    inside = [number for number, key in enumerate(keys)
              if key in index and any(ancestor is node for ancestor in _chain(index[key]))]
    first, last = (inside[0], inside[-1]) if inside else (0, len(lines) - 1)
    return Extraction("\n".join(lines[:first] + before + lines[first : last + 1] + after + lines[last + 1 :]),
                      dataclasses.replace(extraction.scan, index=recovered_index))


def justext_text(root: lxml.html.HtmlElement, language: str | None) -> str:
    """jusText's paragraphs, one per line: its content paragraphs, or on a page so short that jusText
    finds none, every paragraph it rejected only for being short (the markup rules and text passes
    still judge each of them)."""
    import justext

    paragraphs = justext.justext(lxml.html.tostring(root, encoding="unicode"), stopwords(language) or
                                 stopwords("en"), encoding="utf-8")
    good = [paragraph.text for paragraph in paragraphs if not paragraph.is_boilerplate]
    if not good:  # jusText's first verdict: "bad" (links, no stop words) or only too short to judge
        good = [paragraph.text for paragraph in paragraphs if paragraph.cf_class != "bad"]
    return "\n".join(line for line in (_SPACES.sub(" ", text).strip() for text in good) if line)


# ---------------------------------------------------------------------------
# Lines back to the DOM
# ---------------------------------------------------------------------------

@lru_cache(maxsize=4096)  # pure: the same line is keyed by the walk, the rules and the furniture
def _key(text: str) -> str:
    """Words only, casefolded: an extracted line and its element's text compare equal by this."""
    return " ".join(_WORD.findall(unicodedata.normalize("NFC", text).casefold()))


def line_key(text: str) -> str:
    """A line's words, casefolded: how an extracted line is found again in the page.

    >>> line_key("Storm hits the COAST, officials say.")
    'storm hits the coast officials say'
    """
    return _key(text)


@dataclass(frozen=True, slots=True)
class PageScan:
    """One walk over the page: the element of each extracted line, and the boxes that hold captions and
    credits or related headlines (read for metadata even where the extractor dropped their lines)."""

    index: Mapping[str, lxml.html.HtmlElement]
    caption_boxes: tuple[lxml.html.HtmlElement, ...] = ()
    related_boxes: tuple[lxml.html.HtmlElement, ...] = ()
    byline_boxes: tuple[lxml.html.HtmlElement, ...] = ()


_LIST_TAGS = ("ul", "ol")


def scan_page(root: lxml.html.HtmlElement, keys: Collection[str]) -> PageScan:
    """Find the innermost element whose words are one of ``keys`` (the extracted lines): a whole element,
    or else a run of text inside one (a paragraph cut by ``<br>``); note the caption and related boxes on
    the way.

    Only elements that could match are keyed: no longer than the longest line and starting with the first
    word of some line, so a page of thousands of elements costs little more than one walk over it.
    """
    wanted = set(keys)
    first_words = {key.split(" ", 1)[0] for key in wanted}
    max_chars = 2 * max((len(key) for key in wanted), default=0) + 100
    index: dict[str, lxml.html.HtmlElement] = {}
    body = root.find("body")
    scope = body if body is not None else root

    search_word = _WORD.search
    serialise = lxml.etree.tostring
    box_of_names: dict[tuple[str | None, str | None], str | None] = {}  # pages repeat their class names
    runs: list[tuple[str, lxml.html.HtmlElement]] = []
    boxes: dict[str, list[lxml.html.HtmlElement]] = {"caption": [], "related": [], "byline": []}
    caption_boxes, related_boxes = boxes["caption"], boxes["related"]
    for element in scope.iter(*_LINE_TAGS, *_LIST_TAGS, "br"):
        tag = element.tag
        if tag == "br":  # a line cut by <br> is a text run: the tail of the break
            if element.tail and wanted:
                runs.append((element.tail, element.getparent()))
            continue
        if tag == "figcaption":
            caption_boxes.append(element)
        elif tag == "aside":
            related_boxes.append(element)
        else:
            names = (element.get("class"), element.get("id"))
            if names != (None, None):
                if names in box_of_names:
                    box = box_of_names[names]
                else:
                    found = _SCANNED_NAMES.search(f"{names[0] or ''} {names[1] or ''}".lower())
                    box = box_of_names[names] = found.lastgroup if found is not None else None
                if box is not None:
                    boxes[box].append(element)
        if tag in _LIST_TAGS or not wanted:
            continue
        text = serialise(element, method="text", encoding="unicode", with_tail=False)
        if len(text) <= max_chars:
            first = search_word(text)
            if first is not None and first.group().casefold() in first_words:
                key = _key(text)
                if key in wanted:
                    index[key] = element  # document order: a descendant with the same words wins
        if len(element) and element.text:  # a leaf's text is its whole text, keyed just above
            runs.append((element.text, element))
    for run, owner in runs:
        if len(run) > max_chars or owner is None:
            continue
        first = search_word(run)
        if first is not None and first.group().casefold() in first_words:
            key = _key(run)
            if key in wanted and key not in index:
                index[key] = owner
    return PageScan(index, tuple(caption_boxes), tuple(related_boxes), tuple(boxes["byline"]))


def line_index(root: lxml.html.HtmlElement, keys: Collection[str]) -> Mapping[str, lxml.html.HtmlElement]:
    """The innermost element whose words are one of ``keys``, as :func:`scan_page` finds it.

    >>> root = parse_html("<div><p>First <b>line</b></p><p>Second<br>third</p></div>")
    >>> {key: element.tag for key, element in line_index(root, ["first line", "third"]).items()}
    {'first line': 'p', 'third': 'p'}
    """
    return scan_page(root, keys).index


def _chain(element: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The element and its ancestors, innermost first: every markup rule reads this one list."""
    return [element, *element.iterancestors()]


def link_density(element: lxml.html.HtmlElement,
                 chain: Sequence[lxml.html.HtmlElement] | None = None) -> float:
    """Share of the element's text inside links (1.0 when the element itself is in a link)."""
    if any(ancestor.tag == "a" for ancestor in (chain if chain is not None else _chain(element))):
        return 1.0
    total = len(_text(element))
    if not total:
        return 0.0
    return min(1.0, sum(len(_text(link)) for link in element.iter("a")) / total)


def _box_kind(chain: Sequence[lxml.html.HtmlElement], line_chars: int) -> str | None:
    """What the small boxes around a line call themselves: 'caption', 'byline', 'related', 'widget', ..."""
    limit = max(_SMALL_BOX_CHARS, 3 * line_chars)
    for depth, ancestor in enumerate(chain):
        if depth >= _SMALL_BOX_DEPTH or (depth and len(ancestor.text_content()) > limit):
            return None
        if ancestor.tag == "figcaption":
            return "caption"
        names = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"
        if not names.strip():
            continue
        for kind, pattern in _BOX_PATTERNS:
            if pattern.search(names):
                return kind
    return None


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_MEDIA = frozenset({"img", "picture", "video", "iframe", "svg", "figure"})


def _hidden(chain: Sequence[lxml.html.HtmlElement]) -> bool:
    """True when the element or an ancestor is hidden by the markup itself (no CSS file is read)."""
    for ancestor in chain:
        if (ancestor.get("hidden") is not None or ancestor.get("aria-hidden") == "true"
                or _HIDDEN_STYLE.search(ancestor.get("style") or "")):
            return True
    return False


def _beside_image(chain: Sequence[lxml.html.HtmlElement], line_chars: int) -> bool:
    """True when the smallest boxes around the line hold no other text but do hold an image: the
    line is that image's caption, whatever its class says."""
    for depth, ancestor in enumerate(chain):
        if depth > _SMALL_BOX_DEPTH or len(ancestor.text_content().strip()) > line_chars + 20:
            return False
        if any(node.tag in _MEDIA for node in ancestor.iter(*_MEDIA)):
            return True
    return False


def _in_tag(chain: Sequence[lxml.html.HtmlElement], tags: frozenset[str],
            max_chars: int | None = None) -> str | None:
    """The nearest ancestor (or the element) with one of ``tags``; with ``max_chars``, only one holding at
    most that much text: ASP.NET pages wrap the whole page in a <form>, some themes the article in <aside>."""
    for ancestor in chain:
        if ancestor.tag in tags:
            if max_chars is not None and len(ancestor.text_content()) > max_chars:
                return None
            return str(ancestor.tag)
    return None


def _line_text(fragment: Fragment) -> str:
    return BULLET.sub("", fragment.text, count=1)


def find_markup_lines(draft: Draft, blocks: Sequence[Block], probabilities: Sequence[float], threshold: float,
                      info: PageInfo, config: Config) -> Iterator[Removal]:
    """Yield a removal for each line the block model rejects, named by the markup around it, and for each
    line the markup names as title, standfirst, caption, byline, date or credit whatever the model says.

    ``blocks[i]`` is the block of the draft's line ``i``, ``probabilities[i]`` the model's P(content).
    """
    title_keys = {_key(title) for title in info.titles if word_count(title) >= 2}
    description_key = _key(info.description) if info.description else None
    title_seen = False
    for fragment in draft.remaining():
        index = fragment.line.index
        block = blocks[index]
        text = _line_text(fragment)
        key = _key(text)
        chain = _chain(block.element)
        if key and (key in title_keys or _in_tag(chain, _TITLE_TAGS)):
            if config.enabled("html.title"):
                reason = "the line is the page's headline (<h1>, og:title or <title>)"
                yield claim(fragment, "title", "html.title", reason, value=None if title_seen else text)
                title_seen = True
            continue
        if (description_key and key == description_key and config.enabled("html.standfirst")
                and not _in_tag(chain, _PARAGRAPH_TAGS)):
            # A description copied from the lede is the lede: only a separate summary element (a
            # heading or a box of its own, not a paragraph) is the standfirst.
            yield claim(fragment, "standfirst", "html.standfirst",
                        "the line is the page's meta description, the summary under the headline", value=text)
            continue
        words = key.count(" ") + 1 if key else 0
        removal = _name_line(fragment, text, words, chain, config)
        if removal is None and probabilities[index] < threshold:
            removal = _rejected(fragment, text, words, block, chain, float(probabilities[index]), threshold, config)
        if removal is not None:
            yield removal


def _name_line(fragment: Fragment, text: str, words: int, chain: Sequence[lxml.html.HtmlElement],
               config: Config) -> Removal | None:
    """The metadata a short line's box names, whatever the block model says of it: a caption, a credit, a
    byline, a date."""
    box = _box_kind(chain, len(text))
    if box == "caption" and config.enabled("html.caption"):
        return claim(fragment, "caption", "html.caption", "the line is a <figcaption> or a caption box",
                     value=text)
    if box == "credit" and words <= _MAX_META_LINE_WORDS and config.enabled("html.credit"):
        return claim(fragment, "photo-credit", "html.credit", "the line is in a credit or copyright box",
                     value=text)
    if box == "byline" and words <= _MAX_META_LINE_WORDS and config.enabled("html.byline"):
        return claim(fragment, "byline", "html.byline", "the line is in a byline or author box",
                     value=_BYLINE_LABEL.sub("", text))
    if (box == "date" and words <= _MAX_META_LINE_WORDS and _DIGIT.search(text)
            and config.enabled("html.date")):
        return claim(fragment, "date-header", "html.date", "the line is in a date box")
    return None


_COMMENT_NAMES = re.compile(r"comment|disqus|respond|reply", re.IGNORECASE)


def _rejected(fragment: Fragment, text: str, words: int, block: Block, chain: Sequence[lxml.html.HtmlElement],
              probability: float, threshold: float, config: Config) -> Removal | None:
    """The removal of a line the block model scores as not content, under the rule its markup names."""
    verdict = f"the block model scores it {probability:.2f} (< {threshold:.2f})"
    if block.hidden and config.enabled("html.hidden"):
        return claim(fragment, "navigation", "html.hidden", f"{verdict}; the page hides it")
    furniture = _in_tag(chain, _FURNITURE_TAGS)
    if furniture and config.enabled("html.furniture"):
        return claim(fragment, "navigation", "html.furniture", f"{verdict}; it is inside a <{furniture}> element")
    if _in_tag(chain, _HEADER_TAGS) and config.enabled("html.header"):
        return claim(fragment, "header", "html.header", f"{verdict}; it is inside the page's <header>")
    if any(_COMMENT_NAMES.search(f"{element.get('class') or ''} {element.get('id') or ''}") for element in chain
           if element.get("class") or element.get("id")) and config.enabled("html.comment"):
        return claim(fragment, "comments", "html.comment", f"{verdict}; it is in a comments box")
    box = _box_kind(chain, len(text))
    if box == "related" and config.enabled("html.related"):
        return claim(fragment, "related-link", "html.related", f"{verdict}; it is in a related-stories box",
                     value=text, meta=(("role", "headline"),))
    if box == "widget" and config.enabled("html.widget"):
        return claim(fragment, "navigation", "html.widget",
                     f"{verdict}; it is in a box named for a widget (newsletter, share, promo, ...)")
    if (box is None and words <= _MAX_LINK_LINE_WORDS and not fragment.ends_sentence
            and _beside_image(chain, len(text)) and config.enabled("html.image-caption")):
        return claim(fragment, "caption", "html.image-caption", f"{verdict}; it is alone in a box with an image")
    if (words <= _MAX_LINK_LINE_WORDS and block.link_chars >= _LINK_DENSITY * len(block.text)
            and config.enabled("html.link-line")):
        return claim(fragment, "related-link", "html.link-line", f"{verdict}; the whole line is a link",
                     value=text if words >= _MIN_RELATED_WORDS else None,
                     meta=(("role", "headline"),) if words >= _MIN_RELATED_WORDS else ())
    if config.enabled("html.boilerplate"):
        return claim(fragment, "boilerplate", "html.boilerplate", verdict)
    return None


# ---------------------------------------------------------------------------
# What the markup says beyond the extracted lines
# ---------------------------------------------------------------------------

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


def article_region(elements: Sequence[lxml.html.HtmlElement]) -> lxml.html.HtmlElement | None:
    """The element that holds the article: the nearest ``<article>`` around the common ancestor of the
    body's elements, or that ancestor itself (a paragraph's parent at least)."""
    if not elements:
        return None
    # In a tree, the common ancestor of nodes in document order is that of the first and the last.
    common = list(reversed(_chain(elements[0])))
    above = {id(ancestor) for ancestor in _chain(elements[-1])}
    keep = 0
    while keep < len(common) and id(common[keep]) in above:
        keep += 1
    if not keep:
        return None
    region = common[keep - 1]
    if region.tag in _LINE_TAGS and region.getparent() is not None and region.tag not in ("div", "section",
                                                                                         "article"):
        region = region.getparent()
    enclosing = next((ancestor for ancestor in _chain(region) if ancestor.tag == "article"), None)
    return enclosing if enclosing is not None else region


def page_furniture(scan: PageScan, paragraphs: Sequence[str]) -> Furniture:
    """Captions and credits inside the article, related headlines in related boxes anywhere on the page,
    and the body paragraphs that are ``<h2>``-``<h4>`` elements: what the markup says even where the
    extractor dropped the lines."""
    index = scan.index
    elements = [index[key] for key in (_key(paragraph) for paragraph in paragraphs) if key in index]
    region = article_region(elements)
    captions: list[str] = []
    credits: list[str] = []
    for element in scan.caption_boxes:
        if region is None or _hidden_attribute(element) or not any(
                ancestor is region for ancestor in element.iterancestors()):
            continue
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        if element.tag == "figcaption" or _CAPTION_NAMES.search(names):
            caption = _caption_text(element)
            if caption and word_count(caption) <= _MAX_CAPTION_WORDS:
                captions.append(caption)
        else:
            credit = _CREDIT_LABEL.sub("", _text(element))
            if credit and len(credit) <= _MAX_CREDIT_CHARS:
                credits.append(credit)
    headings = tuple(paragraph for paragraph in paragraphs
                     if (element := index.get(_key(paragraph))) is not None and element.tag in _HEADING_TAGS)
    return Furniture(_unique(captions), _unique(credits), related_links(scan.related_boxes, region), headings)


def _caption_text(element: lxml.html.HtmlElement) -> str:
    """A caption's text without the credit it often carries inside it."""
    text = _text(element)
    for inner in element.iter():
        if inner is not element and isinstance(inner.tag, str) and _CREDIT_NAMES.search(
                f"{inner.get('class') or ''} {inner.get('id') or ''}"):
            text = text.replace(_text(inner), "").strip()
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
            headline = _text(link)
            if word_count(headline) >= _MIN_RELATED_WORDS and headline not in found:
                found[headline] = Related(headline)
    return tuple(found.values())[:_MAX_RELATED]


#: Text rules that guess a related headline from the shape of a line alone.
_HEADLINE_GUESSES = frozenset({"related.trailing-list"})
_MAX_HEADLINE_LINK_DENSITY = 0.5
#: Text rules that guess the summary under the headline from its shape and position alone.
_SUMMARY_GUESSES = frozenset({"structure.subtitle", "structure.standfirst"})


def overrule_text_guesses(draft: Draft, index: Mapping[str, lxml.html.HtmlElement]) -> Draft:
    """Give back to the body the lines a text rule guessed wrong where the markup knows better.

    A related headline links to its story: a closing list of facts ("England (Group A): 10th
    appearance") that a text rule took for headlines is plain text in the page. A summary under the
    headline is an element of its own (a heading, a "dek" box): a first line that a text rule took for one
    but that is a ``<p>`` beside the body's paragraphs is the lede.
    """
    guesses = [removal for removal in draft.removals if removal.rule in _HEADLINE_GUESSES | _SUMMARY_GUESSES]
    if not guesses:
        return draft
    body = next((index.get(_key(_line_text(fragment))) for fragment in draft.remaining()), None)
    overruled = set()
    for removal in guesses:
        element = index.get(_key(BULLET.sub("", removal.text, count=1)))
        if element is None:
            continue
        if removal.rule in _HEADLINE_GUESSES:
            if link_density(element) < _MAX_HEADLINE_LINK_DENSITY:
                overruled.add(removal)
        elif body is not None and element.tag == "p" and element.getparent() is body.getparent():
            overruled.add(removal)
    if not overruled:
        return draft
    kept = [removal for removal in draft.removals if removal not in overruled]
    return Draft.from_normalized(draft.text, draft.language).with_removals(kept)


# ---------------------------------------------------------------------------
# The entry point
# ---------------------------------------------------------------------------

#: A declared language is believed when its stop words make at least this share of the first
#: ``_LANGUAGE_SAMPLE_WORDS`` words (prose runs 0.35-0.55; text in another language stays under 0.1).
_MIN_DECLARED_STOPWORDS = 0.25
_LANGUAGE_SAMPLE_WORDS = 300
_MIN_LANGUAGE_SAMPLE_WORDS = 40


def document_language(declared: str | None, text: str) -> str | None:
    """The page's language: the one it declares (``<html lang>``) when the text bears it out by its stop
    words, else what py3langid detects. Checking is ten times cheaper than detecting, and catches the
    templates that say ``lang="en"`` on every page whatever its language.

    >>> document_language("en-GB", "The mayor said that the bridge was ready and that it would open. " * 5)
    'en'
    >>> document_language("en", "Der Bürgermeister sagte, dass die Brücke fertig sei und bald öffne. " * 5)
    'de'
    """
    code = (declared or "").replace("_", "-").split("-", 1)[0].strip().lower()
    stop = stopwords(code) if code else frozenset()
    if stop:
        words = _WORD.findall(text[: 12 * _LANGUAGE_SAMPLE_WORDS].lower())[:_LANGUAGE_SAMPLE_WORDS]
        if (len(words) >= _MIN_LANGUAGE_SAMPLE_WORDS
                and sum(1 for word in words if word in stop) >= _MIN_DECLARED_STOPWORDS * len(words)):
            return code
    return detect_language(text.split("\n"))


def _empty_article(info: PageInfo) -> Article:
    return Article(paragraphs=(), normalized="", title=info.title, date=info.date, extra=info.extra())


def clean_html(html: str | bytes, *, url: str | None = None, config: Config | None = None) -> Article:
    """Clean one HTML page: its main content as body paragraphs, metadata, and every removed line's rule.

    >>> page = ('<html><head><title>Storm hits coast | Daily</title></head><body><article>'
    ...         '<h1>Storm hits coast</h1><p>The storm reached the coast on Monday night, officials said.</p>'
    ...         '<p>Thousands of homes lost power and schools stayed closed on Tuesday.</p>'
    ...         '<figure><img src="a.jpg"><figcaption>Waves on the pier</figcaption></figure>'
    ...         '<p>Forecasters expect calmer weather by the weekend, the agency said.</p>'
    ...         '</article></body></html>')
    >>> article = clean_html(page)
    >>> article.title, article.captions, len(article.paragraphs)
    ('Storm hits coast', ('Waves on the pier',), 3)
    >>> [(removal.rule, removal.text) for removal in article.removed]
    [('html.title', 'Storm hits coast'), ('html.caption', 'Waves on the pier')]
    """
    config = config or Config()
    if isinstance(html, (bytes, bytearray)):
        if len(html) > config.max_document_bytes:  # refused before decoding it all
            raise InputError(f"page has {len(html):,} bytes, over the limit of {config.max_document_bytes:,} "
                             "(Config.max_input_bytes, and 4 a character of Config.max_input_chars): "
                             "raise the limits for very large pages")
        html = decode_html(bytes(html))
    if not isinstance(html, str):
        raise InputError(f"expected str or bytes of HTML, got {type(html).__name__}")
    if len(html) > config.max_input_chars:
        raise InputError(
            f"page has {len(html):,} characters, over Config.max_input_chars={config.max_input_chars:,}: "
            "raise the limit for very large pages"
        )
    root = parse_html(html)
    if root is None:
        return _empty_article(PageInfo())
    info = dataclasses.replace(page_info(root, url), date=page_date(root, url))
    # Read, the metadata is no longer needed; scripts and styles were never content. Dropping them now
    # makes every later walk over the page shorter.
    lxml.etree.strip_elements(root, *_NEVER_CONTENT, with_tail=False)
    blocks, normalized = page_text(root, config)
    check_limits(normalized.text, config)
    if not blocks:
        return _empty_article(info)
    language = config.language or document_language(info.language, normalized.text)
    rows = block_features(blocks, Vocabulary(stopwords(language) or frozenset(), config.languages), signals(info))
    model = load_block_model(config.block_model)
    probabilities = model.probabilities(blocks, rows)
    threshold = model.page_threshold(rows, probabilities, config.block_threshold)
    draft = Draft.from_normalized(normalized.text, language)
    draft = draft.with_removals(find_markup_lines(draft, blocks, probabilities.tolist(), threshold, info, config))
    # The block model judged every line on far more than its words: the text classifier does not judge them
    # again. The markup names the headline, and html.title took it if it is in the text; the text rule
    # would take whatever line comes first for another one.
    off = {"content"} | ({"structure.title"} if info.titles else set())
    passes_config = dataclasses.replace(config, disabled_rules=config.disabled_rules | off)
    index = {_key(_line_text(fragment)): blocks[fragment.line.index].element for fragment in draft.remaining()}
    draft = overrule_text_guesses(run_passes(draft, passes_config), index)
    article = build_article(draft, config, normalized.steps)
    scan = scan_page(root, ())
    scan = dataclasses.replace(scan, index=index)
    found = page_furniture(scan, article.paragraphs)
    if info.author is None:
        info = dataclasses.replace(info, author=page_author(article.removed, scan.byline_boxes))
    return dataclasses.replace(
        article, title=article.title or info.title, date=info.date or article.date,
        headings=_unique((*article.headings, *found.headings)),
        captions=_unique((*article.captions, *found.captions)),
        photo_credits=_unique((*article.photo_credits, *found.photo_credits)),
        related=tuple({item.headline: item for item in (*article.related, *found.related)}.values()),
        extra=info.extra())


def signals(info: PageInfo) -> PageSignals:
    """What the block model reads of the page's own metadata."""
    return PageSignals(info.types, info.og_type, info.canonical_url)


#: A line with none of these is empty once normalised (spaces, zero-width and control characters only).
_VISIBLE = re.compile("[^\\s\u00ad\u180e\u200b-\u200d\u2060\ufeff\x00-\x1f\x7f-\x9f]")


def page_text(root: lxml.html.HtmlElement, config: Config) -> tuple[list[Block], Normalized]:
    """The page's blocks and their text normalised, line ``i`` the text of block ``i``."""
    blocks = [block for block in page_blocks(root) if _VISIBLE.search(block.text)]
    normalized = normalize("\n".join(block.text for block in blocks), config)
    if normalized.text.count("\n") + 1 != len(blocks) and blocks:  # never seen: a line break made by a fix
        lines = [normalize(block.text, config) for block in blocks]
        kept = [(block, line) for block, line in zip(blocks, lines, strict=True) if line.text and "\n" not in line.text]
        blocks = [block for block, _line in kept]
        steps = tuple(dict.fromkeys(step for _block, line in kept for step in line.steps))
        normalized = Normalized("\n".join(line.text for _block, line in kept), steps)
    return blocks, normalized


_MAX_BYLINE_WORDS = 8


def page_author(removed: Sequence[Removal], byline_boxes: Sequence[lxml.html.HtmlElement]) -> str | None:
    """The author when no ``<meta>`` names one: a byline the rules took out of the text, or else the first
    short byline box on the page ("By Jane Doe" gives "Jane Doe")."""
    for removal in removed:
        if removal.kind == "byline" and removal.value:
            return removal.value
    for box in byline_boxes:
        name = _BYLINE_LABEL.sub("", _text(box))
        if name and 2 <= word_count(name) <= _MAX_BYLINE_WORDS and not _DIGIT.search(name):
            return name
    return None


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value for value in values if value))


#: ``--input-format`` choices: detect from the content, or force one.
INPUT_FORMATS: tuple[str, ...] = ("auto", "html", "text")


def is_page(data: bytes, input_format: str = "auto") -> bool:
    """True when :func:`clean_document` would clean ``data`` (already decompressed) as HTML."""
    if input_format != "auto":
        return input_format == "html"
    try:
        return looks_like_html(decode(data))
    except InputError:
        return False


def clean_document(data: bytes, input_format: str = "auto", *, url: str | None = None,
                   config: Config | None = None) -> Article:
    """Clean a document read from a file or a stream: HTML through ``clean_html``, text through ``clean``.

    ``input_format`` is one of ``INPUT_FORMATS``; "auto" decides with :func:`looks_like_html`. Gzip data
    is decompressed first (recognised by its magic bytes, within ``Config.max_input_bytes``).

    >>> clean_document(b"<html><body><p>A short note.</p></body></html>").text
    'A short note.'
    >>> clean_document(b"<p>A note.</p>", "text").text
    '<p>A note.</p>'
    """
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"unknown input format {input_format!r}; choose one of {', '.join(INPUT_FORMATS)}")
    if data.startswith(GZIP_MAGIC):  # bytes handed over compressed (a Dask bag read from .gz files, say)
        data = read_stream(io.BytesIO(data), max_bytes=(config or Config()).max_document_bytes)
    if input_format == "html":
        return clean_html(data, url=url, config=config)
    text = decode(data)
    if input_format == "auto" and looks_like_html(text):
        return clean_html(data, url=url, config=config)
    if input_format == "auto" and looks_like_json(text):
        raise InputError("this is JSON, not article text: clean JSON Lines records with `cleaner batch FILE "
                         "OUT.jsonl` (--field names the one holding the text), or give the input format text "
                         "(--input-format text) to clean it as text all the same")
    return clean(text, config=config, allow_markup=input_format == "text")


__all__ = ["INPUT_FORMATS", "PageInfo", "clean_document", "clean_html", "decode_html", "declared_charset",
           "looks_like_html", "page_info", "parse_html"]
