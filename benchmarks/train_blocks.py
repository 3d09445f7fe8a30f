#!/usr/bin/env python3
"""Fit the block model (``cleaner.html.model``) on the three benchmark sets, with folds grouped by site.

    python benchmarks/train_blocks.py              # fit, report cross-validated figures, write the models
    python benchmarks/train_blocks.py --report     # report only: write nothing

Data: every page of ``corpus/bench/{zyte,wcxb,multilingual}``. A block's label comes from the page's gold:
on zyte and wcxb (an article body), the share of the block's 4-token shingles found in the body, in order
(a block of fewer than four tokens counts when its tokens follow the last matched block in the body); on
multilingual (snippets), a block holding a ``with`` snippet is content, one holding a ``without`` snippet
is not, and the others are left out. Blocks weigh by the log of their length, multilingual ones
``--multilingual-weight`` times more (few blocks per page are labelled there), zyte ones ``--zyte-weight``
times more (hand-made bodies: the most exact labels; 3 against 1 took the model alone from 0.949 to 0.960
on zyte, wcxb and multilingual unchanged, cross-validated).

Folds: a page's fold is ``sha1(site) % 5`` (``cleaner.html.model`` is fitted once per fold on the other
folds' sites): all pages of one site are in one fold, so each figure reported is measured on sites the
model never saw. The second forest is fitted on out-of-fold probabilities of the first (inner folds by
site), as it will see them on new pages.

Writes ``src/cleaner/data/block-model.json`` (fitted on every page) and ``benchmarks/models/block-fold-K.json``
(fitted without fold K), which ``benchmarks/quality.py`` uses to clean each page with the model that never
saw its site. Needs ``lightgbm`` (the dev extra); the shipped model is read with numpy alone.
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchsets  # noqa: E402

from cleaner.config import Config  # noqa: E402
from cleaner.html import document_language, page_info, parse_html  # noqa: E402
from cleaner.html.blocks import page_blocks  # noqa: E402
from cleaner.html.features import FEATURES, Vocabulary, block_features  # noqa: E402
from cleaner.html.model import CONTEXT_FEATURES, box_keys, context_rows  # noqa: E402
from cleaner.html.page import signals  # noqa: E402
from cleaner.language import stopwords  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "src" / "cleaner" / "data" / "block-model.json"
FOLD_MODELS = benchsets.BLOCK_MODELS
FOLDS = benchsets.BLOCK_FOLDS
INNER_FOLDS = 3
THRESHOLD = 0.4
PARAMS = {"objective": "binary", "num_leaves": 40, "max_depth": 6, "min_data_in_leaf": 40,
          "feature_fraction": 0.8, "bagging_fraction": 0.8, "bagging_freq": 1, "lambda_l2": 1.0, "verbose": -1,
          "num_threads": 2, "deterministic": True, "force_row_wise": True}


@dataclass(frozen=True)
class Settings:
    """How the forests are fitted (the command's options)."""

    rounds: int = 100
    seeds: int = 3  # forests per stage, fitted with seeds seed, seed+1, ...; their margins are averaged
    seed: int = 1
    learning_rate: float = 0.12
    multilingual_weight: float = 3.0  # snippet-labelled pages: few labelled blocks each
    zyte_weight: float = 3.0  # hand-made bodies: the most exact labels there are


_TOKEN = benchsets.re.compile(r"\w+")


def labels_from_body(texts: list[str], body: str) -> list[float]:
    """Each block's share of 4-token shingles found in the gold body, used up in order."""
    gold = _TOKEN.findall(body or "")
    positions: dict[tuple[str, ...], list[int]] = collections.defaultdict(list)
    for start in range(len(gold) - 3):
        positions[tuple(gold[start : start + 4])].append(start)
    left = collections.Counter({key: len(value) for key, value in positions.items()})
    cursor = 0
    labels: list[float] = []
    for text in texts:
        tokens = _TOKEN.findall(text)
        if len(tokens) >= 4:
            shingles = [tuple(tokens[start : start + 4]) for start in range(len(tokens) - 3)]
            hits, last = 0, None
            for shingle in shingles:
                if left[shingle] > 0:
                    left[shingle] -= 1
                    hits += 1
                    last = min(positions[shingle], key=lambda position: abs(position - cursor))
            share = hits / len(shingles)
            if share >= 0.5 and last is not None:
                cursor = last + 4
            labels.append(share)
        elif tokens:
            size = len(tokens)
            found = next((start for start in range(max(0, cursor - 10), min(len(gold), cursor + 40 + size) - size + 1)
                          if gold[start : start + size] == tokens), None)
            if found is not None:
                cursor = found + size
            labels.append(1.0 if found is not None else 0.0)
        else:
            labels.append(0.0)
    return labels


def labels_from_snippets(texts: list[str], entry: dict[str, Any]) -> tuple[list[float], list[float]]:
    """Content where a ``with`` snippet is, not where a ``without`` one is; other blocks weigh nothing."""
    labels, weights = [], []
    for text in texts:
        if any(snippet in text for snippet in entry.get("without", [])):
            labels.append(0.0)
            weights.append(1.0)
        elif any(snippet in text or (len(text) > 20 and text in snippet) for snippet in entry.get("with", [])):
            labels.append(1.0)
            weights.append(1.0)
        else:
            labels.append(0.0)
            weights.append(0.0)
    return labels, weights


def page_rows(job: tuple[str, str, str]) -> dict[str, Any] | None:
    """Blocks, features, labels and weights of one page (in a worker process)."""
    name, page_id, site = job
    root = parse_html(benchsets.load_page(name, page_id))
    if root is None:
        return None
    info = page_info(root, None)
    blocks = page_blocks(root)
    if not blocks:
        return None
    texts = [block.text for block in blocks]
    language = document_language(info.language, "\n".join(texts))
    rows = block_features(blocks, Vocabulary(stopwords(language) or frozenset(), Config().languages), signals(info))
    record = benchsets.ground_truth(name)[page_id]
    if name == "multilingual":
        labels, weights = labels_from_snippets(texts, record)
    else:
        labels, weights = labels_from_body(texts, record.get("articleBody") or ""), [1.0] * len(texts)
    boxes = box_keys(blocks)
    renumber: dict[int, int] = {}
    boxes = [[renumber.setdefault(key, len(renumber)) for key in chain] for chain in boxes]
    return {"set": name, "id": page_id, "site": site, "texts": texts, "rows": rows.astype(np.float32),
            "labels": np.array(labels), "weights": np.array(weights), "boxes": boxes}


def load_pages(jobs: int) -> list[dict[str, Any]]:
    """Every page of the three sets as training rows."""
    work = []
    for name in benchsets.SET_NAMES:
        ids = benchsets.load_ids(name)
        facts = benchsets.page_facts(name, ids)
        work += [(name, page_id, facts[page_id]["site"]) for page_id in ids]
    with ProcessPoolExecutor(jobs) as pool:
        return [page for page in pool.map(page_rows, work, chunksize=8) if page is not None]


def matrices(pages: list[dict[str, Any]], settings: Settings,
             first: dict[tuple[str, str], np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows, labels and weights of the labelled blocks of ``pages`` (with context columns given ``first``)."""
    rows, labels, weights = [], [], []
    for page in pages:
        matrix = page["rows"].astype(np.float64)
        if first is not None:
            matrix = context_rows(page["boxes"], matrix, first[(page["set"], page["id"])])
        weight = np.log1p(np.array([len(text) for text in page["texts"]])) * page["weights"]
        if page["set"] == "multilingual":
            weight = weight * settings.multilingual_weight
        elif page["set"] == "zyte":
            weight = weight * settings.zyte_weight
        rows.append(matrix)
        labels.append(page["labels"] >= 0.5)
        weights.append(weight)
    matrix, label, weight = np.vstack(rows), np.concatenate(labels), np.concatenate(weights)
    keep = weight > 0
    return matrix[keep], label[keep], weight[keep]


class Ensemble:
    """Forests fitted with different seeds; their margins are averaged (trees exported with values / n)."""

    def __init__(self, boosters: list[Any]) -> None:
        self.boosters = boosters

    def predict(self, matrix: np.ndarray) -> np.ndarray:
        margin = sum(booster.predict(matrix, raw_score=True) for booster in self.boosters) / len(self.boosters)
        return 1.0 / (1.0 + np.exp(-margin))


def fit(data: tuple[np.ndarray, np.ndarray, np.ndarray], settings: Settings) -> Ensemble:
    import lightgbm

    matrix, label, weight = data
    dataset = lightgbm.Dataset(matrix, label, weight=weight, free_raw_data=False)
    params = {**PARAMS, "learning_rate": settings.learning_rate}
    return Ensemble([lightgbm.train({**params, "seed": settings.seed + number}, dataset,
                                    num_boost_round=settings.rounds) for number in range(settings.seeds)])


def out_of_fold(pages: list[dict[str, Any]], folds: int, salt: str,
                settings: Settings) -> dict[tuple[str, str], np.ndarray]:
    """The first forest's probabilities for every page, each from a forest fitted without its site."""
    def part(page: dict[str, Any]) -> int:
        return int(hashlib.md5((salt + page["site"]).encode("utf-8")).hexdigest(), 16) % folds

    probabilities = {}
    for number in range(folds):
        model = fit(matrices([page for page in pages if part(page) != number], settings), settings)
        for page in pages:
            if part(page) == number:
                probabilities[(page["set"], page["id"])] = model.predict(page["rows"].astype(np.float64))
    return probabilities


def train(pages: list[dict[str, Any]], settings: Settings) -> tuple[Any, Any]:
    """The two forests fitted on ``pages``."""
    first = fit(matrices(pages, settings), settings)
    inner = out_of_fold(pages, INNER_FOLDS, "inner", settings)
    second = fit(matrices(pages, settings, inner), settings)
    return first, second


def _add_node(nodes: dict[str, list[float]], node: dict[str, Any], share: float) -> int:
    """Append LightGBM's ``node`` (and its subtree) to the node lists; its index."""
    index = len(nodes["feature"])
    for column in nodes.values():
        column.append(0)
    if "leaf_value" in node or "split_feature" not in node:
        nodes["feature"][index] = -1
        nodes["value"][index] = float(node.get("leaf_value", 0.0)) * share
        return index
    if node.get("decision_type", "<=") != "<=":
        raise SystemExit(f"unexpected split {node.get('decision_type')}")
    nodes["feature"][index] = int(node["split_feature"])
    nodes["threshold"][index] = float(node["threshold"])
    nodes["left"][index] = _add_node(nodes, node["left_child"], share)
    nodes["right"][index] = _add_node(nodes, node["right_child"], share)
    return index


def export_forest(ensemble: Ensemble) -> dict[str, Any]:
    """LightGBM's trees as node lists (``cleaner.html.model.Forest.from_trees``), each ensemble member's
    leaf values divided by the number of members."""
    trees = []
    share = 1.0 / len(ensemble.boosters)
    for booster in ensemble.boosters:
        for info in booster.dump_model()["tree_info"]:
            nodes: dict[str, list[float]] = {"feature": [], "threshold": [], "left": [], "right": [], "value": []}
            _add_node(nodes, info["tree_structure"], share)
            trees.append(nodes)
    return {"bias": 0.0, "trees": trees}


def export(first: Any, second: Any) -> dict[str, Any]:
    return {"features": list(FEATURES), "context": list(CONTEXT_FEATURES), "threshold": THRESHOLD,
            "first": export_forest(first), "second": export_forest(second)}


def report(pages: list[dict[str, Any]], probabilities: dict[tuple[str, str], np.ndarray]) -> None:
    """Cross-validated figures of the blocks the model keeps, per set (the model alone, no rules)."""
    for name in benchsets.SET_NAMES:
        chosen = [page for page in pages if page["set"] == name]
        for threshold in (0.3, THRESHOLD, 0.5):
            predictions = {page["id"]: "\n".join(text for text, probability in
                                                 zip(page["texts"], probabilities[(name, page["id"])], strict=True)
                                                 if probability >= threshold) for page in chosen}
            figures, _per_doc = benchsets.score_pages(name, predictions, benchsets.load_ids(name), 0)
            print(f"{name:13} threshold {threshold:.2f}: F1 {figures['f1']:.3f} "
                  f"(P {figures['precision']:.3f}, R {figures['recall']:.3f})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--report", action="store_true", help="cross-validate and report; write no model")
    parser.add_argument("--jobs", type=int, default=2, help="processes that compute the features")
    defaults = Settings()
    parser.add_argument("--rounds", type=int, default=defaults.rounds, help="boosting rounds per forest")
    parser.add_argument("--seeds", type=int, default=defaults.seeds, help="forests per stage, averaged")
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--learning-rate", type=float, default=defaults.learning_rate)
    parser.add_argument("--multilingual-weight", type=float, default=defaults.multilingual_weight)
    parser.add_argument("--zyte-weight", type=float, default=defaults.zyte_weight)
    args = parser.parse_args(argv)
    settings = Settings(args.rounds, args.seeds, args.seed, args.learning_rate, args.multilingual_weight,
                        args.zyte_weight)
    started = time.perf_counter()
    pages = load_pages(args.jobs)
    print(f"{len(pages)} pages, {sum(len(page['texts']) for page in pages)} blocks "
          f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    probabilities: dict[tuple[str, str], np.ndarray] = {}
    FOLD_MODELS.mkdir(parents=True, exist_ok=True)
    for number in range(FOLDS):
        first, second = train([page for page in pages if benchsets.block_fold(page["site"]) != number],
                              settings)
        for page in pages:
            if benchsets.block_fold(page["site"]) == number:
                matrix = page["rows"].astype(np.float64)
                stage = first.predict(matrix)
                probabilities[(page["set"], page["id"])] = second.predict(context_rows(page["boxes"], matrix, stage))
        if not args.report:
            path = FOLD_MODELS / f"block-fold-{number}.json"
            path.write_text(json.dumps(export(first, second)) + "\n", encoding="utf-8")
        print(f"fold {number} done ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    report(pages, probabilities)
    if not args.report:
        first, second = train(pages, settings)
        MODEL.write_text(json.dumps(export(first, second)) + "\n", encoding="utf-8")
        print(f"written: {MODEL.relative_to(ROOT)} and {FOLD_MODELS.relative_to(ROOT)}/block-fold-*.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
