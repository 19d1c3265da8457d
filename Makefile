# The front door. `make serve` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: serve build test test-py test-js validate schema docs bench clean

# The virtual environment is rebuilt when pyproject.toml changes.
$(BIN)/catalog: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

build: $(BIN)/catalog
	$(BIN)/catalog build --out site

serve: build
	@echo "Serving the catalog on http://$(HOST):$(PORT)/"
	$(BIN)/python -m http.server $(PORT) --bind $(HOST) --directory site

test: test-py test-js

test-py: $(BIN)/catalog
	$(BIN)/python -m pytest -q

test-js:
	@if ls tests/js/*.test.mjs >/dev/null 2>&1; then node --test tests/js/; else echo "no JavaScript tests"; fi

validate: $(BIN)/catalog
	$(BIN)/catalog validate

schema: $(BIN)/catalog
	$(BIN)/catalog schema --out schemas

docs: $(BIN)/catalog
	$(BIN)/python -m catalog.cli.reference > docs/cli.md

bench: $(BIN)/catalog
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) site .pytest_cache .hypothesis
