# Two commands for a newcomer: `make serve` and `make test`.
# Both bootstrap a local virtual environment (.venv) on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: serve test test-data test-graph validate lint format clean

PORT ?= 8080
HOST ?= 127.0.0.1

# Serving needs the package alone; the tests add their extras (pytest, Selenium, pandas, ...) and
# the benchmark's. Each stamp is rebuilt when pyproject.toml changes; pip shows its progress.
$(BIN)/python:
	@echo "Setting up $(VENV) (first run only) ..."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check --upgrade pip

$(BIN)/.installed-serve: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -e .
	touch $@

$(BIN)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -e '.[test,bench]'
	touch $@ $(BIN)/.installed-serve

serve: $(BIN)/.installed-serve
	$(BIN)/govsocial serve --host $(HOST) --port $(PORT)

test: $(BIN)/.installed-test
	$(BIN)/ruff check server tests bench
	$(BIN)/ruff format --check server tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

# What a contributor who fixed a date runs before `make test`: the data, shape, competency-query
# and IRI tests (about 20 s; no server, no browser).
DATA_TESTS := tests/data tests/shapes tests/queries tests/minting
# The graph's tools' tests: the above and validation, import, lint, generator, layers (no
# server, no browser; about 8 minutes on 2 cores, most of it checking the native validator
# against pySHACL).
GRAPH_TESTS := $(DATA_TESTS) tests/validation tests/importing tests/generate tests/ontology \
	tests/sourcecheck tests/test_layers.py

test-data: $(BIN)/.installed-test
	$(BIN)/python -m pytest $(DATA_TESTS)

test-graph: $(BIN)/.installed-test
	$(BIN)/python -m pytest $(GRAPH_TESTS)

validate: $(BIN)/.installed-serve
	$(BIN)/govsocial validate

format: $(BIN)/.installed-serve
	$(BIN)/govsocial format data

clean:
	rm -rf $(VENV) .pytest_cache build server/*.egg-info
