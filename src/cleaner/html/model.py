"""The block model: which blocks of a page are its content, as a probability for each.

Two forests of gradient-boosted trees, fitted by ``benchmarks/train_blocks.py`` on the three benchmark sets
(news pages, the 2025-26 web in eight page types, and a multilingual set), with cross-validation folds
grouped by site, and shipped as ``data/block-model.json``. The first forest reads a block's own row of
``cleaner.html.features.FEATURES``; the second reads the same row and what the first said of the block's
neighbours and of the other blocks in its box (a list of product cards is content together, a teaser among
article paragraphs is not). The trees are evaluated by ``cleaner.forest`` (compiled, or with numpy).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from cleaner.errors import ConfigError
from cleaner.forest import Forest, model_data, neighbourhood, sigmoid
from cleaner.html.blocks import Block
from cleaner.html.features import FEATURES

#: The context columns the second forest adds to a block's own row.
CONTEXT_FEATURES: tuple[str, ...] = (
    "p", "p_prev3", "p_prev2", "p_prev1", "p_next1", "p_next2", "p_next3", "p_window5", "p_window15",
    "p_page_mean", "p_page_share", "p_siblings_mean", "log_siblings", "in_core", "core_share", "core_log_blocks",
    "core_distance",
)
#: The core: the deepest box holding this share of the page's likely content (characters weighed by P).
_CORE_SHARE = 0.8
_CHARS = FEATURES.index("log_chars")
_WORDS = FEATURES.index("log_words")
#: A page whose kept blocks hold fewer words than this is a page the threshold failed, not a page without
#: content: its likeliest prose is kept, with what scores nearly as well.
_MIN_KEPT_WORDS = 30
_PROSE_WORDS = 10
_NEAR_BEST = 0.75
_NEUTRAL = 0.5


def box_keys(blocks: Sequence[Block]) -> list[tuple[Hashable, ...]]:
    """For each block, its element and its ancestors, innermost first: the keys of the boxes it is in.

    The elements themselves, not their ``id()``: lxml makes a new proxy object for an element each time it
    is reached, and the ``id()`` of one that is gone is given to the next, so ids of elements nobody holds
    would make two boxes one (``Block.chain`` holds them).
    """
    return [block.chain for block in blocks]


def _core(boxes: Sequence[Sequence[Hashable]], weights: NDArray[np.float64]) -> tuple[Hashable | None, float, int]:
    """The deepest box holding ``_CORE_SHARE`` of the weight, its share of it, and its number of blocks."""
    held: dict[Hashable, float] = {}
    count: dict[Hashable, int] = {}
    for chain, weight in zip(boxes, weights.tolist(), strict=True):
        for key in chain:
            held[key] = held.get(key, 0.0) + weight
            count[key] = count.get(key, 0) + 1
    total = float(weights.sum())
    if total <= 0:
        return None, 0.0, 0
    holders = [key for key, value in held.items() if value >= _CORE_SHARE * total]
    core = min(holders, key=lambda key: (count[key], held[key]), default=None)
    if core is None:
        return None, 0.0, 0
    return core, held[core] / total, count[core]


def context_rows(boxes: Sequence[Sequence[Hashable]], rows: NDArray[np.float64],
                 first: NDArray[np.float64]) -> NDArray[np.float64]:
    """The second forest's input: each block's row, then ``CONTEXT_FEATURES`` from the first forest's
    probabilities ``first`` (``boxes`` as :func:`box_keys` gives them)."""
    count = len(first)
    shifted, window5, window15, _cumulative = neighbourhood(first)
    indexes = np.arange(count)
    sums: dict[Hashable, float] = {}
    sizes: dict[Hashable, int] = {}
    parents = [chain[1] if len(chain) > 1 else None for chain in boxes]
    for probability, parent in zip(first.tolist(), parents, strict=True):
        sums[parent] = sums.get(parent, 0.0) + probability
        sizes[parent] = sizes.get(parent, 0) + 1
    siblings = np.array([sums[parent] / sizes[parent] for parent in parents])
    log_siblings = np.array([math.log1p(sizes[parent]) for parent in parents])
    mean = float(first.mean()) if count else 0.0
    share = float((first > _NEUTRAL).mean()) if count else 0.0
    core, core_share, core_blocks = _core(boxes, first * np.expm1(rows[:, _CHARS]))
    in_core = np.array([core is not None and core in chain for chain in boxes], dtype=float)
    inside = np.flatnonzero(in_core)
    if len(inside):
        distance = np.maximum(0, np.maximum(inside[0] - indexes, indexes - inside[-1])) / count
    else:
        distance = np.ones(count)
    context = np.column_stack([first, *shifted, window5, window15, np.full(count, mean), np.full(count, share),
                               siblings, log_siblings, in_core, np.full(count, core_share),
                               np.full(count, math.log1p(core_blocks)), distance])
    return np.hstack([rows, context])


@dataclass(frozen=True, slots=True)
class BlockModel:
    """The two forests and the probability below which a block is not content."""

    first: Forest
    second: Forest
    threshold: float
    name: str

    def page_threshold(self, rows: NDArray[np.float64], probabilities: NDArray[np.float64],
                       threshold: float | None = None) -> float:
        """The threshold for this page: ``threshold`` when given; else the model's, unless the blocks above
        it hold fewer than ``_MIN_KEPT_WORDS`` words; then ``_NEAR_BEST`` of the best probability of a prose
        block (of the longest blocks, on a page without prose): a page with text never comes out empty."""
        if threshold is not None:  # the caller's choice, kept as given
            return threshold
        threshold = self.threshold
        words = np.expm1(rows[:, _WORDS]) if len(rows) else np.zeros(0)
        if words[probabilities >= threshold].sum() >= _MIN_KEPT_WORDS:
            return threshold
        if not len(words):
            return threshold
        prose = words >= min(_PROSE_WORDS, float(words.max()))  # on a page of short lines, its longest
        return min(threshold, float(probabilities[prose].max()) * _NEAR_BEST)

    def probabilities(self, blocks: Sequence[Block], rows: NDArray[np.float64]) -> NDArray[np.float64]:
        """P(content) for each block, from its ``FEATURES`` row; the blocks of one element share the best
        (``element_best``)."""
        if not len(blocks):
            return np.zeros(0)
        first = sigmoid(self.first.margin(rows))
        return element_best(blocks, sigmoid(self.second.margin(context_rows(box_keys(blocks), rows, first))))


def element_best(blocks: Sequence[Block], probabilities: NDArray[np.float64]) -> NDArray[np.float64]:
    """Each block's probability, or the best of the blocks of its element when it shares one: the lines of a
    paragraph cut by ``<br>`` (an address, a poem, "Die bumm film GmbH bietet<br>originelle ... Formate"),
    the loose text of a box before and after its children. The author wrote them as one piece, and the
    model, which reads each line alone, doubts the short ones more than the piece deserves.
    (On the three benchmark sets clean_html's F1 rose on each, and fell on none of their held-out sites.)

    >>> import lxml.html
    >>> from cleaner.html.blocks import page_blocks
    >>> blocks = page_blocks(lxml.html.fromstring("<div><p>Mozartstr. 5<br>Salzburg</p><p>Menu</p></div>"))
    >>> element_best(blocks, np.array([0.9, 0.2, 0.1])).tolist()
    [0.9, 0.9, 0.1]
    """
    groups: dict[Any, int] = {}  # the element itself as the key: Block holds it, so it keeps its identity
    keys = np.fromiter((groups.setdefault(block.element, len(groups)) for block in blocks), dtype=np.intp,
                       count=len(blocks))
    if len(groups) == len(blocks):
        return probabilities  # no element holds two blocks: the common page, left as it is
    best = np.full(len(groups), -np.inf)
    np.maximum.at(best, keys, probabilities)
    shared: NDArray[np.float64] = best[keys]
    return shared


def model_from_dict(data: Mapping[str, Any], name: str) -> BlockModel:
    """A model from the JSON that ``train_blocks.py`` writes; its feature names must be this version's."""
    if tuple(data.get("features", ())) != FEATURES or tuple(data.get("context", ())) != CONTEXT_FEATURES:
        raise ConfigError(f"block model {name} was fitted on other features than this version computes: "
                          "retrain it with benchmarks/train_blocks.py")
    return BlockModel(Forest.from_trees(data["first"]["trees"], data["first"]["bias"]),
                      Forest.from_trees(data["second"]["trees"], data["second"]["bias"]),
                      float(data["threshold"]), name)


@lru_cache(maxsize=8)
def load_block_model(name: str = "default") -> BlockModel:
    """The shipped model (``"default"``), or a model file at the path ``name``."""
    return model_from_dict(model_data(name, "block-model.json", "block model"), name)
