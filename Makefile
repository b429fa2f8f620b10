# The two commands: `make run` (set up, migrate, serve on http://127.0.0.1:8000) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup system-deps model-deps recogniser-deps bench clean

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

test: setup system-deps model-deps recogniser-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: setup system-deps
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) .knotty .pytest_cache
