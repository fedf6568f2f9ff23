# Bootstrap only: create .venv, install the pinned dependencies, then hand over
# to the invoke tasks in tasks.py (where every command lives).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.install-stamp

.PHONY: setup serve build test check clean

setup: $(STAMP)

$(STAMP): pyproject.toml package.json package-lock.json
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is required"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	npm ci --no-audit --no-fund --ignore-scripts
	touch $(STAMP)

serve: setup
	$(BIN)/invoke reserve

build: setup
	$(BIN)/invoke build

test: setup
	$(BIN)/invoke test

check: setup
	$(BIN)/invoke check

clean:
	rm -rf $(VENV) node_modules output
