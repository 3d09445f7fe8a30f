"""See what was cut: an article's removals in the terminal and as a self-contained HTML report.

A cleaner that cannot be inspected is not trusted, so this module shows ``Article.removed`` against
``Article.normalized``, the text every removal's offsets point into:

* :func:`explain_text` and :func:`print_explanation`: the document for a terminal (rich), each removed
  span struck through in its kind's colour and followed by its rule, then a summary table (kind, count,
  characters). Where the terminal shows no colour, spans are marked ``[-...-]{rule}`` as wdiff does, so
  the output still says what went when piped into a file.
* :func:`html_report`: one HTML page with no external assets (inline CSS, no script, no web font): the
  original with every removal highlighted by kind (its rule as a label, its reason on hover), a legend,
  the metadata panel, and a toggle between "original" and "clean" made of two radio buttons and CSS, so
  it works wherever the file is opened, JavaScript or not.
* :class:`BatchSummary` and :func:`write_batch_report`: one page summarising a run of many documents
  (documents, errors, removals by kind and by rule, the documents with the most removed), linking to
  per-document pages written next to it for those documents. It keeps counters and only the articles it
  will link to, so a batch of millions of documents reports in constant memory.

Nothing here cleans: the functions read an ``Article`` and render it.

The package: :mod:`~cleaner.explain.spans` (what both views share), :mod:`~cleaner.explain.terminal`,
:mod:`~cleaner.explain.report` (one document's HTML page) and :mod:`~cleaner.explain.batch` (the batch's page).
"""

from __future__ import annotations

from cleaner.explain.batch import BatchSummary, write_batch_report
from cleaner.explain.report import html_report, write_html_report
from cleaner.explain.spans import (
    KIND_COLOURS,
    MAX_ERROR_ROWS,
    KindSummary,
    Segment,
    kind_colour,
    removed_chars,
    segments,
    summarize,
)
from cleaner.explain.terminal import explain_text, explanation, metadata_items, print_explanation, summary_table

__all__ = [
    "KIND_COLOURS",
    "MAX_ERROR_ROWS",
    "BatchSummary",
    "KindSummary",
    "Segment",
    "explain_text",
    "explanation",
    "html_report",
    "kind_colour",
    "metadata_items",
    "print_explanation",
    "removed_chars",
    "segments",
    "summarize",
    "summary_table",
    "write_batch_report",
    "write_html_report",
]

