# Two commands on a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q

.PHONY: demo test test-thorough check-install install dev lint typecheck sizes bench-quality bench-speed bench-memory bench-passes fuzz clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

install: $(PY)
	$(PIP) install -e .

dev: $(PY)
	$(PIP) install -e '.[dev]'

demo: install
	@for f in seeds/*.txt; do \
	  echo "=================== $$f"; \
	  $(VENV)/bin/cleaner clean "$$f" --format markdown || exit 1; \
	done

# Derandomised property tests (the `ci` profile of tests/conftest.py): the same verdict as CI.
test: dev
	sh tools/install-chromium.sh   # Debian chromium + driver for the browser tests; no-op once there
	HYPOTHESIS_PROFILE=$${HYPOTHESIS_PROFILE:-ci} $(PY) -m pytest

# The property-based tests with fresh random examples, fifty times as many (tens of minutes): before a
# release, or after touching a pass. A failure prints the example to pin with @example.
test-thorough: dev
	HYPOTHESIS_PROFILE=thorough $(PY) -m pytest -p no:cacheprovider $$(grep -l '@given' tests/*.py tests/*/*.py)

# A plain `pip install .` with the pip that ships with this Python, in a fresh venv (what CI checks).
check-install:
	sh tools/check-install.sh $(PYTHON)

# ruff, mypy, and the architecture's import contracts ([tool.importlinter] in pyproject.toml; the test run
# checks them too, in tests/test_architecture.py)
lint: dev
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

# Module and function sizes, largest first: a report, not a gate (docs/architecture.md).
sizes:
	$(PYTHON) tools/sizes.py

bench-quality: dev
	$(PY) benchmarks/quality.py

bench-speed: dev
	$(PY) benchmarks/throughput.py

# Peak memory of `cleaner batch` on 10 000 documents against 1 000: streaming stays flat.
bench-memory: dev
	$(PY) benchmarks/memory.py

# The share of clean()'s time per pass and skeleton part, and clean_html against trafilatura (pages/s).
bench-passes: dev
	$(PY) benchmarks/pass_times.py

# Fuzz clean() and clean_html() for FUZZ_SECONDS (atheris; hypothesis where atheris does not install).
# A crashing input is written to fuzz/regressions/, which tests/test_fuzz_regressions.py replays.
FUZZ_SECONDS ?= 120
fuzz: dev
	$(PIP) install -e '.[fuzz]' || echo "atheris did not install: fuzzing with hypothesis instead"
	$(PY) fuzz/fuzz_clean.py -max_total_time=$(FUZZ_SECONDS) -timeout=60 -rss_limit_mb=4096

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .hypothesis src/cleaner/_forest.*.so
