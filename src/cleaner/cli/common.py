"""What every command shares: exit codes, the errors that end a command, stderr lines, the cleaning
options and the ``Config`` they make, reading an input and writing an output."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, published as tomli (a dependency there)
    import tomli as tomllib

from cleaner.config import Config
from cleaner.corpus_model import CorpusModel
from cleaner.errors import CleanerError, ConfigError, InputError
from cleaner.files import read_bytes, read_stream, write_atomic

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


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
