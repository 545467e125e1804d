# Two commands on a fresh machine: `make run` and `make test`. Everything they need is set up here.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
HOST   ?= 127.0.0.1
TRANSLATIONS := screening/translations
CATALOGS := $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)

.PHONY: run test bench lint messages install install-dev system-test-deps clean vendor

# Quiet: only the server's lines and, on first run, the setup link in a box printed last.
run: install $(COMPILED)
	@$(BIN)/screening db upgrade >/dev/null
	@$(BIN)/screening serve --host $(HOST) --port $(PORT)

test: install-dev $(COMPILED) system-test-deps lint
	$(BIN)/pytest

# Our pages against a bare Flask app under gunicorn, with wrk, on SQLite and on PostgreSQL.
bench: install-dev $(COMPILED)
	scripts/ensure-system-packages --bench
	scripts/with-postgres $(BIN)/python -m benchmarks $(BENCH_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/mypy screening

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when the project's dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

%.mo: %.po | $(VENV)/.installed
	@$(BIN)/pybabel --quiet compile -i $< -o $@

# Browser, PDF rasteriser: Debian packages, installed once when missing.
system-test-deps:
	scripts/ensure-system-packages

# For developers: extract new strings and merge them into the English catalogue.
messages: install-dev
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching --ignore-obsolete

# For developers: refresh the NL Design System CSS in screening/static/vendor from npm
# (versions pinned in vendor/package.json and package-lock.json). Node is needed only here.
vendor:
	cd vendor && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	$(PYTHON) scripts/vendor-css

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .mypy_cache .ruff_cache test-artifacts
