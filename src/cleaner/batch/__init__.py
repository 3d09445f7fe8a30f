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

The package, one module per part: :mod:`~cleaner.batch.readers` (documents in), :mod:`~cleaner.batch.work`
(what a worker does with one), :mod:`~cleaner.batch.pools` (in this process, or worker processes),
:mod:`~cleaner.batch.dask_pool` (a Dask cluster), :mod:`~cleaner.batch.outputs` (files, a JSONL stream
and its checkpoint, the error log), :mod:`~cleaner.batch.options`, :mod:`~cleaner.batch.reporting` and
:mod:`~cleaner.batch.run` (``run_batch``). The ``cleaner batch`` command is :mod:`cleaner.cli.batch`.
"""

from __future__ import annotations

from cleaner.batch.dask_pool import DaskPool, attempt_all, connect
from cleaner.batch.names import OUTPUT_SUFFIXES, output_name, safe_file_name, sweep_temporaries, write_inside
from cleaner.batch.options import BatchOptions, BatchReport
from cleaner.batch.outputs import default_errors_path, output_is_stream
from cleaner.batch.pools import (
    SKIPPED,
    Failure,
    InlinePool,
    Pool,
    ProcessPool,
    WorkerStartError,
    attempt,
    check_not_starting_a_worker,
    default_workers,
)
from cleaner.batch.readers import (
    DOCUMENT_SUFFIXES,
    Document,
    Reading,
    find_text_field,
    input_size,
    read_directory,
    read_documents,
    read_jsonl,
    read_warc,
)
from cleaner.batch.reporting import ProgressReporter, Reporter
from cleaner.batch.run import run_batch
from cleaner.batch.work import clean_any, document_text, freeze, json_line, warm_up

# The traceback of a batch whose workers cannot start names the error where users import it from.
WorkerStartError.__module__ = __name__

__all__ = [
    "DOCUMENT_SUFFIXES",
    "OUTPUT_SUFFIXES",
    "SKIPPED",
    "BatchOptions",
    "BatchReport",
    "DaskPool",
    "Document",
    "Failure",
    "InlinePool",
    "Pool",
    "ProcessPool",
    "ProgressReporter",
    "Reading",
    "Reporter",
    "WorkerStartError",
    "attempt",
    "attempt_all",
    "check_not_starting_a_worker",
    "clean_any",
    "connect",
    "default_errors_path",
    "default_workers",
    "document_text",
    "find_text_field",
    "freeze",
    "input_size",
    "json_line",
    "output_is_stream",
    "output_name",
    "read_directory",
    "read_documents",
    "read_jsonl",
    "read_warc",
    "run_batch",
    "safe_file_name",
    "sweep_temporaries",
    "warm_up",
    "write_inside",
]
