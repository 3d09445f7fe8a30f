"""The ``cleaner`` command: arguments, files and exit codes; no cleaning logic lives here.

Exit codes: 0 every input cleaned; 1 an input could not be read or cleaned (the others were still
written); 2 usage error. Results go to stdout or ``-o``; messages go to stderr, one line each.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, published as tomli (a dependency there)
    import tomli as tomllib

from cleaner import __version__, batch, explain, learn
from cleaner.article import Article
from cleaner.config import Config
from cleaner.errors import CleanerError, ConfigError, InputError
from cleaner.files import read_bytes, read_stream, write_atomic
from cleaner.html import INPUT_FORMATS, clean_document
from cleaner.render import FORMATS, render
from cleaner.rules import RULES

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
#: With several inputs, text and markdown output put this line before each document, as head and tail do.
_DOCUMENT_HEADER = "==> {name} <=="
_HEADED_FORMATS = ("text", "markdown")
_SUFFIX = {"text": ".txt", "json": ".json", "jsonl": ".jsonl", "markdown": ".md"}


class UsageError(Exception):
    """A command line that cannot be carried out as given (exit 2)."""


class WriteError(Exception):
    """An output that cannot be written (no permission, a full disk): one line on stderr, exit 1."""


@contextlib.contextmanager
def writing(destination: str | Path) -> Iterator[None]:
    """Turn an ``OSError`` raised while writing ``destination`` into a :class:`WriteError` naming it
    (a closed pipe on stdout is left to ``main``, which ends quietly)."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        where = exc.filename or destination
        raise WriteError(f"{where}: cannot be written: {exc.strerror or exc}") from None


def error(message: str) -> None:
    """One line on stderr, prefixed with the program name."""
    print(f"cleaner: {message}", file=sys.stderr)


def add_config_options(parser: argparse.ArgumentParser) -> None:
    """The options every cleaning command shares; ``config_from`` turns them into one ``Config``."""
    group = parser.add_argument_group("cleaning options")
    group.add_argument("--config", type=Path, metavar="FILE.toml",
                       help="a TOML file of Config fields (flags given here override it)")
    group.add_argument("--disable", action="append", default=[], metavar="RULE",
                       help="switch off a rule or a whole pass (repeatable); see `cleaner rules`")
    group.add_argument("--language", action="append", default=[], metavar="LANG",
                       help="use only these languages' word lists (repeatable; default: all shipped). Any "
                            "ISO 639-1 code with a stop list or that py3langid identifies is accepted (ar, ko, "
                            "sv, ...); a language without word lists of its own uses the language-neutral ones")
    group.add_argument("--uncurl-quotes", action="store_true", help="replace typographic quotes by ASCII ones")
    group.add_argument("--reference-date", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                       help="resolve relative date headers ('3 hours ago') against this date")
    group.add_argument("--model", type=Path, metavar="MODEL.json",
                       help="a corpus model from `cleaner learn`: lines recurring across the corpus go")


def config_from(args: argparse.Namespace) -> Config:
    """One ``Config`` from an optional TOML file and the flags."""
    fields: dict[str, Any] = {}
    if args.config is not None:
        try:
            fields.update(tomllib.loads(args.config.read_text(encoding="utf-8")))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise UsageError(f"{args.config}: cannot read the config file: {exc}") from None
        known = {field.name for field in dataclasses.fields(Config)}
        unknown = sorted(set(fields) - known)
        if unknown:
            raise UsageError(f"{args.config}: unknown setting(s) {', '.join(unknown)}")
        for name in ("disabled_rules",):
            if name in fields:
                fields[name] = frozenset(fields[name])
        for name in ("languages",):
            if name in fields:
                fields[name] = tuple(fields[name])
    if args.disable:
        fields["disabled_rules"] = frozenset(fields.get("disabled_rules", frozenset())) | set(args.disable)
    if args.language:
        fields["languages"] = tuple(args.language)
    if args.uncurl_quotes:
        fields["uncurl_quotes"] = True
    if args.reference_date is not None:
        fields["reference_date"] = args.reference_date
    if getattr(args, "model", None) is not None:
        from cleaner.passes.corpus import CorpusModel

        try:
            fields["model"] = CorpusModel.load(args.model)
        except CleanerError as exc:
            raise UsageError(str(exc)) from None
    try:
        return Config(**fields)
    except (ConfigError, TypeError) as exc:
        raise UsageError(str(exc)) from None


def read_raw(name: str, max_bytes: int) -> bytes:
    """The bytes of a file (gunzipped if ``.gz``), or of stdin for ``-``; ``InputError`` when unreadable
    or longer than ``max_bytes`` (never read whole: a stream or a gzip bomb stops one byte past it).

    ``max_bytes`` is the command's ``Config.max_document_bytes``: there is no default, which would be fixed
    when the module is imported and ignore a limit set by ``--config``."""
    if name == "-":
        return read_stream(sys.stdin.buffer, max_bytes=max_bytes)
    path = Path(name)
    try:
        is_dir = path.is_dir()
    except OSError as exc:  # a folder on the way that cannot be searched
        raise InputError(f"cannot be read: {exc.strerror or exc}") from None
    if is_dir:
        raise InputError("is a directory; use `cleaner batch` for directories")
    return read_bytes(path, max_bytes=max_bytes)


def write_output(destination: str | None, content: str) -> None:
    """Write to stdout (``None`` or ``-``) or atomically to a file."""
    if destination is None or destination == "-":
        sys.stdout.buffer.write(content.encode("utf-8", errors="surrogateescape"))
        sys.stdout.flush()
    else:
        with writing(destination):
            write_atomic(Path(destination), content)


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


if __name__ == "__main__":
    # Run the package's own module, not this __main__ copy: the subcommands' modules import UsageError from
    # cleaner.cli, and a second copy of the class would not be caught here (exit 1 instead of 2).
    from cleaner.cli import main as package_main

    sys.exit(package_main())
