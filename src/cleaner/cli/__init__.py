"""The ``cleaner`` command: arguments, files and exit codes; no cleaning logic lives here.

Exit codes: 0 every input cleaned; 1 an input could not be read or cleaned (the others were still
written); 2 usage error. Results go to stdout or ``-o``; messages go to stderr, one line each.

``cleaner clean`` and ``cleaner rules`` are here; ``batch``, ``explain`` and ``learn`` each have a module
of this package, and :mod:`cleaner.cli.common` holds what they share. Nothing outside this package
imports it: the library's modules never see the command line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from cleaner import __version__
from cleaner.article import Article
from cleaner.cli import batch, explain, learn
from cleaner.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    WriteError,
    add_config_options,
    config_from,
    error,
    read_raw,
    write_output,
    writing,
)
from cleaner.errors import CleanerError
from cleaner.html import INPUT_FORMATS, clean_document
from cleaner.render import FORMATS, render
from cleaner.rules import RULES

#: With several inputs, text and markdown output put this line before each document, as head and tail do.
_DOCUMENT_HEADER = "==> {name} <=="
_HEADED_FORMATS = ("text", "markdown")


def _clean_command(args: argparse.Namespace) -> int:
    config = config_from(args)
    inputs: list[str] = args.inputs or ["-"]
    if args.output and args.output != "-":
        resolved = Path(args.output).resolve()
        if any(name != "-" and Path(name).resolve() == resolved for name in inputs):
            raise UsageError(f"refusing to overwrite the input file {args.output}")
    several = len(inputs) > 1
    # Several JSON objects in one output are JSON Lines: indented objects one after the other are not JSON.
    fmt = "jsonl" if several and args.format == "json" else args.format
    status = EXIT_OK
    pieces: list[str] = []
    for name in inputs:
        try:
            article: Article = clean_document(read_raw(name, config.max_document_bytes), args.input_format,
                                              url=args.url, config=config)
        except CleanerError as exc:
            error(f"{name}: {type(exc).__name__}: {exc}")
            status = EXIT_FAILED
            continue
        piece = render(article, fmt, source=None if name == "-" else name)
        if several and fmt in _HEADED_FORMATS:
            piece = f"{_DOCUMENT_HEADER.format(name=name)}\n{piece}"
        pieces.append(piece)
    if pieces or status == EXIT_OK:
        write_output(args.output, ("\n" if several and fmt in _HEADED_FORMATS else "").join(pieces))
    return status


def _rules_command(args: argparse.Namespace) -> int:
    rows = [(name, rule.kind, rule.description) for name, rule in RULES.items()]
    width = max(len(name) for name, _, _ in rows)
    for name, kind, description in rows:
        print(f"{name:<{width}}  {kind:<16}  {description}")
    return EXIT_OK


Command = tuple[str, str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]


def _clean_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="*", metavar="INPUT",
                        help="text or HTML files (.gz too), or - for stdin (the default)")
    parser.add_argument("-o", "--output", metavar="OUTPUT", help="output file, or - for stdout (the default)")
    parser.add_argument("-f", "--format", choices=FORMATS, default="text",
                        help="text: the body; json: every field; jsonl: every field, one line per input with "
                             "its source; markdown. With several inputs, json is written as jsonl (JSON "
                             "Lines), and text and markdown put a line '==> INPUT <==' before each input's "
                             "output and a blank line between two, as head and tail do")
    parser.add_argument("--input-format", choices=INPUT_FORMATS, default="auto",
                        help="html or text; auto (the default) detects HTML from the content")
    parser.add_argument("--url", metavar="URL",
                        help="the page's address, for HTML input: resolves its canonical link "
                             "(nothing is fetched)")
    add_config_options(parser)


COMMANDS: list[Command] = [
    ("clean", "clean article text or HTML: body, metadata and the removed spans", _clean_arguments,
     _clean_command),
    ("rules", "list every rule with its kind and what it removes", lambda parser: None, _rules_command),
    ("learn", "count lines recurring across a corpus and write a corpus model", learn.arguments, learn.run),
    ("explain", "show what was cut: removals struck through by kind, or an HTML report", explain.arguments,
     explain.run),
    ("batch", "clean a directory or a JSONL stream in parallel: error report, resume, Dask", batch.arguments,
     batch.run),
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleaner", description="Turn web-extracted article text into clean text plus metadata.")
    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, summary, arguments, run in COMMANDS:
        sub = subparsers.add_parser(name, help=summary, description=summary)
        arguments(sub)
        sub.set_defaults(run=run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.run(args)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        error(str(exc))
        return EXIT_USAGE
    except WriteError as exc:
        error(str(exc))
        return EXIT_FAILED
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        error("interrupted")
        return 130
    return status


__all__ = ["COMMANDS", "EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "UsageError", "WriteError", "add_config_options",
           "build_parser", "config_from", "error", "main", "read_raw", "write_output", "writing"]
