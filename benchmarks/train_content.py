"""Fit the content classifier's weights on the benchmark split, with 5-fold cross-validation by page.

    python benchmarks/train_content.py            # writes src/cleaner/data/content-model.json

For every page and both text renderings, the rule passes run first (as in ``cleaner.clean``); each
remaining block gets the features of ``cleaner.passes.content.features`` and a label: 1 when most of its
4-token shingles occur in the page's hand-made ground truth. A logistic regression (L2, Newton steps) is
fitted per fold on the other folds' pages; its thresholds and window are chosen on those training pages too,
each page scored there by a model fitted without it (cross-fitting within the training pages).
The held-out predictions give the cross-validated figures printed at the end (and stored with the
weights); the model fitted on every page is the one ``cleaner`` uses by default. Pages are assigned to
folds by a hash of their id (``cleaner.passes.content.fold_of``), so the benchmark can score each page
with the fold model that never saw it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "corpus" / "bench"))

import score  # noqa: E402  (corpus/bench/score.py, the benchmark's scorer)

from cleaner.blocks import Draft, Fragment  # noqa: E402
from cleaner.config import Config  # noqa: E402
from cleaner.language import detect_language  # noqa: E402
from cleaner.normalize import normalize  # noqa: E402
from cleaner.passes.content import FEATURES, FOLDS, decisions, features, fold_of, lead, short_share  # noqa: E402
from cleaner.pipeline import paragraphs_of, run_passes  # noqa: E402

BENCH = ROOT / "corpus" / "bench" / "zyte"
RENDERINGS = ("recall", "full")
OUTPUT = ROOT / "src" / "cleaner" / "data" / "content-model.json"
THRESHOLDS = tuple(round(0.05 * step, 2) for step in range(1, 19))
PIVOTS = (0.3, 0.4, 0.5, 0.6)
#: How a block's words weigh in the window's run (``content_window``): 1 counts words.
EXPONENTS = (1.0, 0.5, 0.25)
Model = tuple[np.ndarray, np.ndarray, np.ndarray]
#: inside the window, outside it, the window's pivot, and the exponent of a block's words in the window
Thresholds = tuple[float, float, float | None, float]
#: Pages with at least this share of short blocks are whole noisy pages, not extractions.
NOISY_SHARE = 0.5
#: ... and at least this many lines before the passes: an extraction with a long list is not a noisy page.
NOISY_MIN_BLOCKS = 40
#: ... of which at least this many come before the first paragraph of prose (the menus of a page).
NOISY_MIN_LEAD = 8


@dataclass
class Page:
    id: str
    rendering: str
    fold: int
    text: str
    fragments: tuple[Fragment, ...]
    #: The page's lines before any pass ran (the noisy-page test counts them, as the pass does).
    lines: int
    x: np.ndarray
    y: np.ndarray
    w: np.ndarray


def _label(fragment: Fragment, gold_shingles: set[tuple[str, ...]], gold_tokens: str) -> tuple[float, float]:
    tokens = score.tokenize(fragment.text)
    if not tokens:
        return 0.0, 0.0
    if len(tokens) < score.SHINGLE_SIZE:
        return float(f" {' '.join(tokens)} " in gold_tokens), float(len(tokens))
    shingles = [tuple(tokens[i:i + score.SHINGLE_SIZE]) for i in range(len(tokens) - score.SHINGLE_SIZE + 1)]
    inside = sum(1 for shingle in shingles if shingle in gold_shingles) / len(shingles)
    return float(inside >= 0.5), float(len(tokens))


def load_pages(config: Config) -> list[Page]:
    gold = score.load_gold(BENCH / "ground-truth.json")
    rules_only = Config(disabled_rules=frozenset({"content"}))
    pages = []
    for page_id in sorted(gold):
        gold_tokens = score.tokenize(gold[page_id])
        gold_shingles = set(score.shingles(gold_tokens))
        joined = f" {' '.join(gold_tokens)} "
        for rendering in RENDERINGS:
            raw = (BENCH / "text" / rendering / f"{page_id}.txt").read_text(encoding="utf-8")
            normalized = normalize(raw, rules_only).text
            language = detect_language(normalized.split("\n"))
            draft = run_passes(Draft.from_normalized(normalized, language), rules_only)
            fragments = draft.remaining()
            vectors = features(fragments, language, config)
            labels = [_label(fragment, gold_shingles, joined) for fragment in fragments]
            total = sum(tokens for _label_value, tokens in labels) or 1.0
            pages.append(Page(
                page_id, rendering, fold_of(page_id), normalized, fragments, len(draft.lines),
                np.array(vectors, dtype=float).reshape(-1, len(FEATURES)),
                np.array([label for label, _tokens in labels], dtype=float),
                # every page weighs the same, as in the benchmark's per-page averages
                np.array([tokens / total for _label_value, tokens in labels], dtype=float),
            ))
    return pages


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weighted L2 logistic regression on standardised features (Newton's method)."""
    means = x.mean(axis=0)
    scales = x.std(axis=0)
    means[0], scales[0] = 0.0, 1.0  # the bias column stays 1
    scales[scales == 0] = 1.0
    z = (x - means) / scales
    beta = np.zeros(z.shape[1])
    penalty = l2 * np.eye(z.shape[1])
    penalty[0, 0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ beta, -50, 50)))
        gradient = z.T @ (w * (p - y)) + penalty @ beta
        hessian = (z * (w * p * (1 - p))[:, None]).T @ z + penalty
        step = np.linalg.solve(hessian + 1e-9 * np.eye(len(beta)), gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta, means, scales


def probabilities(pages: Sequence[Page], model: Model) -> list[np.ndarray]:
    beta, means, scales = model
    return [1.0 / (1.0 + np.exp(-np.clip(((page.x - means) / scales) @ beta, -50, 50))) for page in pages]


def predict(pages: Sequence[Page], scores: Sequence[np.ndarray],
            thresholds: dict[bool, Thresholds]) -> dict[tuple[str, str], str]:
    texts = {}
    for page, p in zip(pages, scores, strict=True):
        if len(page.fragments) < 2:
            kept = list(page.fragments)
        else:
            inside, edge, pivot, exponent = thresholds[noisy(page)]
            gone = decisions(page.fragments, list(p), page.x.tolist(), inside, max(inside, edge), pivot, exponent)
            kept = [fragment for fragment, drop in zip(page.fragments, gone, strict=True) if not drop]
        texts[(page.id, page.rendering)] = "\n\n".join(paragraphs_of(kept, page.text))
    return texts


def noisy(page: Page) -> bool:
    vectors = page.x.tolist()
    return (short_share(vectors[:1]) >= NOISY_SHARE and page.lines >= NOISY_MIN_BLOCKS
            and lead(vectors) >= NOISY_MIN_LEAD)


def figures(pages: Sequence[Page], texts: dict[tuple[str, str], str],
            gold: dict[str, str]) -> dict[str, dict[str, float]]:
    result = {}
    for rendering in RENDERINGS:
        ids = sorted({page.id for page in pages if page.rendering == rendering})
        scored = score.score({i: gold[i] for i in ids}, {i: texts[(i, rendering)] for i in ids}, rounds=0)
        result[rendering] = {name: round(scored[name], 4) for name in ("f1", "precision", "recall")}
    return result


def cross_fitted(pages: Sequence[Page], l2: float) -> list[np.ndarray]:
    """Each page's probabilities from a model fitted on the other folds' pages only.

    Thresholds and the window are chosen on these, not on the probabilities of a model fitted on the
    same pages: in-sample probabilities are overconfident, and the window's pivot and exponent chosen on
    them did not carry over to unseen pages (one fold's held-out F1 fell from 0.84 to 0.72).
    """
    result: dict[int, np.ndarray] = {}
    for fold in sorted({page.fold for page in pages}):
        model = fit(*stack([page for page in pages if page.fold != fold]), l2)
        held = [index for index, page in enumerate(pages) if page.fold == fold]
        for index, scores in zip(held, probabilities([pages[index] for index in held], model), strict=True):
            result[index] = scores
    return [result[index] for index in range(len(pages))]


def best_thresholds(pages: Sequence[Page], l2: float, gold: dict[str, str],
                    windows: Sequence[tuple[float | None, float]]) -> dict[bool, Thresholds]:
    """Per regime (clean extraction / noisy page), the (inside, edge) thresholds and the window with the
    best F1 on the given pages, each scored with a model that did not see it (``cross_fitted``)."""
    all_scores = cross_fitted(pages, l2)
    # On a clean extraction the rules do better alone: every cut the classifier makes there costs more
    # recall than it buys precision (measured: F1 0.965 -> 0.93 on text/recall), so it stays off.
    chosen: dict[bool, Thresholds] = {False: (0.0, 0.0, None, 1.0)}
    for regime in (True,):
        subset = [page for page in pages if noisy(page) == regime]
        scores = [page_scores for page, page_scores in zip(pages, all_scores, strict=True) if noisy(page) == regime]
        keys = [(page.id, page.rendering) for page in subset]

        def f1(thresholds: Thresholds, subset: list[Page] = subset, scores: list[np.ndarray] = scores,
               regime: bool = regime, keys: list[tuple[str, str]] = keys) -> float:
            texts = predict(subset, scores, {regime: thresholds})
            result = score.score({k: gold[k[0]] for k in keys}, texts, rounds=0)  # type: ignore[arg-type]
            return float(result["f1"])

        candidates: list[Thresholds] = []
        for pivot, exponent in windows:
            inside = max(THRESHOLDS[:12], key=lambda t: f1((t, t if pivot is None else 1.0, pivot, exponent)))
            edge = max((t for t in (*THRESHOLDS, 1.0) if t >= inside),
                       key=lambda t: f1((inside, t, pivot, exponent)))
            candidates.append((inside, edge, pivot, exponent))
        chosen[regime] = max(candidates, key=f1)
    return chosen


def stack(pages: Sequence[Page]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (np.vstack([page.x for page in pages]), np.concatenate([page.y for page in pages]),
            np.concatenate([page.w for page in pages]))


def as_json(model: Model, thresholds: dict[bool, Thresholds]) -> dict[str, object]:
    beta, means, scales = model
    return {"weights": [round(float(v), 6) for v in beta], "means": [round(float(v), 6) for v in means],
            "scales": [round(float(v), 6) for v in scales], "threshold": thresholds[False][0],
            "edge_threshold": thresholds[False][1], "noisy_threshold": thresholds[True][0],
            "noisy_edge_threshold": thresholds[True][1], "window_pivot": thresholds[True][2],
            "window_exponent": thresholds[True][3],
            "noisy_share": NOISY_SHARE, "noisy_min_blocks": NOISY_MIN_BLOCKS, "noisy_min_lead": NOISY_MIN_LEAD}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--l2", type=float, default=1.0, help="L2 penalty on the standardised weights")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--dry-run", action="store_true", help="print the figures, write nothing")
    parser.add_argument("--pivots", type=float, nargs="+", default=PIVOTS, help="window pivots to choose from")
    parser.add_argument("--exponents", type=float, nargs="+", default=EXPONENTS,
                        help="window exponents to choose from")
    args = parser.parse_args(argv)
    windows = [(None, 1.0)] + [(pivot, exponent) for pivot in args.pivots for exponent in args.exponents]
    started = time.perf_counter()
    gold = score.load_gold(BENCH / "ground-truth.json")
    pages = load_pages(Config())
    models: dict[str, object] = {}
    held_out: dict[tuple[str, str], str] = {}
    for fold in range(FOLDS):
        training = [page for page in pages if page.fold != fold]
        model = fit(*stack(training), args.l2)
        thresholds = best_thresholds(training, args.l2, gold, windows)
        testing = [page for page in pages if page.fold == fold]
        held_out.update(predict(testing, probabilities(testing, model), thresholds))
        models[f"fold-{fold}"] = as_json(model, thresholds)
        print(f"fold {fold}: thresholds {thresholds}", file=sys.stderr)
    cross_validated = figures(pages, held_out, gold)
    full = fit(*stack(pages), args.l2)
    full_thresholds = best_thresholds(pages, args.l2, gold, windows)
    models["full"] = as_json(full, full_thresholds)
    report = {
        "features": list(FEATURES),
        "folds": FOLDS,
        "l2": args.l2,
        "cross_validated": cross_validated,
        "fitted_on_all_pages_in_sample": figures(pages, predict(pages, probabilities(pages, full), full_thresholds),
                                                 gold),
        "models": models,
    }
    print(json.dumps({k: report[k] for k in ("cross_validated", "fitted_on_all_pages_in_sample")}, indent=2))
    weights = dict(zip(FEATURES, models["full"]["weights"], strict=True))  # type: ignore[index]
    print("weights:", json.dumps(weights), file=sys.stderr)
    print(f"{time.perf_counter() - started:.0f}s", file=sys.stderr)
    if not args.dry_run:
        args.output.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
