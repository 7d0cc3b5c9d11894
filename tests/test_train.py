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
