"""Pools that run work on items and yield (item, outcome) in input order: in this process, or in worker
processes with timeouts, crash recovery and a bounded window of documents in flight."""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import queue
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, Protocol, TypeVar

from cleaner.errors import CleanerError

T = TypeVar("T")
R = TypeVar("R")
C = TypeVar("C")

#: Documents sent to one worker ahead of its results: the next one is there when it finishes.
_DEPTH = 2


# ------------------------------------------------------------------------------------------------ outcomes


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a document produced no output: the error's type, its message, and a traceback for a bug."""

    error: str
    message: str
    traceback: str | None = None


class _Skipped:
    """The outcome of a document whose output a resumed batch already has."""

    def __repr__(self) -> str:
        return "SKIPPED"


SKIPPED = _Skipped()


def attempt(work: Callable[[C, T], R], context: C, item: T) -> R | Failure:
    """``work(context, item)``, or the :class:`Failure` it raised.

    Errors raised on purpose (``CleanerError``, ``OSError``) are reported by message; anything else is a
    bug and keeps its traceback, so that it is counted and reported while the batch goes on.
    """
    try:
        return work(context, item)
    except (CleanerError, OSError, UnicodeError, RecursionError, MemoryError) as error:
        return Failure(type(error).__name__, str(error))
    except Exception as error:
        return Failure(type(error).__name__, str(error) or repr(error), traceback.format_exc())


class Pool(Protocol[T, R]):
    """Runs ``work`` on items and yields (item, outcome) in input order."""

    def map(self, items: Iterable[T], settled: Callable[[T], R | Failure | _Skipped | None] | None = None,
            ) -> Iterator[tuple[T, R | Failure | _Skipped]]: ...

    def wait_ready(self) -> None: ...

    def close(self) -> None: ...


class InlinePool(Generic[C, T, R]):
    """Runs the work in this process, one item after the other: no timeout, no isolation from crashes.

    For the Python API on a few documents, and for the tests.
    """

    def __init__(self, work: Callable[[C, T], R], context: C) -> None:
        self._work, self._context = work, context

    def map(self, items: Iterable[T], settled: Callable[[T], R | Failure | _Skipped | None] | None = None,
            ) -> Iterator[tuple[T, R | Failure | _Skipped]]:
        for item in items:
            outcome = settled(item) if settled is not None else None
            yield item, outcome if outcome is not None else attempt(self._work, self._context, item)

    def wait_ready(self) -> None:
        pass

    def close(self) -> None:
        pass


def _worker_main(conn: Connection, work: Callable[[C, T], R], context: C,
                 warm_up: Callable[[C], object] | None) -> None:
    """A worker's loop: warm up, say it is ready, then receive (sequence number, item) and send back
    (sequence number, outcome).

    Ctrl-C goes to the whole process group; the main process decides what to do about it, so workers
    ignore it rather than die with a traceback each.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if warm_up is not None:
        attempt(lambda context, _: warm_up(context), context, None)
    try:
        conn.send(("ready", None))
    except OSError:
        return
    # Items are received on a thread of their own, so that the pipe is always drained: the main process
    # sends the next item while this one sends back a result, and two blocking sends of more than the
    # socket's buffer (HTML pages of 200 kB each way) would wait for each other forever.
    inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
    threading.Thread(target=_receive, args=(conn, inbox), daemon=True, name="cleaner-receiver").start()
    while True:
        message = inbox.get()
        if message is None:
            return  # told to stop, or the main process is gone
        sequence, item = message
        outcome = attempt(work, context, item)
        try:
            conn.send((sequence, outcome))
        except (BrokenPipeError, OSError):
            return


def _receive(conn: Connection, inbox: queue.SimpleQueue[Any]) -> None:
    """A worker's receiving thread: each message from the main process into ``inbox``; None at the end."""
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            message = None
        inbox.put(message)
        if message is None:
            return


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection
    queue: deque[int] = field(default_factory=deque)  # sequence numbers sent, oldest (running) first
    started_s: float = 0.0  # when the oldest one started running
    ready: bool = False  # warmed up: its clock runs from now on


def _context() -> Any:  # a ForkServerContext or a SpawnContext
    # forkserver: a clean process that imported cleaner once forks each worker, so a worker (re)starts in
    # milliseconds without inheriting the main process's threads (a progress bar, a Dask client).
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["cleaner.batch", "cleaner.warm"])  # workers are forked warm
        return context
    return multiprocessing.get_context("spawn")


#: The line to add, in the error raised when a script that starts workers runs again in each worker.
_MAIN_GUARD_HINT = ('put the code that starts the batch under `if __name__ == "__main__":` in your script: each '
                    "worker process imports the script it was started from, and a call at its top level starts "
                    "workers again from every worker")


class WorkerStartError(RuntimeError):
    """Worker processes die while they start, before they can take a document: nothing can be cleaned."""


def check_not_starting_a_worker() -> None:
    """Refuse to start workers from a process that is itself starting as a worker: a script without the
    ``__main__`` guard, imported again by each of its workers, would start workers from every one of them."""
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        raise WorkerStartError(f"a worker process was asked to start workers while it started: {_MAIN_GUARD_HINT}")


class _Ahead(Generic[T]):
    """What :class:`_Prefetch` does, on the main thread: for a source that never blocks (files), where a
    thread would only add its hand-offs."""

    wakeup: int | None = None

    def __init__(self, items: Iterable[T]) -> None:
        self._source = iter(items)
        self.exhausted = False

    def take(self, count: int) -> list[T]:
        taken = list(itertools.islice(self._source, max(count, 0)))
        self.exhausted = len(taken) < count
        return taken

    def release(self, count: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


class _Prefetch(Generic[T]):
    """Items read ahead by a thread, so that the pool never waits on its source while results are there to
    hand out; ``wakeup`` is a file descriptor that becomes readable when an item (or the end) arrives, for
    ``multiprocessing.connection.wait``. At most ``limit`` items are read and not yet released:
    waiting in the buffer, or taken and not yet done with.

    An exception raised by the source is raised again by :meth:`take`, after the items read before it.
    """

    def __init__(self, items: Iterable[T], limit: int) -> None:
        self._items = items
        self._limit = max(1, limit)
        self._buffer: deque[T] = deque()
        self._outstanding = 0  # taken and not yet released
        self._error: BaseException | None = None
        self._done = self._closed = False
        self._changed = threading.Condition()
        self.wakeup, self._signal = os.pipe()
        os.set_blocking(self.wakeup, False)
        os.set_blocking(self._signal, False)
        self._thread = threading.Thread(target=self._read, name="cleaner-reader", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        source = iter(self._items)
        try:
            while True:
                with self._changed:  # room first, then read: never more than ``limit`` read ahead
                    while len(self._buffer) + self._outstanding >= self._limit and not self._closed:
                        self._changed.wait()
                    if self._closed:
                        return
                try:
                    item = next(source)
                except StopIteration:
                    break
                with self._changed:
                    self._buffer.append(item)
                    if len(self._buffer) == 1:  # the main thread may be waiting for one
                        self._poke()
        except BaseException as error:  # handed to the main thread, which raises it
            with self._changed:
                self._error = error
        with self._changed:
            self._done = True
            self._poke()

    def _poke(self) -> None:
        """Make ``wakeup`` readable (under the lock: never once ``close`` has closed the descriptors)."""
        if not self._closed:
            with contextlib.suppress(BlockingIOError):  # full: it is readable already
                os.write(self._signal, b"!")

    @property
    def exhausted(self) -> bool:
        """Every item has been taken (an error of the source is raised by ``take`` first)."""
        with self._changed:
            return self._done and not self._buffer and self._error is None

    def take(self, count: int) -> list[T]:
        """Up to ``count`` items that are there now, without waiting."""
        with self._changed:
            with contextlib.suppress(BlockingIOError):
                os.read(self.wakeup, 4096)
            taken = [self._buffer.popleft() for _ in range(min(max(count, 0), len(self._buffer)))]
            self._outstanding += len(taken)
            error = None
            if not taken and not self._buffer and self._error is not None:  # after the items read before it
                error, self._error = self._error, None
        if error is not None:
            raise error
        return taken

    def release(self, count: int = 1) -> None:
        """``count`` taken items are done with: room for as many more."""
        with self._changed:
            self._outstanding -= count
            self._changed.notify()

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()
            os.close(self.wakeup)
            os.close(self._signal)


class ProcessPool(Generic[C, T, R]):
    """``workers`` processes, each with its own pipe; results come back in input order.

    Per worker at most ``_DEPTH`` items are in flight, and at most ``window`` items are read but not
    yet yielded, which bounds memory. An item running longer than ``timeout_s`` gets its worker killed
    and a ``Timeout`` failure; an item under which a worker dies is retried ``retries`` times, then
    fails with ``WorkerCrash``. Either way a new worker takes over the other items. ``warm_up(context)``
    runs in each new worker before the clock starts (the first document must not pay for loading models).
    """

    def __init__(self, work: Callable[[C, T], R], context: C, workers: int, *, timeout_s: float | None = None,
                 retries: int = 1, window: int | None = None, warm_up: Callable[[C], object] | None = None,
                 slow_source: bool = True) -> None:
        if workers < 1:
            raise ValueError(f"a process pool needs at least one worker, got {workers}")
        check_not_starting_a_worker()
        self._work, self._context, self._warm_up = work, context, warm_up
        self._start_failures = 0  # workers that died before they were ready
        self._timeout_s, self._retries = timeout_s, retries
        self._slow_source = slow_source  # read the items in a thread: they may take their time (stdin)
        self._window = window or workers * 4 + 4
        self._mp = _context()
        self._workers = [self._start() for _ in range(workers)]
        self.restarts = 0

    def _start(self) -> _Worker:
        parent, child = self._mp.Pipe(duplex=True)
        process = self._mp.Process(target=_worker_main, args=(child, self._work, self._context, self._warm_up),
                                   daemon=True, name="cleaner-worker")
        process.start()
        child.close()
        return _Worker(process, parent)

    def _replace(self, index: int) -> None:
        old = self._workers[index]
        if old.process.is_alive():
            old.process.kill()
        old.process.join(5)
        old.conn.close()
        self._workers[index] = self._start()
        self.restarts += 1

    def wait_ready(self) -> None:
        """Wait until every worker has started and warmed up; ``WorkerStartError`` when they cannot start.

        A batch calls this before it opens its outputs, so that workers that will never start leave nothing
        behind; the warm-up runs in parallel, and the documents would wait for it anyway.
        """
        while True:
            starting = [worker for worker in self._workers if not worker.ready]
            if not starting:
                return
            wait([w.conn for w in starting] + [w.process.sentinel for w in starting])
            for index, worker in enumerate(list(self._workers)):
                if worker.ready:
                    continue
                try:
                    if worker.conn.poll():
                        sequence, _ = worker.conn.recv()
                        worker.ready, worker.started_s = sequence == "ready", time.monotonic()
                        continue
                except (EOFError, OSError):
                    pass
                if not worker.process.is_alive():
                    self._start_failed(worker)
                    self._replace(index)

    def _start_failed(self, worker: _Worker) -> None:
        """Count a worker that died before it was ready; past one failure per worker, give up: they will
        not start (a script without its ``__main__`` guard, a broken environment)."""
        self._start_failures += 1
        if self._start_failures > len(self._workers):
            how = _describe_exit(worker.process)
            self.close()
            raise WorkerStartError(f"worker processes died while starting, {self._start_failures} times (the last "
                                   f"with {how}); if the batch is started from a script, {_MAIN_GUARD_HINT}")

    def close(self) -> None:
        """Stop every worker: ask nicely, then kill what does not stop."""
        for worker in self._workers:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        deadline = time.monotonic() + 5
        for worker in self._workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(1)
            worker.conn.close()
        self._workers = []

    def map(self, items: Iterable[T], settled: Callable[[T], R | Failure | _Skipped | None] | None = None,
            ) -> Iterator[tuple[T, R | Failure | _Skipped]]:
        """Yield (item, outcome) in the order of ``items``; ``settled(item)``, when not None, is the outcome
        of an item that needs no worker (a resumed batch's done document, a record the reader rejected).

        ``items`` is read by a thread of its own (:class:`_Prefetch`), so that a slow source (records
        trickling in on stdin) never holds back a result that is done: each is yielded as soon as it and
        those before it are; a pool made with ``slow_source=False`` (files) reads them as it needs them.
        """
        prefetch: _Prefetch[T] | _Ahead[T] = _Prefetch(items, self._window) if self._slow_source else _Ahead(items)
        held: dict[int, T] = {}  # read and not yet yielded
        outcomes: dict[int, R | Failure | _Skipped] = {}
        waiting: deque[int] = deque()  # read, not yet sent to a worker
        crashes: dict[int, int] = {}
        read = emitted = 0
        try:
            while True:
                for item in prefetch.take(self._window - len(held)):
                    held[read] = item
                    outcome = settled(item) if settled is not None else None
                    if outcome is not None:
                        outcomes[read] = outcome
                    else:
                        waiting.append(read)
                    read += 1
                self._dispatch(waiting, held)
                if emitted in outcomes:
                    while emitted in outcomes:
                        item, outcome = held.pop(emitted), outcomes.pop(emitted)
                        emitted += 1
                        prefetch.release()
                        yield item, outcome
                    continue
                if prefetch.exhausted and not held:
                    return
                # new items are worth waking up for only when a worker could take one now
                hungry = not waiting and any(len(worker.queue) < _DEPTH for worker in self._workers)
                self._collect(waiting, outcomes, crashes,
                              prefetch.wakeup if hungry and not prefetch.exhausted else None)
        finally:
            prefetch.close()

    def _dispatch(self, waiting: deque[int], held: Mapping[int, T]) -> None:
        now = time.monotonic()
        for worker in sorted(self._workers, key=lambda w: len(w.queue)):
            while waiting and len(worker.queue) < _DEPTH:
                sequence = waiting.popleft()
                try:
                    worker.conn.send((sequence, held[sequence]))
                except OSError:
                    waiting.appendleft(sequence)  # the worker is dead: _collect sees its sentinel
                    break
                if not worker.queue:
                    worker.started_s = now
                worker.queue.append(sequence)

    def _collect(self, waiting: deque[int], outcomes: dict[int, R | Failure | _Skipped],
                 crashes: dict[int, int], wakeup: int | None = None) -> None:
        """Wait for a result, a dead worker, a timeout, or (``wakeup``, a file descriptor) a new item."""
        self._replace_dead_idle()
        busy = [worker for worker in self._workers if worker.queue]
        if not busy:
            if wakeup is not None:
                wait([wakeup])
            return
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]
                         + ([wakeup] if wakeup is not None else []), self._time_left(busy)))
        now = time.monotonic()
        for index, worker in enumerate(list(self._workers)):
            if not worker.queue:
                continue
            alive = self._receive(worker, outcomes, now)
            if alive and worker.process.sentinel in ready and not worker.conn.poll():
                alive = worker.process.is_alive()
            if not alive and not worker.ready:
                # died while starting, before it took a document: not the documents' fault
                _requeue(worker, waiting)
                self._start_failed(worker)
                self._replace(index)
            elif not alive and worker.queue:
                self._crashed(index, waiting, outcomes, crashes)
            elif not alive:
                self._replace(index)
            elif self._timeout_s is not None and worker.ready and worker.queue \
                    and now - worker.started_s >= self._timeout_s:
                self._timed_out(index, waiting, outcomes)

    def _replace_dead_idle(self) -> None:
        """Replace the workers that died with nothing to do (killed from outside): nothing is lost, but they
        are needed."""
        for index, worker in enumerate(list(self._workers)):
            if not worker.queue and not worker.process.is_alive():
                self._replace(index)

    def _time_left(self, busy: Sequence[_Worker]) -> float | None:
        """How long the oldest running item of the warmed-up ``busy`` workers may still run (None: no limit)."""
        timed = [worker for worker in busy if worker.ready]
        if self._timeout_s is None or not timed:
            return None
        return max(0.0, min(w.started_s for w in timed) + self._timeout_s - time.monotonic())

    @staticmethod
    def _receive(worker: _Worker, outcomes: dict[int, R | Failure | _Skipped], now: float) -> bool:
        """Take the results ``worker`` has sent into ``outcomes`` (and its word that it is warmed up); False
        when its pipe shows that it died."""
        try:
            while worker.queue and worker.conn.poll():
                sequence, outcome = worker.conn.recv()
                if sequence == "ready":
                    worker.ready, worker.started_s = True, now
                    continue
                if sequence != worker.queue[0]:
                    raise RuntimeError(f"worker answered {sequence}, expected {worker.queue[0]}")
                worker.queue.popleft()
                outcomes[sequence] = outcome
                worker.started_s = now
        except (EOFError, OSError):
            return False
        return True

    def _crashed(self, index: int, waiting: deque[int], outcomes: dict[int, R | Failure | _Skipped],
                 crashes: dict[int, int]) -> None:
        """The worker at ``index`` died under its oldest item: retry the item, or past ``retries`` crashes
        under it give it a ``WorkerCrash`` failure; its other items go back to ``waiting``."""
        worker = self._workers[index]
        culprit = worker.queue.popleft()
        crashes[culprit] = crashes.get(culprit, 0) + 1
        worker.process.join(5)  # its pipe closes a moment before it can be reaped
        code = worker.process.exitcode
        if crashes[culprit] > self._retries:
            outcomes[culprit] = Failure("WorkerCrash", f"the worker process died (exit code {code}) "
                                        f"under this document, {crashes[culprit]} times")
        else:
            waiting.appendleft(culprit)
        _requeue(worker, waiting)
        self._replace(index)

    def _timed_out(self, index: int, waiting: deque[int], outcomes: dict[int, R | Failure | _Skipped]) -> None:
        """The oldest item of the worker at ``index`` ran past ``timeout_s``: it fails with ``Timeout``, the
        worker is killed and replaced, and its other items go back to ``waiting``."""
        worker = self._workers[index]
        culprit = worker.queue.popleft()
        outcomes[culprit] = Failure("Timeout", f"still running after {self._timeout_s:g} s; stopped")
        _requeue(worker, waiting)
        self._replace(index)


def _requeue(worker: _Worker, waiting: deque[int]) -> None:
    """Put the items queued on ``worker`` back at the front of ``waiting``, in their order."""
    waiting.extendleft(reversed(worker.queue))
    worker.queue.clear()


def _describe_exit(process: BaseProcess) -> str:
    process.join(5)
    code = process.exitcode
    return f"exit code {code}" if code is None or code >= 0 else f"killed by signal {-code}"


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
