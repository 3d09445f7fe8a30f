"""Forests of regression trees (gradient boosting's output), evaluated with numpy.

The shipped models of ``clean_html`` (``cleaner.html.model``) and of the text path's content classifier
(``cleaner.passes.content``) are forests fitted with LightGBM by the training scripts in ``benchmarks/``
and exported as node lists; this module reads such a list into arrays and sums the leaves the rows reach,
every tree at once, without LightGBM.

The sums come from the C extension ``cleaner._forest`` when it was built (``pip install`` compiles it when
it can; it is optional), else from numpy: the same floats to the bit, the C walk (each row down each tree)
only reads fewer nodes, several times faster.
``CLEANER_NO_EXTENSION=1`` in the environment, read at import, keeps to numpy (the tests compare the two).
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from cleaner.errors import ConfigError

# By name: the import-linter reads only Python modules and would take a plain import of the C module, which
# imports nothing, for one of the package (and of everything it imports).
_compiled: Any
try:
    _compiled = importlib.import_module("cleaner._forest")
except ImportError:  # not built: no C compiler at install time, or a failed compile
    _compiled = None
if os.environ.get("CLEANER_NO_EXTENSION"):
    _compiled = None

#: Whether ``Forest.margin`` runs compiled (``cleaner._forest``) rather than with numpy.
COMPILED: bool = _compiled is not None

#: Trees at most this deep are also laid out complete (``Forest.levels``): 2 ** depth leaves a tree.
_COMPLETE_DEPTH = 10


@dataclass(frozen=True, slots=True)
class Forest:
    """Trees as flat arrays of ``width`` nodes each: node ``n`` (tree ``n // width``) splits on
    ``feature[n] <= threshold[n]`` to ``children[2 * n + 1]`` (yes) or ``children[2 * n]`` (no), both
    indexes into the same arrays; a leaf points to itself and holds ``value[n]``.

    ``levels`` and ``leaves`` are the same trees made complete (a leaf above the last level splits into two
    copies of itself), laid out level by level, when they are shallow (``_COMPLETE_DEPTH``): node ``i`` of a
    level (tree ``i // 2 ** level``) splits to node ``2 * i + 1`` (yes) or ``2 * i`` (no) of the next, so
    a row finds its next node by arithmetic, not by reading ``children``. ``heap`` holds the ``levels``'
    features and thresholds tree by tree (each tree's ``2 ** depth - 1`` splits, level after level), the
    layout ``cleaner._forest`` walks.
    """

    feature: NDArray[np.intp]
    threshold: NDArray[np.float64]
    children: NDArray[np.intp]
    value: NDArray[np.float64]
    trees: int
    width: int
    depth: int
    bias: float
    levels: tuple[tuple[NDArray[np.intp], NDArray[np.float64]], ...] = ()
    leaves: NDArray[np.float64] | None = None
    heap: tuple[NDArray[np.intp], NDArray[np.float64]] | None = None

    @classmethod
    def from_trees(cls, trees: Sequence[Mapping[str, Sequence[float]]], bias: float = 0.0) -> Forest:
        """From lists of nodes (``feature`` -1 marks a leaf), as ``train_blocks.py`` writes them."""
        width = max((len(tree["feature"]) for tree in trees), default=1)
        shape = (len(trees), width)
        feature = np.zeros(shape, dtype=np.intp)
        threshold = np.zeros(shape)
        left = np.tile(np.arange(width, dtype=np.intp), (len(trees), 1))
        right = left.copy()
        value = np.zeros(shape)
        depth = 0
        for number, tree in enumerate(trees):
            size = len(tree["feature"])
            leaf = np.asarray(tree["feature"]) < 0
            feature[number, :size] = np.where(leaf, 0, tree["feature"])
            threshold[number, :size] = np.where(leaf, 0.0, tree["threshold"])
            left[number, :size] = np.where(leaf, np.arange(size), tree["left"])
            right[number, :size] = np.where(leaf, np.arange(size), tree["right"])
            value[number, :size] = np.where(leaf, tree["value"], 0.0)
            depth = max(depth, _depth(tree))
        first = (np.arange(len(trees), dtype=np.intp) * width)[:, None]  # each tree's first node
        children = np.stack([(right + first).ravel(), (left + first).ravel()], axis=1).ravel()
        forest = cls(feature.ravel(), threshold.ravel(), children, value.ravel(), len(trees), width, depth, bias)
        return forest.complete() if depth <= _COMPLETE_DEPTH else forest

    def complete(self) -> Forest:
        """This forest with its ``levels`` and ``leaves``: level ``l`` is where the paths of every tree
        are after ``l`` splits, in the order of their choices."""
        node = np.arange(self.trees, dtype=np.intp) * self.width  # the roots
        levels = []
        for _level in range(self.depth):
            levels.append((self.feature[node], self.threshold[node]))
            # each node's "no" and "yes" child, side by side; a leaf's children are itself
            node = self.children[(2 * node)[:, None] + np.array([0, 1], dtype=np.intp)].ravel()
        heap = (_tree_by_tree([feature for feature, _ in levels], self.trees, np.intp),
                _tree_by_tree([threshold for _, threshold in levels], self.trees, np.float64))
        return replace(self, levels=tuple(levels), leaves=self.value[node], heap=heap)

    def margin(self, rows: NDArray[np.float64]) -> NDArray[np.float64]:
        """The sum of the trees' leaf values for each row (log-odds): compiled for forests laid out complete
        (``heap``) when ``cleaner._forest`` is there, else ``numpy_margin``."""
        if _compiled is None or self.heap is None or self.leaves is None or not rows.shape[0] or not self.trees:
            return self.numpy_margin(rows)
        flat_rows = np.ascontiguousarray(rows, dtype=np.float64)
        out = np.empty(flat_rows.shape[0])
        # the arrays as complete() made them (no copies), else C-ordered copies
        _compiled.margin(flat_rows, flat_rows.shape[0], flat_rows.shape[1],
                         np.ascontiguousarray(self.heap[0], dtype=np.intp),
                         np.ascontiguousarray(self.heap[1], dtype=np.float64),
                         np.ascontiguousarray(self.leaves, dtype=np.float64), self.trees, self.depth, self.bias, out)
        return out

    def numpy_margin(self, rows: NDArray[np.float64]) -> NDArray[np.float64]:
        """``margin`` with numpy, whether the extension is built or not: its fallback, and the floats the
        tests hold it to."""
        count = rows.shape[0]
        if not count or not self.trees:
            return np.full(count, self.bias)
        # Flat indices (node, row * columns + feature): one-dimensional takes are several times faster than
        # broadcast fancy indexing on the (trees, rows) grid, and the children's indexes being absolute, a
        # level is five passes over the (tree, row) pairs.
        flat_rows = np.ascontiguousarray(rows, dtype=np.float64).ravel()
        offsets = np.tile(np.arange(count, dtype=np.intp) * rows.shape[1], self.trees)
        if self.leaves is not None:
            return self._complete_margin(flat_rows, offsets, count)
        node = np.repeat(np.arange(self.trees, dtype=np.intp) * self.width, count)  # the roots, per row
        cell = np.empty_like(node)
        for _level in range(self.depth):
            np.add(self.feature.take(node), offsets, out=cell)
            chosen = flat_rows.take(cell) <= self.threshold.take(node)
            np.multiply(node, 2, out=node)
            np.add(node, chosen, out=node)
            node = self.children.take(node)
        return np.asarray(self.value.take(node).reshape(self.trees, count).sum(axis=0) + self.bias)

    def _complete_margin(self, flat_rows: NDArray[np.float64], offsets: NDArray[np.intp],
                         count: int) -> NDArray[np.float64]:
        """``margin`` through ``levels``: the same leaves, summed in the same order, so the same floats."""
        assert self.leaves is not None
        node = np.repeat(np.arange(self.trees, dtype=np.intp), count)  # the roots, per row
        cell = np.empty_like(node)
        for feature, threshold in self.levels:
            np.add(feature.take(node), offsets, out=cell)
            chosen = flat_rows.take(cell) <= threshold.take(node)
            np.multiply(node, 2, out=node)
            np.add(node, chosen, out=node)
        return np.asarray(self.leaves.take(node).reshape(self.trees, count).sum(axis=0) + self.bias)


def _tree_by_tree(levels: list[NDArray[Any]], trees: int, dtype: type) -> NDArray[Any]:
    """The nodes of ``levels`` (level ``l``: ``2 ** l`` nodes of each tree, tree after tree) tree after tree,
    each tree's levels one after the other."""
    return np.hstack([np.zeros((trees, 0), dtype=dtype)]
                     + [nodes.reshape(trees, 2**level) for level, nodes in enumerate(levels)]).ravel()


def _depth(tree: Mapping[str, Sequence[float]]) -> int:
    """The number of splits on the longest path from the root."""
    deepest = 0
    stack = [(0, 0)]
    while stack:
        node, level = stack.pop()
        if tree["feature"][node] < 0:
            deepest = max(deepest, level)
        else:
            stack.append((int(tree["left"][node]), level + 1))
            stack.append((int(tree["right"][node]), level + 1))
    return deepest


def sigmoid(margin: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.asarray(1.0 / (1.0 + np.exp(-margin)))


def model_data(name: str, shipped: str, what: str) -> Any:
    """The JSON of a model: the shipped file ``data/<shipped>`` for ``"default"``, else the file at the path
    ``name``; a :class:`ConfigError` that names ``what`` ("block model") when it cannot be read or parsed."""
    if name == "default":
        text = resources.files("cleaner").joinpath("data", shipped).read_text(encoding="utf-8")
    else:
        try:
            text = Path(name).read_text(encoding="utf-8")
        except OSError as error:
            raise ConfigError(f"cannot read {what} {name}: {error.strerror or error}") from error
    try:
        return json.loads(text)
    except ValueError as error:
        raise ConfigError(f"{what} {name} is not JSON: {error}") from error


def neighbourhood(first: NDArray[np.float64]) -> tuple[list[NDArray[np.float64]], NDArray[np.float64],
                                                        NDArray[np.float64], NDArray[np.float64]]:
    """What the second forest of a two-stage model reads around each block, from the first forest's
    probabilities ``first``: theirs of the three blocks before and after (0.5 past the edges), their means
    over the 5 and the 15 blocks around it, and their running sum (from 0, one longer than ``first``)."""
    count = len(first)
    padded = np.concatenate([np.full(3, 0.5), first, np.full(3, 0.5)])
    shifted = [padded[3 + offset : 3 + offset + count] for offset in (-3, -2, -1, 1, 2, 3)]
    cumulative = np.concatenate([[0.0], np.cumsum(first)])
    indexes = np.arange(count)

    def window(radius: int) -> NDArray[np.float64]:
        low = np.clip(indexes - radius, 0, count)
        high = np.clip(indexes + radius + 1, 0, count)
        return np.asarray((cumulative[high] - cumulative[low]) / (high - low))

    return shifted, window(5), window(15), cumulative
