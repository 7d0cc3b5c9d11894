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

from bisect import bisect_left, insort
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from .content import Content
from .cues import Cue
from .lexicon import Lexicon, load_lexicon
from .marks import Quotation
from .phrases import Phrases
from .resolution import Resolution
from .text import is_definite
from .types import Quote
from .view import (COMMA, DASHES, MAX_ZONE, OBJECT_CLASSES, PRONOUN_PREPS, RELAY_ENDINGS, SENT_END, SPEECH_CLASSES,
                   Draft)


class Attributor(Phrases, Content, Resolution):
    """The rules per kind of cue: verbs (VSO, SVO, postposed, pro-drop),
    cited sources (نقلت عن فلان قوله), source frames (بحسب) and colon speakers."""

    def __init__(self, lex: Lexicon):
        self.lex = lex

    def __call__(self, doc: Doc, cues: list[Cue], quotations: list[Quotation]) -> list[Quote]:
        self.attach(doc, cues, quotations)
        drafts: list[Draft] = []
        used: set[int] = set()
        for c in cues:
            if c.start in used or self.headline[c.start]:
                continue
            d = self._frame(c) if c.frame else self._verb(c)
            if d is not None:
                drafts.append(d)
                used.update(d.consumed)
        drafts.extend(self._colon_quotes(drafts))
        drafts = self._drop_nested(sorted(drafts, key=lambda d: d.cue.start))
        return self._finish(drafts)

    def _verb(self, c: Cue) -> Optional[Draft]:
        form = c.form
        if self.inside[c.start] is not None and self._long_quote(self.inside[c.start]):
            return None    # a report nested in a direct quote
        participle = form.aspect in ("participle", "masdar")
        if participle and not self._participle_context(c):
            return None
        d = Draft(cue=c, type="indirect", content=(0, 0), sent=self.sent[c.start])
        consumed: list[int] = []
        zs = c.end
        # وأضاف قائلا / وختم قائلا: the participle belongs to this cue
        nxt = self.cue_at.get(zs)
        if nxt is not None and nxt.form is not None and nxt.form.aspect == "participle":
            consumed.append(zs)
            zs += 1
        d.consumed = consumed
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
        relay_end = None
        if kind == "relay":
            # the participle قائلا carries the content; the zone before it keeps the speaker
            consumed.append(j)
            relay_end = j
            kind, j = self._opener(c, j + 1)
        if kind == "prep" and j > zs and self.has(j - 1, "narration_object"):
            return None     # ألقت الشرطة القبض على …: an arrest, not a report
        if kind is None and self.lex.lemma_has(form.lemma, "needs_complement"):
            return None     # وجاء الحادث بعد …، وأضاف الفريق الهدف الثاني: narration
        if form.lemma == "ذكر" and form.aspect == "imperfect" and j == zs and kind == "comp":
            return None     # يُذكر أن …: the journalist's own aside, not a report
        if c.start > 0 and self.has(c.start - 1, "relative") and (kind is None or self._resumptive(zs)):
            return None     # حقوق الإنسان التي ينادي بها المجتمع الدولي: what is called for is outside
        fronted = self._fronted_subject(c)
        if fronted is not None and self.has(c.start - 1, "relative") and j > zs \
                and not (self.has(zs, "preposition") or self._addressee_start(zs)):
            fronted = None      # الضربات، التي قالت واشنطن إنها …: the relative is the object
        if fronted is not None and not participle:
            # وكانت الولايات المتحدة قد اتهمت النظام …: the words after the cue are content
            d.speaker = fronted
            start = zs if kind is None or form.cls in OBJECT_CLASSES else j
            if kind is not None and start == zs:
                obj, _, _ = self._clean_zone(zs, j)     # وكان الأمير قد دعا، خلال زيارته، إلى …
                start = obj[0] if obj is not None else j
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
        m = self._citing_masdar(j) if form.lemma in ("نقل", "نسب") and kind is None else None
        if m is not None:
            # نقلت الوكالة عن المصدر قوله إن …: the cited source speaks through قوله
            return self._cited(c, zs, m)
        if not participle and j > zs:
            if form.lemma == "جاء" and self.keys[zs] == "في":
                zs += 1     # وجاء في البيان أن …
            speaker, addressee, others = self._clean_zone(zs, relay_end or j)
            if relay_end is not None and speaker is not None:
                speaker = (speaker[0], speaker[0] + self._np_len(*speaker))   # تابع الوزير | كلامه
                if speaker[1] - speaker[0] == 1 and self.has(speaker[0], "medium"):
                    speaker = None      # وتابع حديثه قائلا: his speech goes on, he is not named
            src = self._relayed_from(zs, j) if form.lemma == "نقل" and kind is not None else None
            if src is not None:
                # نقلت الوكالة عن المصدر / على لسان الوزير أن …: the cited source speaks, the reporter relays
                addressee = speaker or ((zs, src[0]) if src[0] > zs else None)
                speaker, _, others = self._clean_zone(src[1], j)
        obj_start = None
        if kind is None:
            if form.aspect == "imperfect" and form.cls in ("believe", "expect") and not participle \
                    and not (speaker is not None and self._holder(speaker[0])):
                return None     # يعتبر/يعتقد with no complement: "is considered", not a report
            if participle:
                obj_start = zs
            elif speaker is not None:
                np = self._np_len(*speaker, preps=form.preps)
                appositive = any(self.keys[t] in COMMA for t in range(*speaker))
                if not appositive and speaker[0] + np < speaker[1]:
                    obj_start = speaker[0] + np
                    speaker = (speaker[0], speaker[0] + np)
                elif any(o[0] >= speaker[1] and not self._aside(o[0]) for o in others):
                    # أعلنت الحكومة، اليوم، انطلاق …
                    obj_start = next(o[0] for o in others if o[0] >= speaker[1] and not self._aside(o[0]))
                elif others and self._after_adverbials(*others[0]) is not None:
                    # رفض رئيس الحكومة أمام مؤتمر ميونخ يوم الأحد | الإقرار …
                    obj_start = self._after_adverbials(*others[0])
                else:
                    return None
            else:
                if not c.proclitic and not self.has(c.start - 1, "discourse") and not (
                        form.cls == "deny" and self._left_subject(c) is not None):
                    return None     # (لكن طهران نفت ذلك: a denial's subject on the left, step 3)
                # the first chunk after the cue or after a comma (not the tail of a medium phrase)
                fresh = [o[0] for o in others if o[0] == zs or self.keys[o[0] - 1] in COMMA]
                obj_start = fresh[0] if fresh else (others[0][0] if others else zs)
        elif (kind in ("prep", "quote") or kind == "comp" and form.cls in OBJECT_CLASSES) and speaker is not None \
                and (speaker[1] == j or form.cls in OBJECT_CLASSES) \
                and (form.cls in OBJECT_CLASSES or kind == "quote" and form.cls not in SPEECH_CLASSES) \
                and not any(self.keys[t] in COMMA for t in range(*speaker)):
            # دعا الوزراء جميع الدول إلى …، أكدت واشنطن تشكيل … "…": an object
            # between the subject and the opener is part of the content
            np = self._np_len(*speaker, preps=form.preps)
            if speaker[0] + np < speaker[1]:
                obj_start = speaker[0] + np
                speaker = (speaker[0], speaker[0] + np)
        elif participle and form.cls in ("call", "accuse"):
            obj_start = zs      # متهما الوزير بالكذب: who is accused belongs to the content
        if obj_start is None and kind in ("prep", "comp") and form.cls in OBJECT_CLASSES and speaker is not None \
                and others and others[-1][0] >= speaker[1] and self.keys[others[-1][0] - 1] in COMMA \
                and others[-1][1] >= j - 1 and not self._aside(others[-1][0]):
            obj_start = others[-1][0]   # وأمر فلان، رئيس البلدية، الموظفين بإخلاء …: the object after the apposition
        if kind == "prep" and form.cls == "call" and obj_start is None and speaker is None and j > zs \
                and not participle and not others and addressee is None:
            obj_start = zs
        own_prep = kind == "prep" or kind == "quote" and speaker is not None and any(
            self.keys[t] in form.preps for t in range(speaker[1], j))      # ودعا الشعب إلى الثورة "…"
        if speaker is not None and not participle and c.proclitic and own_prep and form.cls in OBJECT_CLASSES \
                and addressee is None and self._addressed(c, speaker, places=kind == "prep") \
                and (not others or kind == "quote"):
            # …، وحث موسكو على …؛ ودعا الشعب إلى …: the noun phrase is who is urged, not who speaks
            obj_start, speaker, others = zs, None, []
        if speaker is not None and not participle and c.proclitic and kind is not None \
                and speaker[1] - speaker[0] <= 2 and self.has(speaker[0], "public"):
            # وعاهد الشعب بأن …، ووعد الجمهور بـ …: the public is whom it was said to, whatever the verb
            obj_start, speaker, others = zs, None, []
        if speaker is not None and not participle and c.proclitic and self._disagrees(form, speaker[0]):
            # ودعا الحكومةَ إلى …: a noun that cannot agree with the verb is its object
            obj_start, speaker, others = zs, None, []
        if speaker is not None and not participle and self.has(speaker[0], "verbal_noun"):
            # وأكد وجوب الالتزام …، ينفي وجود أي تضارب: a verbal noun is what is reported
            obj_start, speaker, others = zs, None, []
        # honorifics (سموه، معاليه) stand for an earlier speaker
        if speaker is not None and all(self.has(t, "honorific") for t in range(*speaker)):
            speaker = None
        # 3. SVO: subject before the cue
        if speaker is None and not participle and not c.proclitic:
            speaker = self._left_subject(c)
            if speaker is None and obj_start == zs and kind is None:
                return None
        if speaker is None and not participle and form.aspect == "imperfect" and form.cls in ("believe", "expect"):
            return None     # ويُعتقد أن / يُتوقع أن: an impersonal passive, nobody is reported
        d.speaker, d.addressee = speaker, addressee
        # 4. content
        if kind == "quote" and obj_start is None:
            q = self.q_open[j]
            after = self._skip_space(q.close_i + 1)
            ends_clause = after >= self.n or self.tok[after] in SENT_END | COMMA or self._is_break(after) \
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
            if nxt in self.q_open and (self._long_quote(self.q_open[nxt]) or self._ends_clause(self.q_open[nxt])):
                q = self.q_open[nxt]
                d.type = "direct"
                d.content = (q.open_i + 1, q.close_i)
                d.confidence = 0.9
            else:
                d.content = (nxt, self._content_end(nxt))
        else:
            start = obj_start if obj_start is not None else j
            end = self._content_end(start)
            if kind is None and form.cls == "deny":
                # نفى ذلك في منشور له: what is denied, not where
                end = next((t for t in range(start + 1, end)
                            if self.keys[t] in ("في", "عبر", "خلال") and self._addressee_start(t)), end)
            d.content = (start, end)
            d.type = self._type_of(*d.content)
        if self._words(*d.content) < (1 if kind == "prep" or self._denied_this(form, *d.content) else 2):
            return None
        if kind in (None, "prep") and d.type == "indirect" and self.lex.lemma_has(form.lemma, "needs_clause"):
            if d.speaker is None:
                return None
            d.said = False  # ورد على سؤال …، وردت بغارات، علق على الحادث: what it answered, not what it said
        d.confidence = min(0.95, d.confidence + (0.1 if d.speaker else 0) + (0.05 if kind in ("comp", "quote") else -0.1))
        return d

    def _denied_this(self, form, a: int, b: int) -> bool:
        """نفت طهران ذلك: a denial of "this" reports in one word."""
        words = [t for t in range(a, b) if not self.punct[t] and not self.space[t]]
        return form.cls == "deny" and len(words) == 1 and self.has(words[0], "demonstrative")

    def _holder(self, j: int) -> bool:
        """Can the noun at j hold a view (ويعتبر المقاتلون المتشددون …، وتعتبر قوات
        التحالف الحوثيين امتدادا …)? People and bodies can; the subject of a
        passive يُعتبر (ويعتبر المشروع من أهم …) is a thing."""
        k = self.keys[j]
        return self.has(j, "name") or self.has(j, "title") or self.has(j, "org") or self.has(j, "plural") \
            or is_definite(k) and k.endswith(("ون", "يين")) and len(k) > 5

    def _relayed_from(self, a: int, b: int) -> Optional[tuple[int, int]]:
        """In a relaying verb's zone, where the cited source is introduced: عن
        (نقلت الوكالة عن المصدر) or على لسان (نقلت الوكالة على لسان الوزير), as
        (start of the marker, start of the source)."""
        for t in range(a, b):
            if self.keys[t] == "عن":
                return t, t + 1
            f = self.cue_at.get(t)
            if f is not None and f.frame == "on_tongue":
                return t, f.end
        return None

    def _citing_masdar(self, j: int) -> Optional[int]:
        """The masdar (قوله) through which a relayed source speaks: at j, or
        right after a على لسان frame at j (نقلت الوكالة على لسان الوزير قوله …)."""
        def masdar(t: int) -> bool:
            c = self.cue_at.get(t)
            return c is not None and c.form is not None and c.form.aspect == "masdar"

        c = self.cue_at.get(j)
        if c is not None and c.frame == "on_tongue":
            j = next((t for t in range(c.end, min(self.n, c.end + 8)) if masdar(t)), j)
        return j if masdar(j) else None

    def _cited(self, c: Cue, zs: int, m: int) -> Optional[Draft]:
        """نقلت الوكالة عن المصدر قوله إن …: speaker after عن, the reporter as addressee."""
        src = self._relayed_from(zs, m)
        masdar = self.cue_at[m]
        d = Draft(cue=masdar, type="indirect", content=(0, 0), sent=self.sent[m], consumed=[m])
        if src is not None:
            d.speaker, _, _ = self._clean_zone(src[1], m)
            d.addressee, _, _ = self._clean_zone(zs, src[0])
        else:
            d.addressee, _, _ = self._clean_zone(zs, m)
        kind, j = self._opener(masdar, m + 1)
        if kind == "colon":
            j = self._skip_space(j + 1)     # قوله: "…"
            kind = "quote" if j in self.q_open else "comp"
        if kind == "quote" and self._long_quote(self.q_open[j]):
            q = self.q_open[j]
            d.type, d.content, d.confidence = "direct", (q.open_i + 1, q.close_i), 0.85
        elif kind is not None:
            d.content = (j, self._content_end(j))
            d.type = self._type_of(*d.content)
        else:
            return None
        return d if self._words(*d.content) >= 2 else None

    def _resumptive(self, j: int) -> bool:
        """بها، عليه، إليهم: a preposition carrying the pronoun of a relative's
        noun; after التي ينادي it says that the noun before is the content
        (فيه/فيها only say when: في الوقت الذي قال فيه …)."""
        k = self.keys[j]
        return k in PRONOUN_PREPS - {"فيه", "فيها"} \
            or k.startswith(("الي", "علي")) and k.endswith(("ه", "ها", "هم")) and len(k) <= 6

    def _participle_context(self, c: Cue) -> bool:
        """A participle (مشيرا، قائلة) reports only when it hangs on a report
        or a clause: after a comma, a closing mark, or an earlier cue in the
        sentence, or when a complementizer, colon or quotation follows it."""
        i = c.start - 1
        while i >= 0 and self.space[i]:
            i -= 1
        if i < 0:
            return False
        if self.keys[i] in COMMA or i in self.q_close or self.tok[i] in ")":
            return True
        nxt = self._skip_space(c.end)
        if nxt < self.n and (self.has(nxt, "complementizer") or self.tok[nxt] == ":" or nxt in self.q_open):
            return True     # أدلى بشهادته قائلا إن …
        lo, _ = self._sent_bounds(c.start)
        return any(self._cue_verb_at(t) and self.cue_at[t].is_verb for t in range(lo, c.start))

    def _postposed(self, c: Cue) -> Optional[Quotation]:
        """"…"، قال الوزير — the quotation right before the cue, if nothing opens after it."""
        i = c.start - 1
        while i >= 0 and (self.space[i] or self.keys[i] in COMMA):
            i -= 1
        if i < 0 or i not in self.q_close:
            return None
        q = self.q_close[i]
        if not self._long_quote(q) or c.form is None or c.form.aspect != "perfect" and c.form.aspect != "imperfect":
            return None
        lo, _ = self._sent_bounds(q.open_i)
        if any(self._cue_verb_at(t) or self.tok[t] == ":" for t in range(lo, q.open_i)):
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

    def _frame(self, c: Cue) -> Optional[Draft]:
        if self.inside[c.start] is not None:
            return None
        lo, hi = self._sent_bounds(c.start)
        if c.frame == "on_tongue" and any(
                self.cue_at.get(t) is not None and self.cue_at[t].is_verb and self.cue_at[t].form.lemma == "نقل"
                for t in range(max(lo, c.start - MAX_ZONE), c.start)):
            return None     # نقلت الوكالة على لسان الوزير قوله …: the relaying verb reports it
        s = c.end
        consumed = []
        # بحسب ما نقلت الوكالة / حسبما أفاد: the speaker follows the verb
        if s < self.n and (self._cue_verb_at(s) and self.cue_at[s].is_verb
                           or self.keys[c.end - 1] in RELAY_ENDINGS):
            consumed.append(s)
            s += 1
        # وقد تتراجع الصادرات - بحسب ما قالته الوكالة - إلى …: a frame between dashes
        p = c.start - 1
        while p > lo and self.space[p]:
            p -= 1
        dashed = p >= lo and self.tok[p] in DASHES
        e = s
        while e < hi and self.keys[e] not in COMMA and not self._is_break(e) and not self.has(e, "complementizer") \
                and not self.has(e, "main_clause") and e - s < 12 and not self._cue_verb_at(e) \
                and not (dashed and self.tok[e] in DASHES):
            if e in self.q_open:
                q = self.q_open[e]
                # a frame names no speech: a short quotation after an organisation word is its name
                if e == s or not (self._quoted_name(q) or self.has(e - 1, "org") and q.close_i - q.open_i <= 6):
                    break
                e = q.close_i      # حسبما قالت قناة "إن تي في" التركية: a quoted name
            e += 1
        if e == s:
            return None
        # حسبما نقلت الوكالة عن مصادر طبية: the cited source speaks, the agency relays
        relayed = any(self.keys[t].startswith(("نقل", "ونقل")) for t in range(c.start, s))
        an = next((t for t in range(s + 1, e - 1) if self.keys[t] == "عن"), None) if relayed else None
        sp, ad, _ = self._clean_zone(an + 1 if an is not None else s, e, after_verb=False)
        if sp is None:
            return None
        d = Draft(cue=c, type="indirect", content=(0, 0), speaker=sp, addressee=ad, confidence=0.6,
                   sent=self.sent[c.start], consumed=consumed)
        if sp[0] == s and self.keys[s].startswith("ل") and not self.keys[s].startswith("لل") and c.frame in ("according",) \
                and self.tok[s][:1] == "ل" and len(self.tok[s]) > 2:
            d.speaker_chars = (self.idx[s] + 1, self.idx[sp[1] - 1] + len(self.tok[sp[1] - 1]))
        # content: the clause before the frame, or after it when the frame opens the sentence
        before = [t for t in range(lo, c.start) if not self.punct[t] and not self.space[t]
                  and not self.has(t, "discourse")]
        if before:
            end = c.start
            while end > lo and (self.punct[end - 1] or self.space[end - 1]):
                end -= 1
            start = lo
            while start < end and (self.space[start] or self.punct[start]):
                start += 1
            after = self._skip_space(e + 1) if e < self.n and (self.keys[e] in COMMA or dashed and self.tok[e] in DASHES) else e
            if end > lo and self.keys[end - 1] not in COMMA and (self.keys[c.start - 1] in COMMA or dashed) \
                    and after < hi and not self._is_break(after) and (dashed or not self._frame_is_last(c)) \
                    and not self._cue_verb_at(after) and self._words(start, end) <= 6 \
                    and not (self.keys[after][:1] in "وف" and len(self.keys[after]) > 3):
                # وأسفرت الضربة، وفق المرصد، عن مقتل …: the frame sits inside a
                # short clause that goes on after it (not before a new one: …، وأصيب …)
                end = self._content_end(after)
            d.content = (start, end)
        else:
            start = self._skip_space(e + 1 if e < self.n and self.keys[e] in COMMA else e)
            d.content = (start, self._content_end(start))
        if self._words(*d.content) < 2:
            return None
        d.type = self._type_of(*d.content)
        return d

    # ------------------------------------------------------ colon speakers

    def _colon_quotes(self, drafts: list[Draft]) -> list[Draft]:
        """الوزير: "…" — a short noun phrase, a colon, then a quotation."""
        taken = {i for d in drafts for i in range(*d.content)}
        out = []
        for i in (i for i, text in enumerate(self.tok) if text == ":"):
            if i in taken:
                continue
            nxt = self._skip_space(i + 1)
            if nxt not in self.q_open or not self._long_quote(self.q_open[nxt]) or nxt + 1 in taken:
                continue
            lo, _ = self._sent_bounds(i)
            a = i
            while a > lo and i - a < 8:
                if self.keys[a - 1] in COMMA or self._cue_verb_at(a - 1) or self.space[a - 1]:
                    break
                a -= 1
            if a == i or i - a >= 8 or (a > 0 and self._cue_verb_at(a - 1)):
                continue
            if self.lex.has(self.keys[a], "preposition") or self.punct[a]:
                continue
            q = self.q_open[nxt]
            out.append(Draft(cue=Cue(i, i + 1, frame="colon"), type="direct", content=(q.open_i + 1, q.close_i),
                              speaker=(a, i), confidence=0.75, sent=self.sent[i]))
        return out

    # ----------------------------------------------------------- finishing

    def _drop_nested(self, drafts: list[Draft]) -> list[Draft]:
        """Only the outer report is annotated; of two cues claiming the same
        content, the first one keeps it. Kept contents never overlap, so a
        sorted list of them answers both questions with a binary search."""
        keep: list[Draft] = []
        spans: list[tuple[int, int]] = []       # kept content ranges, sorted and disjoint
        cues: list[int] = []                    # kept cue tokens, sorted
        for d in drafts:
            if any(self._hits(spans, p) for p in ((d.cue.start, d.cue.start + 1), d.content)):
                continue
            i = bisect_left(cues, d.content[0])
            if i < len(cues) and cues[i] < d.content[1]:
                continue    # وقال الوزير، بحسب الوكالة، …: a frame whose "content" is another report's cue
            insort(spans, d.content)
            insort(cues, d.cue.start)
            keep.append(d)
        return keep

    @staticmethod
    def _hits(spans: list[tuple[int, int]], r: tuple[int, int]) -> bool:
        """Does range r overlap any of the sorted, disjoint ``spans``?"""
        i = bisect_left(spans, (r[0], r[0]))
        return any(0 <= k < len(spans) and spans[k][0] < r[1] and r[0] < spans[k][1] for k in (i - 1, i))


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
