# The two commands a newcomer needs: `make run` and `make test`. Both install what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-fast synth layers benchmark lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	touch $(STAMP)

## Run the whole system locally: embedded AWS emulation, demo data, the API on http://127.0.0.1:8000
run: $(STAMP)
	$(PY) local/run.py

## Run every test: unit, integration (moto, real state machines), end-to-end and infrastructure
test: $(STAMP)
	$(PY) -m pytest

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

## Cold-start proxy: import time of each Lambda handler module next to a bare `import boto3`
benchmark: $(STAMP)
	$(PY) scripts/benchmark_imports.py

lint: $(STAMP)
	$(PY) -m ruff check .

clean:
	rm -rf cdk.out build .pytest_cache .bops-local
