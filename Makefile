# Two commands a newcomer needs: `make serve` and `make test`. Both install into .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: fixed timestamps in sitemap.xml.gz and friends (see tests/test_reproducible.py).
export SOURCE_DATE_EPOCH ?= 1767225600

.PHONY: help install install-dev serve build validate test test-fast pdf offline bench new stale clean

help:
	@echo "make serve     – installera och visa webbplatsen på http://127.0.0.1:8000"
	@echo "make test      – installera, validera, bygga strikt och köra alla tester"
	@echo "make validate  – kontrollera data/ (alla fel på en gång)"
	@echo "make build     – bygga webbplatsen strikt till site/"
	@echo "make new TYPE=exempel ID=mitt-id – skapa en ny post från mall"

$(STAMP): requirements.txt constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	touch $@

$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	touch $@

install: $(STAMP)
install-dev: $(DEV_STAMP)

validate: $(STAMP)
	@$(PY) scripts/validate.py

serve: $(STAMP)
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

# Validation runs in the build's on_config hook too; running it first gives the plain error list.
build: validate
	$(PY) -m mkdocs build --strict --site-dir site

test: $(DEV_STAMP) validate build
	$(PY) -m pytest

clean:
	rm -rf site dist .pytest_cache
