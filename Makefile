# Two commands a newcomer needs: `make serve` and `make test`. Both install into .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: fixed timestamps in sitemap.xml.gz and friends (see tests/test_reproducible.py).
export SOURCE_DATE_EPOCH ?= 1767225600

.PHONY: help install install-dev serve build validate test pdf offline bench new stale weight clean

help:
	@echo "make serve     – installera och visa webbplatsen på http://127.0.0.1:8000"
	@echo "make test      – installera, validera, bygga strikt och köra alla tester"
	@echo "make validate  – kontrollera data/ (alla fel på en gång)"
	@echo "make build     – bygga webbplatsen strikt till site/, med PDF-filerna och offlinekopian"
	@echo "make pdf       – bara PDF-filerna (uppslagsverket, arbetsblad, utdelningsblad, workshoppaket) i site/pdf/"
	@echo "make offline   – offlinekopian (zip med hela webbplatsen) i dist/"
	@echo "make new TYPE=exempel ID=mitt-id – skapa en ny post från mall"
	@echo "make stale     – visa poster som inte granskats på 24 månader (MONTHS=12 för 12)"
	@echo "make weight    – bygga och mäta sidvikten (HTML, CSS och JS) per sidtyp"
	@echo "make bench     – mät validering och bygge med 100, 1 000 och 5 000 syntetiska exempel (≈7 min)"

$(STAMP): requirements.txt constraints.txt
	@echo "Installerar Python-paketen i $(VENV)/ (första gången tar det ungefär en minut) …"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	touch $@

$(DEV_STAMP): $(STAMP) requirements-dev.txt
	@echo "Installerar test- och PDF-verktygen i $(VENV)/ …"
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	touch $@

install: $(STAMP)
install-dev: $(DEV_STAMP)

validate: $(STAMP) $(NODE_STAMP)
	@$(PY) scripts/validate.py

# A data error shows as a Swedish error page in the browser; saving the fix brings the real page back.
serve: $(STAMP)
	@echo "Förhandsvisningen startar på http://127.0.0.1:8000/ och byggs om när du sparar en fil. Avsluta med Ctrl+C."
	SITE_URL=http://127.0.0.1:8000/ $(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000 --livereload --dirty

# Validation runs in the build's on_config hook too; running it first gives the plain error list.
# The build includes the PDFs and the offline zip (macros/mkdocs_hooks.py), each cached by a hash of its input
# in ~/.cache/mr-plattformen/, so only what changed is made again.
build: validate
	$(PY) -m mkdocs build --strict --site-dir site

# axe-core (and other pinned front-end test assets) from package-lock.json; Lighthouse (a devDependency) is left
# out: it is for manual budget checks (`npm ci` then see scripts/page_weight.py and docs/tillganglighet.md).
NODE_STAMP := node_modules/.installed
# Without npm the browser tests skip with a loud reason (and fail under CI=true, where .ci/run installs npm).
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --omit=dev --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "OBS: npm saknas, så axe-core installeras inte och webbläsartesterna hoppas över." >&2; \
		echo "     Installera Node.js och npm, eller kör 'bash .ci/run' som installerar allt." >&2; \
	fi

# Two workers (pytest-xdist), one test file each at a time so a file's fixtures are built once: the suite is
# mostly builds and Chromium, and on this 2-core machine that cuts it from about 9 to under 7 minutes.
TEST_WORKERS ?= 2
test: $(DEV_STAMP) $(NODE_STAMP) validate build
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

# New record from its schema: make new TYPE=exempel ID=lunds-barnrattsarbete (never overwrites a file).
new: $(STAMP)
	@$(PY) scripts/new_record.py -- "$(TYPE)" "$(ID)"

# Records not reviewed for MONTHS months (default 24), oldest first.
stale: $(STAMP)
	@$(PY) scripts/stale.py --months "$(or $(MONTHS),24)"

# Only the PDFs, into site/pdf/ (WeasyPrint; the same PDFs and cache as `make build`).
pdf: validate
	$(PY) scripts/build_pdf.py --site-dir site

# The offline copy as dist/mr-plattformen-offline.zip: the zip `make build` puts on the site, copied.
offline: validate
	$(PY) scripts/build_offline.py --out dist/mr-plattformen-offline.zip

# Page weight (HTML + CSS + JS) per page type of the built site.
weight: build
	$(PY) scripts/page_weight.py site

# Validation and build time at 100, 1,000 and 5,000 synthetic examples against plain MkDocs Material (the floor).
# Smaller run: make bench BENCH_ARGS="--sizes 100,1000 --repeats 3,3". See README, "Prestanda".
bench: $(DEV_STAMP)
	$(PY) scripts/bench.py $(BENCH_ARGS)

clean:
	rm -rf site dist .pytest_cache
