"""The model half: gold spans as tagger entities, and the arbiter's vote."""
from __future__ import annotations

import pytest

from quotes.model import QuoteArbiter, gold_doc
from quotes.scorer import Scorer, char_ents, features
from quotes.pipeline import build

TEXT = "وقال وزير المالية إن العجز تراجع هذا العام بسبب ارتفاع الصادرات. ووصف النائب الخطة بأنها ناجحة."


@pytest.fixture(scope="module")
def nlp():
    return build(rules_only=True)


def run_rules(nlp, text):
    doc = nlp.make_doc(text)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def char_ent(doc, s, e, label):
    span = doc.char_span(s, e, label=label, alignment_mode="expand")
    assert span is not None
    return span


def test_gold_doc_labels_every_part(nlp):
    c0 = TEXT.index("إن")
    gold = {"text": TEXT, "quotes": [{"cue": [0, 4], "speaker": [5, 17], "content": [c0, c0 + 14],
                                      "addressee": None}]}
    doc = gold_doc(nlp, gold)
    assert [(e.label_, e.text) for e in doc.ents] == [
        ("CUE", "وقال"), ("SPEAKER", "وزير المالية"), ("CONTENT", TEXT[c0:c0 + 14])]


def test_model_boundaries_replace_the_rules_content(nlp):
    doc = run_rules(nlp, TEXT)
    (q,) = [q for q in doc._.quotes if q.cue.text == "وقال"]
    start = q.content.start
    short_end = TEXT.index(" بسبب")
    doc.ents = [char_ent(doc, start, short_end, "CONTENT")]
    QuoteArbiter(nlp, boundaries=True)(doc)
    (q,) = [q for q in doc._.quotes if q.cue.text == "وقال"]
    assert q.content.text == TEXT[start:short_end]


def test_the_scorer_sets_confidence_and_drops_unlikely_quotes(nlp):
    doc = run_rules(nlp, TEXT)
    n = len(doc._.quotes)
    assert n
    arb = QuoteArbiter(nlp, threshold=0.5)
    arb.scorer = Scorer({"bias": -10.0})
    arb(doc)
    assert doc._.quotes == []
    doc = run_rules(nlp, TEXT)
    arb.scorer = Scorer({"bias": 10.0, "tagger_content_none": -25.0})
    doc.ents = []                        # the tagger sees no content anywhere: all dropped
    arb(doc)
    assert doc._.quotes == []
    doc = run_rules(nlp, TEXT)
    arb.scorer = Scorer({"bias": 10.0})
    arb(doc)
    assert len(doc._.quotes) == n and all(q.confidence > 0.99 for q in doc._.quotes)


def test_scorer_weights_survive_to_disk(nlp, tmp_path):
    arb = QuoteArbiter(nlp)
    arb.scorer = Scorer({"bias": 0.5, "lemma=قال": 1.25})
    arb.to_disk(tmp_path)
    assert QuoteArbiter(nlp).from_disk(tmp_path).scorer == arb.scorer


def test_features_describe_rules_and_tagger(nlp):
    doc = run_rules(nlp, TEXT)
    (q,) = [q for q in doc._.quotes if q.cue.text == "وقال"]
    doc.ents = [char_ent(doc, q.content.start, q.content.end, "CONTENT")]
    f = features(doc.text, q, char_ents(doc))
    assert f["lemma=قال"] == 1.0 and f["opens=ان"] == 1.0
    assert f["tagger_content_jaccard"] == 1.0 and f["tagger_cue"] == 0.0 and f["implicit"] == 0.0


def test_model_quotes_the_rules_missed_are_added(nlp):
    text = "وتابع المتحدث باسم البلدية أن الأشغال ستنتهي قريبا."
    doc = run_rules(nlp, text)
    doc._.quotes = []          # as if the rules had found nothing
    c = text.index("أن")
    doc.ents = [char_ent(doc, 0, 5, "CUE"), char_ent(doc, 6, c - 1, "SPEAKER"),
                char_ent(doc, c, len(text) - 1, "CONTENT")]
    QuoteArbiter(nlp, add=True)(doc)
    (q,) = doc._.quotes
    assert (q.cue.text, q.speaker.text, q.content.text) == ("وتابع", "المتحدث باسم البلدية", text[c:-1])
    assert q.type == "indirect" and q.speaker_resolved == q.speaker
    assert text[q.content.start:q.content.end] == q.content.text
