"""``quotes train``: from the stand-off corpus to a shipped model folder.

    corpus (corpora/annotations + news texts) ─ DocBin train/valid
      ─ spacy train (quotes/configs/*.cfg) ─ model-best
      ─ + rule stages + quote_arbiter ─ a full pipeline folder (quotes/model/ when shipped)

The validation split is a fixed tenth of *our* corpus, chosen by a hash of the
article id, so it never changes as batches are added and the shared dev set
stays untouched for the ablation.
"""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Optional

import spacy

from . import corpus
from .model import to_docbin

CONFIGS = Path(__file__).resolve().parent / "configs"
SHIPPED = Path(__file__).resolve().parent / "model"


def is_valid(doc_id: str, fraction: float = 0.1) -> bool:
    h = int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:8], 16)
    return (h % 1000) < fraction * 1000


def blank_nlp() -> spacy.Language:
    from .pipeline import build

    return build(rules_only=True)


def write_data(golds: list[dict], out: Path, fraction: float = 0.1) -> tuple[Path, Path, int, int]:
    nlp = blank_nlp()
    out.mkdir(parents=True, exist_ok=True)
    train = [g for g in golds if not is_valid(g["id"], fraction)]
    valid = [g for g in golds if is_valid(g["id"], fraction)]
    to_docbin(nlp, train).to_disk(out / "train.spacy")
    to_docbin(nlp, valid).to_disk(out / "valid.spacy")
    return out / "train.spacy", out / "valid.spacy", len(train), len(valid)


def config_path(name: str) -> Path:
    p = Path(name)
    if p.exists():
        return p
    p = CONFIGS / f"{name}.cfg"
    if not p.exists():
        names = ", ".join(sorted(c.stem for c in CONFIGS.glob("*.cfg")))
        raise FileNotFoundError(f"no config {name!r} (known: {names})")
    return p


def run_training(config: Path, train: Path, valid: Path, output: Path,
                 overrides: Optional[dict] = None, use_gpu: int = -1) -> Path:
    """``spacy train`` itself, with the paths filled in; returns model-best."""
    from spacy.cli.train import train as spacy_train

    import quotes.model  # noqa: F401  (registers the tokenizer the config names)

    ov = {"paths.train": str(train), "paths.dev": str(valid)}
    ov.update(overrides or {})
    spacy_train(config, output, overrides=ov, use_gpu=use_gpu)
    return output / "model-best"


def assemble(model_best: Path, dest: Path, arbiter: Optional[dict] = None) -> Path:
    """The trained tagger plus the rule stages and the arbiter, saved as one
    pipeline folder that ``spacy.load`` (and ``quotes.load``) reads offline."""
    from . import attribution, cues, marks  # noqa: F401
    import quotes.model  # noqa: F401

    nlp = spacy.load(model_best)
    for name in ("quote_cues", "quote_marks", "quote_attribution"):
        nlp.add_pipe(name)
    nlp.add_pipe("quote_arbiter", config=arbiter or {})
    if dest.exists():
        shutil.rmtree(dest)
    nlp.to_disk(dest)
    return dest


def load_corpus(news: Optional[str] = None) -> list[dict]:
    return corpus.load_gold(news)
