"""Training end to end: DocBins, ``spacy train`` with the shipped config, and
the assembled pipeline loading back through ``quotes.load``-style ``build``."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from spacy.tokens import DocBin

from quotes import train as tr
from quotes.cli import main
from quotes.corpus import news_dir, read_jsonl
from quotes.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "corpora" / "example.gold.jsonl"


def test_validation_split_is_stable_and_about_a_tenth():
    ids = [f"doc-{i}" for i in range(2000)]
    valid = [i for i in ids if tr.is_valid(i)]
    assert 150 < len(valid) < 250
    assert valid == [i for i in ids if tr.is_valid(i)]


def test_docbins_hold_the_gold_spans(tmp_path):
    golds = list(read_jsonl(EXAMPLE))
    train_path, valid_path, n_train, n_valid = tr.write_data(golds, tmp_path, fraction=0.0)
    assert (n_train, n_valid) == (1, 0)
    nlp = build(rules_only=True)
    (doc,) = DocBin().from_disk(train_path).get_docs(nlp.vocab)
    labels = {e.label_ for e in doc.ents}
    assert {"CUE", "SPEAKER", "CONTENT"} <= labels
    assert sum(e.label_ == "CONTENT" for e in doc.ents) == len(golds[0]["quotes"])


def test_a_short_training_run_gives_a_loadable_pipeline(tmp_path):
    golds = list(read_jsonl(EXAMPLE))
    train_path, _, _, _ = tr.write_data(golds, tmp_path / "data", fraction=0.0)
    best = tr.run_training(tr.config_path("tok2vec"), train_path, train_path, tmp_path / "training",
                           {"training.max_steps": 6, "training.eval_frequency": 3})
    model = tr.assemble(best, tmp_path / "model")
    nlp = build(model=str(model))
    assert nlp.pipe_names == ["tok2vec", "ner", "quote_cues", "quote_marks", "quote_attribution",
                              "quote_arbiter"]
    text = golds[0]["text"]
    for q in nlp(text)._.quotes:
        assert text[q.content.start:q.content.end] == q.content.text


def test_unknown_config_and_model_are_reported(tmp_path):
    with pytest.raises(FileNotFoundError, match="known: tok2vec, transformer"):
        tr.config_path("nonesuch")
    with pytest.raises(FileNotFoundError, match="not a trained model"):
        build(model=str(tmp_path))
    res = CliRunner().invoke(main, ["evaluate", "--model", str(tmp_path), str(EXAMPLE)])
    assert res.exit_code == 2 and "cannot load the model" in res.output


@pytest.mark.skipif(not news_dir().exists(), reason="../shared/corpora/news is not here")
def test_cli_train_on_the_corpus(tmp_path):
    res = CliRunner().invoke(main, ["train", "-o", str(tmp_path), "--max-steps", "2",
                                    "--set", "training.eval_frequency=1"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "model" / "config.cfg").exists()
    assert re.search(r"\d{3} training and \d{2} validation articles", res.output)
    assert "scorer:" in res.output


def _tiny_news(folder: Path) -> Path:
    """An ANT-style corpus file and a SaudiNewsNet one, with our own sentences."""
    import gzip
    import json

    folder.mkdir(parents=True, exist_ok=True)
    body = ("وقال وزير الزراعة إن موسم القمح سيبدأ مبكرا هذا العام بسبب الأمطار الغزيرة في الشمال. "
            "وأضاف أن الحكومة ستدعم المزارعين بقروض ميسرة.")
    recs = [{"id": f"ANT-{i}", "text": f"{body}\nقصير جدا\n" + " ".join(["كلمة"] * 650)} for i in range(4)]
    recs.append({"id": "DEV-1", "text": "وقالت الشرطة إن التحقيق ما زال جاريا في الحادث الأخير."})
    with gzip.open(folder / "ant-test.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs))
    with gzip.open(folder / "saudinewsnet.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write(json.dumps({"id": "SNN-1", "text": "نص لا يجوز أن يدخل التدريب المسبق لأنه بترخيص آخر."},
                           ensure_ascii=False) + "\n")
    return folder


def test_raw_text_reads_ant_only_skips_eval_articles_and_cuts_long_paragraphs(tmp_path):
    from quotes import pretrain as pt

    news = _tiny_news(tmp_path / "news")
    lines, words = pt.write_raw_text(tmp_path / "raw.jsonl", str(news), skip_ids={"DEV-1"})
    rows = list(read_jsonl(tmp_path / "raw.jsonl"))
    assert len(rows) == lines == 4 * 4      # the body, and 650 words as 300 + 300 + 50
    assert words == sum(len(r["text"].split()) for r in rows)
    assert all(len(r["text"].split()) <= pt.CHUNK_WORDS for r in rows)
    joined = "\n".join(r["text"] for r in rows)
    assert "الشرطة" not in joined and "بترخيص" not in joined and "قصير جدا" not in joined


def test_pretrained_weights_start_a_training_run(tmp_path, caplog):
    import logging

    from quotes import pretrain as pt

    caplog.set_level(logging.INFO, logger="spacy")

    news = _tiny_news(tmp_path / "news")
    pt.write_raw_text(tmp_path / "raw.jsonl", str(news))
    weights = pt.run_pretrain(tr.config_path("tok2vec"), tmp_path / "raw.jsonl", tmp_path / "pt",
                              {"pretraining.batcher.size": 200})
    assert weights.exists() and weights.stat().st_size > 100_000
    golds = list(read_jsonl(EXAMPLE))
    train_path, _, _, _ = tr.write_data(golds, tmp_path / "data", fraction=0.0)
    best = tr.run_training(tr.config_path("tok2vec"), train_path, train_path, tmp_path / "training",
                           {"training.max_steps": 2, "training.eval_frequency": 2,
                            "paths.init_tok2vec": str(weights)})
    assert (best / "config.cfg").exists()
    # spaCy skips init_tok2vec without a [pretraining] block, and says nothing
    assert f"Loaded pretrained weights from {weights}" in caplog.text


def test_cli_pretrain(tmp_path):
    news = _tiny_news(tmp_path / "news")
    evals = tmp_path / "eval"
    evals.mkdir()
    (evals / "dev.gold.jsonl").write_text('{"id": "DEV-1", "text": "", "quotes": []}\n', encoding="utf-8")
    res = CliRunner().invoke(main, ["pretrain", "--news", str(news), "--eval-dir", str(evals),
                                    "-o", str(tmp_path / "pt")])
    assert res.exit_code == 0, res.output
    assert "1 evaluation articles left out" in res.output
    assert (tmp_path / "pt" / "model-last.bin").exists()
    res = CliRunner().invoke(main, ["pretrain", "--news", str(tmp_path / "nothing"), "-o", str(tmp_path / "x")])
    assert res.exit_code == 2 and "no ant-*.jsonl.gz files" in res.output
