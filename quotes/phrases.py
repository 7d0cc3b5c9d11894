"""Noun phrases around a cue: who speaks, to whom, and where the object starts.

The *zone* is the stretch between a cue and the opening of its content. It is
cut into comma-separated chunks; the first one that is not an addressee
(لوكالة…، في بيان), a time word or an aside (وهي…، الذي…) is the speaker, and
an appositive name may join it (الوزير، فلان الفلاني). Without an opener the
object starts where the subject noun phrase ends (أعلنت موسكو | تسليم …), which
``_np_len`` finds from definiteness, genitives and the name gazetteer."""
from __future__ import annotations

from typing import Optional

from .cues import Cue
from .text import QUOTE_CHARS, is_definite
from .types import Span
from .view import COMMA, DASHES, MAX_LEFT, PRONOUN_PREPS, DocView


class Phrases(DocView):
    def _clean_zone(self, a: int, b: int, after_verb: bool = True
                    ) -> tuple[Optional[tuple[int, int]], Optional[tuple[int, int]], list[tuple[int, int]]]:
        """Split zone tokens [a, b) into (speaker, addressee, other chunks)."""
        chunks: list[tuple[int, int]] = []
        s = a
        for j in range(a, b):
            if self.keys[j] in COMMA or self.tok[j] in DASHES + ("(", ")") and not self._joins_words(j):
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
                             or self.has(x, "say_marker")       # وتابع بالقول إن …
                             or self.punct[x] or self.space[x]
                             or (self.keys[x] in PRONOUN_PREPS and x + 1 < y)):     # قال عنه الرئيس …
                x += 1
            while y > x and (self.punct[y - 1] or self.space[y - 1]) and not self._closes_inside(x, y - 1):
                y -= 1
            if x >= y:
                continue
            if self._addressee_start(x) or (after_verb and speaker is None and x == a and self._dative(x)):
                end = self._medium_end(x, y)
                if addressee is None:
                    addressee = (x, end)
                if end < y:
                    others.append((end, y))
                continue
            if self.has(x, "manner"):
                others.append((x, y))   # ونفى بشدة الاتهامات: after a manner adverb comes the object
                continue
            if self.has(x, "preposition") or self.has(x, "pronoun_subject") or self.has(x, "relative") \
                    or self.keys[x] in PRONOUN_PREPS \
                    or self.has(x, "demonstrative") or (x in self.cue_at and self.cue_at[x].frame):
                others.append((x, y))
                continue
            if speaker is None and others:
                others.append((x, y))   # أشاد بما شاهده، أعادت …: a later chunk is not the subject
                continue
            cut = self._speaker_cut(x, y)
            rest = cut
            if cut < y and addressee is None and self._addressee_start(cut):
                rest = self._medium_end(cut, y)
                addressee = (cut, rest)
            while rest < y and (self._is_time(rest) or self.keys[rest] in ("ايضا", "كذلك")):
                rest += 1
            if rest < y and (rest > cut or self._is_time(cut - 1) or self._is_time(cut) or self.has(cut, "manner")):
                others.append((rest, y))     # ونفى أردوغان لاحقا | أي نية …
            if speaker is None:
                speaker = (x, cut)
                # the description may go on with an affiliation (المسؤول التنفيذي
                # عن البرنامج، فلان): the name after the comma still joins it
                open_np = cut == y or rest == cut and self.has(cut, "preposition") \
                    and not self._addressee_start(cut) and self._titles_only(x, cut)
            elif open_np and not others and self._is_apposition(speaker, (x, cut)):
                speaker = (speaker[0], cut)     # appositive name: الوزير، فلان الفلاني
                open_np = False
            else:
                others.append((x, cut))
                open_np = False
        return speaker, addressee, others

    def _closes_inside(self, x: int, j: int) -> bool:
        """Is token j the closing mark of a quoted name that opened after x
        (صحيفة "الأيام")? It stays, so the speaker's marks are balanced."""
        q = self.q_close.get(j)
        return q is not None and q.open_i >= x

    def _dative(self, x: int) -> bool:
        """A phrase right after the verb that starts with the preposition ل is
        whom it was said to (قال لمعاليه، شرح للوفد), never its subject."""
        k = self.keys[x]
        if not k.startswith("ل") or self.lex.kind(k):
            return False
        stem = k[1:]
        return k.startswith("لل") or bool(self.lex.kind(stem)) or bool(self.lex.kind("ال" + stem)) \
            or (k.endswith(("ها", "هم", "ه", "نا", "كم")) and not self.has(x, "name") and not self.has(x, "place"))

    def _speaker_cut(self, x: int, y: int) -> int:
        """Where a speaker noun phrase ends inside a chunk: at an addressee or
        medium (لوكالة…، في بيان), a time word, or a preposition that opens an
        adverbial (أمام النواب، خلال زيارة) rather than an affiliation (في الوزارة)."""
        named = False
        for j in range(x, y):
            if j > x and (self._addressee_start(j) and not self._authored(j) or self.has(j, "say_marker")):
                return j        # … لوكالة …؛ وتابع الصدر بالقول
            if j > x and self._is_time(j) and not self._is_time(j - 1) and self.keys[j - 1] != "في":
                return j
            if j > x and self.has(j, "manner"):
                return j        # ونفى الرئيس | بشكل قاطع …
            k = self.keys[j]
            if j > x and self.has(j, "preposition") and k not in ("في", "من", "لدي", "الي") \
                    and not self.has(j - 1, "issued") and not self._name_word(j):
                return j
            if j > x and k in ("في", "الي") and (named or self.has(j - 1, "name")):
                return j
            if self.has(j, "name"):
                named = True
        return y

    def _authored(self, j: int) -> bool:
        """تقرير لصحيفة …: after a document head, an ل-phrase is its author, not
        whom it was said to."""
        return j > 0 and self.has(j - 1, "document") and self.keys[j].startswith("ل") \
            and not self.keys[j].startswith("لل")

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

    def _is_apposition(self, first: tuple[int, int], second: tuple[int, int]) -> bool:
        """الوزير، فلان الفلاني: a description followed by a short name chunk."""
        if any(self.has(j, "name") and not self._genitive_name(j) for j in range(*first)):
            return False
        x, y = second
        while x < y - 1 and self.has(x, "title"):
            x += 1      # الفريق ضاحي خلفان: a rank before the name
        for j in range(x + 2, y):
            if self.keys[j] in ("من", "في"):
                # فلان من جامعة كامبريدج: an affiliation (an organisation or a
                # place) after a name the gazetteer knows or a name-like one
                if (self.has(j + 1, "org") or self.has(j + 1, "place")) and (
                        self.has(x, "name") or all(self._name_like(t, j, after_name=t > x) for t in range(x, j))):
                    y = j
                break
        if y - x > 5:
            return False
        second = (x, y)
        if self.has(second[0], "name"):
            return True
        if y - x in (2, 3) and all(is_definite(self.keys[j]) and self.keys[j].endswith("ي")
                                   and not self.lex.kind(self.keys[j]) for j in range(x, y)):
            return True     # الهاشمي الحامدي: a name of nisba surnames
        # unknown names; the last may be a surname with the article (سعيد منتظر
        # المهدي), but not a number (بعيد ميلاده الـ31)
        last = second[1] - 1
        return second[1] - second[0] <= 4 and all(
            (not is_definite(self.keys[j]) or j == last > second[0]) and not self.has(j, "title")
            and not self._is_time(j) and not self.has(j, "preposition") and not self.punct[j]
            and not any(ch.isdigit() for ch in self.keys[j])
            for j in range(*second))

    def _genitive_name(self, j: int) -> bool:
        """A name governed by a title in the construct state names someone
        else (محامي ترامب: Trump's lawyer), unlike one after a defined title
        (الرئيس ترامب)."""
        return j > 0 and self.has(j - 1, "title") and not is_definite(self.keys[j - 1])

    def _titles_only(self, a: int, b: int) -> bool:
        """A description without a name (وزير الإدارة المحلية اليمني)?"""
        return all(is_definite(self.keys[j]) or self.has(j, "title") or self.has(j, "org") for j in range(a, b))

    def _aside(self, j: int) -> bool:
        """Chunks that describe rather than report: وهي ائتلاف …، الذي …، في وقت
        سابق، or an appositive title after a name (فلان، كبير مسؤولي الحكومة،)."""
        return self.has(j, "pronoun_subject") or self.has(j, "relative") or self.has(j, "preposition") \
            or self.has(j, "title") or self.keys[j] in ("كبير", "احد")

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

    def _addressed(self, c: Cue, np: tuple[int, int], places: bool = True) -> bool:
        """Is the noun phrase after a call/warn/accuse verb its object? Yes when
        the verb continues a clause (…، وحث موسكو على …) or the phrase names an
        audience or (``places``) a place rather than a speaker (ودعا الشعب اليمني إلى …)."""
        i = c.start - 1
        while i >= 0 and self.space[i]:
            i -= 1
        if i >= 0 and self.keys[i] in COMMA:
            return True
        # a feminine verb agrees with a country as its subject (وألقت بريطانيا باللوم على …)
        return self.has(np[0], "audience") or places and self.has(np[0], "place") \
            and not (c.form is not None and c.form.gender == "f")

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
        # an unknown name-like first word (يوغي أديتيانات) opens a name as a listed one does
        in_name = self.has(a, "name") or len(self.keys[a]) > 2 and not definite(a) \
            and not self.lex.kind(self.keys[a]) and self._name_like(a, b)
        name_len = 1 if in_name else 0
        for j in range(a + 1, b):
            k = self.keys[j]
            d = definite(j)
            if k in ("بن", "ابن", "بنت", "ابو") and in_name:
                pass      # حمد بن جاسم بن جبر
            elif self.has(j, "name"):
                in_name, name_len, construct = True, name_len + 1, False
            elif in_name:
                # a name goes on with unknown words; a definite word ends it as a surname (السبسي)
                if name_len >= 3 or not self._name_like(j, b, after_name=True):
                    break
                name_len += 1
                if d:
                    n += 1
                    break
            elif d:
                construct = False
            elif k == "بقياده" and j + 1 < b and (definite(j + 1) or self.has(j + 1, "place") or self.has(j + 1, "name")):
                # التحالف بقيادة السعودية | الحوثيين: who leads it belongs to it, and ends
                # it with its adjectives (بقيادة الولايات المتحدة)
                e = j + 2
                while e < b and e < j + 4 and definite(e) and self.keys[e].endswith("ه"):
                    e += 1
                return n + (e - j)
            elif k in ("عن", "من") and self.has(j - 1, "issued") and j + 1 < b:
                construct = True      # بيان صادر عن مكتب الرئيس: the report's author belongs to it
            elif k in ("في", "من", "الي", "لدي") and j + 1 < b \
                    and (definite(j + 1) or self.has(j + 1, "name") or self.has(j + 1, "place")) \
                    and (k not in preps or self._place_then_name(j, b)) and not self._addressee_start(j):
                construct = True      # المقاومة الإسلامية في العراق، مسؤول كبير في الوزارة
            elif self.has(j - 1, "place") and self._name_like(j, b):
                in_name, name_len, construct = True, 1, False     # … الخاص إلى سوريا | ستافان دي ميستورا
            elif construct or (k.startswith("ل") and not k.startswith("لل") and len(k) > 3
                               and definite(j - 1) and not self._addressee_start(j)):
                construct = True      # مدير منظمة …، لهيئة كبار …
            elif self._name_like(j, b):
                in_name, name_len, construct = True, 1, False
            else:
                break
            n += 1
        return n

    def _left_subject(self, c: Cue) -> Optional[tuple[int, int]]:
        """SVO: the noun phrase between the clause start and the cue
        (لكن مسؤولا كبيرا في الوزارة قال …). A pronoun subject (لكنه قال)
        or a relative pronoun (التي قالت) leaves the speaker implicit."""
        lo, _ = self._sent_bounds(c.start)
        a = c.start
        while a > lo and c.start - a < MAX_LEFT:
            k = self.keys[a - 1]
            if k in COMMA or self.tok[a - 1] in QUOTE_CHARS or self.space[a - 1] or self.punct[a - 1] \
                    or self.has(a - 1, "discourse") or k in ("و",) or self._cue_verb_at(a - 1) \
                    or self.has(a - 1, "complementizer") or self.has(a - 1, "auxiliary") or self.has(a - 1, "relative") \
                    or self.has(a - 1, "pronoun_subject") or self.has(a - 1, "clause_break") \
                    or self.has(a - 1, "modal"):
                break       # قد أعلن: a particle, never the subject
            a -= 1
        if a == c.start and a > lo and self.keys[a - 1] in COMMA:
            return self._subject_before_aside(lo, a - 1)
        if a == c.start or c.start - a >= MAX_LEFT:
            return None
        if a > lo and (self.has(a - 1, "relative") or self.has(a - 1, "pronoun_subject")):
            return None
        if self.has(a, "preposition") or self.has(a, "complementizer") or self.punct[a] \
                or (self.keys[a].startswith("ل") and not self.keys[a].startswith("لل") and not self.has(a, "name")):
            return None     # …، لمعاليه والزوار يشرح: a dative, not a subject
        # keep the noun phrase nearest the cue: drop leading time words
        for j in range(c.start - 1, a, -1):
            if self._is_time(j):
                a = j + 1
                break
        rel = next((t for t in range(a + 1, c.start) if self.has(t, "relative")), None)
        if rel is not None:
            return (a, rel)     # الممثلة فلانة التي تلعب دور … قالت: the subject is before the relative
        if c.start - a > 8:
            return None         # a long stretch before a verb is a clause, not a subject
        b = c.start
        # وأصدرت الوزارة بيانا قالت فيه …: drop the object (indefinite accusative)
        # and the verb before the subject; what remains is who speaks
        while b - a > 1 and self._accusative(b - 1):
            b -= 1
        if b - a > 1 and self._unknown_verb(a):
            a += 1
        if all(self._is_time(t) for t in range(a, b)):
            return None     # ونشر البرلمان، الثلاثاء بيانا يدعو فيه: a day is nobody
        return (a, b) if a < b else None

    def _accusative(self, j: int) -> bool:
        k = self.keys[j]
        return k.endswith("ا") and len(k) > 3 and not is_definite(k) and not self.lex.kind(k)

    def _unknown_verb(self, j: int) -> bool:
        """A word with و/ف that is neither definite nor known (وأصدرت، فأعلن): a verb."""
        k = self.keys[j]
        return k[:1] in "وف" and len(k) > 3 and not is_definite(k[1:]) and not self.lex.kind(k) \
            and not self.lex.kind(k[1:]) - {"verbal_noun"}     # ورفع: a verb, also a verbal noun

    def _fronted_subject(self, c: Cue) -> Optional[tuple[int, int]]:
        """The subject of كان … قد + verb, or of a relative clause (بيان
        الإليزيه الذي أفاد، حليمة، …، والتي قالت): it stands before the cue."""
        lo, _ = self._sent_bounds(c.start)
        p = c.start - 1
        if p > lo and self.keys[p] == "قد":
            # وكان الرئيس التركي، فلان الفلاني، قد تعهد: the subject may carry
            # an apposition between commas, the last one just before قد
            e = p
            while e > lo and self.keys[e - 1] in COMMA:
                e -= 1
            for a in range(e - 1, max(lo, e - 14) - 1, -1):
                if self.has(a, "auxiliary") and self.keys[a] not in ("قد", "وقد", "لقد"):
                    b = a + 1
                    while b < e and self.keys[b] in COMMA:
                        b += 1      # وكانت، فلانة، قد أعربت
                    if e > b and not self.has(b, "preposition") and (e == p or e - b <= 10):
                        return (b, e)
                    return None
                if self._cue_verb_at(a) or self.punct[a] and self.keys[a] not in COMMA \
                        or self.keys[a] in COMMA and e == p:
                    return None
            return None
        if p >= lo and self.has(p, "relative") and self.keys[p] not in ("ما", "مما", "فيما"):
            e = p
            while e > lo and (self.keys[e - 1] in COMMA or self.space[e - 1]):
                e -= 1
            # skip one aside: حليمة، وهي ربة منزل …، والتي قالت
            a = e
            while a > lo and self.keys[a - 1] not in COMMA and e - a < 10:
                a -= 1
            if a < e and self.has(a, "pronoun_subject") and a > lo and self.keys[a - 1] in COMMA:
                e = a - 1
            b = e
            while b > lo and e - b < 6 and not self.punct[b - 1] and not self.space[b - 1] \
                    and not self.has(b - 1, "preposition") and not self._cue_verb_at(b - 1) \
                    and (is_definite(self.keys[b - 1]) or self.has(b - 1, "name") or self.has(b - 1, "org")
                         or self.has(b - 1, "title") or b == e):
                b -= 1
            if b < e and self.tok[e - 1] not in QUOTE_CHARS:
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
                and not self.space[a - 1] and not self._is_break(a - 1) and end - a < 8:
            a -= 1
        if a == end or end - a >= 8 or not (a == lo or self.has(a - 1, "discourse") or self.space[a - 1]):
            return None
        if self.has(a, "preposition") or self.punct[a] or any(self._cue_verb_at(t) for t in range(a, end)):
            return None
        if self._is_apposition((a, end), (b, comma)):
            return (a, comma)   # لكن مساعد الوزير الأسبق، فلان الفلاني، قال …: the aside is his name
        return (a, end)

    def _name_span(self, a: int, b: int) -> Optional[Span]:
        """The person's name inside a mention (وزير الدفاع سيرغي شويغو → سيرغي
        شويغو): what a pro-drop وأضاف refers to, without the titles."""
        start = next((t for t in range(a, b) if self.has(t, "name")), None)
        if start is None:
            return None
        while start > a and not is_definite(self.keys[start - 1]) and not self.punct[start - 1] \
                and not self.lex.kind(self.keys[start - 1]) and not self.keys[start - 1].startswith("ل"):
            start -= 1      # فرهد علاء الدين: a first name missing from the gazetteer
        if start == a and b - a <= 4:
            return None
        end = start + 1
        while end < b and end - start < 5:
            k = self.keys[end]
            if self.tok[end] == "#" and end + 1 < b:
                end += 1      # دونالد #ترمب: a hashtag inside the name
                continue
            if self.punct[end] or self.has(end, "preposition") or self.has(end, "title") or self.has(end, "org"):
                break
            if is_definite(k) and k not in ("الدين", "الله", "الرحمن"):
                end += 1      # a surname with the article closes the name (الباجي السبسي)
                break
            end += 1
        return self._char((start, end))
