"""Running the pipeline over a stream of documents, batch by batch, without
losing or reordering any of them.

Shared by the CLI (``quotes extract``) and ``quotes.corpus_check``.  Each input
item gives exactly one :class:`Result`, in input order: the quotes of a
:class:`~quotes.io.Document`, or an error message for an unreadable document
(:class:`~quotes.io.InputError`) or for one whose extraction raised.  When a
batch fails inside ``quotes.pipe``, the documents it did not deliver are re-run
one at a time so that only the culprit gets an error record.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, Optional, Union

import quotes

from .io import Document, InputError
from .types import Quote

__all__ = ["Result", "Runner", "chunked", "error_message"]


@dataclass
class Result:
    item: Union[Document, InputError]
    quotes: Optional[list[Quote]] = None
    error: Optional[str] = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def source(self) -> str:
        return self.item.source


def chunked(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Consecutive lists of at most ``size`` items, consuming ``items`` lazily."""
    it = iter(items)
    size = max(1, int(size))
    while True:
        chunk = list(islice(it, size))
        if not chunk:
            return
        yield chunk


def error_message(exc: BaseException) -> str:
    """A one-line description of an exception."""
    msg = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


class Runner:
    """Feeds documents to ``quotes.pipe`` in batches.

    ``nlp`` is built lazily (``load()`` is only called once a readable document
    turns up) so that a run over unreadable input never pays for loading.
    ``mismatches`` counts batches for which ``quotes.pipe`` did not give one
    result per text (the engine's contract); ``corpus_check`` fails on it."""

    def __init__(self, load: Callable[[], Any], batch_size: int = 32,
                 zone_docs: int = 0):
        self._load = load
        self._nlp = None
        self.batch_size = max(1, int(batch_size))
        self.mismatches = 0
        #: documents per spaCy memory zone (0: none, the default); see :meth:`_rotate_zone`.
        #: Off by default: inside a zone spaCy's tokenizer caches nothing, which
        #: costs about a third of the speed; worker recycling bounds memory instead.
        self.zone_docs = max(0, int(zone_docs))
        self._zone = None
        self._zone_count = 0

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = self._load()
        return self._nlp

    def run(self, items: Iterable[Union[Document, InputError]]) -> Iterator[Result]:
        try:
            for chunk in chunked(items, self.batch_size):
                yield from self._batch(chunk)
        finally:
            self.close_zone()

    def _batch(self, chunk: list) -> Iterator[Result]:
        docs = [x for x in chunk if isinstance(x, Document)]
        by_doc: dict[int, Result] = {}
        if docs:
            for doc, res in zip(docs, self._extract(docs)):
                by_doc[id(doc)] = res
        for x in chunk:
            if isinstance(x, InputError):
                yield Result(x, None, x.message)
            else:
                yield by_doc[id(x)]

    def _rotate_zone(self, n_docs: int) -> None:
        """Run documents inside a spaCy (>= 3.8) memory zone renewed every
        ``zone_docs`` documents: the strings and lexemes of the words a zone
        added to the vocabulary are freed when it closes, so a long run's
        memory does not grow with the vocabulary of the corpus.  Results are
        plain :class:`Quote` objects, never tied to the vocabulary."""
        if self._zone is not None and self._zone_count < self.zone_docs:
            self._zone_count += n_docs
            return
        self.close_zone()
        nlp = self.nlp  # loaded outside any zone: its own strings stay
        make = getattr(nlp, "memory_zone", None) if self.zone_docs else None
        if make is not None:
            zone = make()
            zone.__enter__()
            self._zone = zone
            self._zone_count = n_docs

    def close_zone(self) -> None:
        zone, self._zone = self._zone, None
        if zone is not None:
            zone.__exit__(None, None, None)

    def _extract(self, docs: list[Document]) -> list[Result]:
        self._rotate_zone(len(docs))
        nlp = self.nlp
        out: list[Result] = []
        try:
            for quotes_ in quotes.pipe([d.text for d in docs], nlp=nlp,
                                       batch_size=self.batch_size):
                if len(out) == len(docs):
                    self.mismatches += 1  # more results than texts
                    break
                out.append(Result(docs[len(out)], list(quotes_)))
            else:
                if len(out) < len(docs):
                    self.mismatches += 1  # fewer results than texts
        except Exception:
            pass  # redo the rest one by one below to find the failing document
        for doc in docs[len(out):]:
            try:
                out.append(Result(doc, list(quotes.extract(doc.text, nlp=nlp))))
            except Exception as exc:  # one document's failure is its own record
                out.append(Result(doc, None, error_message(exc)))
        return out
