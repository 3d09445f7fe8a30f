"""The same pool contract on a Dask cluster (``cleaner batch --dask``): documents go to the workers in chunks."""

from __future__ import annotations

import contextlib
import itertools
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from cleaner.batch.pools import Failure, _Skipped, attempt

if TYPE_CHECKING:
    from distributed import Client

T = TypeVar("T")
R = TypeVar("R")
C = TypeVar("C")

def attempt_all(work: Callable[[C, T], R], context: C, items: list[T]) -> list[R | Failure]:
    """:func:`attempt` on each item: one Dask task for a chunk of documents."""
    return [attempt(work, context, item) for item in items]


@dataclass(slots=True)
class _Chunk(Generic[T]):
    items: list[T]
    known: list[Any]  # per item: its settled outcome, or None when it went to the cluster
    future: Any = None  # the task cleaning the unsettled items, in order

    @property
    def todo(self) -> list[T]:
        return [item for item, outcome in zip(self.items, self.known, strict=True) if outcome is None]


class DaskPool(Generic[C, T, R]):
    """The same contract as :class:`ProcessPool`, on a Dask cluster: items go to the workers in chunks.

    One task per ``chunk`` documents: a task costs the scheduler about a millisecond, a document ten to
    fifty, so one task per document would spend a good share of the cluster on scheduling. The context
    is broadcast once. A chunk seen executing for longer than ``timeout_s`` per document, or whose workers
    died (``KilledWorker``, after Dask's own retries), is sent again one document per task, so that only
    the culprit ends as ``Timeout`` or ``WorkerCrash``. Dask cannot stop a running task: the thread of a
    timed-out document stays busy until the document is done (the clock of a task waiting for a thread
    does not run, so the documents queued behind it are not blamed).
    """

    def __init__(self, work: Callable[[C, T], R], context: C, client: Client, *, timeout_s: float | None = None,
                 window: int | None = None, chunk: int = 16) -> None:
        self._work, self._client, self._timeout_s, self._chunk = work, client, timeout_s, chunk
        threads = sum(client.nthreads().values()) or 1  # type: ignore[no-untyped-call]
        self._window = window or threads * 2 + 2  # chunks in flight
        self._context = client.scatter(context, broadcast=True)  # type: ignore[no-untyped-call]

    def _submit(self, chunk: _Chunk[T]) -> _Chunk[T]:
        todo = chunk.todo
        if todo:
            chunk.future = self._client.submit(attempt_all, self._work, self._context, todo, pure=False)
        return chunk

    def map(self, items: Iterable[T], settled: Callable[[T], R | Failure | _Skipped | None] | None = None,
            ) -> Iterator[tuple[T, R | Failure | _Skipped]]:
        from distributed import KilledWorker

        pending: deque[_Chunk[T]] = deque()
        source = iter(items)
        exhausted = False
        while True:
            while not exhausted and len(pending) < self._window:
                batch = list(itertools.islice(source, self._chunk))
                exhausted = len(batch) < self._chunk
                if batch:
                    known = [settled(item) if settled is not None else None for item in batch]
                    pending.append(self._submit(_Chunk(batch, known)))
            if not pending:
                return
            chunk = pending.popleft()
            results: Iterator[R | Failure] = iter(())
            if chunk.future is not None:
                single = len(chunk.todo) == 1
                timeout = None if self._timeout_s is None else self._timeout_s * len(chunk.todo)
                try:
                    results = iter(self._result(chunk.future, timeout))
                except (TimeoutError, KilledWorker) as error:
                    chunk.future.cancel()
                    if not single:  # again, one document per task: only the culprit fails
                        alone = [self._submit(_Chunk([item], [outcome])) for item, outcome in
                                 zip(chunk.items, chunk.known, strict=True)]
                        pending.extendleft(reversed(alone))
                        continue
                    results = iter([Failure("Timeout", f"not done {self._timeout_s:g} s after every earlier "
                                                       "document was") if isinstance(error, TimeoutError) else
                                    Failure("WorkerCrash", f"Dask workers died running this document: {error}")])
            for item, outcome in zip(chunk.items, chunk.known, strict=True):
                yield item, outcome if outcome is not None else next(results)

    def _result(self, future: Any, timeout_s: float | None) -> list[R | Failure]:
        """The future's result; ``TimeoutError`` once it has been seen executing for ``timeout_s``."""
        try:
            return cast(list[R | Failure], future.result(timeout=timeout_s))
        except TimeoutError:
            if timeout_s is None:
                raise
        while True:
            # How long it has been running, as its worker sees it; not running: it waits for a thread (behind
            # a stuck one, say), and its clock does not run.
            running_s = max((tasks.get(future.key, -1.0) for tasks in self._client.run(_executing).values()),
                            default=-1.0)
            if running_s >= timeout_s:
                raise TimeoutError(future.key)
            try:
                wait_s = timeout_s - running_s if running_s >= 0 else min(timeout_s, 1.0)
                return cast(list[R | Failure], future.result(timeout=wait_s + 0.05))
            except TimeoutError:
                continue

    def wait_ready(self) -> None:
        pass  # the cluster's workers are started by Dask

    def close(self) -> None:
        self._client.cancel(self._context)  # type: ignore[no-untyped-call]


def _executing(dask_worker: Any) -> dict[Any, float]:
    """The tasks a Dask worker is running, with the seconds each has run (``client.run`` passes the worker)."""
    now = time.time()
    return {task.key: now - (task.start_time or now) for task in dask_worker.state.executing}


@contextlib.contextmanager
def connect(address: str, *, workers: int | None = None) -> Iterator[Client]:
    """A client of the cluster at ``address``, or of a new ``LocalCluster`` for ``"local"``.

    A local cluster has ``workers`` single-threaded worker processes (default: one per core): the
    passes are pure Python, so threads in one process would share one core.
    """
    from distributed import Client, LocalCluster

    if address == "local":
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,  # type: ignore[no-untyped-call]
                               dashboard_address=":0")  # any free port: 8787 may be taken
        with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
            yield client
    else:
        with Client(address) as client:  # type: ignore[no-untyped-call]
            yield client
