"""Find cues: reporting verbs (with clitics, inflections, participles) and
source frames (بحسب، وفقا لـ، نقلا عن …), from the lexicon files.

A cue is a *candidate*; the attribution stage decides whether it reports
anything. What is filtered here is what the guidelines exclude outright:
negated, future and conditional reports, and ambiguous spellings seen
without the context that makes them verbs."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from pyarabic import araby
from spacy.language import Language
from spacy.tokens import Doc

from .lexicon import CueForm, Lexicon, load_lexicon
from .text import strip_proclitics, token_table


@dataclass(frozen=True)
class Cue:
    """Tokens [start, end) of a cue. ``form`` is set for verbs, ``frame`` for source frames."""

    start: int
    end: int
    form: Optional[CueForm] = None
    frame: Optional[str] = None
    proclitic: bool = False       # written with و/ف in front (وقال)

    @property
    def is_verb(self) -> bool:
        return self.form is not None


_BLOCKERS = ("negation", "future", "condition", "question")


_OBJECT_SUFFIXES = ("هما", "هم", "هن", "ها", "ه", "ني", "نا")


def _verb_at(lex: Lexicon, key: str, raw: str = "") -> tuple[Optional[CueForm], bool, str]:
    """The cue form a word spells, whether a proclitic was removed, and the stem matched."""
    stems = strip_proclitics(key)
    if len(key) == 3 and key[0] in "وف":
        stems.append(key[1:])       # two-letter verbs: وحث، ورد
    for n, stem in enumerate(stems):
        forms = lex.cues.get(stem)
        if forms:
            return forms[0], n > 0, stem
    # a verb with an object pronoun: اتهمه، ذكرته، أبلغهم (never a word in ة: إشارة is no أشار+ه)
    if raw.endswith("ة"):
        return None, False, ""
    for n, stem in enumerate(stems):
        for suf in _OBJECT_SUFFIXES:
            base = stem[: -len(suf)]
            if stem.endswith(suf) and len(base) >= 4 and base not in lex.ambiguous:
                forms = [f for f in lex.cues.get(base, ()) if f.aspect in ("perfect", "imperfect")]
                if forms:
                    return forms[0], n > 0, base
    return None, False, ""


# بعد أن، قبل أن، منذ أن: a complementizer that belongs to a time clause, not to the cue
TEMPORAL = ("بعد", "قبل", "منذ", "حين", "عندما", "بعدما")


def _has_context(lex: Lexicon, doc: Doc, keys: list[str], i: int, form: CueForm) -> bool:
    """An ambiguous spelling (بين: between/explained, وصف: description/described)
    counts when it opens a clause, as verbs do in news prose, or when a
    complementizer, colon, quotation mark or its own preposition follows closely."""
    t = token_table(doc)
    j = i - 1
    while j >= 0 and t.space[j]:
        j -= 1
    clause_start = j < 0 or keys[j] in (".", "؛", ":", "!", "؟", ")") or "\n" in t.ws[j] or t.space[j] \
        or bool(keys[j]) and set(keys[j]) <= set("-–—")      # (CNN)-- حذر …: a dateline's dash
    if not clause_start and keys[j] in ("،", ",") and j > 0 and (lex.has(keys[j - 1], "time") or lex.has(keys[j - 1], "discourse")):
        clause_start = True     # من جانبه، وصف … / بدوره، أكد …
    # a spelling that is also a preposition (بين، عبر) opens clauses as one
    # too (وبين المنتجات …): only what follows can tell, the verb's own
    # preposition however far the subject runs (عبر الوزير، فلان الفلاني، عن …)
    bare = keys[i][1:] if keys[i][:1] in "وف" and len(keys[i]) > 3 else keys[i]
    homograph = lex.has(bare, "preposition")
    if form.aspect == "perfect" and form.number != "d" and clause_start and not homograph \
            and not lex.has(bare, "noun_first"):
        return True     # (نادي الترجي: a noun opens sports results as often as a verb opens news)
    if homograph and i + 1 < len(keys) and (lex.has(keys[i + 1], "medium") or keys[i + 1].startswith(("حساب", "صفح"))):
        return False    # …، عبر حسابه على تويتر، إن …: "via", whatever follows
    if homograph and (j >= 0 and keys[j] in ("من", "ومن") or any(
            k.startswith(bare) and len(k) <= len(bare) + 2 for k in keys[max(0, i - 8):i])):
        return False    # القمة بينه وبين الزعيم …، ومن بين هذه الخطط: "between", whatever follows
    reach = 1 if form.number == "d" else 20 if homograph and clause_start else 12   # أمرا، ردا: duals read as nouns far more often
    for n, k in enumerate(keys[i + 1:i + 1 + reach]):
        if k in (".", "؟", "!", "\n"):
            return False
        if lex.has(k, "complementizer") and not (n and keys[i + n] in TEMPORAL):
            return True
        # بين "القبة الحديدية" و…، عبر «تويتر»: a quotation mark after a preposition's spelling is a name
        marks = (":",) if homograph else (":", '"', "«", "“", "”")
        if ((n < 6 or homograph and clause_start) and k in form.preps) or (n < 2 and k in marks):
            return True
        if n < 3 and "ب" in form.preps and k.startswith("ب") and len(k) > 3 and not lex.kind(k):
            return True     # ووعد بتقديم …، وتعهد التحالف بمحاسبة …
    return False


DAMMA = "\u064f"


def _passive(raw: str, form: CueForm) -> bool:
    """A written damma marks the passive (اتُّهمت دمشق، أُعلن عن، ويُعتقد أن): no
    source speaks. An active perfect carries none (except before the plural
    ending: قالُوا); an active imperfect carries one on its prefix only in the
    verb forms II–IV (يُعلن), so the prefix counts for lemmas in ا (اعتقد، اعتبر)."""
    if DAMMA not in raw:
        return False
    word = raw[1:] if raw[:1] in "وف" and len(raw) > 3 else raw
    if form.aspect == "perfect":
        return DAMMA in word.rstrip("اوْ").rstrip(DAMMA + "و")
    return form.aspect == "imperfect" and form.lemma.startswith("ا") and word[1:2] == DAMMA


def _maqsura(raw: str, form: CueForm) -> bool:
    """تلقى (received), تنفى (is denied): an imperfect in ي spelled with a final
    ى is another verb or the passive, which the normalised key cannot tell
    apart from تلقي باللوم، ينفي. Forms listed with ى (يرى، ترى) keep it."""
    return form.aspect == "imperfect" and araby.strip_tashkeel(raw).endswith("ى") and not form.form.endswith("ى")


def _objectless(lex: Lexicon, keys: list[str], i: int, form: CueForm, stem: str) -> bool:
    """اتهم بالتزوير، وصف بأنه: a verb that needs its object before بـ, with
    none (and no object pronoun), is the passive written without its vowels."""
    if not lex.lemma_has(form.lemma, "object_first") or not keys[i].endswith(stem) or form.aspect == "participle":
        return False
    j = i + 1
    while j < len(keys) and not keys[j].strip():
        j += 1
    if j >= len(keys) or not keys[j].startswith("ب") or lex.kind(keys[j]) - {"complementizer"}:
        return False    # بريطانيا، بكين، بين: a subject or a preposition, not the clitic
    k = keys[j]
    # بالتزوير، بأنه، بتهريب، باستخدام، بشن: the clitic on a noun or a verbal noun
    return k.startswith(("بال", "بان")) or k[1:2] in "تا" and len(k) >= 5 or len(k) == 3


def find_cues(doc: Doc, lex: Lexicon, memo: Optional[dict] = None) -> list[Cue]:
    """``memo`` caches the look-up of each distinct word form across documents."""
    table = token_table(doc)
    keys = table.key
    memo = {} if memo is None else memo
    out: list[Cue] = []
    i, n = 0, len(doc)
    while i < n:
        frame = _frame_at(lex, keys, i) if keys[i] in lex.frame_heads or keys[i][1:] in lex.frame_heads else None
        if frame:
            end, kind = frame
            out.append(Cue(i, end, frame=kind, proclitic=keys[i][:1] in "وف" and keys[i] not in ("وفق", "وفقا")))
            i = end
            continue
        raw = table.text[i]
        hit = memo.get((keys[i], raw[-1:] == "ة"))
        if hit is None:
            hit = memo[(keys[i], raw[-1:] == "ة")] = _verb_at(lex, keys[i], raw)
        form, procl, stem = hit
        if form is not None and not table.punct[i]:
            prev = keys[i - 1] if i else ""
            # ولم يعلن / فلن يقول: the conjunction does not undo the negation
            bare = prev[1:] if len(prev) > 2 and prev[0] in "وف" else prev
            blocked = any(lex.has(p, b) for b in _BLOCKERS for p in (prev, bare)) or (
                # أن يعلن / لن يقول: a subjunctive report has not happened yet
                form.aspect == "imperfect" and prev in ("ان", "بان", "لان")) or (
                # ما قال / …، ما يشير إلى: negation or "which", not a report
                prev in ("ما", "مما")) or _passive(raw, form) or _objectless(lex, keys, i, form, stem) \
                or _maqsura(raw, form)
            if not blocked and (stem not in lex.ambiguous or _has_context(lex, doc, keys, i, form)):
                procl = procl or keys[i - 1] in ("و", "ف") if i else procl     # "و قال"
                out.append(Cue(i, i + 1, form=form, proclitic=procl))
        i += 1
    return out


def _frame_at(lex: Lexicon, keys: list[str], i: int) -> Optional[tuple[int, str]]:
    """Longest source frame starting at token i (و/ف allowed on its first word).

    A frame ending in the preposition ل (وفقا لـ) also matches when ل is
    written attached to the next word (وفقا للوزارة)."""
    if lex.has(keys[i], "manner"):
        return None     # فحسب "only" is no حسب
    heads = strip_proclitics(keys[i])
    for length in range(min(lex.max_frame_len, len(keys) - i), 0, -1):
        tail = tuple(keys[i + 1:i + length])
        for head in heads:
            cand = (head,) + tail
            if cand in lex.frames:
                return i + length, lex.frames[cand]
            # "وفقا ل" + attached ل: match the frame minus ل when the next word starts with ل
            if cand + ("ل",) in lex.frames and i + length < len(keys) and keys[i + length].startswith("ل"):
                return i + length, lex.frames[cand + ("ل",)]
            if cand + ("لـ",) in lex.frames and i + length < len(keys) and keys[i + length].startswith("ل"):
                return i + length, lex.frames[cand + ("لـ",)]
    return None


@Language.factory("quote_cues", default_config={"lexicon_dir": None})
class QuoteCues:
    """Pipeline stage: ``doc._.cues`` = candidate cues in text order."""

    def __init__(self, nlp: Language, name: str = "quote_cues", lexicon_dir: Optional[str] = None):
        self.lex = load_lexicon(lexicon_dir)
        self.memo: dict = {}
        for ext in ("cues", "table"):
            if not Doc.has_extension(ext):
                Doc.set_extension(ext, default=None)

    def __call__(self, doc: Doc) -> Doc:
        doc._.table = None
        if len(self.memo) > 500_000:       # bounded on corpora with endless vocabularies
            self.memo.clear()
        doc._.cues = find_cues(doc, self.lex, self.memo)
        return doc
