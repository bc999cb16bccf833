PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STAMP_TEST := $(VENV)/.installed-test

.PHONY: run test install install-test bench eval golden clean train

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test,dask]'
	touch $@ $(STAMP)

install: $(STAMP)
install-test: $(STAMP_TEST)

## make run: set up and extract data/raw into data/processed
run: $(STAMP)
	$(BIN)/rupress extract data/raw --out data/processed

## make test: set up with test extras and run the test suite (one worker per core, a test file per worker)
test: $(STAMP_TEST)
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1; } || echo "chromium not installed (needs root and network): the browser test will be skipped"
	$(BIN)/python -m pytest -n auto --dist loadfile

## make golden: accept the current tables for data/raw as the golden files
golden: $(STAMP_TEST)
	$(BIN)/rupress regress --input data/raw --golden tests/golden --update

## make bench: speed and quality against plain Natasha on the same texts (uses ../shared when present)
bench: $(STAMP_TEST)
	$(BIN)/python benchmarks/bench_pipeline.py
	$(BIN)/python benchmarks/bench_dates.py
	$(BIN)/python benchmarks/bench_relations.py
	$(BIN)/python benchmarks/throughput.py --docs 2000 --rounds 1

## make train: rebuild the NEREL entity tagger, the relation models (event triggers, arguments), the role scorer and the place-adjective and body-noun lists from ../shared/eval/nerel (CPU, fixed seeds)
TRAIN_VENV := build/venv-train
train: $(STAMP)
	test -x $(TRAIN_VENV)/bin/python || $(PY) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/python -m pip install -q torch==2.13.0 numpy
	$(BIN)/python training/nerel_prepare.py
	TRAIN_THREADS=2 OMP_NUM_THREADS=2 $(TRAIN_VENV)/bin/python training/nerel_train.py
	OMP_NUM_THREADS=2 $(BIN)/python training/relations_train.py
	OMP_NUM_THREADS=2 $(BIN)/python training/roles_train.py
	$(BIN)/python training/place_adjectives.py
	$(BIN)/python training/generic_bodies.py

## make eval: the dev-set quality figures quoted in README and docs (needs ../shared)
eval: $(STAMP)
	$(BIN)/rupress eval releases ../shared/eval/releases-dev
	$(BIN)/rupress eval factru ../shared/eval/factru-dev
	$(BIN)/rupress eval nerel ../shared/eval/nerel/dev
	$(BIN)/rupress eval links ../shared/eval/nerel/dev
	$(BIN)/python benchmarks/person_names.py ../shared/eval/factru-dev

clean:
	rm -rf $(VENV) data/processed/*
