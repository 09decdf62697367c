# Puente: `make run` sets everything up and serves the app; `make test` runs every test.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PUENTE := $(VENV)/bin/puente
# The real data snapshots, when they sit beside the checkout; otherwise ingest downloads
# from the official publishers.
PUENTE_MIRROR ?= $(shell [ -d ../shared/data ] && cd ../shared/data && pwd)
export PUENTE_MIRROR

.PHONY: install lock lock-upgrade run test test-fast lint bench mutation fuzz check clean messages messages-update screenshots

# Every install takes its versions from constraints.txt (exact pins, see `make lock`), so a fresh
# machine and CI run the versions the tests last passed on.
$(VENV)/.installed: pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[test]'
	touch $@

install: $(VENV)/.installed

# Every extra in pyproject.toml, so the pins cover them all (e.g. "test,spark").
EXTRAS = $(shell python3 -c "import tomllib; print(','.join(tomllib.load(open('pyproject.toml', 'rb'))['project'].get('optional-dependencies', {})))")

# After adding a dependency to pyproject.toml: pin it (and what it brings) and keep every other
# pin as it is. Commit constraints.txt with pyproject.toml.
lock: install
	$(PY) -m pip install -q -c constraints.txt -e '.[$(EXTRAS)]'
	$(PY) scripts/lock.py puente-mx constraints.txt
	touch $(VENV)/.installed

# On purpose, now and then: move every pin to the newest version pyproject.toml allows, then
# run `make check` before committing the new constraints.txt.
lock-upgrade: install
	$(PY) -m pip install -q --upgrade --upgrade-strategy eager -e '.[$(EXTRAS)]'
	$(PY) scripts/lock.py puente-mx constraints.txt
	touch $(VENV)/.installed

run: install
	@# A dataset that cannot be loaded is reported; the app is served with what loaded.
	@# On a new database with the mirror, the two older SDN snapshots load first, so the
	@# list's history (diffs, new designations, organisations over the versions) has versions.
	-if [ ! -e "$${PUENTE_DB:-var/puente.duckdb}" ] && [ -d "$(PUENTE_MIRROR)/ofac_sdn" ]; then \
		$(PUENTE) ingest ofac-sdn --from "$(PUENTE_MIRROR)/ofac_sdn/official_csv_2021-07" --quiet; \
		$(PUENTE) ingest ofac-sdn --from "$(PUENTE_MIRROR)/ofac_sdn/sdn_csv_2024-07-02" --quiet; \
	fi
	-$(PUENTE) ingest --all
	$(PUENTE) serve

test: install
	@sh scripts/need_chromium.sh
	$(PY) -m pytest -q -n 2  # two workers: the suite takes about 15 minutes on 2 quiet cores

test-fast: install
	$(PY) -m pytest -q -m "not browser and not integration and not slow"

lint: install
	$(VENV)/bin/ruff check src tests bench scripts
	$(VENV)/bin/ruff format --check src tests bench scripts
	$(VENV)/bin/mypy --strict src

bench: install
	$(PY) -m bench.run

# Mutation testing of the core modules (scripts/mutation.py): a seeded sample of mutants per
# module, each run against the tests that execute its line; writes bench/RESULTS.md and fails
# under an 85% kill rate. MUTATION_ARGS="--all" runs every mutant (hours on 2 cores).
MUTATION_ARGS ?= --sample 12
mutation: install
	$(PY) scripts/mutation.py $(MUTATION_ARGS) --write-results

# schemathesis with every check over every operation, many more examples than `make test`.
FUZZ_EXAMPLES ?= 60
fuzz: install
	PUENTE_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -q tests/api/test_fuzz.py

check: lint test

clean:
	rm -rf var/ .pytest_cache .mypy_cache .ruff_cache

# The message catalog template for translators (templates use _() throughout).
messages: install
	mkdir -p src/puente/web/locale
	$(VENV)/bin/pybabel extract -F babel.cfg -o src/puente/web/locale/messages.pot .

# Merge a fresh template into every catalog (new msgids come in empty; changed ones fuzzy, and
# fuzzy or empty entries show in English until translated).
messages-update: messages
	$(VENV)/bin/pybabel update -i src/puente/web/locale/messages.pot -d src/puente/web/locale \
		-D messages --ignore-obsolete

# Screenshots of the main pages for the README (1366 and 390 px, English and Spanish) into
# docs/img, from the app served on a free port over the loaded database (`make run` first).
screenshots: install
	$(PY) scripts/screenshots.py --out docs/img
