"""Where results go: output names that cannot escape the output directory, a directory of files or one
JSON Lines stream with its checkpoint (``--resume``), and the error log."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from cleaner.batch.names import output_name, sweep_temporaries, write_inside
from cleaner.batch.options import BatchOptions, BatchReport
from cleaner.batch.pools import SKIPPED, Failure, _Skipped
from cleaner.batch.readers import Document
from cleaner.batch.work import _Task, json_line
from cleaner.errors import InputError
from cleaner.files import write_atomic

#: A JSONL output's checkpoint is saved at most this often.
_CHECKPOINT_EVERY_S = 1.0
_CHECKPOINT_VERSION = 1


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


def _error_record(doc: Document, failure: Failure) -> dict[str, Any]:
    record: dict[str, Any] = {"id": doc.id if doc.has_id else None, "path": doc.path, "line": doc.line,
                              "error": failure.error, "message": failure.message}
    if failure.traceback:
        record["traceback"] = failure.traceback
    return record


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


class _Owners:
    """Which record first had each output name that records' ids give (JSONL, WARC): its position.

    Ids repeat anywhere in an input of millions of records, so every name is kept, in a temporary SQLite
    database: SQLite holds its pages in a cache of about 2 MB and the rest in a file it deletes on close
    (an unnamed database), so the batch's memory stays flat. A dict of them took about 115 bytes a record:
    1 GB for ten million. Used by the main thread only, one name per record: a few microseconds each.
    """

    def __init__(self) -> None:
        self._db: sqlite3.Connection | None = None

    def claim(self, name: str, position: int) -> int:
        """Give ``name`` to the record at ``position``, unless an earlier one has it; the owner's position."""
        if self._db is None:
            self._db = sqlite3.connect("", isolation_level=None)  # "": private, on disk past the cache
            self._db.execute("PRAGMA journal_mode = OFF")  # nothing to roll back: the file dies with the batch
            self._db.execute("PRAGMA synchronous = OFF")
            self._db.execute("CREATE TABLE owners (name TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID")
            self._db.execute("BEGIN")  # one transaction: no commit to write out after each record
        if self._db.execute("INSERT OR IGNORE INTO owners VALUES (?, ?)", (name, position)).rowcount:
            return position
        owner: int = self._db.execute("SELECT position FROM owners WHERE name = ?", (name,)).fetchone()[0]
        return owner

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


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
        self._names: dict[str, str] = {}  # output name -> the file that has it, in this folder
        self._owners = _Owners()  # output name -> the record that has it, for every record (on disk)

    def target(self, doc: Document) -> str | None:
        return None if doc.error is not None else output_name(doc, self.fmt)

    def settled(self, task: _Task) -> Failure | _Skipped | None:
        failure = super().settled(task)
        if failure is not None or task.target is None:
            return failure
        doc = task.document
        # Two inputs must not write one output: page.html and page.txt in one folder, or a repeated id.
        owner: str | None = None
        if doc.file is not None:
            folder = task.target.rpartition("/")[0]
            if folder != self._folder:
                self._folder, self._names = folder, {}
            first = self._names.setdefault(task.target, doc.id)
            owner = first if first != doc.id else None
        else:
            position = self._owners.claim(task.target, doc.position)
            owner = f"line {position}" if position != doc.position else None
        if owner is not None:
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
        self._owners.close()

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
