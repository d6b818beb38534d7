# Sesame: `make run` serves on http://127.0.0.1:8000 (`make run PORT=9000 HOST=0.0.0.0`),
# `make test` runs every test, `make vendor` refreshes the vendored browser libraries.
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test bench lint chromium migrate clean vendor

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.run-deps: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $(VENV)/.run-deps $@

migrate: $(VENV)/.run-deps
	$(BIN)/python manage.py migrate --noinput

run: migrate
	$(BIN)/python -m core.serve --host $(HOST) --port $(PORT)

# Refresh the vendored browser libraries listed in static/vendor/packages.txt (needs npm).
vendor: | $(BIN)/python
	$(BIN)/python scripts/vendor.py

chromium:
	@command -v chromium >/dev/null 2>&1 || \
		($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium)

lint: $(VENV)/.dev-deps
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

test: $(VENV)/.dev-deps chromium
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/pytest

bench: $(VENV)/.dev-deps
	$(BIN)/python -m bench

# The Pipecat web client and every module it imports (needs npm; `make run` does not).
.PHONY: vendor-pipecat
vendor: vendor-pipecat
vendor-pipecat:
	scripts/vendor_pipecat.sh

clean:
	rm -rf $(VENV) var
