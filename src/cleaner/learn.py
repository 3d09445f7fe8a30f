"""``cleaner learn``: count recurring lines over a corpus and write the corpus model.

    cleaner learn pages/ -o model.json                  # a directory: .txt, .html, .htm and their .gz
    cleaner learn docs.jsonl --field text -o model.json # a JSONL file: the text in one field
    cleaner learn --merge shard1.json shard2.json -o model.json

HTML documents are cleaned to text first when ``cleaner.clean_html`` is available, so that their lines
are counted as the text path sees them.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path

from cleaner.errors import CleanerError, InputError
from cleaner.files import decode, read_bytes
from cleaner.passes.corpus import CorpusModel

DOCUMENT_SUFFIXES = (".txt", ".html", ".htm", ".txt.gz", ".html.gz", ".htm.gz")


def _is_html(path: Path) -> bool:
    return path.name.endswith((".html", ".htm", ".html.gz", ".htm.gz"))


def iter_texts(source: Path, field: str = "text") -> Iterator[tuple[str, str | InputError]]:
    """(name, text) for every document of a directory or JSONL file; an unreadable document gives its
    error in place of the text, so that the caller can report it and go on."""
    if source.is_dir():
        for path in sorted(p for p in source.rglob("*") if p.is_file() and p.name.endswith(DOCUMENT_SUFFIXES)):
            try:
                text = decode(read_bytes(path))
                if _is_html(path):
                    text = _html_to_text(text)
                yield str(path), text
            except CleanerError as error:
                yield str(path), InputError(str(error))
        return
    with source.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            if not raw.strip():
                continue
            name = f"{source}:{number}"
            try:
                record = json.loads(raw)
                value: object = record.get(field) if isinstance(record, dict) else None
                if not isinstance(value, str):
                    raise InputError(f"no string field {field!r}")
                yield name, value
            except (json.JSONDecodeError, UnicodeDecodeError) as error:
                yield name, InputError(f"not JSON: {error}")
            except InputError as error:
                yield name, error


def _html_to_text(html: str) -> str:
    import cleaner

    clean_html = getattr(cleaner, "clean_html", None)
    if clean_html is None:
        raise InputError("HTML input needs cleaner.clean_html")
    article = clean_html(html)
    return "\n\n".join(article.paragraphs)


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("corpus", nargs="?", type=Path, help="a directory of documents or a JSONL file")
    parser.add_argument("-o", "--output", type=Path, required=True, help="where to write the model (JSON)")
    parser.add_argument("--field", default="text", help="JSONL: the field holding the text (default: text)")
    parser.add_argument("--merge", nargs="+", type=Path, default=[], metavar="MODEL",
                        help="models to add to the counts (learned on other shards)")
    parser.add_argument("--min-documents", type=int, default=5, help="a line must recur in this many documents")
    parser.add_argument("--min-share", type=float, default=0.05, help="... and in this share of them")
    parser.add_argument("--prose-min-share", type=float, default=0.3,
                        help="share needed for a sentence of prose (a quote shared by a few stories stays)")


def run(args: argparse.Namespace) -> int:
    from cleaner.cli import EXIT_FAILED, EXIT_OK, UsageError, error

    if args.corpus is None and not args.merge:
        raise UsageError("give a CORPUS to learn from, or --merge MODEL ...")
    if args.corpus is not None and not args.corpus.exists():
        raise UsageError(f"{args.corpus}: no such directory or file")
    thresholds = {"min_documents": args.min_documents, "min_share": args.min_share,
                  "prose_min_share": args.prose_min_share}
    failures = 0

    def texts() -> Iterator[str]:
        nonlocal failures
        if args.corpus is None:
            return
        for name, text in iter_texts(args.corpus, args.field):
            if isinstance(text, InputError):
                failures += 1
                error(f"{name}: InputError: {text}")
            else:
                yield text

    try:
        model = CorpusModel.learn(texts(), **thresholds)
        for other in args.merge:
            model = model.merge(CorpusModel.load(other))
    except CleanerError as exc:
        raise UsageError(str(exc)) from None
    model.save(args.output)
    error(f"learned {len(model.counts):,} distinct lines from {model.documents:,} documents -> {args.output}")
    return EXIT_FAILED if failures else EXIT_OK
