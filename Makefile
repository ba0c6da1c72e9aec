# eventsys: `make run` serves the demo on http://127.0.0.1:5000; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
TRANSLATIONS := eventsys/translations
HOST ?= 127.0.0.1
PORT ?= 5000
# Three workers on the two cores (each worker gets its own PostgreSQL database): much of a test's
# time is spent waiting (PostgreSQL round trips, chromium, vnu, pdftoppm), which a third fills.
PYTEST_ARGS ?= -n 3 --dist worksteal --durations=25

.PHONY: run serve test lint lock setup translations extract-translations update-translations migrate bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Runtime packages only (what `make run` and a server need); constraints.txt pins their dependencies.
$(VENV)/.installed: requirements.txt constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt -c constraints.txt
	touch $@

# Test, lint and bench tools on top.
$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $@

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d $(TRANSLATIONS) -D messages

setup: $(VENV)/.installed translations

migrate: setup
	$(FLASK) db upgrade

run: migrate
	$(FLASK) seed-demo
	$(FLASK) ensure-admin
	$(FLASK) run --host $(HOST) --port $(PORT)

# Production-style on this machine (docs/operations.md): DATABASE_URL (PostgreSQL) and SECRET_KEY
# required, REDIS_URL for RQ workers; migrations first, then RQ worker(s) and gunicorn (gunicorn.conf.py,
# WEB_CONCURRENCY workers) on $(HOST):$(PORT).
serve: setup
	HOST=$(HOST) PORT=$(PORT) deploy/serve.sh

# Lint: Ruff's rules and format (pyproject.toml), and the architecture's import contracts.
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# The validators the tests run over every page (package.json): the Nu Html Checker and axe-core.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

test: setup $(VENV)/.installed-dev lint node_modules/.installed
	@if [ -z "$$TEST_DATABASE_URL" ]; then echo "PostgreSQL variants will be skipped: run with TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test to include them."; fi
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Re-pin every dependency after changing requirements*.txt.
lock: $(VENV)/.installed-dev
	$(BIN)/pip-compile --quiet --strip-extras --no-header --allow-unsafe --no-emit-index-url \
		--no-emit-find-links -o constraints.txt.new requirements-dev.txt
	{ sed -n '1,3p' constraints.txt; cat constraints.txt.new; } > constraints.txt.tmp
	mv constraints.txt.tmp constraints.txt; rm -f constraints.txt.new

bench: setup $(VENV)/.installed-dev
	for f in bench/*.py; do $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) instance .pytest_cache

# Translations, the standard Babel flow. The Thai catalogue $(TRANSLATIONS)/th/LC_MESSAGES/messages.po
# is the source of truth. After adding or changing strings: `make update-translations`, give Thai to
# the new (empty) and `#, fuzzy` entries in messages.po and drop their fuzzy flag, then
# `make translations`; tests/i18n/test_catalogue.py fails until every string has reviewed Thai.
# pybabel takes keywords only on its command line (babel.cfg cannot list them): Babel's defaults
# (_, gettext, ngettext, pgettext...) plus Flask-Babel's lazy forms. The test reads this line.
BABEL_KEYWORDS := -k _l -k lazy_gettext -k lazy_ngettext:1,2 -k lazy_pgettext:1c,2
# --omit-header: the template's header would only carry a new POT-Creation-Date on every run.
extract-translations: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) --sort-by-file --omit-header \
		-o $(TRANSLATIONS)/messages.pot .

# --ignore-pot-creation-date keeps the .po header as it is (the template has none); --ignore-obsolete
# drops strings the code no longer uses (git history keeps their Thai). Fuzzy matching stays on: a
# reworded string gets its old Thai as a draft, flagged fuzzy with the old English (--previous);
# pybabel compile leaves fuzzy entries out of the .mo, so users see English until a translator clears it.
update-translations: extract-translations
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) -D messages \
		--ignore-pot-creation-date --ignore-obsolete --previous
