# quotes: common tasks.  `make demo` and `make test` are all you need to start.
VENV    ?= .venv
PYTHON  ?= python3
SHARED  ?= ../shared
OUT     ?= out
QUOTES   = $(VENV)/bin/quotes
VPY      = $(VENV)/bin/python

.PHONY: all install demo test eval eval-dev eval-seed eval-example ablation train check-corpus bench clean

all: test

install: $(VENV)/.installed

$(VENV)/.installed: setup.cfg pyproject.toml
	test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --upgrade pip
	$(VPY) -m pip install torch==2.13.0     # the CPU wheel, before spacy-transformers asks for torch
	$(VPY) -m pip install -e '.[test,dask,transformers]'
	touch $@

demo: $(VENV)/.installed
	$(QUOTES) extract --format table corpora/example.txt

test: $(VENV)/.installed
	$(VPY) -m pytest -q tests

$(OUT):
	mkdir -p $(OUT)

eval: eval-dev eval-seed eval-example

eval-dev: $(VENV)/.installed | $(OUT)
	$(QUOTES) extract --quiet --no-meta --format jsonl $(SHARED)/eval/dev.texts.jsonl -o $(OUT)/dev.pred.jsonl
	$(VPY) $(SHARED)/eval/score.py $(SHARED)/eval/dev.gold.jsonl $(OUT)/dev.pred.jsonl

eval-seed: $(VENV)/.installed | $(OUT)
	$(QUOTES) extract --quiet --no-meta --format jsonl $(SHARED)/eval/seed.gold.jsonl -o $(OUT)/seed.pred.jsonl
	$(VPY) $(SHARED)/eval/score.py $(SHARED)/eval/seed.gold.jsonl $(OUT)/seed.pred.jsonl

eval-example: $(VENV)/.installed | $(OUT)
	$(QUOTES) extract --quiet --no-meta --format jsonl corpora/example.gold.jsonl -o $(OUT)/example.pred.jsonl
	$(VPY) $(SHARED)/eval/score.py corpora/example.gold.jsonl $(OUT)/example.pred.jsonl

# Rules alone vs rules + the shipped model on the dev set, with breakdowns (docs/evaluation.md).
ablation: $(VENV)/.installed
	$(QUOTES) evaluate --rules-only $(SHARED)/eval/dev.gold.jsonl
	$(QUOTES) evaluate $(SHARED)/eval/dev.gold.jsonl

# Re-train the shipped model from corpora/annotations (+ texts from ../shared); docs/model.md.
train: $(VENV)/.installed
	$(QUOTES) train --config tok2vec --news $(SHARED)/corpora/news -o $(OUT)/train --ship

check-corpus: $(VENV)/.installed
	$(VPY) -m quotes.corpus_check $(SHARED)/corpora/news/*.jsonl.gz

# Throughput on 9,000 articles of the news corpus; see docs/performance.md.
bench: $(VENV)/.installed
	$(VPY) -m quotes.bench --corpus $(SHARED)/corpora/news --articles 9000

clean:
	rm -rf $(OUT) build dist *.egg-info .pytest_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
