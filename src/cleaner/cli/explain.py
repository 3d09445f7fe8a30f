"""``cleaner explain INPUT [--html REPORT]``: clean one document and show what was cut (:mod:`cleaner.explain`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cleaner.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    UsageError,
    add_config_options,
    config_from,
    error,
    read_raw,
    writing,
)
from cleaner.errors import CleanerError
from cleaner.explain import print_explanation, write_html_report
from cleaner.html import INPUT_FORMATS, clean_document


def arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``cleaner explain``."""
    parser.add_argument("input", nargs="?", default="-", metavar="INPUT",
                        help="a text or HTML file (.gz too), or - for stdin (the default)")
    parser.add_argument("--html", type=Path, metavar="REPORT.html",
                        help="write a self-contained HTML report here instead of printing to the terminal")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                        help="colour in the terminal: auto (the default) when stdout is a terminal and "
                             "NO_COLOR is unset; without colour, removals are marked [-...-]")
    parser.add_argument("--input-format", choices=INPUT_FORMATS, default="auto",
                        help="html or text; auto (the default) detects HTML from the content")
    parser.add_argument("--url", metavar="URL", help="the page's address, for HTML input (nothing is fetched)")
    add_config_options(parser)


def run(args: argparse.Namespace) -> int:
    """``cleaner explain INPUT [--html REPORT]``: clean one document and show what was cut."""
    config = config_from(args)
    if args.html is not None and args.input != "-" and Path(args.input).resolve() == args.html.resolve():
        raise UsageError(f"refusing to overwrite the input file {args.input}")
    try:
        raw = read_raw(args.input, config.max_document_bytes)
        article = clean_document(raw, args.input_format, url=args.url, config=config)
    except CleanerError as exc:
        error(f"{args.input}: {type(exc).__name__}: {exc}")
        return EXIT_FAILED
    source = None if args.input == "-" else args.input
    if args.html is not None:
        with writing(args.html):
            write_html_report(args.html, article, source=source or "stdin")
        print(f"cleaner: wrote {args.html} ({len(article.removed)} removals)", file=sys.stderr)
    else:
        print_explanation(article, color=args.color)
    return EXIT_OK
