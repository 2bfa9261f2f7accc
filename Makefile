# Campaign portal. `make help` lists the targets; `make run` and `make test` are all you need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := DJANGO_SETTINGS_MODULE=portal.settings.dev $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run run-s3 test lint format bench lock clean messages

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-9s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

install: $(VENV)/.installed ## Create .venv with the exact versions in requirements.lock

run: install ## Run the portal with demo content on http://127.0.0.1:8000 (SQLite, local media)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo --with-admin
	@# The background worker (emails, scheduled publishing) runs beside the web server
	@# and stops with it.
	$(MANAGE) run_worker & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
		$(MANAGE) runserver $(HOST):$(PORT)

run-s3: install ## Like run, with media in a local SeaweedFS S3 server (data in tmp/seaweedfs)
	$(BIN)/python -m portal.seaweedfs run --data tmp/seaweedfs -- $(MAKE) run

test: install ## Run the whole suite (needs PostgreSQL, Redis and Chromium; starts SeaweedFS)
	$(BIN)/pytest

lint: install ## Check style, the import rule between apps, migrations, known vulnerabilities
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(MANAGE) makemigrations --check --dry-run
	@# Passes with one line where PyPI's advisory data cannot be reached (portal/audit_dependencies.py).
	$(BIN)/python -m portal.audit_dependencies requirements.lock

format: install ## Fix what ruff can fix
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install ## Pages' req/s, p50/p99, SQL queries, size and worker memory under gunicorn, cached and not, vs a trivial view (docs/benchmarks.md); photo upload; search
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/media_upload.py
	$(BIN)/python bench/search.py

lock: install ## Re-resolve requirements.lock from pyproject.toml (after changing a dependency)
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url \
		--no-emit-find-links --output-file requirements.lock pyproject.toml

clean: ## Remove the virtualenv, the SQLite database, local media and caches
	rm -rf $(VENV) db.sqlite3 media staticfiles tmp .ruff_cache

messages: install ## Update the Welsh catalogue (locale/cy) from templates and code, then compile it
	@# makemessages needs GNU gettext (apt-get install gettext); compiling does not.
	$(MANAGE) makemessages --locale cy --no-obsolete --add-location file \
		--ignore '.venv/*' --ignore 'tests/*' --ignore 'staticfiles/*' --ignore 'media/*' \
		--ignore 'tmp/*' --ignore 'test-artifacts/*'
	$(MANAGE) compile_catalogues
