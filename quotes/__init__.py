"""quotes: find quotes and claims in Arabic news text and attribute them to speakers.

Library entry points::

    import quotes
    for q in quotes.extract(text):
        print(q.speaker_resolved, q.content.text)

    nlp = quotes.load()          # a spaCy Language; doc._.quotes holds the results
    for doc in nlp.pipe(texts):
        ...
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator, Optional

from .types import Quote, Span

__version__ = "0.1.0"
__all__ = ["extract", "pipe", "load", "Quote", "Span", "__version__"]


def load(rules_only: bool = False, model: Optional[str] = None):
    """Build the quote pipeline (a spaCy ``Language``): the shipped model
    (``quotes/model/``) or the ``model`` folder you trained, else the rules alone.

    Kept as a function rather than a module-level object so importing the
    package stays cheap; ``extract`` caches one instance per option set."""
    from .pipeline import build

    return build(rules_only=rules_only, model=model)


@lru_cache(maxsize=4)
def _default(rules_only: bool = False):
    return load(rules_only=rules_only)


def extract(text: str, nlp=None) -> list[Quote]:
    """All attributions in ``text``, in text order."""
    if not isinstance(text, str):
        raise TypeError(f"extract() expects str, got {type(text).__name__}")
    nlp = nlp or _default()
    return list(nlp(text)._.quotes)


def pipe(texts: Iterable[str], nlp=None, batch_size: int = 32) -> Iterator[list[Quote]]:
    """Stream ``extract`` over many texts through ``nlp.pipe`` (one list per text, in order)."""
    nlp = nlp or _default()
    # batch_size is how many texts are read ahead; a pipeline with the span
    # tagger runs fewer at once (pipeline.TAGGER_BATCH) to bound its memory
    for doc in nlp.pipe(texts, batch_size=min(batch_size, nlp.batch_size)):
        yield list(doc._.quotes)
