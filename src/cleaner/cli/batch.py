"""``cleaner batch INPUT OUTPUT``: the arguments, and the exit code and summary line of a run of
:func:`cleaner.batch.run_batch`."""

from __future__ import annotations

import argparse
from pathlib import Path

from cleaner.batch import BatchOptions, ProgressReporter, WorkerStartError, default_workers, run_batch
from cleaner.cli.common import EXIT_FAILED, EXIT_OK, UsageError, WriteError, add_config_options, config_from, error
from cleaner.errors import InputError
from cleaner.html import INPUT_FORMATS
from cleaner.progress import DEFAULT_INTERVAL_S
from cleaner.render import FORMATS


def arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``cleaner batch``."""
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
