# pitboard — two commands: `make run` and `make test`. Each sets up .venv when missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000

.PHONY: run test lint bench clean chromium audit

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "pitboard needs Python 3.11+"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The results site on a fresh SQLite file with the demo season; prints the URL, Ctrl-C stops it.
run: $(STAMP)
	$(BIN)/pitboard serve --demo --port $(PORT)

# The browser tests drive Debian's Chromium (never a downloaded browser build); the PDF tests
# read the sheets back with poppler's pdftotext.
chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium)
	@command -v pdftotext >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq poppler-utils)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

test: lint chromium
	$(BIN)/pytest

# Known vulnerabilities in the installed packages (needs pypi.org: see docs/security.md).
audit: $(STAMP)
	$(BIN)/pip-audit --skip-editable

bench: $(STAMP)
	$(BIN)/python bench/classify.py --docs
	$(BIN)/python bench/web.py --docs
	$(BIN)/python bench/ingest.py --docs
	$(BIN)/python bench/live.py --latency --docs
	$(BIN)/python bench/live.py --latency --windows 24 --trace --docs
	$(BIN)/python bench/live.py --latency --viewers 2 --relay redis://127.0.0.1:6379,nats://127.0.0.1:4222 --seconds 12 --docs
	$(BIN)/python bench/live_24h.py --docs

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
