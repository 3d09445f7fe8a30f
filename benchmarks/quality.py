#!/usr/bin/env python3
"""Text-quality benchmark: how close does each system get to the hand-made article bodies?

Run from the repository root::

    python benchmarks/quality.py                 # everything, writes benchmarks/results/
    python benchmarks/quality.py --only cleaner  # one system (repeatable); prints, writes nothing
    python benchmarks/quality.py --quick         # 25 pages, no bootstrap; prints, writes nothing

Data: ``corpus/bench/zyte`` (121 DEV pages of the public article-extraction benchmark, see
``corpus/bench/README.md``).  Figures come from ``corpus/bench/score.py`` (4-token shingle
precision/recall, F1 of the two means), the same scorer the published figures use, so rows here
are comparable with those.

Rows:

* ``uncleaned``   -- the text rendering as is: the floor any cleaner must beat on precision
                     without giving up much recall;
* ``justext``     -- jusText on the text, one ``<p>`` per line: the obvious off-the-shelf way to
                     clean text without its HTML;
* ``trafilatura`` -- trafilatura on the original HTML (default and ``favor_precision``): what is
                     reachable when the HTML is still at hand, i.e. the ceiling of the text path;
* ``cleaner``     -- ``cleaner.clean(text).text`` (skipped with a note when the library does not
                     import);
* ``html``        -- the HTML task: ``cleaner.clean_html`` against trafilatura (default,
                     ``favor_precision``, ``favor_recall``), jusText, readability-lxml and resiliparse
                     on the same pages, with pages/s timed interleaved (blocks of 10 pages, every
                     system in turn); the cleaner row is the ``cleaner`` system on input ``HTML``;
* ``re.findall``  -- one ``\\w+`` scan over the texts: no cleaner can read its input faster, so
                     this is the practical speed limit for the text path; with it, ``cleaner, every
                     pass off`` (``clean()`` with every rule disabled: normalisation, lines, language
                     and the Article, nothing removed), the floor of cleaner's own pipeline.

Speed is measured on the same pass that produces the predictions (single process, wall time by
``time.perf_counter``, one warm-up call first so lazy loading is not billed to the first page).
MB means 10**6 bytes of UTF-8 input.

Floors: ``benchmarks/floors.json`` pins a minimum F1 for each cleaner row; a full run exits with
status 1 when a cleaner figure falls below its floor (``--no-floors`` disables the check,
``--update-floors`` raises/lowers the floors to the current figures minus 0.002).
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import html
import importlib.util
import json
import platform
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "corpus" / "bench"
DATA = BENCH / "zyte"
RESULTS = ROOT / "benchmarks" / "results"
FLOORS = ROOT / "benchmarks" / "floors.json"

RENDERINGS = ("text/recall", "text/full")
SYSTEMS = ("uncleaned", "justext", "trafilatura", "cleaner", "findall", "html")
FLOOR_MARGIN = 0.002  # below the measured figure, so float noise or a reordering never trips the floor
QUICK_PAGES = 25
WORST_N = 10
TOKEN_RE = re.compile(r"\w+")

Extractor = Callable[[str], str]
PageExtractor = Callable[[str, str], str]  # (page id, input) -> text, for the cross-validated cleaner


@dataclass
class Row:
    """One line of the table: a system on one input, its figures and its speed."""

    system: str
    input: str
    figures: dict[str, Any] | None = None  # score() output without per_doc; None for speed-only rows
    seconds: float = 0.0
    input_bytes: int = 0
    pages: int = 0
    speed_unit: str = "MB/s"  # "MB/s" for text input, "pages/s" for HTML, "" when speed is meaningless
    errors: dict[str, str] = field(default_factory=dict)  # id -> exception text
    per_doc: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def speed(self) -> float | None:
        """MB/s or pages/s; None when nothing was timed."""
        if not self.speed_unit or self.seconds <= 0:
            return None
        if self.speed_unit == "pages/s":
            return self.pages / self.seconds
        return self.input_bytes / 1e6 / self.seconds


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------

def load_scorer() -> ModuleType:
    """Import corpus/bench/score.py by path: it is data-side code, not a package of this repo."""
    spec = importlib.util.spec_from_file_location("bench_score", BENCH / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {BENCH / 'score.py'}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up in sys.modules
    spec.loader.exec_module(module)
    return module


def load_ids(quick: bool) -> list[str]:
    """The DEV ids (sorted, so --quick always takes the same pages)."""
    ids = sorted((DATA / "dev_ids.txt").read_text(encoding="utf-8").split())
    return ids[:QUICK_PAGES] if quick else ids


def load_texts(rendering: str, ids: list[str]) -> dict[str, str]:
    """The text rendering of every page; a missing file is an empty text, as in score.py."""
    folder = DATA / rendering
    texts = {}
    for i in ids:
        path = folder / f"{i}.txt"
        texts[i] = path.read_text(encoding="utf-8") if path.exists() else ""
    return texts


def load_html(ids: list[str]) -> dict[str, str]:
    """The crawled pages, gunzipped and decoded before timing so the speed is extraction only."""
    return {i: gzip.decompress((DATA / "html" / f"{i}.html.gz").read_bytes()).decode("utf-8", "replace")
            for i in ids}


# ---------------------------------------------------------------------------
# Systems
# ---------------------------------------------------------------------------

def justext_extractor() -> Extractor:
    """jusText on plain text: each non-empty line becomes one <p>, since the text has no markup."""
    import justext

    stoplist = justext.get_stoplist("English")

    def extract(text: str) -> str:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if not lines:
            return ""  # lxml refuses an empty document
        body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)
        document = f"<html><head><meta charset=\"utf-8\"></head><body>\n{body}\n</body></html>"
        paragraphs = justext.justext(document, stoplist)
        return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return extract


def trafilatura_extractor(favor_precision: bool) -> Extractor:
    """trafilatura on HTML with the settings the benchmark README quotes."""
    import trafilatura

    def extract(page: str) -> str:
        result = trafilatura.extract(page, include_comments=False, include_tables=True,
                                     favor_precision=favor_precision)
        return result or ""

    return extract


def cleaner_extractor() -> PageExtractor | None:
    """cleaner.clean(text).text, or None (with a note) while the library does not import.

    The content classifier was fitted on these very pages, so each page is cleaned with the weights of
    the cross-validation fold that never saw it (``Config(content_model="fold-K")``): the figures are
    cross-validated, never measured on the data the weights were fit on.
    """
    try:
        import cleaner
        from cleaner.passes.content import fold_of
    except Exception as exc:  # noqa: BLE001 -- a half-written library may fail in any way
        print(f"note: `import cleaner` failed ({type(exc).__name__}: {exc}); skipping the cleaner rows",
              file=sys.stderr)
        return None
    configs = {fold: cleaner.Config(content_model=f"fold-{fold}") for fold in range(5)}

    def extract(page_id: str, text: str) -> str:
        return str(cleaner.clean(text, config=configs[fold_of(page_id)]).text)

    return extract


def floor_extractor() -> Extractor | None:
    """cleaner.clean with every rule and pass switched off: normalisation, lines, language, the Article.

    What the pipeline costs before it cleans anything: the speed no set of passes can beat without a
    faster skeleton (ftfy, py3langid on a 600-character sample, the draft and the Article).
    """
    try:
        import cleaner
        from cleaner.rules import PASS_NAMES
    except Exception:  # noqa: BLE001 -- cleaner_extractor() has said why
        return None
    off = cleaner.Config(disabled_rules=PASS_NAMES)

    def extract(text: str) -> str:
        return str(cleaner.clean(text, config=off).text)

    return extract


def findall_extractor(text: str) -> str:
    """One \\w+ scan: reads every character once, so it bounds any text cleaner's speed."""
    TOKEN_RE.findall(text)
    return ""


# ---------------------------------------------------------------------------
# Running and scoring
# ---------------------------------------------------------------------------

def run_timed(extract: Extractor | PageExtractor, inputs: dict[str, str],
              with_id: bool = False) -> tuple[dict[str, str], float, dict[str, str]]:
    """Apply ``extract`` to every input; return predictions, wall seconds and per-id errors.

    An exception on one page is an empty prediction for that page (and is reported), so a bug in
    one document does not hide the figures for the other 120.
    """
    def call(page_id: str, value: str) -> str:
        return extract(page_id, value) if with_id else extract(value)  # type: ignore[call-arg,arg-type]

    if inputs:
        try:
            call(*next(iter(inputs.items())))  # warm-up: stop lists, vocabularies, regex caches
        except Exception:  # noqa: BLE001 -- reported by the timed pass below
            pass
    predictions: dict[str, str] = {}
    errors: dict[str, str] = {}
    start = time.perf_counter()
    for i, value in inputs.items():
        try:
            predictions[i] = call(i, value)
        except Exception as exc:  # noqa: BLE001
            predictions[i] = ""
            errors[i] = f"{type(exc).__name__}: {exc}"
    return predictions, time.perf_counter() - start, errors


def measure(system: str, input_name: str, extract: Extractor | PageExtractor | None, inputs: dict[str, str],
            gold: dict[str, str], scorer: ModuleType, rounds: int, unit: str = "MB/s", with_id: bool = False) -> Row:
    """Run one system on one input and score it; ``extract=None`` scores the input itself."""
    row = Row(system, input_name, pages=len(inputs), speed_unit=unit,
              input_bytes=sum(len(v.encode("utf-8")) for v in inputs.values()))
    if extract is None:
        predictions = inputs
        row.speed_unit = ""
    else:
        predictions, row.seconds, row.errors = run_timed(extract, inputs, with_id)
    result = scorer.score(gold, predictions, rounds=rounds)
    row.per_doc = result.pop("per_doc")
    row.figures = result
    return row


def measure_speed_only(system: str, input_name: str, extract: Extractor, inputs: dict[str, str]) -> Row:
    """A row with a speed and no quality figures (the \\w+ scan)."""
    _, seconds, errors = run_timed(extract, inputs)
    return Row(system, input_name, seconds=seconds, pages=len(inputs), errors=errors,
               input_bytes=sum(len(v.encode("utf-8")) for v in inputs.values()))


def collect(only: set[str], ids: list[str], rounds: int, scorer: ModuleType) -> tuple[list[Row], bool]:
    """Every requested row, in table order; the flag says whether cleaner could be imported."""
    gold = scorer.load_gold(DATA / "ground-truth.json", set(ids))
    texts = {name: load_texts(name, ids) for name in RENDERINGS}
    rows: list[Row] = []
    cleaner_ok = True
    if "uncleaned" in only:
        rows += [measure("uncleaned", name, None, texts[name], gold, scorer, rounds) for name in RENDERINGS]
    if "justext" in only:
        extract = justext_extractor()
        rows += [measure("justext", name, extract, texts[name], gold, scorer, rounds) for name in RENDERINGS]
    if "cleaner" in only:
        cleaner_extract = cleaner_extractor()
        cleaner_ok = cleaner_extract is not None
        if cleaner_extract is not None:
            rows += [measure("cleaner", name, cleaner_extract, texts[name], gold, scorer, rounds, with_id=True)
                     for name in RENDERINGS]
    if "findall" in only:
        rows += [measure_speed_only("re.findall(\\w+)", name, findall_extractor, texts[name])
                 for name in RENDERINGS]
        floor = floor_extractor()
        if floor is not None:
            rows += [measure_speed_only("cleaner, every pass off", name, floor, texts[name]) for name in RENDERINGS]
    if "html" in only:
        rows += collect_html(ids, gold, scorer, rounds)  # its trafilatura rows replace the two below
    elif "trafilatura" in only:
        pages = load_html(ids)
        for label, precise in (("trafilatura", False), ("trafilatura favor_precision", True)):
            rows.append(measure(label, "HTML", trafilatura_extractor(precise), pages, gold, scorer, rounds,
                                unit="pages/s"))
    return rows, cleaner_ok


# ---------------------------------------------------------------------------
# HTML task: every extractor on the crawled pages, cleaner.clean_html among them
# ---------------------------------------------------------------------------

def trafilatura_recall_extractor() -> Extractor:
    """trafilatura's recall-oriented mode (the one clean_html builds on)."""
    import trafilatura

    def extract(page: str) -> str:
        return trafilatura.extract(page, include_comments=False, include_tables=True, favor_recall=True) or ""

    return extract


def justext_html_extractor() -> Extractor:
    """jusText on the page, English stop list (its usual setting in extraction benchmarks)."""
    import justext

    stoplist = justext.get_stoplist("English")

    def extract(page: str) -> str:
        paragraphs = justext.justext(page.encode("utf-8"), stoplist, encoding="utf-8")
        return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return extract


_BLOCK_TAGS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "tr", "blockquote", "pre", "br",
               "section", "article", "figcaption", "dd", "dt", "table", "ul", "ol")


def readability_extractor() -> Extractor:
    """readability-lxml's summary, as text with a line break after each block (so that words of two
    paragraphs are never glued into one token)."""
    import lxml.html
    from readability import Document

    def extract(page: str) -> str:
        summary = Document(page).summary(html_partial=True)
        if not summary.strip():
            return ""
        tree = lxml.html.fromstring(summary)
        for element in tree.iter(*_BLOCK_TAGS):
            element.tail = "\n" + (element.tail or "")
        return str(tree.text_content())

    return extract


def resiliparse_extractor() -> Extractor:
    """Resiliparse's main-content extraction (``extract_plain_text(main_content=True)``)."""
    from resiliparse.extract.html2text import extract_plain_text

    def extract(page: str) -> str:
        return str(extract_plain_text(page, main_content=True))

    return extract


def cleaner_html_extractor() -> PageExtractor | None:
    """``cleaner.clean_html(page).text``, cross-validated like the text rows (the fold that never saw the
    page), or None when the library does not import."""
    try:
        import cleaner
        from cleaner.passes.content import fold_of
    except Exception as exc:  # noqa: BLE001 -- a half-written library may fail in any way
        print(f"note: `import cleaner` failed ({type(exc).__name__}: {exc}); skipping clean_html",
              file=sys.stderr)
        return None
    configs = {fold: cleaner.Config(content_model=f"fold-{fold}") for fold in range(5)}
    # Load the language identifier now: the warm-up page declares its language, so clean_html would
    # otherwise load the model (about a second) inside the timed pass, on the first page that needs it.
    cleaner.clean("Der Bürgermeister sagte am Montag, dass die Brücke über den Fluss fertig sei.")

    def extract(page_id: str, page: str) -> str:
        return str(cleaner.clean_html(page, config=configs[fold_of(page_id)]).text)

    return extract


def html_systems() -> list[tuple[str, Extractor | PageExtractor | None, str]]:
    """(row label, extractor or None, note): a tool that does not install gets a row that says so."""
    makers: list[tuple[str, Callable[[], Extractor | PageExtractor | None]]] = [
        ("cleaner", cleaner_html_extractor),
        ("trafilatura", lambda: trafilatura_extractor(False)),
        ("trafilatura favor_precision", lambda: trafilatura_extractor(True)),
        ("trafilatura favor_recall", trafilatura_recall_extractor),
        ("justext", justext_html_extractor),
        ("readability-lxml", readability_extractor),
        ("resiliparse", resiliparse_extractor),
    ]
    systems: list[tuple[str, Extractor | PageExtractor | None, str]] = []
    for label, make in makers:
        try:
            systems.append((label, make(), ""))
        except ImportError as exc:
            systems.append((label, None, f"not installed ({exc.name})"))
    return systems


#: Pages per block in the HTML task's timing: each system reads a block in one go, as in a batch.
HTML_BLOCK_PAGES = 10


def collect_html(ids: list[str], gold: dict[str, str], scorer: ModuleType, rounds: int) -> list[Row]:
    """Every extractor on the same HTML pages, timed interleaved by blocks.

    Pages are gunzipped and decoded before timing. Each system gets one warm-up call; then the pages go
    by blocks of ``HTML_BLOCK_PAGES``, every system reading the whole block in turn, in an order rotated
    from block to block. Within a block a system runs warm, as it does in a batch; across blocks a
    shared machine's load, which drifts over a run, weighs on all systems alike, so the pages/s
    columns compare within the run. (Timing page by page instead bills each system for the caches the
    previous one left cold, and favours trafilatura, whose code clean_html itself has just run.)
    """
    pages = load_html(ids)
    systems = html_systems()
    rows = {label: Row(label, "HTML", pages=len(pages), speed_unit="pages/s",
                       input_bytes=sum(len(v.encode("utf-8")) for v in pages.values()))
            for label, _extract, _note in systems}
    predictions: dict[str, dict[str, str]] = {label: {} for label, _extract, _note in systems}
    runnable = [(label, extract) for label, extract, _note in systems if extract is not None]

    def call(label: str, extract: Extractor | PageExtractor, page_id: str) -> str:
        if label == "cleaner":
            return extract(page_id, pages[page_id])  # type: ignore[call-arg]
        return extract(pages[page_id])  # type: ignore[call-arg]

    for label, extract in runnable:
        try:
            call(label, extract, ids[0])  # warm-up: models, stop lists, lazy imports
        except Exception:  # noqa: BLE001 -- reported by the timed pass below
            pass
    blocks = [ids[start : start + HTML_BLOCK_PAGES] for start in range(0, len(ids), HTML_BLOCK_PAGES)]
    for number, block in enumerate(blocks):
        shift = number % len(runnable) if runnable else 0
        for label, extract in runnable[shift:] + runnable[:shift]:
            for page_id in block:
                start = time.perf_counter()
                try:
                    predictions[label][page_id] = call(label, extract, page_id)
                except Exception as exc:  # noqa: BLE001
                    predictions[label][page_id] = ""
                    rows[label].errors[page_id] = f"{type(exc).__name__}: {exc}"
                rows[label].seconds += time.perf_counter() - start
    for label, extract, note in systems:
        row = rows[label]
        if extract is None:
            row.system, row.speed_unit = f"{label} ({note})", ""
            continue
        result = scorer.score(gold, predictions[label], rounds=rounds)
        row.per_doc = result.pop("per_doc")
        row.figures = result
    return list(rows.values())


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

def _cell(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def markdown_table(rows: list[Row]) -> str:
    """The one table: system, input, P, R, F1, speed."""
    lines = ["| system | input | precision | recall | F1 | speed |", "|---|---|---:|---:|---:|---:|"]
    for row in rows:
        fig = row.figures or {}
        speed = row.speed
        speed_cell = "–" if speed is None else f"{speed:.2f} {row.speed_unit}"
        lines.append(f"| {row.system} | {row.input} | {_cell(fig.get('precision'))} | "
                     f"{_cell(fig.get('recall'))} | {_cell(fig.get('f1'))} | {speed_cell} |")
    return "\n".join(lines)


def versions() -> dict[str, str]:
    """Versions that change the figures (tools) or the speeds (python, machine)."""
    found = {"python": platform.python_version(), "platform": platform.platform(),
             "processor": platform.processor() or platform.machine()}
    for dist in ("trafilatura", "jusText", "lxml", "cleaner", "readability-lxml", "resiliparse", "htmldate"):
        try:
            found[dist.lower()] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            found[dist.lower()] = "not installed"
    return found


def worst_documents(row: Row, baseline: Row | None, urls: dict[str, str],
                    n: int = WORST_N) -> list[dict[str, Any]]:
    """The n lowest-F1 pages for a row, with the uncleaned F1 so a regression stands out."""
    ranked = sorted(row.per_doc.items(), key=lambda item: (item[1]["f1"], item[0]))[:n]
    worst = []
    for i, doc in ranked:
        entry: dict[str, Any] = {"id": i, "url": urls.get(i, ""), **doc}
        if baseline is not None:
            entry["uncleaned_f1"] = baseline.per_doc[i]["f1"]
        if i in row.errors:
            entry["error"] = row.errors[i]
        worst.append(entry)
    return worst


def paired_change(row: Row, baseline: Row, n: int = WORST_N) -> dict[str, Any]:
    """Per-page F1 of a row against the uncleaned input: pages helped, hurt, untouched.

    The collection F1s of two rows differ by less than their bootstrap spread, but the pages a
    change hurts are the actionable ones, so they are listed (largest drop first).
    """
    deltas = {i: doc["f1"] - baseline.per_doc[i]["f1"] for i, doc in row.per_doc.items()}
    drops = sorted((d, i) for i, d in deltas.items() if d < 0)[:n]
    return {"better": sum(d > 0 for d in deltas.values()), "worse": sum(d < 0 for d in deltas.values()),
            "same": sum(d == 0 for d in deltas.values()),
            "largest_drops": [{"id": i, "f1": row.per_doc[i]["f1"], "uncleaned_f1": baseline.per_doc[i]["f1"],
                               "delta": d} for d, i in drops]}


def row_json(row: Row) -> dict[str, Any]:
    """All figures of a row, for quality.json."""
    data: dict[str, Any] = {"system": row.system, "input": row.input, "pages": row.pages,
                            "input_bytes": row.input_bytes, "seconds": row.seconds}
    if row.speed is not None:
        data["mb_per_s" if row.speed_unit == "MB/s" else "pages_per_s"] = row.speed
    if row.figures is not None:
        data.update(row.figures)
    if row.errors:
        data["errors"] = row.errors
    return data


def results_json(rows: list[Row], table: str, urls: dict[str, str]) -> dict[str, Any]:
    """quality.json: date, versions, every row, and the cleaner's worst pages per input."""
    baselines = {r.input: r for r in rows if r.system == "uncleaned"}
    cleaner_rows = [r for r in rows if r.system == "cleaner"]
    return {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "versions": versions(),
        "data": str(DATA.relative_to(ROOT)),
        "scorer": "corpus/bench/score.py (4-token shingles; F1 of mean P and mean R; ± = bootstrap std)",
        "rows": [row_json(r) for r in rows],
        "cleaner_worst": {r.input: worst_documents(r, baselines.get(r.input), urls) for r in cleaner_rows},
        "cleaner_vs_uncleaned": {r.input: paired_change(r, baselines[r.input])
                                 for r in cleaner_rows if r.input in baselines},
        "cleaner_per_doc_f1": {r.input: {i: d["f1"] for i, d in r.per_doc.items()} for r in cleaner_rows},
        "table": table,
    }


def write_results(rows: list[Row], table: str) -> None:
    """benchmarks/results/quality.md and quality.json."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    data = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    urls = {i: item.get("url", "") for i, item in data.items()}
    payload = results_json(rows, table, urls)
    header = (f"# Text-quality benchmark\n\n{payload['date']}, python {payload['versions']['python']}, "
              f"trafilatura {payload['versions']['trafilatura']}, justext {payload['versions']['justext']}, "
              f"cleaner {payload['versions']['cleaner']}. {rows[0].pages if rows else 0} pages "
              f"({payload['data']}); produced by `python benchmarks/quality.py`.\n\n")
    (RESULTS / "quality.md").write_text(header + table + "\n", encoding="utf-8")
    (RESULTS / "quality.json").write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n",
                                          encoding="utf-8")


# ---------------------------------------------------------------------------
# Floors
# ---------------------------------------------------------------------------

def read_floors() -> dict[str, float]:
    """input -> minimum cleaner F1 (a missing file means no floors yet)."""
    if not FLOORS.exists():
        return {}
    data = json.loads(FLOORS.read_text(encoding="utf-8"))
    return {name: float(value) for name, value in data.get("cleaner", {}).items()}


def write_floors(rows: list[Row]) -> None:
    """Pin the current cleaner F1s (minus the margin) so later changes cannot quietly lose quality."""
    floors = {r.input: round(max(0.0, r.figures["f1"] - FLOOR_MARGIN), 4)
              for r in rows if r.system == "cleaner" and r.figures is not None}
    note = "minimum F1 per (system, input) on corpus/bench/zyte; checked by benchmarks/quality.py"
    payload = {"_note": note,
               "cleaner": dict(sorted(floors.items()))}
    FLOORS.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"floors written to {FLOORS.relative_to(ROOT)}: {floors}")


def floor_failures(rows: list[Row], floors: dict[str, float]) -> list[str]:
    """One message per cleaner row whose F1 is below its pinned floor."""
    failures = []
    for row in rows:
        if row.system != "cleaner" or row.figures is None or row.input not in floors:
            continue
        if row.figures["f1"] < floors[row.input]:
            failures.append(f"cleaner on {row.input}: F1 {row.figures['f1']:.4f} "
                            f"< floor {floors[row.input]:.4f}")
    return failures


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Options; partial runs (--only, --quick) print only, so results/ always holds a full run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--only", action="append", choices=SYSTEMS, metavar="SYSTEM",
                        help=f"run only this system (repeatable; one of {', '.join(SYSTEMS)}); "
                             "results files are not written")
    parser.add_argument("--quick", action="store_true",
                        help=f"first {QUICK_PAGES} pages, no bootstrap; results and floors untouched")
    parser.add_argument("--rounds", type=int, default=1000, help="bootstrap rounds for the ± figures")
    parser.add_argument("--no-floors", action="store_true",
                        help="do not fail on cleaner F1 below floors.json")
    parser.add_argument("--update-floors", action="store_true",
                        help=f"write the current cleaner F1s minus {FLOOR_MARGIN} to floors.json")
    args = parser.parse_args(argv)
    if args.update_floors and (args.quick or (args.only and "cleaner" not in args.only)):
        parser.error("--update-floors needs a full run of the cleaner rows (no --quick)")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run, print, write results on a full run, then enforce or update the floors."""
    args = parse_args(argv)
    scorer = load_scorer()
    only = set(args.only or SYSTEMS)
    rows, cleaner_ok = collect(only, load_ids(args.quick), 0 if args.quick else args.rounds, scorer)
    table = markdown_table(rows)
    print(table)
    for row in rows:
        if row.errors:
            print(f"note: {row.system} on {row.input} raised on {len(row.errors)} page(s), scored as empty; "
                  f"first: {next(iter(row.errors.items()))}", file=sys.stderr)

    if not args.quick and not args.only:
        write_results(rows, table)
        print(f"\nwritten: {(RESULTS / 'quality.md').relative_to(ROOT)}, "
              f"{(RESULTS / 'quality.json').relative_to(ROOT)}")
    if args.quick or "cleaner" not in only or not cleaner_ok:
        if args.update_floors:
            print("error: no cleaner figures, floors not updated", file=sys.stderr)
            return 2
        return 0
    if args.update_floors:
        write_floors(rows)
        return 0
    failures = [] if args.no_floors else floor_failures(rows, read_floors())
    for message in failures:
        print(f"FLOOR: {message}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
