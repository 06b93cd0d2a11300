# The two commands of the README's quick start: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= countersight.db

.PHONY: install install-test demo test quality model bench screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test,postgres]"

## Ingest the bundled sample reports into $(DB), print a summary, then run the web app on it.
demo: install
	$(BIN)/countersight demo --db $(DB)
	@echo "open http://127.0.0.1:8000 (Ctrl-C stops the web app)"
	$(BIN)/countersight serve --db $(DB) --no-auth

## Run the whole test suite, quality gate included: on SQLite, and also on PostgreSQL
## when COUNTERSIGHT_TEST_PG holds a server URL (.ci/run starts one).
test: install-test
	$(BIN)/python -m pytest -q

## Take the README's screenshots of the web app (docs/screenshots/*.png) in Debian's Chromium
## (.ci/browser.sh installs it).
screenshots: install-test
	$(BIN)/python tools/screenshots.py

## Print the extraction quality on the bundled samples (and on ../shared seeds when present).
quality: install
	$(BIN)/python -m countersight.analysis.quality --full

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache

## Train the shipped extractor model (countersight/learn/model/) from the gold files in
## ../shared (dev and seeds), the project's samples and style samples: fixed seeds, seconds on 2 cores.
SHARED ?= ../shared
model: install
	$(BIN)/countersight train --base none \
		--gold $(SHARED)/corpus/dev $(SHARED)/gold/dev.jsonl \
		--gold $(SHARED)/corpus/seeds $(SHARED)/gold/seeds.jsonl \
		--gold countersight/samples/reports countersight/samples/gold.jsonl \
		--gold countersight/samples/styles/reports countersight/samples/styles/gold.jsonl \
		-o countersight/learn/model
