# Two commands on a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q

.PHONY: demo test install dev lint typecheck bench-quality bench-speed fuzz clean

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

test: dev
	sh tools/install-chromium.sh   # Debian chromium + driver for the browser tests; no-op once there
	$(PY) -m pytest

lint: dev
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy

bench-quality: dev
	$(PY) benchmarks/quality.py

bench-speed: dev
	$(PY) benchmarks/throughput.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .hypothesis
