# Sandtable — developer and trainer entry points.
#   make play   bootstrap .venv, then open the trainee sandbox (Voilà, port $(PORT))
#   make test   bootstrap .venv, then ruff, mypy and the test suite
#   make lock   refresh requirements/lock.txt, the exact versions .venv is installed with
# Every recipe line runs in its own shell; make stops at the first failing line.

PY ?= python3
PORT ?= 8866
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# The lock: exact versions of every runtime and dev dependency (transitively) that were tested,
# for Python >= 3.10 on every platform (one file, with environment markers). .venv is installed
# with it as pip constraints; pyproject.toml keeps the version ranges that library users get.
LOCK := requirements/lock.txt
# `make lock` compiles it with uv, installed into a throwaway venv (not into .venv). Existing
# pins are kept where they still fit; `make lock LOCK_ARGS=--upgrade` moves everything to the
# newest releases, `LOCK_ARGS='--upgrade-package NAME'` only NAME.
UV_VERSION := 0.13.9
LOCK_ARGS ?=

SANDBOX := notebooks/sandbox.ipynb

# Lint only the folders that exist (git does not keep empty folders, and ruff fails on a
# missing path).
LINT_PATHS := $(wildcard sim tests benchmarks scripts)

# Browser tests (tests/browser) need chromium; SANDTABLE_SKIP_BROWSER=1 leaves them out.
PYTEST_MARKERS := $(if $(filter 1,$(SANDTABLE_SKIP_BROWSER)),-m "not browser",)
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help venv test lint play bench lock clean distclean

help:
	@echo "make play       open the trainee sandbox (creates .venv on first use)"
	@echo "make test       ruff, mypy and the test suite (creates .venv on first use)"
	@echo "make lint       ruff and mypy only"
	@echo "make bench      run benchmarks/run_all.py"
	@echo "make lock       refresh $(LOCK) (LOCK_ARGS=--upgrade for the newest releases)"
	@echo "make clean      remove caches (keeps .venv)"
	@echo "make distclean  remove caches and .venv"

venv: $(STAMP)

# Reinstall whenever pyproject.toml (the dependency list) or the lock (their versions) changes.
$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -c $(LOCK) -e '.[dev]'
	touch $(STAMP)

# Universal resolution (--universal, from Python 3.10 up) against PyPI; the existing lock's pins
# are uv's preferences. The throwaway venv is removed however the recipe ends; stdout (a copy of
# the lock) is dropped, uv's summary and errors still show.
lock:
	tool=$$(mktemp -d) && trap 'rm -rf "$$tool"' EXIT && \
	$(PY) -m venv "$$tool" && \
	"$$tool/bin/python" -m pip install --quiet uv==$(UV_VERSION) && \
	"$$tool/bin/uv" pip compile pyproject.toml --extra dev --universal --python-version 3.10 \
		--no-python-downloads --custom-compile-command "make lock" \
		--output-file $(LOCK) $(LOCK_ARGS) >/dev/null

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

# Replay and save again every sample session in sessions/ (after a model change, with
# MODEL_VERSION bumped in sim/engine/version.py); tests/test_samples.py checks they are current.
.PHONY: samples
samples: $(STAMP)
	$(BIN)/python sessions/make_samples.py
