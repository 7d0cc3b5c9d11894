# quotes: common tasks.  `make demo` and `make test` are all you need to start.
VENV    ?= .venv
PYTHON  ?= python3
SHARED  ?= ../shared
OUT     ?= out
QUOTES   = $(VENV)/bin/quotes
VPY      = $(VENV)/bin/python

.PHONY: all install browser js demo test eval eval-dev eval-seed eval-example ablation train check-corpus bench store-bench clean

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

test: $(VENV)/.installed browser js
	$(VPY) -m pytest -q tests

# Chromium for tests/test_browser.py: Debian's package, installed when it is
# missing and apt-get can run (as root); otherwise that test is skipped, saying why.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; } \
	      || echo "make: could not install chromium: the browser test will be skipped"; \
	  else echo "make: no chromium and no apt-get as root: the browser test will be skipped"; fi; }

# graphology + graphology-gexf (the GEXF parser of Gephi Lite) for tests/test_graph.py;
# without npm, or offline, that one test is skipped and says why.
JS_DIR = tests/js
js: $(JS_DIR)/node_modules/.installed

$(JS_DIR)/node_modules/.installed: $(JS_DIR)/package.json $(JS_DIR)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix $(JS_DIR) --no-audit --no-fund --loglevel=error && touch $@ \
	  || echo "warning: npm ci failed; the graphology-gexf test will be skipped"; \
	else echo "npm not found: the graphology-gexf test will be skipped"; fi

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

# The quote store on 10,000 articles of the news corpus; see docs/store.md.
store-bench: $(VENV)/.installed
	$(VPY) -m quotes.store_bench --corpus $(SHARED)/corpora/news --articles 10000 --jobs 2

clean:
	rm -rf $(OUT) build dist *.egg-info .pytest_cache $(JS_DIR)/node_modules
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
