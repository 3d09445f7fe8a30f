"""Clean a stream in memory: records, texts or pages in, cleaned records out, in order, with workers.

``cleaner.clean_stream`` is the pipeline step without files: a generator of records from a crawler, a
queue, a database cursor or a dataset goes in; a generator of records comes out, one for each item, in
the same order, as soon as each is done. Memory stays flat whatever the length of the stream: at most a
window of items (four per worker, and four more) is read ahead of what was handed back.

::

    for record in cleaner.clean_stream(crawler_records(), workers=4):    # {"url": ..., "html": ...}
        store(record["url"], record["cleaner_text"], record["cleaner_title"])

An item is a record (a mapping: its text or HTML in ``field``, found in the first record when not
given), a ``str`` (text or HTML, recognised by its content) or ``bytes`` (decoded by their charset,
decompressed when gzip). Each output record is laid out by :mod:`cleaner.records`: the record's own
fields unchanged, then ``cleaner_text``, ``cleaner_title`` ... and ``cleaner_error`` (None, or why the
item could not be cleaned: an undecodable page, a worker that crashed under it, a timeout). The work is
``cleaner batch``'s (:mod:`cleaner.batch`: the same worker processes, timeouts and crash recovery).
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from cleaner.config import Config
from cleaner.documents import no_text_field, text_field_of
from cleaner.errors import CleanerError, InputError
from cleaner.html import INPUT_FORMATS
from cleaner.records import ERROR_FIELD, article_fields, failed_record, with_article_fields

if TYPE_CHECKING:
    from cleaner.batch import Pool, ProgressReporter

_ON_ERROR = ("record", "raise")


@dataclasses.dataclass(frozen=True, slots=True)
class _Item:
    """What a worker needs of one item: its text or bytes, and how to read them."""

    data: str | bytes
    input_format: str


@dataclasses.dataclass(frozen=True, slots=True)
class _Job:
    config: Config


def _clean(job: _Job, item: _Item | Any) -> dict[str, Any]:
    """Run in a worker: the article's fields of one item (the record's own fields stay in the caller; an
    item that is already a failure never reaches a worker)."""
    from cleaner.batch import clean_any

    return article_fields(clean_any(item.data, item.input_format, config=job.config))


def _warm_up(job: _Job) -> None:
    from cleaner.batch import warm_up

    warm_up(job.config)


def clean_stream(items: Iterable[Mapping[str, Any] | str | bytes], *, config: Config | None = None,
                 workers: int | None = None, field: str | None = None, input_format: str = "auto",
                 timeout_s: float | None = 60.0, on_error: str = "record", progress: bool = False,
                 total: int | None = None) -> Iterator[dict[str, Any]]:
    """Clean every item of ``items`` and yield its cleaned record, in order, as soon as it is done.

    ``workers``: processes (default: one per core; 0 cleans in this process, with no timeout and no
    protection from a crash). ``field``: where records hold their text or HTML (None: the first of
    ``text``, ``html``, ``content``, ``raw_content`` in the first record, then the same for all; an
    ``InputError`` before any work when it has none). ``on_error="raise"`` raises ``CleanerError`` for an
    item that cannot be cleaned instead of yielding its record with ``cleaner_error``. ``progress=True``
    shows the progress on stderr (``total`` items, or ``len(items)`` when it has one, for the time left).

    Workers import the caller's script: a script calls this under ``if __name__ == "__main__":``.

    >>> [record["cleaner_text"] for record in clean_stream(["Shutterstock\\n\\nThe story.", b"Two."], workers=0)]
    ['The story.', 'Two.']
    """
    from cleaner.batch import Failure, ProgressReporter, check_not_starting_a_worker

    check_not_starting_a_worker()
    _check_choices(on_error, input_format)
    workers = _worker_count(workers)
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    job = _Job(config or Config())
    iterator = iter(items)
    head = list(itertools.islice(iterator, 1))  # the first record says where the text is, before any work
    field = _text_field(head, field)
    fields: deque[Mapping[str, Any]] = deque()  # each item's own fields, in order, while it is in the pool
    source = _items(itertools.chain(head, iterator), field, input_format, fields)
    pool = _pool(job, workers, timeout_s)
    reporter = ProgressReporter(show=progress, description="cleaning")
    try:
        if progress:
            reporter.start_total(total)
        settled = pool.map(source, lambda item: item if isinstance(item, Failure) else None)
        yield from _records(settled, fields, reporter, on_error)
    finally:
        pool.close()
        reporter.close()


def _check_choices(on_error: str, input_format: str) -> None:
    """``ValueError`` for an ``on_error`` or an ``input_format`` that is not one of the choices."""
    if on_error not in _ON_ERROR:
        raise ValueError(f"on_error must be one of {', '.join(_ON_ERROR)}, got {on_error!r}")
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"unknown input format {input_format!r}; choose one of {', '.join(INPUT_FORMATS)}")


def _worker_count(workers: int | None) -> int:
    """The worker processes asked for (None: one per core); ``ValueError`` below 0."""
    from cleaner.batch import default_workers

    workers = default_workers() if workers is None else workers
    if workers < 0:
        raise ValueError(f"workers must be >= 0, got {workers}")
    return workers


def _text_field(head: Sequence[Mapping[str, Any] | str | bytes], field: str | None) -> str | None:
    """``field``, or when it is None and the first item (``head``) is a record, the field that holds the
    record's text: an ``InputError`` before any work when it has none.

    >>> _text_field([{"url": "u", "html": "<p>Hi</p>"}], None), _text_field(["text"], None)
    ('html', None)
    """
    if field is None and head and isinstance(head[0], Mapping):
        field = text_field_of(head[0])
        if field is None:
            raise InputError(no_text_field(head[0], "item 1"))
    return field


def _pool(job: _Job, workers: int, timeout_s: float | None) -> Pool[Any, dict[str, Any]]:
    """``workers`` processes, or with 0 this process (no timeout, no protection from a crash)."""
    from cleaner.batch import InlinePool, ProcessPool

    if workers:
        return ProcessPool(_clean, job, workers, timeout_s=timeout_s, warm_up=_warm_up)
    return InlinePool(_clean, job)


def _records(settled: Iterable[tuple[object, object]], fields: deque[Mapping[str, Any]],
             reporter: ProgressReporter, on_error: str) -> Iterator[dict[str, Any]]:
    """The output record of each settled item, in order: its own fields (taken from ``fields``) with the
    article's, or with why it could not be cleaned; ``on_error="raise"`` raises ``CleanerError`` instead."""
    from cleaner.batch import Failure

    for number, (_item, outcome) in enumerate(settled, 1):
        own = fields.popleft()
        if isinstance(outcome, Failure):
            reporter.advance(f"item {number}", outcome)
            if on_error == "raise":
                raise CleanerError(f"item {number}: {outcome.error}: {outcome.message}")
            yield failed_record(own, f"{outcome.error}: {outcome.message}")
        elif isinstance(outcome, dict):
            reporter.advance(f"item {number}", None)
            yield {**with_article_fields(own, outcome), ERROR_FIELD: None}


def _items(items: Iterable[Mapping[str, Any] | str | bytes], field: str | None, input_format: str,
           fields: deque[Mapping[str, Any]]) -> Iterator[Any]:
    """The work of each item, its own fields put aside in ``fields``; an item of the wrong type becomes the
    failure of its record."""
    from cleaner.batch import Failure

    for number, item in enumerate(items, 1):
        if isinstance(item, Mapping):
            if field is None:
                field = text_field_of(item)
                if field is None:
                    raise InputError(no_text_field(item, f"item {number}"))
            data = item.get(field)
            fields.append(item)
        else:
            data = item
            fields.append({})
        if isinstance(data, (str, bytes, bytearray)):
            yield _Item(bytes(data) if isinstance(data, bytearray) else data, input_format)
        else:
            wanted = f"a record with a text field {field!r}" if isinstance(item, Mapping) else "a record"
            yield Failure("TypeError", f"expected text, bytes or {wanted}, got {type(data).__name__}")

__all__ = ["clean_stream"]
