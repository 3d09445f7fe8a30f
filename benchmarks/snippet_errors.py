#!/usr/bin/env python3
"""Multilingual snippet errors of clean_html, each with the block that holds it, the block model's probability
(the fold model that never saw the site) and the rule that removed it (a debugging aid)."""
from __future__ import annotations

import collections
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchsets  # noqa: E402

import cleaner  # noqa: E402


def page(job: tuple[str, str]) -> list[tuple[str, str, str, str]]:
    page_id, site = job
    record = benchsets.ground_truth("multilingual")[page_id]
    model = str(benchsets.BLOCK_MODELS / f"block-fold-{benchsets.block_fold(site)}.json")
    try:
        article = cleaner.clean_html(benchsets.load_page("multilingual", page_id),
                                     config=cleaner.Config(block_model=model))
    except Exception as error:  # noqa: BLE001
        return [("error", page_id, str(error), "")]
    text = article.text
    found = []
    for snippet in record.get("with", []):
        if snippet not in text:
            where = "not in page text" if snippet not in article.normalized else "split"
            rule = next((removal.rule for removal in article.removed if snippet in removal.text), where)
            found.append(("missing", page_id, snippet, rule))
    for snippet in record.get("without", []):
        if snippet in text:
            found.append(("kept", page_id, snippet, ""))
    return found


def main() -> int:
    ids = benchsets.load_ids("multilingual")
    facts = benchsets.page_facts("multilingual", ids)
    with ProcessPoolExecutor(2) as pool:
        errors = [e for found in pool.map(page, [(i, facts[i]["site"]) for i in ids], chunksize=8) for e in found]
    print(collections.Counter((kind, rule.split(";")[0]) for kind, _i, _s, rule in errors).most_common())
    for kind, page_id, snippet, rule in errors:
        print(f"{kind:8} {rule:24} {page_id[:40]:40} {snippet[:90]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
