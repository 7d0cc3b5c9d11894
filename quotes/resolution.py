"""Turning drafts into Quote objects: implicit speakers and speaker ids.

A pro-drop cue (وأضاف، وقالت، مشيرا) or an honorific (سموه) resolves to the
nearest earlier speaker whose gender and number agree with the cue; the
guidelines prefer the mention that carries the name, so a title-only mention
(الوزير) defers to the named mention of the same speaker. Mentions of one
speaker share a per-document ``speaker_id``."""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

from .text import is_definite, norm
from .types import Quote, Span
from .view import Draft, DocView, Mention

# words of title and affiliation an implicit speaker keeps around the name
LONG_DESCRIPTION = 3
# how far back (in speakers) a reference or a regrouping looks: news articles
# rarely refer back further, and it keeps very long documents linear
WINDOW = 60
# how many sentences back a narrative subject may be for a pro-drop cue
NARRATED_BACK = 3
# how many characters before a relaying source its speaker may be named
RELAY_REACH = 400


class Resolution(DocView):
    def _finish(self, drafts: list[Draft]) -> list[Quote]:
        text = self.text
        mentions: list[Mention] = []
        quotes: list[Quote] = []
        ids: list[tuple[set[str], set[str], int]] = []
        prev: Optional[Draft] = None
        for d in drafts:
            sp = None
            if d.speaker:
                sp = self._char(d.speaker)
                if d.speaker_chars:
                    sp = Span(d.speaker_chars[0], d.speaker_chars[1], text[d.speaker_chars[0]:d.speaker_chars[1]])
                if sp.start and text[sp.start - 1] == "#":
                    # #الحكومة_الألمانية: the hashtag is how the article names the speaker
                    sp = Span(sp.start - 1, sp.end, text[sp.start - 1:sp.end])
                g, nb = self._mention_features(d)
                named = any(self.has(t, "name") for t in range(*d.speaker))
                n_ids = len(ids)
                sid = self._speaker_id(sp, ids, named, g)
                if not named and len(ids) == n_ids and not self._titles_only(*d.speaker) \
                        and not self.has(d.speaker[0], "title"):
                    # a short form of an earlier name (المنصوري ⊂ اللواء خليل المنصوري)
                    named = any(o.sid == sid and o.named for o in mentions[-WINDOW:])
                named = named or self._unknown_name(*d.speaker)
                m = Mention(sp, g, nb, sid, named, self._name_span(*d.speaker), self.sent[d.speaker[0]],
                            relay=d.cue.frame is not None)
                mentions.append(m)
                d.resolved = m
            else:
                d.resolved = self._antecedent(d, mentions, prev, ids)
                if d.resolved is not None:
                    d.confidence *= 0.9
                else:
                    d.confidence *= 0.6
            if not d.said:
                prev = d
                continue
            content = self._char(d.content)
            cue = self._char((d.cue.start, d.cue.end))
            form = d.cue.form
            quotes.append(Quote(
                type=d.type, cue=cue, content=content, speaker=sp,
                speaker_resolved=self._resolved_span(d.resolved, sp) if d.resolved else None,
                addressee=self._char(d.addressee) if d.addressee and d.addressee[1] > d.addressee[0] else None,
                cue_lemma=form.lemma if form else (d.cue.frame or ""),
                cue_class=form.cls if form else ("source" if d.cue.frame != "colon" else "colon"),
                confidence=d.confidence,
                speaker_id=d.resolved.sid if d.resolved else None,
            ))
            prev = d
        return quotes

    @staticmethod
    def _resolved_span(m: Mention, explicit: Optional[Span]) -> Span:
        """An implicit quote's speaker: the whole earlier mention (الملك عبد
        الله الثاني، وزير الخارجية فلان) unless it is a long description
        around the name, then the name alone."""
        if explicit is not None or m.name is None:
            return m.span
        if len(m.span.text.split()) <= len(m.name.text.split()) + LONG_DESCRIPTION:
            return m.span
        return m.name

    def _mention_features(self, d: Draft) -> tuple[str, str]:
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

    def _antecedent(self, d: Draft, mentions: list[Mention], prev: Optional[Draft],
                    ids: list[tuple[set[str], set[str], int]]) -> Optional[Mention]:
        f = d.cue.form
        want_g = f.gender if f and f.gender != "-" else "-"
        # a participle or a cue in the same sentence continues the previous speaker
        if prev is not None and prev.resolved is not None and prev.sent == d.sent:
            return self._named(self._past_relay(prev.resolved, mentions, want_g), mentions)
        want_n = f.number if f else "s"
        narrated = self._narrated_subject(d, mentions, ids, want_g, want_n)
        if narrated is not None:
            mentions.append(narrated)
            return self._named(narrated, mentions)
        for m in reversed(mentions[-8:]):
            if want_g != "-" and m.gender != "-" and m.gender != want_g:
                continue
            if want_n == "p" and m.number != "p":
                continue
            if want_n == "s" and m.number == "p" and f and f.aspect != "participle":
                continue
            return self._named(self._past_relay(m, mentions, want_g), mentions)
        # nothing agrees (a plural for a group named in the singular, a gender
        # the cue of the earlier quote did not show): the nearest speaker is
        # the best guess, and an unresolved speaker is never right
        return self._named(mentions[-1], mentions) if mentions else None

    def _narrated_subject(self, d: Draft, mentions: list[Mention], ids: list[tuple[set[str], set[str], int]],
                          want_g: str, want_n: str) -> Optional[Mention]:
        """The subject of a narrative sentence told after the last speaker and
        before the cue (ويتابع جونس بتهمة …، وزار بن علوي القدس …، وشاركت تيريزا
        ماي في القمة وأقرت …): the guidelines' antecedent is the nearest
        mention of the source, and a pro-drop cue after such a sentence goes
        on about its subject. Only a sentence that opens with و/ف and an
        unknown verb (or وكان) and a person-like noun phrase counts."""
        here = self.sent[d.cue.start]
        last = mentions[-1].sent if mentions else -1
        for s in range(here, max(last, here - NARRATED_BACK), -1):
            lo, hi = self.sent_span[s]
            if s == here:
                hi = d.cue.start
            t = lo
            while t < hi and self.space[t]:
                t += 1
            k = self.keys[t] if t < hi else ""
            if k[:1] == "و" and (self.lex.has(k[1:], "negation") or k == "وقد") and t + 2 < hi:
                t += 1      # ولم توضح الشرطة هوية …: a negated narrative verb has its subject too
                k = self.keys[t]
                if self._cue_verb_at(t) or is_definite(k) or self.lex.kind(k) or len(k) < 3:
                    continue
            elif t + 1 >= hi or self._cue_verb_at(t) or not (self._unknown_verb(t) or k in ("وكان", "وكانت")
                                                               or self._bare_verb(t, own=s == here)):
                continue
            h = t + 1
            if not (self.has(h, "name") or self.has(h, "title") or self.has(h, "org") or self._name_like(h, hi)
                    or s == here and is_definite(self.keys[h]) and not self.lex.kind(self.keys[h])):
                continue
            gender = "f" if k.endswith("ت") else "m"
            if want_g != "-" and gender != want_g:
                continue
            b = h + self._np_len(h, hi)
            while b - h > 1 and self._not_subject(b - 1):
                b -= 1      # ترامب | قال، خاشقجي | يعمل، قصر كينسينغتون | بيانا
            if want_n == "p" and not (self.keys[b - 1].endswith(("ون", "ين")) or self.has(h, "plural")):
                continue
            sp = self._char((h, b))
            named = any(self.has(j, "name") for j in range(h, b)) or self._unknown_name(h, b)
            sid = self._speaker_id(sp, ids, named, gender)
            return Mention(sp, gender, want_n if want_n == "p" else "s", sid, named, self._name_span(h, b), s)
        return None

    def _bare_verb(self, t: int, own: bool = False) -> bool:
        """A sentence that opens with an unknown word without و (جدد الفنان
        فلان …): news sentences open with a verb or a defined noun, so an
        unknown indefinite word there is a perfect verb. In the cue's own
        sentence (اهتمت الصحف … حيث قالت إن) any defined subject will do."""
        k = self.keys[t]
        return 3 <= len(k) <= 5 and k[:1] not in "وفبلك" and not is_definite(k) and not self.lex.kind(k) \
            and not k.endswith(("ه", "ات", "ون", "ين")) and not self.has(t, "name") and not self.punct[t] \
            and not any(ch.isdigit() for ch in k) \
            and (self.has(t + 1, "title") or self.has(t + 1, "org")     # not a first name: مفتاح ميسوري قال
                 or own and is_definite(self.keys[t + 1]) and not self.lex.kind(self.keys[t + 1]))

    def _past_relay(self, m: Mention, mentions: list[Mention], want_g: str) -> Mention:
        """A source frame names who relays (قال فلان …، وفقا لما نقلته وكالة
        الأنباء، مضيفا …): a pro-drop cue right after it goes on with the
        speaker named shortly before, when there is one that agrees."""
        if not m.relay:
            return m
        for o in reversed(mentions[-8:]):
            if o.span.end < m.span.start - RELAY_REACH:
                break
            if not o.relay and (want_g == "-" or o.gender in (want_g, "-")) and o.number == m.number:
                return o
        return m

    def _not_subject(self, j: int) -> bool:
        """A word that ends a narrated subject: a verb, an accusative object or a
        prepositional phrase the noun-phrase reader let in."""
        k = self.keys[j]
        unknown = not self.lex.kind(k) and not is_definite(k)
        return self._cue_verb_at(j) or self.has(j, "preposition") or k[:1] == "ب" and len(k) > 3 \
            or unknown and (k.endswith("ا") and len(k) > 3 or k[:1] in "يت" and len(k) > 3)

    def _named(self, m: Mention, mentions: list[Mention]) -> Mention:
        """The guidelines resolve to the mention that carries the name: a
        title-only mention (الوزير، مساعد أمين الغرفة) defers to an earlier
        mention of the same speaker that has one."""
        if m.named:
            return self._fuller(m, mentions)
        for o in reversed(mentions[-WINDOW:]):
            if o is not m and o.named and o.sid == m.sid:
                return o
        return m

    def _fuller(self, m: Mention, mentions: list[Mention]) -> Mention:
        """A short form of a name (ترامب، بيسكوف) stands for the mention that
        introduced it in full (الرئيس الأمريكي دونالد ترامب): the guidelines'
        head is the fullest name, and the full name contains the short one."""
        words = set(self.lex_norm(w) for w in (m.name or m.span).text.split())
        best = None
        for o in reversed(mentions[-WINDOW:]):
            if o is m or o.sid != m.sid or o.name is None or o.span.start >= m.span.start:
                continue
            full = [self.lex_norm(w) for w in o.name.text.split()]
            if words < set(full) and (best is None or len(full) > len(best.text.split())):
                best = o.name
        return m if best is None else replace(m, span=best, name=best)

    def _speaker_id(self, sp: Span, ids: list[tuple[set[str], set[str], int]], named: bool = True,
                    gender: str = "-") -> int:
        """Group mentions of one speaker. A mention whose words are all in an
        earlier one (شويغو ⊂ وزير الدفاع الروسي سيرغي شويغو) joins it; so does
        a title-only mention (الوزير، مساعد أمين الغرفة) whose head title heads
        an earlier mention or follows its name (فلان، مساعد الأمين العام)."""
        words = [self.lex_norm(t) for t in sp.text.lstrip("#").replace("_", " ").split()]
        words = [w for w in words if w]
        bare = [w[2:] if w.startswith("ال") else w for w in words]
        heads = {bare[0]} if bare else set()
        # title words that head an apposition (فلان، مساعد الأمين) rather than a genitive (رئيس الوزراء)
        heads |= {bare[i] for i in range(1, len(bare))
                  if self._is_title(bare[i]) and not self._is_title(bare[i - 1]) and not self.lex.has(words[i - 1], "org")}
        for known, _, sid in reversed(ids[-WINDOW:]):
            if bare and set(bare) <= known:
                return sid
        if not named and bare and self._is_title(bare[0]):
            for known, kheads, sid in reversed(ids[-WINDOW:]):
                if bare[0] in kheads:
                    return sid
        sid = len(ids) + 1
        ids.append((set(bare), heads, sid))
        return sid

    def _unknown_name(self, a: int, b: int) -> bool:
        """A name the gazetteer does not know (حكمي، سكوت موريسون): a mention
        that opens or ends with an indefinite word no lexicon lists. A
        description opens with its title and ends with a defined or known word
        (مساعد أمين غرفة جدة، رئيس الوزراء الأسترالي)."""
        def unknown(t: int) -> bool:
            k = self.keys[t]
            return len(k) > 2 and not is_definite(k) and not self.lex.kind(k) and not self.punct[t] \
                and not k[:1].isdigit()
        return unknown(a) or (b - 1 > a and unknown(b - 1))

    def _is_title(self, bare: str) -> bool:
        return self.lex.has(bare, "title") or self.lex.has("ال" + bare, "title")

    @staticmethod
    def lex_norm(w: str) -> str:
        return norm(w).strip("،,.:\"«»“”()")
