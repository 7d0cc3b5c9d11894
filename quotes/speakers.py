"""Speaker canonicalisation: one graph node per real speaker.

Within an article the pipeline already groups the mentions of one speaker
(``Quote.speaker_id``: وزير الدفاع الروسي سيرغي شويغو … شويغو … الوزير); the
group is represented by its best mention, the one carrying a personal name.
Across articles a speaker is identified by a *key*: the normalised name with
its titles stripped (سيرغي شويغو), or, for a speaker known only by a role, the
normalised role description (وزارة الخارجية الأميركية).  Then

* a one-word name (شويغو) joins the longer name ending with it (سيرغي شويغو)
  when that is unambiguous (see :meth:`Canonicaliser.resolve`); it stays
  apart when several people have it (الأسد: بشار or حافظ), and in its own
  article when it is mostly a first name or not a known name at all;
* a bare role (الوزير، المصادر، البيان) names nobody outside its article, so it
  gets a node of its own per article instead of one node for every ministry;
* a user alias table (:func:`read_aliases`) forces merges and splits.

Everything here works on copies of the mention texts; no Quote is changed.
The lexicons are those of the pipeline (``quotes/data``: names.txt,
places.txt, titles.tsv) plus speakers.tsv for the types.
"""
from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Optional

from .lexicon import Lexicon, load_speaker_lexicon
from .text import norm

__all__ = ["SpeakerName", "analyse", "Canonicaliser", "read_aliases", "AliasError",
           "PERSON", "ORGANISATION", "PLACE", "UNKNOWN"]

PERSON = "person"
ORGANISATION = "organisation"
PLACE = "place-or-government"
UNKNOWN = "unknown"

_PUNCT = "،,.:;؛\"'«»“”„()[]{}<>-–—…!?؟/"
_GRAMMAR = {"complementizer", "negation", "future", "condition", "question",
            "clause_break", "discourse", "preposition", "relative", "auxiliary",
            "pronoun_subject", "demonstrative", "main_clause", "modal", "say_marker",
            "time", "medium", "addressee"}
_ROLE = {"title", "honorific", "plural", "org", "audience", "government"}


def _bare(key: str) -> str:
    """The word without its article (الوزير → وزير), for look-ups."""
    for pre in ("وال", "بال", "لل", "ال"):
        if key.startswith(pre) and len(key) > len(pre) + 2:
            return key[len(pre):]
    return key


_CLITICS = ("و", "ل", "ب", "ف")


def _kinds(lex: Lexicon, key: str) -> set[str]:
    kinds = lex.kind(key) | lex.kind(_bare(key))
    if not kinds and key[:1] in _CLITICS and len(key) > 4:  # وباكستان، لإدارة
        kinds = lex.kind(key[1:]) | lex.kind(_bare(key[1:]))
    return kinds


_STEMS: dict[int, frozenset[str]] = {}


def _place_stems(lex: Lexicon) -> frozenset[str]:
    """Places and countries with their endings cut (روسيا → روس), so that a
    nisba (الروسي → روس) can be recognised; computed once per lexicon."""
    stems = _STEMS.get(id(lex))
    if stems is None:
        found = set()
        for word, kinds in lex.words.items():
            if kinds & {"place", "country"}:
                found.add(word)
                for end in ("يا", "ا", "يه", "ه"):
                    if word.endswith(end) and len(word) - len(end) >= 3:
                        found.add(word[:-len(end)])
        stems = _STEMS[id(lex)] = frozenset(found)
    return stems


def _is_place(lex: Lexicon, key: str) -> bool:
    """A place (روسيا، الصين) or its nisba adjective (الروسي، الصينية)."""
    stems = _place_stems(lex)
    if key[:1] in _CLITICS and len(key) > 4 and not lex.kind(key) and _is_place(lex, key[1:]):
        return True
    bare = _bare(key)
    if bare in stems or key in stems:
        return True
    for end in ("يين", "يون", "يه", "ي"):
        if bare.endswith(end) and bare[:-len(end)] in stems:
            return True
    return False


@dataclass(frozen=True)
class SpeakerName:
    """What one mention says about who speaks.

    ``key`` is the cross-article identity (normalised, titles stripped);
    ``label`` the same words as written; ``named`` is true when it is a
    personal name (so surname merges apply); ``generic`` when it is a bare
    role that only identifies someone inside its own article."""

    key: str
    label: str
    type: str
    named: bool = False
    generic: bool = False
    known: bool = False   # the name has a word of names.txt


def _words(text: str) -> list[tuple[str, str]]:
    """(as written, normalised) pairs of the words of a mention; a comma is
    kept as a ``,`` marker since it separates a role from a name."""
    out: list[tuple[str, str]] = []
    for raw in text.split():
        comma = raw.endswith(("،", ","))
        word = raw.strip(_PUNCT)
        key = norm(word).strip(_PUNCT).replace("ـ", "")
        if key:
            out.append((word, key))
        if comma:
            out.append((",", ","))
    return out


def _join(keys: Iterable[str]) -> str:
    """Normalised words as one key; عبد الله / عبدالله and أبو بكر / أبوبكر
    are one spelling, so عبد and أبو are glued to the next word."""
    out: list[str] = []
    glue = False
    for k in keys:
        if glue:
            out[-1] += k
        else:
            out.append(k)
        glue = k in ("عبد", "ابو", "بو")
    return " ".join(out)


#: words that cannot end a name: the pipeline sometimes cuts عبد الله after عبد
_CONNECTORS = {"عبد", "ابو", "بن", "ابن", "بنت", "ال", "آل"}


def _name_part(words: list[tuple[str, str]], lex: Lexicon) -> Optional[tuple[int, int]]:
    """Where the personal name is in a mention: from its first known given
    name or surname (names.txt); else the unknown words at its end when they
    start without the article and follow a definite word or a comma (السيدة
    توملينسون، وزير المالية التركي براءت البيرق، رئيس الاتحاد، ديتر كمبف), or a
    lone unknown word (خامنئي، الحداد).  None for a role description."""
    keys = [k for _, k in words]
    n = len(keys)
    # exact forms only: names.txt has no article forms, and الرياض is no رياض
    names = [i for i, k in enumerate(keys) if lex.has(k, "name")]
    start = names[0] if names else None
    titles = [i for i, k in enumerate(keys) if _kinds(lex, k) & {"title", "honorific"}
              and any(j > i for j in names)]
    if titles:
        # the name after the last title: in مدير مؤسسة الأمير محمد بن فهد الدكتور
        # عيسى الأنصاري the speaker is عيسى الأنصاري
        start = next(j for j in names if j > titles[-1])
    if start is not None:
        # a first name the lexicon lacks, or a chain: مضاوي بنت محمد (two
        # words at most: further back it is the description, مدير مستشفى …)
        first = start
        while start > max(0, first - 2) and (keys[start - 1] in _CONNECTORS or (
                _unknown(lex, keys[start - 1]) and not keys[start - 1].startswith("ال")
                and not _prepositional(keys[start - 1]))):
            start -= 1
    else:
        if n == 1 and _unknown(lex, keys[0]) and not (
                keys[0].startswith("ال") and keys[0].endswith("ون")):
            # a lone surname, with or without the article (الحداد), but not
            # a definite plural (الباحثون)
            return (0, 1)
        i = n
        while i > 0 and keys[i - 1] != "," and _unknown(lex, keys[i - 1]):
            i -= 1
        while i < n and keys[i].startswith("ال"):
            i += 1
        if i == n:
            return None
        if i == 0:
            return None
        prev = keys[i - 1]
        if prev != "," and not prev.startswith("ال"):
            return None
        if keys[i][0] == "و" or _prepositional(keys[i]) or (
                keys[i][0] == "ل" and i + 1 < n and keys[i + 1].startswith("ال")):
            return None  # والتعليم، بالمدينة، لكرة القدم: a conjunction or a preposition
        start = i
    end = start
    while end < n and keys[end] != "," and not (_kinds(lex, keys[end]) & (_ROLE | _GRAMMAR)):
        if end > start and (_prepositional(keys[end]) or (
                keys[end][0] == "و" and not lex.has(keys[end], "name"))):
            break  # وبخفة دمه، للخدمات: the sentence goes on, the name has ended
        end += 1
        if end - 1 > start and keys[end - 1].startswith("ال") and keys[end - 1] != "ال" \
                and keys[end - 2] not in ("عبد", "ابو") \
                and not (end < n and keys[end] in _CONNECTORS):
            # a family name with the article ends a name: سليمان البطحي (وكيل …);
            # the second half of عبد الله، أبو الفضل does not
            break
    while end > start and keys[end - 1] in _CONNECTORS:
        end -= 1
    return (start, end) if end > start else None


def _anonymous(lex: Lexicon, key: str) -> bool:
    """Heads of descriptions that stand for unnamed people: plurals (مسؤولون،
    خبراء، الباحثون) and sources (مصدر، مصادر)."""
    bare = _bare(key)
    return bool(_kinds(lex, key) & {"plural"}) or bare in ("مصدر", "مصادر") or (
        bare.endswith(("ون", "ين")) and bool(_kinds(lex, key) & {"title", "person"}))


def _prepositional(key: str) -> bool:
    """Words with the article behind a proclitic (للصقور، بالرياض، والحكومة):
    never the start or the continuation of a name.  فال and كال are left out:
    too many names start so (فالتر، كالفين)."""
    return key.startswith(("لل", "بال", "وال"))


def _unknown(lex: Lexicon, key: str) -> bool:
    return not _kinds(lex, key) and not _is_place(lex, key) and len(key) > 1


def _type_of(keys: list[str], lex: Lexicon) -> str:
    """The type of a role description, from its head word (and an agency
    name anywhere in it: وكالة أنباء الصين الجديدة شينخوا)."""
    if any("agency" in _kinds(lex, k) for k in keys):
        return ORGANISATION
    i = 0
    while i < len(keys) - 1 and "quantifier" in _kinds(lex, keys[i]):
        i += 1  # أحد المسؤولين، عدد من الخبراء: the type of the head after them
    head = _kinds(lex, keys[i])
    if "government" in head or "place" in head or "country" in head or \
            (len(keys) <= 2 and _is_place(lex, keys[0])):
        return PLACE
    if head & {"org", "agency", "body"}:
        return ORGANISATION
    if head & {"title", "honorific", "plural", "person"}:
        return PERSON
    return UNKNOWN


def analyse(text: str, lex: Optional[Lexicon] = None) -> Optional[SpeakerName]:
    """The :class:`SpeakerName` of one mention, or None for a mention that is
    no speaker (empty, or only grammar words: a pipeline error such as قد)."""
    lex = lex or load_speaker_lexicon()
    words = _words(text)
    content = [(w, k) for w, k in words if k != ","]
    if not content or all(_kinds(lex, k) & _GRAMMAR or len(k) < 2 for _, k in content):
        return None
    part = _name_part(words, lex)
    keys = [k for _, k in content]
    if part is not None and not _kinds(lex, keys[0]) & {"org", "government", "body"}:
        a, b = part
        name = words[a:b]
        return SpeakerName(_join(k for _, k in name), " ".join(w for w, _ in name), PERSON,
                           named=True, known=any(lex.has(k, "name") for _, k in name))
    # from here on a description; with a name in it (إدارة ترامب) it names a
    # body of that person, not the person
    # honorific or courtesy words in front (فخامة، سمو) are not part of a role
    while len(keys) > 1 and _kinds(lex, keys[0]) & {"honorific"}:
        keys, content = keys[1:], content[1:]
    kinds = [_kinds(lex, k) for k in keys]
    typ = _type_of(keys, lex)
    qualified = part is not None or any(k & {"agency", "name"} or _is_place(lex, key)
                                        for k, key in zip(kinds, keys))
    if keys[-1] in _CONNECTORS:
        qualified = False  # a name cut short (الدكتور عبد) tells nothing across articles
    if _anonymous(lex, keys[0]):
        qualified = False  # مسؤولون أمريكيون، مصادر أمنية مصرية: other people in each article
    return SpeakerName(_join(keys), " ".join(w for w, _ in content), typ,
                       named=False, generic=not qualified)


class AliasError(ValueError):
    """The alias file cannot be used (the message says where and why)."""


@dataclass(frozen=True)
class Alias:
    """A forced identity: mentions whose key (or whole normalised text) is an
    alias get ``key``/``label``; ``type`` overrides the type when given."""

    key: str
    label: str
    type: Optional[str] = None


def read_aliases(path: str) -> dict[str, Alias]:
    """Read a user alias table: CSV with header ``alias,canonical[,type]``.

    Each row makes the mentions of ``alias`` one node with those of
    ``canonical`` (a merge); a row whose alias equals its canonical keeps that
    name apart from automatic surname merges (a split).  Aliases are matched
    after normalisation, both on the whole mention (الرئيس الأميركي) and on its
    title-stripped name (ترامب)."""
    types = {PERSON, ORGANISATION, PLACE, UNKNOWN}
    out: dict[str, Alias] = {}
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or not {"alias", "canonical"} <= set(reader.fieldnames):
                raise AliasError(f"{path}: the header must be alias,canonical[,type]")
            for line, row in enumerate(reader, start=2):
                alias, canon = (row.get("alias") or "").strip(), (row.get("canonical") or "").strip()
                typ = (row.get("type") or "").strip() or None
                if not alias or not canon:
                    raise AliasError(f"{path}:{line}: alias and canonical must not be empty")
                if typ is not None and typ not in types:
                    raise AliasError(f"{path}:{line}: unknown type {typ!r} "
                                     f"(one of {', '.join(sorted(types))})")
                name = analyse(canon)
                key = name.key if name else _join(k for _, k in _words(canon))
                target = Alias(key, canon, typ)
                out[_join(k for _, k in _words(alias) if k != ",")] = target
                alias_name = analyse(alias)
                if alias_name is not None:
                    out.setdefault(alias_name.key, target)
    except OSError as exc:
        raise AliasError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise AliasError(f"{path}: not a UTF-8 CSV file ({exc})") from None
    return out


@dataclass
class _Group:
    """One speaker of one article: the canonical name of its best mention."""

    article: str
    name: SpeakerName


def best_name(mentions: Iterable[str], lex: Optional[Lexicon] = None) -> Optional[SpeakerName]:
    """The name that represents the mentions of one speaker in one article:
    a personal name before a role, one with a names.txt word before an
    unknown one, a specific role before a bare one, then the name that
    accounts for most mentions (دونالد ترامب covers ترامب), then the longest."""
    names = [n for n in (analyse(m, lex) for m in mentions) if n is not None]
    if not names:
        return None

    def covers(n: SpeakerName) -> int:
        # how many mentions this name accounts for (ترامب ⊂ دونالد ترامب)
        words = set(n.key.split())
        return sum(set(o.key.split()) <= words for o in names)

    best = max(names, key=lambda n: (n.named, n.known, not n.generic, covers(n),
                                     len(n.key.split()), len(n.key)))
    if best.named and " " not in best.key:
        lex = lex or load_speaker_lexicon()
        best = next((f for f in (_full_name(best, m, lex) for m in mentions) if f), best)
    return best


def _full_name(surname: SpeakerName, mention: str, lex: Lexicon) -> Optional[SpeakerName]:
    """The full name of a one-word name as another mention of the same
    speaker writes it: the unknown first names just before it (رفائيل بنيتز
    مدرب ريال مدريد … and بنيتز give رفائيل بنيتز), which the lexicon alone
    cannot delimit."""
    words = _words(mention)
    keys = [k for _, k in words]
    if surname.key not in keys[1:]:
        return None
    end = keys.index(surname.key, 1) + 1
    start = end - 1
    while start > max(0, end - 4) and (keys[start - 1] in _CONNECTORS or (
            _unknown(lex, keys[start - 1]) and not keys[start - 1].startswith("ال")
            and not _prepositional(keys[start - 1]) and keys[start - 1][0] != "و")):
        start -= 1
    if start == end - 1 or keys[start] in _CONNECTORS:
        return None
    name = words[start:end]
    return SpeakerName(_join(k for _, k in name), " ".join(w for w, _ in name), PERSON,
                       named=True, known=surname.known)


class Canonicaliser:
    """Collects the speakers of every article, then gives each a node id.

    Two passes because a surname seen in the first article may only be
    resolved by a full name seen in the last one."""

    def __init__(self, aliases: Optional[dict[str, Alias]] = None,
                 lex: Optional[Lexicon] = None):
        self.lex = lex or load_speaker_lexicon()
        self.aliases = aliases or {}
        self.groups: list[_Group] = []

    def add(self, article: str, mentions: Iterable[str]) -> Optional[int]:
        """Register one in-article speaker (its mention texts); returns a
        handle for :meth:`node_of`, or None when no mention names a speaker."""
        mentions = [m for m in mentions if m and m.strip()]
        name = best_name(mentions, self.lex)
        if name is None:
            return None
        alias = self.aliases.get(name.key)
        if alias is not None:
            name = SpeakerName(alias.key, alias.label, alias.type or name.type,
                               named=name.named, generic=False, known=name.known)
        self.groups.append(_Group(article, name))
        return len(self.groups) - 1

    def resolve(self) -> list[str]:
        """The node id of every group, in the order they were added.

        A one-word name (شويغو) joins the longer names that end with it when
        they are all one person's (they share their first word: سيرغي شويغو,
        سيرغي كوجوغيتوفيتش شويغو) or when one of them has 80% of their
        articles (أوباما: باراك أوباما rather than ميشيل أوباما), provided
        that longer name was seen in two articles at least.  A last word after
        بن/بنت is a father's name, not a surname (سلمان بن عبدالعزيز is not
        عبدالعزيز).  A one-word name that is mostly seen as a first name
        (محمد، يوسف), or that is not in names.txt (الأحمدي، هول: common or
        unknown surnames, and the pipeline's mistakes such as خلاله), names
        nobody across articles and stays in its own."""
        pinned = {a.key for a in self.aliases.values()}
        count = Counter(g.name.key for g in self.groups if g.name.named)
        known = {g.name.key for g in self.groups if g.name.known}
        by_last: dict[str, list[str]] = defaultdict(list)
        firsts: Counter = Counter()
        for key in count:
            words = key.split()
            if len(words) > 1:
                firsts[words[0]] += count[key]
                if words[-2] not in _CONNECTORS:
                    by_last[words[-1]].append(key)
        target: dict[str, str] = {}
        local: set[str] = set()
        for key in count:
            if key in pinned or " " in key:
                continue
            longer = by_last.get(key, [])
            if firsts[key] > sum(count[k] for k in longer) or key.startswith(("عبد", "ابو")):
                # a given name (compounds عبدالعزيز، أبوبكر always are)
                local.add(key)
                continue
            if longer:
                top = max(longer, key=lambda k: (count[k], len(k)))
                same = len({k.split()[0] for k in longer}) == 1
                if count[top] >= 2 and (
                        same or count[top] >= 0.8 * sum(count[k] for k in longer)):
                    target[key] = top
                    continue
            if key not in known:
                local.add(key)
        ids = []
        for g in self.groups:
            key = target.get(g.name.key, g.name.key)
            scoped = g.name.generic or key in local
            ids.append(f"s:{g.article}:{key}" if scoped else f"s:{key}")
        return ids
