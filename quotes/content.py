"""Where content opens and ends.

It opens at a complementizer (أن/إن/بأن…), a quotation mark, a colon or the
preposition the verb governs (أشار إلى، شدد على). Indirect content ends with
its sentence, but earlier before a clause that reports someone else (…، في حين
قالت ألمانيا …), a clause-breaking connective (…، بينما …) or a closing adjunct
of time or place (…، خلال مؤتمر في بروكسل)."""
from __future__ import annotations

from typing import Optional

from .cues import Cue
from .text import is_definite
from .view import COMMA, MAX_CONTENT, MAX_ZONE, RELAY_ENDINGS, SPEECH_CLASSES, DocView


class Content(DocView):
    def _opener(self, c: Cue, zs: Optional[int] = None) -> tuple[Optional[str], int]:
        """Scan right of the cue for what opens the content."""
        preps = c.form.preps if c.form else ()
        zs = c.end if zs is None else zs
        lo, hi = self._sent_bounds(c.start)
        name_end = -1
        for j in range(zs, min(hi, zs + MAX_ZONE)):
            if j <= name_end:
                continue    # شبكة "سي إن إن": a word inside a quoted name opens nothing
            k = self.keys[j]
            if j in self.q_open:
                q = self.q_open[j]
                if self._long_quote(q) and not self._quoted_name(q):
                    return "quote", j
                if j == zs and c.form is not None and c.form.cls in SPEECH_CLASSES and self._ends_clause(q):
                    return "quote", j       # وصرخوا "أبارتهيد".
                name_end = q.close_i
                continue
            if self.tok[j] == ":":
                return "colon", j
            if self.lex.has(k, "complementizer"):
                return "comp", j
            if c.form is not None and c.form.cls == "ask" and (self.has(j, "question") or self.has(j, "condition")
                                                               or k in ("فيما", "عما") and self.has(j + 1, "condition")):
                return "comp", j    # وتساءل هل …، تساءل فيما إذا …: the question is the content
            if k in preps and j > zs and self._place_then_name(j, hi):
                continue    # ونبه المبعوث الخاص إلى سوريا فلان …: the speaker's affiliation
            if k in preps and not self._name_word(j):
                later = self._later_opener(j, min(hi, j + 8)) if j > zs else None
                return ("prep", j) if later is None else later
            if "ب" in preps and self._ba_object(j):
                later = self._later_opener(j, min(hi, j + 8)) if j > zs else None
                return ("prep", j) if later is None else later
            nxt = self.cue_at.get(j)
            if zs < j <= zs + 5 and nxt is not None and nxt.form is not None and nxt.form.aspect == "participle" \
                    and nxt.form.lemma == "قال":
                return "relay", j       # وتابع الوزير كلامه قائلا: "…"
            if self._is_break(j) or (self._cue_verb_at(j) and j > c.end):
                if self._aside_cue(j):
                    later = self._opener_after_aside(c, j, hi)
                    if later is not None:
                        return later
                return None, j
        return None, min(hi, zs + MAX_ZONE)

    def _aside_cue(self, j: int) -> bool:
        """A cue inside another report's zone that only says where it was read:
        a source frame (وقال الوزير، بحسب الوكالة، إن …) or a verb of a
        relative clause on a noun (في تصريح نقلته الوكالة إن …)."""
        c = self.cue_at.get(j)
        if c is None or self.inside[j] is not None:
            return False
        if c.frame is not None:
            return c.frame != "colon"
        k = self.keys[j]
        return j > 0 and k.endswith(("ه", "ها")) and len(k) > 4 and not is_definite(self.keys[j - 1]) \
            and not self.punct[j - 1] and not self.has(j - 1, "preposition") and not self.has(j - 1, "name")

    def _opener_after_aside(self, c: Cue, j: int, hi: int) -> Optional[tuple[str, int]]:
        """The complementizer, colon or quotation that opens the outer report's
        content after an aside cue, before the sentence ends."""
        for t in range(j + 1, min(hi, j + MAX_ZONE)):
            if self._is_break(t) or (self._cue_verb_at(t) and not self._aside_cue(t)):
                return None
            if t in self.q_open:
                q = self.q_open[t]
                if self._long_quote(q) and not self._quoted_name(q):
                    return "quote", t
                continue
            if self.tok[t] == ":":
                return "colon", t
            if self.lex.has(self.keys[t], "complementizer"):
                return "comp", t
        return None

    def _later_opener(self, j: int, hi: int) -> Optional[tuple[str, int]]:
        """ونبه مبعوث الأمم المتحدة إلى سوريا فلان إلى أن …: a preposition that
        is soon followed by a complementizer or quotation was part of the
        speaker's description, not the content."""
        for t in range(j + 1, hi):
            if self.keys[t] in COMMA or self._cue_verb_at(t) or self._is_break(t):
                return None     # بالهجوم، بيد أن …: the clause after the comma is not the speaker's
            if t == j + 1:
                continue
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
        # a verbal noun after ب is the object itself (بمقتل، بتقديم)
        return not (self.lex.kind(k) or self.lex.kind(stem) - {"verbal_noun"} or self.lex.kind("ال" + stem))

    def _content_end(self, start: int) -> int:
        """Token index one past the content that starts at ``start``."""
        i = start
        last = start
        stop = min(self.n, start + MAX_CONTENT)
        while i < stop:
            if i in self.q_open:
                i = self.q_open[i].close_i
                last = i + 1
                i += 1
                continue
            if self._is_break(i) or self.space[i] and "\n" in self.tok[i]:
                break
            k = self.keys[i]
            if k in COMMA:
                nxt = self._skip_space(i + 1)
                if nxt < self.n and (self._cue_verb_at(nxt) and self.cue_at[nxt].proclitic
                                     or self.has(nxt, "clause_break")
                                     or self._reporting_clause(nxt) and not self._closes_apposition(start, i)
                                     or self._trailing_adjunct(nxt) or self._relayed_frame(nxt)):
                    break
            elif i > start + 1 and (self.has(i, "discourse") or self.has(i, "clause_break")) \
                    and self._reporting_clause(i + 1) or i > start + 1 and self._gloss(i):
                break
            if i > start and self._cue_verb_at(i) and self.cue_at[i].form is not None and (
                    self.cue_at[i].proclitic or self.cue_at[i].form.aspect == "participle"):
                break
            if not self.punct[i] and not self.space[i]:
                last = i + 1
            elif self.tok[i] in ")]»”\"":
                last = i + 1
            i += 1
        return last

    def _closes_apposition(self, start: int, i: int) -> bool:
        """إن رئيس الوزراء، فلان الفلاني، تحدث …: the comma at i closes a name
        set off after the subject, so the verb after it is that subject's
        predicate, not a new report."""
        commas = [t for t in range(start, i) if self.keys[t] in COMMA]
        if len(commas) != 1 or not self.has(start, "complementizer"):
            return False
        p = commas[0]
        words = [t for t in range(p + 1, i) if not self.space[t]]
        return 0 < len(words) <= 4 and self._words(start, p) <= 8 and (
            any(self.has(t, "name") for t in words) or all(self._name_like(t, i, after_name=n > 0)
                                                          for n, t in enumerate(words)))

    def _reporting_clause(self, i: int) -> bool:
        """Does the clause starting at token i report someone else (…، في حين
        قالت ألمانيا إن / …، حسبما نقلت الوكالة)? Then the content before it ends."""
        k = self.keys[i]
        if k[:1] == "و" and self.lex.has(k[1:], "complementizer"):
            return False    # …، وإن أكثر من مئة نقلوا …: a second complement of the same report
        for t in range(i, min(self.n, i + 12)):
            if self.keys[t] in COMMA or self._is_break(t) or t in self.q_open:
                return False
            c = self.cue_at.get(t)
            if c is not None and t == i and self._subjectless_imperfect(c):
                continue    # …، بلاغا ورد، يفيد بعثور …: the noun before goes on, nobody new speaks
            if c is not None and (c.frame and c.frame != "colon" and t > i - 1 and self._frame_is_last(c)
                                  or c.is_verb and c.form.aspect != "masdar"):
                return True
        return False

    def _subjectless_imperfect(self, c: Cue) -> bool:
        """An imperfect without و whose complement follows at once (يفيد بعثور،
        تشير إلى، يعتقد بأنه): no subject of its own, it describes the noun
        before it rather than opening another report."""
        if not c.is_verb or c.form.aspect != "imperfect" or c.proclitic:
            return False
        j = self._skip_space(c.end)
        if j >= self.n:
            return False
        return self.has(j, "complementizer") or self.keys[j] in c.form.preps \
            or "ب" in c.form.preps and self._ba_object(j)

    def _relayed_frame(self, i: int) -> bool:
        """…، وفق ما نقلته عنه الوكالة، خلال لقائه …: a frame with its own
        verb says who relayed the words before it, wherever the sentence goes next."""
        c = self.cue_at.get(i)
        return c is not None and c.frame is not None and c.frame != "colon" and c.end < self.n \
            and self.keys[c.end - 1] in RELAY_ENDINGS

    def _trailing_adjunct(self, i: int) -> bool:
        """…، خلال مؤتمر في بروكسل. — a closing circumstance of time or place
        added by the journalist, not part of what was reported; …، في إشارة
        إلى … — the journalist's gloss."""
        if self._gloss(i):
            return True
        if self.keys[i] not in ("خلال", "اثناء", "عقب", "بعد", "قبل", "وسط", "امام", "علي هامش"):
            return False
        for t in range(i, self.n):
            if self._is_break(t):
                return True
            if self.has(t, "complementizer") or t in self.q_open or self.keys[t] in COMMA:
                return False
        return True

    def _gloss(self, i: int) -> bool:
        """في إشارة إلى …: the journalist explains what the words referred to,
        with or without a comma before it."""
        return self.keys[i] == "في" and i + 1 < self.n and self.keys[i + 1].startswith("اشار")

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
