"""``cleaner`` on a Dask cluster: clean a bag of documents or a column of a data frame, learn the corpus model.

::

    import dask.bag as db
    import cleaner.dask

    texts = db.read_text("s3://bucket/pages/*.jsonl", blocksize="64MiB").map(json.loads)
    cleaned = cleaner.dask.clean_bag(texts, field="html")         # records: cleaner_text, ... added
    model = cleaner.dask.learn_model(texts, field="html")         # map-reduce: partial counts merge
    frame = cleaner.dask.clean_column(frame, "text", config=cleaner.Config(model=model))

The work per document is ``cleaner``'s own (``clean``, or ``clean_html`` for HTML); a document that fails
gives a result whose ``error`` says why instead of failing the whole computation (``on_error="raise"``
to have it raise). The ``Config`` travels to the workers once per computation, as one graph key, not
once per partition. ``cleaner batch --dask ADDRESS`` runs the file-to-file batch on a cluster
(:mod:`cleaner.batch`).

This module is ``cleaner.dask``; inside it ``import dask`` still imports the real Dask (imports are
absolute), which ``tests/test_dask.py`` checks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import dask
import dask.bag as db
from dask.delayed import delayed

from cleaner.article import ARTICLE_KEYS
from cleaner.batch import Document, clean_any, connect, document_text
from cleaner.config import Config
from cleaner.corpus_model import CorpusModel, document_keys
from cleaner.documents import no_text_field, text_field_of
from cleaner.errors import CleanerError
from cleaner.records import ERROR_FIELD, FIELD_PREFIX, failed_record, output_record

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd

__all__ = ["clean_bag", "clean_column", "connect", "learn_model"]

_ON_ERROR = ("record", "raise")


def _check(on_error: str) -> None:
    if on_error not in _ON_ERROR:
        raise ValueError(f"on_error must be one of {', '.join(_ON_ERROR)}, got {on_error!r}")


def _text_of(item: object, field: str | None) -> object:
    """What to clean in a bag item: the item itself, or a record's ``field`` (None: its first of
    ``documents.TEXT_FIELDS`` holding a string)."""
    if not isinstance(item, Mapping):
        return item
    name = field if field is not None else text_field_of(item)
    if name is None:
        raise TypeError(no_text_field(item, "record"))
    return item.get(name)


def _clean_item(item: object, config: Config, input_format: str, field: str | None,
                on_error: str) -> dict[str, Any]:
    """One bag item (text, bytes, or a record holding the text in ``field``) -> its cleaned record."""
    fields: Mapping[str, Any] = item if isinstance(item, Mapping) else {}
    try:
        data = _text_of(item, field)
        if not isinstance(data, (str, bytes)):
            raise TypeError(f"expected text, bytes or a record with a text field {field!r}, got {type(data).__name__}")
        article = clean_any(data, input_format, config=config)
    except (CleanerError, TypeError) as error:
        if on_error == "raise":
            raise
        return failed_record(fields, f"{type(error).__name__}: {error}")
    return {**output_record(fields, article), ERROR_FIELD: None}


def _clean_partition(items: Iterable[object], config: Config, input_format: str, field: str | None,
                     on_error: str) -> list[dict[str, Any]]:
    return [_clean_item(item, config, input_format, field, on_error) for item in items]


def clean_bag(documents: db.Bag, *, config: Config | None = None, input_format: str = "auto", field: str | None = None,
              on_error: str = "record") -> db.Bag:
    """Clean every item of a bag: text, bytes (decoded by their charset), or records (``dict``) holding the
    text or HTML in ``field`` (None: each record's first of ``text``, ``html``, ``content``, ``raw_content``).

    Each result is a dict laid out by :mod:`cleaner.records`: a record's own fields unchanged, then
    ``cleaner_text``, ``cleaner_title``, ... (every key of ``Article.to_dict()``, prefixed), then
    ``cleaner_error`` (None, or ``"InputError: ..."`` for a document that could not be cleaned, whose
    article fields are empty).
    """
    _check(on_error)
    shared = delayed(config or Config(), pure=True)
    cleaned: db.Bag = documents.map_partitions(  # type: ignore[no-untyped-call]
        _clean_partition, shared, input_format, field, on_error)
    return cleaned


#: The columns ``clean_column`` adds, without their prefix: the article's keys, then ``error``.
_COLUMN_KEYS = (*ARTICLE_KEYS, ERROR_FIELD.removeprefix(FIELD_PREFIX))


def _clean_frame(frame: pd.DataFrame, column: str, config: Config, input_format: str, prefix: str,
                 on_error: str) -> pd.DataFrame:
    import pandas as pd

    results = [_clean_item(value, config, input_format, "", on_error) for value in frame[column].tolist()]
    added = {f"{prefix}{key}": pd.Series([row[FIELD_PREFIX + key] for row in results], index=frame.index,
                                         dtype=object)
             for key in _COLUMN_KEYS}
    return frame.assign(**added)


def clean_column(frame: dd.DataFrame, column: str = "text", *, config: Config | None = None,
                 input_format: str = "auto", prefix: str = FIELD_PREFIX, on_error: str = "record") -> dd.DataFrame:
    """The frame with the article of each value of ``column`` added as columns ``cleaner_text``,
    ``cleaner_title``, ... (every key of ``Article.to_dict()``) and ``cleaner_error``: the names of
    :mod:`cleaner.records`, as in every other record output.

    Lists (paragraphs, headings, removed, ...) are Python objects in object columns; every input column
    stays as it is. ``prefix`` replaces ``cleaner_`` (two cleanings of one frame side by side).
    """
    import pandas as pd

    _check(on_error)
    if column not in frame.columns:
        raise KeyError(f"no column {column!r}; the frame has {', '.join(map(str, frame.columns))}")
    shared = delayed(config or Config(), pure=True)
    meta = frame._meta.assign(**{f"{prefix}{key}": pd.Series([], dtype=object) for key in _COLUMN_KEYS})
    with dask.config.set({"dataframe.convert-string": False}):  # lists must stay objects, not become strings
        result: dd.DataFrame = frame.map_partitions(  # type: ignore[no-untyped-call]
            _clean_frame, column, shared, input_format, prefix, on_error, meta=meta)
    return result


def _partial_counts(items: Iterable[object], config: Config, input_format: str, field: str | None,
                    on_error: str) -> tuple[int, Counter[str]]:
    """The map step: how many documents of a partition have each line (and how many documents)."""
    counts: Counter[str] = Counter()
    documents = 0
    for item in items:
        try:
            data = _text_of(item, field)
            if not isinstance(data, (str, bytes)):
                raise TypeError(f"expected text, bytes or a record with a text field {field!r}")
            text = document_text(Document("", 0, "", data=data, input_format=input_format), config)
        except (CleanerError, TypeError):
            if on_error == "raise":
                raise
            continue  # an unreadable document does not count
        counts.update(document_keys(text))
        documents += 1
    return documents, counts


def _merge_counts(parts: Iterable[tuple[int, Counter[str]]]) -> tuple[int, Counter[str]]:
    """The reduce step: partial counts add up (each document was counted in one partition only)."""
    total: Counter[str] = Counter()
    documents = 0
    for part_documents, part_counts in parts:
        documents += part_documents
        total.update(part_counts)
    return documents, total


def learn_model(documents: db.Bag | dd.Series, *, config: Config | None = None, input_format: str = "auto",
                field: str | None = None, split_every: int = 8, on_error: str = "record",
                **thresholds: Any) -> CorpusModel:
    """Learn the corpus model (``cleaner learn``) over a bag or a series of documents, as a map-reduce.

    Each partition counts its documents' lines; the partial counts merge in a tree of ``split_every``;
    the result equals ``CorpusModel.learn`` over all documents at once. ``thresholds`` are
    ``CorpusModel``'s (``min_documents``, ``min_share``, ``prose_min_share``). Documents that cannot be
    read are left out (``on_error="raise"`` to raise instead).
    """
    _check(on_error)
    bag = documents if isinstance(documents, db.Bag) else documents.to_bag()  # type: ignore[no-untyped-call]
    shared = delayed(config or Config(), pure=True)
    partials = bag.map_partitions(_partition_counts, shared, input_format, field, on_error)
    count, counts = partials.reduction(_merge_counts, _merge_counts, split_every=split_every).compute()
    return CorpusModel(count, counts, **thresholds)


def _partition_counts(items: Iterable[object], config: Config, input_format: str, field: str | None,
                      on_error: str) -> list[tuple[int, Counter[str]]]:
    return [_partial_counts(items, config, input_format, field, on_error)]
