# The two commands a newcomer needs: `make run` and `make test`. Both install what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: fuzz run test test-fast synth layers benchmark lint typecheck clean frontend page-weight

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	touch $(STAMP)

FRONTEND := frontend/dist/index.html

## The static site (GOV.UK Frontend), built into frontend/dist
$(FRONTEND): frontend/package-lock.json frontend/build.mjs layers/bops/python/bops/domain/data/file_types.json $(shell find frontend/src -type f)
	cd frontend && npm ci --ignore-scripts --no-audit --no-fund && npm run build

frontend: $(FRONTEND)

## Run the whole system locally: embedded AWS emulation, demo data, the site and API on http://127.0.0.1:8000
run: $(STAMP) $(FRONTEND)
	$(PY) local/run.py

## Run every test: unit, integration (moto, real state machines), end-to-end, browser and infrastructure
test: $(STAMP) $(FRONTEND)
	bash scripts/install_browser.sh
	cd layers/bops/python && ../../../$(VENV)/bin/mypy --config-file ../../../pyproject.toml bops   # types of the domain package
	$(PY) -m pytest -n 2 --dist loadgroup   # two workers (the cores), each its own local stack; files whole (tests/conftest.py)

## schemathesis (all checks, stateful) against the local run: the API's OpenAPI contract under fuzzing
fuzz: $(STAMP)
	$(PY) -m pytest -m fuzz tests/e2e/test_api_fuzz.py

## Bytes a browser fetches for the dashboard (HTML, CSS, JS)
page-weight: $(STAMP) $(FRONTEND)
	$(PY) scripts/page_weight.py

test-fast: $(STAMP)
	$(PY) -m pytest tests/unit

STAGE ?=

## Build the dependencies layer for Lambda (python3.12, x86_64 wheels) into build/layers/dependencies
layers: $(STAMP)
	bash scripts/build_layers.sh

## Synthesize the CDK app offline into cdk.out/ (no Docker; cdk-nag violations fail it), then cfn-lint it
synth: $(STAMP)
	JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 CDK_CONTEXT_JSON='{"bops:stage":"$(STAGE)"}' $(PY) infra/cdk/app.py
	$(VENV)/bin/cfn-lint --regions eu-west-2 --ignore-checks W3005 -- cdk.out/*.template.json

## Figures with targets (cold start, write/read units, search reads, workflow transitions): printed and written to build/benchmark.json
benchmark: $(STAMP)
	$(PY) scripts/benchmark.py

lint: $(STAMP)
	$(PY) -m ruff check .

typecheck: $(STAMP)
	cd layers/bops/python && ../../../$(VENV)/bin/mypy --config-file ../../../pyproject.toml bops

clean:
	rm -rf cdk.out build .pytest_cache .bops-local frontend/dist
