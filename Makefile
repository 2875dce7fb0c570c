# make run  : create .venv if missing, install, ingest data/raw, print the coverage table
# make test : install the test extras and run the whole test suite
# make lint : ruff and mypy (the dev extra), as CI runs them
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: run test install install-test bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install only when the project's metadata changes; the install is editable.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP)

install: $(STAMP)
install-test: $(TSTAMP)

run: $(STAMP)
	$(BIN)/skg ingest data/raw
	$(BIN)/skg query harm-coverage
	$(BIN)/skg report --out data/report.html

test: $(TSTAMP)
	$(BIN)/python -m pytest -q

bench: $(TSTAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/dedupe.py
	$(BIN)/python bench/tag.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/ingest.py

lint: $(TSTAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m ruff check .
	$(BIN)/python -m mypy extractors graph queries pipeline

clean:
	rm -rf $(VENV) data/graph data/cache .pytest_cache
