"""What a worker does with one document: clean it (text or HTML, bytes or str) and render or write it."""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cleaner.article import Article
from cleaner.batch.names import write_inside
from cleaner.batch.readers import Document
from cleaner.config import Config
from cleaner.documents import looks_like_html
from cleaner.files import decode
from cleaner.html import clean_document, clean_html
from cleaner.pipeline import clean
from cleaner.records import output_record
from cleaner.render import render


def clean_any(data: bytes | str, input_format: str = "auto", *, config: Config | None = None,
              url: str | None = None) -> Article:
    """Clean text or HTML given as bytes (decoded by their charset) or as text; ``url`` is the page's address.

    Bytes are a document as a file holds it: :func:`cleaner.html.clean_document` (gzip, charset, sniffing).
    A string is a record's text, already decoded: it goes to ``clean_html`` or ``clean`` as it is (encoding
    it again would let a page's ``<meta charset>`` re-decode it, and a record that happens to hold JSON is
    still text to clean, where a whole file of JSON is refused).

    >>> clean_any("<html><body><p>A short note.</p></body></html>").text
    'A short note.'
    >>> clean_any(b"Plain words.", "text").text
    'Plain words.'
    """
    if isinstance(data, (bytes, bytearray)):
        return clean_document(bytes(data), input_format, url=url, config=config)
    if input_format == "html" or input_format == "auto" and looks_like_html(data):
        return clean_html(data, url=url, config=config)
    return clean(data, config=config, allow_markup=input_format == "text")


def document_text(doc: Document, config: Config | None = None) -> str:
    """The text of a document as the text passes see it: HTML is reduced to its main content first.

    What ``cleaner learn`` counts lines of.
    """
    config = config or Config()
    data = doc.raw(config.max_document_bytes)
    if doc.input_format != "html":
        text = decode(data) if isinstance(data, bytes) else data
        if doc.input_format == "text" or not looks_like_html(text):
            return text
    return "\n\n".join(clean_html(data, config=config).paragraphs)


@dataclass(frozen=True, slots=True)
class _Job:
    """What a worker needs besides the document: sent once, when the worker starts."""

    config: Config
    fmt: str
    stream: bool  # JSONL output: return the record line; else render a file
    id_field: str
    output_root: str | None  # write files there (local workers); None: return the content (Dask)
    before_document: Callable[[Document], None] | None = None
    report: bool = False  # also return the Article, for the run's HTML summary
    durable: bool = False  # fsync each output file (BatchOptions.fsync)


@dataclass(frozen=True, slots=True)
class _Task:
    document: Document
    target: str | None = None  # the output file, relative to the output directory

    def __reduce__(self) -> tuple[type[_Task], tuple[Document, str | None]]:
        return _Task, (self.document, self.target)


def json_line(record: Mapping[str, Any]) -> bytes:
    """One compact JSON line in UTF-8; text with lone surrogates (from ``\\ud800`` in JSON) is escaped."""
    try:
        return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(record, ensure_ascii=True) + "\n").encode("ascii")


def _utf8_safe(content: str) -> str:
    try:
        content.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from a JSON escape: no UTF-8 file can hold them
        return content.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return content


#: A worker's result: the rendered output ("" when the worker wrote the file), the document's size in bytes,
#: and the Article when the run writes a report.
_Outcome = tuple[bytes | str, int, Article | None]


def _process(job: _Job, task: _Task) -> _Outcome:
    """Clean one document and render it: the record line (JSONL output), or the file, written here when
    the worker can see the output directory ("" then), else returned. The size is measured here too: the
    main process does as little per document as it can (on two cores, its work is taken from a worker's)."""
    doc = task.document
    if job.before_document is not None:
        job.before_document(doc)
    data = doc.raw(job.config.max_document_bytes)
    article = clean_any(data, doc.input_format, config=job.config, url=doc.url)
    content = _rendered(job, task, article)
    size = len(data) if isinstance(data, (bytes, bytearray)) else len(data.encode("utf-8", "surrogatepass"))
    return content, size, article if job.report else None


def _rendered(job: _Job, task: _Task, article: Article) -> bytes | str:
    doc = task.document
    if job.stream:
        return json_line(output_record(doc.input_record(job.id_field), article))
    if job.fmt == "json":
        data = {"source": doc.id, **article.to_dict()}
        try:
            content = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
            content.encode("utf-8")
        except UnicodeEncodeError:
            content = json.dumps(data, ensure_ascii=True, indent=2) + "\n"
    else:
        content = _utf8_safe(render(article, job.fmt, source=doc.id))
    if job.output_root is not None and task.target is not None:
        write_inside(Path(job.output_root), task.target, content, durable=job.durable)
        return ""
    return content


def warm_up(config: Config) -> None:
    """Load what the first document would otherwise pay for: the language model, the HTML extractor."""
    clean_any("Warm-up\n\nThe council met on Monday and agreed on the plan for the new road.", "text",
              config=config)
    clean_any("<html><body><article><p>The council met on Monday and agreed on the plan.</p></article></body>"
              "</html>", "html", config=config)


def _warm_up(job: _Job) -> None:
    warm_up(job.config)
    freeze()


def freeze() -> None:
    """Move what is alive now (models, word lists, compiled patterns) out of the garbage collector's way:
    each collection then walks the objects of the documents only, not the hundreds of thousands loaded
    once, and a forked worker does not touch (and so copy) the pages that hold them."""
    gc.collect()
    gc.freeze()
