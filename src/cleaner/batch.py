"""Many documents at once: readers, a pool of worker processes, ordered output, an error report, resume.

``cleaner batch INPUT OUTPUT`` is one step of a pipeline that cleans millions of documents, so:

* **Readers stream.** A directory is walked in sorted order, one folder at a time; a JSONL file (or stdin)
  is read one line at a time, a line longer than the limit is skipped without being held in memory; a WARC
  file one record at a time (:mod:`cleaner.warc`: its HTML responses, the others counted). A reader yields
  :class:`Document` records; ``cleaner learn`` reads corpora with the same readers.
* **Workers are processes** (the passes are pure Python: threads would share one core). The main process
  reads and writes; each worker gets at most ``_DEPTH`` documents ahead, and no more than a bounded window
  of documents is read but not yet written, so memory stays flat however long the input is, and results
  come out in input order.
* **Nothing stops the batch.** A document that fails (undecodable, over a limit, a bug in a pass) becomes
  one record in the error report and the batch goes on. A document that runs past ``--timeout`` gets its
  worker killed and becomes an error; a worker that dies under a document (a crash in a C extension, the
  OOM killer) costs that document one retry, the others it held are handed to a new worker.
* **Killing it is safe.** Every output file is written under a temporary name and renamed; a JSONL output
  is written to ``OUTPUT.partial`` with a checkpoint (records consumed, bytes written) saved each second,
  so ``--resume`` after a kill at any moment truncates to the checkpoint, skips what was done and ends
  with exactly the output of an uninterrupted run.
* **Ids cannot escape.** An output file is named after its document id with every character outside a
  small safe set percent-encoded (``../x`` becomes ``%2E.%2Fx``), and the directory it lands in must resolve
  inside the output directory.

The same work runs on a Dask cluster with ``--dask ADDRESS`` (see :mod:`cleaner.dask` for bags and data
frames): documents travel to the workers and results come back, so workers need no shared filesystem.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import gc
import hashlib
import itertools
import json
import multiprocessing
import os
import queue
import re
import signal
import stat
import string
import sys
import threading
import time
import traceback
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Generic, Protocol, TypeVar, cast

from cleaner.article import Article
from cleaner.config import Config
from cleaner.documents import looks_like_html, no_text_field, text_field_of
from cleaner.errors import CleanerError, InputError
from cleaner.explain import BatchSummary
from cleaner.files import decode, read_bytes, rejoined, uncompressed, write_atomic
from cleaner.html import INPUT_FORMATS, clean_document, clean_html
from cleaner.pipeline import clean
from cleaner.progress import DEFAULT_INTERVAL_S, Progress
from cleaner.records import output_record
from cleaner.render import FORMATS, render
from cleaner.warc import Unreadable, is_warc, read_responses

if TYPE_CHECKING:
    from distributed import Client

T = TypeVar("T")
R = TypeVar("R")
C = TypeVar("C")

#: File names a directory reader picks up (matched case-insensitively).
DOCUMENT_SUFFIXES: tuple[str, ...] = (".txt", ".html", ".htm", ".txt.gz", ".html.gz", ".htm.gz")
_HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
#: The extension of an output file, per format.
OUTPUT_SUFFIXES: Mapping[str, str] = {"text": ".txt", "json": ".json", "jsonl": ".jsonl", "markdown": ".md"}
#: Documents sent to one worker ahead of its results: the next one is there when it finishes.
_DEPTH = 2
#: A JSONL output's checkpoint is saved at most this often.
_CHECKPOINT_EVERY_S = 1.0
_CHECKPOINT_VERSION = 1
#: A file name (without its extension) longer than this is cut and completed by a hash of the id.
_MAX_NAME_CHARS = 150
_SAFE_NAME_CHARS = frozenset(string.ascii_letters + string.digits + "-_.,+=@~")
_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")


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


def max_document_bytes(config: Config) -> int:
    """The most bytes a document may have: ``Config.max_document_bytes``."""
    return config.max_document_bytes


def clean_any(data: bytes | str, input_format: str = "auto", *, config: Config | None = None,
              url: str | None = None) -> Article:
    """Clean text or HTML given as bytes (decoded by their charset) or as text; ``url`` is the page's address.

    >>> clean_any("<html><body><p>A short note.</p></body></html>").text
    'A short note.'
    >>> clean_any(b"Plain words.", "text").text
    'Plain words.'
    """
    if isinstance(data, (bytes, bytearray)):
        return clean_document(bytes(data), input_format, url=url, config=config)
    if input_format == "html" or input_format == "auto" and looks_like_html(data):
        return clean_html(data, url=url, config=config)
    return clean(data, config=config, allow_markup=input_format == "text")


def document_text(doc: Document, config: Config | None = None) -> str:
    """The text of a document as the text passes see it: HTML is reduced to its main content first.

    What ``cleaner learn`` counts lines of.
    """
    config = config or Config()
    data = doc.raw(max_document_bytes(config))
    if doc.input_format != "html":
        text = decode(data) if isinstance(data, bytes) else data
        if doc.input_format == "text" or not looks_like_html(text):
            return text
    return "\n\n".join(clean_html(data, config=config).paragraphs)


# ------------------------------------------------------------------------------------------------ outcomes


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a document produced no output: the error's type, its message, and a traceback for a bug."""

    error: str
    message: str
    traceback: str | None = None


class _Skipped:
    """The outcome of a document whose output a resumed batch already has."""

    def __repr__(self) -> str:
        return "SKIPPED"


SKIPPED = _Skipped()


def attempt(work: Callable[[C, T], R], context: C, item: T) -> R | Failure:
    """``work(context, item)``, or the :class:`Failure` it raised.

    Errors raised on purpose (``CleanerError``, ``OSError``) are reported by message; anything else is a
    bug and keeps its traceback, so that it is counted and reported while the batch goes on.
    """
    try:
        return work(context, item)
    except (CleanerError, OSError, UnicodeError, RecursionError, MemoryError) as error:
        return Failure(type(error).__name__, str(error))
    except Exception as error:
        return Failure(type(error).__name__, str(error) or repr(error), traceback.format_exc())


class Pool(Protocol[T, R]):
    """Runs ``work`` on items and yields (item, outcome) in input order."""

    def map(self, items: Iterable[T], settled: Callable[[T], R | Failure | _Skipped | None] | None = None,
            ) -> Iterator[tuple[T, R | Failure | _Skipped]]: ...

    def wait_ready(self) -> None: ...

    def close(self) -> None: ...


class InlinePool(Generic[C, T, R]):
    """Runs the work in this process, one item after the other: no timeout, no isolation from crashes.

    For the Python API on a few documents, and for the tests.
    """

    def __init__(self, work: Callable[[C, T], R], context: C) -> None:
        self._work, self._context = work, context

    def map(self, items: Iterable[T], settled: Callable[[T], R | Failure | _Skipped | None] | None = None,
            ) -> Iterator[tuple[T, R | Failure | _Skipped]]:
        for item in items:
            outcome = settled(item) if settled is not None else None
            yield item, outcome if outcome is not None else attempt(self._work, self._context, item)

    def wait_ready(self) -> None:
        pass

    def close(self) -> None:
        pass


def _worker_main(conn: Connection, work: Callable[[C, T], R], context: C,
                 warm_up: Callable[[C], object] | None) -> None:
    """A worker's loop: warm up, say it is ready, then receive (sequence number, item) and send back
    (sequence number, outcome).

    Ctrl-C goes to the whole process group; the main process decides what to do about it, so workers
    ignore it rather than die with a traceback each.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if warm_up is not None:
        attempt(lambda context, _: warm_up(context), context, None)
    try:
        conn.send(("ready", None))
    except OSError:
        return
    # Items are received on a thread of their own, so that the pipe is always drained: the main process
    # sends the next item while this one sends back a result, and two blocking sends of more than the
    # socket's buffer (HTML pages of 200 kB each way) would wait for each other forever.
    inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
    threading.Thread(target=_receive, args=(conn, inbox), daemon=True, name="cleaner-receiver").start()
    while True:
        message = inbox.get()
        if message is None:
            return  # told to stop, or the main process is gone
        sequence, item = message
        outcome = attempt(work, context, item)
        try:
            conn.send((sequence, outcome))
        except (BrokenPipeError, OSError):
            return


def _receive(conn: Connection, inbox: queue.SimpleQueue[Any]) -> None:
    """A worker's receiving thread: each message from the main process into ``inbox``; None at the end."""
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            message = None
        inbox.put(message)
        if message is None:
            return


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection
    queue: deque[int] = field(default_factory=deque)  # sequence numbers sent, oldest (running) first
    started_s: float = 0.0  # when the oldest one started running
    ready: bool = False  # warmed up: its clock runs from now on


def _context() -> Any:  # a ForkServerContext or a SpawnContext
    # forkserver: a clean process that imported cleaner once forks each worker, so a worker (re)starts in
    # milliseconds without inheriting the main process's threads (a progress bar, a Dask client).
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["cleaner.batch", "cleaner.warm"])  # workers are forked warm
        return context
    return multiprocessing.get_context("spawn")


#: The line to add, in the error raised when a script that starts workers runs again in each worker.
_MAIN_GUARD_HINT = ('put the code that starts the batch under `if __name__ == "__main__":` in your script: each '
                    "worker process imports the script it was started from, and a call at its top level starts "
                    "workers again from every worker")


class WorkerStartError(RuntimeError):
    """Worker processes die while they start, before they can take a document: nothing can be cleaned."""


def check_not_starting_a_worker() -> None:
    """Refuse to start workers from a process that is itself starting as a worker: a script without the
    ``__main__`` guard, imported again by each of its workers, would start workers from every one of them."""
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        raise WorkerStartError(f"a worker process was asked to start workers while it started: {_MAIN_GUARD_HINT}")


class _Ahead(Generic[T]):
    """What :class:`_Prefetch` does, on the main thread: for a source that never blocks (files), where a
    thread would only add its hand-offs."""

    wakeup: int | None = None

    def __init__(self, items: Iterable[T]) -> None:
        self._source = iter(items)
        self.exhausted = False

    def take(self, count: int) -> list[T]:
        taken = list(itertools.islice(self._source, max(count, 0)))
        self.exhausted = len(taken) < count
        return taken

    def release(self, count: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


class _Prefetch(Generic[T]):
    """Items read ahead by a thread, so that the pool never waits on its source while results are there to
    hand out; ``wakeup`` is a file descriptor that becomes readable when an item (or the end) arrives, for
    ``multiprocessing.connection.wait``. At most ``limit`` items are read and not yet released:
    waiting in the buffer, or taken and not yet done with.

    An exception raised by the source is raised again by :meth:`take`, after the items read before it.
    """

    def __init__(self, items: Iterable[T], limit: int) -> None:
        self._items = items
        self._limit = max(1, limit)
        self._buffer: deque[T] = deque()
        self._outstanding = 0  # taken and not yet released
        self._error: BaseException | None = None
        self._done = self._closed = False
        self._changed = threading.Condition()
        self.wakeup, self._signal = os.pipe()
        os.set_blocking(self.wakeup, False)
        os.set_blocking(self._signal, False)
        self._thread = threading.Thread(target=self._read, name="cleaner-reader", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        source = iter(self._items)
        try:
            while True:
                with self._changed:  # room first, then read: never more than ``limit`` read ahead
                    while len(self._buffer) + self._outstanding >= self._limit and not self._closed:
                        self._changed.wait()
                    if self._closed:
                        return
                try:
                    item = next(source)
                except StopIteration:
                    break
                with self._changed:
                    self._buffer.append(item)
                    if len(self._buffer) == 1:  # the main thread may be waiting for one
                        self._poke()
        except BaseException as error:  # handed to the main thread, which raises it
            with self._changed:
                self._error = error
        with self._changed:
            self._done = True
            self._poke()

    def _poke(self) -> None:
        """Make ``wakeup`` readable (under the lock: never once ``close`` has closed the descriptors)."""
        if not self._closed:
            with contextlib.suppress(BlockingIOError):  # full: it is readable already
                os.write(self._signal, b"!")

    @property
    def exhausted(self) -> bool:
        """Every item has been taken (an error of the source is raised by ``take`` first)."""
        with self._changed:
            return self._done and not self._buffer and self._error is None

    def take(self, count: int) -> list[T]:
        """Up to ``count`` items that are there now, without waiting."""
        with self._changed:
            with contextlib.suppress(BlockingIOError):
                os.read(self.wakeup, 4096)
            taken = [self._buffer.popleft() for _ in range(min(max(count, 0), len(self._buffer)))]
            self._outstanding += len(taken)
            error = None
            if not taken and not self._buffer and self._error is not None:  # after the items read before it
                error, self._error = self._error, None
        if error is not None:
            raise error
        return taken

    def release(self, count: int = 1) -> None:
        """``count`` taken items are done with: room for as many more."""
        with self._changed:
            self._outstanding -= count
            self._changed.notify()

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()
            os.close(self.wakeup)
            os.close(self._signal)


class ProcessPool(Generic[C, T, R]):
    """``workers`` processes, each with its own pipe; results come back in input order.

    Per worker at most ``_DEPTH`` items are in flight, and at most ``window`` items are read but not
    yet yielded, which bounds memory. An item running longer than ``timeout_s`` gets its worker killed
    and a ``Timeout`` failure; an item under which a worker dies is retried ``retries`` times, then
    fails with ``WorkerCrash``. Either way a new worker takes over the other items. ``warm_up(context)``
    runs in each new worker before the clock starts (the first document must not pay for loading models).
    """

    def __init__(self, work: Callable[[C, T], R], context: C, workers: int, *, timeout_s: float | None = None,
                 retries: int = 1, window: int | None = None, warm_up: Callable[[C], object] | None = None,
                 slow_source: bool = True) -> None:
        if workers < 1:
            raise ValueError(f"a process pool needs at least one worker, got {workers}")
        check_not_starting_a_worker()
        self._work, self._context, self._warm_up = work, context, warm_up
        self._start_failures = 0  # workers that died before they were ready
        self._timeout_s, self._retries = timeout_s, retries
        self._slow_source = slow_source  # read the items in a thread: they may take their time (stdin)
        self._window = window or workers * 4 + 4
        self._mp = _context()
        self._workers = [self._start() for _ in range(workers)]
        self.restarts = 0

    def _start(self) -> _Worker:
        parent, child = self._mp.Pipe(duplex=True)
        process = self._mp.Process(target=_worker_main, args=(child, self._work, self._context, self._warm_up),
                                   daemon=True, name="cleaner-worker")
        process.start()
        child.close()
        return _Worker(process, parent)

    def _replace(self, index: int) -> None:
        old = self._workers[index]
        if old.process.is_alive():
            old.process.kill()
        old.process.join(5)
        old.conn.close()
        self._workers[index] = self._start()
        self.restarts += 1

    def wait_ready(self) -> None:
        """Wait until every worker has started and warmed up; ``WorkerStartError`` when they cannot start.

        A batch calls this before it opens its outputs, so that workers that will never start leave nothing
        behind; the warm-up runs in parallel, and the documents would wait for it anyway.
        """
        while True:
            starting = [worker for worker in self._workers if not worker.ready]
            if not starting:
                return
            wait([w.conn for w in starting] + [w.process.sentinel for w in starting])
            for index, worker in enumerate(list(self._workers)):
                if worker.ready:
                    continue
                try:
                    if worker.conn.poll():
                        sequence, _ = worker.conn.recv()
                        worker.ready, worker.started_s = sequence == "ready", time.monotonic()
                        continue
                except (EOFError, OSError):
                    pass
                if not worker.process.is_alive():
                    self._start_failed(worker)
                    self._replace(index)

    def _start_failed(self, worker: _Worker) -> None:
        """Count a worker that died before it was ready; past one failure per worker, give up: they will
        not start (a script without its ``__main__`` guard, a broken environment)."""
        self._start_failures += 1
        if self._start_failures > len(self._workers):
            how = _describe_exit(worker.process)
            self.close()
            raise WorkerStartError(f"worker processes died while starting, {self._start_failures} times (the last "
                                   f"with {how}); if the batch is started from a script, {_MAIN_GUARD_HINT}")

    def close(self) -> None:
        """Stop every worker: ask nicely, then kill what does not stop."""
        for worker in self._workers:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        deadline = time.monotonic() + 5
        for worker in self._workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(1)
            worker.conn.close()
        self._workers = []

    def map(self, items: Iterable[T], settled: Callable[[T], R | Failure | _Skipped | None] | None = None,
            ) -> Iterator[tuple[T, R | Failure | _Skipped]]:
        """Yield (item, outcome) in the order of ``items``; ``settled(item)``, when not None, is the outcome
        of an item that needs no worker (a resumed batch's done document, a record the reader rejected).

        ``items`` is read by a thread of its own (:class:`_Prefetch`), so that a slow source (records
        trickling in on stdin) never holds back a result that is done: each is yielded as soon as it and
        those before it are; a pool made with ``slow_source=False`` (files) reads them as it needs them.
        """
        prefetch: _Prefetch[T] | _Ahead[T] = _Prefetch(items, self._window) if self._slow_source else _Ahead(items)
        held: dict[int, T] = {}  # read and not yet yielded
        outcomes: dict[int, R | Failure | _Skipped] = {}
        waiting: deque[int] = deque()  # read, not yet sent to a worker
        crashes: dict[int, int] = {}
        read = emitted = 0
        try:
            while True:
                for item in prefetch.take(self._window - len(held)):
                    held[read] = item
                    outcome = settled(item) if settled is not None else None
                    if outcome is not None:
                        outcomes[read] = outcome
                    else:
                        waiting.append(read)
                    read += 1
                self._dispatch(waiting, held)
                if emitted in outcomes:
                    while emitted in outcomes:
                        item, outcome = held.pop(emitted), outcomes.pop(emitted)
                        emitted += 1
                        prefetch.release()
                        yield item, outcome
                    continue
                if prefetch.exhausted and not held:
                    return
                # new items are worth waking up for only when a worker could take one now
                hungry = not waiting and any(len(worker.queue) < _DEPTH for worker in self._workers)
                self._collect(waiting, outcomes, crashes,
                              prefetch.wakeup if hungry and not prefetch.exhausted else None)
        finally:
            prefetch.close()

    def _dispatch(self, waiting: deque[int], held: Mapping[int, T]) -> None:
        now = time.monotonic()
        for worker in sorted(self._workers, key=lambda w: len(w.queue)):
            while waiting and len(worker.queue) < _DEPTH:
                sequence = waiting.popleft()
                try:
                    worker.conn.send((sequence, held[sequence]))
                except OSError:
                    waiting.appendleft(sequence)  # the worker is dead: _collect sees its sentinel
                    break
                if not worker.queue:
                    worker.started_s = now
                worker.queue.append(sequence)

    def _collect(self, waiting: deque[int], outcomes: dict[int, R | Failure | _Skipped],
                 crashes: dict[int, int], wakeup: int | None = None) -> None:
        """Wait for a result, a dead worker, a timeout, or (``wakeup``, a file descriptor) a new item."""
        for index, worker in enumerate(list(self._workers)):
            if not worker.queue and not worker.process.is_alive():
                self._replace(index)  # died idle (killed from outside): nothing lost, but it is needed
        busy = [worker for worker in self._workers if worker.queue]
        if not busy:
            if wakeup is not None:
                wait([wakeup])
            return
        timeout = None
        timed = [worker for worker in busy if worker.ready]
        if self._timeout_s is not None and timed:
            timeout = max(0.0, min(w.started_s for w in timed) + self._timeout_s - time.monotonic())
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]
                         + ([wakeup] if wakeup is not None else []), timeout))
        now = time.monotonic()
        for index, worker in enumerate(list(self._workers)):
            if not worker.queue:
                continue
            alive = True
            try:
                while worker.queue and worker.conn.poll():
                    sequence, outcome = worker.conn.recv()
                    if sequence == "ready":
                        worker.ready, worker.started_s = True, now
                        continue
                    if sequence != worker.queue[0]:
                        raise RuntimeError(f"worker answered {sequence}, expected {worker.queue[0]}")
                    worker.queue.popleft()
                    outcomes[sequence] = outcome
                    worker.started_s = now
            except (EOFError, OSError):
                alive = False
            if alive and worker.process.sentinel in ready and not worker.conn.poll():
                alive = worker.process.is_alive()
            if not alive and not worker.ready:
                # died while starting, before it took a document: not the documents' fault
                waiting.extendleft(reversed(worker.queue))
                worker.queue.clear()
                self._start_failed(worker)
                self._replace(index)
            elif not alive and worker.queue:
                culprit = worker.queue.popleft()
                crashes[culprit] = crashes.get(culprit, 0) + 1
                worker.process.join(5)  # its pipe closes a moment before it can be reaped
                code = worker.process.exitcode
                if crashes[culprit] > self._retries:
                    outcomes[culprit] = Failure("WorkerCrash", f"the worker process died (exit code {code}) "
                                                f"under this document, {crashes[culprit]} times")
                else:
                    waiting.appendleft(culprit)
                waiting.extendleft(reversed(worker.queue))
                worker.queue.clear()
                self._replace(index)
            elif not alive:
                self._replace(index)
            elif self._timeout_s is not None and worker.ready and worker.queue \
                    and now - worker.started_s >= self._timeout_s:
                culprit = worker.queue.popleft()
                outcomes[culprit] = Failure("Timeout", f"still running after {self._timeout_s:g} s; stopped")
                waiting.extendleft(reversed(worker.queue))
                worker.queue.clear()
                self._replace(index)


def _describe_exit(process: BaseProcess) -> str:
    process.join(5)
    code = process.exitcode
    return f"exit code {code}" if code is None or code >= 0 else f"killed by signal {-code}"


def attempt_all(work: Callable[[C, T], R], context: C, items: list[T]) -> list[R | Failure]:
    """:func:`attempt` on each item: one Dask task for a chunk of documents."""
    return [attempt(work, context, item) for item in items]


@dataclass(slots=True)
class _Chunk(Generic[T]):
    items: list[T]
    known: list[Any]  # per item: its settled outcome, or None when it went to the cluster
    future: Any = None  # the task cleaning the unsettled items, in order

    @property
    def todo(self) -> list[T]:
        return [item for item, outcome in zip(self.items, self.known, strict=True) if outcome is None]


class DaskPool(Generic[C, T, R]):
    """The same contract as :class:`ProcessPool`, on a Dask cluster: items go to the workers in chunks.

    One task per ``chunk`` documents: a task costs the scheduler about a millisecond, a document ten to
    fifty, so one task per document would spend a good share of the cluster on scheduling. The context
    is broadcast once. A chunk seen executing for longer than ``timeout_s`` per document, or whose workers
    died (``KilledWorker``, after Dask's own retries), is sent again one document per task, so that only
    the culprit ends as ``Timeout`` or ``WorkerCrash``. Dask cannot stop a running task: the thread of a
    timed-out document stays busy until the document is done (the clock of a task waiting for a thread
    does not run, so the documents queued behind it are not blamed).
    """

    def __init__(self, work: Callable[[C, T], R], context: C, client: Client, *, timeout_s: float | None = None,
                 window: int | None = None, chunk: int = 16) -> None:
        self._work, self._client, self._timeout_s, self._chunk = work, client, timeout_s, chunk
        threads = sum(client.nthreads().values()) or 1  # type: ignore[no-untyped-call]
        self._window = window or threads * 2 + 2  # chunks in flight
        self._context = client.scatter(context, broadcast=True)  # type: ignore[no-untyped-call]

    def _submit(self, chunk: _Chunk[T]) -> _Chunk[T]:
        todo = chunk.todo
        if todo:
            chunk.future = self._client.submit(attempt_all, self._work, self._context, todo, pure=False)
        return chunk

    def map(self, items: Iterable[T], settled: Callable[[T], R | Failure | _Skipped | None] | None = None,
            ) -> Iterator[tuple[T, R | Failure | _Skipped]]:
        from distributed import KilledWorker

        pending: deque[_Chunk[T]] = deque()
        source = iter(items)
        exhausted = False
        while True:
            while not exhausted and len(pending) < self._window:
                batch = list(itertools.islice(source, self._chunk))
                exhausted = len(batch) < self._chunk
                if batch:
                    known = [settled(item) if settled is not None else None for item in batch]
                    pending.append(self._submit(_Chunk(batch, known)))
            if not pending:
                return
            chunk = pending.popleft()
            results: Iterator[R | Failure] = iter(())
            if chunk.future is not None:
                single = len(chunk.todo) == 1
                timeout = None if self._timeout_s is None else self._timeout_s * len(chunk.todo)
                try:
                    results = iter(self._result(chunk.future, timeout))
                except (TimeoutError, KilledWorker) as error:
                    chunk.future.cancel()
                    if not single:  # again, one document per task: only the culprit fails
                        alone = [self._submit(_Chunk([item], [outcome])) for item, outcome in
                                 zip(chunk.items, chunk.known, strict=True)]
                        pending.extendleft(reversed(alone))
                        continue
                    results = iter([Failure("Timeout", f"not done {self._timeout_s:g} s after every earlier "
                                                       "document was") if isinstance(error, TimeoutError) else
                                    Failure("WorkerCrash", f"Dask workers died running this document: {error}")])
            for item, outcome in zip(chunk.items, chunk.known, strict=True):
                yield item, outcome if outcome is not None else next(results)

    def _result(self, future: Any, timeout_s: float | None) -> list[R | Failure]:
        """The future's result; ``TimeoutError`` once it has been seen executing for ``timeout_s``."""
        try:
            return cast(list[R | Failure], future.result(timeout=timeout_s))
        except TimeoutError:
            if timeout_s is None:
                raise
        while True:
            # How long it has been running, as its worker sees it; not running: it waits for a thread (behind
            # a stuck one, say), and its clock does not run.
            running_s = max((tasks.get(future.key, -1.0) for tasks in self._client.run(_executing).values()),
                            default=-1.0)
            if running_s >= timeout_s:
                raise TimeoutError(future.key)
            try:
                wait_s = timeout_s - running_s if running_s >= 0 else min(timeout_s, 1.0)
                return cast(list[R | Failure], future.result(timeout=wait_s + 0.05))
            except TimeoutError:
                continue

    def wait_ready(self) -> None:
        pass  # the cluster's workers are started by Dask

    def close(self) -> None:
        self._client.cancel(self._context)  # type: ignore[no-untyped-call]


def _executing(dask_worker: Any) -> dict[Any, float]:
    """The tasks a Dask worker is running, with the seconds each has run (``client.run`` passes the worker)."""
    now = time.time()
    return {task.key: now - (task.start_time or now) for task in dask_worker.state.executing}

# --------------------------------------------------------------------------------------------- output names


def safe_file_name(identifier: str) -> str:
    """A file name for a document id that stays in its directory: one path component, no leading dot.

    Characters outside letters, digits and ``-_.,+=@~`` are percent-encoded (UTF-8), so different ids give
    different names; a name too long for a file system is cut and completed by a hash of the whole id.

    >>> safe_file_name("../../etc/passwd"), safe_file_name("/abs"), safe_file_name(".hidden")
    ('%2E.%2F..%2Fetc%2Fpasswd', '%2Fabs', '%2Ehidden')
    >>> safe_file_name("news/2024/élection?id=3")
    'news%2F2024%2F%C3%A9lection%3Fid=3'
    """
    encoded = "".join(char if char in _SAFE_NAME_CHARS else
                      "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
                      for char in identifier)
    if not encoded or encoded.startswith("."):
        encoded = "%2E" + encoded[1:] if encoded else "%"
    if len(encoded) > _MAX_NAME_CHARS:
        digest = hashlib.blake2b(identifier.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
        cut = encoded[: _MAX_NAME_CHARS - 17]
        cut = re.sub(r"%[0-9A-F]?$", "", cut)
        encoded = f"{cut}~{digest}"
    return encoded


def output_name(doc: Document, fmt: str) -> str:
    """The output file of a document, relative to the output directory.

    A file keeps its relative path with its extension (and ``.gz``) replaced by the format's; a JSONL
    record is named after its id (:func:`safe_file_name`), or ``line-N`` when it has none.

    >>> output_name(Document("a/b.html.gz", 1, "in/a/b.html.gz", file=Path("in/a/b.html.gz")), "markdown")
    'a/b.md'
    >>> output_name(Document("../up", 3, "x.jsonl", line=3, data="Text"), "json")
    '%2E.%2Fup.json'
    """
    suffix = OUTPUT_SUFFIXES[fmt]
    if doc.file is not None:
        stem = doc.id[:-3] if doc.id.lower().endswith(".gz") else doc.id
        for known in (".html", ".htm", ".txt"):
            if stem.lower().endswith(known):
                stem = stem[: -len(known)]
                break
        return stem + suffix
    return (safe_file_name(doc.id) if doc.has_id else f"line-{doc.position}") + suffix


def _inside(root: Path, target: Path) -> bool:
    """True when ``target``'s folder, as far as it exists, resolves inside ``root`` (no symlink out)."""
    existing = target.parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    real_root = os.path.realpath(root)
    real = os.path.realpath(existing)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def write_inside(root: Path, relative: str, content: str, *, durable: bool = True) -> None:
    """Write ``content`` atomically to ``root/relative``, refusing any path that leaves ``root``."""
    parts = Path(relative).parts
    if not parts or Path(relative).is_absolute() or any(part in ("..", "") for part in parts):
        raise InputError(f"output name {relative!r} would leave the output directory")
    target = root.joinpath(*parts)
    if not _inside(root, target):
        raise InputError(f"output {relative!r} resolves outside the output directory (a symbolic link?)")
    write_atomic(target, content, durable=durable)


def sweep_temporaries(root: Path) -> int:
    """Remove the temporary files a killed run left (``.NAME.XXXXXXXX.tmp`` of ``write_atomic``)."""
    removed = 0
    for folder, subfolders, names in os.walk(root, followlinks=False):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in names:
            if _TEMPORARY.match(name):
                with contextlib.suppress(OSError):
                    Path(folder, name).unlink()
                    removed += 1
    return removed


# ------------------------------------------------------------------------------------------ the batch itself


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchOptions:
    """How a batch reads, runs and writes; the cleaning itself is the ``Config``'s business."""

    #: Output format; None: ``text`` files for a directory output, ``jsonl`` for a JSONL output.
    format: str | None = None
    #: "auto" (by extension for files, by content for records), "html" or "text".
    input_format: str = "auto"
    #: JSONL input: the field holding the text or HTML (None: the first of ``text``, ``html``, ``content``,
    #: ``raw_content`` in the first record), and the one holding the document's id.
    field: str | None = None
    id_field: str = "id"
    #: Worker processes; 0 cleans in this process (no timeout, no protection from crashes).
    workers: int = dataclasses.field(default_factory=default_workers)
    #: A document still running after this many seconds is stopped and reported; None: no limit.
    timeout_s: float | None = 60.0
    #: How many times a document under which a worker died is tried again.
    retries: int = 1
    #: Skip what a previous run of the same batch finished (see the module docstring).
    resume: bool = False
    #: The error report; None: ``OUTPUT.errors.jsonl`` (and none for a stream on stdout).
    errors: Path | None = None
    #: A Dask scheduler address, or "local" for a LocalCluster on this machine; None: local processes.
    dask: str | None = None
    #: Called in the worker with each document before it is cleaned: a hook for tests (simulate a crash).
    before_document: Callable[[Document], None] | None = None
    #: Write an HTML summary of the run here (cleaner.explain): workers then send each Article back.
    report: Path | None = None
    #: Flush each output file to disk before its rename (safe against a power cut, slower). Without it a
    #: killed batch still leaves whole files only; the JSONL output and its checkpoint are always flushed.
    fsync: bool = False

    def __post_init__(self) -> None:
        if self.format is not None and self.format not in FORMATS:
            raise ValueError(f"unknown format {self.format!r}; choose one of {', '.join(FORMATS)}")
        if self.input_format not in INPUT_FORMATS:
            raise ValueError(f"unknown input format {self.input_format!r}; choose one of {', '.join(INPUT_FORMATS)}")
        if self.workers < 0 or self.retries < 0:
            raise ValueError("workers and retries must be >= 0")
        if self.timeout_s is not None and self.timeout_s <= 0:
            raise ValueError(f"timeout_s must be positive (or None for no limit), got {self.timeout_s}")


@dataclass(slots=True)
class BatchReport:
    """What a batch did: counts, where the error report is, how long it took."""

    cleaned: int = 0
    failed: int = 0
    skipped: int = 0  # already done by an earlier run (--resume)
    bytes_in: int = 0  # of the documents cleaned in this run (text or file size)
    elapsed_s: float = 0.0
    errors_path: Path | None = None
    restarts: int = 0  # workers replaced after a crash or a timeout
    #: Input records that are no document to clean, by reason: WARC responses "not-200" or "not-html".
    passed_over: Counter[str] = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return self.failed == 0


class Reporter(Protocol):
    """Receives what happens, for a progress bar and stderr lines; the batch itself never prints."""

    def done(self, doc: Document, failure: Failure | None, skipped: bool) -> None: ...


class ProgressReporter:
    """The reporter of ``cleaner batch`` and of ``run_batch(progress=True)``: each failed document as a line
    on stderr, and, when ``show``, the progress (``cleaner.progress``: a bar on a terminal, a line every
    ``interval_s`` seconds elsewhere) with the total when the input's size is known."""

    def __init__(self, *, show: bool = True, interval_s: float = DEFAULT_INTERVAL_S, stream: IO[str] | None = None,
                 description: str = "cleaning") -> None:
        self._show, self._interval_s, self._description = show, interval_s, description
        self._stream = stream
        self.progress = Progress(enabled=False)

    def start(self, source: str | Path, reading: Reading) -> None:
        """Size the run from its input: a folder's documents (counted in a thread, not to delay the start),
        a JSONL file's bytes, or nothing for a pipe."""
        if not self._show:
            return
        if str(source) != "-" and _is_dir(Path(source)):
            self.progress = Progress(stream=self._stream, interval_s=self._interval_s,
                                     description=self._description)
            root = Path(source)
            threading.Thread(target=self._count, args=(root,), name="cleaner-count", daemon=True).start()
            return
        size = input_size(source)
        self.progress = Progress(total=size, position=reading.position if size else None, stream=self._stream,
                                 interval_s=self._interval_s, description=self._description)

    def _count(self, root: Path) -> None:
        """The folder's documents; none when it holds WARC files, whose pages are known once read."""
        if any(is_warc(name) for _, _, names in os.walk(root) for name in names):
            return
        self.progress.set_total(sum(1 for _ in read_directory(root)))

    def start_total(self, total: int | None) -> None:
        """Size the run by a count of items known beforehand (None: unknown)."""
        if self._show:
            self.progress = Progress(total=total, stream=self._stream, interval_s=self._interval_s,
                                     description=self._description)

    def done(self, doc: Document, failure: Failure | None, skipped: bool) -> None:
        self.advance(doc.where, failure)

    def advance(self, where: str, failure: Failure | None) -> None:
        """One more item done; a failed one is also a line: ``cleaner: WHERE: Error: message``."""
        if failure is not None:
            line = f"cleaner: {where}: {failure.error}: {failure.message}"
            if self._show:
                self.progress.message(line)
            else:
                print(line, file=self._stream if self._stream is not None else sys.stderr, flush=True)
        self.progress.advance(failed=failure is not None)

    def close(self) -> None:
        self.progress.close()


@dataclass(frozen=True, slots=True)
class _Job:
    """What a worker needs besides the document: sent once, when the worker starts."""

    config: Config
    fmt: str
    stream: bool  # JSONL output: return the record line; else render a file
    id_field: str
    output_root: str | None  # write files there (local workers); None: return the content (Dask)
    before_document: Callable[[Document], None] | None = None
    report: bool = False  # also return the Article, for the run's HTML summary
    durable: bool = False  # fsync each output file (BatchOptions.fsync)


@dataclass(frozen=True, slots=True)
class _Task:
    document: Document
    target: str | None = None  # the output file, relative to the output directory

    def __reduce__(self) -> tuple[type[_Task], tuple[Document, str | None]]:
        return _Task, (self.document, self.target)


def json_line(record: Mapping[str, Any]) -> bytes:
    """One compact JSON line in UTF-8; text with lone surrogates (from ``\\ud800`` in JSON) is escaped."""
    try:
        return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(record, ensure_ascii=True) + "\n").encode("ascii")


def _utf8_safe(content: str) -> str:
    try:
        content.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from a JSON escape: no UTF-8 file can hold them
        return content.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return content


#: A worker's result: the rendered output ("" when the worker wrote the file), the document's size in bytes,
#: and the Article when the run writes a report.
_Outcome = tuple[bytes | str, int, Article | None]


def _process(job: _Job, task: _Task) -> _Outcome:
    """Clean one document and render it: the record line (JSONL output), or the file, written here when
    the worker can see the output directory ("" then), else returned. The size is measured here too: the
    main process does as little per document as it can (on two cores, its work is taken from a worker's)."""
    doc = task.document
    if job.before_document is not None:
        job.before_document(doc)
    data = doc.raw(max_document_bytes(job.config))
    article = clean_any(data, doc.input_format, config=job.config, url=doc.url)
    content = _rendered(job, task, article)
    size = len(data) if isinstance(data, (bytes, bytearray)) else len(data.encode("utf-8", "surrogatepass"))
    return content, size, article if job.report else None


def _rendered(job: _Job, task: _Task, article: Article) -> bytes | str:
    doc = task.document
    if job.stream:
        return json_line(output_record(doc.input_record(job.id_field), article))
    if job.fmt == "json":
        data = {"source": doc.id, **article.to_dict()}
        try:
            content = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
            content.encode("utf-8")
        except UnicodeEncodeError:
            content = json.dumps(data, ensure_ascii=True, indent=2) + "\n"
    else:
        content = _utf8_safe(render(article, job.fmt, source=doc.id))
    if job.output_root is not None and task.target is not None:
        write_inside(Path(job.output_root), task.target, content, durable=job.durable)
        return ""
    return content


def warm_up(config: Config) -> None:
    """Load what the first document would otherwise pay for: the language model, the HTML extractor."""
    clean_any("Warm-up\n\nThe council met on Monday and agreed on the plan for the new road.", "text",
              config=config)
    clean_any("<html><body><article><p>The council met on Monday and agreed on the plan.</p></article></body>"
              "</html>", "html", config=config)


def _warm_up(job: _Job) -> None:
    warm_up(job.config)
    freeze()


def freeze() -> None:
    """Move what is alive now (models, word lists, compiled patterns) out of the garbage collector's way:
    each collection then walks the objects of the documents only, not the hundreds of thousands loaded
    once, and a forked worker does not touch (and so copy) the pages that hold them."""
    gc.collect()
    gc.freeze()


#: Output names that are one JSON Lines file.
_JSONL_SUFFIXES = (".jsonl", ".ndjson")
#: Output names that look like a file: a batch never makes a folder of that name (unless told with a slash).
_FILE_SUFFIXES = (".json", ".txt", ".text", ".md", ".markdown", ".html", ".htm", ".csv", ".tsv", ".xml", ".gz",
                  ".bz2", ".xz", ".zst", ".parquet", ".arrow", ".warc")


def output_is_stream(output: str | Path) -> bool:
    """A JSONL stream (``-``, or a ``.jsonl`` or ``.ndjson`` file) rather than a directory of files."""
    return str(output) == "-" or Path(output).name.lower().endswith(_JSONL_SUFFIXES)


def _check_output_kind(output: str | Path) -> None:
    """Refuse an output that names a file of another kind than JSONL (``out.txt``, ``out.json``): taking
    it for a folder would surprise; a name ending with a slash, or an existing folder, is a folder."""
    if output_is_stream(output) or str(output).endswith(("/", os.sep)):
        return
    path = Path(output)
    with contextlib.suppress(OSError):
        if path.is_dir():
            return
    name = path.name.lower()
    if name.endswith(_FILE_SUFFIXES):
        stem = path.name[: path.name.index(".")] if "." in path.name else path.name
        raise InputError(f"{output} names a file, and a batch writes either one JSON Lines file (one record per "
                         f"document: name it {stem}.jsonl, or - for stdout) or a folder of files (end the name "
                         f"with a slash, {output}/, for a folder of that name)")


def default_errors_path(output: str | Path) -> Path | None:
    """``OUTPUT.errors.jsonl`` beside the output; None for stdout."""
    if str(output) == "-":
        return None
    path = Path(output)
    return path.with_name(path.name + ".errors.jsonl")


def _check_paths(source: str | Path, output: str | Path) -> None:
    try:
        _check_paths_exist(source, output)
    except PermissionError:
        pass  # a folder on the way cannot be searched: reading the input or writing the output will say so


def _check_paths_exist(source: str | Path, output: str | Path) -> None:
    _check_output_kind(output)
    if str(source) != "-" and not Path(source).exists():
        raise InputError(f"{source}: no such directory or file")
    if Path(source).is_file() and Path(source).name.lower().endswith(DOCUMENT_SUFFIXES):
        raise InputError(f"{source} is one document, not a JSONL file: use `cleaner clean` for single files, "
                         "or give the folder that holds it")
    if str(source) == "-" or str(output) == "-":
        return
    source_real, output_real = Path(source).resolve(), Path(output).resolve()
    if source_real == output_real:
        raise InputError(f"refusing to write over the input {source}")
    if Path(source).is_dir() and source_real in output_real.parents and not output_is_stream(output):
        raise InputError(f"the output {output} is inside the input directory: its files would be read as inputs")
    if Path(output).exists() and not Path(output).is_dir() and not output_is_stream(output):
        raise InputError(f"{output} is a file: a directory output needs a directory (or a .jsonl name)")


@contextlib.contextmanager
def _pool(options: BatchOptions, job: _Job, *, slow_source: bool = False) -> Iterator[Pool[_Task, _Outcome]]:
    pool: Pool[_Task, _Outcome]
    if options.dask is not None:
        from cleaner.dask import connect

        with connect(options.dask, workers=options.workers or None) as client:
            pool = DaskPool(_process, job, client, timeout_s=options.timeout_s)
            try:
                yield pool
            finally:
                pool.close()
        return
    if options.workers == 0:
        pool = InlinePool(_process, job)
    else:
        pool = ProcessPool(_process, job, options.workers, timeout_s=options.timeout_s, retries=options.retries,
                           warm_up=_warm_up, slow_source=slow_source)
    try:
        yield pool
    finally:
        pool.close()


def _error_record(doc: Document, failure: Failure) -> dict[str, Any]:
    record: dict[str, Any] = {"id": doc.id if doc.has_id else None, "path": doc.path, "line": doc.line,
                              "error": failure.error, "message": failure.message}
    if failure.traceback:
        record["traceback"] = failure.traceback
    return record


def run_batch(source: str | Path, output: str | Path, *, config: Config | None = None,
              options: BatchOptions | None = None, reporter: Reporter | None = None,
              progress: bool = False) -> BatchReport:
    """Clean every document of ``source`` into ``output``; return what happened.

    ``source``: a directory, a JSONL file or ``-`` (stdin). ``output``: a directory (one file per
    document, same relative names), a ``.jsonl`` file, or ``-`` (JSONL on stdout). Failed documents are in
    ``report.errors_path``; ``InputError`` is raised only for a batch that cannot start (no such input,
    output over the input, a checkpoint from another batch).

    ``progress=True`` shows the progress on stderr (a bar with the time left on a terminal, a line every
    30 seconds elsewhere) and each failed document; ``reporter`` receives each document instead.
    """
    check_not_starting_a_worker()  # before any output is opened: this would be a worker's copy of the script
    if progress and reporter is not None:
        raise ValueError("give progress=True or a reporter, not both")
    own = ProgressReporter() if progress else None
    try:
        return _run_batch(source, output, config=config, options=options, reporter=own or reporter)
    finally:
        if own is not None:
            own.close()


def _run_batch(source: str | Path, output: str | Path, *, config: Config | None,
               options: BatchOptions | None, reporter: Reporter | None) -> BatchReport:
    options = options or BatchOptions()
    config = config or Config()
    _check_paths(source, output)
    stream = output_is_stream(output)
    fmt = options.format or ("jsonl" if stream else "text")
    if stream and fmt != "jsonl":
        raise InputError(f"a JSONL output holds one JSON record per document: use --format jsonl, not {fmt}, "
                         "or give a directory as OUTPUT")
    if options.resume and str(output) == "-":
        raise InputError("--resume needs an output file or directory, not stdout")
    stdin: IO[bytes] | None = None
    if options.field is None:  # found now: a batch whose every record lacks it must not start
        field, stdin = find_text_field(source, max_record_bytes=max_document_bytes(config))
        options = dataclasses.replace(options, field=field)
    errors_path = options.errors if options.errors is not None else default_errors_path(output)
    report = BatchReport(errors_path=errors_path)
    started = time.monotonic()
    shipping = options.dask is not None
    job = _Job(config, fmt, stream, options.id_field,
               None if stream or shipping else str(Path(output).resolve()), options.before_document,
               report=options.report is not None, durable=options.fsync)
    summary = BatchSummary() if options.report is not None else None
    with _pool(options, job, slow_source=str(source) == "-") as pool:  # files never keep the reader waiting
        pool.wait_ready()  # workers that cannot start fail the batch before any output is opened
        if stream:
            writer: _Output = _StreamOutput(source, output, options, errors_path)
        else:
            writer = _DirectoryOutput(Path(output), fmt, options, errors_path)
        with writer:
            reading = Reading()
            if isinstance(reporter, ProgressReporter):
                reporter.start(source, reading)
            documents = read_documents(source, field=options.field, id_field=options.id_field,
                                       input_format=options.input_format,
                                       max_record_bytes=max_document_bytes(config),
                                       start_after=writer.start_after, stdin=stdin, reading=reading,
                                       passed_over=report.passed_over)
            tasks = (_Task(doc.loaded(max_document_bytes(config)) if shipping else doc, writer.target(doc))
                     for doc in documents)
            for task, outcome in pool.map(tasks, writer.settled):
                doc = task.document
                if isinstance(outcome, _Skipped):
                    report.skipped += 1
                elif isinstance(outcome, Failure):
                    report.failed += 1
                    writer.failed(doc, outcome)
                    if summary is not None:
                        summary.add_error(doc.where, f"{outcome.error}: {outcome.message}")
                else:
                    content, size, article = outcome
                    if summary is not None and article is not None:
                        summary.add(doc.id, article)
                    report.cleaned += 1
                    report.bytes_in += size
                    writer.cleaned(task, content)
                if reporter is not None:
                    reporter.done(doc, outcome if isinstance(outcome, Failure) else None,
                                  isinstance(outcome, _Skipped))
            report.restarts = getattr(pool, "restarts", 0)
            writer.finish(report)
    if summary is not None and options.report is not None:
        summary.write(options.report)
    report.elapsed_s = time.monotonic() - started
    return report


class _Output:
    """Where results go; also decides what a resumed run skips."""

    start_after = 0

    def __enter__(self) -> _Output:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None: ...

    def target(self, doc: Document) -> str | None:
        return None

    def settled(self, task: _Task) -> Failure | _Skipped | None:
        if task.document.error is not None:
            return Failure("InputError", str(task.document.error))
        return None

    def cleaned(self, task: _Task, result: bytes | str) -> None: ...

    def failed(self, doc: Document, failure: Failure) -> None: ...

    def finish(self, report: BatchReport) -> None: ...


class _ErrorLog:
    """The error report: one JSON line per failed document, in input order, flushed as it goes."""

    def __init__(self, path: Path | None, *, keep_bytes: int | None = None) -> None:
        self.path = path
        self.count = 0
        self._stream: IO[bytes] | None = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            if keep_bytes is None:
                self._stream = path.open("wb")
            else:
                self._stream = path.open("r+b" if path.exists() else "w+b")
                self._stream.truncate(keep_bytes)
                self._stream.seek(keep_bytes)

    def write(self, record: Mapping[str, Any]) -> None:
        self.count += 1
        if self._stream is not None:
            self._stream.write(json_line(record))
            self._stream.flush()

    def tell(self) -> int:
        return self._stream.tell() if self._stream is not None else 0

    def sync(self) -> None:
        if self._stream is not None:
            self._stream.flush()
            os.fsync(self._stream.fileno())

    def close(self, *, remove_if_empty: bool = False) -> None:
        if self._stream is not None:
            empty = self._stream.tell() == 0
            self._stream.close()
            self._stream = None
            if remove_if_empty and empty and self.path is not None:
                self.path.unlink(missing_ok=True)


class _DirectoryOutput(_Output):
    """One file per document under ``root``; on resume a document whose file exists is skipped (files are
    renamed into place complete, so existing means complete). The error report is rewritten: a resumed
    run retries the documents that failed."""

    def __init__(self, root: Path, fmt: str, options: BatchOptions, errors_path: Path | None) -> None:
        self.root, self.fmt, self.resume = root, fmt, options.resume
        self.main_writes = options.dask is not None  # Dask workers may not see this file system
        self.durable = options.fsync
        root.mkdir(parents=True, exist_ok=True)
        if options.resume:
            sweep_temporaries(root)
        self.errors = _ErrorLog(errors_path)
        self._folder: str | None = None
        # output name (or its hash, for ids) -> the input that has it: this folder's files, or every id
        self._names: dict[str | int, str | int] = {}

    def target(self, doc: Document) -> str | None:
        return None if doc.error is not None else output_name(doc, self.fmt)

    def settled(self, task: _Task) -> Failure | _Skipped | None:
        failure = super().settled(task)
        if failure is not None or task.target is None:
            return failure
        doc = task.document
        # Two inputs must not write one output: page.html and page.txt in one folder, or a repeated id.
        folder = task.target.rpartition("/")[0] if doc.file is not None else ""
        if folder != self._folder:
            self._folder, self._names = folder, {}
        key: str | int = task.target if doc.file is not None else hash(task.target)
        mine: str | int = doc.id if doc.file is not None else doc.position
        first = self._names.setdefault(key, mine)
        if first != mine:
            owner = first if isinstance(first, str) else f"line {first}"
            return Failure("InputError", f"its output {task.target} is already the output of {owner}")
        if self.resume and (self.root / task.target).is_file():
            return SKIPPED
        return None

    def cleaned(self, task: _Task, result: bytes | str) -> None:
        if self.main_writes and task.target is not None:
            write_inside(self.root, task.target, result if isinstance(result, str) else result.decode("utf-8"),
                         durable=self.durable)

    def failed(self, doc: Document, failure: Failure) -> None:
        self.errors.write(_error_record(doc, failure))

    def close(self) -> None:
        self.errors.close(remove_if_empty=True)

    def finish(self, report: BatchReport) -> None:
        if report.restarts:
            sweep_temporaries(self.root)  # a worker killed mid-write (a timeout, a crash) leaves its temporary
        self.errors.close(remove_if_empty=True)


class _StreamOutput(_Output):
    """A JSONL stream in input order. To a file: written to ``OUTPUT.partial`` with a checkpoint saved each
    second (input position, bytes of output and error report, counts) after flushing both; renamed to
    OUTPUT at the end. ``--resume`` truncates both to the checkpoint and skips the input it covers."""

    def __init__(self, source: str | Path, output: str | Path, options: BatchOptions,
                 errors_path: Path | None) -> None:
        where = str(source) if str(source) == "-" else str(Path(source).resolve())
        self.identity = {"version": _CHECKPOINT_VERSION, "input": where, "field": options.field,
                         "id_field": options.id_field, "input_format": options.input_format}
        self.stdout = str(output) == "-"
        self.done = False
        self.position = 0
        self.counts = {"cleaned": 0, "failed": 0}
        self.before = 0  # documents cleaned by the runs this one resumes
        self._last_save = time.monotonic()
        if self.stdout:
            self.stream: IO[bytes] = sys.stdout.buffer
            self.errors = _ErrorLog(errors_path)
            return
        self.path = Path(output)
        self.partial = self.path.with_name(self.path.name + ".partial")
        self.checkpoint = self.path.with_name(self.path.name + ".checkpoint")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        saved = self._load_checkpoint() if options.resume else None
        if options.resume and saved is None and self.path.exists() and not self.partial.exists():
            self.done = True  # finished before: nothing to redo
            self.errors = _ErrorLog(None)
            self.errors.count = _count_lines(errors_path)
            self.stream = open(os.devnull, "wb")
            return
        if saved is None:
            self.checkpoint.unlink(missing_ok=True)
            self.stream = self.partial.open("wb")
            self.errors = _ErrorLog(errors_path)
            return
        self.stream = self.partial.open("r+b")
        self.stream.truncate(saved["output_bytes"])
        self.stream.seek(saved["output_bytes"])
        self.errors = _ErrorLog(errors_path, keep_bytes=saved["errors_bytes"])
        self.errors.count = saved["failed"]
        self.position = self.start_after = saved["position"]
        self.counts = {"cleaned": saved["cleaned"], "failed": saved["failed"]}
        self.before = saved["cleaned"]

    def _load_checkpoint(self) -> dict[str, Any] | None:
        try:
            saved: dict[str, Any] = json.loads(self.checkpoint.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            raise InputError(f"{self.checkpoint}: unreadable checkpoint ({error}); run again without --resume") \
                from None
        if {key: saved.get(key) for key in self.identity} != self.identity:
            raise InputError(f"{self.checkpoint} belongs to another batch (input or fields differ); "
                             "run again without --resume, or with the same input and options")
        if not self.partial.exists() or self.partial.stat().st_size < saved["output_bytes"]:
            raise InputError(f"{self.partial} is missing or shorter than its checkpoint; run again without --resume")
        return saved

    def settled(self, task: _Task) -> Failure | _Skipped | None:
        if self.done:
            return SKIPPED
        return super().settled(task)

    def _advance(self, doc: Document) -> None:
        self.position = doc.position
        if not self.stdout and time.monotonic() - self._last_save >= _CHECKPOINT_EVERY_S:
            self._save()

    def _save(self) -> None:
        self.stream.flush()
        os.fsync(self.stream.fileno())
        self.errors.sync()
        state = {**self.identity, "position": self.position, "output_bytes": self.stream.tell(),
                 "errors_bytes": self.errors.tell(), **self.counts}
        write_atomic(self.checkpoint, json.dumps(state) + "\n")
        self._last_save = time.monotonic()

    def cleaned(self, task: _Task, result: bytes | str) -> None:
        self.stream.write(result if isinstance(result, bytes) else result.encode("utf-8"))
        if self.stdout:
            self.stream.flush()  # a pipeline step reads each record as it is done, not per buffer
        self.counts["cleaned"] += 1
        self._advance(task.document)

    def failed(self, doc: Document, failure: Failure) -> None:
        self.errors.write(_error_record(doc, failure))
        self.counts["failed"] += 1
        self._advance(doc)

    def finish(self, report: BatchReport) -> None:
        if self.stdout:
            self.stream.flush()
        elif not self.done:
            self.stream.flush()
            os.fsync(self.stream.fileno())
            self.stream.close()
            os.replace(self.partial, self.path)
            self.checkpoint.unlink(missing_ok=True)
        # the error report holds the failures of the runs this one resumes: the exit status speaks for them too
        report.skipped += self.before
        report.failed = self.errors.count
        self.errors.close(remove_if_empty=True)

    def close(self) -> None:
        if not self.stdout and not self.stream.closed:
            self.stream.close()
        self.errors.close()


def _count_lines(path: Path | None) -> int:
    if path is None or not path.exists():
        return 0
    with path.open("rb") as stream:
        return sum(1 for line in stream if line.strip())


# ------------------------------------------------------------------------------------------------- the CLI


def arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``cleaner batch``."""
    from cleaner.cli import add_config_options

    parser.add_argument("input", metavar="INPUT",
                        help="a directory (.txt, .html, .htm and their .gz, .warc and .warc.gz files, recursively), "
                             "a JSONL file, a WARC file (its HTML responses), or - for JSONL on stdin")
    parser.add_argument("output", metavar="OUTPUT",
                        help="a directory (one file per document, same relative names), a .jsonl (or "
                             ".ndjson) file, or - for JSONL on stdout. Another file name (out.txt, out.json) "
                             "is refused rather than made a folder: end it with / for a folder")
    parser.add_argument("-f", "--format", choices=FORMATS, default=None,
                        help="output format (default: text files for a directory, jsonl for a JSONL output)")
    parser.add_argument("--input-format", choices=INPUT_FORMATS, default="auto",
                        help="html or text; auto (the default): by extension for files, by content for records")
    parser.add_argument("--field", default=None,
                        help="JSONL input: the field holding the text or HTML (default: the first of text, html, "
                             "content, raw_content that the first record has)")
    parser.add_argument("--id-field", default="id", help="JSONL input: the field holding the document's id")
    parser.add_argument("-w", "--workers", type=int, default=None, metavar="N",
                        help="worker processes (default: the number of cores; 0 cleans in this process)")
    parser.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                        help="stop a document still running after this long and report it (default: 60)")
    parser.add_argument("--resume", action="store_true",
                        help="skip what an earlier, interrupted run of the same batch finished")
    parser.add_argument("--errors", type=Path, default=None, metavar="FILE",
                        help="the error report (default: OUTPUT.errors.jsonl)")
    parser.add_argument("--dask", metavar="SCHEDULER", default=None,
                        help="run on a Dask cluster at this address (tcp://host:8786), or 'local' for a "
                             "LocalCluster of --workers processes")
    parser.add_argument("--report", type=Path, default=None, metavar="REPORT.html",
                        help="also write an HTML summary of the run: errors, removals by kind, the documents "
                             "with the most removed (linked to their own pages in REPORT_files/)")
    parser.add_argument("--fsync", action="store_true",
                        help="flush each output file to disk before renaming it: safe against a power cut, "
                             "slower (a killed batch leaves whole files either way)")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="no progress and no summary line (failed documents are still reported)")
    parser.add_argument("--progress-interval", type=float, default=DEFAULT_INTERVAL_S, metavar="SECONDS",
                        help="when stderr is not a terminal, a progress line this often (default: 30); on a "
                             "terminal, a bar with the time left when the input's size is known")
    add_config_options(parser)


_PASSED_OVER = {"not-200": "not status 200", "not-html": "not HTML"}


def run(args: argparse.Namespace) -> int:
    """``cleaner batch``: exit 0 when every document was cleaned, 1 when any failed, 2 on a usage error."""
    from cleaner.cli import EXIT_FAILED, EXIT_OK, UsageError, WriteError, config_from, error

    config = config_from(args)
    try:
        options = BatchOptions(format=args.format, input_format=args.input_format, field=args.field,
                               id_field=args.id_field, workers=default_workers() if args.workers is None
                               else args.workers, timeout_s=args.timeout, resume=args.resume,
                               errors=args.errors, dask=args.dask, report=args.report, fsync=args.fsync)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    progress = ProgressReporter(show=not args.quiet, interval_s=args.progress_interval)
    try:
        report = run_batch(args.input, args.output, config=config, options=options, reporter=progress)
    except InputError as exc:
        raise UsageError(str(exc)) from None
    except WorkerStartError as exc:
        error(str(exc))
        return EXIT_FAILED
    except OSError as exc:  # the output cannot be created or written: no permission, a full disk
        if isinstance(exc, BrokenPipeError):
            raise
        raise WriteError(f"{exc.filename or args.output}: cannot be written: {exc.strerror or exc}") from None
    finally:
        progress.close()
    if not args.quiet:
        seconds = max(report.elapsed_s, 1e-9)
        where = f" (report: {report.errors_path})" if report.failed and report.errors_path else ""
        skipped = f", {report.skipped:,} done before" if report.skipped else ""
        if report.passed_over:
            reasons = ", ".join(f"{count:,} {_PASSED_OVER.get(reason, reason)}"
                                for reason, count in sorted(report.passed_over.items()))
            skipped += f", {sum(report.passed_over.values()):,} WARC responses passed over ({reasons})"
        error(f"cleaned {report.cleaned:,} documents, {report.failed:,} failed{where}{skipped}, in "
              f"{report.elapsed_s:.1f} s ({report.cleaned / seconds:.1f} docs/s, "
              f"{report.bytes_in / 1e6 / seconds:.2f} MB/s)")
    return EXIT_OK if report.ok else EXIT_FAILED
