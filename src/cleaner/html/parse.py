"""Bytes to a parsed page: the charset (byte-order mark, HTTP header, the page's own declaration, then
detection), and lxml's parse, offline (no network, no entities), with hostile markup tamed first."""

from __future__ import annotations

import codecs
import logging
import re

import lxml.etree
import lxml.html

from cleaner.errors import InputError
from cleaner.files import WEB_ENCODINGS, decode
from cleaner.hostile import flatten_nesting, tame_tags

logger = logging.getLogger(__name__)

#: Bytes searched for a declared charset, as browsers do (the HTML standard's prescan reads 1024).
_PRESCAN_BYTES = 4096


_META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*(?:["']\s*)?([A-Za-z0-9_.:-]{1,40})""",
                           re.IGNORECASE)


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]{0,200}\?>")


_UNSAFE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
#: The bytes of UTF-8 that are not among ``_UNSAFE_CHARS``: an ASCII character is its own byte, and the
#: bytes of the others are all over 0x7f.
_SAFE_BYTES = bytes(byte for byte in range(256) if not _UNSAFE_CHARS.match(chr(byte)))


#: Labels a page declares that mean windows-1252 in every browser (the HTML standard's encoding table).
_WINDOWS_1252_ALIASES = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii"})


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


def _has_unsafe_chars(html: str) -> bool:
    """Whether ``_UNSAFE_CHARS`` has anything to replace: the page's UTF-8 with its safe bytes deleted is
    empty unless it has a control character, and only lone surrogates cannot be encoded. Three times
    faster than the search, on pages that almost never need the replacement.

    >>> [_has_unsafe_chars(page) for page in ("<p>café “quoted”</p>", "<p>a" + chr(12) + "b</p>", chr(0xD83D))]
    [False, True, True]
    """
    try:
        data = html.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return bool(data.translate(None, _SAFE_BYTES))


def parse_html(html: str) -> lxml.html.HtmlElement | None:
    """Parse a page with lxml, offline: no network, no external entities, comments and PIs dropped.

    Returns None for a document with no element at all (empty or whitespace only).
    """
    html = _XML_DECLARATION.sub("", html, count=1)  # lxml refuses a str that declares its own encoding
    # lxml refuses to set a text with C0 controls (jusText's cleaning does, and fails) and cannot encode
    # lone surrogates; neither is text a browser would show.
    if _has_unsafe_chars(html):
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


#: Every element an ``HtmlElement``, chosen in C: ``lxml.html.HTMLParser`` asks a Python method for the class
#: of each element proxy it makes (millions a batch), only to pick the form classes (``FormElement``,
#: ``InputElement``, ...) whose extra properties nothing here reads.
_ELEMENT_CLASSES = lxml.etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity)


def _parse(html: str) -> tuple[lxml.html.HtmlElement | None, bool]:
    """The parsed page (None when there is no element) and whether the parser gave up at its depth limit."""
    # UTF-8 bytes, said to be UTF-8: libxml2 reads them as they are, where a str is handed over as UCS-4 or
    # latin-1 and converted first (a tenth of the parse); the page's own charset declaration is not read
    # either way. html has no lone surrogate (parse_html replaced them), so it encodes.
    parser = lxml.etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, collect_ids=False,
                                   default_doctype=False, encoding="utf-8")
    parser.set_element_class_lookup(_ELEMENT_CLASSES)
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None, False
    return root, any("Excessive depth" in error.message for error in parser.error_log)
