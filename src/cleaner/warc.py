"""WARC input: the HTML pages of a web archive (a crawl's ``.warc`` or ``.warc.gz`` file), one record at a time.

Common Crawl and the crawlers that feed corpora (Heritrix, wget, Browsertrix, Zyte) store each fetch as a
``response`` record: the HTTP status line, the headers, the body. :func:`read_responses` yields the ones worth
cleaning, for ``cleaner batch crawl.warc.gz out.jsonl`` (which reads directories of them too):

* HTTP responses with status 200 whose ``Content-Type`` is HTML (``text/html``, ``application/xhtml+xml``; a
  response without one is sniffed). The other responses are counted by reason (``not-200``, ``not-html``) so that
  a batch can say what it passed over; requests, metadata, revisits and warcinfo records are no pages and are
  not counted.
* The body as the server meant it: chunked transfer and gzip / deflate / brotli content encodings undone. The
  charset of the HTTP header travels with it, and :meth:`Response.page` tries it before the page's own
  ``<meta>`` declaration, as a browser does (``cleaner.html.parse_html``).
* A record that cannot be used (over the size limit, cut short by a truncated file) and a file that stops
  parsing are yielded as :class:`Unreadable` items, not raised: one bad file must not stop a batch of thousands.

The reader is warcio (the optional extra ``cleaner[warc]``). FastWARC reads twice as fast (0.22 against 0.51 ms
of CPU per page on a WARC of the Zyte pages, where cleaning a page takes 10 to 30 ms), but its 2.0 rewrite
silently ended the iteration after a chunked, gzip-encoded response (every later record lost) when asked to
decode it, and cannot decode it otherwise; warcio is pure Python, decodes what crawlers write, and its API has
been stable for years. The reading costs a batch about 2 % of its time either way.
"""

from __future__ import annotations

import contextlib
import os
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from cleaner.errors import InputError
from cleaner.html import decode_html, looks_like_html

#: File names read as WARC files (matched case-insensitively): plain, or gzip-compressed record by record.
WARC_SUFFIXES: tuple[str, ...] = (".warc", ".warc.gz")
#: HTTP content types of the pages worth cleaning.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
#: Why a response was passed over, as counted in ``passed_over``.
NOT_200 = "not-200"
NOT_HTML = "not-html"

_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_SNIFF_BYTES = 5000
#: Blank lines may follow the last record; more than this is a record cut short.
_TRAILING_BYTES = 4


@dataclass(frozen=True, slots=True)
class Response:
    """One HTML page of a WARC file: the record's id, target URI and date (as written in the file), the body and
    the charset its HTTP header named."""

    record_id: str
    url: str | None
    date: str | None
    body: bytes
    charset: str | None = None

    def page(self) -> str | bytes:
        """The page decoded by its HTTP charset, or the bytes when the header names none.

        ``clean_html`` decodes bytes by the page's own declaration, or detects the encoding; a batch leaves
        that to its workers (detection is the slow part), so the header's charset is applied here only.

        >>> Response("<urn:uuid:1>", None, None, "<p>café</p>".encode("latin-1"), "ISO-8859-1").page()
        '<p>café</p>'
        >>> Response("<urn:uuid:1>", None, None, b"<p>plain</p>").page()
        b'<p>plain</p>'
        """
        return decode_html(self.body, charset=self.charset) if self.charset else self.body


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A record, or the rest of a file, that could not be read: what the error report says about it."""

    record_id: str | None
    message: str


def is_warc(path: str | Path) -> bool:
    """True for a file named as a WARC file.

    >>> is_warc("CC-MAIN-20240101-00000.warc.gz"), is_warc("pages.jsonl.gz")
    (True, False)
    """
    return Path(path).name.lower().endswith(WARC_SUFFIXES)


def _warcio() -> tuple[Any, tuple[type[Exception], ...]]:
    """warcio's iterator, and the errors it raises on a damaged file."""
    try:
        from warcio.archiveiterator import WARCIterator
        from warcio.exceptions import ArchiveLoadFailed
        from warcio.statusandheaders import StatusAndHeadersParserException
    except ImportError:
        raise InputError("reading WARC files needs warcio: pip install 'cleaner[warc]'") from None
    return WARCIterator, (ArchiveLoadFailed, StatusAndHeadersParserException, OSError, EOFError, zlib.error,
                             ValueError)


def http_charset(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a ``Content-Type`` header.

    >>> http_charset('text/html; charset="ISO-8859-1"'), http_charset("text/html")
    ('ISO-8859-1', None)
    """
    match = _CHARSET.search(content_type or "")
    return match.group(1) if match else None


def read_responses(path: str | Path, *, max_body_bytes: int = 20_000_000, passed_over: Counter[str] | None = None,
                   stream: BinaryIO | None = None) -> Iterator[Response | Unreadable]:
    """The HTML pages of the WARC file at ``path``, in file order, and what could not be read.

    ``passed_over`` counts the responses that are no page to clean, by reason (``not-200``, ``not-html``).
    A record longer than ``max_body_bytes`` is reported without being read into memory. A damaged record
    is reported and the reading goes on; a file that cannot be opened, or parsed further, ends with one
    :class:`Unreadable` that says why (and after which record). ``stream``: the file, opened by the caller
    (who watches its position for progress, and closes it).
    """
    iterator_class, damaged = _warcio()
    path = Path(path)
    try:
        opened = stream if stream is not None else path.open("rb")
        size = os.fstat(opened.fileno()).st_size
    except OSError as error:
        yield Unreadable(None, f"{path}: cannot be read: {error.strerror or error}")
        return
    with contextlib.nullcontext() if stream is not None else opened:
        records = iterator_class(opened)
        last_id: str | None = None
        while True:
            try:
                record = next(records, None)
            except damaged as error:
                after = f" after the record {last_id}" if last_id else ""
                yield Unreadable(None, f"{path}: reading stopped{after}: {type(error).__name__}: {error}")
                return
            if record is None:
                break
            if record.rec_type != "response":
                continue
            last_id = record.rec_headers.get_header("WARC-Record-ID") or ""
            try:
                item = _response(record, last_id, max_body_bytes, passed_over)
            except damaged as error:
                item = Unreadable(last_id, f"the record cannot be read: {type(error).__name__}: {error}")
            if item is not None:
                yield item
        # A gzip member cut short yields no record at all: bytes beyond the last whole record betray it.
        end = getattr(records, "offset", size)
        if size - end > _TRAILING_BYTES:
            yield Unreadable(None, f"{path}: its last {size - end:,} bytes hold no whole record "
                                   "(a truncated download?); the records before them were read")


def _response(record: Any, record_id: str, max_body_bytes: int,
              passed_over: Counter[str] | None) -> Response | Unreadable | None:
    """The page of one response record, what went wrong with it, or None (counted) when it is no page."""
    http = record.http_headers
    if http is None or http.get_statuscode() != "200":
        if passed_over is not None:
            passed_over[NOT_HTML if http is None else NOT_200] += 1  # no HTTP headers: a DNS lookup, a file
        return None
    content_type = http.get_header("Content-Type")
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if not media_type:
        # Common Crawl names what it found in the payload; other crawlers leave us the bytes to look at
        media_type = (record.rec_headers.get_header("WARC-Identified-Payload-Type") or "").strip().lower()
    if media_type and media_type not in HTML_TYPES:
        if passed_over is not None:
            passed_over[NOT_HTML] += 1
        return None
    if record.length is not None and int(record.length) > max_body_bytes:
        return Unreadable(record_id, f"a record of {int(record.length):,} bytes, over the limit of "
                                     f"{max_body_bytes:,} (Config.max_input_bytes): raise it for very large pages")
    body = record.content_stream().read(max_body_bytes + 1)
    if len(body) > max_body_bytes:
        return Unreadable(record_id, f"a body over the limit of {max_body_bytes:,} bytes once decoded "
                                     "(Config.max_input_bytes)")
    if not media_type and not looks_like_html(body[:_SNIFF_BYTES].decode("utf-8", "replace")):
        if passed_over is not None:
            passed_over[NOT_HTML] += 1
        return None
    raw = record.raw_stream
    if getattr(raw, "limit", 0) > 0 and not raw.read(1):
        return Unreadable(record_id, "the record is cut short: the file ends inside it (a truncated download?)")
    return Response(record_id, record.rec_headers.get_header("WARC-Target-URI"),
                    record.rec_headers.get_header("WARC-Date"), body, http_charset(content_type))


__all__ = ["HTML_TYPES", "NOT_200", "NOT_HTML", "WARC_SUFFIXES", "Response", "Unreadable", "http_charset", "is_warc",
           "read_responses"]
