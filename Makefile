# Factcheck: `make demo` and `make test` are all a new machine needs (Python 3.11).
# With DATABASE_URL and REDIS_URL set, the same targets use PostgreSQL, Redis and a
# real Celery worker.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# Embedded Celery beat for the worker that `make demo` and `make worker` start.
BEAT ?= -B --schedule=var/celerybeat-schedule
# Development runs; production sets DEBUG=0 and SECRET_KEY itself.
export DEBUG ?= 1

.PHONY: install demo test lint format bench worker clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

demo: install
	$(MANAGE) ensure_database
	$(MANAGE) migrate --noinput
	@set -e; \
	if [ -n "$$REDIS_URL" ]; then \
	  mkdir -p var; \
	  $(BIN)/celery -A factcheck worker --loglevel=info --concurrency=2 $(BEAT) & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null || true' EXIT INT TERM; \
	fi; \
	$(MANAGE) load_seeds; \
	$(MANAGE) demo_user; \
	echo "Serving on http://127.0.0.1:8000 (Ctrl-C to stop)"; \
	$(MANAGE) runserver 127.0.0.1:8000

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python -m bench.run $(BENCH)

# One worker per deployment runs Celery beat (-B), which schedules the sweep that
# re-sends documents whose task was lost; start more workers with `make worker BEAT=`.
worker: install
	mkdir -p var
	$(BIN)/celery -A factcheck worker --loglevel=info $(BEAT)

clean:
	rm -rf $(VENV) var/*.sqlite3 var/celerybeat-schedule* .pytest_cache .ruff_cache
