# Two entry points that work on a fresh machine with Python, make and apt:
#   make run   - set up .venv and build content/ into output/
#   make test  - set up .venv with test extras, Chromium, then run every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench bench-smoke setup setup-test browser clean

run: setup
	$(BIN)/gloss-graph build content -o output

test: setup-test browser
	$(BIN)/python -m pytest

bench: setup-test
	$(BIN)/python benchmarks/run.py

bench-smoke: setup-test
	$(BIN)/python benchmarks/run.py --smoke

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# An editable install leaves the package as source. Python compiles a module
# it imports and caches the bytecode, unless it may not write it
# (PYTHONDONTWRITEBYTECODE, a read-only checkout): then every run compiles
# every module again, 30 ms of a 0.5 s build. Compiling once here is what a
# wheel install does; a stale .pyc is noticed by Python and never used.
setup: $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	$(BIN)/python -m compileall -q src/gloss_graph

setup-test: $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	$(BIN)/python -m compileall -q src/gloss_graph

# The browser tests drive Debian's Chromium through Playwright; no browser
# download is needed or attempted.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium; fi; }

# Everything `make run` and `make test` made: the virtualenv, and in output/
# every output, the build cache (.gloss-graph-cache.json) and its lock
# (.gloss-graph.lock); output/README.md stays.
OUTPUTS := glossary.ttl glossary.nt glossary.jsonld graph.html graph.graphml graph.gexf report.json report.md
clean:
	rm -rf $(VENV)
	cd output && rm -f $(OUTPUTS) .gloss-graph-cache.json .gloss-graph-cache.pickle .gloss-graph.lock .*.tmp
