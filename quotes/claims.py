"""Claims: the content of each quote, normalised, and near-duplicates clustered.

Several outlets report the same statement with small differences (a word
more, another quotation mark, أن or بأن in front).  Comparing every pair is
quadratic, so candidates come from MinHash LSH (the ``datasketch`` library)
over word bigrams of the normalised text, and each candidate pair is then
checked with the exact Jaccard similarity of those bigram sets.  Clusters are
the connected components of the accepted pairs.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from datasketch import MinHash, MinHashLSH

from .lexicon import load_lexicon
from .text import QUOTE_CHARS, norm

__all__ = ["normalise_claim", "shingles", "cluster_claims", "ClaimSettings"]

_STRIP = QUOTE_CHARS + "،,.:;؛'()[]{}<>-–—…!?؟/"
_LEADING = {"complementizer", "preposition"}


def normalise_claim(text: str) -> str:
    """A spelling-insensitive form of a quote's content, for comparison only:
    words normalised (:func:`quotes.text.norm`), punctuation and quotation
    marks dropped, and the complementizer or preposition that opens indirect
    content (أن، إن، بأن، إلى أن) removed."""
    lex = load_lexicon()
    words = []
    for raw in text.split():
        w = norm(raw).replace("ـ", "").strip(_STRIP)
        for ch in QUOTE_CHARS:
            w = w.replace(ch, "")
        if w:
            words.append(w)
    lead = 0
    while lead < min(2, len(words) - 1) and lex.kind(words[lead]) & _LEADING:
        lead += 1
    return " ".join(words[lead:])


def shingles(normalised: str, k: int = 2) -> set[str]:
    """Word k-grams of a normalised claim (the whole text when shorter)."""
    words = normalised.split()
    if len(words) <= k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}


@dataclass(frozen=True)
class ClaimSettings:
    """``threshold``: least Jaccard similarity of two claims' bigram sets to be
    one claim; ``min_words``: shorter claims (نعم، هذا غير صحيح) are too
    common to say that two outlets report the same statement, so they stay
    apart; ``num_perm``: MinHash permutations (accuracy of the LSH step)."""

    threshold: float = 0.5
    min_words: int = 4
    num_perm: int = 128


def cluster_claims(normalised: Sequence[str], settings: ClaimSettings = ClaimSettings()
                   ) -> list[int]:
    """A cluster number for each normalised claim (equal numbers: one claim).

    Numbers are the index of the cluster's first member, so they are stable
    for a given input order."""
    n = len(normalised)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    sets = [shingles(t) for t in normalised]
    eligible = [i for i, t in enumerate(normalised) if len(t.split()) >= settings.min_words]
    if len(eligible) > 1:
        hashes = MinHash.bulk([[s.encode("utf-8") for s in sets[i]] for i in eligible],
                              num_perm=settings.num_perm)
        lsh = MinHashLSH(threshold=settings.threshold, num_perm=settings.num_perm)
        for i, mh in zip(eligible, hashes):
            for j in lsh.query(mh):
                a, b = sets[i], sets[j]
                if len(a & b) >= settings.threshold * len(a | b):
                    ri, rj = find(i), find(j)
                    if ri != rj:
                        parent[max(ri, rj)] = min(ri, rj)
            lsh.insert(i, mh)
    return [find(i) for i in range(n)]
