# Cradle — the two commands for a fresh machine are `make run` and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint format migrate seed worker beat check clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Set up and start the site on the embedded defaults (SQLite, Celery eager).
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## The whole test suite (SQLite and eager Celery unless DATABASE_URL / Redis are there);
## PYTEST_ARGS narrows it, e.g. PYTEST_ARGS='-m browser'.
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

worker: install
	$(BIN)/celery -A lms worker --loglevel=INFO

beat: install
	$(BIN)/celery -A lms beat --loglevel=INFO

## Benchmarks on PostgreSQL (database cradle_bench) and Redis (database 14) on this
## machine: a realistic data set, gunicorn, a Celery worker and locust at 1, 10 and 50
## users, then the other bench commands; rewrites docs/benchmarks.md (about 7 min on a quiet machine).
bench: install
	$(BIN)/python -c "import locust" 2>/dev/null || $(BIN)/pip install --quiet -e '.[dev,bench]'
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
