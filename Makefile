# cepathway: two commands on a fresh machine.
#   make run   – set up everything (venv, pinned deps, front-end build, database, fictional demo data) and serve
#   make test  – the whole test suite (installs Debian's Chromium for the browser tests when root, else says how)

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup assets migrate demo lint typecheck clean screenshots bench load

run: setup migrate demo
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(PY) manage.py runserver $(HOST):$(PORT)

setup: $(VENV)/.installed assets
	bash scripts/ensure_pdf_libraries.sh

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade "pip==26.3"
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

assets: $(VENV)/.installed
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" bash frontend/build.sh

migrate: $(VENV)/.installed
	$(PY) manage.py migrate --verbosity 0

demo: migrate
	$(PY) manage.py demo_setup

test: $(VENV)/.installed
	bash scripts/ensure_browser.sh
	$(VENV)/bin/pytest -n auto

screenshots: setup
	$(PY) docs/screenshots/take.py

# Issue 8's benchmark on PostgreSQL (bench/README.md): BENCH_SIZES=county,national by default.
bench: $(VENV)/.installed
	$(PY) bench/run.py

# 32 signed-in clients on loopback for 60 s against gunicorn on the county world (bench/README.md).
load: $(VENV)/.installed
	$(PY) bench/load.py

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy cepathway

clean:
	rm -rf $(VENV) var frontend/node_modules cepathway/ui/static/ui
