# Two commands for a newcomer on a fresh machine:
#   make site   creates the virtual environment, installs, and builds the sample sites into site/
#   make test   runs the tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test check schemas clean benchmark

site: $(VENV)/.installed
	$(BIN)/jobclub build --out site
	@echo "To look at the sites: $(BIN)/python -m http.server -d site 8000  and open http://127.0.0.1:8000/"

test: $(VENV)/.installed
	$(BIN)/ruff check generator tests
	$(BIN)/pytest

check: $(VENV)/.installed
	$(BIN)/jobclub check

schemas: $(VENV)/.installed
	$(BIN)/jobclub schema --out schemas

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf $(VENV) site .jobclub-work

# The national benchmark (not part of the tests): 350 synthetic areas against the naive way.
# It writes benchmarks/results.md; see benchmarks/national.py --help for a quicker, smaller run.
benchmark: $(VENV)/.installed
	$(BIN)/python benchmarks/national.py --areas 350 --runs 3 --naive-sample 35
