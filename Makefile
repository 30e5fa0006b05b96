# Two commands for a newcomer: `make serve` and `make test`.
# Both bootstrap a local virtual environment (.venv) on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: serve test validate lint format clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@

serve: $(BIN)/.installed
	$(BIN)/govsocial serve

test: $(BIN)/.installed
	$(BIN)/ruff check server tests
	$(BIN)/python -m pytest

validate: $(BIN)/.installed
	$(BIN)/govsocial validate

format: $(BIN)/.installed
	$(BIN)/govsocial format data

clean:
	rm -rf $(VENV) .pytest_cache build server/*.egg-info
