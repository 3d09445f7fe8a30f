"""Output names: a document id becomes a file name that cannot escape the output directory, written
under a temporary name and renamed."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import string
from collections.abc import Mapping
from pathlib import Path

from cleaner.batch.readers import Document
from cleaner.errors import InputError
from cleaner.files import write_atomic

#: The extension of an output file, per format.
OUTPUT_SUFFIXES: Mapping[str, str] = {"text": ".txt", "json": ".json", "jsonl": ".jsonl", "markdown": ".md"}
#: A file name (without its extension) longer than this is cut and completed by a hash of the id.
_MAX_NAME_CHARS = 150
_SAFE_NAME_CHARS = frozenset(string.ascii_letters + string.digits + "-_.,+=@~")
_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")


# --------------------------------------------------------------------------------------------- output names


def safe_file_name(identifier: str) -> str:
    """A file name for a document id that stays in its directory: one path component, no leading dot.

    Characters outside letters, digits and ``-_.,+=@~`` are percent-encoded (UTF-8), so different ids give
    different names; a name too long for a file system is cut and completed by a hash of the whole id.

    >>> safe_file_name("../../etc/passwd"), safe_file_name("/abs"), safe_file_name(".hidden")
    ('%2E.%2F..%2Fetc%2Fpasswd', '%2Fabs', '%2Ehidden')
    >>> safe_file_name("news/2024/élection?id=3")
    'news%2F2024%2F%C3%A9lection%3Fid=3'
    """
    encoded = "".join(char if char in _SAFE_NAME_CHARS else
                      "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
                      for char in identifier)
    if not encoded or encoded.startswith("."):
        encoded = "%2E" + encoded[1:] if encoded else "%"
    if len(encoded) > _MAX_NAME_CHARS:
        digest = hashlib.blake2b(identifier.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
        cut = encoded[: _MAX_NAME_CHARS - 17]
        cut = re.sub(r"%[0-9A-F]?$", "", cut)
        encoded = f"{cut}~{digest}"
    return encoded


def output_name(doc: Document, fmt: str) -> str:
    """The output file of a document, relative to the output directory.

    A file keeps its relative path with its extension (and ``.gz``) replaced by the format's; a JSONL
    record is named after its id (:func:`safe_file_name`), or ``line-N`` when it has none.

    >>> output_name(Document("a/b.html.gz", 1, "in/a/b.html.gz", file=Path("in/a/b.html.gz")), "markdown")
    'a/b.md'
    >>> output_name(Document("../up", 3, "x.jsonl", line=3, data="Text"), "json")
    '%2E.%2Fup.json'
    """
    suffix = OUTPUT_SUFFIXES[fmt]
    if doc.file is not None:
        stem = doc.id[:-3] if doc.id.lower().endswith(".gz") else doc.id
        for known in (".html", ".htm", ".txt"):
            if stem.lower().endswith(known):
                stem = stem[: -len(known)]
                break
        return stem + suffix
    return (safe_file_name(doc.id) if doc.has_id else f"line-{doc.position}") + suffix


def _inside(root: Path, target: Path) -> bool:
    """True when ``target``'s folder, as far as it exists, resolves inside ``root`` (no symlink out)."""
    existing = target.parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    real_root = os.path.realpath(root)
    real = os.path.realpath(existing)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def write_inside(root: Path, relative: str, content: str, *, durable: bool = True) -> None:
    """Write ``content`` atomically to ``root/relative``, refusing any path that leaves ``root``."""
    parts = Path(relative).parts
    if not parts or Path(relative).is_absolute() or any(part in ("..", "") for part in parts):
        raise InputError(f"output name {relative!r} would leave the output directory")
    target = root.joinpath(*parts)
    if not _inside(root, target):
        raise InputError(f"output {relative!r} resolves outside the output directory (a symbolic link?)")
    write_atomic(target, content, durable=durable)


def sweep_temporaries(root: Path) -> int:
    """Remove the temporary files a killed run left (``.NAME.XXXXXXXX.tmp`` of ``write_atomic``)."""
    removed = 0
    for folder, subfolders, names in os.walk(root, followlinks=False):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in names:
            if _TEMPORARY.match(name):
                with contextlib.suppress(OSError):
                    Path(folder, name).unlink()
                    removed += 1
    return removed
