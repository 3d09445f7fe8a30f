"""The layout of a cleaned record: the input's fields unchanged, what the cleaner adds under ``cleaner_``.

Every record output (``cleaner batch`` to JSONL, ``cleaner.clean_stream``, ``cleaner.dask.clean_bag`` and
the columns of ``clean_column``) is built here, so they cannot drift apart. A crawler's ``title``,
``date``, ``language`` or ``text`` stays as the crawler wrote it, and the cleaner's own answer sits next
to it: ``cleaner_text``, ``cleaner_title``, ``cleaner_date``, ``cleaner_author``, ``cleaner_removed``...,
one per key of ``Article.to_dict()`` (``ARTICLE_KEYS``), always all of them, in that order. Outputs that
report failures in the record itself (Dask, the streaming API) add ``cleaner_error``: None, or
``"InputError: ..."`` with every article field empty.

An input field named like one the cleaner adds (cleaning the output of an earlier run again) is replaced by
this run's value; every other input field is kept as it is.

>>> from cleaner import clean
>>> record = output_record({"id": 7, "title": "Crawler's title", "text": "Raw"}, clean("Body text here."))
>>> record["title"], record["text"], record["cleaner_text"], list(record)[3:5]
("Crawler's title", 'Raw', 'Body text here.', ['cleaner_text', 'cleaner_paragraphs'])
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cleaner.article import ARTICLE_KEYS, Article

#: What every field the cleaner adds to a record starts with.
FIELD_PREFIX = "cleaner_"
#: The article's fields in a record, in order: ``cleaner_text``, ``cleaner_paragraphs``, ...
ARTICLE_FIELDS: tuple[str, ...] = tuple(FIELD_PREFIX + key for key in ARTICLE_KEYS)
#: Why a record could not be cleaned (outputs that keep failures in the record), or None.
ERROR_FIELD = FIELD_PREFIX + "error"

_OWN = frozenset((*ARTICLE_FIELDS, ERROR_FIELD))
_EMPTY = Article(paragraphs=(), normalized="")


def article_fields(article: Article) -> dict[str, Any]:
    """``article.to_dict()`` with each key prefixed: what the cleaner adds to a record.

    >>> from cleaner import clean
    >>> fields = article_fields(clean("Body text here."))
    >>> fields["cleaner_text"], fields["cleaner_author"], tuple(fields) == ARTICLE_FIELDS
    ('Body text here.', None, True)
    """
    return {FIELD_PREFIX + key: value for key, value in article.to_dict().items()}


def output_record(fields: Mapping[str, Any], article: Article) -> dict[str, Any]:
    """The input record's fields, unchanged and in their order, then the article's (:func:`article_fields`)."""
    return with_article_fields(fields, article_fields(article))


def with_article_fields(fields: Mapping[str, Any], added: Mapping[str, Any]) -> dict[str, Any]:
    """The input record's fields, then ``added`` (:func:`article_fields`, computed elsewhere: in a worker)."""
    record = {key: value for key, value in fields.items() if key not in _OWN}
    record.update(added)
    return record


def failed_record(fields: Mapping[str, Any], error: str) -> dict[str, Any]:
    """A record that could not be cleaned: its fields, empty article fields, and ``cleaner_error``.

    >>> failed_record({"id": 1}, "InputError: this is a PDF file")["cleaner_error"]
    'InputError: this is a PDF file'
    """
    return {**output_record(fields, _EMPTY), ERROR_FIELD: error}


__all__ = ["ARTICLE_FIELDS", "ERROR_FIELD", "FIELD_PREFIX", "article_fields", "failed_record", "output_record",
           "with_article_fields"]
