# Rencontres: every task a maintainer needs. `make help` lists them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
CONTENT ?= content
OUTPUT ?= output
PELICANOPTS ?=
# Build into $(OUTPUT).new and swap it in only on success: a failed or interrupted
# build never leaves a half-written site where the old one was. The new folder starts
# as a copy of the old one, so the build rewrites only the files whose inputs changed.
BUILD_AND_SWAP = rm -rf $(OUTPUT).new && { [ ! -d $(OUTPUT) ] || cp -a $(OUTPUT) $(OUTPUT).new; } && \
	if PORT=$(PORT) $(BIN)/pelican $(CONTENT) -o $(OUTPUT).new $(1) $(PELICANOPTS); then \
	  rm -rf $(OUTPUT).old && { [ ! -d $(OUTPUT) ] || mv $(OUTPUT) $(OUTPUT).old; } && \
	  mv $(OUTPUT).new $(OUTPUT) && rm -rf $(OUTPUT).old; \
	else rm -rf $(OUTPUT).new; echo "Build failed: $(OUTPUT)/ was left as it was." >&2; exit 1; fi
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
INTEROP := tests/interop
NODE_STAMP := $(INTEROP)/node_modules/.installed-$(shell cat $(INTEROP)/package-lock.json | cksum | cut -d' ' -f1)

.DEFAULT_GOAL := help
.PHONY: help install html publish serve devserver test goldens lint format validate new-event clean translations

help: ## List the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "Rencontres needs Python 3.11 (found %s)" % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP) ## Create the virtual environment and install pinned dependencies

html: $(STAMP) ## Build the site into output/ (errors are listed; good files still build)
	@$(call BUILD_AND_SWAP,-s pelicanconf.py)

publish: $(STAMP) ## Strict production build with publishconf.py (fails on any content error)
	@$(call BUILD_AND_SWAP,-s publishconf.py --fatal errors)

serve: html ## Build the demo site and serve it on http://127.0.0.1:$(PORT)/
	@echo "Serving on http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/pelican --listen --bind 127.0.0.1 --port $(PORT) -o $(OUTPUT) -s pelicanconf.py

devserver: $(STAMP) ## Serve and rebuild on every change
	$(BIN)/pelican $(CONTENT) -o $(OUTPUT) -s pelicanconf.py --autoreload --listen --bind 127.0.0.1 --port $(PORT)

validate: $(STAMP) ## Check all content without building (AGAINST=origin/main to catch lost events)
	$(BIN)/rencontres-validate $(CONTENT) $(if $(AGAINST),--against $(AGAINST)) $(if $(STRICT),--strict)

new-event: $(STAMP) ## Write a new event file, asking for its title, date, region…
	$(BIN)/rencontres-new-event $(CONTENT)

$(NODE_STAMP): $(STAMP) $(INTEROP)/package-lock.json
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/npm ci --prefix $(INTEROP) --no-audit --no-fund --silent
	touch $@

test: $(STAMP) $(NODE_STAMP) ## Run the whole test suite (unit, golden, calendars, demo build, browser)
	$(BIN)/python -m pytest

goldens: $(STAMP) ## Regenerate the golden files of the fixture site after an intended change
	$(BIN)/python -m tests.goldens

lint: $(STAMP) ## Lint and check formatting with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean: ## Remove the built site and caches (keeps the virtual environment)
	rm -rf $(OUTPUT) $(OUTPUT).new $(OUTPUT).old cache .pytest_cache .ruff_cache __pycache__ */__pycache__ */*/__pycache__

translations: $(STAMP) ## Extract interface strings and update the English catalogue
	$(BIN)/pybabel extract -F babel.cfg -o theme/translations/messages.pot --no-location --sort-output --width 100 .
	$(BIN)/pybabel update -i theme/translations/messages.pot -d theme/translations -l en --width 100 --ignore-obsolete
