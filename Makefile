# Two commands for a newcomer: `make serve` and `make test`.
# Both bootstrap a local virtual environment (.venv) on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: serve test test-graph validate lint format clean

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

# The graph's tools only (data, shapes, validation, import, lint, generator): no server, no
# browser, in seconds; what a contributor who fixed a date runs before `make test`.
GRAPH_TESTS := tests/data tests/shapes tests/validation tests/importing tests/generate \
	tests/minting tests/ontology tests/sourcecheck tests/queries tests/test_layers.py

test-graph: $(BIN)/.installed-test
	$(BIN)/python -m pytest $(GRAPH_TESTS)

validate: $(BIN)/.installed-serve
	$(BIN)/govsocial validate

format: $(BIN)/.installed-serve
	$(BIN)/govsocial format data

clean:
	rm -rf $(VENV) .pytest_cache build server/*.egg-info
