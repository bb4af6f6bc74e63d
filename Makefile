# Webcert in Python. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DATA_DIR ?= ./.data
export PYTHONPATH := $(CURDIR)/services/common:$(CURDIR)/services/auth:$(CURDIR)/services/pu-lookup:$(CURDIR)/services/certificate:$(CURDIR)/services/messaging:$(CURDIR)/services/pdf:$(CURDIR)/gateway:$(CURDIR)/deploy:$(CURDIR)/deploy/simulators
export PORT DATA_DIR


.DEFAULT_GOAL := help
.PHONY: help run up test test-unit test-service test-system test-browser bench clean venv assets

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

gateway/node_modules/.installed: gateway/package.json gateway/package-lock.json
	npm ci --prefix gateway --no-audit --no-fund
	touch $@

venv: $(VENV)/.installed ## Create the virtual environment (first use of any target does it)
assets: gateway/node_modules/.installed ## Install the UI's design-system assets from npm

run: venv assets ## Start the whole system in one process (SQLite, in-process bus) at http://localhost:$(PORT)
	$(PY) -m webcert_deploy.embedded

up: venv assets ## Start the distributed form (each service its own process, RabbitMQ, PostgreSQL)
	$(PY) -m webcert_deploy.distributed

test: venv assets ## Run every test tier; says plainly which tiers could not run
	$(PY) tests/run_tiers.py unit service system browser

test-unit: venv ## Domain and contract tests, no I/O
	$(PY) tests/run_tiers.py unit

test-service: venv assets ## Each service through its HTTP API on its real database (SQLite and PostgreSQL)
	$(PY) tests/run_tiers.py service

test-system: venv assets ## All services as processes on RabbitMQ and PostgreSQL, through the gateway
	$(PY) tests/run_tiers.py system

test-browser: venv assets ## The manual's procedures in headless Chromium (Playwright)
	$(PY) tests/run_tiers.py browser

bench: venv ## Benchmarks (message bus on RabbitMQ + PostgreSQL); figures to bench/results/
	$(PY) bench/bus_benchmark.py

clean: ## Remove the local data directory
	rm -rf $(DATA_DIR)
