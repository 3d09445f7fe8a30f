"""Progress of a run over many documents: a bar on a terminal, a line now and then in a log.

``cleaner batch``, ``cleaner learn``, ``cleaner.batch.run_batch(progress=True)`` and
``cleaner.clean_stream(progress=True)`` report through :class:`Progress`:

* on a terminal, a tqdm bar with the total and the time left when the input's size is known (the
  documents of a folder, counted while the batch starts; the bytes of a JSONL file, or of stdin redirected
  from one), else documents and documents per second;
* anywhere else (a log file, a job scheduler's output), one line every ``interval_s`` seconds:
  ``cleaner: 12,500 of 50,000 documents (25 %), 210.3 docs/s, 2 failed, about 3 min left``;
* messages (a failed document) go above the bar, or as lines of their own.

Nothing here cleans, and nothing is printed unless a command or a caller asks for progress.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import IO, Any

#: Seconds between two progress lines when stderr is not a terminal.
DEFAULT_INTERVAL_S = 30.0


def duration(seconds: float) -> str:
    """A rough duration for a human: ``"45 s"``, ``"3 min"``, ``"2 h 10 min"``.

    >>> duration(44.6), duration(190), duration(7_800)
    ('45 s', '3 min', '2 h 10 min')
    """
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    hours, minutes = divmod(round(seconds / 60), 60)
    return f"{hours} h {minutes} min"


class Progress:
    """Documents done, failed and left, shown on ``stream`` (stderr by default) as they go.

    ``total`` counts documents, or bytes when ``position`` is given: a callable that says how many bytes
    of the input have been read (a JSONL file's offset), for inputs whose records cannot be counted
    before they are read. ``set_total`` gives a total found later (a folder counted in the background).
    """

    def __init__(self, *, total: int | None = None, position: Callable[[], int | None] | None = None,
                 stream: IO[str] | None = None, interval_s: float = DEFAULT_INTERVAL_S, enabled: bool = True,
                 description: str = "cleaning") -> None:
        self._stream = stream if stream is not None else sys.stderr
        self._position = position
        self._interval_s = interval_s
        self._enabled = enabled
        self._lock = threading.Lock()
        self._pending_total = total
        self.total = total
        self.documents = self.failed = 0
        self._started = self._last_line = time.monotonic()
        self._bar: Any = None
        if enabled and self._is_terminal():
            from tqdm import tqdm

            by_bytes = position is not None
            self._bar = tqdm(total=total, file=self._stream, desc=description, unit="B" if by_bytes else "doc",
                             unit_scale=by_bytes, unit_divisor=1000, smoothing=0.1,
                             mininterval=0.2, dynamic_ncols=True)

    def _is_terminal(self) -> bool:
        isatty = getattr(self._stream, "isatty", None)
        return bool(isatty and isatty())

    def set_total(self, total: int) -> None:
        """The total, found after the start (from any thread): used from the next document on."""
        with self._lock:
            self._pending_total = total

    def message(self, line: str) -> None:
        """A line for the reader (a failed document): above the bar, or on a line of its own."""
        if not self._enabled:
            return
        if self._bar is not None:
            self._bar.write(line, file=self._stream)
        else:
            print(line, file=self._stream, flush=True)

    def advance(self, *, failed: bool = False) -> None:
        """One more document done (``failed``: done without a result)."""
        self.documents += 1
        self.failed += failed
        if not self._enabled:
            return
        with self._lock:
            total, self._pending_total = self._pending_total, None
        if total is not None:
            self.total = total
            if self._bar is not None:
                self._bar.total = total
        if self._bar is not None:
            self._advance_bar()
            return
        now = time.monotonic()
        if now - self._last_line >= self._interval_s:
            self._last_line = now
            print(f"cleaner: {self.line(now)}", file=self._stream, flush=True)

    def _advance_bar(self) -> None:
        if self._position is not None:
            position = self._position()
            if position is not None and position > self._bar.n:
                self._bar.update(position - self._bar.n)
            self._bar.set_postfix_str(f"{self.documents:,} docs" + (f", {self.failed:,} failed" if self.failed
                                                                     else ""), refresh=False)
        else:
            if self.failed:
                self._bar.set_postfix_str(f"{self.failed:,} failed", refresh=False)
            self._bar.update()

    def line(self, now: float | None = None) -> str:
        """Where the run is, in one line: documents (of the total), rate, failures, time left.

        >>> progress = Progress(total=200, enabled=False)
        >>> progress._started -= 10
        >>> for _ in range(50): progress.advance()
        >>> progress.line(progress._started + 10)
        '50 of 200 documents (25 %), 5.0 docs/s, 0 failed, about 30 s left'
        """
        now = time.monotonic() if now is None else now
        elapsed = max(now - self._started, 1e-9)
        done_share: float | None = None
        if self._position is not None:
            position = self._position()
            if position is not None and self.total:
                done_share = min(1.0, position / self.total)
            counted = f"{self.documents:,} documents" + (f" ({100 * done_share:.0f} % of the input)"
                                                         if done_share is not None else "")
        elif self.total:
            done_share = min(1.0, self.documents / self.total)
            counted = f"{self.documents:,} of {self.total:,} documents ({100 * done_share:.0f} %)"
        else:
            counted = f"{self.documents:,} documents"
        text = f"{counted}, {self.documents / elapsed:.1f} docs/s, {self.failed:,} failed"
        if done_share:
            text += f", about {duration(elapsed * (1 - done_share) / done_share)} left"
        return text

    def close(self) -> None:
        if self._bar is not None:
            if self._position is not None and self.total:
                self._bar.update(max(0, self.total - self._bar.n))
            self._bar.close()
            self._bar = None


__all__ = ["DEFAULT_INTERVAL_S", "Progress", "duration"]
