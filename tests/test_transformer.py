"""The transformer config trains and runs from a local model folder, offline.

A tiny BERT with random weights and a vocabulary of our example article's
words is built in a temporary folder, so the test proves the wiring (config,
local path, listener, assembly with the rules) without any download."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("torch", reason="the transformers extra is not installed (pip install 'quotes[transformers]')")
pytest.importorskip("spacy_transformers", reason="spacy-transformers is not installed")
transformers = pytest.importorskip("transformers")

from quotes import train as tr  # noqa: E402
from quotes.corpus import read_jsonl  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "corpora" / "example.gold.jsonl"


def tiny_bert(folder: Path, text: str) -> Path:
    words = sorted(set(text.replace("\n", " ").split()))
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + list("«»\"،.:") + words
    folder.mkdir()
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tok = transformers.BertTokenizerFast(vocab_file=str(folder / "vocab.txt"), do_lower_case=False)
    tok.save_pretrained(folder)
    cfg = transformers.BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=1,
                                  num_attention_heads=2, intermediate_size=64,
                                  max_position_embeddings=256)
    transformers.BertModel(cfg).save_pretrained(folder)
    return folder


def test_transformer_config_trains_and_runs_offline(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    golds = list(read_jsonl(EXAMPLE))
    bert = tiny_bert(tmp_path / "bert", golds[0]["text"])
    train_path, _, _, _ = tr.write_data(golds, tmp_path / "data", fraction=0.0)
    best = tr.run_training(tr.config_path("transformer"), train_path, train_path, tmp_path / "training",
                           {"paths.transformer": str(bert), "training.max_steps": 4,
                            "training.eval_frequency": 2})
    model = tr.assemble(best, tmp_path / "model")

    from quotes.pipeline import build

    nlp = build(model=str(model))
    assert nlp.pipe_names[0] == "transformer" and nlp.pipe_names[-1] == "quote_arbiter"
    text = golds[0]["text"]
    found = list(nlp(text)._.quotes)
    assert found          # the rules still propose; the untrained tagger cannot veto confident quotes
    for q in found:
        assert text[q.content.start:q.content.end] == q.content.text
