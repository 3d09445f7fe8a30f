#!/usr/bin/env python3
"""Where the text path's time goes: the share of ``clean()``'s time per pass and per skeleton part.

Run from the repository root::

    python benchmarks/pass_times.py               # writes results/pass_times.md and .json (or `make bench-passes`)
    python benchmarks/pass_times.py --set zyte --no-html   # one set, the text path only; writes nothing

Every text rendering (``text/recall``, ``text/full``) of the sets of ``corpus/bench`` is cleaned once (after
one warm-up page) with the configuration of the quality table's ``cleaner`` rows. The benchmark wraps the
pipeline's functions in timers, without changing the library: each step of ``pipeline.TEXT_PLAN``
(a pass that runs several times is one row), and the skeleton around them:

* normalisation (``normalize``), the limits check, the HTML test of ``clean``;
* line splitting (``Draft.from_normalized`` and ``split_lines``);
* language identification (``detect_language``);
* audit merge (``Draft.with_removals``: the removals merged, the fragments cut again);
* phrase index (``passes._index.build_index``: the one scan of the searched word lists, built for the first
  pass that asks and billed here, not to that pass);
* article building (``build_article``, headings included), the pass loop's own work (``run_passes``,
  ``read_back``), and the rest of ``clean``.

Each row is *self time*: a pass that runs the pipeline again (the dateline check does, on the rest of the
lede's line) is billed only for its own work, the passes it ran for theirs. A pass is a generator: its
wrapper consumes it and returns an iterator over what it yielded, as ``with_removals`` would have. The
outputs are checked against an unwrapped ``clean`` on every page: the table is of the same work.

Ratios (zyte and wcxb, both renderings): the cleaner and the cleaner with every pass off against jusText on
the text (``quality.py``'s ``justext`` rows), MB/s of each, warm, best of three passes, the systems interleaved
by blocks of ``quality.HTML_BLOCK_PAGES`` pages in an order rotated from block to block: on a shared machine
one of ``quality.py``'s single timed passes moves by tens of per cent, interleaving and the best pass much less.

HTML: ``clean_html`` against trafilatura's default extraction, pages/s on the zyte and wcxb pages, the same
way (warm, best of three passes, blocks interleaved, as ``html_speed.py`` does).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import platform
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchsets  # noqa: E402 -- sibling module: the sets and their pages
import quality  # noqa: E402 -- the cleaner's configurations and the HTML extractors, as the quality table has them

RESULTS = benchsets.ROOT / "benchmarks" / "results"
RENDERINGS = quality.RENDERINGS
HTML_SETS = ("zyte", "wcxb")
HTML_PASSES = 3
PARTS = ("passes", "ratios", "html")


class Clock:
    """Self time per label: a timed call's time, minus that of the timed calls it made."""

    def __init__(self) -> None:
        self.seconds: Counter[str] = Counter()
        self.calls: Counter[str] = Counter()
        self._children: list[float] = []  # per open call: the time of the timed calls made inside it

    def wrap(self, label: str, function: Callable[..., Any], generator: bool = False) -> Callable[..., Any]:
        """``function`` timed under ``label``; a generator's yield is consumed inside the timer."""

        def timed(*args: Any, **kwargs: Any) -> Any:
            self._children.append(0.0)
            start = time.perf_counter()
            try:
                result = function(*args, **kwargs)
                if generator:
                    result = iter(list(result))
            finally:
                elapsed = time.perf_counter() - start
                self.seconds[label] += elapsed - self._children.pop()
                self.calls[label] += 1
                if self._children:
                    self._children[-1] += elapsed
            return result

        timed.__wrapped__ = function  # type: ignore[attr-defined]
        return timed


#: Skeleton parts: (module attribute or class attribute to wrap, row label).
SKELETON = (
    ("pipeline.looks_like_html", "skeleton: HTML test"),
    ("pipeline.normalize", "skeleton: normalisation"),
    ("pipeline.check_limits", "skeleton: limits check"),
    ("pipeline.detect_language", "skeleton: language identification"),
    ("blocks.split_lines", "skeleton: line splitting"),
    ("Draft.from_normalized", "skeleton: line splitting"),
    ("Draft.with_removals", "skeleton: audit merge"),
    ("_index.build_index", "skeleton: phrase index"),
    ("pipeline.run_passes", "skeleton: pass loop"),
    ("pipeline.read_back", "skeleton: pass loop"),
    ("pipeline.build_article", "skeleton: article building"),
)
OTHER = "skeleton: rest of clean()"


def instrument(clock: Clock) -> Callable[[], None]:
    """Wrap the passes and the skeleton in ``clock``'s timers; returns the function that undoes it."""
    from cleaner import blocks, pipeline
    from cleaner.blocks import Draft
    from cleaner.passes import _index

    undo: list[Callable[[], None]] = []

    def patch(owner: Any, name: str, value: Any) -> None:
        old = owner.__dict__[name]
        setattr(owner, name, value)
        undo.append(lambda: setattr(owner, name, old))

    # One wrapper per pass function, in every step of the text plan that runs it (``clean`` reads
    # ``pipeline.TEXT_PLAN`` when it runs; a dateline's check runs the plan it is given, this one).
    wrappers = {}
    for step in pipeline.TEXT_PLAN.steps:
        if step.find not in wrappers:
            wrappers[step.find] = clock.wrap(step.name, step.find, generator=True)

    def wrapped(step: Any) -> Any:
        return dataclasses.replace(step, find=wrappers[step.find])

    plan = pipeline.TEXT_PLAN
    patch(pipeline, "TEXT_PLAN", pipeline.Plan(tuple(map(wrapped, plan.main)), tuple(map(wrapped, plan.top))))
    owners = {"pipeline": pipeline, "blocks": blocks, "Draft": Draft, "_index": _index}
    for target, label in SKELETON:
        owner_name, name = target.split(".")
        owner = owners[owner_name]
        value = owner.__dict__[name]
        if isinstance(value, classmethod):
            patch(owner, name, classmethod(clock.wrap(label, value.__func__)))
        else:
            patch(owner, name, clock.wrap(label, value))

    def restore() -> None:
        for step in reversed(undo):
            step()

    return restore


def time_texts(set_name: str, rendering: str) -> dict[str, Any]:
    """Self seconds per part over every page of one rendering, and whether the outputs were unchanged."""
    import cleaner

    config_of = quality._cleaner_configs(set_name)
    ids = benchsets.load_ids(set_name)
    texts = {page_id: benchsets.load_text(set_name, rendering, page_id) for page_id in ids}
    expected = {}
    for page_id, text in texts.items():  # unwrapped: the outputs to compare, and a warm start
        expected[page_id] = _clean_text(cleaner.clean, text, config_of(page_id))
    clock = Clock()
    restore = instrument(clock)
    try:
        clean = clock.wrap(OTHER, cleaner.pipeline.clean)
        changed = []
        start = time.perf_counter()
        for page_id, text in texts.items():
            if _clean_text(clean, text, config_of(page_id)) != expected[page_id]:
                changed.append(page_id)
        seconds = time.perf_counter() - start
    finally:
        restore()
    return {"set": set_name, "input": rendering, "pages": len(texts),
            "input_bytes": sum(len(text.encode("utf-8")) for text in texts.values()), "seconds": seconds,
            "parts": dict(clock.seconds), "calls": dict(clock.calls), "changed_outputs": changed}


def _clean_text(clean: Callable[..., Any], text: str, config: Any) -> str:
    import cleaner

    try:
        return str(clean(text, config=config).text)
    except cleaner.CleanerError as exc:  # over a limit: the same error either way
        return f"{type(exc).__name__}: {exc}"


def interleaved_seconds(systems: dict[str, quality.Extractor],
                        inputs: dict[str, str]) -> tuple[list[dict[str, float]], Counter[str]]:
    """Seconds of each system over all inputs, per pass: after one untimed pass, blocks of pages
    interleaved, order rotated."""
    errors: Counter[str] = Counter()

    def record(name: str, _page_id: str, _prediction: Any, error: str) -> None:
        errors[name] += bool(error)

    # One untimed pass over every input first, not one input: a first pass over a set runs at about half
    # speed for every system (lazy imports, dateparser's locales, the libraries' caches of names and
    # patterns), and the best of the timed passes would otherwise pit one system's cold pass against the
    # other's warm one on a machine whose speed drifts.
    quality.interleaved_pass(systems, inputs)
    passes = [quality.interleaved_pass(systems, inputs, record) for _number in range(HTML_PASSES)]
    return passes, Counter({name: count // HTML_PASSES for name, count in errors.items()})


def time_ratios(set_name: str, rendering: str) -> dict[str, Any]:
    """MB/s of jusText, the cleaner and the cleaner with every pass off on one rendering; ratios to jusText."""
    ids = benchsets.load_ids(set_name)
    texts = {page_id: benchsets.load_text(set_name, rendering, page_id) for page_id in ids}
    megabytes = sum(len(text.encode("utf-8")) for text in texts.values()) / 1e6
    systems = {"justext": quality.make_justext_text(set_name), "cleaner": quality.make_cleaner_text(set_name),
               "every pass off": quality.make_every_pass_off(set_name)}
    passes, errors = interleaved_seconds(systems, texts)
    best = {name: max(megabytes / one[name] for one in passes) for name in systems}
    return {"set": set_name, "input": rendering, "pages": len(ids), "megabytes": megabytes,
            "passes_mb_per_s": [{name: megabytes / one[name] for name in systems} for one in passes],
            "best_mb_per_s": best, "ratios": {name: best[name] / best["justext"] for name in systems},
            "errors": dict(errors)}


def time_html(set_name: str) -> dict[str, Any]:
    """clean_html and trafilatura's pages/s on the set's pages: warm, best of ``HTML_PASSES`` passes."""
    ids = benchsets.load_ids(set_name)
    pages = {page_id: benchsets.load_page(set_name, page_id) for page_id in ids}
    systems = {"clean_html": quality.make_cleaner_html(set_name), "trafilatura": quality.make_trafilatura(set_name)}
    seconds, errors = interleaved_seconds(systems, pages)
    passes = [{name: len(ids) / one[name] for name in systems} for one in seconds]
    best = {name: max(one[name] for one in passes) for name in systems}
    return {"set": set_name, "pages": len(ids), "passes": passes, "best_pages_per_s": best,
            "ratio": best["clean_html"] / best["trafilatura"], "errors": dict(errors)}


def text_table(runs: list[dict[str, Any]]) -> str:
    """Parts as rows, each set and rendering a column of shares; the heaviest parts first."""
    totals: Counter[str] = Counter()
    for run in runs:
        for part, seconds in run["parts"].items():
            totals[part] += seconds / max(run["seconds"], 1e-9)
    columns = [f"{run['set']} {run['input']}" for run in runs]
    lines = ["| part | " + " | ".join(columns) + " |", "|---|" + "---:|" * len(columns)]
    for part, _share in totals.most_common():
        cells = [f"{100 * run['parts'].get(part, 0.0) / run['seconds']:.1f} %" for run in runs]
        lines.append(f"| {part} | " + " | ".join(cells) + " |")
    passes = [sum(s for p, s in run["parts"].items() if not p.startswith("skeleton:")) for run in runs]
    lines.append("| **all passes** | " + " | ".join(f"**{100 * s / run['seconds']:.1f} %**"
                                                    for s, run in zip(passes, runs, strict=True)) + " |")
    lines.append("| **skeleton** | " + " | ".join(f"**{100 * (1 - s / run['seconds']):.1f} %**"
                                                  for s, run in zip(passes, runs, strict=True)) + " |")
    lines.append("| seconds (pages) | " + " | ".join(f"{run['seconds']:.2f} ({run['pages']})" for run in runs) + " |")
    lines.append("| MB/s | " + " | ".join(f"{run['input_bytes'] / 1e6 / run['seconds']:.2f}" for run in runs) + " |")
    return "\n".join(lines)


def ratio_table(runs: list[dict[str, Any]]) -> str:
    lines = [("| set | input | jusText MB/s | cleaner MB/s | every pass off MB/s | cleaner / jusText | "
             "every pass off / jusText |"), "|---|---|---:|---:|---:|---:|---:|"]
    for run in runs:
        best, ratios = run["best_mb_per_s"], run["ratios"]
        lines.append(f"| {run['set']} | {run['input']} | {best['justext']:.2f} | {best['cleaner']:.2f} | "
                     f"{best['every pass off']:.2f} | {ratios['cleaner']:.2f}x | {ratios['every pass off']:.2f}x |")
    return "\n".join(lines)


def html_table(runs: list[dict[str, Any]]) -> str:
    lines = ["| set | pages | clean_html pages/s | trafilatura pages/s | ratio | passes (clean_html / trafilatura) |",
             "|---|---:|---:|---:|---:|---|"]
    for run in runs:
        best = run["best_pages_per_s"]
        each = ", ".join(f"{one['clean_html']:.1f} / {one['trafilatura']:.1f}" for one in run["passes"])
        lines.append(f"| {run['set']} | {run['pages']} | {best['clean_html']:.1f} | {best['trafilatura']:.1f} | "
                     f"{run['ratio']:.2f}x | {each} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--set", action="append", choices=benchsets.SET_NAMES, dest="sets",
                        help="only this set (repeatable; default: all three); results files are not written")
    parser.add_argument("--no-html", action="store_true", help="skip clean_html against trafilatura")
    parser.add_argument("--part", action="append", choices=PARTS, dest="parts",
                        help="only this part (repeatable; default: all); results files are not written")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    sets = args.sets or list(benchsets.SET_NAMES)
    parts = set(args.parts or PARTS) - ({"html"} if args.no_html else set())
    text_runs = ([time_texts(set_name, rendering) for set_name in sets for rendering in RENDERINGS]
                 if "passes" in parts else [])
    ratio_runs = ([time_ratios(set_name, rendering) for set_name in HTML_SETS if set_name in sets
                   for rendering in RENDERINGS] if "ratios" in parts else [])
    html_runs = [time_html(set_name) for set_name in HTML_SETS if set_name in sets] if "html" in parts else []
    command = " ".join(["python benchmarks/pass_times.py", *(sys.argv[1:] if argv is None else argv)])
    changed = {f"{run['set']} {run['input']}": run["changed_outputs"] for run in text_runs if run["changed_outputs"]}
    report = "\n\n".join([
        "# Where the text path's time goes",
        (f"`{command}` on {platform.python_implementation()} {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}."),
        *(["Share of `clean()`'s wall time per pass and per skeleton part (self time: a pass that runs the "
           "pipeline again is billed only for its own work); see the script's docstring for what each skeleton "
           "row covers. Outputs with the timers in place: "
           + ("identical to an unwrapped run on every page." if not changed else f"CHANGED on {changed}."),
           text_table(text_runs)] if text_runs else []),
        *(["## The text path against jusText on the text",
           (f"MB/s, warm, best of {HTML_PASSES} passes, blocks of {quality.HTML_BLOCK_PAGES} pages interleaved "
           "(cross-validated cleaner configuration on zyte, as in `quality.py`)."),
           ratio_table(ratio_runs)] if ratio_runs else []),
        *(["## clean_html against trafilatura (default extraction)",
           f"pages/s, warm, best of {HTML_PASSES} passes, blocks of {quality.HTML_BLOCK_PAGES} pages interleaved.",
           html_table(html_runs)] if html_runs else []),
    ]) + "\n"
    print(report)
    if not args.sets and not args.parts and not args.no_html:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "pass_times.md").write_text(report, encoding="utf-8")
        payload = {"command": command, "python": platform.python_version(), "text": text_runs,
                   "ratios": ratio_runs, "html": html_runs}
        (RESULTS / "pass_times.json").write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
        print(f"written: {RESULTS.relative_to(benchsets.ROOT)}/pass_times.md, pass_times.json")
    print(f"{time.perf_counter() - began:.0f} s", file=sys.stderr)
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
