# The README's commands. Everything installs into .venv; nothing is needed but Python 3.11 and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FIXTURES := fixtures/2025-12-01-florida-talks.json
HOST ?= 127.0.0.1
PORT ?= 8000
# The browser tests (tests/browser) drive Debian's Chromium; Playwright never downloads a browser.
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

# The suite runs on every core (pytest-xdist, each worker its own test database), a module per
# worker at a time so a module's tests share its one load of the article (tests/conftest.py).
PYTEST_WORKERS ?= auto
PYTEST_PARALLEL := -n $(PYTEST_WORKERS) --dist loadfile

.PHONY: run test test-fast validate lighthouse fuzz bench load lint format install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Others' page validators (tests/validators): the Nu Html Checker (vnu-jar, runs on Java) and
# axe-core, pinned in tests/validators/package-lock.json. Without npm the validator tests skip
# and say why (or fail under REQUIRE_VALIDATORS=1, as CI sets).
VALIDATORS := tests/validators/node_modules/.installed
$(VALIDATORS): tests/validators/package.json tests/validators/package-lock.json
	cd tests/validators && npm ci --no-audit --no-fund --loglevel=error
	touch $@
validate:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(VALIDATORS); \
	else echo "NOTICE: npm not found: page validators (tests/validators) will skip"; fi

# Local development server: DEBUG on, SQLite in var/ unless DATABASE_URL says otherwise.
run: export DEBUG ?= 1
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py loaddata $(FIXTURES)
	$(BIN)/python manage.py initial_history
	$(BIN)/python manage.py ensure_admin
	@echo "Serving http://$(HOST):$(PORT)/ (admin at http://$(HOST):$(PORT)/admin/)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# lint-imports checks the layer contracts in pyproject.toml (docs/architecture.md).
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint validate
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml
	@echo "$(BIN)/pytest $(PYTEST_PARALLEL)"; $(BIN)/pytest $(PYTEST_PARALLEL); status=$$?; \
	if ! test -x "$(CHROMIUM)"; then \
	  if [ "$${REQUIRE_BROWSER:-}" = 1 ]; then \
	    echo "NOTICE: browser tests (tests/browser) FAILED: $(CHROMIUM) not found and REQUIRE_BROWSER=1"; \
	  else \
	    echo "NOTICE: browser tests (tests/browser) SKIPPED: $(CHROMIUM) not found (apt-get install chromium)"; \
	  fi; \
	fi; \
	exit $$status

# The inner loop: no lint, no browser, no subprocess-heavy tests (`make test` still runs them all).
test-fast: install-dev
	$(BIN)/pytest $(PYTEST_PARALLEL) -m "not browser and not slow"

# Lighthouse (SEO, accessibility, best practices) over every kind of public page, with Chromium,
# on a throwaway SQLite database of the shipped data; fails under LIGHTHOUSE_MIN (90).
lighthouse: install
	bash .ci/lighthouse

# Schemathesis over the whole OpenAPI schema, writes included, on a throwaway database.
fuzz: install-dev
	bash .ci/fuzz

# Latency against a one-query limit and a no-op floor, under gunicorn, on synthetic PostgreSQL data
# at each scale of BENCH_SCALES (one database each), then the growth from the smallest to the
# largest, the CSV against COPY and the target table (tests/benchmarks/README.md). BENCH_SCALE=N
# runs that one scale alone. BENCH_REUSE=1 keeps a database already holding its scale's data;
# BENCH_ONLY=exports measures only the large exports (Popolo, meetings.ics, CSV), =scenarios skips them.
BENCH_SCALES ?= 0.1 1
BENCH_SCALE ?=
BENCH_REQUESTS ?= 100
BENCH_REUSE ?= 0
bench: install-dev
	$(BIN)/python -m tests.benchmarks.run --scales "$(or $(BENCH_SCALE),$(BENCH_SCALES))" \
	  --requests "$(BENCH_REQUESTS)" $(if $(filter 1 true yes,$(BENCH_REUSE)),--reuse,--no-reuse)

# wrk for 30 s with 32 connections over API lists, details, the timeline and HTML pages, under
# gunicorn on a throwaway PostgreSQL database; fails on any socket error or non-2xx (.ci/load).
load: install
	bash .ci/load

clean:
	rm -rf $(VENV) var
