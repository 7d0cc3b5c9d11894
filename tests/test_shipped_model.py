"""The pipeline as users get it: the shipped model in quotes/model/."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import quotes
from quotes.pipeline import SHIPPED_MODEL

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "corpora" / "example.gold.jsonl"
DEV = ROOT.parent / "shared" / "eval" / "dev.gold.jsonl"


@pytest.fixture(scope="module")
def nlp():
    if not (SHIPPED_MODEL / "config.cfg").exists():
        pytest.fail("quotes/model/ is missing: the package must ship its model (make train)")
    return quotes.load(model=str(SHIPPED_MODEL))   # module fixtures run before the marker's switch


def test_the_model_ships_with_its_card_and_fits_the_budget():
    size = sum(p.stat().st_size for p in SHIPPED_MODEL.rglob("*") if p.is_file())
    assert size < 50 * 1024 * 1024
    meta = json.loads((SHIPPED_MODEL / "meta.json").read_text(encoding="utf-8"))
    assert meta["name"] == "quotes_ar" and "ANT" in meta["license"]
    weights = json.loads((SHIPPED_MODEL / "quote_arbiter" / "scorer.json").read_text(encoding="utf-8"))
    assert len(weights["weights"]) > 20


def test_load_gives_tagger_rules_and_arbiter(nlp):
    assert nlp.pipe_names == ["tok2vec", "ner", "quote_cues", "quote_marks", "quote_attribution",
                              "quote_arbiter"]
    assert quotes.load(rules_only=True).pipe_names == ["quote_cues", "quote_marks", "quote_attribution"]


def test_example_article_keeps_its_quotes_and_offsets(nlp):
    from quotes.evaluate import evaluate, predict

    golds = [json.loads(line) for line in EXAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    r = evaluate(golds, predict(nlp, golds))
    assert r.overall["attribution"]["f1"] >= 0.85
    text = golds[0]["text"]
    for q in nlp(text)._.quotes:
        assert text[q.content.start:q.content.end] == q.content.text
        assert 0.0 < q.confidence <= 1.0


@pytest.mark.skipif(not DEV.exists(), reason="../shared/eval is not here")
def test_model_is_not_worse_than_rules_on_dev(nlp):
    from quotes.evaluate import evaluate, predict

    golds = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    full = evaluate(golds, predict(nlp, golds)).overall["attribution"]["f1"]
    rules = evaluate(golds, predict(quotes.load(rules_only=True), golds)).overall["attribution"]["f1"]
    assert full >= rules - 0.01 and full >= 0.79


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("قال الوزير إن «»\"“”،.:\n وأضاف مشيرا ـًٌٍ\u200f")), max_size=300))
def test_any_text_gives_exact_spans(text):
    for q in quotes.extract(text):
        for s in (q.cue, q.content, q.speaker, q.speaker_resolved, q.addressee):
            if s is not None:
                assert text[s.start:s.end] == s.text


def test_empty_and_long_texts(nlp):
    assert list(nlp("")._.quotes) == []
    text = "قال الوزير إن الخطة جاهزة. " * 2000
    found = list(nlp(text)._.quotes)
    assert found and all(text[q.content.start:q.content.end] == q.content.text for q in found)
