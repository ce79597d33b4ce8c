# Stradom — the two Quick start commands and a few helpers.
#   make demo   create .venv, install, migrate SQLite, load the demo, serve on :8000 (and run the worker)
#   make test   create .venv, install with test extras; ruff, pending migrations, mypy on the
#               plain cores, then the whole suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DATA := var
STRADOM := STRADOM_SECRET_KEY_FILE=$(DATA)/secret.key STRADOM_SECURE_COOKIES=False $(BIN)/stradom

.PHONY: demo test serve lint format messages clean-venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changed since the last install.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

$(DATA)/secret.key:
	mkdir -p $(DATA)
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

# The worker (reports, imports) runs beside the server; Ctrl+C stops both (a job in hand
# is stopped too and marked interrupted, with no half file).
demo: $(VENV)/.installed $(DATA)/secret.key
	$(STRADOM) migrate --noinput
	$(STRADOM) demo
	$(STRADOM) worker & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(STRADOM) serve

serve: $(VENV)/.installed $(DATA)/secret.key
	$(STRADOM) serve

test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/python -m django makemigrations --check --dry-run --settings=stradom.test_settings
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 -q

lint: $(VENV)/.installed-test
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

# Needs GNU gettext (apt-get install gettext); the compiled .mo files are committed.
# Messages no longer in the code leave the catalogues (--no-obsolete).
messages: $(VENV)/.installed-test
	cd stradom && ../$(BIN)/django-admin makemessages -l pl -l en --no-obsolete --settings=stradom.test_settings --pythonpath=.. -i 'tests/*'
	cd stradom && ../$(BIN)/django-admin compilemessages --settings=stradom.test_settings --pythonpath=..

clean-venv:
	rm -rf $(VENV)
