"""``run_batch``: check the paths, choose a pool, read, clean, write, and report."""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from cleaner.batch.dask_pool import DaskPool, connect
from cleaner.batch.options import BatchOptions, BatchReport
from cleaner.batch.outputs import (
    _check_output_kind,
    _DirectoryOutput,
    _Output,
    _StreamOutput,
    default_errors_path,
    output_is_stream,
)
from cleaner.batch.pools import Failure, InlinePool, Pool, ProcessPool, _Skipped, check_not_starting_a_worker
from cleaner.batch.readers import DOCUMENT_SUFFIXES, Reading, find_text_field, read_documents
from cleaner.batch.reporting import ProgressReporter, Reporter
from cleaner.batch.work import _Job, _Outcome, _process, _Task, _warm_up
from cleaner.config import Config
from cleaner.errors import InputError
from cleaner.explain import BatchSummary


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
    fmt = _output_format(output, options, stream)
    stdin: IO[bytes] | None = None
    if options.field is None:  # found now: a batch whose every record lacks it must not start
        field, stdin = find_text_field(source, max_record_bytes=config.max_document_bytes)
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
        writer = _writer(source, output, options, fmt, errors_path, stream)
        with writer:
            reading = Reading()
            if isinstance(reporter, ProgressReporter):
                reporter.start(source, reading)
            documents = read_documents(source, field=options.field, id_field=options.id_field,
                                       input_format=options.input_format,
                                       max_record_bytes=config.max_document_bytes,
                                       start_after=writer.start_after, stdin=stdin, reading=reading,
                                       passed_over=report.passed_over)
            tasks = (_Task(doc.loaded(config.max_document_bytes) if shipping else doc, writer.target(doc))
                     for doc in documents)
            for task, outcome in pool.map(tasks, writer.settled):
                _settle(task, outcome, writer, report, summary, reporter)
            report.restarts = getattr(pool, "restarts", 0)
            writer.finish(report)
    if summary is not None and options.report is not None:
        summary.write(options.report)
    report.elapsed_s = time.monotonic() - started
    return report


def _output_format(output: str | Path, options: BatchOptions, stream: bool) -> str:
    """The format of the outputs (``options.format``; by default JSONL into a stream, text files into a
    directory); ``InputError`` for what the output cannot take: a format other than JSONL in a JSONL
    file or on stdout, ``--resume`` on stdout."""
    fmt = options.format or ("jsonl" if stream else "text")
    if stream and fmt != "jsonl":
        raise InputError(f"a JSONL output holds one JSON record per document: use --format jsonl, not {fmt}, "
                         "or give a directory as OUTPUT")
    if options.resume and str(output) == "-":
        raise InputError("--resume needs an output file or directory, not stdout")
    return fmt


def _writer(source: str | Path, output: str | Path, options: BatchOptions, fmt: str, errors_path: Path | None,
            stream: bool) -> _Output:
    """Where the results go: one JSONL stream (a file or stdout), or one file per document in a directory."""
    if stream:
        return _StreamOutput(source, output, options, errors_path)
    return _DirectoryOutput(Path(output), fmt, options, errors_path)


def _settle(task: _Task, outcome: _Outcome | Failure | _Skipped, writer: _Output, report: BatchReport,
            summary: BatchSummary | None, reporter: Reporter | None) -> None:
    """Account for one document whose work is done: count it, write its result or its error, add it to the
    summary of the HTML report, and tell the reporter."""
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
        reporter.done(doc, outcome if isinstance(outcome, Failure) else None, isinstance(outcome, _Skipped))
