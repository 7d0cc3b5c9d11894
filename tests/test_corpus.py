"""Stand-off annotations: joined with their text only when the text is the annotated one."""
from __future__ import annotations

import json

import pytest

from quotes import corpus

TEXT = "قالت الشركة إن الأرباح ارتفعت."
GOLD = {"id": "a1", "text": TEXT, "meta": {"outlet": "test"}, "quotes": [
    {"id": "q1", "type": "indirect", "cue": [0, 4], "content": [12, 29], "speaker": [5, 11],
     "speaker_head": "الشركة", "speaker_antecedent": None, "addressee": None}]}


def test_standoff_drops_the_text_and_join_restores_it():
    rec = corpus.standoff(GOLD, "news.jsonl.gz")
    assert "text" not in rec and rec["text_sha1"] == corpus.sha1(TEXT)
    assert corpus.join(rec, TEXT) == dict(GOLD, text_sha1=rec["text_sha1"], corpus_file="news.jsonl.gz")
    assert "title" not in corpus.standoff(dict(GOLD, meta={"title": "عنوان", "outlet": "x"}))["meta"]


def test_a_changed_text_is_refused():
    rec = corpus.standoff(GOLD)
    with pytest.raises(corpus.CorpusError, match="SHA-1"):
        corpus.join(rec, TEXT + " ")


def test_load_gold_reads_texts_from_a_corpus_folder(tmp_path):
    import gzip

    news = tmp_path / "news"
    news.mkdir()
    with gzip.open(news / "x.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write(json.dumps({"id": "other", "text": "نص آخر"}, ensure_ascii=False) + "\n")
        f.write(json.dumps({"id": "a1", "text": TEXT}, ensure_ascii=False) + "\n")
    ann = tmp_path / "a.jsonl"
    ann.write_text(json.dumps(corpus.standoff(GOLD), ensure_ascii=False) + "\n", encoding="utf-8")
    (g,) = corpus.load_gold(str(news), files=[ann])
    assert g["text"] == TEXT and g["quotes"] == GOLD["quotes"]
    ann.write_text(json.dumps(dict(corpus.standoff(GOLD), id="missing"), ensure_ascii=False) + "\n",
                   encoding="utf-8")
    with pytest.raises(corpus.CorpusError, match="not found"):
        corpus.load_gold(str(news), files=[ann])


def test_the_shipped_annotations_join_with_the_shared_corpus():
    """Every stand-off record of corpora/annotations matches its article byte for byte."""
    if not corpus.news_dir().exists():
        pytest.skip("../shared/corpora/news is not here")
    files = corpus.annotation_files()
    if not files:
        pytest.skip("no annotation files")
    golds = corpus.load_gold(files=files)
    assert len(golds) >= 300
    for g in golds:
        for q in g["quotes"]:
            assert q["type"] in ("direct", "indirect", "mixed")
            assert q["speaker"] or q["speaker_antecedent"]
