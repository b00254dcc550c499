# Single entry point. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: help setup site validate demo-data serve test test-deps lint bench bench-search golden readme clean

help: ## List targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP) ## Create .venv/ and install everything

site: $(STAMP) ## Validate the data and build the site into site/
	$(PY) -m build_scripts build

validate: $(STAMP) ## Validate datasets/ (exit 1 when invalid)
	$(PY) -m build_scripts validate

demo-data: $(STAMP) ## Regenerate the demonstration datasets
	$(PY) -m build_scripts demo-data

serve: $(STAMP) ## Preview the site with live reload
	$(PY) -m build_scripts serve

NODE_STAMP := tests/browser/node_modules/.installed

$(NODE_STAMP): tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund --silent
	touch $(NODE_STAMP)

test-deps: $(STAMP) $(NODE_STAMP) ## Install what the tests need (also Debian's chromium, LibreOffice)
	bash .ci/system-deps

test: test-deps lint ## Lint, then run the test suite (unit, built site, browser)
	$(PY) -m pytest

golden: $(STAMP) ## Regenerate the golden Markdown pages in tests/golden/ (review the diff)
	$(PY) tests/golden/update.py

readme: $(STAMP) ## Rewrite the README's table of commands from the command-line parser
	$(PY) -c "from pathlib import Path; from build_scripts.cli import with_command_table as w; p = Path('README.md'); p.write_text(w(p.read_text(encoding='utf-8')), encoding='utf-8')"

lint: $(STAMP) ## ruff lint and format check; mypy type check of build_scripts/
	$(PY) -m ruff check build_scripts tests benchmarks
	$(PY) -m ruff format --check build_scripts tests benchmarks
	$(PY) -m mypy

BENCH_SIZES ?= 145,1000,5000
bench: $(STAMP) ## Print build benchmarks (about two hours; BENCH_SIZES=145 for a quick run)
	$(PY) benchmarks/run.py --sizes $(BENCH_SIZES)

bench-search: $(STAMP) ## A phone on Slow 4G: first-view bytes and time to search results (built site/)
	$(PY) benchmarks/search.py --site site

clean: ## Remove build outputs
	rm -rf site build .cache
