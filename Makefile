# The two commands: `make run` (set up, migrate, serve on http://127.0.0.1:8000) and `make test`
# (lint and type checks first, then the whole suite).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint setup system-deps model-deps recogniser-deps bench lock clean

$(BIN)/knotty: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

setup: $(BIN)/knotty

run: setup
	$(BIN)/knotty migrate
	$(BIN)/knotty serve --host $(HOST) --port $(PORT)

system-deps:
	bash scripts/system-deps.sh

model-deps: setup
	VENV=$(VENV) bash scripts/model-deps.sh

recogniser-deps: setup
	VENV=$(VENV) bash scripts/recogniser-deps.sh

# The checks the code is kept clean under, configured in pyproject.toml; `make test` runs them first.
LINTED := knotty channels web app tests bench migrations
lint: setup
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy

# The suite runs on every core (pytest-xdist), a test file per worker at a time, so a file's costly
# set-up (the model server, the recogniser, a browser) is made once; TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
test: setup lint system-deps model-deps recogniser-deps
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

bench: setup system-deps
	$(BIN)/python -m bench.run

# requirements.lock: the runtime dependencies the Docker image installs, every version pinned and every
# file hashed, resolved for Python 3.11 on any platform. Refresh it after changing the dependencies in
# pyproject.toml (tests/unit/test_lock_file.py fails until then), or to take newer releases.
LOCK_TOOLS := .cache/lock-tools
lock:
	$(PYTHON) -m venv $(LOCK_TOOLS)
	$(LOCK_TOOLS)/bin/pip install --quiet 'uv==0.13.8'
	$(LOCK_TOOLS)/bin/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
		--upgrade --custom-compile-command 'make lock' --quiet -o requirements.lock

clean:
	rm -rf $(VENV) .knotty .pytest_cache .mypy_cache .ruff_cache
