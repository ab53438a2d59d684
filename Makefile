# Two commands for a newcomer on a fresh machine:
#   make site   creates the virtual environment, installs, and builds the sample sites into site/
#   make test   also installs the HTML checker the tests use, then runs the tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The Nu Html Checker, from npm, into a cache folder the browser tests look in (.gitignored).
VNU_VERSION := 26.9.27
VNU_JAR := .cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar
CHROMIUM := /usr/bin/chromium

.PHONY: site test check schemas clean benchmark browser-tools

site: $(VENV)/.installed
	$(BIN)/jobclub build --out site
	@echo "To look at the sites: $(BIN)/python -m http.server -d site 8000  and open http://127.0.0.1:8000/"

test: $(VENV)/.installed $(VNU_JAR) browser-tools
	$(BIN)/ruff check generator tests
	$(BIN)/pytest

# Its install script would download a Java runtime if it found none: Java comes from apt, so skip it.
$(VNU_JAR):
	@command -v npm >/dev/null || { echo "make test needs npm to install the HTML checker (vnu-jar):"; \
	  echo "  sudo apt-get install npm    (or run .ci/run as root, which installs everything)"; exit 1; }
	npm install --prefix .cache/vnu --no-save --no-audit --no-fund --ignore-scripts vnu-jar@$(VNU_VERSION) >/dev/null

# What the browser tests need from the system: say what is missing before a long test run, not after.
browser-tools:
	@command -v java >/dev/null || { echo "make test needs Java to run the HTML checker:"; \
	  echo "  sudo apt-get install default-jre-headless"; exit 1; }
	@test -x $(CHROMIUM) || { echo "make test needs Debian's Chromium at $(CHROMIUM) for the browser tests:"; \
	  echo "  sudo apt-get install chromium"; exit 1; }

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
