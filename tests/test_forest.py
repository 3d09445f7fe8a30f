"""The forests' two evaluations: shallow trees made complete and walked level by level give the very floats
of the node-list walk every forest has."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

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
    walked = dataclasses.replace(forest, levels=(), leaves=None)
    assert forest.margin(rows).tobytes() == walked.margin(rows).tobytes()
    assert forest.margin(rows[:1]).tobytes() == walked.margin(rows[:1]).tobytes()


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
