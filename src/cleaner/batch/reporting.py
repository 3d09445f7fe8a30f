"""What a running batch tells its user: progress and one stderr line per failed document."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import IO, Protocol

from cleaner.batch.pools import Failure
from cleaner.batch.readers import Document, Reading, _is_dir, input_size, read_directory
from cleaner.progress import DEFAULT_INTERVAL_S, Progress
from cleaner.warc import is_warc


class Reporter(Protocol):
    """Receives what happens, for a progress bar and stderr lines; the batch itself never prints."""

    def done(self, doc: Document, failure: Failure | None, skipped: bool) -> None: ...


class ProgressReporter:
    """The reporter of ``cleaner batch`` and of ``run_batch(progress=True)``: each failed document as a line
    on stderr, and, when ``show``, the progress (``cleaner.progress``: a bar on a terminal, a line every
    ``interval_s`` seconds elsewhere) with the total when the input's size is known."""

    def __init__(self, *, show: bool = True, interval_s: float = DEFAULT_INTERVAL_S, stream: IO[str] | None = None,
                 description: str = "cleaning") -> None:
        self._show, self._interval_s, self._description = show, interval_s, description
        self._stream = stream
        self.progress = Progress(enabled=False)

    def start(self, source: str | Path, reading: Reading) -> None:
        """Size the run from its input: a folder's documents (counted in a thread, not to delay the start),
        a JSONL file's bytes, or nothing for a pipe."""
        if not self._show:
            return
        if str(source) != "-" and _is_dir(Path(source)):
            self.progress = Progress(stream=self._stream, interval_s=self._interval_s,
                                     description=self._description)
            root = Path(source)
            threading.Thread(target=self._count, args=(root,), name="cleaner-count", daemon=True).start()
            return
        size = input_size(source)
        self.progress = Progress(total=size, position=reading.position if size else None, stream=self._stream,
                                 interval_s=self._interval_s, description=self._description)

    def _count(self, root: Path) -> None:
        """The folder's documents; none when it holds WARC files, whose pages are known once read."""
        if any(is_warc(name) for _, _, names in os.walk(root) for name in names):
            return
        self.progress.set_total(sum(1 for _ in read_directory(root)))

    def start_total(self, total: int | None) -> None:
        """Size the run by a count of items known beforehand (None: unknown)."""
        if self._show:
            self.progress = Progress(total=total, stream=self._stream, interval_s=self._interval_s,
                                     description=self._description)

    def done(self, doc: Document, failure: Failure | None, skipped: bool) -> None:
        self.advance(doc.where, failure)

    def advance(self, where: str, failure: Failure | None) -> None:
        """One more item done; a failed one is also a line: ``cleaner: WHERE: Error: message``."""
        if failure is not None:
            line = f"cleaner: {where}: {failure.error}: {failure.message}"
            if self._show:
                self.progress.message(line)
            else:
                print(line, file=self._stream if self._stream is not None else sys.stderr, flush=True)
        self.progress.advance(failed=failure is not None)

    def close(self) -> None:
        self.progress.close()
