"""The forests' evaluations: shallow trees made complete and walked level by level give the very floats
of the node-list walk every forest has, and so does the compiled walk (``cleaner._forest``) when built."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import numpy as np
import pytest

import cleaner.forest as forest_module
from cleaner.forest import Forest
from cleaner.html.model import load_block_model
from cleaner.passes.content import load_line_model

FORESTS = {"page": load_line_model().page, "first": load_line_model().first, "second": load_line_model().second,
           "html first": load_block_model().first, "html second": load_block_model().second}


@pytest.mark.parametrize("name", sorted(FORESTS))
def test_complete_levels_give_the_node_walk_s_margins_to_the_bit(name: str) -> None:
    forest = FORESTS[name]
    assert forest.leaves is not None and len(forest.levels) == forest.depth
    columns = int(forest.feature.max()) + 1
    generator = np.random.default_rng(7)
    rows = generator.normal(0.0, 2.0, size=(300, columns))
    # a third of the values are the trees' own thresholds, where "<=" decides
    thresholds = forest.threshold[forest.feature.nonzero()]
    mask = generator.random(rows.shape) < 1 / 3
    rows[mask] = generator.choice(thresholds, size=int(mask.sum()))
    walked = dataclasses.replace(forest, levels=(), leaves=None, heap=None)
    assert forest.numpy_margin(rows).tobytes() == walked.margin(rows).tobytes()
    assert forest.numpy_margin(rows[:1]).tobytes() == walked.margin(rows[:1]).tobytes()


def test_a_deep_tree_is_walked_by_its_nodes() -> None:
    # a chain of 12 splits on feature 0 (node i: x <= i to a leaf of value i): deeper than a complete
    # layout is worth
    size = 12
    tree = {"feature": [0] * size + [-1] * (size + 1),
            "threshold": [float(i) for i in range(size)] + [0.0] * (size + 1),
            "left": [size + i for i in range(size)] + [0] * (size + 1),
            "right": [i + 1 if i + 1 < size else 2 * size for i in range(size)] + [0] * (size + 1),
            "value": [0.0] * size + [float(i) for i in range(size + 1)]}
    forest = Forest.from_trees([tree], 0.5)
    assert forest.depth == size and forest.leaves is None
    assert forest.margin(np.array([[-1.0], [3.0], [100.0]])).tolist() == [0.5, 3.5, 12.5]


# The compiled margins (cleaner._forest): the numpy code's floats to the bit, whatever the rows.

def _awkward_rows(forest: Forest, count: int, seed: int) -> np.ndarray:
    """Rows for ``forest``: normal values, a third of them its own thresholds (where "<=" decides), and
    some NaN (always "no"), infinities and signed zeros."""
    columns = int(forest.feature.max()) + 1
    generator = np.random.default_rng(seed)
    rows = generator.normal(0.0, 2.0, size=(count, columns))
    thresholds = forest.threshold[forest.feature.nonzero()]
    mask = generator.random(rows.shape) < 1 / 3
    rows[mask] = generator.choice(thresholds, size=int(mask.sum()))
    for special in (np.nan, np.inf, -np.inf, 0.0, -0.0):
        rows[generator.random(rows.shape) < 0.03] = special
    return rows


@pytest.mark.parametrize("name", sorted(FORESTS))
def test_the_compiled_margins_are_numpy_s_to_the_bit_on_the_shipped_models(name: str) -> None:
    forest = FORESTS[name]
    # one row (numpy adds its trees pairwise), a few (numpy adds them in order), blocks of 8 rows and not
    for count in (1, 2, 3, 7, 8, 9, 17, 300):
        rows = _awkward_rows(forest, count, seed=count)
        assert forest.margin(rows).tobytes() == forest.numpy_margin(rows).tobytes(), count


@pytest.mark.parametrize("seed", range(12))
def test_the_compiled_margins_are_numpy_s_to_the_bit_on_random_forests(seed: int) -> None:
    # trees of different depths (shallow ones padded out by complete()), signed zeros among the leaves,
    # bias 0, -0.0 or not, and enough trees that numpy's pairwise sum of one row splits them in halves
    generator = np.random.default_rng(seed)
    trees = [_random_tree(generator, int(generator.integers(0, 8)), columns=5)
             for _ in range(int(generator.integers(1, 300)))]
    forest = Forest.from_trees(trees, float(generator.choice([0.0, -0.0, generator.normal()])))
    assert forest.heap is not None
    for count in (1, 2, 9, 50):
        rows = _awkward_rows(forest, count, seed=seed) if forest.depth else np.zeros((count, 5))
        assert forest.margin(rows).tobytes() == forest.numpy_margin(rows).tobytes(), count


def _random_tree(generator: np.random.Generator, depth: int, columns: int) -> dict[str, list[float]]:
    """A random tree at most ``depth`` splits deep, as ``train_blocks.py`` writes one."""
    tree: dict[str, list[float]] = {key: [] for key in ("feature", "threshold", "left", "right", "value")}

    def grow(level: int) -> int:
        node = len(tree["feature"])
        for key in tree:
            tree[key].append(0.0)
        if level == depth or (level and generator.random() < 0.3):
            tree["feature"][node] = -1
            tree["value"][node] = float(generator.choice([0.0, -0.0, generator.normal()]))
        else:
            tree["feature"][node] = int(generator.integers(0, columns))
            tree["threshold"][node] = float(generator.normal(0.0, 2.0))
            tree["left"][node] = grow(level + 1)
            tree["right"][node] = grow(level + 1)
        return node

    grow(0)
    return tree


def test_the_compiled_margins_take_any_rows_numpy_takes() -> None:
    forest = FORESTS["page"]
    rows = _awkward_rows(forest, 40, seed=3)
    expected = forest.numpy_margin(rows).tobytes()
    assert forest.margin(np.asfortranarray(rows)).tobytes() == expected
    assert forest.margin(np.hstack([rows, rows])[:, : rows.shape[1]]).tobytes() == expected  # a strided view
    assert forest.margin(rows.astype(np.float32)).tobytes() == forest.numpy_margin(rows.astype(np.float32)).tobytes()
    integers = np.arange(40 * rows.shape[1]).reshape(40, -1) % 7 - 3
    assert forest.margin(integers).tobytes() == forest.numpy_margin(integers).tobytes()
    assert forest.margin(rows[:0]).tobytes() == forest.numpy_margin(rows[:0]).tobytes() == b""
    empty = Forest.from_trees([], 0.25)
    assert empty.margin(rows).tolist() == empty.numpy_margin(rows).tolist() == [0.25] * 40


def test_the_extension_rejects_what_would_read_out_of_bounds() -> None:
    if not forest_module.COMPILED:
        pytest.skip("cleaner._forest is not built (or CLEANER_NO_EXTENSION is set)")
    forest = FORESTS["page"]
    assert forest.heap is not None and forest.leaves is not None
    arguments = (forest.heap[0], forest.heap[1], forest.leaves, forest.trees, forest.depth, 0.0)
    narrow = np.zeros((3, 2))  # the page model reads more columns than 2
    with pytest.raises(ValueError, match="out of range"):
        forest_module._compiled.margin(narrow, 3, 2, *arguments, np.empty(3))
    with pytest.raises(ValueError, match="items"):
        forest_module._compiled.margin(narrow, 4, 2, *arguments, np.empty(4))
    with pytest.raises(TypeError, match="format"):
        forest_module._compiled.margin(narrow.astype(np.float32), 3, 2, *arguments, np.empty(3))
    with pytest.raises(ValueError, match="depth"):
        forest_module._compiled.margin(narrow, 3, 2, *arguments[:4], -1, 0.0, np.empty(3))


def test_forest_margin_runs_compiled_when_the_extension_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    # a build that fails, or a module that stops importing, would otherwise only show as slower runs
    here = Path(forest_module.__file__).parent
    built = [path for suffix in EXTENSION_SUFFIXES for path in here.glob(f"_forest{suffix}")]
    if not built or os.environ.get("CLEANER_NO_EXTENSION"):
        pytest.skip("cleaner._forest is not built (pip install builds it when a C compiler is there)")
    assert forest_module.COMPILED
    calls = []
    compiled = forest_module._compiled

    class Spy:
        @staticmethod
        def margin(*arguments: object) -> None:
            calls.append(arguments)
            compiled.margin(*arguments)

    monkeypatch.setattr(forest_module, "_compiled", Spy)
    rows = _awkward_rows(FORESTS["first"], 5, seed=1)
    assert FORESTS["first"].margin(rows).tobytes() == FORESTS["first"].numpy_margin(rows).tobytes()
    assert len(calls) == 1


def test_cleaner_no_extension_keeps_to_numpy() -> None:
    code = "import cleaner.forest as forest; print(forest.COMPILED, forest._compiled)"
    env = {**os.environ, "CLEANER_NO_EXTENSION": "1", "PYTHONPATH": str(Path(forest_module.__file__).parents[1])}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120,
                            check=True)
    assert result.stdout.split() == ["False", "None"]
