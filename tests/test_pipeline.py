"""quotes.pipeline and the library entry points (load, extract, pipe)."""
from __future__ import annotations

import json

import pytest
import spacy
from spacy.language import Language

import quotes
from quotes.pipeline import STAGES, build
from quotes.types import Quote, Span

SAY = "وقال الوزير إن الخطة ستنجح."
SAY_F = "وأكدت المديرة سلمى خليل أن المدرسة ستفتح في أيلول."
NONE = "انخفضت درجات الحرارة في المدينة أمس."
DIRECT = "وقال المتحدث: «لن نقبل بأي شروط مسبقة للتفاوض»."

# GUIDELINES.md "System output format" keys, and the extras we add.
OUTPUT_KEYS = {"type", "cue", "content", "speaker", "speaker_resolved"}
EXTRA_KEYS = {"addressee", "cue_lemma", "cue_class", "confidence", "speaker_id"}


@pytest.fixture(scope="module")
def nlp():
    return quotes.load()


def test_load_returns_language_with_stages(nlp):
    assert isinstance(nlp, Language)
    assert nlp.lang == "ar"
    assert nlp.pipe_names == ["quote_cues", "quote_marks", "quote_attribution"]
    assert list(STAGES) == nlp.pipe_names


def test_rules_only_builds_same_pipeline():
    assert quotes.load(rules_only=True).pipe_names == list(STAGES)
    assert build().pipe_names == list(STAGES)


@pytest.mark.parametrize("name", ["quote_cues", "quote_marks", "quote_attribution"])
def test_factories_registered(name):
    assert Language.has_factory(name)
    assert name in spacy.registry.factories


def test_pipeline_assembled_from_factories():
    """The stages can be added by name to a blank Arabic pipeline."""
    nlp = spacy.blank("ar")
    for name in STAGES:
        nlp.add_pipe(name)
    [q] = nlp(SAY)._.quotes
    assert q.content.text == "إن الخطة ستنجح"


def test_doc_extensions(nlp):
    doc = nlp(SAY)
    assert isinstance(doc._.cues, list) and len(doc._.cues) == 1
    assert doc._.quotations == []
    assert isinstance(doc._.quotes, list)
    assert all(isinstance(q, Quote) for q in doc._.quotes)
    [q] = doc._.quotes
    assert isinstance(q.content, Span)
    assert q.speaker.text == "الوزير"


def test_doc_without_quotes(nlp):
    assert nlp(NONE)._.quotes == []
    assert nlp("")._.quotes == []


def test_extract_matches_doc_quotes(nlp):
    assert quotes.extract(SAY_F) == nlp(SAY_F)._.quotes
    assert quotes.extract(SAY_F, nlp=nlp) == nlp(SAY_F)._.quotes


def test_extract_rejects_non_str():
    with pytest.raises(TypeError):
        quotes.extract(b"\xd9\x82\xd8\xa7\xd9\x84")
    with pytest.raises(TypeError):
        quotes.extract(None)


def test_pipe_one_list_per_text_in_order(nlp):
    texts = [SAY, NONE, SAY_F, "", DIRECT] * 3
    out = list(quotes.pipe(texts, batch_size=2))
    assert len(out) == len(texts)
    assert all(isinstance(x, list) for x in out)
    assert out == [quotes.extract(t) for t in texts]
    assert [len(x) for x in out[:5]] == [1, 0, 1, 0, 1]
    assert out[0][0].speaker.text == "الوزير"
    assert out[2][0].speaker.text == "المديرة سلمى خليل"
    assert out[4][0].type == "direct"


def test_pipe_with_explicit_nlp_and_generator(nlp):
    out = list(quotes.pipe((t for t in [NONE, SAY]), nlp=nlp))
    assert [len(x) for x in out] == [0, 1]


def test_to_dict_keys(nlp):
    [q] = quotes.extract(DIRECT)
    d = q.to_dict()
    assert set(d) == OUTPUT_KEYS | EXTRA_KEYS
    for k in ("cue", "content", "speaker", "speaker_resolved"):
        assert set(d[k]) == {"start", "end", "text"}
        assert DIRECT[d[k]["start"]:d[k]["end"]] == d[k]["text"]
    assert d["type"] == "direct"
    assert d["content"]["text"] == "لن نقبل بأي شروط مسبقة للتفاوض"
    assert d["addressee"] is None
    assert d["cue_lemma"] == "قال"
    assert isinstance(d["confidence"], float) and 0.0 < d["confidence"] <= 1.0
    assert isinstance(d["speaker_id"], int)
    json.dumps(d, ensure_ascii=False)   # serialisable as is


def test_to_dict_implicit_speaker():
    text = SAY + " وأضاف أن التمويل متوفر بالكامل."
    q = quotes.extract(text)[1]
    d = q.to_dict()
    assert d["speaker"] is None
    assert d["speaker_resolved"] == quotes.extract(text)[0].to_dict()["speaker"]


def test_results_pickle():
    import pickle

    qs = quotes.extract(DIRECT)
    assert pickle.loads(pickle.dumps(qs)) == qs


@pytest.mark.model
def test_the_tagger_runs_few_documents_at_once():
    """Its activations grow with the batch (docs/performance.md): quotes.pipe
    and a plain nlp.pipe both keep to pipeline.TAGGER_BATCH with the model."""
    from quotes.pipeline import TAGGER_BATCH

    nlp = quotes.load()
    assert nlp.batch_size == TAGGER_BATCH
    seen = []
    tagger = nlp.get_pipe("tok2vec")
    original = tagger.pipe

    def spy(docs, batch_size=128):
        seen.append(batch_size)
        return original(docs, batch_size=batch_size)

    tagger.pipe = spy
    try:
        out = list(quotes.pipe(["قال الوزير إن الخطة جاهزة."] * 3, nlp=nlp, batch_size=64))
    finally:
        tagger.pipe = original
    assert len(out) == 3 and seen == [TAGGER_BATCH]
