"""``cleaner`` in Hugging Face ``datasets``: a batched function for ``Dataset.map`` that adds the cleaned columns.

::

    from datasets import load_dataset
    import cleaner.hf

    pages = load_dataset("json", data_files="pages.jsonl", split="train")          # a column "html"
    cleaned = cleaner.hf.clean_dataset(pages, column="html", num_proc=8)
    # or, spelled out:
    cleaned = pages.map(cleaner.hf.clean_batch, batched=True, num_proc=8, fn_kwargs={"column": "html"},
                        features=cleaner.hf.output_features(pages.features))

The columns added are those of every record ``cleaner`` writes (:mod:`cleaner.records`): ``cleaner_text``,
``cleaner_paragraphs``, ``cleaner_title``, ... ``cleaner_removed``, then ``cleaner_error``; the input's
columns stay as they are. The set and the types are fixed (:data:`FEATURES`), failing rows included: Arrow
writes each batch with the types of the first one, so a first batch without a single date or a single
caption must not make the column ``null``. Pass ``features=output_features(dataset.features)`` to ``map``
(``clean_dataset`` does), or a batch whose dates are all None ends the ``map`` with a type error.

A row that cannot be cleaned (not text, undecodable bytes, over a limit) gets empty cleaned columns and its
reason in ``cleaner_error``, ``"InputError: ..."``; ``on_error="raise"`` raises instead. HTML or text: the
``input_format`` parameter, or ``"auto"`` to tell them apart per row by the content.

In ``cleaner_removed`` each removal's ``meta`` is a list of ``{"name", "value"}`` pairs (``Removal.meta``
as it is in Python), where the JSON records have an object: Arrow needs one type for every row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from cleaner.article import Article
from cleaner.batch import clean_any
from cleaner.config import Config
from cleaner.errors import CleanerError
from cleaner.html import INPUT_FORMATS
from cleaner.records import ARTICLE_FIELDS, ERROR_FIELD, FIELD_PREFIX, article_fields

if TYPE_CHECKING:
    import datasets

__all__ = ["SCHEMA", "clean_batch", "clean_dataset", "output_features"]

_ON_ERROR = ("record", "raise")
_TEXTS = pa.list_(pa.string())
_META = pa.list_(pa.struct([("name", pa.string()), ("value", pa.string())]))
_REMOVAL = pa.struct([("kind", pa.string()), ("rule", pa.string()), ("text", pa.string()), ("start", pa.int64()),
                      ("end", pa.int64()), ("reason", pa.string()), ("value", pa.string()), ("meta", _META)])
_TYPES: Mapping[str, pa.DataType] = {
    "paragraphs": _TEXTS, "headings": _TEXTS, "photo_credits": _TEXTS, "captions": _TEXTS,
    "related": pa.list_(pa.struct([("headline", pa.string()), ("summary", pa.string())])),
    "removed": pa.list_(_REMOVAL),
}
#: The columns ``clean_batch`` adds, in order, with their Arrow types (every other one is a string).
SCHEMA = pa.schema([(name, _TYPES.get(name.removeprefix(FIELD_PREFIX), pa.string()))
                    for name in (*ARTICLE_FIELDS, ERROR_FIELD)])
_EMPTY = article_fields(Article(paragraphs=(), normalized=""))


def output_features(base: datasets.Features | None = None) -> datasets.Features:
    """The features of a cleaned dataset: ``base`` (the input's, ``dataset.features``), then the cleaner's
    columns (:data:`SCHEMA`), which replace any of the same name. What ``Dataset.map`` needs as ``features=``."""
    import datasets

    added = datasets.Features.from_arrow_schema(SCHEMA)
    merged = {name: feature for name, feature in (base or {}).items() if name not in added}
    merged.update(added)
    return datasets.Features(merged)


def _row(fields: Mapping[str, Any], error: str | None) -> dict[str, Any]:
    removed = fields[FIELD_PREFIX + "removed"]
    row = dict(fields)
    row[FIELD_PREFIX + "removed"] = [{**removal, "meta": [{"name": name, "value": value}
                                                           for name, value in removal["meta"].items()]}
                                     for removal in removed]
    row[ERROR_FIELD] = error
    return row


def clean_batch(batch: Mapping[str, Sequence[Any]], *, column: str = "text", input_format: str = "auto",
                url_column: str | None = None, config: Config | None = None,
                on_error: str = "record") -> dict[str, list[Any]]:
    """Clean the values of ``column`` in one batch of rows; return the cleaner's columns for them.

    For ``Dataset.map(clean_batch, batched=True, fn_kwargs={...}, features=output_features(...))``. Values
    are text, or bytes decoded by their charset; ``input_format`` is ``"html"``, ``"text"`` or ``"auto"``
    (by the content, per row). ``url_column`` names a column holding each page's address (read, never
    fetched: it resolves relative canonical links and can date a page).

    >>> columns = clean_batch({"text": ["Title here\\n\\nShutterstock\\n\\nThe story.", None]})
    >>> columns["cleaner_text"], columns["cleaner_photo_credits"], columns["cleaner_error"]
    (['The story.', ''], [['Shutterstock'], []], [None, 'TypeError: expected text or bytes, got NoneType'])
    """
    if on_error not in _ON_ERROR:
        raise ValueError(f"on_error must be one of {', '.join(_ON_ERROR)}, got {on_error!r}")
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"unknown input format {input_format!r}; choose one of {', '.join(INPUT_FORMATS)}")
    if column not in batch:
        raise KeyError(f"no column {column!r}; the dataset has {', '.join(map(str, batch))}")
    config = config or Config()
    urls = batch[url_column] if url_column is not None else [None] * len(batch[column])
    rows = []
    for value, url in zip(batch[column], urls, strict=True):
        try:
            if not isinstance(value, (str, bytes)):
                raise TypeError(f"expected text or bytes, got {type(value).__name__}")
            article = clean_any(value, input_format, config=config, url=url)
        except (CleanerError, TypeError) as error:
            if on_error == "raise":
                raise
            rows.append(_row(_EMPTY, f"{type(error).__name__}: {error}"))
            continue
        rows.append(_row(article_fields(article), None))
    return {name: [row[name] for row in rows] for name in SCHEMA.names}


def clean_dataset(dataset: datasets.Dataset, column: str = "text", *, input_format: str = "auto",
                  url_column: str | None = None, config: Config | None = None, on_error: str = "record",
                  num_proc: int | None = None, batch_size: int = 64, **map_options: Any) -> datasets.Dataset:
    """``dataset`` with the cleaner's columns added: :func:`clean_batch` through ``Dataset.map``, with the
    features set. ``map_options`` go to ``map`` (``desc``, ``load_from_cache_file``, ...)."""
    options = {"column": column, "input_format": input_format, "url_column": url_column, "config": config,
               "on_error": on_error}
    cleaned: datasets.Dataset = dataset.map(clean_batch, batched=True, batch_size=batch_size, num_proc=num_proc,
                                            fn_kwargs=options, features=output_features(dataset.features),
                                            **map_options)
    return cleaned
