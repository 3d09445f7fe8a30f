#!/usr/bin/env python3
"""clean_html on the three sets (each page with the block model of the fold that never saw its site), once per
set of disabled rules given: F1 per set and per wcxb page type, to see what each rule costs or gains.

    python benchmarks/ablate_html.py "" "html.caption" "comments,duplicates"
"""
from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchsets  # noqa: E402

import cleaner  # noqa: E402

_FACTS: dict[str, dict[str, dict[str, str]]] = {}


def facts(name: str) -> dict[str, dict[str, str]]:
    if name not in _FACTS:
        _FACTS[name] = benchsets.page_facts(name, benchsets.load_ids(name))
    return _FACTS[name]


def clean_one(job: tuple[str, str, str, str]) -> tuple[str, str, str]:
    name, page_id, disabled, extra = job
    site = facts(name)[page_id]["site"]
    model = benchsets.BLOCK_MODELS / f"block-fold-{benchsets.block_fold(site)}.json"
    fields: dict[str, Any] = {"block_model": str(model),
                              "disabled_rules": frozenset(x for x in disabled.split(",") if x),
                              "max_input_chars": 10**8, "max_input_bytes": 10**9}
    for item in (x for x in extra.split(",") if x):
        key, value = item.split("=")
        fields[key] = float(value)
    try:
        text = cleaner.clean_html(benchsets.load_page(name, page_id), config=cleaner.Config(**fields)).text
    except Exception as error:  # noqa: BLE001
        print(f"{name} {page_id}: {error}", file=sys.stderr)
        text = ""
    return name, page_id, text


def main() -> int:
    configs = sys.argv[1:] or [""]
    extra = ""
    if configs and configs[0].startswith("--set="):
        extra = configs.pop(0)[6:]
    with ProcessPoolExecutor(2) as pool:
        for disabled in configs:
            jobs = [(name, page_id, disabled, extra)
                    for name in benchsets.SET_NAMES for page_id in benchsets.load_ids(name)]
            out: dict[str, dict[str, str]] = {name: {} for name in benchsets.SET_NAMES}
            for name, page_id, text in pool.map(clean_one, jobs, chunksize=8):
                out[name][page_id] = text
            line = f"{disabled or '(all on)':40}"
            for name in benchsets.SET_NAMES:
                ids = benchsets.load_ids(name)
                figures, per_doc = benchsets.score_pages(name, out[name], ids, 0)
                line += f" | {name[:5]} {figures['f1']:.3f}"
                if name == "wcxb":
                    types: dict[str, list[str]] = {}
                    for page_id in ids:
                        types.setdefault(facts(name)[page_id]["page_type"], []).append(page_id)
                    for kind, members in sorted(types.items()):
                        line += f" {kind[:4]} {benchsets.aggregate(name, per_doc, members)['f1']:.3f}"
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
