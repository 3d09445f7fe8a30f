"""Shared test set-up: hypothesis profiles and the ``--update-golden`` switch."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# Speed is checked by tests/test_scaling.py and the benchmarks, not by per-example deadlines: a huge
# generated line or the first call (which loads the language model) would make deadlines flaky.
# ci: the default, derandomised, so that `make test`, a bare `pytest` and CI give the same verdict on the
# same code; dev: the same number of random examples (`HYPOTHESIS_PROFILE=dev`); thorough: fifty times as
# many, random, before a release or after touching a pass (`make test-thorough`).
_SLOW_IS_FINE = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("dev", max_examples=100, deadline=None, suppress_health_check=_SLOW_IS_FINE)
settings.register_profile("ci", max_examples=100, derandomize=True, deadline=None, print_blob=True,
                          suppress_health_check=_SLOW_IS_FINE)
settings.register_profile("thorough", max_examples=5000, deadline=None, suppress_health_check=_SLOW_IS_FINE)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite corpus/cases/*/expected.json from the current output (review the diff!)")
