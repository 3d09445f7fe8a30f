"""Reading documents from files and streams, and writing outputs atomically.

The library's ``clean()`` takes ``str`` only; the CLI and batch tools hand it bytes from disk or stdin,
so turning bytes into text lives here. In order: a byte-order mark wins; a known binary signature (a PDF
or PNG renamed ``.txt``) is refused; UTF-16 or UTF-32 without a mark is recognised by its zero bytes;
then UTF-8. Bytes that are *mostly* UTF-8 (a stray byte, a text cut in the middle of a character, a
Windows-1252 line pasted into a UTF-8 file) stay UTF-8, each invalid byte read as Windows-1252: guessing
one legacy encoding for the whole file would turn every other accent into mojibake. Only bytes with no
UTF-8 in them go to charset-normalizer, among the encodings the web uses. What fits nothing is refused
with a clear error rather than cleaned into garbage.
"""

from __future__ import annotations

import codecs
import contextlib
import gzip
import io
import logging
import os
import secrets
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from cleaner.errors import InputError

logger = logging.getLogger(__name__)

#: The first bytes of gzip data: readers decompress by these, not by a file name.
GZIP_MAGIC = b"\x1f\x8b"
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
    (GZIP_MAGIC, ("gzip-compressed: decompress it first (gzip.decompress), or give the file or stream to the "
                  "command line, which does")),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"OggS\x00", "an Ogg media file"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
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

#: The legacy encodings of the WHATWG Encoding Standard that Python has: what a document that is not UTF-8
#: can be in (detection among all codecs picks DOS and Mac code pages on short texts).
WEB_ENCODINGS: tuple[str, ...] = (
    "utf_8", "utf_16", "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
    "cp1258", "cp874", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_5", "iso8859_6", "iso8859_7",
    "iso8859_8", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16", "koi8_r", "koi8_u",
    "mac_roman", "gb18030", "gbk", "big5", "euc_jp", "iso2022_jp", "shift_jis", "euc_kr",
)
#: Bytes looked at to recognise UTF-16 or UTF-32 without a byte-order mark.
_WIDE_SAMPLE_BYTES = 4096


def _legacy_byte(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: an invalid byte in UTF-8 is read as Windows-1252 (what a pasted legacy line is
    in, nine times out of ten); a character cut off at the very end of the data becomes U+FFFD."""
    assert isinstance(error, UnicodeDecodeError)
    if error.end == len(error.object) and "end of data" in error.reason:
        return "\ufffd", error.end
    piece = bytes(error.object[error.start : error.end])
    return piece.decode("cp1252", errors="replace"), error.end


codecs.register_error("cleaner-legacy-byte", _legacy_byte)


def _wide_without_bom(data: bytes) -> str | None:
    """The text of UTF-32 or UTF-16 bytes that carry no byte-order mark, recognised by where their zero
    bytes fall (Latin text has one in every other byte of UTF-16); None when the bytes are not that.

    >>> _wide_without_bom("Straße".encode("utf-16-le")), _wide_without_bom(b"plain text")
    ('Straße', None)
    """
    sample = data[:_WIDE_SAMPLE_BYTES]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    sample = sample[: len(sample) - len(sample) % 4]
    units = len(sample) // 4
    zeros = [sample[offset::4].count(0) / units for offset in range(4)]
    if min(zeros[2], zeros[3]) > 0.95 and zeros[0] < 0.5:
        encoding = "utf-32-le"
    elif min(zeros[0], zeros[1]) > 0.95 and zeros[3] < 0.5:
        encoding = "utf-32-be"
    elif min(zeros[1], zeros[3]) > 0.3 and max(zeros[0], zeros[2]) < 0.05:
        encoding = "utf-16-le"
    elif min(zeros[0], zeros[2]) > 0.3 and max(zeros[1], zeros[3]) < 0.05:
        encoding = "utf-16-be"
    else:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _mostly_utf8(data: bytes) -> bool:
    """True when the valid UTF-8 characters beyond ASCII are at least as many as the invalid bytes."""
    replaced = data.decode("utf-8", errors="replace")
    invalid = replaced.count("\ufffd") - data.count("\ufffd".encode())
    non_ascii = len(replaced) - len(replaced.encode("ascii", errors="ignore"))
    return non_ascii - invalid - data.count("\ufffd".encode()) >= invalid


def decode(data: bytes, *, candidates: Sequence[str] | None = None) -> str:
    """Decode a document's bytes to text, or raise :class:`InputError` saying why not.

    ``candidates`` limits the detection of a legacy encoding to those codecs (by default the encodings
    the web uses: on short texts charset-normalizer otherwise finds Baltic DOS code pages).

    >>> decode("café".encode("utf-8")), decode("café".encode("utf-16")), decode("café".encode("utf-16-le"))
    ('café', 'café', 'café')
    >>> decode("Müller said “no”. ".encode("utf-8") + "Ein Café.".encode("cp1252"))   # mixed encodings
    'Müller said “no”. Ein Café.'
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
    if data[4:8] == b"ftyp" and data[:2] == b"\x00\x00":  # the size of the first box, then its type
        raise InputError("this is an MP4 or QuickTime media file, not text or HTML")
    wide = _wide_without_bom(data)
    if wide is not None:
        return wide
    sample = data[:_WIDE_SAMPLE_BYTES]
    if sample.count(0) > 1 + len(sample) // 100:  # a stray NUL is dropped by normalisation; many are binary
        raise InputError(f"{sample.count(0)} NUL bytes in its first {len(sample):,}: binary, not text or HTML")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        if _mostly_utf8(data):
            logger.debug("mostly UTF-8: invalid bytes read as Windows-1252 (first at byte %d)", utf8_error.start)
            return data.decode("utf-8", errors="cleaner-legacy-byte")
        import charset_normalizer

        results = charset_normalizer.from_bytes(data, cp_isolation=list(candidates or WEB_ENCODINGS))
        best = results.best()
        if best is None:
            raise InputError(
                f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) and no other encoding fits: "
                "binary, or UTF-16 without a byte-order mark"
            ) from None
        # A short text fits several code pages equally well ("déjà" is "dejŕ" in Windows-1250): the web's
        # most common legacy encoding wins the tie, as browsers default to it.
        tied = [match for match in results if match.chaos <= best.chaos and match.coherence >= best.coherence]
        best = next((match for match in tied if "cp1252" in match.could_be_from_charset), best)
        logger.debug("not UTF-8; decoded as %s", best.encoding)
        return str(best)


class _Rejoined(io.RawIOBase):
    """A stream whose first bytes were already read (to look at them): those bytes, then the rest."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head, self._rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            count = min(len(view), len(self._head))
            view[:count], self._head = self._head[:count], self._head[count:]
            return count
        # read1: what the pipe has now, not a full buffer (a trickle of records must not wait for 8 KiB)
        read1 = getattr(self._rest, "read1", None)
        data = read1(len(view)) if read1 is not None else self._rest.read(len(view))
        view[: len(data)] = data
        return len(data)


def rejoined(head: bytes, rest: IO[bytes]) -> BinaryIO:
    """A stream that gives ``head`` (bytes already read from ``rest``, to look at them), then ``rest``.

    >>> import io
    >>> stream = io.BytesIO(b"first line\\nsecond line\\n")
    >>> head = stream.readline()
    >>> rejoined(head, stream).read()
    b'first line\\nsecond line\\n'
    """
    return cast(BinaryIO, io.BufferedReader(_Rejoined(head, rest)))


def uncompressed(stream: IO[bytes]) -> BinaryIO:
    """The stream's bytes, decompressed when they start with gzip's magic bytes, whatever the name.

    A file named ``.gz``, a pipe fed by ``gzip -c`` and a JSONL dump that was never renamed are all
    recognised by their first two bytes; anything else is returned as it is, from its first byte.

    >>> import gzip, io
    >>> uncompressed(io.BytesIO(gzip.compress(b"packed"))).read(), uncompressed(io.BytesIO(b"plain")).read()
    (b'packed', b'plain')
    """
    return _uncompressed(stream)[0]


def _uncompressed(stream: IO[bytes]) -> tuple[BinaryIO, bool]:
    """:func:`uncompressed`, and whether the bytes were gzip."""
    peek = getattr(stream, "peek", None)
    head = peek(len(GZIP_MAGIC))[: len(GZIP_MAGIC)] if peek is not None else b""
    if len(head) < len(GZIP_MAGIC):  # no peek, or a pipe that has given one byte so far
        head = stream.read(len(GZIP_MAGIC))
        stream = rejoined(head, stream)
    if head == GZIP_MAGIC:
        return cast(BinaryIO, gzip.GzipFile(fileobj=stream, mode="rb")), True
    return cast(BinaryIO, stream), False


def read_bytes(path: Path, *, max_bytes: int | None = None) -> bytes:
    """The bytes of a file, decompressed when it is gzip (by its magic bytes, within ``MAX_GZIP_BYTES``),
    refused with ``InputError`` beyond ``max_bytes`` (counted after decompression)."""
    try:
        # read one byte past the limit, not the whole file: /dev/zero or a 10 GB dump is refused just as fast
        with path.open("rb") as stream:
            return read_stream(stream, max_bytes=max_bytes)
    except InputError:
        raise
    except (OSError, EOFError) as error:
        raise InputError(f"cannot be read: {getattr(error, 'strerror', None) or error}") from None


def read_stream(stream: BinaryIO, *, max_bytes: int | None = None) -> bytes:
    """The bytes of a stream (stdin, a file), decompressed when they are gzip, reading one byte past
    ``max_bytes`` at most to refuse a longer one (a gzip bomb is never expanded whole).

    >>> import io
    >>> read_stream(io.BytesIO(b"x" * 10), max_bytes=5)
    Traceback (most recent call last):
    cleaner.errors.InputError: more than 5 bytes, over the limit (Config.max_input_bytes)
    """
    source, compressed = _uncompressed(stream)
    if compressed:  # bounded even without a limit
        limit = MAX_GZIP_BYTES if max_bytes is None else min(MAX_GZIP_BYTES, max_bytes)
        try:
            data = source.read(limit + 1)
        except (OSError, EOFError) as error:  # gzip.BadGzipFile is an OSError
            raise InputError(f"gzip data that does not decompress: {error}") from None
        if len(data) > limit:
            raise InputError(f"expands to more than {limit:,} bytes; refused as a possible gzip bomb "
                             "(Config.max_input_bytes)")
        return data
    data = source.read() if max_bytes is None else source.read(max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError(f"more than {max_bytes:,} bytes, over the limit (Config.max_input_bytes)")
    return data


#: Tries at a free temporary name before giving up (each name has 32 random bits).
_TEMPORARY_NAME_TRIES = 100


def _create_temporary(folder: Path, name: str) -> tuple[int, Path]:
    """Create ``folder/.NAME.XXXXXXXX.tmp`` for writing, with the mode any new file gets (0666 less the
    umask, applied by the system as the file is created: ``mkstemp`` would make it 0600, and a mode
    computed from the umask at some earlier moment would miss a later ``os.umask``)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    for _try in range(_TEMPORARY_NAME_TRIES):
        temporary = folder / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name for {name} in {folder}")


def write_atomic(path: Path, content: str, *, durable: bool = True) -> None:
    """Write ``content`` to ``path`` under a temporary name, then rename: never half a file.

    The file gets the mode ``open()`` would give it: a new file 0666 less the umask, a file written over
    its old mode. A killed process leaves the old file or the new one, never a part. ``durable`` also
    flushes the file to disk before the rename, so that a power cut cannot leave an empty file under the
    final name; it costs a disk round trip per file, which a batch of thousands of small files pays many
    times over.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = _create_temporary(path.parent, path.name)
    try:
        if os.chmod in os.supports_fd:  # a file written over keeps its mode, as with open()
            with contextlib.suppress(FileNotFoundError):
                os.chmod(handle, stat.S_IMODE(path.stat().st_mode))
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(content)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
