# eventsys: `make run` serves the demo on http://127.0.0.1:5000; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
TRANSLATIONS := eventsys/translations
HOST ?= 127.0.0.1
PORT ?= 5000
# Two workers: the suite runs in parallel on both cores (each worker gets its own PostgreSQL database).
PYTEST_ARGS ?= -n 2

.PHONY: run test setup translations update-translations migrate bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
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

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: setup
	for f in bench/*.py; do $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) instance .pytest_cache

# For developers: after adding strings, give them Thai in eventsys/translations/th/<area>.json, then:
update-translations: $(VENV)/.installed
	$(BIN)/python scripts/update_translations.py --check
