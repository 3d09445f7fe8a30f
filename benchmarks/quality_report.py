"""The tables and the results file of ``quality.py``: what one run measured, as markdown and JSON."""
from __future__ import annotations

import collections
import datetime as dt
import json
import platform
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import benchsets
from benchsets import ROOT, SETS

WORST_N = 10


def tool_version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


@dataclass
class Row:
    """One line of a set's table: figures over all pages and the check sites, by group, and speed."""

    set_name: str
    system: str
    input: str
    figures: dict[str, Any] | None = None  # None for speed-only rows and systems that did not run
    check: dict[str, Any] | None = None
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)  # breakdown value -> figures
    check_groups: dict[str, dict[str, Any]] = field(default_factory=dict)
    per_doc: dict[str, dict[str, Any]] = field(default_factory=dict)
    seconds: float = 0.0
    input_bytes: int = 0
    pages: int = 0
    speed_unit: str = "MB/s"  # "MB/s" for text input, "pages/s" for HTML, "" when not timed
    errors: dict[str, str] = field(default_factory=dict)
    note: str = ""

    @property
    def label(self) -> str:
        return f"{self.system} ({self.note})" if self.note else self.system

    @property
    def speed(self) -> float | None:
        """MB/s or pages/s; None when nothing was timed."""
        if not self.speed_unit or self.seconds <= 0:
            return None
        if self.speed_unit == "pages/s":
            return self.pages / self.seconds
        return self.input_bytes / 1e6 / self.seconds


@dataclass
class SetResult:
    """Everything measured on one set."""

    name: str
    ids: list[str]
    facts: dict[str, dict[str, str]]
    rows: list[Row]
    runs: dict[str, Any]  # system key -> quality.Run (for --dump and the metadata)
    metadata: dict[str, dict[str, Any]] = field(default_factory=dict)  # system label -> {"all", "check"}


def _cell(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _speed_cell(row: Row) -> str:
    speed = row.speed
    return "–" if speed is None else f"{speed:.2f} {row.speed_unit}"


def set_table(result: SetResult) -> str:
    """The set's main table: P, R, F1 (± bootstrap) over all pages and over the check sites, speed."""
    check_pages = sum(f["part"] == "check" for f in result.facts.values())
    check_sites = len({f["site"] for f in result.facts.values() if f["part"] == "check"})
    lines = [f"### {result.name}: {SETS[result.name].what}",
             "",
             (f"{len(result.ids)} pages of {len({f['site'] for f in result.facts.values()})} sites; "
              f"check: {check_pages} pages of {check_sites} sites. Measure: {SETS[result.name].measure}."),
             "",
             "| system | input | precision | recall | F1 | check P | check R | check F1 | speed |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for row in result.rows:
        fig, check = row.figures or {}, row.check or {}
        f1 = _cell(fig.get("f1"))
        if fig.get("f1_std") is not None:
            f1 += f" ±{fig['f1_std']:.3f}"
        if row.figures is None and row.speed is None and not row.note:
            continue  # a metadata-only system: in the metadata table
        lines.append(f"| {row.label} | {row.input} | {_cell(fig.get('precision'))} | {_cell(fig.get('recall'))} "
                     f"| {f1} | {_cell(check.get('precision'))} | {_cell(check.get('recall'))} "
                     f"| {_cell(check.get('f1'))} | {_speed_cell(row)} |")
    return "\n".join(lines)


def breakdown_table(result: SetResult, check: bool) -> str:
    """F1 (snippet F) per page type or language, all pages or the check sites alone."""
    field_name = SETS[result.name].breakdown
    everywhere = collections.Counter(result.facts[i][field_name] for i in result.ids)
    counts = collections.Counter(result.facts[i][field_name] for i in result.ids
                                 if not check or result.facts[i]["part"] == "check")
    # the same columns in the same order in both tables: by pages over the whole set, 'other' last
    groups = sorted(everywhere, key=lambda g: (g == "other", -everywhere[g], g))
    what = "page type" if field_name == "page_type" else "language"
    lines = [f"{result.name} by {what}, {'check sites' if check else 'all pages'} (pages in brackets):", "",
             "| system | input | " + " | ".join(f"{g} ({counts[g]})" for g in groups) + " |",
             "|---|---|" + "---:|" * len(groups)]
    for row in result.rows:
        if row.figures is None:
            continue
        by_group = row.check_groups if check else row.groups
        cells = [_cell(by_group[g]["f1"]) if by_group.get(g, {}).get("documents") else "–" for g in groups]
        lines.append(f"| {row.label} | {row.input} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def metadata_table(result: SetResult) -> str:
    """Title, date and author accuracy (pages whose gold has a value), all pages and check sites."""
    if not result.metadata:
        return ""
    fields = list(benchsets.METADATA_FIELDS)
    lines = [("wcxb metadata: accuracy over the pages whose ground truth has the field (right / pages); "
              "the last columns count values given where the ground truth has none."), "",
             "| system | " + " | ".join(fields) + " | " + " | ".join(f"check {f}" for f in fields)
             + " | " + " | ".join(f"{f} where none" for f in ("date", "author")) + " |",
             "|---|" + "---:|" * (2 * len(fields) + 2)]
    for label, parts in result.metadata.items():
        cells = []
        for part in ("all", "check"):
            for name in fields:
                fig = parts[part][name]
                cells.append(f"{_cell(fig['accuracy'])} ({fig['right']}/{fig['gold_pages']})")
        for name in ("date", "author"):
            fig = parts["all"][name]
            cells.append(f"{fig['predicted_where_gold_none']}/{fig['gold_none_pages']}")
        lines.append(f"| {'cleaner clean_html' if label == 'cleaner' else label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def report(results: list[SetResult]) -> str:
    """Every table of the run, in markdown."""
    parts = []
    for result in results:
        parts.append(set_table(result))
        if SETS[result.name].breakdown and any(row.figures for row in result.rows):
            parts += [breakdown_table(result, check=False), breakdown_table(result, check=True)]
        if result.metadata:
            parts.append(metadata_table(result))
        worst = worst_lines(result)
        if worst:
            parts.append(worst)
    return "\n\n".join(parts)


def worst_lines(result: SetResult, n: int = 5) -> str:
    """The cleaner rows' worst pages, one line per row: id (site, part) figure, and the baseline's."""
    lines = []
    for row in result.rows:
        if row.system != "cleaner" or row.figures is None:
            continue
        baseline = baseline_row(result, row)
        pages = []
        for entry in worst_documents(result, row, n):
            figure = (f"F1 {entry['f1']:.2f}" if SETS[result.name].scorer == "shingles"
                      else f"{entry['fn']} missing, {entry['fp']} kept")
            versus = (f", {baseline.system} {baseline.per_doc[entry['id']]['f1']:.2f}"
                      if baseline is not None and SETS[result.name].scorer == "shingles" else "")
            short = entry["id"] if len(entry["id"]) <= 32 else entry["id"][:28] + "…"
            pages.append(f"`{short}` ({entry['site']}, {entry['part']}) {figure}{versus}")
        lines.append(f"* cleaner on {row.input}: " + "; ".join(pages))
    if not lines:
        return ""
    return f"Worst pages of the cleaner rows on {result.name} (all in quality.json):\n\n" + "\n".join(lines)


def versions() -> dict[str, str]:
    """Versions that change the figures (tools) or the speeds (python, machine)."""
    found = {"python": platform.python_version(), "platform": platform.platform(),
             "processor": platform.processor() or platform.machine()}
    for dist in ("trafilatura", "jusText", "lxml", "cleaner", "readability-lxml", "resiliparse", "htmldate",
                 "inscriptis", "py3langid"):
        found[dist.lower()] = tool_version(dist)
    return found


def baseline_row(result: SetResult, row: Row) -> Row | None:
    """What a cleaner row is compared with page by page: the uncleaned text, or trafilatura's default."""
    wanted = ("uncleaned", row.input) if row.input != "HTML" else ("trafilatura", "HTML")
    return next((r for r in result.rows if (r.system, r.input) == wanted and r.figures is not None), None)


def worst_documents(result: SetResult, row: Row, n: int = WORST_N) -> list[dict[str, Any]]:
    """The n worst pages of a row, with the baseline's figure on the same page so a regression stands out."""
    baseline = baseline_row(result, row)
    ranked = sorted(row.per_doc.items(), key=lambda item: (-benchsets.page_errors(result.name, item[1]), item[0]))
    worst = []
    for page_id, doc in ranked[:n]:
        entry: dict[str, Any] = {"id": page_id, **result.facts[page_id], **doc}
        if baseline is not None:
            entry[f"{baseline.system}_f1"] = baseline.per_doc[page_id]["f1"]
        if page_id in row.errors:
            entry["error"] = row.errors[page_id]
        worst.append(entry)
    return worst


def paired_change(result: SetResult, row: Row, n: int = WORST_N) -> dict[str, Any]:
    """Per-page F1 of a cleaner row against its baseline: pages helped, hurt, untouched, largest drops."""
    baseline = baseline_row(result, row)
    if baseline is None:
        return {}
    deltas = {i: doc["f1"] - baseline.per_doc[i]["f1"] for i, doc in row.per_doc.items()}
    drops = sorted((d, i) for i, d in deltas.items() if d < 0)[:n]
    return {"baseline": f"{baseline.system} @ {baseline.input}",
            "better": sum(d > 0 for d in deltas.values()), "worse": sum(d < 0 for d in deltas.values()),
            "same": sum(d == 0 for d in deltas.values()),
            "largest_drops": [{"id": i, "site": result.facts[i]["site"], "f1": row.per_doc[i]["f1"],
                               "baseline_f1": baseline.per_doc[i]["f1"], "delta": d} for d, i in drops]}


def row_json(row: Row) -> dict[str, Any]:
    """All figures of a row, for quality.json (per-page figures only for the cleaner rows, below)."""
    data: dict[str, Any] = {"system": row.system, "input": row.input, "pages": row.pages,
                            "input_bytes": row.input_bytes, "seconds": row.seconds}
    if row.note:
        data["note"] = row.note
    if row.speed is not None:
        data["mb_per_s" if row.speed_unit == "MB/s" else "pages_per_s"] = row.speed
    if row.figures is not None:
        data.update(row.figures)
        data["check"] = row.check
    if row.groups:
        data["groups"] = row.groups
        data["check_groups"] = row.check_groups
    if row.errors:
        data["errors"] = row.errors
    return data


def results_json(results: list[SetResult], table: str, command: str, seconds: float) -> dict[str, Any]:
    """quality.json: date, versions, per set every row, the pages' sites and parts, the cleaner's pages."""
    sets = {}
    for result in results:
        cleaner_rows = [r for r in result.rows if r.system == "cleaner" and r.figures is not None]
        sets[result.name] = {
            "data": str(SETS[result.name].root.relative_to(ROOT)), "measure": SETS[result.name].measure,
            "pages": len(result.ids), "rows": [row_json(r) for r in result.rows],
            "metadata": result.metadata,
            "cleaner_worst": {r.input: worst_documents(result, r) for r in cleaner_rows},
            "cleaner_vs_baseline": {r.input: paired_change(result, r) for r in cleaner_rows},
            "cleaner_per_doc": {r.input: r.per_doc for r in cleaner_rows},
            "pages_facts": result.facts,
        }
    return {"date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "command": command,
            "seconds": round(seconds, 1), "versions": versions(),
            "held_out": "a site is in the check part when int(sha1(site).hexdigest(), 16) % 3 == 0 (benchsets.py)",
            "sets": sets, "table": table}


def write_results(payload: dict[str, Any], table: str, json_path: Path, markdown_path: Path | None) -> None:
    """quality.json (and quality.md on a full run)."""
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if markdown_path is not None:
        version = payload["versions"]
        header = (f"# Text-quality benchmark\n\n{payload['date']}, python {version['python']}, trafilatura "
                  f"{version['trafilatura']}, justext {version['justext']}, cleaner {version['cleaner']}; "
                  f"`{payload['command']}` ({payload['seconds']:.0f} s). Check: the held-out sites "
                  f"({payload['held_out']}). Speeds are single-process, comparable within one run only.\n\n")
        markdown_path.write_text(header + table + "\n", encoding="utf-8")
