"""How a batch reads, runs and writes (:class:`BatchOptions`), and what it did (:class:`BatchReport`)."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cleaner.batch.pools import default_workers
from cleaner.batch.readers import Document
from cleaner.html import INPUT_FORMATS
from cleaner.render import FORMATS


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
