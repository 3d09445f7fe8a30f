"""The batch report: one page summarising a run (documents, errors, removals by kind and by rule, the
documents with the most removed), linking to the pages of those documents. Constant memory."""

from __future__ import annotations

import heapq
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cleaner.article import Article
from cleaner.explain.report import _e, _kind_class, _page, html_report
from cleaner.explain.spans import _NOT_SLUG, MAX_ERROR_ROWS, _percent, removed_chars, summarize
from cleaner.files import write_atomic


@dataclass(frozen=True, slots=True)
class _Ranked:
    """A document that may be linked from the batch page; ordered by characters removed."""

    removed_chars: int
    order: int  # among equals, the earlier document ranks first
    source: str
    article: Article

    def key(self) -> tuple[int, int]:
        return (self.removed_chars, -self.order)


@dataclass(frozen=True, slots=True)
class _KindTotals:
    count: int = 0
    chars: int = 0
    documents: int = 0


@dataclass(slots=True)
class BatchSummary:
    """Totals of a batch run, fed one document (or error) at a time; :meth:`write` renders the page.

    Counters only, plus the ``top`` articles with the most characters removed, which get per-document
    pages: memory does not grow with the number of documents.

    >>> from cleaner import clean
    >>> report = BatchSummary(top=1)
    >>> report.add("a.txt", clean("Body text here.\\nShutterstock"))
    >>> report.add_error("b.pdf", "InputError: this is a PDF file, not text or HTML")
    >>> report.documents, report.error_count, [source for source, _ in report.most_removed()]
    (1, 1, ['a.txt'])
    """

    top: int = 20
    documents: int = 0
    error_count: int = 0
    chars: int = 0
    removed: int = 0
    removed_chars: int = 0
    empty_bodies: int = 0
    kinds: dict[str, _KindTotals] = field(default_factory=dict)
    rules: Counter[str] = field(default_factory=Counter)
    errors: list[tuple[str, str]] = field(default_factory=list)
    _heap: list[tuple[tuple[int, int], _Ranked]] = field(default_factory=list)

    def add(self, source: str, article: Article) -> None:
        """Count one cleaned document."""
        self.documents += 1
        self.chars += len(article.normalized)
        self.removed += len(article.removed)
        chars = removed_chars(article)
        self.removed_chars += chars
        if not article.paragraphs:
            self.empty_bodies += 1
        for summary in summarize(article.removed):
            totals = self.kinds.get(summary.kind, _KindTotals())
            self.kinds[summary.kind] = _KindTotals(totals.count + summary.count, totals.chars + summary.chars,
                                                   totals.documents + 1)
        self.rules.update(removal.rule for removal in article.removed)
        if self.top > 0 and chars > 0:  # a document nothing was taken from is not worth a page
            ranked = _Ranked(chars, self.documents, source, article)
            entry = (ranked.key(), ranked)
            if len(self._heap) < self.top:
                heapq.heappush(self._heap, entry)
            elif entry[0] > self._heap[0][0]:
                heapq.heapreplace(self._heap, entry)

    def add_error(self, source: str, message: str) -> None:
        """Count one document that could not be read or cleaned; the first ``MAX_ERROR_ROWS`` are listed."""
        self.error_count += 1
        if len(self.errors) < MAX_ERROR_ROWS:
            self.errors.append((source, message))

    def most_removed(self) -> list[tuple[str, Article]]:
        """The documents with the most characters removed, most first."""
        ranked = sorted((entry[1] for entry in self._heap), key=_Ranked.key, reverse=True)
        return [(item.source, item.article) for item in ranked]

    def html(self, document_links: Sequence[str | None] = ()) -> str:
        """The summary page; ``document_links[i]`` is the href of the i-th of :meth:`most_removed`."""
        return _batch_page(self, document_links)

    def write(self, path: Path) -> list[Path]:
        """Write the summary page to ``path`` and a page per listed document to ``<stem>_files/``.

        Returns the per-document pages written. Each page is self-contained and links back to the summary.
        """
        path = Path(path)
        folder = path.with_name(f"{path.stem}_files")
        written: list[Path] = []
        links: list[str | None] = []
        back = os.path.relpath(path, folder).replace(os.sep, "/")
        for rank, (source, article) in enumerate(self.most_removed(), 1):
            slug = _NOT_SLUG.sub("-", Path(source).name).strip("-.")[:60] or "document"
            page = folder / f"{rank:03d}-{slug}.html"
            write_atomic(page, html_report(article, source=source, back_link=back))
            written.append(page)
            links.append(f"{folder.name}/{page.name}")
        write_atomic(path, self.html(links))
        return written


def write_batch_report(path: Path, documents: Iterable[tuple[str, Article]],
                       errors: Iterable[tuple[str, str]] = (), *, top: int = 20) -> list[Path]:
    """Write the run summary of ``documents`` ((source, article) pairs) and ``errors`` ((source, message)).

    The page lists documents, errors, removals by kind and by rule, and the ``top`` documents with the
    most characters removed, each linked to its own page under ``<stem>_files/`` (returned).
    """
    report = BatchSummary(top=top)
    for source, article in documents:
        report.add(source, article)
    for source, message in errors:
        report.add_error(source, message)
    return report.write(Path(path))


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def _rows(items: Iterator[str]) -> str:
    return "".join(items)


def _batch_page(report: BatchSummary, links: Sequence[str | None]) -> str:
    cards = [
        (f"{report.documents:,}", "documents cleaned"),
        (f"{report.error_count:,}", "errors"),
        (f"{report.chars:,}", "characters in"),
        (f"{report.removed_chars:,} ({_percent(report.removed_chars, report.chars)})", "characters removed"),
        (f"{report.removed:,}", "spans removed"),
        (f"{report.empty_bodies:,}", "documents left empty"),
    ]
    cards_html = "".join(f'<div class="card"><b>{_e(value)}</b><span>{_e(label)}</span></div>'
                         for value, label in cards)
    kinds = sorted(report.kinds.items(), key=lambda item: (-item[1].chars, -item[1].count, item[0]))
    widest = max((totals.chars for _, totals in kinds), default=0) or 1
    kind_rows = _rows(
        f'<tr class="{_kind_class(kind)}" data-kind="{_e(kind)}"><td><span class="swatch"></span>{_e(kind)}</td>'
        f'<td class="num">{totals.count:,}</td><td class="num">{totals.chars:,}</td>'
        f'<td class="num">{_percent(totals.chars, report.chars)}</td><td class="num">{totals.documents:,}</td>'
        f'<td style="width:30%"><div class="bar" style="width:{100 * totals.chars / widest:.1f}%"></div></td></tr>'
        for kind, totals in kinds)
    kinds_html = ('<table class="kinds"><thead><tr><th>kind</th><th class="num">spans</th>'
                  '<th class="num">characters</th><th class="num">share of input</th>'
                  f'<th class="num">documents</th><th></th></tr></thead><tbody>{kind_rows}</tbody></table>'
                  if kinds else "<p>Nothing was removed.</p>")
    rule_rows = _rows(f'<tr><td class="rules">{_e(rule)}</td><td class="num">{count:,}</td></tr>'
                      for rule, count in sorted(report.rules.items(), key=lambda item: (-item[1], item[0])))
    rules_html = (f'<table class="rule-counts"><thead><tr><th>rule</th><th class="num">spans</th></tr></thead>'
                  f"<tbody>{rule_rows}</tbody></table>" if rule_rows else "<p>No rule fired.</p>")
    doc_rows = []
    for rank, (source, article) in enumerate(report.most_removed(), 1):
        link = links[rank - 1] if rank - 1 < len(links) else None
        chars = removed_chars(article)
        top_kinds = ", ".join(s.kind for s in summarize(article.removed)[:3])
        view = f'<a class="view-link" href="{_e(link)}">view</a>' if link else ""
        doc_rows.append(f'<tr class="document"><td class="num">{rank}</td><td class="source">{_e(source)}</td>'
                        f'<td class="num">{len(article.normalized):,}</td><td class="num">{chars:,}</td>'
                        f'<td class="num">{_percent(chars, len(article.normalized))}</td>'
                        f'<td class="num">{len(article.removed)}</td><td>{_e(top_kinds)}</td><td>{view}</td></tr>')
    docs_html = ('<table class="documents"><thead><tr><th class="num">#</th><th>document</th>'
                 '<th class="num">characters</th><th class="num">removed</th><th class="num">share</th>'
                 '<th class="num">spans</th><th>main kinds</th><th></th></tr></thead>'
                 f"<tbody>{''.join(doc_rows)}</tbody></table>" if doc_rows else "<p>No document was cleaned.</p>")
    error_rows = _rows(f'<tr class="error"><td class="source">{_e(source)}</td><td>{_e(message)}</td></tr>'
                       for source, message in report.errors)
    more = report.error_count - len(report.errors)
    more_html = f"<p>… and {more:,} more (see the batch's error log).</p>" if more > 0 else ""
    errors_html = (f'<table class="errors"><thead><tr><th>document</th><th>error</th></tr></thead>'
                   f"<tbody>{error_rows}</tbody></table>{more_html}" if report.error_count else "<p>No errors.</p>")
    body = (
        '<header class="top"><h1>cleaner batch report</h1>'
        f'<p class="stats">{_count(report.documents, "document")} cleaned, {_count(report.error_count, "error")}'
        "</p></header>\n"
        f'<div class="cards">{cards_html}</div>\n<div class="batch">\n'
        f'<section class="panel"><h2>Removed, by kind</h2>{kinds_html}</section>\n'
        f'<section class="panel"><h2>The documents with the most removed</h2>{docs_html}</section>\n'
        f'<section class="panel"><h2>Errors</h2>{errors_html}</section>\n'
        f'<section class="panel"><h2>Removed, by rule</h2>{rules_html}</section>\n</div>\n'
    )
    return _page("cleaner batch report", body, report.kinds)
