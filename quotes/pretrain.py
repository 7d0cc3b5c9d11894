"""``quotes pretrain``: the tagger's tok2vec layer pretrained on raw news text.

The annotated corpus is 600 articles; the news corpus beside it has forty
thousand more that no one annotated. ``spacy pretrain`` lets the tok2vec
layer learn Arabic word shapes and contexts from them (it predicts the first
and last characters of each word from its neighbours), and ``quotes train
--init-tok2vec`` starts the tagger from those weights instead of random ones.

Only the ANT corpus files (Apache-2.0) are read, so the weights can ship with
the model; SaudiNewsNet (CC BY-NC-SA) is left out. Articles of the shared
evaluation sets are skipped too, so that the ablation on dev stays a model
that never saw dev text, annotated or not.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Optional

from .corpus import news_dir, read_jsonl

PRETRAIN_CONFIG = Path(__file__).resolve().parent / "configs" / "pretrain" / "characters.cfg"
CHUNK_WORDS = 300       # spaCy's pretraining reader skips documents of 500 tokens or more
MIN_WORDS = 5
ANT_FILES = "ant-*.jsonl.gz"


def write_raw_text(out: Path, news: Optional[str] = None, skip_ids: Iterable[str] = (),
                   max_words: Optional[int] = None) -> tuple[int, int]:
    """Paragraphs of the ANT articles as ``{"text": …}`` lines; returns (lines, words).

    Paragraphs are cut at ``CHUNK_WORDS`` words: the reader drops longer
    documents rather than cutting them."""
    skip = set(skip_ids)
    files = sorted(news_dir(news).glob(ANT_FILES))
    if not files:
        raise FileNotFoundError(f"no {ANT_FILES} files in {news_dir(news)}")
    lines = words = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        for path in files:
            for rec in read_jsonl(path):
                if rec.get("id") in skip:
                    continue
                for para in (rec.get("text") or "").split("\n"):
                    ws = para.split()
                    if len(ws) < MIN_WORDS:
                        continue
                    for i in range(0, len(ws), CHUNK_WORDS):
                        piece = ws[i:i + CHUNK_WORDS]
                        if len(piece) < MIN_WORDS:
                            continue
                        f.write(json.dumps({"text": " ".join(piece)}, ensure_ascii=False) + "\n")
                        lines += 1
                        words += len(piece)
                        if max_words is not None and words >= max_words:
                            return lines, words
    return lines, words


def eval_ids(folder: Optional[Path]) -> set[str]:
    """Ids of the gold files in ``folder`` (the shared eval sets), to keep out."""
    ids: set[str] = set()
    if folder is None or not folder.is_dir():
        return ids
    for path in folder.glob("*.gold.jsonl"):
        for rec in read_jsonl(path):
            ids.add(rec["id"])
    return ids


def with_pretraining_block(train_config: Path):
    """The training config (uninterpolated) with the pretraining block of
    ``configs/pretrain/characters.cfg`` merged in: ``spacy pretrain`` needs it,
    and so does ``init_tok2vec`` in training (train.py)."""
    from thinc.api import Config

    return Config().from_disk(train_config, interpolate=False).merge(
        Config().from_disk(PRETRAIN_CONFIG, interpolate=False))


def pretrain_config(train_config: Path, raw_text: Path, overrides: Optional[dict] = None):
    from spacy.util import dot_to_dict

    updates = {"paths.raw_text": str(raw_text), **(overrides or {})}
    return with_pretraining_block(train_config).merge(dot_to_dict(updates)).interpolate()


def run_pretrain(train_config: Path, raw_text: Path, output: Path, overrides: Optional[dict] = None,
                 use_gpu: int = -1) -> Path:
    """``spacy pretrain`` on ``raw_text``; returns the final weights (model-last.bin)."""
    from spacy.training.pretrain import pretrain

    import quotes.model  # noqa: F401  (registers the tokenizer the config names)

    cfg = pretrain_config(train_config, raw_text, overrides)
    output.mkdir(parents=True, exist_ok=True)
    pretrain(cfg, output, use_gpu=use_gpu, silent=False)
    return output / "model-last.bin"
