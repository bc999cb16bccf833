PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STAMP_TEST := $(VENV)/.installed-test
STAMP_NB := $(VENV)/.installed-notebooks
# make test installs Chromium for the browser test when it can (root and apt-get); CHROMIUM=no skips that
CHROMIUM ?= auto

.PHONY: run test install install-test bench eval golden clean train notebooks

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	@echo "make: installing rupress with the test and dask extras into $(VENV) (pip; the first time a few minutes)"
	@t=$$(date +%s); $(BIN)/python -m pip install -q -e '.[test,dask]' && echo "make: installed in $$(( $$(date +%s) - t )) s"
	touch $@ $(STAMP)

$(STAMP_NB): pyproject.toml | $(BIN)/python
	@echo "make: installing rupress with the notebooks extra (nbclient, nbconvert, ipykernel, matplotlib) into $(VENV)"
	$(BIN)/python -m pip install -q -e '.[notebooks]'
	touch $@ $(STAMP)

install: $(STAMP)
install-test: $(STAMP_TEST)

## make run: set up and extract data/raw into data/processed
run: $(STAMP)
	$(BIN)/rupress extract data/raw --out data/processed

## make test: set up with test extras (and Chromium for the browser test, when root), then run the test suite
## (one worker per core, a test file per worker); says what it installs and how long each step took
test: $(STAMP_TEST)
	@t=$$(date +%s); \
	if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1; then \
	  echo "make test: Chromium found, the browser test (tests/report/test_html_browser.py) runs"; \
	elif [ "$(CHROMIUM)" = no ]; then \
	  echo "make test: CHROMIUM=no: the browser test will be skipped"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "make test: installing Chromium with apt-get for the browser test (Debian's chromium: a download of about 115 MB, 360 MB installed; CHROMIUM=no skips it)"; \
	  if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1; then \
	    echo "make test: Chromium installed in $$(( $$(date +%s) - t )) s"; \
	  else echo "make test: Chromium could not be installed (no network?): the browser test will be skipped"; fi; \
	else echo "make test: no Chromium (installing it needs root and apt-get): the browser test will be skipped"; fi
	@echo "make test: running the test suite ($(BIN)/python -m pytest -n auto --dist loadfile)"
	@t=$$(date +%s); $(BIN)/python -m pytest -n auto --dist loadfile; rc=$$?; \
	echo "make test: the test suite took $$(( $$(date +%s) - t )) s"; exit $$rc

## make notebooks: run both notebooks top to bottom in a fresh kernel (nbclient); the files are left
## as committed, without outputs (`jupyter nbconvert --to html --execute` to keep a rendered copy)
notebooks: $(STAMP_NB)
	MPLBACKEND=Agg $(BIN)/jupyter execute notebooks/01_quickstart.ipynb notebooks/02_evaluation.ipynb

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
