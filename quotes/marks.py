"""Pair quotation marks into quotations.

Newsrooms mix styles (" « » “ ” „) and Gulf papers reverse the curly pair
(” … “), so curly marks are paired by alternation rather than by shape. Marks
are paired within a paragraph first; only a mark left open at the end of a
paragraph may reach into a later one, and only when that paragraph resolves it,
so one stray mark can never swallow the rest of an article."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from .text import QUOTE_CHARS, token_table

# Families: marks pair only within their family.
_FAMILY = {'"': "straight", "«": "guillemet", "»": "guillemet", "“": "curly", "”": "curly",
           "„": "curly", "‟": "curly"}
MAX_PARAGRAPHS = 4      # a quotation may run over at most this many paragraphs
MAX_CHARS = 4000        # ... and this many characters


@dataclass(frozen=True)
class Quotation:
    """Token indices of a pair of marks: open_i < close_i; content is between."""

    open_i: int
    close_i: int


def paragraphs(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of paragraphs (split at line breaks)."""
    t = token_table(doc)
    out, start = [], 0
    for i, (text, ws, space) in enumerate(zip(t.text, t.ws, t.space)):
        if "\n" in text or "\n" in ws:
            end = i if space else i + 1
            if end > start:
                out.append((start, end))
            start = i + 1
    if start < len(t.text):
        out.append((start, len(t.text)))
    return out


def _pair_in(doc: Doc, lo: int, hi: int) -> tuple[list[Quotation], list[tuple[int, str]]]:
    """Pair marks in tokens [lo, hi); return pairs and leftovers (i, 'open'|'close')."""
    pairs: list[Quotation] = []
    left: list[tuple[int, str]] = []
    open_at: dict[str, int] = {}
    text = token_table(doc).text
    for i in range(lo, hi):
        ch = text[i]
        if len(ch) != 1 or ch not in QUOTE_CHARS:
            continue
        fam = _FAMILY[ch]
        if fam == "guillemet":
            if ch == "«":
                if fam in open_at:  # «a «b: the first one never closed
                    left.append((open_at[fam], "open"))
                open_at[fam] = i
            elif fam in open_at:
                pairs.append(Quotation(open_at.pop(fam), i))
            else:
                left.append((i, "close"))
        else:  # straight and curly marks alternate
            if fam in open_at:
                pairs.append(Quotation(open_at.pop(fam), i))
            else:
                open_at[fam] = i
    left.extend((i, "open") for i in open_at.values())
    return pairs, sorted(left)


def find_quotations(doc: Doc, paras: Optional[list[tuple[int, int]]] = None) -> list[Quotation]:
    paras = paragraphs(doc) if paras is None else paras
    pairs: list[Quotation] = []
    pending: list[tuple[int, int]] = []  # (token i, paragraph no.) of marks left open
    for p_no, (lo, hi) in enumerate(paras):
        p_pairs, left = _pair_in(doc, lo, hi)
        closes = [i for i, kind in left if kind == "close"]
        opens = [i for i, kind in left if kind == "open"]
        # An open mark from an earlier paragraph closes at this paragraph's first
        # unmatched mark of the same family (a continuation of a long quotation).
        if pending and (closes or opens):
            first = min(closes + opens)
            o_i, o_p = pending[-1]
            if (_FAMILY[doc[o_i].text] == _FAMILY[doc[first].text]
                    and p_no - o_p <= MAX_PARAGRAPHS
                    and doc[first].idx - doc[o_i].idx <= MAX_CHARS):
                pairs.append(Quotation(o_i, first))
                pending.clear()
                closes = [i for i in closes if i != first]
                opens = [i for i in opens if i != first]
        # Convention: each paragraph of a long quotation re-opens it; a paragraph
        # that starts with a mark continues a quotation left open above.
        if pending and p_pairs and p_pairs[0].open_i == lo:
            o_i, o_p = pending[-1]
            if p_no - o_p <= MAX_PARAGRAPHS and doc[p_pairs[0].close_i].idx - doc[o_i].idx <= MAX_CHARS:
                pairs.append(Quotation(o_i, p_pairs[0].close_i))
                p_pairs = p_pairs[1:]
                pending.clear()
        pairs.extend(p_pairs)
        if opens:
            pending = [(opens[-1], p_no)]
        elif pending and pending[-1][1] < p_no - MAX_PARAGRAPHS:
            pending.clear()
    return sorted(pairs, key=lambda q: q.open_i)


@Language.factory("quote_marks")
class QuoteMarks:
    """Pipeline stage: ``doc._.quotations`` = paired quotation marks."""

    def __init__(self, nlp: Language, name: str = "quote_marks"):
        for ext in ("quotations", "paragraphs"):
            if not Doc.has_extension(ext):
                Doc.set_extension(ext, default=None)

    def __call__(self, doc: Doc) -> Doc:
        doc._.paragraphs = paragraphs(doc)
        doc._.quotations = find_quotations(doc, doc._.paragraphs)
        return doc
