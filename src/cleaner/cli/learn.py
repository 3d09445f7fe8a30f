"""``cleaner learn``: count recurring lines over a corpus and write the corpus model (:mod:`cleaner.learn`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from cleaner.batch import default_workers
from cleaner.cli.common import EXIT_FAILED, EXIT_OK, UsageError, error, writing
from cleaner.corpus_model import CorpusModel
from cleaner.errors import CleanerError
from cleaner.learn import learn_corpus


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("corpus", nargs="?", type=Path, help="a directory of documents or a JSONL file")
    parser.add_argument("-w", "--workers", type=int, default=None, metavar="N",
                        help="worker processes (default: the number of cores; 0 reads in this process)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="where to write the model (JSON)")
    parser.add_argument("--field", default=None,
                        help="JSONL: the field holding the text or HTML (default: the first of text, html, "
                             "content, raw_content that the first record has)")
    parser.add_argument("--progress-interval", type=float, default=30.0, metavar="SECONDS",
                        help="when stderr is not a terminal, a progress line this often (default: 30)")
    parser.add_argument("--merge", nargs="+", type=Path, default=[], metavar="MODEL",
                        help="models to add to the counts (learned on other shards)")
    parser.add_argument("--min-documents", type=int, default=5, help="a line must recur in this many documents")
    parser.add_argument("--min-share", type=float, default=0.05, help="... and in this share of them")
    parser.add_argument("--prose-min-share", type=float, default=0.3,
                        help="share needed for a sentence of prose (a quote shared by a few stories stays)")



def run(args: argparse.Namespace) -> int:
    if args.corpus is None and not args.merge:
        raise UsageError("give a CORPUS to learn from, or --merge MODEL ...")
    if args.corpus is not None:
        try:
            args.corpus.lstat()
        except FileNotFoundError:
            raise UsageError(f"{args.corpus}: no such directory or file") from None
        except OSError:
            pass  # no permission on the way: the reader reports it as a failed document
    thresholds = {"min_documents": args.min_documents, "min_share": args.min_share,
                  "prose_min_share": args.prose_min_share}
    workers = default_workers() if args.workers is None else args.workers
    if workers < 0:
        raise UsageError(f"--workers must be >= 0, got {workers}")
    failures = 0
    try:
        if args.corpus is not None:
            model, failures = learn_corpus(args.corpus, field=args.field, workers=workers,
                                           progress_interval_s=args.progress_interval, **thresholds)
        else:
            model = CorpusModel(0, {}, **thresholds)
        for other in args.merge:
            model = model.merge(CorpusModel.load(other))
    except CleanerError as exc:
        raise UsageError(str(exc)) from None
    with writing(args.output):
        model.save(args.output)
    error(f"learned {len(model.counts):,} distinct lines from {model.documents:,} documents -> {args.output}")
    return EXIT_FAILED if failures else EXIT_OK
