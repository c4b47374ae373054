# Sandtable — developer and trainer entry points.
#   make play   bootstrap .venv, then open the trainee sandbox (Voilà, port $(PORT))
#   make test   bootstrap .venv, then ruff, mypy and the test suite
# Every recipe line runs in its own shell; make stops at the first failing line.

PY ?= python3
PORT ?= 8866
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

SANDBOX := notebooks/sandbox.ipynb

# Lint only the folders that exist (git does not keep empty folders, and ruff fails on a
# missing path).
LINT_PATHS := $(wildcard sim tests benchmarks scripts)

# Browser tests (tests/browser) need chromium; SANDTABLE_SKIP_BROWSER=1 leaves them out.
PYTEST_MARKERS := $(if $(filter 1,$(SANDTABLE_SKIP_BROWSER)),-m "not browser",)
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help venv test lint play bench clean distclean

help:
	@echo "make play       open the trainee sandbox (creates .venv on first use)"
	@echo "make test       ruff, mypy and the test suite (creates .venv on first use)"
	@echo "make lint       ruff and mypy only"
	@echo "make bench      run benchmarks/run_all.py"
	@echo "make clean      remove caches (keeps .venv)"
	@echo "make distclean  remove caches and .venv"

venv: $(STAMP)

# Reinstall whenever pyproject.toml (the dependency list) changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e '.[dev]'
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/mypy

test: $(STAMP)
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 $(PYTEST_MARKERS) $(PYTEST_ARGS) tests

play: $(STAMP)
	@echo "Sandtable sandbox: open http://localhost:$(PORT)/ in your browser (Ctrl-C stops it)."
	$(BIN)/voila $(SANDBOX) --port=$(PORT) --no-browser

bench: $(STAMP)
	@if [ -f benchmarks/run_all.py ]; then \
		$(BIN)/python benchmarks/run_all.py; \
	else \
		echo "No benchmarks yet (benchmarks/run_all.py does not exist)."; \
	fi

clean:
	find . -path ./$(VENV) -prune -o -type d \
		\( -name __pycache__ -o -name .ipynb_checkpoints \) -print -exec rm -rf {} +
	rm -rf .pytest_cache .mypy_cache .ruff_cache .hypothesis dask-worker-space build dist

distclean: clean
	rm -rf $(VENV) *.egg-info
