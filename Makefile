# quotes: common tasks.  `make demo` and `make test` are all you need to start.
VENV    ?= .venv
PYTHON  ?= python3
SHARED  ?= ../shared
OUT     ?= out
QUOTES   = $(VENV)/bin/quotes
VPY      = $(VENV)/bin/python

.PHONY: all install js demo test eval eval-dev eval-seed eval-example check-corpus bench clean

all: test

install: $(VENV)/.installed

$(VENV)/.installed: setup.cfg pyproject.toml
	test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --upgrade pip
	$(VPY) -m pip install -e '.[test,dask]'
	touch $@

demo: $(VENV)/.installed
	$(QUOTES) extract --format table corpora/example.txt

test: $(VENV)/.installed js
	$(VPY) -m pytest -q tests

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

check-corpus: $(VENV)/.installed
	$(VPY) -m quotes.corpus_check $(SHARED)/corpora/news/*.jsonl.gz

# Throughput on 9,000 articles of the news corpus; see docs/performance.md.
bench: $(VENV)/.installed
	$(VPY) -m quotes.bench --corpus $(SHARED)/corpora/news --articles 9000

clean:
	rm -rf $(OUT) build dist *.egg-info .pytest_cache $(JS_DIR)/node_modules
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
