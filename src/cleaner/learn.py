"""``cleaner learn``: count recurring lines over a corpus and write the corpus model.

    cleaner learn pages/ -o model.json                  # a directory: .txt, .html, .htm and their .gz
    cleaner learn docs.jsonl --field text -o model.json # a JSONL file: the text in one field
    cleaner learn --merge shard1.json shard2.json -o model.json

HTML documents are cleaned to text first when ``cleaner.clean_html`` is available, so that their lines
are counted as the text path sees them. Documents are read by ``cleaner batch``'s readers and their lines
hashed by its worker processes (``--workers``); the counts add up in the main process.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from cleaner import batch
from cleaner.batch import Document, document_text
from cleaner.config import Config
from cleaner.errors import CleanerError, InputError
from cleaner.passes.corpus import CorpusModel, document_keys


def document_line_keys(config: Config, doc: Document) -> frozenset[str]:
    """The keys of one document's distinct lines (run in a worker process)."""
    return frozenset(document_keys(document_text(doc, config)))


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
    from cleaner.cli import EXIT_FAILED, EXIT_OK, UsageError, error, writing

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
    failures = 0

    workers = batch.default_workers() if args.workers is None else args.workers
    if workers < 0:
        raise UsageError(f"--workers must be >= 0, got {workers}")
    counts: Counter[str] = Counter()
    documents = 0
    if args.corpus is not None:
        config = Config()
        pool: batch.Pool[Document, frozenset[str]] = (
            batch.ProcessPool(document_line_keys, config, workers, slow_source=str(args.corpus) == "-") if workers else
            batch.InlinePool(document_line_keys, config))
        progress = batch.ProgressReporter(description="learning", interval_s=args.progress_interval)
        try:
            reading = batch.Reading()
            progress.start(args.corpus, reading)
            reader = batch.read_documents(args.corpus, field=args.field, reading=reading)
            for doc, keys in pool.map(reader, lambda doc: batch.Failure("InputError", str(doc.error))
                                       if doc.error is not None else None):
                if isinstance(keys, batch.Failure):
                    failures += 1
                    progress.done(doc, keys, False)
                    continue
                if isinstance(keys, frozenset):
                    counts.update(keys)
                    documents += 1
                progress.done(doc, None, False)
        except InputError as exc:
            raise UsageError(str(exc)) from None
        finally:
            pool.close()
            progress.close()
    try:
        model = CorpusModel(documents, counts, **thresholds)
        for other in args.merge:
            model = model.merge(CorpusModel.load(other))
    except CleanerError as exc:
        raise UsageError(str(exc)) from None
    with writing(args.output):
        model.save(args.output)
    error(f"learned {len(model.counts):,} distinct lines from {model.documents:,} documents -> {args.output}")
    return EXIT_FAILED if failures else EXIT_OK
