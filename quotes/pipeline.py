"""The whole pipeline in one place.

    text ─ tokenizer (text.py: marks split off)
         ─ tok2vec ─ ner (the trained span tagger: CUE/SPEAKER/CONTENT/ADDRESSEE; model.py)
         ─ quote_cues (cues.py) ─ quote_marks (marks.py) ─ quote_attribution (attribution.py)
         ─ quote_arbiter (model.py: the rules propose, the model decides) ─ doc._.quotes

Without a trained model (``rules_only``) the first two and the last stage are absent.

Every stage is a registered spaCy factory, so the pipeline can also be
assembled from a config, and a trained component can be slotted in."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import spacy
from spacy.language import Language

# importing the modules registers their factories
from . import attribution, cues, marks  # noqa: F401
from .text import customize_tokenizer

STAGES = ("quote_cues", "quote_marks", "quote_attribution")
SHIPPED_MODEL = Path(__file__).resolve().parent / "model"


# documents the span tagger runs at once (nlp.pipe's default, and the most
# quotes.pipe passes however large the caller's batches)
TAGGER_BATCH = 8


def build(rules_only: bool = False, lexicon_dir: Optional[str] = None,
          model: Optional[str] = None) -> Language:
    """The quote pipeline. With a trained model (``model``, else the one shipped
    in ``quotes/model/``) it is that folder loaded offline: tokenizer, tok2vec
    and span tagger, the three rule stages and ``quote_arbiter`` (model.py).
    ``rules_only``, or no model at all, gives a blank Arabic pipeline with the
    rule stages alone."""
    path = Path(model) if model else SHIPPED_MODEL
    if not rules_only and (path / "config.cfg").exists():
        from . import model as _model  # noqa: F401  (registers the tokenizer and the arbiter)

        cfg = {"components": {name: {"lexicon_dir": lexicon_dir}
                              for name in ("quote_cues", "quote_attribution")}} if lexicon_dir else {}
        nlp = spacy.load(path, config=cfg)
        nlp.max_length = 100_000_000
        # the tagger's activations grow with the batch (32 long articles: 1 GB,
        # 8: 0.7 GB) and its speed does not (docs/performance.md)
        nlp.batch_size = min(nlp.batch_size, TAGGER_BATCH)
        # the folder keeps the tokenizer of its training run; the rules need
        # today's (text.py), and it differs from the saved one only on marks
        customize_tokenizer(nlp)
        return nlp
    if model and not rules_only:
        raise FileNotFoundError(f"{model}: not a trained model folder (no config.cfg)")
    nlp = spacy.blank("ar")
    # spaCy's 1M-character guard protects parsers' memory; these components
    # are linear in the text, so long documents (a 10 MB transcript) are fine.
    nlp.max_length = 100_000_000
    customize_tokenizer(nlp)
    cfg = {"lexicon_dir": lexicon_dir}
    nlp.add_pipe("quote_cues", config=cfg)
    nlp.add_pipe("quote_marks")
    nlp.add_pipe("quote_attribution", config=cfg)
    return nlp
