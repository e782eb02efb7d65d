# yisieve: `make demo` sets up and cleans the bundled sample crawl; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_OUT ?= /tmp/yisieve-demo
PYTEST_WORKERS ?= 2

.PHONY: setup demo test test-slow test-flink test-packaging wheels flink-cluster lint clean

setup: $(STAMP) $(BIN)/lmplz

# Re-installs only when the dependency list changes; torch is pinned to the CPU build on disk.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# KenLM's trainer (lmplz) and binarizer (build_binary) are not on PyPI as binaries: build them
# from the kenlm sdist (cmake + boost), once. The Python module `kenlm` only scores.
KENLM_DEBS := libboost-program-options-dev libboost-system-dev libboost-thread-dev \
	libboost-test-dev libeigen3-dev zlib1g-dev cmake g++
KENLM_BUILD := $(VENV)/kenlm-build

$(BIN)/lmplz: | $(STAMP)
	@missing=$$(for p in $(KENLM_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing build packages for KenLM: $$missing"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq >/dev/null && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
	rm -rf $(KENLM_BUILD) && mkdir -p $(KENLM_BUILD)
	$(BIN)/python -m pip download --quiet --no-deps --no-binary kenlm kenlm -d $(KENLM_BUILD)
	tar -xzf $(KENLM_BUILD)/kenlm-*.tar.gz -C $(KENLM_BUILD)
	@echo "building KenLM lmplz + build_binary (about a minute)"
	@( cmake -S $(KENLM_BUILD)/kenlm-*/ -B $(KENLM_BUILD)/build -DCMAKE_BUILD_TYPE=Release \
	  -DKENLM_MAX_ORDER=6 && $(MAKE) -C $(KENLM_BUILD)/build -j$$(nproc) lmplz build_binary ) \
	  > $(KENLM_BUILD)/build.log 2>&1 || { tail -40 $(KENLM_BUILD)/build.log; exit 1; }
	cp $(KENLM_BUILD)/build/bin/build_binary $(BIN)/build_binary
	cp $(KENLM_BUILD)/build/bin/lmplz $(BIN)/lmplz
	rm -rf $(KENLM_BUILD)

demo: setup
	$(BIN)/yisieve clean --input jobs/sample_crawl/data --output $(DEMO_OUT) --overwrite

test: setup
	$(BIN)/python -m pytest -q -n $(PYTEST_WORKERS)

test-slow: setup
	$(BIN)/python -m pytest -q -m slow

# A real Flink cluster on this machine (Flink from PyPI, Beam's job server built with Maven):
# started for the Flink tests and stopped afterwards, whatever their outcome.
FLINK := jobs/flink/local_cluster.sh
flink-cluster: setup
	PYTHON=$(BIN)/python $(FLINK) install

test-flink: flink-cluster
	PYTHON=$(BIN)/python $(FLINK) start
	status=0; $(BIN)/python -m pytest -q -m flink || status=$$?; \
	  $(FLINK) stop; exit $$status

# The wheels that Dataflow workers install (--extra_packages) and that a user can pip install:
# yisieve itself and kenlm, which has no binary wheel on PyPI.
wheels: setup
	rm -rf dist && mkdir -p dist
	$(BIN)/python -m build --wheel --outdir dist . > dist/build.log 2>&1 || { tail -30 dist/build.log; exit 1; }
	$(BIN)/python -m pip wheel --quiet --no-deps --wheel-dir dist kenlm
	rm -f dist/build.log

test-packaging: wheels
	$(BIN)/python -m pytest -q -m packaging

# mypy reads the packages as they are installed (the folders as yisieve.<folder>, setup.py):
# a tree of links under .venv gives it that layout (pyproject.toml: mypy_path).
MYPY_TREE := $(VENV)/mypy-tree/yisieve
ROOMS := pipeline filters scorers models train jobs

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	rm -rf $(MYPY_TREE) && mkdir -p $(MYPY_TREE)
	ln -s $(CURDIR)/yisieve/__init__.py $(CURDIR)/yisieve/api $(MYPY_TREE)/
	for room in $(ROOMS); do ln -s $(CURDIR)/$$room $(MYPY_TREE)/$$room; done
	$(BIN)/python -m mypy -p yisieve

clean:
	rm -rf $(VENV) $(DEMO_OUT) .pytest_cache dist .flink
