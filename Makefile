# Stocktake. `make run` and `make test` install everything they need themselves.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/.venv
# Python caches compiled modules in __pycache__; with PYTHONDONTWRITEBYTECODE set (as on some
# CI machines) every test worker recompiles Django and the app from source, seconds each.
unexport PYTHONDONTWRITEBYTECODE
PYTHON ?= python3
UV := $(PYTHON) -m uv
BIN := $(CURDIR)/.venv/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help setup run test lint check test-only run-deps system-deps browser-deps bench clean

# Tests run in parallel, one worker per core.
WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
FAST := not browser and not pdf and not slow

help:
	@echo "make run    – install, migrate, load the demo and serve on http://$(HOST):$(PORT)"
	@echo "              (with a background worker beside the server)"
	@echo "make test   – install and run every check and test (SQLite and PostgreSQL, side by side;"
	@echo "              5.5 minutes here — docs/benchmarks.md)"
	@echo "make check  – the fast check: lint, types and every test that needs no browser, PDF"
	@echo "              or long run, on SQLite (under a minute: 44 s here — docs/benchmarks.md)"
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
run: setup run-deps
	$(BIN)/stocktake migrate --no-input
	$(BIN)/stocktake load-demo
	@echo
	@echo "  Stocktake is running at http://$(HOST):$(PORT)/"
	@echo "  Sign in as admin, lead, owner, partner, viewer, qa_lead, auditor, analyst or outsider; the password is: stocktake"
	@echo "  A background worker (stocktake db_worker) runs beside the server to build reports;"
	@echo "  Ctrl+C stops both."
	@echo
	@$(BIN)/stocktake db_worker --no-reload & worker=$$!; \
	  trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	  $(BIN)/stocktake runserver $(HOST):$(PORT)

# Debian's packages. The app needs LibreOffice (Writer, headless) to turn board reports into
# PDF; the tests also need Chromium for the browser journeys and poppler-utils (pdftotext,
# pdftoppm) to read the PDFs back.
RUN_PACKAGES := libreoffice:libreoffice-writer-nogui
SYSTEM_PACKAGES := $(RUN_PACKAGES) chromium:chromium pdftotext:poppler-utils

run-deps: SYSTEM_PACKAGES := $(RUN_PACKAGES)
run-deps system-deps:
	@missing=""; for pair in $(SYSTEM_PACKAGES); do \
	  command -v "$${pair%%:*}" >/dev/null || missing="$$missing $${pair#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing from Debian's packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    $$missing >/dev/null; fi

browser-deps: system-deps

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python scripts/check_scoping.py
	DJANGO_SETTINGS_MODULE=stocktake.settings_test $(BIN)/stocktake makemigrations --check --dry-run

# The lint runs beside the two test suites rather than before them (its log is printed when
# they end); `make test` fails if any of the three fails.
test: setup system-deps
	@mkdir -p var; $(MAKE) --no-print-directory lint > var/lint.log 2>&1 & lint=$$!; \
	$(BIN)/python scripts/test_databases.py -n $(WORKERS) --dist worksteal; tests=$$?; \
	wait $$lint; linted=$$?; echo; echo "=== Lint (ruff, mypy, scoping, migrations) ==="; \
	cat var/lint.log; [ $$linted -eq 0 ] && echo "Lint passed." || echo "Lint FAILED."; \
	[ $$tests -eq 0 ] && [ $$linted -eq 0 ]

# The fast check makes its test databases from the models (--no-migrations; the root conftest
# adds the rows the data migrations would): `make test` runs the migrations themselves.
check: setup lint
	$(BIN)/python -m pytest -n $(WORKERS) --dist worksteal -m "$(FAST)" --no-migrations

bench: setup
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf .venv node_modules var .pytest_cache .mypy_cache .ruff_cache
