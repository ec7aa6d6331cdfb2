# Stocktake. `make run` and `make test` install everything they need themselves.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/.venv
PYTHON ?= python3
UV := $(PYTHON) -m uv
BIN := $(CURDIR)/.venv/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help setup run test lint check test-only browser-deps bench clean

help:
	@echo "make run    – install, migrate, load the demo and serve on http://$(HOST):$(PORT)"
	@echo "make test   – install and run every check and test (SQLite, then PostgreSQL)"
	@echo "make bench  – the speed benchmark (see docs/benchmarks.md)"

.venv/.synced: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --frozen --quiet
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

var/assets/stocktake.css: stocktake/core/assets/stocktake.scss node_modules/.installed
	@mkdir -p var/assets
	npx sass --no-source-map --quiet-deps --silence-deprecation=import --style=compressed \
	  --load-path=node_modules/govuk-frontend/dist $< $@

setup: .venv/.synced node_modules/.installed var/assets/stocktake.css

run: export STOCKTAKE_ENV := development
run: setup
	$(BIN)/stocktake migrate --no-input
	$(BIN)/stocktake load-demo
	@echo
	@echo "  Stocktake is running at http://$(HOST):$(PORT)/"
	@echo "  Sign in as admin, lead, owner, partner, viewer or outsider; the password is: stocktake"
	@echo
	$(BIN)/stocktake runserver $(HOST):$(PORT)

browser-deps:
	@command -v chromium >/dev/null || { \
	  echo "Installing Chromium from Debian's packages for the browser journeys"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python scripts/check_scoping.py
	DJANGO_SETTINGS_MODULE=stocktake.settings_test $(BIN)/stocktake makemigrations --check --dry-run

test: setup browser-deps lint
	$(BIN)/python scripts/test_databases.py

bench: setup
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf .venv node_modules var .pytest_cache .mypy_cache .ruff_cache
