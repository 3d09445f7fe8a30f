#!/usr/bin/env python3
"""Text-quality benchmark: every system on the three sets of corpus/bench, in one run.

Run from the repository root::

    python benchmarks/quality.py                 # everything, writes benchmarks/results/ (or `make bench-quality`)
    python benchmarks/quality.py --only cleaner --only html --no-speed --jobs 2   # a rerun after a change
    python benchmarks/quality.py --set wcxb --only cleaner --no-speed --jobs 2    # one set, the text path
    python benchmarks/quality.py --quick         # 25 pages a set, no bootstrap; prints, writes nothing

Sets (``benchsets.py``; ``corpus/bench/README.md``): ``zyte`` (121 news pages, hand-made bodies),
``wcxb`` (500 pages of seven page types, bodies plus title, author and date), ``multilingual`` (495 pages,
snippets that must and must not appear). zyte and wcxb are scored with ``corpus/bench/score.py``
(4-token shingles; precision and recall per page, averaged; F1 of the two means), multilingual with
``corpus/bench/snippets.py`` (snippets counted over all pages; F of the summed precision and recall).

Rows, per set (``SYSTEMS``; ``--only`` names the group in brackets):

* ``uncleaned`` [uncleaned]: the text rendering as is (``text/recall``: trafilatura's favor_recall text;
  ``text/full``: inscriptis's whole page): the baseline a text cleaner must beat;
* ``cleaner`` [cleaner]: ``cleaner.clean(text).text`` on both renderings;
* ``cleaner`` on ``HTML`` [html]: ``cleaner.clean_html(page).text``, and its title, date and author;
* ``trafilatura`` default, ``favor_precision``, ``favor_recall`` [trafilatura, html] on the HTML, and on
  wcxb ``bare_extraction`` for its title, date and author;
* zyte only: jusText on the text [justext] and on the HTML, readability-lxml and resiliparse [html];
* zyte and wcxb: ``re.findall(\\w+)`` and ``cleaner, every pass off`` [findall], speed only: one token
  scan, the practical speed limit of a text cleaner, and ``clean()`` with every rule disabled, the floor
  of cleaner's own pipeline.

Cross-validation: the block model of ``clean_html`` and the text path's content classifier are fitted on
the three sets with folds grouped by site, so each page is cleaned with the models of the fold that never
saw its site (``benchmarks/models/{block,line}-fold-K.json``).

Held-out sites: every page has a site and a part, ``tune`` or ``check`` (a third of the sites, fixed by
a hash of the site's name; ``benchsets.py``). Every figure is given over all pages and over the check
sites alone: tune on ``tune`` pages, judge generalisation on ``check``.

Speed (zyte and wcxb, single-process runs only): measured on the same pass that produces the
predictions (wall time by ``time.perf_counter``, one warm-up call first). HTML: pages/s, every system
timed interleaved by blocks of ``HTML_BLOCK_PAGES`` pages, the order rotated from block to block; text:
MB/s of UTF-8 input (10**6 bytes). ``--no-speed`` and ``--jobs N`` (N > 1) time nothing.

Cache: the reference systems' outputs (everything but the cleaner rows) are kept in
``benchmarks/.cache/`` (git-ignored), keyed by set, system, the versions of the tools it runs, the source
of its extractor and the content of the page, so a rerun recomputes only the cleaner. A run that times
speeds runs the timed sets' systems again (a speed is only comparable within one run) and refreshes the
cache; ``--no-cache`` ignores it.

Floors: ``benchmarks/floors.json`` pins a minimum figure (F1, snippet F) for each set and cleaner row; a
run that measured a cleaner row on a whole set exits with status 1 when it falls below its floor
(``--no-floors`` disables the check, ``--update-floors`` rewrites the floors of the rows measured to the
current figures minus 0.002).
"""
from __future__ import annotations

import argparse
import hashlib
import html
import inspect
import json
import multiprocessing
import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchsets  # noqa: E402 -- sibling module: the sets, their scorers, sites and breakdowns
from benchsets import QUICK_PAGES, ROOT, SET_NAMES, SETS  # noqa: E402
from quality_report import Row, SetResult, report, results_json, tool_version, write_results  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
FLOORS = ROOT / "benchmarks" / "floors.json"
CACHE = ROOT / "benchmarks" / ".cache"

RENDERINGS = ("text/recall", "text/full")
GROUPS = ("uncleaned", "justext", "trafilatura", "cleaner", "findall", "html")  # --only choices
FLOOR_MARGIN = 0.002  # below the measured figure, so float noise or a reordering never trips the floor
TOKEN_RE = re.compile(r"\w+")
#: Pages per block in the HTML task's timing: each system reads a block in one go, as in a batch.
HTML_BLOCK_PAGES = 10
#: Pages per task in a --jobs run.
JOB_CHUNK_PAGES = 8

Prediction = dict[str, Any]  # "text", plus "title", "date", "author" from the systems that give metadata
Extractor = Callable[[str, str], str | Prediction]  # (page id, input) -> text or prediction
TRAFILATURA_TOOLS = ("trafilatura", "htmldate", "courlan", "jusText", "lxml", "charset-normalizer")


class Unavailable(Exception):
    """A system that cannot run here (a tool that does not install, a library that does not import)."""


# ---------------------------------------------------------------------------
# Systems: each maker takes the set's name and returns an extractor. A maker holds its whole recipe (its
# source keys the cache), so a change to it invalidates the cached outputs.
# ---------------------------------------------------------------------------

def make_uncleaned(set_name: str) -> Extractor:
    """The input as is."""
    return lambda page_id, text: text


def make_justext_text(set_name: str) -> Extractor:
    """jusText on plain text: each non-empty line becomes one <p>, since the text has no markup."""
    import justext

    stoplist = justext.get_stoplist("English")

    def extract(page_id: str, text: str) -> str:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if not lines:
            return ""  # lxml refuses an empty document
        body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)
        document = f"<html><head><meta charset=\"utf-8\"></head><body>\n{body}\n</body></html>"
        paragraphs = justext.justext(document, stoplist)
        return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return extract


def _cleaner_configs(set_name: str) -> Callable[[str], Any]:
    """page id -> Config: the models that never saw the page: the block model (``clean_html``) and the
    text classifier of the fold of the page's site (``benchmarks/train_blocks.py`` and ``train_lines.py``
    fit one per fold)."""
    try:
        import cleaner
    except Exception as exc:  # noqa: BLE001 -- a half-written library may fail in any way
        raise Unavailable(f"`import cleaner` failed ({type(exc).__name__}: {exc})") from exc
    ids = benchsets.load_ids(set_name)
    cache = OutputCache(enabled=True)
    sites = cache.load_sites() if set_name == "wcxb" else {}
    facts = benchsets.page_facts(set_name, ids, sites)
    if set_name == "wcxb":
        cache.save_sites(sites)
    configs: dict[int, Any] = {}

    def config_of(page_id: str) -> Any:
        fold = benchsets.block_fold(facts[page_id]["site"]) if page_id in facts else -1
        if fold not in configs:
            fields: dict[str, Any] = {}
            for field, stem in (("block_model", "block"), ("content_model", "line")):
                path = benchsets.BLOCK_MODELS / f"{stem}-fold-{fold}.json"
                if fold >= 0 and path.exists():
                    fields[field] = str(path)
            configs[fold] = cleaner.Config(**fields)
            _load_models(configs[fold])
        return configs[fold]

    for page_id in ids:  # every fold's models now, not inside a timed pass on the fold's first page
        config_of(page_id)
    return config_of


def _load_models(config: Any) -> None:
    """Load (and cache) the block model and the text classifier a configuration names: a model file is
    read and laid out once per process, on first use, which would otherwise be billed to a timed page."""
    from cleaner.html.model import load_block_model
    from cleaner.passes.content import load_line_model

    load_block_model(config.block_model)
    load_line_model(config.content_model)


def make_cleaner_text(set_name: str) -> Extractor:
    """cleaner.clean(text).text (cross-validated on zyte)."""
    import cleaner

    config_of = _cleaner_configs(set_name)
    return lambda page_id, text: str(cleaner.clean(text, config=config_of(page_id)).text)


def make_cleaner_html(set_name: str) -> Extractor:
    """cleaner.clean_html(page): its text, title, date and the author it puts in ``extra``."""
    import cleaner

    config_of = _cleaner_configs(set_name)
    # Load the language identifier now: the warm-up page declares its language, so clean_html would
    # otherwise load the model (about a second) inside the timed pass, on the first page that needs it.
    cleaner.clean("Der Bürgermeister sagte am Montag, dass die Brücke über den Fluss fertig sei.")

    def extract(page_id: str, page: str) -> Prediction:
        article = cleaner.clean_html(page, config=config_of(page_id))
        return {"text": str(article.text), "title": article.title, "date": article.date,
                "author": dict(article.extra).get("author")}

    return extract


def make_trafilatura(set_name: str) -> Extractor:
    """trafilatura's default extraction, with the settings the benchmark README quotes."""
    import trafilatura

    return lambda page_id, page: trafilatura.extract(page, include_comments=False, include_tables=True) or ""


def make_trafilatura_precision(set_name: str) -> Extractor:
    """trafilatura, favor_precision."""
    import trafilatura

    return lambda page_id, page: trafilatura.extract(page, include_comments=False, include_tables=True,
                                                     favor_precision=True) or ""


def make_trafilatura_recall(set_name: str) -> Extractor:
    """trafilatura's recall-oriented mode (the one that renders text/recall, and clean_html builds on)."""
    import trafilatura

    return lambda page_id, page: trafilatura.extract(page, include_comments=False, include_tables=True,
                                                     favor_recall=True) or ""


def make_trafilatura_metadata(set_name: str) -> Extractor:
    """trafilatura's ``bare_extraction`` with metadata: title, date, author (its text is not scored)."""
    import trafilatura

    def extract(page_id: str, page: str) -> Prediction:
        document = trafilatura.bare_extraction(page, include_comments=False, include_tables=True,
                                               with_metadata=True)
        if document is None:
            return {"text": "", "title": None, "date": None, "author": None}
        return {"text": document.text or "", "title": document.title, "date": document.date,
                "author": document.author}

    return extract


def make_justext_html(set_name: str) -> Extractor:
    """jusText on the page, English stop list (its usual setting in extraction benchmarks)."""
    import justext

    stoplist = justext.get_stoplist("English")

    def extract(page_id: str, page: str) -> str:
        paragraphs = justext.justext(page.encode("utf-8"), stoplist, encoding="utf-8")
        return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return extract


def make_readability(set_name: str) -> Extractor:
    """readability-lxml's summary, as text with a line break after each block (so that words of two
    paragraphs are never glued into one token)."""
    import lxml.html
    from readability import Document

    block_tags = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "tr", "blockquote", "pre", "br",
                  "section", "article", "figcaption", "dd", "dt", "table", "ul", "ol")

    def extract(page_id: str, page: str) -> str:
        summary = Document(page).summary(html_partial=True)
        if not summary.strip():
            return ""
        tree = lxml.html.fromstring(summary)
        for element in tree.iter(*block_tags):
            element.tail = "\n" + (element.tail or "")
        return str(tree.text_content())

    return extract


def make_resiliparse(set_name: str) -> Extractor:
    """Resiliparse's main-content extraction (``extract_plain_text(main_content=True)``)."""
    from resiliparse.extract.html2text import extract_plain_text

    return lambda page_id, page: str(extract_plain_text(page, main_content=True))


@dataclass(frozen=True)
class System:
    """One row of a set's table: a system on one input."""

    label: str
    input: str  # "text/recall", "text/full" or "HTML"
    group: str  # the --only name that selects it ("html" also selects every HTML system)
    make: Callable[[str], Extractor]
    tools: tuple[str, ...] = ()  # distributions whose versions key the cache; () = never cached
    sets: tuple[str, ...] = SET_NAMES
    scored: bool = True  # False: metadata only (never timed: it would only slow the timed systems down)
    metadata: bool = False  # its predictions carry title, date and author

    @property
    def key(self) -> str:
        return f"{self.label} @ {self.input}"

    @property
    def cached(self) -> bool:
        return bool(self.tools)

    @property
    def timed(self) -> bool:
        return self.make is not make_uncleaned

    @property
    def slug(self) -> str:
        """A file-name form of the key, for --dump and the cache: 'trafilatura-favor_precision_HTML'."""
        return re.sub(r"[^\w.]+", "-", self.label).strip("-") + "_" + self.input.replace("/", "-")


ZYTE = ("zyte",)
SYSTEMS: tuple[System, ...] = (
    *(System("uncleaned", name, "uncleaned", make_uncleaned) for name in RENDERINGS),
    *(System("justext", name, "justext", make_justext_text, ("jusText", "lxml"), ZYTE) for name in RENDERINGS),
    *(System("cleaner", name, "cleaner", make_cleaner_text) for name in RENDERINGS),
    System("cleaner", "HTML", "html", make_cleaner_html, metadata=True),
    System("trafilatura", "HTML", "trafilatura", make_trafilatura, TRAFILATURA_TOOLS),
    System("trafilatura favor_precision", "HTML", "trafilatura", make_trafilatura_precision, TRAFILATURA_TOOLS),
    System("trafilatura favor_recall", "HTML", "trafilatura", make_trafilatura_recall, TRAFILATURA_TOOLS),
    System("justext", "HTML", "html", make_justext_html, ("jusText", "lxml"), ZYTE),
    System("readability-lxml", "HTML", "html", make_readability, ("readability-lxml", "lxml"), ZYTE),
    System("resiliparse", "HTML", "html", make_resiliparse, ("resiliparse",), ZYTE),
    System("trafilatura bare_extraction", "HTML", "trafilatura", make_trafilatura_metadata, TRAFILATURA_TOOLS,
           ("wcxb",), scored=False, metadata=True),
)
SYSTEM_BY_KEY = {system.key: system for system in SYSTEMS}


def selected(system: System, only: set[str]) -> bool:
    return system.group in only or (system.input == "HTML" and "html" in only)


def as_prediction(value: str | Prediction) -> Prediction:
    return {"text": value} if isinstance(value, str) else value


# ---------------------------------------------------------------------------
# The cache of the reference systems' outputs
# ---------------------------------------------------------------------------

class OutputCache:
    """benchmarks/.cache/<set>/<system>/<recipe>.json: content hash -> prediction.

    The recipe is a hash of the tools' versions and the maker's source: a new trafilatura, or an edit to
    how a system is called, starts a new file instead of serving stale outputs.
    """

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def path(self, set_name: str, system: System) -> Path:
        versions = ",".join(f"{dist}={tool_version(dist)}" for dist in system.tools)
        recipe = hashlib.sha1((versions + "\n" + inspect.getsource(system.make)).encode("utf-8")).hexdigest()
        return CACHE / set_name / system.slug / f"{recipe[:16]}.json"

    def load(self, set_name: str, system: System) -> dict[str, Prediction]:
        path = self.path(set_name, system)
        if not (self.enabled and system.cached and path.exists()):
            return {}
        return dict(json.loads(path.read_text(encoding="utf-8")))

    def save(self, set_name: str, system: System, entries: dict[str, Prediction]) -> None:
        if not (self.enabled and system.cached) or not entries:
            return
        path = self.path(set_name, system)
        path.parent.mkdir(parents=True, exist_ok=True)
        stored = self.load(set_name, system)
        stored.update(entries)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
        temporary.replace(path)

    def load_sites(self) -> dict[str, str]:
        path = CACHE / "wcxb" / "sites.json"
        return dict(json.loads(path.read_text(encoding="utf-8"))) if self.enabled and path.exists() else {}

    def save_sites(self, sites: dict[str, str]) -> None:
        if self.enabled:  # written aside and renamed: a process reading it meanwhile sees the old file or the new
            path = CACHE / "wcxb" / "sites.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps(sites), encoding="utf-8")
            temporary.replace(path)


# ---------------------------------------------------------------------------
# Running: a timed single pass, or untimed (cache, then this process or a pool)
# ---------------------------------------------------------------------------

@dataclass
class Run:
    """What one system produced on one set."""

    system: System
    set_name: str
    predictions: dict[str, Prediction] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # id -> exception text
    seconds: float = 0.0  # 0 when not timed
    note: str = ""  # why it did not run


def make_extractor(system: System, set_name: str) -> Extractor:
    """The system's extractor, or Unavailable with a note that says why."""
    try:
        return system.make(set_name)
    except ImportError as exc:
        raise Unavailable(f"not installed ({exc.name})") from exc


def call(extract: Extractor, page_id: str, value: str) -> tuple[Prediction, str]:
    """One page: the prediction, or an empty one and the exception's text (a bug on one page must not
    hide the figures of the others)."""
    try:
        return as_prediction(extract(page_id, value)), ""
    except Exception as exc:  # noqa: BLE001
        return {"text": ""}, f"{type(exc).__name__}: {exc}"


def run_timed_text(run: Run, extract: Extractor, inputs: dict[str, str]) -> None:
    """A text system over every page in one timed pass, after one warm-up call."""
    if inputs:
        call(extract, *next(iter(inputs.items())))  # warm-up: stop lists, vocabularies, regex caches
    start = time.perf_counter()
    for page_id, value in inputs.items():
        run.predictions[page_id], error = call(extract, page_id, value)
        if error:
            run.errors[page_id] = error
    run.seconds = time.perf_counter() - start


def interleaved_pass(systems: dict[str, Extractor], pages: dict[str, str],
                     record: Callable[[str, str, Prediction, str], None] | None = None) -> dict[str, float]:
    """One timed pass of every system over ``pages``: seconds per system.

    The pages go by blocks of ``HTML_BLOCK_PAGES``, every system reading the whole block in turn, in an
    order rotated from block to block. Within a block a system runs warm, as it does in a batch; across
    blocks a shared machine's load, which drifts over a run, weighs on all systems alike, so the pages/s
    compare within the run. (Timing page by page instead bills each system for the caches the previous one
    left cold, and favours trafilatura, whose code clean_html itself has just run.) ``record`` gets each
    system's prediction or error for each page.
    """
    ids = list(pages)
    names = list(systems)
    seconds = dict.fromkeys(names, 0.0)
    for number, first in enumerate(range(0, len(ids), HTML_BLOCK_PAGES)):
        shift = number % len(names) if names else 0
        for name in names[shift:] + names[:shift]:
            began = time.perf_counter()
            for page_id in ids[first : first + HTML_BLOCK_PAGES]:
                prediction, error = call(systems[name], page_id, pages[page_id])
                if record is not None:
                    record(name, page_id, prediction, error)
            seconds[name] += time.perf_counter() - began
    return seconds


def warm_up(systems: dict[str, Extractor], pages: dict[str, str]) -> None:
    """One call of each system on the first page: models, stop lists, lazy imports."""
    first = next(iter(pages), None)
    for extract in systems.values():
        if first is not None:
            call(extract, first, pages[first])


def run_timed_html(runs: list[tuple[Run, Extractor]], pages: dict[str, str]) -> None:
    """Every HTML extractor on the same pages, after one warm-up call each, timed by
    :func:`interleaved_pass`."""
    systems = {str(index): extract for index, (_run, extract) in enumerate(runs)}
    warm_up(systems, pages)

    def record(name: str, page_id: str, prediction: Prediction, error: str) -> None:
        run = runs[int(name)][0]
        run.predictions[page_id] = prediction
        if error:
            run.errors[page_id] = error

    for name, seconds in interleaved_pass(systems, pages, record).items():
        runs[int(name)][0].seconds += seconds


_WORKER_EXTRACTORS: dict[tuple[str, str], Extractor] = {}


def _work(task: tuple[str, str, list[tuple[str, str]]]) -> tuple[str, str, dict[str, tuple[Prediction, str]]]:
    """A --jobs task: one system on a chunk of pages of one set (extractors are made once per process)."""
    set_name, key, items = task
    if (set_name, key) not in _WORKER_EXTRACTORS:
        _WORKER_EXTRACTORS[set_name, key] = make_extractor(SYSTEM_BY_KEY[key], set_name)
    extract = _WORKER_EXTRACTORS[set_name, key]
    return set_name, key, {page_id: call(extract, page_id, value) for page_id, value in items}


class Runner:
    """Produces every requested Run of a set: timed, or untimed through the cache and N processes."""

    def __init__(self, jobs: int, cache: OutputCache) -> None:
        self.jobs = jobs
        self.cache = cache
        self._pool: Any = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()

    def pool(self) -> Any:
        if self._pool is None:
            self._pool = multiprocessing.get_context("fork").Pool(self.jobs)
        return self._pool

    def runs(self, set_name: str, systems: list[System], inputs: dict[str, dict[str, str]],
             timed: bool) -> list[Run]:
        """One Run per system (in the order given); inputs: input name -> id -> text or page.

        Timed: every scored system runs here, in one process, and refreshes the cache. Untimed: outputs
        come from the cache where it has them; the rest (the cleaner rows always) run in this process or
        in the pool.
        """
        runs = {system.key: Run(system, set_name) for system in systems}
        extractors: dict[str, Extractor] = {}
        for system in systems:
            try:
                extractors[system.key] = make_extractor(system, set_name)
            except Unavailable as exc:
                runs[system.key].note = str(exc)
            else:  # forked workers inherit it, loaded
                _WORKER_EXTRACTORS[set_name, system.key] = extractors[system.key]
        live = [system for system in systems if system.key in extractors]
        if timed:
            for system in live:
                if system.input != "HTML" and system.scored:
                    if system.timed:
                        run_timed_text(runs[system.key], extractors[system.key], inputs[system.input])
                    else:
                        runs[system.key].predictions = {i: {"text": t} for i, t in inputs[system.input].items()}
            html_runs = [(runs[system.key], extractors[system.key]) for system in live
                         if system.input == "HTML" and system.scored]
            if html_runs:
                run_timed_html(html_runs, inputs["HTML"])
            for system in live:
                if system.cached and system.scored:
                    self.cache.save(set_name, system, {benchsets.content_hash(inputs[system.input][i]): p
                                                       for i, p in runs[system.key].predictions.items()
                                                       if i not in runs[system.key].errors})
            live = [system for system in live if not system.scored]
        todo: dict[str, list[str]] = {}
        for system in live:
            run, values = runs[system.key], inputs[system.input]
            stored = self.cache.load(set_name, system)
            for page_id, value in values.items():
                hit = stored.get(benchsets.content_hash(value)) if system.cached else None
                if hit is not None:
                    run.predictions[page_id] = hit
                elif not system.timed:
                    run.predictions[page_id] = {"text": value}
                else:
                    todo.setdefault(system.key, []).append(page_id)
        self._compute(set_name, todo, runs, extractors, inputs)
        for key in todo:
            system = runs[key].system
            self.cache.save(set_name, system, {benchsets.content_hash(inputs[system.input][i]):
                                               runs[key].predictions[i]
                                               for i in todo[key] if i not in runs[key].errors})
        for run in runs.values():  # the pages in the set's order, whichever way they were computed
            run.predictions = {i: run.predictions[i] for i in inputs[run.system.input] if i in run.predictions}
        return list(runs.values())

    def _compute(self, set_name: str, todo: dict[str, list[str]], runs: dict[str, Run],
                 extractors: dict[str, Extractor], inputs: dict[str, dict[str, str]]) -> None:
        if self.jobs == 1:
            for key, ids in todo.items():
                values = inputs[runs[key].system.input]
                for page_id in ids:
                    runs[key].predictions[page_id], error = call(extractors[key], page_id, values[page_id])
                    if error:
                        runs[key].errors[page_id] = error
            return
        tasks = []
        for key, ids in todo.items():
            values = inputs[runs[key].system.input]
            for start in range(0, len(ids), JOB_CHUNK_PAGES):
                tasks.append((set_name, key, [(i, values[i]) for i in ids[start : start + JOB_CHUNK_PAGES]]))
        tasks.sort(key=lambda task: -sum(len(value) for _i, value in task[2]))  # the longest first
        for _set, key, results in self.pool().imap_unordered(_work, tasks):
            for page_id, (prediction, error) in results.items():
                runs[key].predictions[page_id] = prediction
                if error:
                    runs[key].errors[page_id] = error


def findall_extractor(page_id: str, text: str) -> str:
    """One \\w+ scan: reads every character once, so it bounds any text cleaner's speed."""
    TOKEN_RE.findall(text)
    return ""


def make_every_pass_off(set_name: str) -> Extractor:
    """cleaner.clean with every rule and pass switched off: normalisation, lines, language, the Article.

    What the pipeline costs before it cleans anything: the speed no set of passes can beat without a
    faster skeleton (ftfy, py3langid on a 600-character sample, the draft and the Article).
    """
    try:
        import cleaner
        from cleaner.rules import PASS_NAMES
    except Exception as exc:  # noqa: BLE001 -- the cleaner rows have said why
        raise Unavailable(str(exc)) from exc
    off = cleaner.Config(disabled_rules=PASS_NAMES)
    return lambda page_id, text: str(cleaner.clean(text, config=off).text)


# ---------------------------------------------------------------------------
# Rows: a Run scored over all pages, the check part and the breakdown groups
# ---------------------------------------------------------------------------

def score_run(run: Run, inputs: dict[str, str], facts: dict[str, dict[str, str]], rounds: int,
              timed: bool) -> Row:
    """Score a Run with the set's scorer, over all pages, the check part and each breakdown group."""
    set_name = run.set_name
    row = Row(set_name, run.system.label, run.system.input, pages=len(inputs), errors=run.errors,
              note=run.note, input_bytes=sum(len(v.encode("utf-8")) for v in inputs.values()),
              speed_unit=("" if not (timed and run.system.timed) else
                          "pages/s" if run.system.input == "HTML" else "MB/s"),
              seconds=run.seconds)
    if run.note or not run.system.scored:
        return row
    ids = list(inputs)
    texts = {i: str(run.predictions.get(i, {}).get("text") or "") for i in ids}
    row.figures, row.per_doc = benchsets.score_pages(set_name, texts, ids, rounds)
    check_ids = [i for i in ids if facts[i]["part"] == "check"]
    row.check = benchsets.aggregate(set_name, row.per_doc, check_ids, rounds)
    field_name = SETS[set_name].breakdown
    if field_name:
        for group in sorted({facts[i][field_name] for i in ids}):
            members = [i for i in ids if facts[i][field_name] == group]
            row.groups[group] = benchsets.aggregate(set_name, row.per_doc, members)
            row.check_groups[group] = benchsets.aggregate(set_name, row.per_doc,
                                                          [i for i in members if i in check_ids])
    return row


def speed_rows(set_name: str, texts: dict[str, dict[str, str]]) -> list[Row]:
    """The \\w+ scan and cleaner with every pass off on the text renderings: speed only."""
    makers: list[tuple[str, Callable[[str], Extractor]]] = [
        ("re.findall(\\w+)", lambda name: findall_extractor), ("cleaner, every pass off", make_every_pass_off)]
    rows = []
    for label, make in makers:
        try:
            extract = make(set_name)
        except Unavailable:
            continue
        for name in RENDERINGS:
            run = Run(System(label, name, "findall", make), set_name)
            run_timed_text(run, extract, texts[name])
            rows.append(Row(set_name, label, name, seconds=run.seconds, pages=len(texts[name]), errors=run.errors,
                            input_bytes=sum(len(v.encode("utf-8")) for v in texts[name].values())))
    return rows


def measure_set(set_name: str, only: set[str], quick: bool, rounds: int, timed: bool, runner: Runner) -> SetResult:
    """Every requested row of one set."""
    ids = benchsets.load_ids(set_name, quick)
    sites = runner.cache.load_sites() if set_name == "wcxb" else {}
    facts = benchsets.page_facts(set_name, ids, sites)
    if set_name == "wcxb":
        runner.cache.save_sites(sites)
    systems = [s for s in SYSTEMS if set_name in s.sets and selected(s, only)]
    needed = {s.input for s in systems} | (set(RENDERINGS) if timed and "findall" in only else set())
    inputs = {name: {i: benchsets.load_input(set_name, name, i) for i in ids} for name in sorted(needed)}
    runs = runner.runs(set_name, systems, inputs, timed)
    rows = [score_run(run, inputs[run.system.input], facts, rounds, timed) for run in runs]
    if timed and "findall" in only:
        rows += speed_rows(set_name, inputs)
    order = {key: n for n, key in enumerate(s.key for s in SYSTEMS)}
    # the old table's order: each rendering's rows, the speed-only rows, then the HTML task
    rows.sort(key=lambda row: (row.input == "HTML", f"{row.system} @ {row.input}" not in order,
                               RENDERINGS.index(row.input) if row.input in RENDERINGS else 0,
                               order.get(f"{row.system} @ {row.input}", len(order))))
    result = SetResult(set_name, ids, facts, rows, {run.system.key: run for run in runs})
    if set_name == "wcxb":
        check_ids = [i for i in ids if facts[i]["part"] == "check"]
        for run in runs:
            if run.system.metadata and not run.note:
                result.metadata[run.system.label] = {
                    "all": benchsets.metadata_accuracy(run.predictions, ids),
                    "check": benchsets.metadata_accuracy(run.predictions, check_ids),
                    "pages": benchsets.metadata_per_page(run.predictions, ids)}
    return result


def dump_predictions(results: list[SetResult], folder: Path) -> None:
    """DIR/<set>/<system>/<id>.txt for every system that ran (metadata systems: their text)."""
    for result in results:
        for run in result.runs.values():
            if run.note:
                continue
            target = folder / result.name / run.system.slug
            target.mkdir(parents=True, exist_ok=True)
            for page_id, prediction in run.predictions.items():
                (target / f"{page_id}.txt").write_text(str(prediction.get("text") or ""), encoding="utf-8")


# ---------------------------------------------------------------------------
# Floors
# ---------------------------------------------------------------------------

def read_floors() -> dict[str, dict[str, float]]:
    """set -> input -> minimum cleaner figure (a missing file means no floors yet)."""
    if not FLOORS.exists():
        return {}
    data = json.loads(FLOORS.read_text(encoding="utf-8"))
    return {set_name: {name: float(value) for name, value in inputs.items()}
            for set_name, inputs in data.get("cleaner", {}).items()}


def write_floors(results: list[SetResult]) -> None:
    """Pin the measured cleaner figures (minus the margin); sets and rows not measured keep their floors."""
    floors = read_floors()
    for result in results:
        for row in result.rows:
            if row.system == "cleaner" and row.figures is not None:
                floors.setdefault(result.name, {})[row.input] = round(max(0.0, row.figures["f1"] - FLOOR_MARGIN), 4)
    note = ("minimum figure (F1; snippet F for multilingual) per set and cleaner row, over all pages of the set; "
            "checked by benchmarks/quality.py")
    payload = {"_note": note,
               "cleaner": {name: dict(sorted(floors[name].items())) for name in SET_NAMES if name in floors}}
    FLOORS.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"floors written to {FLOORS.relative_to(ROOT)}: {payload['cleaner']}")


def floor_failures(results: list[SetResult], floors: dict[str, dict[str, float]]) -> list[str]:
    """One message per cleaner row whose figure is below its pinned floor."""
    failures = []
    for result in results:
        for row in result.rows:
            floor = floors.get(result.name, {}).get(row.input)
            if row.system != "cleaner" or row.figures is None or floor is None:
                continue
            if row.figures["f1"] < floor:
                failures.append(f"cleaner on {result.name} {row.input}: {row.figures['f1']:.4f} < floor {floor:.4f}")
    return failures


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Options; partial runs (--only, --set, --quick, --no-speed) write results only where --json says."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--only", action="append", choices=GROUPS, metavar="SYSTEM",
                        help=f"run only this group of rows (repeatable; one of {', '.join(GROUPS)}; html = "
                             "every HTML system, clean_html among them); results files are not written")
    parser.add_argument("--set", action="append", choices=SET_NAMES, dest="sets",
                        help="run only this set (repeatable; default: all three)")
    parser.add_argument("--quick", action="store_true",
                        help=f"first {QUICK_PAGES} pages of each set, no bootstrap; results and floors untouched")
    parser.add_argument("--jobs", type=int, default=1,
                        help="processes for the quality figures; more than 1 measures no speed")
    parser.add_argument("--no-speed", action="store_true",
                        help="time nothing: reference systems come from the cache, only the cleaner runs")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write benchmarks/.cache")
    parser.add_argument("--rounds", type=int, default=1000, help="bootstrap rounds for the ± figures")
    parser.add_argument("--dump", type=Path, metavar="DIR",
                        help="write every system's predictions to DIR/<set>/<system>/<id>.txt")
    parser.add_argument("--json", type=Path, metavar="FILE",
                        help="write this run's quality.json to FILE (to diff two partial runs)")
    parser.add_argument("--no-floors", action="store_true", help="do not fail on cleaner figures below floors.json")
    parser.add_argument("--update-floors", action="store_true",
                        help=f"write the measured cleaner figures minus {FLOOR_MARGIN} to floors.json")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    if args.update_floors and (args.quick or (args.only and not {"cleaner", "html"} & set(args.only))):
        parser.error("--update-floors needs cleaner rows measured on whole sets (no --quick)")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run, print, write results on a full run, then enforce or update the floors."""
    began = time.perf_counter()
    args = parse_args(argv)
    only = set(args.only or GROUPS)
    speed = not args.no_speed and args.jobs == 1
    if args.jobs > 1 and not args.no_speed:
        print(f"note: --jobs {args.jobs}: speeds are measured only in single-process runs; none this time",
              file=sys.stderr)
    runner = Runner(args.jobs, OutputCache(enabled=not args.no_cache))
    try:
        results = [measure_set(name, only, args.quick, 0 if args.quick else args.rounds, speed and SETS[name].timed,
                               runner) for name in (args.sets or SET_NAMES)]
    finally:
        runner.close()
    table = report(results)
    print(table)
    for result in results:
        for row in result.rows:
            if row.errors:
                print(f"note: {row.system} on {result.name} {row.input} raised on {len(row.errors)} page(s), "
                      f"scored as empty; first: {next(iter(row.errors.items()))}", file=sys.stderr)
            if row.note:
                print(f"note: {row.system} on {result.name} {row.input}: {row.note}", file=sys.stderr)
    seconds = time.perf_counter() - began
    command = " ".join(["python benchmarks/quality.py", *(sys.argv[1:] if argv is None else argv)])
    payload = results_json(results, table, command, seconds)
    full = not (args.quick or args.only or args.sets or args.no_speed or args.jobs > 1)
    if full:
        write_results(payload, table, RESULTS / "quality.json", RESULTS / "quality.md")
        print(f"\nwritten: {(RESULTS / 'quality.md').relative_to(ROOT)}, "
              f"{(RESULTS / 'quality.json').relative_to(ROOT)}")
    if args.json is not None:
        write_results(payload, table, args.json, None)
    if args.dump is not None:
        dump_predictions(results, args.dump)
    print(f"\n{seconds:.0f} s", file=sys.stderr)
    measured = [r for r in results if any(row.system == "cleaner" and row.figures for row in r.rows)]
    if args.quick or not measured:
        if args.update_floors:
            print("error: no cleaner figures, floors not updated", file=sys.stderr)
            return 2
        return 0
    if args.update_floors:
        write_floors(measured)
        return 0
    failures = [] if args.no_floors else floor_failures(measured, read_floors())
    for message in failures:
        print(f"FLOOR: {message}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
