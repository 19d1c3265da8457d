# The front door. `make serve` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000

.PHONY: serve build test test-py test-js site-tools validate schema docs bench clean

# The virtual environment is rebuilt when pyproject.toml changes.
$(BIN)/catalog: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

build: $(BIN)/catalog
	$(BIN)/catalog build --out site

# Builds the bundled catalog into site/, serves it on 127.0.0.1 and rebuilds on every edit.
serve: $(BIN)/catalog
	$(BIN)/catalog serve --port $(PORT) --out site

test: test-py test-js

test-py: $(BIN)/catalog site-tools
	$(BIN)/python -m pytest -q

# The site's browser tests need Debian's chromium, Java for the Nu HTML Checker, and the npm
# packages vnu-jar and axe-core (exact versions in package-lock.json). Installed only if missing.
site-tools: node_modules/.package-lock.json
	@missing=""; [ -x /usr/bin/chromium ] || missing="chromium"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	if [ -n "$$missing" ]; then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; fi

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

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
	rm -rf $(VENV) site .pytest_cache .hypothesis node_modules
