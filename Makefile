# Two commands matter: `make run` (portal with a demo catalogue, the delivery worker, and the bot when BOT_TOKEN is set)
# and `make test` (every test). Both create the virtual environment and compile translations first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PYBABEL := $(VENV)/bin/pybabel
LOCALES := zh_Hans zh_Hant en ru fr ar th
BABEL_KEYWORDS := -k N_ -k __ -k lazy_gettext -k ngettext:1,2 -k pgettext:1c,2

.PHONY: install install-run run test lint constraints locale locale-extract locale-update locale-compile \
	locale-compile-run clean

# Running needs only the runtime dependencies; the tests add the dev extras (Playwright, schemathesis, mypy …).
install: $(VENV)/.installed
install-run: $(VENV)/.installed-run

$(VENV)/.installed-run: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed: $(VENV)/.installed-run
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

# .mo files are build products (not committed); aiogram's I18n refuses to start without them.
locale-compile: install
	$(PYBABEL) compile -d locale -D messages

locale-compile-run: install-run
	$(PYBABEL) compile -d locale -D messages

locale-extract: install
	$(PYBABEL) extract -F babel.cfg $(BABEL_KEYWORDS) --no-location --sort-output \
	  --project "Lifelong Learning Portal" -o locale/messages.pot .

locale-update: locale-extract
	$(PYBABEL) update -i locale/messages.pot -d locale -D messages --no-fuzzy-matching --ignore-obsolete

locale: locale-update locale-compile

run: locale-compile-run
	$(PY) -m courses migrate
	$(PY) -m courses demo --if-empty
	@# The bot exits at once with one line when BOT_TOKEN is not set, the worker when neither SMTP_URL nor
	@# BOT_TOKEN is; the portal keeps running, and stopping it stops the others.
	@trap 'kill $$BOT $$WORKER 2>/dev/null' EXIT; $(PY) -m bot & BOT=$$!; $(PY) -m courses deliver & WORKER=$$!; \
	  $(PY) -m portal

test: locale-compile
	$(PY) -m pytest $(PYTEST_ARGS)

# The gates CI runs before the tests: ruff over the tree, mypy over the domain (settings in pyproject.toml).
lint: install
	$(VENV)/bin/ruff check courses portal bot tests bench
	$(VENV)/bin/mypy

# Pin what a fresh install gets; refresh after changing dependencies in pyproject.toml.
constraints:
	$(PY) -m pip freeze --exclude-editable | grep -v '^-e' > constraints.txt

clean:
	rm -rf $(VENV) locale/*/LC_MESSAGES/*.mo
