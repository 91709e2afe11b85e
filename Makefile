# Member Support Portal: `make run` to try it, `make test` to check it.
SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Read the database found by bin/ensure-database, and this machine's settings
# (var/local.env: the local demo, plain http on loopback with DEBUG off).
LOAD_DB = set -a; source var/database.env; source var/local.env; set +a

.PHONY: help run dev backup restore test bench lint format db migrate demo worker serve clean

help:
	@echo "make run    - install, set up the database, load demo data and serve on http://$(HOST):$(PORT)/"
	@echo "make test   - install, set up the database and run every test (browser tests included)"
	@echo "make bench  - load the key pages under gunicorn with wrk at two scales; writes bench/results.md"
	@echo "make dev    - the same with the auto-reloading debug server (DEBUG on)"
	@echo "make lint   - ruff and migration checks"
	@echo "make backup - database and uploads into var/backups/; make restore FILE=... puts one back"

$(VENV)/.python-ok:
	@python=$$(bin/find-python)
	if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then rm -rf $(VENV); fi
	[ -x $(PY) ] || { echo "creating $(VENV) with $$python"; "$$python" -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	touch $@

$(VENV)/.installed: $(VENV)/.python-ok requirements.txt
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

db:
	@bin/ensure-database
	[ -f var/local.env ] || printf '# Written by make: the local demo (see README, Configuration).\nPORTAL_LOCAL_DEMO=1\n' > var/local.env

migrate: $(VENV)/.installed db
	@$(LOAD_DB)
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable

demo: migrate
	@$(LOAD_DB)
	$(MANAGE) seed_demo

run: demo
	@$(LOAD_DB)
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) demo_logins
	echo "Starting the task worker and the site on http://$(HOST):$(PORT)/ (Ctrl+C stops both)"
	$(MANAGE) run_worker --interval 1 & worker=$$!
	trap 'kill $$worker 2>/dev/null || true' EXIT INT TERM
	$(MANAGE) runserver --noreload $(HOST):$(PORT)

# Database (pg_dump custom format) and uploads in one file under var/backups/.
backup: db
	@$(LOAD_DB)
	bin/backup

# make restore FILE=var/backups/portal-….tar (replaces the database's contents and the uploads).
restore: db
	@$(LOAD_DB)
	bin/restore "$(FILE)"

# The auto-reloading debug server (DEBUG on: technical error pages) for development.
dev: demo
	@$(LOAD_DB)
	echo "Starting the task worker and the debug server on http://$(HOST):$(PORT)/ (Ctrl+C stops both)"
	$(MANAGE) run_worker --interval 1 & worker=$$!
	trap 'kill $$worker 2>/dev/null || true' EXIT INT TERM
	DJANGO_DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT)

worker: migrate
	@$(LOAD_DB)
	$(MANAGE) run_worker

lint: $(VENV)/.installed-dev db
	@$(LOAD_DB)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(MANAGE) makemigrations --check --dry-run

test: $(VENV)/.installed-dev db
	@bin/ensure-chromium
	$(MAKE) --no-print-directory lint
	$(LOAD_DB)
	$(MANAGE) collectstatic --noinput --verbosity 0
	# CI always builds the test database afresh; locally it is reused (--reuse-db).
	$(VENV)/bin/pytest $${CI:+--create-db} $(PYTEST_ARGS)

bench: $(VENV)/.installed-dev db
	@$(LOAD_DB)
	bin/ensure-wrk
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(PY) -m bench $(BENCH_ARGS)

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	@if [ -f var/pg/data/postmaster.pid ]; then
	  pg_ctl=$$(command -v pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl | tail -n1)
	  if [ "$$(id -u)" = 0 ]; then runuser -u postgres -- $$pg_ctl -D var/pg/data stop; else $$pg_ctl -D var/pg/data stop; fi
	fi
	rm -rf $(VENV) var
