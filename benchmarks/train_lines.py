#!/usr/bin/env python3
"""Fit the text path's content classifier (``cleaner.passes.content.LineModel``) on the three benchmark sets.

    python benchmarks/train_lines.py              # fit, report cross-validated figures, write the models
    python benchmarks/train_lines.py --report     # report only: write nothing
    python benchmarks/train_lines.py --cached     # reuse the rows of the last run (benchmarks/.cache/lines.pkl)

Data: every page of ``corpus/bench/{zyte,wcxb,multilingual}`` in both text renderings (``text/recall``, an
extractor's output; ``text/full``, the whole page as text). The rule passes run as ``cleaner.clean`` runs
them (the classifier off); each remaining block gets ``LINE_FEATURES``, measured among its neighbours on the
page as the pass measures it (``page_blocks``: the lines the rules took in place, their first-forest
probability 0 in the second forest's context), and a label from the page's gold, as
``train_blocks.py`` labels blocks (shingles found in the body on zyte and wcxb; ``with`` / ``without``
snippets on multilingual, the other blocks left out). Blocks weigh by the log of their length; zyte and
multilingual blocks 3 times more (hand-made bodies; few labelled blocks per page).

Three forests: the page model (``PAGE_FEATURES``; label: the text is a whole page, i.e. the ``text/full``
rendering), the first block forest, and the second, fitted on out-of-fold probabilities of the first
(inner folds by site), as it will see them on new text. Folds: a page's fold is ``sha1(site) % 5``
(``benchsets.block_fold``), so each figure reported is measured on sites the model never saw.

``THRESHOLD`` and ``WHOLE_PAGE`` were chosen by cross-validation over 0.2-0.6 and 0.5-0.9: on whole pages
0.5 was the one threshold that gained on all three sets (0.4 cost zyte 0.007, 0.6 cost wcxb 0.017); the
page model's cut at 0.7 against 0.5 keeps the classifier off more extractions of the 2025-26 set (lists
rendered whole by the extractor) for 0.005 of multilingual whole pages.

Writes ``src/cleaner/data/line-model.json`` (fitted on every page) and ``benchmarks/models/line-fold-K.json``
(fitted without fold K), which ``benchmarks/quality.py`` uses to clean each page with the model that never
saw its site. Needs ``lightgbm`` (the dev extra); the shipped model is read with numpy alone.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchsets  # noqa: E402
from train_blocks import Ensemble, Settings, export_forest, labels_from_body, labels_from_snippets  # noqa: E402

from cleaner.blocks import Draft  # noqa: E402
from cleaner.config import Config  # noqa: E402
from cleaner.language import detect_language  # noqa: E402
from cleaner.normalize import normalize  # noqa: E402
from cleaner.passes.content import (  # noqa: E402
    CONTEXT_FEATURES,
    LINE_FEATURES,
    PAGE_FEATURES,
    analyse,
    context_rows,
    features,
    is_table_row,
    line_rows,
    page_blocks,
    page_row,
    page_threshold,
)
from cleaner.pipeline import run_passes  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "src" / "cleaner" / "data" / "line-model.json"
CACHE = Path(__file__).resolve().parent / ".cache" / "lines.pkl"
RENDERINGS = ("text/recall", "text/full")
RULES_ONLY = Config(disabled_rules=frozenset({"content"}))
INNER_FOLDS = 3
THRESHOLD = 0.5
WHOLE_PAGE = 0.7
PARAMS = {"objective": "binary", "num_leaves": 31, "max_depth": 6, "min_data_in_leaf": 40,
          "feature_fraction": 0.8, "bagging_fraction": 0.8, "bagging_freq": 1, "lambda_l2": 1.0, "verbose": -1,
          "num_threads": 2, "deterministic": True, "force_row_wise": True}
PAGE_PARAMS = {"objective": "binary", "num_leaves": 8, "min_data_in_leaf": 20, "verbose": -1,
               "num_threads": 2, "deterministic": True, "force_row_wise": True}


def page_rows(job: tuple[str, str, str, str]) -> dict[str, Any] | None:
    """The remaining blocks of one rendering of one page: their rows and labels (in a worker process)."""
    name, rendering, page_id, site = job
    raw = benchsets.load_text(name, rendering, page_id)
    if not raw.strip():
        return None
    normalized = normalize(raw, RULES_ONLY).text
    language = detect_language(normalized.split("\n"))
    draft = run_passes(Draft.from_normalized(normalized, language), RULES_ONLY)
    fragments = draft.remaining()
    if not fragments:
        return None
    texts = [fragment.text for fragment in fragments]
    blocks, left = page_blocks(draft)
    measured = analyse(blocks, language)
    rows = line_rows([block.text for block in blocks], features(blocks, language, Config(), measured),
                     len(draft.lines), len(fragments))
    record = benchsets.ground_truth(name)[page_id]
    if name == "multilingual":
        labels, weights = labels_from_snippets(texts, record)
    else:
        labels, weights = labels_from_body(texts, record.get("articleBody") or ""), [1.0] * len(texts)
    weight = np.log1p([len(text) for text in texts]) * np.array(weights) * (1.0 if name == "wcxb" else 3.0)
    return {"set": name, "rendering": rendering, "id": page_id, "site": site, "texts": texts,
            "tables": [is_table_row(fragment) for fragment in fragments], "rows": rows, "left": left,
            "page": page_row(measured, len(draft.lines), left)[0], "labels": np.array(labels) >= 0.5, "weights": weight}


def load_pages(jobs: int, cached: bool) -> list[dict[str, Any]]:
    if cached and CACHE.exists():
        return list(pickle.loads(CACHE.read_bytes()))
    work = []
    for name in benchsets.SET_NAMES:
        ids = benchsets.load_ids(name)
        facts = benchsets.page_facts(name, ids)
        work += [(name, rendering, page_id, facts[page_id]["site"]) for rendering in RENDERINGS for page_id in ids]
    with ProcessPoolExecutor(jobs) as pool:
        pages = [page for page in pool.map(page_rows, work, chunksize=8) if page is not None]
    CACHE.parent.mkdir(exist_ok=True)
    CACHE.write_bytes(pickle.dumps(pages))
    return pages


def fit(matrix: np.ndarray, label: np.ndarray, weight: np.ndarray, params: dict[str, Any],
        settings: Settings) -> Ensemble:
    import lightgbm

    keep = weight > 0
    dataset = lightgbm.Dataset(matrix[keep], label[keep], weight=weight[keep], free_raw_data=False)
    merged = {**params, "learning_rate": settings.learning_rate}
    return Ensemble([lightgbm.train({**merged, "seed": settings.seed + number}, dataset,
                                    num_boost_round=settings.rounds) for number in range(settings.seeds)])


def furniture_zero(first: np.ndarray, left: np.ndarray) -> np.ndarray:
    """The first forest's probabilities with the blocks the rules took at 0, as the pass reads them."""
    first = np.array(first, dtype=np.float64)
    first[~left] = 0.0
    return first


def scored(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The pages the pass scores: those with at least two blocks left after the rules."""
    return [page for page in pages if len(page["texts"]) >= 2]


def blocks_of(pages: list[dict[str, Any]], first: dict[int, np.ndarray] | None = None
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows of the blocks the rules left (with context columns given the first forest's probabilities of
    all the page's blocks, by page index), labels, weights."""
    rows = [page["rows"][page["left"]] if first is None else context_rows(page["rows"], first[id(page)])[page["left"]]
            for page in pages]
    return (np.vstack(rows), np.concatenate([page["labels"] for page in pages]),
            np.concatenate([page["weights"] for page in pages]))


def train(pages: list[dict[str, Any]], settings: Settings) -> tuple[Ensemble, Ensemble, Ensemble]:
    """The page model and the two block forests fitted on ``pages``."""
    pages = scored(pages)
    page_model = fit(np.vstack([page["page"] for page in pages]),
                     np.array([page["rendering"] == "text/full" for page in pages]), np.ones(len(pages)),
                     PAGE_PARAMS, settings)
    first = fit(*blocks_of(pages), PARAMS, settings)
    inner: dict[int, np.ndarray] = {}

    def part(page: dict[str, Any]) -> int:
        return int(hashlib.md5(("inner" + page["site"]).encode("utf-8")).hexdigest(), 16) % INNER_FOLDS

    for number in range(INNER_FOLDS):
        model = fit(*blocks_of([page for page in pages if part(page) != number]), PARAMS, settings)
        inner.update({id(page): furniture_zero(model.predict(page["rows"]), page["left"])
                      for page in pages if part(page) == number})
    second = fit(*blocks_of(pages, inner), PARAMS, settings)
    return page_model, first, second


def predict(page: dict[str, Any], models: tuple[Ensemble, Ensemble, Ensemble]) -> str:
    """The page's text as the pass leaves it (the kept blocks, one per line)."""
    page_model, first, second = models
    texts = page["texts"]
    if len(texts) < 2 or page_model.predict(page["page"][None, :])[0] < WHOLE_PAGE:
        return "\n".join(texts)
    first_probabilities = furniture_zero(first.predict(page["rows"]), page["left"])
    probabilities = second.predict(context_rows(page["rows"], first_probabilities)[page["left"]])
    limit = page_threshold(page["rows"][page["left"]], probabilities, THRESHOLD)
    return "\n".join(text for text, table, probability in zip(texts, page["tables"], probabilities, strict=True)
                     if probability >= limit or table)


def report(pages: list[dict[str, Any]], held_out: dict[tuple[str, str, str], str]) -> None:
    """Cross-validated figures per set and rendering: the rules alone, and the rules and the classifier."""
    for name in benchsets.SET_NAMES:
        ids = benchsets.load_ids(name)
        for rendering in RENDERINGS:
            chosen = [page for page in pages if page["set"] == name and page["rendering"] == rendering]
            rules = {page["id"]: "\n".join(page["texts"]) for page in chosen}
            cleaned = {page["id"]: held_out[(name, rendering, page["id"])] for page in chosen}
            before = benchsets.score_pages(name, {**dict.fromkeys(ids, ""), **rules}, ids, 0)[0]["f1"]
            after = benchsets.score_pages(name, {**dict.fromkeys(ids, ""), **cleaned}, ids, 0)[0]["f1"]
            print(f"{name:13} {rendering:12} rules alone {before:.3f}, with the classifier {after:.3f}")


def export(models: tuple[Ensemble, Ensemble, Ensemble]) -> dict[str, Any]:
    page_model, first, second = models
    return {"features": list(LINE_FEATURES), "context": list(CONTEXT_FEATURES), "page_features": list(PAGE_FEATURES),
            "threshold": THRESHOLD, "whole_page": WHOLE_PAGE, "page": export_forest(page_model),
            "first": export_forest(first), "second": export_forest(second)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--report", action="store_true", help="cross-validate and report; write no model")
    parser.add_argument("--cached", action="store_true", help="reuse the rows of the last run")
    parser.add_argument("--jobs", type=int, default=2, help="processes that compute the features")
    parser.add_argument("--rounds", type=int, default=100, help="boosting rounds per forest")
    parser.add_argument("--seeds", type=int, default=1, help="forests per stage, averaged")
    args = parser.parse_args(argv)
    settings = Settings(rounds=args.rounds, seeds=args.seeds)
    started = time.perf_counter()
    pages = load_pages(args.jobs, args.cached)
    print(f"{len(pages)} renderings, {sum(len(page['texts']) for page in pages)} blocks "
          f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    held_out: dict[tuple[str, str, str], str] = {}
    benchsets.BLOCK_MODELS.mkdir(parents=True, exist_ok=True)
    for number in range(benchsets.BLOCK_FOLDS):
        models = train([page for page in pages if benchsets.block_fold(page["site"]) != number], settings)
        for page in pages:
            if benchsets.block_fold(page["site"]) == number:
                held_out[(page["set"], page["rendering"], page["id"])] = predict(page, models)
        if not args.report:
            path = benchsets.BLOCK_MODELS / f"line-fold-{number}.json"
            path.write_text(json.dumps(export(models)) + "\n", encoding="utf-8")
        print(f"fold {number} done ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    report(pages, held_out)
    if not args.report:
        MODEL.write_text(json.dumps(export(train(pages, settings))) + "\n", encoding="utf-8")
        print(f"written: {MODEL.relative_to(ROOT)} and benchmarks/models/line-fold-*.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
