"""Arabic text layer: matching-time normalisation and the tokenizer.

Normalisation is applied to *copies* of token strings for lexicon look-ups
only; the Doc keeps the user's text untouched, so every offset we report is an
index into exactly what the user gave us."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from typing import TYPE_CHECKING

import pyarabic.araby as araby

if TYPE_CHECKING:  # spaCy is imported where it is used: the quote store's
    from spacy.language import Language  # commands need only the normalisation
    from spacy.tokens import Doc         # and start in a fraction of the time

# Quotation marks in every style Arabic newsrooms use, including the reversed
# ” … “ of Gulf papers and low-9 „ marks.
QUOTE_CHARS = "\"«»“”„‟"
OPEN_ONLY = "«„‟"
CLOSE_ONLY = "»"
PUNCT_CHARS = "،؛؟.,:;!?()[]{}…/"
BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200c\u200d\ufeff"

_PROCLITIC_VERB = ("و", "ف")


def fold(text: str) -> str:
    """Spelling-insensitive form of any text: no diacritics (pyarabic's
    TASHKEEL), tatweel or bidi marks; one alef, ى→ي, ة→ه. Used for look-ups
    only, never to cut spans.  One ``str.translate`` pass, because the quote
    store folds every claim it indexes."""
    return text.translate(_FOLD_TABLE)


@lru_cache(maxsize=200_000)
def norm(word: str) -> str:
    """:func:`fold` for one token, cached: the lexicon look-up key."""
    return fold(word)


#: Hamza on waw or ya, as a bare hamza for searching (مسؤول = مسئول).
_HAMZA_SEATS = str.maketrans({"ؤ": "ء", "ئ": "ء"})


def search_key(text: str) -> str:
    """The form under which the quote store indexes claims and speaker names
    *and* reads queries (:mod:`quotes.store`): :func:`fold`, hamza on waw/ya
    as a bare hamza, Latin letters lower-cased.  One function for both
    sides, so a word is found however it is spelt in the article or the query."""
    return fold(text).translate(_HAMZA_SEATS).lower()


_FOLD_TABLE = {ord(c): None for c in araby.TASHKEEL + (araby.TATWEEL,) + tuple(BIDI)}
_FOLD_TABLE.update({ord(c): "ا" for c in "أإآٱٲٳ"})
_FOLD_TABLE.update({ord("ى"): "ي", ord("ة"): "ه"})


def strip_proclitics(key: str, clitics: tuple[str, ...] = _PROCLITIC_VERB) -> list[str]:
    """Candidate stems of a normalised word with its conjunction proclitics
    removed (وقال → قال, فأكد → اكد), longest first, so a cue is never missed
    because of و or ف in front of it."""
    out = [key]
    w = key
    for _ in range(2):
        if len(w) > 3 and w[0] in clitics:
            w = w[1:]
            out.append(w)
        else:
            break
    return out


def is_definite(key: str) -> bool:
    """True for words carrying the article (ال، وال، بال، لل...)."""
    for pre in ("ال", "وال", "فال", "بال", "كال", "لل", "ولل"):
        if key.startswith(pre) and len(key) > len(pre) + 1:
            return True
    return False


def customize_tokenizer(nlp: Language) -> None:
    """Split every quotation and punctuation mark into its own token.

    spaCy's Arabic defaults leave marks glued to words (المفاوضات". / داعش».),
    which would hide quote boundaries from every later stage."""
    marks = re.escape(QUOTE_CHARS + PUNCT_CHARS + "'")
    prefixes = list(nlp.Defaults.prefixes or []) + [
        f"[{marks}]",
        # بـ"التعافي / لـ«: a clitic preposition written with tatweel before a mark or word
        "[وف]?[بلك]ـ+",
    ]
    suffixes = list(nlp.Defaults.suffixes or []) + [f"[{marks}]"]
    infixes = list(nlp.Defaults.infixes or []) + [
        f"[{re.escape(QUOTE_CHARS)}]",
        r"(?<=[\u0600-\u06ff])[،؛؟:.](?=[\u0600-\u06ff])",
        # a mark glued between a word and a quotation mark: وأضافت:"لا / داعش».و
        f"(?<=[\\u0600-\\u06ff])[،؛؟:.!,](?=[{re.escape(QUOTE_CHARS)}])",
        f"(?<=[{re.escape(QUOTE_CHARS)}])[،؛؟:.!,](?=[\\u0600-\\u06ff])",
        r"(?<=[\u0600-\u06ff])ـ+(?=[\"«“”])",
        # a missing space before إن/إنه: و قال موقع تويترإنه … (إ opens no word
        # after three letters but the article: والإمارات، للإنسان stay whole)
        r"(?<=[\u0621-\u064a]{3})(?<!ال)(?<!لل)(?=إ[\u0621-\u064a])",
        # a dateline glued to the first word: (CNN)—قال / (CNN)--قال
        r"[—–]|-{2,}",
        r"\)(?=[\u0600-\u06ff—–-])",
    ]
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    tok = nlp.tokenizer
    tok.prefix_search = compile_prefix_regex(prefixes).search
    tok.suffix_search = compile_suffix_regex(suffixes).search
    tok.infix_finditer = compile_infix_regex(infixes).finditer
    # Special cases (e.g. "." abbreviations) would re-glue marks; we have no need of them.
    tok.rules = {}


@dataclass
class TokenTable:
    """Per-token attributes of a Doc read in one pass.

    Every rule looks at tokens many times; spaCy builds a new Token object on
    each ``doc[i]``, so the stages share these plain lists instead."""

    text: list[str]
    key: list[str]          # norm(text)
    idx: list[int]
    ws: list[str]           # trailing whitespace
    punct: list[bool]
    space: list[bool]


def token_table(doc: Doc) -> TokenTable:
    from spacy.tokens import Doc

    if not Doc.has_extension("table"):
        Doc.set_extension("table", default=None)
    table = doc._.table
    if table is None:
        text, idx, ws, punct, space = [], [], [], [], []
        for t in doc:
            text.append(t.text)
            idx.append(t.idx)
            ws.append(t.whitespace_)
            punct.append(t.is_punct)
            space.append(t.is_space)
        table = doc._.table = TokenTable(text, [norm(x) for x in text], idx, ws, punct, space)
    return table
