"""Reading documents from files and streams, and writing outputs atomically.

The library's ``clean()`` takes ``str`` only; the CLI and batch tools hand it bytes from disk or stdin,
so turning bytes into text lives here: a BOM wins, then strict UTF-8, then charset-normalizer's guess.
Binary files (a PDF or PNG renamed ``.txt``) are refused with a clear error rather than cleaned into
garbage.
"""

from __future__ import annotations

import codecs
import gzip
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from cleaner.errors import InputError

#: File signatures of formats that are not text, for a clear refusal.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x7fELF", "an executable"),
    (b"RIFF", "a RIFF media file"),
    (b"\x00asm", "a WebAssembly module"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: A gzip member may expand to at most this many bytes: a gzip bomb is refused, not decompressed.
MAX_GZIP_BYTES = 200_000_000


def decode(data: bytes, *, candidates: Sequence[str] | None = None) -> str:
    """Decode a document's bytes to text, or raise :class:`InputError` saying why not.

    ``candidates`` limits the detection of a non-UTF-8 encoding to those codecs (HTML passes the
    encodings the web uses: on short pages charset-normalizer otherwise finds Baltic DOS code pages).

    >>> decode("café".encode("utf-8")), decode("café".encode("utf-16"))
    ('café', 'café')
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise InputError(f"starts with a {encoding} byte-order mark but does not decode: {error}") from None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"this is {what}, not text or HTML")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        import charset_normalizer

        isolation = list(candidates) if candidates else None
        best = charset_normalizer.from_bytes(data, cp_isolation=isolation).best()
        if best is None or b"\x00" in data[:4096] and best.encoding not in ("utf_16", "utf_32"):
            raise InputError(
                f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) and no other encoding fits; "
                "it may be binary"
            ) from None
        return str(best)


def read_bytes(path: Path, *, max_bytes: int | None = None) -> bytes:
    """The bytes of a file, gunzipped when it ends in ``.gz`` (within ``MAX_GZIP_BYTES``)."""
    try:
        if path.suffix == ".gz":
            limit = MAX_GZIP_BYTES if max_bytes is None else min(MAX_GZIP_BYTES, max_bytes)
            with gzip.open(path, "rb") as stream:
                data = stream.read(limit + 1)
            if len(data) > limit:
                raise InputError(f"expands to more than {limit:,} bytes; refused as a possible gzip bomb")
            return data
        data = path.read_bytes()
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        raise InputError(f"cannot be read: {getattr(error, 'strerror', None) or error}") from None
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError(f"{len(data):,} bytes, over the limit of {max_bytes:,}")
    return data


def write_atomic(path: Path, content: str) -> None:
    """Write ``content`` to ``path`` under a temporary name, then rename: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
