# make run  : create .venv if missing, install, ingest data/raw, print the coverage table
# make test : install the test extras and run the whole test suite
# make lint : ruff and mypy (the dev extra), as CI runs them
# make neo4j / make neo4j-stop : a local Neo4j 5.26 (Maven Central, 127.0.0.1) in data/neo4j
# make test-neo4j : start a throw-away Neo4j, run every Neo4j test (a skip fails), stop it
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: run test install install-test bench lint clean neo4j neo4j-stop test-neo4j

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

NEO4J_DIR       ?= data/neo4j
NEO4J_TEST_DIR  ?= /tmp/skg-neo4j-test-$(shell id -u)
NEO4J_TEST_BOLT ?= 17687
NEO4J_TEST_HTTP ?= 17474
NEO4J_SERVER    := $(BIN)/python -m graph.stores.neo4j_server
NEO4J_TEST      := $(NEO4J_SERVER) --dir $(NEO4J_TEST_DIR) --bolt-port $(NEO4J_TEST_BOLT) --http-port $(NEO4J_TEST_HTTP)

neo4j: $(STAMP)
	$(NEO4J_SERVER) start --dir $(NEO4J_DIR)

neo4j-stop: $(STAMP)
	$(NEO4J_SERVER) stop --dir $(NEO4J_DIR)

# One shell, so the server is stopped whatever pytest returns; SKG_REQUIRE_NEO4J=1 makes a
# skipped test fail (tests/conftest.py), so a green run means every Neo4j test ran.
test-neo4j: $(TSTAMP)
	@$(NEO4J_TEST) stop >/dev/null 2>&1 || true
	rm -rf $(NEO4J_TEST_DIR)
	$(NEO4J_TEST) start >/dev/null
	@eval "$$($(NEO4J_TEST) env)"; \
	export SKG_REQUIRE_NEO4J=1 SKG_NEO4J_DIR=$(NEO4J_TEST_DIR) \
	       SKG_NEO4J_BOLT_PORT=$(NEO4J_TEST_BOLT) SKG_NEO4J_HTTP_PORT=$(NEO4J_TEST_HTTP); \
	status=0; $(BIN)/python -m pytest -q -m neo4j tests || status=$$?; \
	$(NEO4J_TEST) stop; exit $$status

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
