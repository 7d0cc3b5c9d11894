"""Turn cues and quotations into attributed quotes.

For each cue the rules find three things, in this order:

1. where the content opens: a complementizer (أن/إن/بأن…), a quotation mark,
   a colon, or the preposition the verb governs (أشار إلى، شدد على); the words
   between cue and opener are the *zone*;
2. who speaks: the zone minus addressee/medium (لوكالة…، في بيان) and time
   words (VSO); else the noun phrase before the cue (SVO); else the speaker
   after a postposed cue ("…"، قال الوزير); else nobody (pro-drop: وأضاف);
3. where the content ends: the closing mark of a direct quote, or the end of
   the sentence, cut before a following cue or a clause-breaking connective.

Implicit speakers are then resolved to the nearest earlier speaker whose
gender and number agree with the cue (قالت → feminine, أشاروا → plural)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from .cues import Cue, keys_of
from .lexicon import Lexicon, load_lexicon
from .marks import Quotation
from .text import QUOTE_CHARS, is_definite, strip_proclitics
from .types import Quote, Span

SENT_END = {".", "!", "؟", "?", "...", "…", "؛"}
COMMA = {"،", ","}
# Verbs of saying whose quoted complement is verbatim speech (direct); other
# cues with a quoted object (دعا "…"، أكد "…") report it as mixed.
SPEECH_CLASSES = {"assert", "add", "state", "explain", "reply", "ask", "say"}
# Verbs that take an object before their preposition (دعا الدول إلى، اتهم فلانا بـ)
_PRONOUN_PREPS = {"عنه", "عنها", "عنهم", "له", "لها", "لهم", "به", "بها"}
OBJECT_CLASSES = {"call", "accuse", "describe", "inform", "warn"}
MAX_ZONE = 22
MAX_LEFT = 12


@dataclass
class Mention:
    span: Span
    gender: str
    number: str
    sid: int
    named: bool = False
    name: Optional[Span] = None     # the name inside a long mention, for implicit references


@dataclass
class _Draft:
    cue: Cue
    type: str
    content: tuple[int, int]           # token range
    speaker: Optional[tuple[int, int]] = None
    addressee: Optional[tuple[int, int]] = None
    confidence: float = 0.7
    content_chars: Optional[tuple[int, int]] = None   # for contents that are not token-aligned
    speaker_chars: Optional[tuple[int, int]] = None
    resolved: Optional[Mention] = None
    sent: int = 0
    extra: dict = field(default_factory=dict)


class Attributor:
    def __init__(self, lex: Lexicon):
        self.lex = lex

    # ------------------------------------------------------------------ setup
    def __call__(self, doc: Doc, cues: list[Cue], quotations: list[Quotation]) -> list[Quote]:
        self.doc = doc
        self.keys = keys_of(doc)
        self.n = len(doc)
        self.quotations = quotations
        self.q_open = {q.open_i: q for q in quotations}
        self.q_close = {q.close_i: q for q in quotations}
        self.inside = [None] * self.n          # quotation covering each token
        for q in quotations:
            for i in range(q.open_i + 1, q.close_i):
                if self.inside[i] is None:
                    self.inside[i] = q
        self.sent = self._sentences()
        cue_at = {c.start: c for c in cues}
        self.cue_at = cue_at
        drafts: list[_Draft] = []
        used: set[int] = set()
        for c in cues:
            if c.start in used:
                continue
            d = self._frame(c) if c.frame else self._verb(c)
            if d is not None:
                drafts.append(d)
                used.update(d.extra.get("consumed", ()))
        drafts.extend(self._colon_quotes(drafts))
        drafts = self._drop_nested(sorted(drafts, key=lambda d: d.cue.start))
        return self._finish(drafts)

    # -------------------------------------------------------------- geometry
    def _sentences(self) -> list[int]:
        """Sentence number of each token; boundaries inside quotations don't count."""
        out, s = [], 0
        for i, tok in enumerate(self.doc):
            out.append(s)
            if self.inside[i] is not None:
                continue
            if tok.text in SENT_END or (tok.is_space and "\n" in tok.text) or "\n" in tok.whitespace_:
                s += 1
        return out

    def _is_break(self, i: int) -> bool:
        tok = self.doc[i]
        return tok.text in SENT_END or "\n" in tok.text

    def _sent_bounds(self, i: int) -> tuple[int, int]:
        s = self.sent[i]
        lo = i
        while lo > 0 and self.sent[lo - 1] == s:
            lo -= 1
        hi = i
        while hi + 1 < self.n and self.sent[hi + 1] == s:
            hi += 1
        # the boundary token itself belongs to the sentence it ends
        return lo, hi + 1

    def has(self, i: int, kind: str) -> bool:
        return 0 <= i < self.n and self.lex.has(self.keys[i], kind)

    def _cue_verb_at(self, i: int) -> bool:
        c = self.cue_at.get(i)
        return c is not None and (c.is_verb or c.frame is not None)

    # ---------------------------------------------------------- verb cues
    def _opener(self, c: Cue, zs: Optional[int] = None) -> tuple[Optional[str], int]:
        """Scan right of the cue for what opens the content."""
        preps = c.form.preps if c.form else ()
        zs = c.end if zs is None else zs
        lo, hi = self._sent_bounds(c.start)
        for j in range(zs, min(hi, zs + MAX_ZONE)):
            k = self.keys[j]
            if j in self.q_open:
                q = self.q_open[j]
                if self._long_quote(q) and not self._quoted_name(q):
                    return "quote", j
                if j == zs and c.form is not None and c.form.cls in SPEECH_CLASSES and self._ends_clause(q):
                    return "quote", j       # وصرخوا "أبارتهيد".
                continue
            if self.doc[j].text == ":":
                return "colon", j
            if self.lex.has(k, "complementizer"):
                return "comp", j
            if k in preps:
                later = self._later_opener(j, min(hi, j + 8))
                return ("prep", j) if later is None else later
            if "ب" in preps and self._ba_object(j):
                later = self._later_opener(j, min(hi, j + 8))
                return ("prep", j) if later is None else later
            if self._is_break(j) or (self._cue_verb_at(j) and j > c.end):
                return None, j
        return None, min(hi, zs + MAX_ZONE)

    def _later_opener(self, j: int, hi: int) -> Optional[tuple[str, int]]:
        """ونبه مبعوث الأمم المتحدة إلى سوريا فلان إلى أن …: a preposition that
        is soon followed by a complementizer or quotation was part of the
        speaker's description, not the content."""
        for t in range(j + 2, hi):
            if self.keys[t] in COMMA or self._cue_verb_at(t) or self._is_break(t):
                return None
            if self.has(t, "complementizer") and not self.has(t - 1, "preposition"):
                return "comp", t
            if t in self.q_open and self._long_quote(self.q_open[t]):
                return "quote", t
        return None

    def _ba_object(self, j: int) -> bool:
        """رحب بالقرار، وعد بتقديم، بـ"…": the preposition ب opening a verb's
        object, as opposed to a word that merely starts with ب (بيان، بنيامين، بعد)."""
        k = self.keys[j]
        if k in ("بـ", "ب"):
            return True
        if not k.startswith("ب") or len(k) < 4:
            return False
        stem = k[1:]
        return not (self.lex.kind(k) or self.lex.kind(stem) or self.lex.kind("ال" + stem))

    def _addressee_start(self, j: int) -> bool:
        """Does token j open an addressee/medium phrase (لوكالة…، للصحفيين، في بيان)?"""
        k = self.keys[j]
        if self.lex.has(k, "addressee"):
            return True
        if k.startswith("مخاطب"):
            return True
        if k in ("في", "خلال", "عبر", "امام", "علي", "ضمن", "اثناء") and j + 1 < self.n:
            k2 = self.keys[j + 1]
            if self.lex.has(k2, "medium") or k2.startswith("تصريح") or k2.startswith("بيان") or k2.startswith("حديث") \
                    or k2.startswith("مقابل") or k2.startswith("مؤتمر") or k2.startswith("تغريد") or k2.startswith("كلم"):
                return True
        return False

    def _medium_end(self, x: int, y: int) -> int:
        """End of an addressee/medium phrase: لوكالة الصحافة الفرنسية، في بيان
        له، في تصريحات صحافية — the head and the adjectives/genitives after it."""
        j = x + 1
        if self.keys[x] in ("في", "خلال", "عبر", "امام", "علي", "ضمن", "اثناء") and j < y:
            j += 1
        while j < y and j - x < 6 and (is_definite(self.keys[j]) or self.keys[j] in ("له", "لها", "لهم")
                                       or self.keys[j].endswith(("يه", "يه")) and self.keys[j - 1].startswith(("تصريح", "بيان", "مؤتمر"))):
            j += 1
        return j

    def _is_time(self, j: int) -> bool:
        return self.has(j, "time") or self.keys[j] in ("الماضي", "الماضيه", "المقبل", "المقبله", "الحالي") \
            or self.keys[j].isdigit()

    def _clean_zone(self, a: int, b: int) -> tuple[Optional[tuple[int, int]], Optional[tuple[int, int]], list[tuple[int, int]]]:
        """Split zone tokens [a, b) into (speaker, addressee, other chunks)."""
        chunks: list[tuple[int, int]] = []
        s = a
        for j in range(a, b):
            if self.keys[j] in COMMA or self.doc[j].text in ("-", "–", "—", "(", ")"):
                if j > s:
                    chunks.append((s, j))
                s = j + 1
        if b > s:
            chunks.append((s, b))
        speaker = addressee = None
        open_np = False
        others: list[tuple[int, int]] = []
        for (x, y) in chunks:
            # drop leading time/discourse words and stray marks (#)
            while x < y and (self._is_time(x) or self.has(x, "discourse") or self.keys[x] in ("ايضا", "كذلك", "من")
                             or self.doc[x].is_punct or self.doc[x].is_space
                             or (self.keys[x] in _PRONOUN_PREPS and x + 1 < y)):     # قال عنه الرئيس …
                x += 1
            while y > x and (self.doc[y - 1].is_punct or self.doc[y - 1].is_space):
                y -= 1
            if x >= y:
                continue
            if self._addressee_start(x):
                end = self._medium_end(x, y)
                if addressee is None:
                    addressee = (x, end)
                if end < y:
                    others.append((end, y))
                continue
            if self.has(x, "preposition") or self.has(x, "pronoun_subject") or self.has(x, "relative") \
                    or self.has(x, "demonstrative") or (x in self.cue_at and self.cue_at[x].frame):
                others.append((x, y))
                continue
            cut = self._speaker_cut(x, y)
            rest = cut
            if cut < y and addressee is None and self._addressee_start(cut):
                rest = self._medium_end(cut, y)
                addressee = (cut, rest)
            while rest < y and (self._is_time(rest) or self.keys[rest] in ("ايضا", "كذلك")):
                rest += 1
            if rest < y and (rest > cut or self._is_time(cut - 1) or self._is_time(cut)):
                others.append((rest, y))     # ونفى أردوغان لاحقا | أي نية …
            if speaker is None:
                speaker = (x, cut)
                open_np = cut == y
            elif open_np and self._is_apposition(speaker, (x, cut)):
                speaker = (speaker[0], cut)     # appositive name: الوزير، فلان الفلاني
                open_np = False
            else:
                others.append((x, cut))
                open_np = False
        return speaker, addressee, others

    def _speaker_cut(self, x: int, y: int) -> int:
        """Where a speaker noun phrase ends inside a chunk: at an addressee or
        medium (لوكالة…، في بيان), a time word, or a preposition that opens an
        adverbial (أمام النواب، خلال زيارة) rather than an affiliation (في الوزارة)."""
        named = False
        for j in range(x, y):
            if j > x and self._addressee_start(j):
                return j
            if j > x and self._is_time(j) and not self._is_time(j - 1) and self.keys[j - 1] != "في":
                return j
            k = self.keys[j]
            if j > x and self.has(j, "preposition") and k not in ("في", "من", "لدي", "الي"):
                return j
            if j > x and k in ("في", "الي") and (named or self.has(j - 1, "name")):
                return j
            if self.has(j, "name"):
                named = True
        return y

    def _is_apposition(self, first: tuple[int, int], second: tuple[int, int]) -> bool:
        """الوزير، فلان الفلاني: a description followed by a short name chunk."""
        if second[1] - second[0] > 5:
            return False
        if any(self.has(j, "name") for j in range(*first)):
            return False
        if self.has(second[0], "name"):
            return True
        return second[1] - second[0] <= 4 and all(
            not is_definite(self.keys[j]) and not self.has(j, "title") and not self._is_time(j)
            and not self.has(j, "preposition") and not self.doc[j].is_punct for j in range(*second))

    def _disagrees(self, form, j: int) -> bool:
        """Gender agreement in VSO order: a masculine verb with a definite
        feminine noun (ودعا الحكومة إلى …) means the noun is not the subject."""
        k = self.keys[j]
        if not is_definite(k) or self.has(j, "plural"):
            return False
        # (a feminine verb proves nothing: non-human plurals take it — وقالت الصحف)
        if form.gender == "m" and form.number == "s":
            return k.endswith("ه")
        return False

    def _after_adverbials(self, a: int, b: int) -> Optional[int]:
        """First token after a run of adverbials (a preposition with its noun
        phrase, time words, numbers) that starts with a definite noun."""
        j = a
        while j < b:
            if self._is_time(j) or self.keys[j][:1].isdigit():
                j += 1
            elif self.has(j, "preposition") and j + 1 < b:
                j += 1 + self._np_len(j + 1, b)
            else:
                break
        if a < j < b and is_definite(self.keys[j]):
            return j
        return None

    def _aside(self, j: int) -> bool:
        """Chunks that describe rather than report: وهي ائتلاف …، الذي …، في وقت سابق."""
        return self.has(j, "pronoun_subject") or self.has(j, "relative") or self.has(j, "preposition")

    def _titles_only(self, a: int, b: int) -> bool:
        """A description without a name (وزير الإدارة المحلية اليمني)?"""
        return all(is_definite(self.keys[j]) or self.has(j, "title") or self.has(j, "org") for j in range(a, b))

    def _np_len(self, a: int, b: int, preps: tuple[str, ...] = ()) -> int:
        """Length of the noun phrase at the start of [a, b).

        Definite words continue it (idafa and adjectives: مدير منظمة تنسيق
        الشؤون الإنسانية); so do genitives with ل (الأمانة العامة لهيئة …) and
        names. An indefinite word after a complete phrase starts the object
        (أعلنت موسكو | تسليم …، دعا الوزراء | جميع الدول …) unless it reads
        as a name (الرئيس التونسي باجي قايد السبسي)."""
        def definite(j: int) -> bool:
            k = self.keys[j]
            return is_definite(k) or (k[:1] == "و" and is_definite(k[1:]))

        n = 1
        construct = not definite(a) and (self.has(a, "title") or self.has(a, "org"))
        in_name = self.has(a, "name")
        name_len = 1 if in_name else 0
        for j in range(a + 1, b):
            k = self.keys[j]
            d = definite(j)
            if self.has(j, "name"):
                in_name, name_len, construct = True, name_len + 1, False
            elif in_name:
                # a name goes on with unknown words; a definite word ends it as a surname (السبسي)
                if name_len >= 4 or not self._name_like(j, b, after_name=True):
                    break
                name_len += 1
                if d:
                    n += 1
                    break
            elif d:
                construct = False
            elif k in ("في", "من", "الي") and k not in preps and j + 1 < b and (definite(j + 1) or self.has(j + 1, "name")) \
                    and not self._addressee_start(j):
                construct = True      # المقاومة الإسلامية في العراق، مسؤول كبير في الوزارة
            elif construct or (k.startswith("ل") and not k.startswith("لل") and len(k) > 3
                               and definite(j - 1) and not self._addressee_start(j)):
                construct = True      # مدير منظمة …، لهيئة كبار …
            elif self._name_like(j, b):
                in_name, name_len, construct = True, 1, False
            else:
                break
            n += 1
        return n

    _SUFFIXES = ("ه", "ها", "هم", "هما", "هن")

    def _name_like(self, j: int, b: int, after_name: bool = False) -> bool:
        """An unknown word reads as part of a name when it carries no pronoun
        suffix or feminine ending and is not itself followed by a genitive
        (a masdar object such as تسليم الجيش is)."""
        k = self.keys[j]
        if self.lex.kind(k) or self.doc[j].is_punct or not any("\u0600" <= ch <= "\u06ff" for ch in k):
            return False
        if k.endswith(self._SUFFIXES) and len(k) > 3:
            return False
        if len(k) >= 5 and (k[0] in "تا" or k[0] in "لب" and k[1] in "اتم"):
            return False     # تقديم، انطلاق، لإنهاء، بتسليم: verbal nouns, with or without a clitic
        if is_definite(k):
            # a surname with the article closes the name only at the phrase end
            return after_name and (j + 1 >= b or not is_definite(self.keys[j + 1]))
        nxt = j + 1
        if nxt >= b:
            return True
        kn = self.keys[nxt]
        if kn[:1].isdigit():
            return False
        return after_name or not is_definite(kn)

    def _verb(self, c: Cue) -> Optional[_Draft]:
        form = c.form
        if self.inside[c.start] is not None and self._long_quote(self.inside[c.start]):
            return None    # a report nested in a direct quote
        participle = form.aspect in ("participle", "masdar")
        if participle and not self._participle_context(c):
            return None
        d = _Draft(cue=c, type="indirect", content=(0, 0), sent=self.sent[c.start])
        consumed: list[int] = []
        zs = c.end
        # وأضاف قائلا / وختم قائلا: the participle belongs to this cue
        nxt = self.cue_at.get(zs)
        if nxt is not None and nxt.form is not None and nxt.form.aspect == "participle":
            consumed.append(zs)
            zs += 1
        d.extra["consumed"] = consumed
        # 1. postposed cue: "…"، قال الوزير.
        post = self._postposed(c)
        if post is not None:
            d.type = "direct"
            d.content = (post.open_i + 1, post.close_i)
            if not participle:
                d.speaker, d.addressee, _ = self._clean_zone(zs, self._zone_end_postposed(c))
            d.confidence = 0.85
            return d
        kind, j = self._opener(c, zs)
        if kind is None and c.start > 0 and self.has(c.start - 1, "relative"):
            return None     # حقوق الإنسان التي ينادي بها المجتمع الدولي: nothing is reported
        fronted = self._fronted_subject(c)
        if fronted is not None and self.has(c.start - 1, "relative") and j > zs \
                and not (self.has(zs, "preposition") or self._addressee_start(zs)):
            fronted = None      # الضربات، التي قالت واشنطن إنها …: the relative is the object
        if fronted is not None and not participle:
            # وكانت الولايات المتحدة قد اتهمت النظام …: the words after the cue are content
            d.speaker = fronted
            start = zs if kind is None or form.cls in OBJECT_CLASSES else j
            if kind == "quote" and form.cls in SPEECH_CLASSES and start == j:
                q = self.q_open[j]
                d.type, d.content = "direct", (q.open_i + 1, q.close_i)
            else:
                d.content = (start, self._content_end(start))
                d.type = self._type_of(*d.content)
            d.confidence = 0.8
            return d if self._words(*d.content) >= 2 else None
        # 2. speaker and addressee from the zone
        speaker = addressee = None
        others: list[tuple[int, int]] = []
        if form.lemma in ("نقل", "نسب") and kind is None and j < self.n and self.cue_at.get(j) is not None \
                and self.cue_at[j].form is not None and self.cue_at[j].form.aspect == "masdar":
            # نقلت الوكالة عن المصدر قوله إن …: the cited source speaks through قوله
            return self._cited(c, zs, j)
        if not participle and j > zs:
            if form.lemma == "جاء" and self.keys[zs] == "في":
                zs += 1     # وجاء في البيان أن …
            speaker, addressee, others = self._clean_zone(zs, j)
            an = next((t for t in range(zs, j) if self.keys[t] == "عن"), None)
            if form.lemma == "نقل" and an is not None and kind is not None:
                # نقلت الوكالة عن المصدر أن …: the cited source speaks, the reporter relays
                addressee = speaker or ((zs, an) if an > zs else None)
                speaker, _, others = self._clean_zone(an + 1, j)
        obj_start = None
        if kind is None:
            if form.aspect == "imperfect" and form.cls in ("believe", "expect") and not participle:
                return None     # يعتبر/يعتقد with no complement: "is considered", not a report
            if participle:
                obj_start = zs
            elif speaker is not None:
                np = self._np_len(*speaker, preps=form.preps)
                appositive = any(self.keys[t] in COMMA for t in range(*speaker))
                if not appositive and speaker[0] + np < speaker[1]:
                    obj_start = speaker[0] + np
                    speaker = (speaker[0], speaker[0] + np)
                elif any(o[0] > speaker[1] and not self._aside(o[0]) for o in others):
                    # أعلنت الحكومة، اليوم، انطلاق …
                    obj_start = next(o[0] for o in others if o[0] > speaker[1] and not self._aside(o[0]))
                elif others and self._after_adverbials(*others[0]) is not None:
                    # رفض رئيس الحكومة أمام مؤتمر ميونخ يوم الأحد | الإقرار …
                    obj_start = self._after_adverbials(*others[0])
                else:
                    return None
            else:
                if not c.proclitic and not self.has(c.start - 1, "discourse"):
                    return None
                aside = [o[0] for o in others if not self._aside(o[0])]
                obj_start = aside[0] if aside else zs
        elif kind in ("prep", "quote") and speaker is not None and (speaker[1] == j or form.cls in OBJECT_CLASSES) \
                and (form.cls in OBJECT_CLASSES or kind == "quote" and form.cls not in SPEECH_CLASSES) \
                and not any(self.keys[t] in COMMA for t in range(*speaker)):
            # دعا الوزراء جميع الدول إلى …، أكدت واشنطن تشكيل … "…": an object
            # between the subject and the opener is part of the content
            np = self._np_len(*speaker, preps=form.preps)
            if speaker[0] + np < speaker[1]:
                obj_start = speaker[0] + np
                speaker = (speaker[0], speaker[0] + np)
        elif participle and form.cls == "call":
            obj_start = zs
        if kind == "prep" and form.cls == "call" and obj_start is None and speaker is None and j > zs \
                and not participle and not others and addressee is None:
            obj_start = zs
        if speaker is not None and not participle and c.proclitic and self._disagrees(form, speaker[0]):
            # ودعا الحكومةَ إلى …: a noun that cannot agree with the verb is its object
            obj_start, speaker, others = zs, None, []
        # honorifics (سموه، معاليه) stand for an earlier speaker
        if speaker is not None and all(self.has(t, "honorific") for t in range(*speaker)):
            d.extra["honorific"] = speaker
            speaker = None
        # 3. SVO: subject before the cue
        if speaker is None and not participle and not c.proclitic:
            speaker = self._left_subject(c)
            if speaker is None and obj_start == zs and kind is None:
                return None
        d.speaker, d.addressee = speaker, addressee
        # 4. content
        if kind == "quote" and obj_start is None:
            q = self.q_open[j]
            after = self._skip_space(q.close_i + 1)
            ends_clause = after >= self.n or self.doc[after].text in SENT_END | COMMA or self._is_break(after) \
                or after in self.cue_at
            if ends_clause and (form.cls in SPEECH_CLASSES or form.aspect == "masdar"):
                d.type = "direct"
                d.content = (q.open_i + 1, q.close_i)
                d.confidence = 0.9
            else:
                d.type = "mixed"
                d.content = (j, self._content_end(j))
        elif kind == "colon":
            nxt = self._skip_space(j + 1)
            if nxt in self.q_open and self._long_quote(self.q_open[nxt]):
                q = self.q_open[nxt]
                d.type = "direct"
                d.content = (q.open_i + 1, q.close_i)
                d.confidence = 0.9
            else:
                d.content = (nxt, self._content_end(nxt))
        else:
            start = obj_start if obj_start is not None else j
            d.content = (start, self._content_end(start))
            d.type = self._type_of(*d.content)
        if self._words(*d.content) < (1 if kind == "prep" else 2):
            return None
        d.confidence = min(0.95, d.confidence + (0.1 if d.speaker else 0) + (0.05 if kind in ("comp", "quote") else -0.1))
        return d

    def _cited(self, c: Cue, zs: int, m: int) -> Optional[_Draft]:
        """نقلت الوكالة عن المصدر قوله إن …: speaker after عن, the reporter as addressee."""
        an = next((t for t in range(zs, m) if self.keys[t] == "عن"), None)
        masdar = self.cue_at[m]
        d = _Draft(cue=masdar, type="indirect", content=(0, 0), sent=self.sent[m], extra={"consumed": [m]})
        if an is not None:
            d.speaker, _, _ = self._clean_zone(an + 1, m)
            d.addressee, _, _ = self._clean_zone(zs, an)
        else:
            d.addressee, _, _ = self._clean_zone(zs, m)
        kind, j = self._opener(masdar, m + 1)
        if kind == "quote" and self._long_quote(self.q_open[j]):
            q = self.q_open[j]
            d.type, d.content, d.confidence = "direct", (q.open_i + 1, q.close_i), 0.85
        elif kind is not None:
            d.content = (j, self._content_end(j))
            d.type = self._type_of(*d.content)
        else:
            return None
        return d if self._words(*d.content) >= 2 else None

    def _participle_context(self, c: Cue) -> bool:
        """A participle (مشيرا، قائلة) reports only when it hangs on a report
        or a clause: after a comma, a closing mark, or an earlier cue in the sentence."""
        i = c.start - 1
        while i >= 0 and self.doc[i].is_space:
            i -= 1
        if i < 0:
            return False
        if self.keys[i] in COMMA or i in self.q_close or self.doc[i].text in ")":
            return True
        lo, _ = self._sent_bounds(c.start)
        return any(self._cue_verb_at(t) and self.cue_at[t].is_verb for t in range(lo, c.start))

    def _words(self, a: int, b: int) -> int:
        return sum(1 for t in self.doc[a:b] if not t.is_punct and not t.is_space)

    def _ends_clause(self, q: Quotation) -> bool:
        after = self._skip_space(q.close_i + 1)
        return after >= self.n or self.doc[after].text in SENT_END | COMMA or self._is_break(after)

    def _quoted_name(self, q: Quotation) -> bool:
        """منظمة "أطباء بلا حدود"، تعهدت "المقاومة الإسلامية"، وهي …: a quoted
        name after an organisation word, or followed by an apposition."""
        if q.open_i > 0 and (self.has(q.open_i - 1, "org") or self.has(q.open_i - 1, "title")):
            return True
        after = self._skip_space(q.close_i + 1)
        if after < self.n and self.keys[after] in COMMA:
            nxt = self._skip_space(after + 1)
            return nxt < self.n and (self.has(nxt, "pronoun_subject") or self.has(nxt, "relative"))
        return False

    def _long_quote(self, q: Quotation) -> bool:
        """Quotations of a word or two are names or terms, not quotes."""
        words = sum(1 for t in self.doc[q.open_i + 1:q.close_i] if not t.is_punct and not t.is_space)
        return words >= 3

    def _type_of(self, a: int, b: int) -> str:
        for q in self.quotations:
            if a <= q.open_i and q.close_i < b:
                return "mixed"
        return "indirect"

    def _skip_space(self, i: int) -> int:
        while i < self.n and self.doc[i].is_space:
            i += 1
        return i

    def _content_end(self, start: int) -> int:
        """Token index one past the content that starts at ``start``."""
        i = start
        last = start
        while i < self.n:
            if i in self.q_open:
                i = self.q_open[i].close_i
                last = i + 1
                i += 1
                continue
            tok = self.doc[i]
            if self._is_break(i) or tok.is_space and "\n" in tok.text:
                break
            k = self.keys[i]
            if k in COMMA:
                nxt = self._skip_space(i + 1)
                if nxt < self.n and (self._cue_verb_at(nxt) and self.cue_at[nxt].proclitic
                                     or self.has(nxt, "clause_break") or self._reporting_clause(nxt)
                                     or self._trailing_adjunct(nxt)):
                    break
            elif i > start + 1 and (self.has(i, "discourse") or self.has(i, "clause_break")) \
                    and self._reporting_clause(i + 1):
                break
            if i > start and self._cue_verb_at(i) and self.cue_at[i].form is not None and (
                    self.cue_at[i].proclitic or self.cue_at[i].form.aspect == "participle"):
                break
            if not tok.is_punct and not tok.is_space:
                last = i + 1
            elif tok.text in ")]»”\"":
                last = i + 1
            i += 1
        return last

    def _reporting_clause(self, i: int) -> bool:
        """Does the clause starting at token i report someone else (…، في حين
        قالت ألمانيا إن / …، حسبما نقلت الوكالة)? Then the content before it ends."""
        for t in range(i, min(self.n, i + 8)):
            if self.keys[t] in COMMA or self._is_break(t) or t in self.q_open:
                return False
            c = self.cue_at.get(t)
            if c is not None and (c.frame and c.frame != "colon" and t > i - 1 and self._frame_is_last(c)
                                  or c.is_verb and c.form.aspect != "masdar"):
                return True
        return False

    def _trailing_adjunct(self, i: int) -> bool:
        """…، خلال مؤتمر في بروكسل. — a closing circumstance of time or place
        added by the journalist, not part of what was reported."""
        if self.keys[i] not in ("خلال", "اثناء", "عقب", "بعد", "قبل", "وسط", "امام", "علي هامش"):
            return False
        for t in range(i, self.n):
            if self._is_break(t):
                return True
            if self.has(t, "complementizer") or t in self.q_open or self.keys[t] in COMMA:
                return False
        return True

    def _frame_is_last(self, c: Cue) -> bool:
        """A source frame that closes its sentence (…، بحسب الوكالة.) rather than
        sitting inside the reported clause (…، بحسب تقارير، وأكبر …)."""
        for t in range(c.end, self.n):
            if self._is_break(t):
                return True
            if self.keys[t] in COMMA:
                nxt = self._skip_space(t + 1)
                return nxt >= self.n or self._is_break(nxt)
        return True

    def _left_subject(self, c: Cue) -> Optional[tuple[int, int]]:
        """SVO: the noun phrase between the clause start and the cue
        (لكن مسؤولا كبيرا في الوزارة قال …). A pronoun subject (لكنه قال)
        or a relative pronoun (التي قالت) leaves the speaker implicit."""
        lo, _ = self._sent_bounds(c.start)
        a = c.start
        while a > lo and c.start - a < MAX_LEFT:
            k = self.keys[a - 1]
            if k in COMMA or self.doc[a - 1].text in QUOTE_CHARS or self.doc[a - 1].is_space or self.doc[a - 1].is_punct \
                    or self.has(a - 1, "discourse") or k in ("و",) or self._cue_verb_at(a - 1) \
                    or self.has(a - 1, "complementizer") or self.has(a - 1, "auxiliary") or self.has(a - 1, "relative") \
                    or self.has(a - 1, "pronoun_subject") or self.has(a - 1, "clause_break"):
                break
            a -= 1
        if a == c.start and a > lo and self.keys[a - 1] in COMMA:
            return self._subject_before_aside(lo, a - 1)
        if a == c.start or c.start - a >= MAX_LEFT:
            return None
        if a > lo and (self.has(a - 1, "relative") or self.has(a - 1, "pronoun_subject")):
            return None
        if self.has(a, "preposition") or self.has(a, "complementizer") or self.doc[a].is_punct:
            return None
        # keep the noun phrase nearest the cue: drop leading time words
        for j in range(c.start - 1, a, -1):
            if self._is_time(j):
                a = j + 1
                break
        if c.start - a > 10:
            a = c.start - 10
        return (a, c.start) if a < c.start else None

    def _fronted_subject(self, c: Cue) -> Optional[tuple[int, int]]:
        """The subject of كان … قد + verb, or of a relative clause (بيان
        الإليزيه الذي أفاد، حليمة، …، والتي قالت): it stands before the cue."""
        lo, _ = self._sent_bounds(c.start)
        p = c.start - 1
        if p > lo and self.keys[p] == "قد":
            for a in range(p - 1, max(lo, p - 10) - 1, -1):
                if self.has(a, "auxiliary") and self.keys[a] not in ("قد", "وقد", "لقد"):
                    return (a + 1, p) if p > a + 1 and not self.has(a + 1, "preposition") else None
                if self.keys[a] in COMMA or self._cue_verb_at(a):
                    return None
            return None
        if p >= lo and self.has(p, "relative"):
            e = p
            while e > lo and (self.keys[e - 1] in COMMA or self.doc[e - 1].is_space):
                e -= 1
            # skip one aside: حليمة، وهي ربة منزل …، والتي قالت
            a = e
            while a > lo and self.keys[a - 1] not in COMMA and e - a < 10:
                a -= 1
            if a < e and self.has(a, "pronoun_subject") and a > lo and self.keys[a - 1] in COMMA:
                e = a - 1
            b = e
            while b > lo and e - b < 6 and not self.doc[b - 1].is_punct and not self.doc[b - 1].is_space \
                    and not self.has(b - 1, "preposition") and not self._cue_verb_at(b - 1) \
                    and (is_definite(self.keys[b - 1]) or self.has(b - 1, "name") or self.has(b - 1, "org")
                         or self.has(b - 1, "title") or b == e):
                b -= 1
            if b < e and self.doc[e - 1].text not in QUOTE_CHARS:
                return (b, e)
            if b < e:
                return (b, e - 1) if e - 1 > b else None
        return None

    def _subject_before_aside(self, lo: int, comma: int) -> Optional[tuple[int, int]]:
        """لكن مسؤولا في الوزارة، طلب عدم ذكر اسمه، قال …: skip one short
        aside between commas and take the noun phrase that opens the clause."""
        b = comma
        while b > lo and self.keys[b - 1] not in COMMA and comma - b < 6:
            b -= 1
        if b <= lo or self.keys[b - 1] not in COMMA or comma - b >= 6:
            return None
        end = b - 1
        a = end
        while a > lo and self.keys[a - 1] not in COMMA and not self.has(a - 1, "discourse") \
                and not self.doc[a - 1].is_space and not self._is_break(a - 1) and end - a < 8:
            a -= 1
        if a == end or end - a >= 8 or not (a == lo or self.has(a - 1, "discourse") or self.doc[a - 1].is_space):
            return None
        if self.has(a, "preposition") or self.doc[a].is_punct or any(self._cue_verb_at(t) for t in range(a, end)):
            return None
        return (a, end)

    def _postposed(self, c: Cue) -> Optional[Quotation]:
        """"…"، قال الوزير — the quotation right before the cue, if nothing opens after it."""
        i = c.start - 1
        while i >= 0 and (self.doc[i].is_space or self.keys[i] in COMMA):
            i -= 1
        if i < 0 or i not in self.q_close:
            return None
        q = self.q_close[i]
        if not self._long_quote(q) or c.form is None or c.form.aspect != "perfect" and c.form.aspect != "imperfect":
            return None
        lo, _ = self._sent_bounds(q.open_i)
        if any(self._cue_verb_at(t) or self.doc[t].text == ":" for t in range(lo, q.open_i)):
            return None     # the quotation already has its cue: وأضاف: "…"، مستشهدا …
        kind, _ = self._opener(c)
        if kind is not None:
            return None
        return q

    def _zone_end_postposed(self, c: Cue) -> int:
        j = c.end
        while j < self.n and not self._is_break(j) and self.keys[j] not in COMMA and j - c.end < MAX_ZONE:
            j += 1
        return j

    # --------------------------------------------------------- frame cues
    def _frame(self, c: Cue) -> Optional[_Draft]:
        if self.inside[c.start] is not None:
            return None
        lo, hi = self._sent_bounds(c.start)
        s = c.end
        consumed = []
        # بحسب ما نقلت الوكالة / حسبما أفاد: the speaker follows the verb
        if s < self.n and (self._cue_verb_at(s) and self.cue_at[s].is_verb
                           or self.keys[c.end - 1] in ("ما", "حسبما", "لما", "بحسبما")):
            consumed.append(s)
            s += 1
        e = s
        while e < hi and self.keys[e] not in COMMA and not self._is_break(e) and not self.has(e, "complementizer") \
                and not self.has(e, "main_clause") \
                and e not in self.q_open and e - s < 12 and not self._cue_verb_at(e):
            e += 1
        if e == s:
            return None
        sp, ad, _ = self._clean_zone(s, e)
        if sp is None:
            return None
        d = _Draft(cue=c, type="indirect", content=(0, 0), speaker=sp, addressee=ad, confidence=0.6,
                   sent=self.sent[c.start], extra={"consumed": consumed})
        if sp[0] == s and self.keys[s].startswith("ل") and not self.keys[s].startswith("لل") and c.frame in ("according",) \
                and self.doc[s].text[:1] == "ل" and len(self.doc[s].text) > 2:
            d.speaker_chars = (self.doc[s].idx + 1, self.doc[sp[1] - 1].idx + len(self.doc[sp[1] - 1].text))
        # content: the clause before the frame, or after it when the frame opens the sentence
        before = [t for t in range(lo, c.start) if not self.doc[t].is_punct and not self.doc[t].is_space
                  and not self.has(t, "discourse")]
        if before:
            end = c.start
            while end > lo and (self.doc[end - 1].is_punct or self.doc[end - 1].is_space):
                end -= 1
            start = lo
            while start < end and (self.doc[start].is_space or self.doc[start].is_punct):
                start += 1
            d.content = (start, end)
        else:
            start = self._skip_space(e + 1 if e < self.n and self.keys[e] in COMMA else e)
            d.content = (start, self._content_end(start))
        if self._words(*d.content) < 2:
            return None
        d.type = self._type_of(*d.content)
        return d

    # ------------------------------------------------------ colon speakers
    def _colon_quotes(self, drafts: list[_Draft]) -> list[_Draft]:
        """الوزير: "…" — a short noun phrase, a colon, then a quotation."""
        taken = {i for d in drafts for i in range(*d.content)}
        out = []
        for i, tok in enumerate(self.doc):
            if tok.text != ":" or i in taken:
                continue
            nxt = self._skip_space(i + 1)
            if nxt not in self.q_open or not self._long_quote(self.q_open[nxt]) or nxt + 1 in taken:
                continue
            lo, _ = self._sent_bounds(i)
            a = i
            while a > lo and i - a < 8:
                if self.keys[a - 1] in COMMA or self._cue_verb_at(a - 1) or self.doc[a - 1].is_space:
                    break
                a -= 1
            if a == i or i - a >= 8 or self._cue_verb_at(a - 1) if a > 0 else False:
                continue
            if self.lex.has(self.keys[a], "preposition") or self.doc[a].is_punct:
                continue
            q = self.q_open[nxt]
            out.append(_Draft(cue=Cue(i, i + 1, frame="colon"), type="direct", content=(q.open_i + 1, q.close_i),
                              speaker=(a, i), confidence=0.75, sent=self.sent[i]))
        return out

    # ----------------------------------------------------------- finishing
    def _drop_nested(self, drafts: list[_Draft]) -> list[_Draft]:
        """Only the outer report is annotated; of two cues claiming the same
        content, the first one keeps it."""
        keep: list[_Draft] = []
        for d in drafts:
            nested = any(o.content[0] <= d.cue.start < o.content[1] for o in keep)
            overlap = any(min(o.content[1], d.content[1]) - max(o.content[0], d.content[0]) > 0 for o in keep)
            if nested or overlap:
                continue
            keep.append(d)
        return keep

    def _char(self, r: tuple[int, int]) -> Span:
        a, b = r
        start = self.doc[a].idx
        end = self.doc[b - 1].idx + len(self.doc[b - 1].text)
        return Span(start, end, self.doc.text[start:end])

    def _mention_features(self, d: _Draft) -> tuple[str, str]:
        f = d.cue.form
        gender = f.gender if f and f.gender != "-" else "-"
        number = "p" if f and f.number == "p" else "s"
        if d.speaker:
            a, b = d.speaker
            head = self.keys[a]
            if head.endswith(("ون", "ين")) or self.has(a, "plural"):
                number = "p"
            elif any(self.keys[t][:1] == "و" and (is_definite(self.keys[t][1:]) or self.has(t, "name"))
                     and not self.has(t - 1, "title") for t in range(a + 1, min(b, a + 4))) \
                    and not any(self.has(t, "name") for t in range(a, b)):
                number = "p"      # العراق والولايات المتحدة
        return gender, number

    def _finish(self, drafts: list[_Draft]) -> list[Quote]:
        text = self.doc.text
        mentions: list[Mention] = []
        quotes: list[Quote] = []
        ids: list[tuple[set[str], set[str], int]] = []
        prev: Optional[_Draft] = None
        for d in drafts:
            sp = None
            if d.speaker:
                sp = self._char(d.speaker)
                if d.speaker_chars:
                    sp = Span(d.speaker_chars[0], d.speaker_chars[1], text[d.speaker_chars[0]:d.speaker_chars[1]])
                g, nb = self._mention_features(d)
                named = any(self.has(t, "name") for t in range(*d.speaker))
                n_ids = len(ids)
                sid = self._speaker_id(sp, ids, named, g)
                if not named and len(ids) == n_ids and not self._titles_only(*d.speaker):
                    # a short form of an earlier name (المنصوري ⊂ اللواء خليل المنصوري)
                    named = any(o.sid == sid and o.named for o in mentions)
                m = Mention(sp, g, nb, sid, named, self._name_span(*d.speaker))
                mentions.append(m)
                d.resolved = m
            else:
                d.resolved = self._antecedent(d, mentions, prev)
                if d.resolved is not None:
                    d.confidence *= 0.9
                else:
                    d.confidence *= 0.6
            content = self._char(d.content)
            cue = self._char((d.cue.start, d.cue.end))
            form = d.cue.form
            quotes.append(Quote(
                type=d.type, cue=cue, content=content, speaker=sp,
                speaker_resolved=(d.resolved.span if sp is not None or d.resolved.name is None
                                  else d.resolved.name) if d.resolved else None,
                addressee=self._char(d.addressee) if d.addressee and d.addressee[1] > d.addressee[0] else None,
                cue_lemma=form.lemma if form else (d.cue.frame or ""),
                cue_class=form.cls if form else ("source" if d.cue.frame != "colon" else "colon"),
                confidence=d.confidence,
                speaker_id=d.resolved.sid if d.resolved else None,
            ))
            prev = d
        return quotes

    def _name_span(self, a: int, b: int) -> Optional[Span]:
        """The person's name inside a mention (وزير الدفاع سيرغي شويغو → سيرغي
        شويغو): what a pro-drop وأضاف refers to, without the titles."""
        start = next((t for t in range(a, b) if self.has(t, "name")), None)
        if start is None:
            return None
        while start > a and not is_definite(self.keys[start - 1]) and not self.doc[start - 1].is_punct \
                and not self.lex.kind(self.keys[start - 1]) and not self.keys[start - 1].startswith("ل"):
            start -= 1      # فرهد علاء الدين: a first name missing from the gazetteer
        if start == a and b - a <= 4:
            return None
        end = start + 1
        while end < b and end - start < 5:
            k = self.keys[end]
            if self.doc[end].is_punct or self.has(end, "preposition") or self.has(end, "title") or self.has(end, "org"):
                break
            if is_definite(k) and k not in ("الدين", "الله", "الرحمن"):
                end += 1      # a surname with the article closes the name (الباجي السبسي)
                break
            end += 1
        return self._char((start, end))

    def _antecedent(self, d: _Draft, mentions: list[Mention], prev: Optional[_Draft]) -> Optional[Mention]:
        f = d.cue.form
        # a participle or a cue in the same sentence continues the previous speaker
        if prev is not None and prev.resolved is not None and prev.sent == d.sent:
            return prev.resolved
        want_g = f.gender if f and f.gender != "-" else "-"
        want_n = f.number if f else "s"
        for m in reversed(mentions[-8:]):
            if want_g != "-" and m.gender != "-" and m.gender != want_g:
                continue
            if want_n == "p" and m.number != "p":
                continue
            if want_n == "s" and m.number == "p" and f and f.aspect != "participle":
                continue
            return self._named(m, mentions)
        if want_n == "p":      # no plural antecedent: the nearest speaker is the best guess
            return self._named(mentions[-1], mentions) if mentions else None
        return mentions[-1] if mentions and want_g == "-" else None

    def _named(self, m: Mention, mentions: list[Mention]) -> Mention:
        """The guidelines resolve to the mention that carries the name: a
        title-only mention (الوزير، مساعد أمين الغرفة) defers to an earlier
        mention of the same speaker that has one."""
        if m.named:
            return m
        for o in reversed(mentions):
            if o is not m and o.named and o.sid == m.sid:
                return o
        return m

    def _speaker_id(self, sp: Span, ids: list[tuple[set[str], set[str], int]], named: bool = True,
                    gender: str = "-") -> int:
        """Group mentions of one speaker. A mention whose words are all in an
        earlier one (شويغو ⊂ وزير الدفاع الروسي سيرغي شويغو) joins it; so does
        a title-only mention (الوزير، مساعد أمين الغرفة) whose head title heads
        an earlier mention or follows its name (فلان، مساعد الأمين العام)."""
        words = [self.lex_norm(t) for t in sp.text.split()]
        words = [w for w in words if w]
        bare = [w[2:] if w.startswith("ال") else w for w in words]
        heads = {bare[0]} if bare else set()
        # title words that head an apposition (فلان، مساعد الأمين) rather than a genitive (رئيس الوزراء)
        heads |= {bare[i] for i in range(1, len(bare))
                  if self._is_title(bare[i]) and not self._is_title(bare[i - 1]) and not self.lex.has(words[i - 1], "org")}
        for known, _, sid in reversed(ids):
            if bare and set(bare) <= known:
                return sid
        if not named and bare and self._is_title(bare[0]):
            for known, kheads, sid in reversed(ids):
                if bare[0] in kheads:
                    return sid
        sid = len(ids) + 1
        ids.append((set(bare), heads, sid))
        return sid

    def _is_title(self, bare: str) -> bool:
        return self.lex.has(bare, "title") or self.lex.has("ال" + bare, "title")

    @staticmethod
    def lex_norm(w: str) -> str:
        from .text import norm
        return norm(w).strip("،,.:\"«»“”()")


@Language.factory("quote_attribution", default_config={"lexicon_dir": None})
class QuoteAttribution:
    """Pipeline stage: ``doc._.quotes`` = list of :class:`quotes.types.Quote`."""

    def __init__(self, nlp: Language, name: str = "quote_attribution", lexicon_dir: Optional[str] = None):
        self.attributor = Attributor(load_lexicon(lexicon_dir))
        if not Doc.has_extension("quotes"):
            Doc.set_extension("quotes", default=None)

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = self.attributor(doc, doc._.cues or [], doc._.quotations or [])
        return doc
