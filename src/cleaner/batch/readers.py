"""The batch's readers: a directory walked in order, a JSONL file or stdin line by line, a WARC file record
by record; each yields :class:`Document` records, failures included, and never holds more than one in memory."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import stat
import sys
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from cleaner.documents import no_text_field, text_field_of
from cleaner.errors import InputError
from cleaner.files import read_bytes, rejoined, uncompressed
from cleaner.warc import Unreadable, is_warc, read_responses

#: File names a directory reader picks up (matched case-insensitively).
DOCUMENT_SUFFIXES: tuple[str, ...] = (".txt", ".html", ".htm", ".txt.gz", ".html.gz", ".htm.gz")
_HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")


# ----------------------------------------------------------------------------------------------- documents


@dataclass(frozen=True, slots=True)
class Document:
    """One input document as a reader yields it: where it came from, and its text or where to read it.

    A directory document carries its ``file`` and no ``data`` (the worker reads it, so reading is parallel
    too); a JSONL document carries its ``data`` and the ``fields`` of its record, which pass through to the
    output unchanged (``text_field``, which held ``data``, keeps its place there with None, so that the
    text is not carried twice). A record the reader could not use carries its ``error`` instead.
    """

    id: str  # the relative path (directory), or the id field or "line N" (JSONL)
    position: int  # 1-based: the file's rank in the walk, or the record's line number
    path: str  # the file, or the JSONL file ("-" for stdin)
    line: int | None = None  # the line of a JSONL record
    data: bytes | str | None = None
    file: Path | None = None
    input_format: str = "auto"  # "html", "text", or "auto" (HTML is recognised by its content)
    fields: Mapping[str, Any] = field(default_factory=dict)
    error: InputError | None = None
    has_id: bool = True  # False when a JSONL record had no id and ``id`` is its line
    text_field: str | None = None  # the record's field that held ``data``
    url: str | None = None  # the page's address, when the input knows it (a WARC record): read, never fetched

    def __reduce__(self) -> tuple[type[Document], tuple[Any, ...]]:
        # What goes to a worker for each document: the fields as a tuple. A slotted dataclass's own pickling
        # calls dataclasses.fields() each time, a tenth of the main process's work per document.
        return Document, tuple(getattr(self, name) for name in _DOCUMENT_FIELDS)

    def input_record(self, id_field: str = "id") -> dict[str, Any]:
        """The input record as it was read, every field in its place; a file's is its path as the id."""
        if self.file is not None:
            return {id_field: self.id}
        record = dict(self.fields)
        if self.text_field is not None:
            record[self.text_field] = self.data
        return record

    @property
    def where(self) -> str:
        """The file, or ``file:line`` for a JSONL record: what an error message points at."""
        return f"{self.path}:{self.line}" if self.line is not None else self.path

    def raw(self, max_bytes: int | None = None) -> bytes | str:
        """The document's bytes (read from its file) or text, with ``InputError`` when unreadable."""
        if self.error is not None:
            raise self.error
        if self.data is not None:
            return self.data
        if self.file is None:
            raise InputError("the document has neither data nor a file")
        return read_bytes(self.file, max_bytes=max_bytes)

    def loaded(self, max_bytes: int | None = None) -> Document:
        """The same document with its bytes read (to ship it to a worker without access to the file)."""
        if self.data is not None or self.error is not None:
            return self
        try:
            return dataclasses.replace(self, data=self.raw(max_bytes))
        except InputError as error:
            return dataclasses.replace(self, error=error)


_DOCUMENT_FIELDS = tuple(item.name for item in dataclasses.fields(Document))


def _format_of(name: str, input_format: str) -> str:
    if input_format != "auto":
        return input_format
    lowered = name.lower()
    if lowered.endswith(_HTML_SUFFIXES):
        return "html"
    return "text" if lowered.endswith((".txt", ".txt.gz")) else "auto"


def read_directory(root: Path, *, input_format: str = "auto", start_after: int = 0,
                   **warc_options: Any) -> Iterator[Document]:
    """Every document under ``root`` (recursively), in sorted order, one folder at a time.

    Hidden files and folders (a leading ``.``: ``.git``, temporary files) are skipped, and so are
    symbolic links to folders (a link loop must not walk forever). ``.html``/``.htm`` are HTML and
    ``.txt`` text, unless ``input_format`` says otherwise; a WARC file gives its HTML responses
    (:func:`read_warc`, with ``warc_options``). ``start_after`` skips that many documents (a resumed
    JSONL output knows how many it has). A folder that cannot be listed (no permission) is a document
    with an error, in its place: its documents are missing, and the batch must say so.
    """
    position = 0
    unreadable: list[OSError] = []
    for folder, subfolders, names in _walk(root, unreadable):
        for failure in unreadable:
            position += 1
            if position > start_after:
                yield _unreadable_folder(root, failure, position)
        unreadable.clear()
        if folder is None:
            continue
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = Path(folder, name)
            if is_warc(name):
                for doc in read_warc(path, **warc_options):
                    position += 1
                    if position > start_after:
                        yield dataclasses.replace(doc, position=position)
                continue
            if not name.lower().endswith(DOCUMENT_SUFFIXES):
                continue
            position += 1
            if position <= start_after:
                continue
            relative = path.relative_to(root).as_posix()
            yield Document(relative, position, str(path), file=path, input_format=_format_of(name, input_format))


def _walk(root: Path, unreadable: list[OSError]) -> Iterator[tuple[str | None, list[str], list[str]]]:
    """``os.walk`` that records the folders it cannot list in ``unreadable``, and yields ``(None, [], [])``
    after the last one, so that an error met on the way out is not lost."""
    yield from os.walk(root, onerror=unreadable.append, followlinks=False)
    yield None, [], []


def _unreadable_folder(root: Path, failure: OSError, position: int) -> Document:
    folder = Path(failure.filename) if failure.filename else root
    relative = folder.relative_to(root).as_posix() if folder.is_relative_to(root) else str(folder)
    return Document(relative, position, str(folder), error=InputError(
        f"folder cannot be read: {failure.strerror or failure}; the documents in it are skipped"))


def _lines(stream: IO[bytes], max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) for each line; ``None`` for a line over ``max_bytes``, which is skipped in
    chunks so that a multi-gigabyte line is never held in memory."""
    number = 0
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            return
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while True:
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
        else:
            yield number, raw


def read_jsonl(stream: IO[bytes], name: str, *, field: str | None = None, id_field: str = "id",
               input_format: str = "auto", max_record_bytes: int = 64 << 20,
               start_after: int = 0) -> Iterator[Document]:
    """Every record of a JSONL stream, its text in ``field``; a bad line becomes a document with an error.

    ``field`` None finds it: the first of ``documents.TEXT_FIELDS`` (``text``, ``html``, ``content``,
    ``raw_content``) that holds a string in the first record, then the same field for every record; an
    ``InputError`` when that record has none (no batch of records that all fail). Blank lines are no
    records. A line that is not a JSON object, has no string ``field``, or an id that is neither a string
    nor an integer is reported with its line number and skipped; so is a line longer than
    ``max_record_bytes``. ``start_after`` skips that many lines without parsing them (but the first
    record, when it decides the field).

    >>> import io
    >>> stream = io.BytesIO(b'{"id": "a", "html": "<p>Hello.</p>", "url": "u"}\\nnot json\\n')
    >>> [(d.id, d.line, d.data, d.text_field, str(d.error)) for d in read_jsonl(stream, "x.jsonl")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('a', 1, '<p>Hello.</p>', 'html', 'None'),
     ('line 2', 2, None, None, 'not a JSON object: Expecting value at column 1')]
    """
    for number, raw in _lines(stream, max_record_bytes):
        skipped = number <= start_after
        if skipped and field is not None or raw is not None and not raw.strip():
            continue
        record = _record(raw, name, number, max_record_bytes)
        if isinstance(record, Document):
            if not skipped:
                yield record
            continue
        if field is None:
            field = text_field_of(record)
            if field is None:
                raise InputError(no_text_field(record, f"{name}, line {number}"))
        if skipped:
            continue
        identifier = record.get(id_field)
        if isinstance(identifier, bool) or identifier is not None and not isinstance(identifier, (str, int)):
            yield _bad(name, number,
                       f"the id field {id_field!r} holds a {type(identifier).__name__}, not a string or an integer")
            continue
        has_id = identifier is not None and identifier != ""
        doc_id = str(identifier) if has_id else f"line {number}"
        text = record.get(field)
        if not isinstance(text, str):
            found = "no field" if text is None else f"a {type(text).__name__} in field"
            yield _bad(name, number, f"{found} {field!r}: give the field holding the text with --field",
                       doc_id if has_id else None)
            continue
        record[field] = None  # its place in the record; the text travels as ``data``
        yield Document(doc_id, number, name, number, data=text, input_format=input_format, fields=record,
                       has_id=has_id, text_field=field)


def read_warc(path: Path, *, id_field: str = "id", max_record_bytes: int = 20_000_000, start_after: int = 0,
              passed_over: Counter[str] | None = None, reading: Reading | None = None) -> Iterator[Document]:
    """The HTML responses of a WARC file (:mod:`cleaner.warc`) as documents, in file order.

    Each keeps its record's WARC-Record-ID (as its id, in ``id_field``), target URI (``url``, also given to
    ``clean_html``) and WARC-Date (``date``) as fields of its output record. Responses that are no page
    (not status 200, not HTML) are counted in ``passed_over``; a damaged record or file is a document
    with an error. ``reading`` follows the file's position, for progress.
    """
    try:
        stream = path.open("rb")
    except OSError as error:
        yield Document(path.name, start_after + 1, str(path), error=InputError(
            f"{path}: cannot be read: {error.strerror or error}"), has_id=False)
        return
    with stream:
        if reading is not None:
            reading.file = stream
        responses = read_responses(path, max_body_bytes=max_record_bytes, passed_over=passed_over, stream=stream)
        for position, item in enumerate(responses, start=1):
            if position <= start_after:
                continue
            if isinstance(item, Unreadable):
                yield Document(item.record_id or f"{path.name} #{position}", position, str(path),
                               error=InputError(item.message), has_id=item.record_id is not None)
                continue
            fields = {id_field: item.record_id, "url": item.url, "date": item.date}
            yield Document(item.record_id, position, str(path), data=item.page(), input_format="html",
                           fields=fields, url=item.url)


def _record(raw: bytes | None, name: str, number: int, max_record_bytes: int) -> dict[str, Any] | Document:
    """The JSON object of a line, or the failed document that says why it is none."""
    if raw is None:
        return _bad(name, number, f"line longer than {max_record_bytes:,} bytes; skipped")
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as error:
        return _bad(name, number, f"not a JSON object: {error.msg} at column {error.colno}")
    except UnicodeDecodeError as error:
        return _bad(name, number, f"not UTF-8 JSON: {error.reason} at byte {error.start}")
    if not isinstance(record, dict):
        return _bad(name, number, f"not a JSON object but a JSON {type(record).__name__}")
    return record


def _bad(name: str, number: int, message: str, identifier: str | None = None) -> Document:
    """A JSONL record that cannot be cleaned: it goes to the error report with its line number."""
    return Document(identifier or f"line {number}", number, name, number, error=InputError(message),
                    has_id=identifier is not None)


#: Lines read ahead, at most, to find the text field before a batch starts (then it is found as it goes).
_FIELD_SEARCH_LINES = 1000


def find_text_field(source: str | Path, *, max_record_bytes: int = 64 << 20) -> tuple[str | None, IO[bytes] | None]:
    """The text field of a JSONL source, from its first record (see :func:`read_jsonl`), found before any
    work starts; ``InputError`` when that record has none of ``documents.TEXT_FIELDS``.

    Returns the field (None for a directory, or when no record is in sight) and, for stdin, a stream to
    read instead of it: the lines read to look, then the rest.
    """
    if str(source) != "-" and (_is_dir(Path(source)) or is_warc(source)):
        return None, None
    stdin = str(source) == "-"
    try:
        raw = sys.stdin.buffer if stdin else Path(source).open("rb")
    except OSError:
        return None, None  # reading will report it
    head: list[bytes] = []
    field: str | None = None
    try:
        stream = uncompressed(raw)
        for number in range(1, _FIELD_SEARCH_LINES + 1):
            line = stream.readline(max_record_bytes + 1)
            head.append(line)
            if not line or not line.endswith(b"\n") and len(line) > max_record_bytes:
                break  # the end, or a line too long to hold: read_jsonl finds the field as it goes
            if not line.strip():
                continue
            record = _record(line, str(source), number, max_record_bytes)
            if isinstance(record, Document):
                continue
            field = text_field_of(record)
            if field is None:
                raise InputError(no_text_field(record, f"{'stdin' if stdin else source}, line {number}"))
            break
    except (OSError, EOFError):
        return None, None  # reading will report it
    finally:
        if not stdin:
            raw.close()
    return field, (rejoined(b"".join(head), stream) if stdin else None)


@dataclass(slots=True)
class Reading:
    """How far a reader is in its input, for progress: set by :func:`read_documents` for a JSONL file or stdin."""

    file: IO[bytes] | None = None  # the file as opened (compressed bytes for gzip)

    def position(self) -> int | None:
        """Bytes of the file read so far (by its descriptor: no lock taken from another thread)."""
        if self.file is None:
            return None
        try:
            return os.lseek(self.file.fileno(), 0, os.SEEK_CUR)
        except (OSError, ValueError):  # closed, or not a file
            return None


def input_size(source: str | Path) -> int | None:
    """The bytes of a JSONL input whose size is known: a file, or stdin redirected from one; else None."""
    try:
        info = os.fstat(sys.stdin.fileno()) if str(source) == "-" else Path(source).stat()
    except (OSError, ValueError, AttributeError):
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) and info.st_size else None


def read_documents(source: str | Path, *, field: str | None = None, id_field: str = "id",
                   input_format: str = "auto", max_record_bytes: int = 64 << 20, start_after: int = 0,
                   stdin: IO[bytes] | None = None, reading: Reading | None = None,
                   passed_over: Counter[str] | None = None) -> Iterator[Document]:
    """The documents of a directory, a JSONL file, a WARC file or ``-`` (JSONL on stdin), gzip-compressed or not.

    The one reader behind ``cleaner batch`` and ``cleaner learn``. ``field`` None finds the text field
    (:func:`read_jsonl`); ``stdin`` is read instead of the standard input (what :func:`find_text_field`
    gives back). ``passed_over`` counts the WARC responses that are no page to clean, by reason.
    """
    path = Path(source)
    warc_options: dict[str, Any] = {"id_field": id_field, "max_record_bytes": max_record_bytes,
                                    "passed_over": passed_over}
    if str(source) != "-" and is_warc(path) and not _is_dir(path):
        yield from read_warc(path, start_after=start_after, reading=reading, **warc_options)
        return
    if str(source) != "-" and _is_dir(path):
        yield from read_directory(path, input_format=input_format, start_after=start_after, **warc_options)
        return
    try:
        raw = (stdin or sys.stdin.buffer) if str(source) == "-" else path.open("rb")
    except OSError as error:
        if isinstance(error, PermissionError) and start_after == 0:  # one failed document, counted and reported
            yield Document(str(path), 1, str(path), error=InputError(f"cannot be read: {error.strerror or error}"))
            return
        raise InputError(f"{path}: cannot be read: {error.strerror or error}") from None
    name = "stdin" if str(source) == "-" else str(path)
    if reading is not None:
        reading.file = sys.stdin.buffer if str(source) == "-" else raw
    try:
        with contextlib.ExitStack() as closing:
            if str(source) != "-":
                closing.enter_context(raw)
            stream = closing.enter_context(uncompressed(raw))  # gzip by its magic bytes, whatever the name
            yield from read_jsonl(stream, str(source), field=field, id_field=id_field, input_format=input_format,
                                  max_record_bytes=max_record_bytes, start_after=start_after)
    except (OSError, EOFError) as error:  # gzip.BadGzipFile is an OSError
        raise InputError(f"{name}: reading stopped: {error}") from None


def _is_dir(path: Path) -> bool:
    """``path.is_dir()``, False where a folder on the way cannot be searched (no permission): reading it
    as a file then fails with a message that says so."""
    try:
        return path.is_dir()
    except OSError:
        return False
