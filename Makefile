# cepathway: two commands on a fresh machine.
#   make run   – set up everything (venv, pinned deps, front-end build, database, fictional demo data) and serve
#   make test  – the whole test suite (installs Debian's Chromium for the browser tests when root, else says how)

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test setup assets migrate demo lint typecheck clean screenshots bench load fault fuzz

run: setup migrate demo
	PY=$(PY) HOST=$(HOST) PORT=$(PORT) bash scripts/serve_demo.sh

# Production: gunicorn behind a reverse proxy, against PostgreSQL (DATABASE_URL), DJANGO_DEBUG=0 (docs/deployment.md).
serve: setup
	bash deploy/serve.sh

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

# PostgreSQL restarted mid-run, then the mail server down, against gunicorn, a worker and the scheduler (bench/fault.py).
fault: $(VENV)/.installed
	$(PY) bench/fault.py

# The API fuzz run (docs/api.md, "Fuzzing") with more examples than `make test` gives it, and fresh ones each run.
FUZZ_EXAMPLES ?= 200
fuzz: $(VENV)/.installed
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(VENV)/bin/pytest -q -n auto tests/api/test_fuzz_openapi.py

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy cepathway

clean:
	rm -rf $(VENV) var frontend/node_modules cepathway/ui/static/ui
