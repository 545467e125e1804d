# Two commands on a fresh machine: `make run` and `make test`. Everything they need is set up here.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
HOST   ?= 127.0.0.1
TRANSLATIONS := screening/translations
CATALOGS := $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)

.PHONY: run test test-lowest bench bench-scale soak lint lock messages install install-dev system-test-deps clean vendor

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

# Seeds 1k / 100k / 1M screenings on SQLite and PostgreSQL (takes a while; not in CI).
bench-scale: install-dev $(COMPILED)
	scripts/with-postgres $(BIN)/python -m benchmarks.scale $(SCALE_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/mypy screening

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The lock: exact versions with hashes, compiled from pyproject.toml by `make lock`.
APP_LOCK := requirements/app.txt
DEV_LOCK := requirements/dev.txt

# Reinstall when the lock changes (or pyproject.toml: entry points, package data).
# -qq: errors only (setuptools announces every editable install with a warning).
$(VENV)/.installed: $(APP_LOCK) pyproject.toml | $(BIN)/python
	$(BIN)/pip install -qq --require-hashes -r $(APP_LOCK)
	$(BIN)/pip install -qq --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(DEV_LOCK) pyproject.toml | $(BIN)/python
	$(BIN)/pip install -qq --require-hashes -r $(DEV_LOCK)
	$(BIN)/pip install -qq --no-deps -e .
	touch $(VENV)/.installed $@

# After changing dependencies in pyproject.toml: pin what is new and keep the other pins.
# `make lock UPGRADE=1` moves every pin to the newest version pyproject.toml allows.
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes \
	--allow-unsafe --strip-extras --no-emit-find-links --no-emit-index-url $(if $(UPGRADE),--upgrade)

lock: install-dev
	$(PIP_COMPILE) --output-file $(APP_LOCK) pyproject.toml
	$(PIP_COMPILE) --extra dev --constraint $(APP_LOCK) --output-file $(DEV_LOCK) pyproject.toml

# The suite once against the lowest versions pyproject.toml declares (each direct dependency at
# its lower bound, theirs as new as allowed), in a venv of its own: are the lower bounds true?
LOWEST := .venv-lowest
test-lowest: $(COMPILED)
	rm -rf $(LOWEST)
	$(PYTHON) -m venv $(LOWEST)
	scripts/lowest-versions > $(LOWEST)/constraints.txt
	$(LOWEST)/bin/pip install -qq --constraint $(LOWEST)/constraints.txt -e '.[dev]'
	$(LOWEST)/bin/pytest -m "not e2e"

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

%.mo: %.po | $(VENV)/.installed
	@$(BIN)/pybabel --quiet compile -i $< -o $@

# Two gunicorn instances on PostgreSQL + Redis, 50 simulated professionals for 10 minutes (Locust);
# CI runs it shorter: make soak SOAK_ARGS="--users 10 --seconds 60".
SOAK_ARGS ?= --users 50 --seconds 600
soak: install-dev $(COMPILED)
	scripts/with-postgres scripts/with-redis $(BIN)/python -m benchmarks.soak $(SOAK_ARGS)

# Browser, PDF rasteriser: Debian packages, installed once when missing.
system-test-deps:
	scripts/ensure-system-packages

# For developers: extract new strings and merge them into the English catalogue.
messages: install-dev
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching --ignore-obsolete -w 100

# For developers: refresh the NL Design System CSS in screening/static/vendor from npm
# (versions pinned in vendor/package.json and package-lock.json). Node is needed only here.
vendor:
	cd vendor && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	$(PYTHON) scripts/vendor-css

clean:
	rm -rf $(VENV) $(LOWEST) .pytest_cache .hypothesis .mypy_cache .ruff_cache test-artifacts
