# yisieve: `make demo` sets up and cleans the bundled sample crawl; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_OUT ?= /tmp/yisieve-demo
PYTEST_WORKERS ?= 2

.PHONY: setup demo test test-slow lint clean

setup: $(STAMP)

# Re-installs only when the dependency list changes; torch is pinned to the CPU build on disk.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: setup
	$(BIN)/yisieve clean --input 'jobs/sample_crawl/*' --output $(DEMO_OUT) --overwrite

test: setup
	$(BIN)/python -m pytest -q -n $(PYTEST_WORKERS)

test-slow: setup
	$(BIN)/python -m pytest -q -m slow

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) $(DEMO_OUT) .pytest_cache
