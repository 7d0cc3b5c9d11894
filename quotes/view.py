"""What every attribution rule looks at: one Doc seen as tokens with
normalised keys, sentences that do not break inside quotations, paired
quotation marks and the cues found on it.

The rule modules (phrases.py, content.py, resolution.py, attribution.py) are
mixins over this view, so each stays small and reads on its own."""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Doc

from .cues import Cue
from .lexicon import Lexicon
from .marks import Quotation, paragraphs
from .text import BIDI, is_definite, token_table
from .types import Span

SENT_END = {".", "!", "؟", "?", "...", "…", "؛"}
COMMA = {"،", ","}
# Verbs of saying whose quoted complement is verbatim speech (direct); other
# cues with a quoted object (دعا "…"، أكد "…") report it as mixed.
SPEECH_CLASSES = {"assert", "add", "state", "explain", "reply", "ask", "say"}
# Verbs that take an object before their preposition (دعا الدول إلى، اتهم فلانا بـ)
OBJECT_CLASSES = {"call", "accuse", "describe", "inform", "warn"}
PRONOUN_PREPS = {"عنه", "عنها", "عنهم", "له", "لها", "لهم", "به", "بها", "فيه", "فيها"}
MAX_ZONE = 22       # tokens between a cue and the opening of its content
MAX_LEFT = 12       # tokens of an SVO subject before its cue
MAX_CONTENT = 400   # tokens of indirect content: a sentence longer than this is not one report


DASHES = ("-", "–", "—")
# a source frame that ends so has its own verb next (بحسب ما نقلت، حسبما أفاد): it relays
RELAY_ENDINGS = ("ما", "حسبما", "لما", "بحسبما")

# علي the name and على the preposition share one normalised key; the text as
# written tells them apart (وقال علي عبد العال)
NAME_NOT_PREPOSITION = ("علي", "وعلي")


@dataclass
class Mention:
    """An explicit speaker mention, with what agreement and grouping need."""

    span: Span
    gender: str
    number: str
    sid: int
    named: bool = False
    name: Optional[Span] = None     # the name inside a long mention, for implicit references
    sent: int = -1                  # its sentence
    relay: bool = False             # named by a source frame (وفقا لما نقلته وكالة …)


@dataclass
class Draft:
    """A quote under construction, in token ranges."""

    cue: Cue
    type: str
    content: tuple[int, int]
    speaker: Optional[tuple[int, int]] = None
    addressee: Optional[tuple[int, int]] = None
    confidence: float = 0.7
    speaker_chars: Optional[tuple[int, int]] = None   # a speaker that starts inside a token (وفقا للوزارة)
    resolved: Optional[Mention] = None
    sent: int = 0
    consumed: list[int] = field(default_factory=list)   # cue tokens this quote used up (قائلا، قوله)
    # False: it reports nothing but names who speaks next (علق المدرب على
    # الخسارة قائلا …), so resolution still sees its speaker
    said: bool = True


class DocView:
    lex: Lexicon

    def attach(self, doc: Doc, cues: list[Cue], quotations: list[Quotation]) -> None:
        self.doc = doc
        self.text = doc.text        # spaCy rebuilds doc.text on every access: read it once
        table = token_table(doc)    # plain per-token lists: no Token objects in the rules
        self.keys, self.tok, self.idx = table.key, table.text, table.idx
        self.ws, self.punct, self.space = table.ws, table.punct, table.space
        self.n = len(doc)
        glued = [i for i in range(2, self.n) if self._joins_words(i - 1) and self.lex.kind(self.keys[i])]
        if glued:
            # مون جاي-إن: a word hyphenated onto a name is part of it, never the
            # complementizer or preposition it spells
            self.keys = list(self.keys)
            for i in glued:
                self.keys[i] = "-" + self.keys[i]
        self.quotations = quotations
        self.q_open = {q.open_i: q for q in quotations}
        self.q_close = {q.close_i: q for q in quotations}
        self.inside: list[Optional[Quotation]] = [None] * self.n     # quotation covering each token
        for q in quotations:
            for i in range(q.open_i + 1, q.close_i):
                if self.inside[i] is None:
                    self.inside[i] = q
        self.sent = self._sentences()
        self.sent_span: list[tuple[int, int]] = []
        start = 0
        for i in range(1, self.n + 1):
            if i == self.n or self.sent[i] != self.sent[i - 1]:
                self.sent_span.append((start, i))
                start = i
        self.q_sorted = sorted(quotations, key=lambda q: q.open_i)
        self.q_starts = [q.open_i for q in self.q_sorted]
        self.cue_at = {c.start: c for c in cues}
        self.headline = [False] * self.n
        paras = doc._.paragraphs if Doc.has_extension("paragraphs") and doc._.paragraphs is not None \
            else paragraphs(doc)
        for lo, hi in paras:
            if self._is_headline(lo, hi):
                for i in range(lo, hi):
                    self.headline[i] = True

    def _is_headline(self, lo: int, hi: int) -> bool:
        """Headlines, captions and lists of related links are not annotated:
        a short paragraph that does not end like a sentence, or a bullet item."""
        words = [i for i in range(lo, hi) if not self.space[i]]
        if not words:
            return False
        if self.tok[words[0]] in ("•", "-", "*", "–", "—", "·"):
            return True
        last = self.tok[words[-1]]
        if len(words) > 20 or last in SENT_END or last in ('"', "»", "“", "”", ":"):
            return False
        # a last paragraph without its full stop still reports: وقال فلان إنه …
        return not any(self.lex.has(self.keys[i], "complementizer") for i in words)

    def _sentences(self) -> list[int]:
        """Sentence number of each token; boundaries inside quotations don't count."""
        out, s = [], 0
        for i, (text, ws, space) in enumerate(zip(self.tok, self.ws, self.space)):
            out.append(s)
            if self.inside[i] is not None:
                continue
            if text in SENT_END or (space and "\n" in text) or "\n" in ws:
                s += 1
        return out

    def _is_break(self, i: int) -> bool:
        text = self.tok[i]
        return text in SENT_END or "\n" in text

    def _sent_bounds(self, i: int) -> tuple[int, int]:
        """Token range of the sentence of token i (the boundary token belongs
        to the sentence it ends)."""
        return self.sent_span[self.sent[i]]

    def has(self, i: int, kind: str) -> bool:
        if not 0 <= i < self.n:
            return False
        if kind in ("name", "preposition") and self.tok[i] in NAME_NOT_PREPOSITION:
            return kind == "name"
        return self.lex.has(self.keys[i], kind)

    def _cue_verb_at(self, i: int) -> bool:
        c = self.cue_at.get(i)
        return c is not None and (c.is_verb or c.frame is not None)

    def _joins_words(self, j: int) -> bool:
        """A hyphen written inside a word (كيم يونغ-هيون، مون جاي-إن) joins a
        name; one with spaces around it separates chunks."""
        return self.tok[j] == "-" and 0 < j < self.n - 1 and not self.ws[j - 1] and not self.ws[j] \
            and not self.punct[j - 1] and not self.punct[j + 1]

    def _name_word(self, j: int) -> bool:
        """علي and لي spelled like prepositions, inside a name: بن علي يلدريم،
        ميشيل لي (a given name before it, the mention ending after it)."""
        k, prev = self.keys[j], self.keys[j - 1]
        if k == "علي" and prev in ("بن", "ابن", "ابو"):
            return True
        return k in ("علي", "لي") and self.has(j - 1, "name") \
            and (j + 1 >= self.n or self.keys[j + 1] in COMMA or self.has(j + 1, "name"))

    # name-likeness is read by the speaker phrases, the content opener and the
    # resolution of narrated subjects alike, so it lives on the shared view
    _SUFFIXES = ("ه", "ها", "هم", "هما", "هن")

    def _name_like(self, j: int, b: int, after_name: bool = False) -> bool:
        """An unknown word reads as part of a name when it carries no pronoun
        suffix or feminine ending and is not itself followed by a genitive
        (a masdar object such as تسليم الجيش is)."""
        k = self.keys[j]
        if self.lex.kind(k) or self.punct[j] or not any("\u0600" <= ch <= "\u06ff" for ch in k):
            return False
        if is_definite(k):
            # a surname with the article (السبسي، الصدر) closes the name, at the phrase end
            return after_name and not k.endswith("ه") and (j + 1 >= b or not is_definite(self.keys[j + 1]))
        if k.endswith(self._SUFFIXES) and len(k) > 3:
            return False
        if len(k) >= 5 and (k[0] in "تا" or k[0] in "لب" and k[1] in "اتم") \
                and not (after_name and self._foreign_surname(k)):
            return False     # تقديم، انطلاق، لإنهاء، بتسليم: verbal nouns, with or without a clitic
        nxt = j + 1
        if nxt >= b:
            return True
        kn = self.keys[nxt]
        if kn[:1].isdigit():
            return False
        return after_name or not is_definite(kn)

    def _place_then_name(self, j: int, hi: int) -> bool:
        """After the preposition at j, a place and then a name (المبعوث الخاص
        إلى سوريا فلان): the speaker's affiliation, even with the verb's own
        preposition (نبه إلى)."""
        return self.has(j + 1, "place") and j + 2 < hi \
            and (self.has(j + 2, "name") or self.has(j + 2, "title") or self._name_like(j + 2, hi))

    @staticmethod
    def _foreign_surname(k: str) -> bool:
        """After a first name, an alef- or ta-initial word that does not have
        the shape of a verbal noun (إعلان، انطلاق، اتفاق، استئناف؛ تعيين، تبادل)
        is a surname (مسعود أوزيل، ريكس تيلرسون)."""
        if k[0] == "ت":
            return k[3:4] != "ي" and k[2:3] != "ا"
        return k[0] == "ا" and not k.startswith(("است", "ان")) and k[3:4] != "ا"

    def _is_time(self, j: int) -> bool:
        return self.has(j, "time") or self.keys[j] in ("الماضي", "الماضيه", "المقبل", "المقبله", "الحالي") \
            or self.keys[j].isdigit()

    def _words(self, a: int, b: int) -> int:
        return sum(1 for i in range(a, b) if not self.punct[i] and not self.space[i])

    def _skip_space(self, i: int) -> int:
        while i < self.n and self.space[i]:
            i += 1
        return i

    def _long_quote(self, q: Quotation) -> bool:
        """Quotations of a word or two are names or terms, not quotes."""
        words = self._words(q.open_i + 1, q.close_i)
        return words >= 3

    def _quoted_name(self, q: Quotation) -> bool:
        """منظمة "أطباء بلا حدود"، تعهدت "المقاومة الإسلامية"، وهي …: a quoted
        name after an organisation word, or followed by an apposition."""
        if q.open_i > 0 and (self.has(q.open_i - 1, "org") or self.has(q.open_i - 1, "title")):
            return not self._ends_clause(q)     # وقالت الحكومة «…». is speech, not a name
        after = self._skip_space(q.close_i + 1)
        if after < self.n and self.keys[after] in COMMA:
            nxt = self._skip_space(after + 1)
            return nxt < self.n and (self.has(nxt, "pronoun_subject") or self.has(nxt, "relative"))
        return False

    def _ends_clause(self, q: Quotation) -> bool:
        after = self._skip_space(q.close_i + 1)
        return after >= self.n or self.tok[after] in SENT_END | COMMA or self._is_break(after)

    def _type_of(self, a: int, b: int) -> str:
        """mixed when a quotation lies inside [a, b), else indirect."""
        k = bisect_left(self.q_starts, a)
        while k < len(self.q_starts) and self.q_starts[k] < b:
            if self.q_sorted[k].close_i < b:
                return "mixed"
            k += 1
        return "indirect"

    def _char(self, r: tuple[int, int]) -> Span:
        a, b = r
        start = self.idx[a]
        end = self.idx[b - 1] + len(self.tok[b - 1])
        text = self.text
        # invisible direction marks glued to a word stay outside the span
        while start < end and text[start] in BIDI:
            start += 1
        while end > start and text[end - 1] in BIDI:
            end -= 1
        return Span(start, end, text[start:end])
