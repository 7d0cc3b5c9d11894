"""The whole pipeline in one place.

    text ─ tokenizer (text.py: marks split off) ─ quote_cues (cues.py)
         ─ quote_marks (marks.py) ─ quote_attribution (attribution.py) ─ doc._.quotes

Every stage is a registered spaCy factory, so the pipeline can also be
assembled from a config, and a trained component can be slotted in."""
from __future__ import annotations

from typing import Optional

import spacy
from spacy.language import Language

# importing the modules registers their factories
from . import attribution, cues, marks  # noqa: F401
from .text import customize_tokenizer

STAGES = ("quote_cues", "quote_marks", "quote_attribution")


def build(rules_only: bool = False, lexicon_dir: Optional[str] = None) -> Language:
    """A blank Arabic pipeline with the quote stages. ``rules_only`` is
    accepted for the CLI's ``--rules-only``: until a trained model ships, the
    rules are the whole pipeline."""
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
