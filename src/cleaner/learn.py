"""Learn a corpus model: count the lines recurring over a corpus (the library side of ``cleaner learn``).

    cleaner learn pages/ -o model.json                  # a directory: .txt, .html, .htm and their .gz
    cleaner learn docs.jsonl --field text -o model.json # a JSONL file: the text in one field
    cleaner learn --merge shard1.json shard2.json -o model.json

HTML documents are cleaned to text first when ``cleaner.clean_html`` is available, so that their lines
are counted as the text path sees them. Documents are read by ``cleaner batch``'s readers and their lines
hashed by its worker processes (``--workers``); the counts add up in the main process.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from cleaner import batch
from cleaner.batch import Document, document_text
from cleaner.config import Config
from cleaner.corpus_model import CorpusModel, document_keys


def document_line_keys(config: Config, doc: Document) -> frozenset[str]:
    """The keys of one document's distinct lines (run in a worker process)."""
    return frozenset(document_keys(document_text(doc, config)))


def learn_corpus(corpus: Path, *, field: str | None = None, workers: int | None = None,
                 progress_interval_s: float = 30.0, **thresholds: Any) -> tuple[CorpusModel, int]:
    """The corpus model of a directory or a JSONL file (``-``: stdin), and how many documents could not be
    read (each one a line on stderr, with the progress).

    ``workers`` processes hash the lines (default: one per core; 0 reads in this process); ``thresholds``
    are ``CorpusModel``'s. ``InputError`` when the corpus cannot be read at all.
    """
    workers = batch.default_workers() if workers is None else workers
    if workers < 0:
        raise ValueError(f"workers must be >= 0, got {workers}")
    counts: Counter[str] = Counter()
    documents = failures = 0
    config = Config()
    pool: batch.Pool[Document, frozenset[str]] = (
        batch.ProcessPool(document_line_keys, config, workers, slow_source=str(corpus) == "-") if workers else
        batch.InlinePool(document_line_keys, config))
    progress = batch.ProgressReporter(description="learning", interval_s=progress_interval_s)
    try:
        reading = batch.Reading()
        progress.start(corpus, reading)
        reader = batch.read_documents(corpus, field=field, reading=reading)
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
    finally:
        pool.close()
        progress.close()
    return CorpusModel(documents, counts, **thresholds), failures


__all__ = ["document_line_keys", "learn_corpus"]
