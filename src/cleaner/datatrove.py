"""``cleaner`` as datatrove pipeline steps: an extractor for HTML, a formatter for extracted text.

::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleaner import Config
    from cleaner.datatrove import CleanerExtractor

    LocalPipelineExecutor(pipeline=[
        WarcReader("crawl/", glob_pattern="*.warc.gz"),
        CleanerExtractor(Config(languages=("en", "de")), model="corpus-model.json"),
        JsonlWriter("cleaned/"),
    ], tasks=8, logging_dir="logs/").run()

:class:`CleanerExtractor` (datatrove's ``BaseExtractor``) turns a ``Document`` holding HTML into its clean
text with ``clean_html``; :class:`CleanerFormatter` (``BaseFormatter``) cleans a ``Document`` that already
holds extracted text (trafilatura's, a WET file's) with ``clean``. The text is byte for byte what those
functions give. Each step

* puts the article's metadata into ``doc.metadata`` under keys that cannot clash with the reader's:
  ``cleaner_title``, ``cleaner_date``, ``cleaner_author``, ``cleaner_site_name``, ``cleaner_language``,
  ``cleaner_standfirst``, ``cleaner_dateline``, ``cleaner_agency``, ``cleaner_related``, ... (the fields of
  :mod:`cleaner.records` but the text, which is ``doc.text``), always all of them, None where unknown; with
  ``removals=True`` also ``cleaner_removed``, every span taken out with its kind, rule and reason;
* counts what it cut in the pipeline's stats: ``removed_<kind>`` (spans, per document that had any) and
  ``removed_chars_<kind>`` (characters), so ``stats.json`` says how much navigation, how many credits,
  captions and related blocks went; besides datatrove's ``total``, ``forwarded``, ``dropped``, ``doc_len``;
* reads the page's address from ``doc.metadata["url"]`` (what datatrove's ``WarcReader`` sets): it resolves a
  relative canonical link and can date a page; it is never fetched.

**Failures never stop the pipeline.** datatrove's Trafilatura extractor runs each document in a child
process with a per-document timeout (1 s by default), and drops a document that times out, kills its
process or raises, with a stat (``timeout``, ``broken_process``, ``clean_error``) and one warning. These
steps do the same with the process pool of ``cleaner batch`` (one worker per task, two documents in flight
so that it never waits for the pipe, warmed up before the clock starts, restarted after a crash or a
timeout), with a longer default, ``timeout=10`` seconds: cleaning a page takes 10 to 30 ms, the slowest of
the benchmark's 121 pages 0.5 s. ``timeout=None`` cleans in the task's own process (no isolation, no limit).
A failed document is dropped (``on_error="drop"``) or forwarded unchanged (``"keep"``); either way it
carries ``cleaner_error`` (``"Timeout: ..."``, ``"InputError: ..."``), and a dropped one goes to the
``exclusion_writer`` when there is one, with ``filter_reason`` as datatrove's filters set it. A document
with nothing left once the boilerplate is gone is dropped too (``dropped_empty``) unless
``drop_empty=False``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cleaner.batch import Failure, InlinePool, Pool, ProcessPool
from cleaner.config import Config
from cleaner.corpus_model import CorpusModel
from cleaner.html import clean_html
from cleaner.pipeline import clean
from cleaner.records import FIELD_PREFIX, article_fields

try:
    from datatrove.data import Document, DocumentsPipeline
    from datatrove.pipeline.extractors.base import BaseExtractor
    from datatrove.pipeline.formatters.base import BaseFormatter
    from datatrove.pipeline.writers.disk_base import DiskWriter
    from datatrove.utils.typeshelper import StatHints
except ImportError as error:  # pragma: no cover - the message is the point
    raise ImportError(f"cleaner.datatrove needs datatrove: pip install 'cleaner[datatrove]' ({error})") from error

__all__ = ["CleanerExtractor", "CleanerFormatter"]

logger = logging.getLogger(__name__)

_ON_ERROR = ("drop", "keep")
#: ``doc.metadata`` keys left out: the text is ``doc.text`` itself.
_NOT_METADATA = frozenset({FIELD_PREFIX + "text", FIELD_PREFIX + "paragraphs"})
_REMOVED = FIELD_PREFIX + "removed"
ERROR_KEY = FIELD_PREFIX + "error"
#: Why a document was dropped, by the kind of failure: datatrove's own extractor's names.
_FAILURE_STATS = {"Timeout": "timeout", "WorkerCrash": "broken_process"}


@dataclass(frozen=True, slots=True)
class _Job:
    """What the cleaning process needs: sent once, when it starts."""

    config: Config
    html: bool
    removals: bool


@dataclass(frozen=True, slots=True)
class _Cleaned:
    """One document's result, computed in the cleaning process so that only this crosses the pipe."""

    text: str
    metadata: dict[str, Any]
    removed: tuple[tuple[str, int, int], ...]  # (kind, spans, characters)
    seconds: float


def _clean_one(job: _Job, item: tuple[str, str | None]) -> _Cleaned:
    started = time.perf_counter()
    text, url = item
    article = clean_html(text, url=url, config=job.config) if job.html else clean(text, config=job.config)
    metadata = {key: value for key, value in article_fields(article).items()
                if key not in _NOT_METADATA and (job.removals or key != _REMOVED)}
    spans: Counter[str] = Counter()
    chars: Counter[str] = Counter()
    for removal in article.removed:
        spans[removal.kind] += 1
        chars[removal.kind] += len(removal.text)
    removed = tuple((kind, count, chars[kind]) for kind, count in sorted(spans.items()))
    return _Cleaned(article.text, metadata, removed, time.perf_counter() - started)


def _warm_up(job: _Job) -> None:
    """Load the language model and the extractor before the first document's clock starts."""
    sample = "<html><body><article><p>The council met on Monday and agreed on the plan.</p></article></body></html>"
    _clean_one(job, (sample, None) if job.html else ("Warm-up\n\nThe council met on Monday and agreed.", None))


class _CleanerStep:
    """What the extractor and the formatter share: options, the pool, the stats and the metadata."""

    _html = True
    config: Config
    # datatrove's PipelineStep has these (annotations only: they must not shadow its methods)
    stats: Any
    stat_update: Callable[..., None]
    update_doc_stats: Callable[[Document], None]

    def _setup(self, config: Config | None, model: str | Path | None, removals: bool, timeout_s: float | None,
               on_error: str, drop_empty: bool, exclusion_writer: DiskWriter | None, url_key: str | None) -> None:
        if on_error not in _ON_ERROR:
            raise ValueError(f"on_error must be one of {', '.join(_ON_ERROR)}, got {on_error!r}")
        if timeout_s is not None and timeout_s <= 0:
            raise ValueError(f"timeout must be positive (or None to clean in the task's process), got {timeout_s}")
        config = config or Config()
        if model is not None:
            config = dataclasses.replace(config, model=CorpusModel.load(Path(model)))
        self.config = config
        self.removals, self.timeout_s, self.on_error = removals, timeout_s, on_error
        self.drop_empty, self.exclusion_writer, self.url_key = drop_empty, exclusion_writer, url_key
        self._warned = False

    def _pool(self) -> Pool[tuple[str, str | None], _Cleaned]:
        job = _Job(self.config, self._html, self.removals)
        if self.timeout_s is None:
            return InlinePool(_clean_one, job)
        return ProcessPool(_clean_one, job, 1, timeout_s=self.timeout_s, warm_up=_warm_up)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        """Clean each document in order; forward it with its clean text and metadata, or drop it with a stat."""
        if data is None:
            return
        waiting: deque[Document] = deque()

        def items() -> Iterator[tuple[str, str | None]]:
            for doc in data:
                self.stat_update(StatHints.total)
                waiting.append(doc)
                url = doc.metadata.get(self.url_key) if self._html and self.url_key else None
                yield doc.text, url if isinstance(url, str) else None

        writer_context = self.exclusion_writer if self.exclusion_writer is not None else contextlib.nullcontext()
        pool = self._pool()
        try:
            with writer_context as writer:
                for _, outcome in pool.map(items()):
                    doc = waiting.popleft()
                    if isinstance(outcome, Failure):
                        forward = self._failed(doc, outcome, writer, rank)
                    elif isinstance(outcome, _Cleaned):
                        forward = self._cleaned(doc, outcome, writer, rank)
                    else:  # a pool given no ``settled`` skips nothing
                        raise AssertionError(f"unexpected outcome {outcome!r}")
                    if forward:
                        self.stat_update(StatHints.forwarded)
                        self.update_doc_stats(doc)
                        yield doc
                    else:
                        self.stat_update(StatHints.dropped)
        finally:
            pool.close()

    def _cleaned(self, doc: Document, result: _Cleaned, writer: DiskWriter | None, rank: int) -> bool:
        self.stats.time_stats.update(result.seconds)
        self.stat_update("cleaned")
        for kind, spans, chars in result.removed:
            self.stat_update(f"removed_{kind}", value=spans)
            self.stat_update(f"removed_chars_{kind}", value=chars)
        if not result.text and self.drop_empty:
            self.stat_update("dropped_empty")
            self._exclude(doc, "empty", writer, rank)
            return False
        doc.text = result.text
        doc.metadata.update(result.metadata)
        return True

    def _failed(self, doc: Document, failure: Failure, writer: DiskWriter | None, rank: int) -> bool:
        stat = _FAILURE_STATS.get(failure.error, "clean_error")
        self.stat_update(stat)
        doc.metadata[ERROR_KEY] = f"{failure.error}: {failure.message}"
        if not self._warned:  # once per task, as datatrove's extractor does: the stats count them all
            self._warned = True
            logger.warning("document %s: %s: %s (further failures are only counted, as %r)%s", doc.id,
                           failure.error, failure.message, stat, f"\n{failure.traceback}" if failure.traceback else "")
        if self.on_error == "keep":
            return True
        self._exclude(doc, stat, writer, rank)
        return False

    def _exclude(self, doc: Document, reason: str, writer: DiskWriter | None, rank: int) -> None:
        if writer is not None:
            doc.metadata["filter_reason"] = reason
            writer.write(doc, rank)


class CleanerExtractor(_CleanerStep, BaseExtractor):  # type: ignore[misc]
    """A datatrove extractor: ``doc.text`` holds a page's HTML, and leaves holding its clean text.

    ``config``: the cleaner's :class:`~cleaner.Config` (languages, disabled rules, ...); ``model``: a corpus
    model file from ``cleaner learn`` (read once, here); ``removals``: also put every removal into
    ``doc.metadata["cleaner_removed"]``; ``timeout``: seconds a document may take in the cleaning process
    (None: clean in the task's process); ``on_error``: "drop" or "keep" a document that fails;
    ``drop_empty``: drop a document with no text left; ``exclusion_writer``: where dropped documents go;
    ``url_key``: the metadata key holding the page's address.
    """

    name = "🧹 cleaner"
    type = "🛢 - EXTRAC"

    def __init__(self, config: Config | None = None, *, model: str | Path | None = None, removals: bool = False,
                 timeout: float | None = 10.0, on_error: str = "drop", drop_empty: bool = True,
                 exclusion_writer: DiskWriter | None = None, url_key: str | None = "url") -> None:
        BaseExtractor.__init__(self, timeout=timeout)
        self._setup(config, model, removals, timeout, on_error, drop_empty, exclusion_writer, url_key)

    def extract(self, text: str) -> str:
        """The clean text of one page: ``clean_html(text, config=...).text``."""
        return clean_html(text, config=self.config).text


class CleanerFormatter(_CleanerStep, BaseFormatter):  # type: ignore[misc]
    """A datatrove formatter: ``doc.text`` holds extracted text (trafilatura's, a WET record's), and leaves
    cleaned. The options are :class:`CleanerExtractor`'s (no ``url_key``: text has no links to resolve)."""

    name = "🧹 cleaner"
    type = "✂️ - FORMAT"
    _html = False

    def __init__(self, config: Config | None = None, *, model: str | Path | None = None, removals: bool = False,
                 timeout: float | None = 10.0, on_error: str = "drop", drop_empty: bool = True,
                 exclusion_writer: DiskWriter | None = None) -> None:
        BaseFormatter.__init__(self)
        self._setup(config, model, removals, timeout, on_error, drop_empty, exclusion_writer, None)

    def format(self, text: str) -> str:
        """The clean text of one extracted text: ``clean(text, config=...).text``."""
        return clean(text, config=self.config).text
