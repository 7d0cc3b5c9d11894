"""The learned scorer: how likely a rule-proposed quote is right.

Each quote the rules propose is described by a few dozen features: what the
rules know (cue lemma and class, quote type, their own hand-set confidence,
where the content opens, speaker length, implicit or not, distance to the
antecedent, a negation before the cue, headline position) and what the trained
span tagger thinks of the same stretch of text (does it see a CONTENT there,
how well does it overlap, does it tag the cue as a CUE, the speaker as a
SPEAKER). A logistic regression (scikit-learn at training time) learns from
the annotated corpus which combinations mean "speaker and content both right";
its weights are stored as plain JSON beside the model, so inference is a dot
product with no pickled objects and no scikit-learn at run time.

The tagger features of the training quotes come from tagger models trained on
the *other* half of the corpus (cross-fitting, see ``train.py``): a tagger
looking at its own training articles agrees with everything and would teach
the scorer to trust it blindly.
"""
from __future__ import annotations

import math
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Iterable, Optional

from spacy.tokens import Doc

from .evaluate import jaccard, speaker_right
from .text import norm
from .types import Quote, Span

NEGATIONS = {"لم", "لا", "لن", "ما", "ولم", "ولا", "ولن", "فلم", "ليس", "دون"}
OPENERS = {"ان", "بان", "وان", "لان", "على", "الى", "من", "عن", "ب", "في"}
MARKS = "\"«»“”"


def _ents(doc: Doc) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {"CUE": [], "SPEAKER": [], "CONTENT": [], "ADDRESSEE": []}
    for e in doc.ents:
        out.setdefault(e.label_, []).append((e.start_char, e.end_char))
    return out


def _best_jaccard(spans: list[tuple[int, int]], target: tuple[int, int]) -> float:
    return max((jaccard(s, target) for s in spans), default=0.0)


def _overlap(spans: list[tuple[int, int]], target: tuple[int, int]) -> bool:
    return any(s[0] < target[1] and target[0] < s[1] for s in spans)


def _words_before(text: str, pos: int, n: int = 1) -> list[str]:
    return [norm(w) for w in text[max(0, pos - 40):pos].split()[-n:]]


def features(doc: Doc, q: Quote, ents: Optional[dict] = None) -> dict[str, float]:
    """The description of one proposed quote that the scorer weighs."""
    ents = ents if ents is not None else _ents(doc)
    text = doc.text
    content = (q.content.start, q.content.end)
    f: dict[str, float] = {"bias": 1.0, f"lemma={q.cue_lemma}": 1.0, f"class={q.cue_class}": 1.0,
                           f"type={q.type}": 1.0, "rule_confidence": q.confidence}
    words = q.content.text.split()
    f["content_log_words"] = math.log1p(len(words)) / 4
    first = norm(words[0]).strip(MARKS) if words else ""
    f[f"opens={first if first in OPENERS else 'other'}"] = 1.0
    f["content_has_marks"] = float(any(ch in q.content.text for ch in MARKS))
    line_start = text.rfind("\n", 0, q.cue.start) + 1
    f["first_line"] = float(line_start == 0 and "\n" in text)
    f["cue_starts_line"] = float(not text[line_start:q.cue.start].strip())
    f["negated"] = float(any(w in NEGATIONS for w in _words_before(text, q.cue.start, 2)))
    sp = q.speaker or q.speaker_resolved
    f["implicit"] = float(q.speaker is None)
    f["no_speaker"] = float(sp is None)
    if sp is not None:
        n = len(sp.text.split())
        f["speaker_words"] = min(n, 10) / 10
        f["speaker_one_word"] = float(n == 1)
        f["speaker_has_marks"] = float(any(ch in sp.text for ch in MARKS))
        if q.speaker is None:
            gap = q.cue.start - sp.end
            f["antecedent_log_gap"] = math.log1p(max(gap, 0)) / 8
            f["antecedent_after_cue"] = float(gap < 0)
            f["antecedent_other_line"] = float("\n" in text[min(sp.end, q.cue.start):q.cue.start])
    # what the span tagger sees
    j = _best_jaccard(ents["CONTENT"], content)
    f["tagger_content_jaccard"] = j
    f["tagger_content_none"] = float(j == 0.0)
    f["tagger_content_match"] = float(j >= 0.5)
    f["tagger_cue"] = float(_overlap(ents["CUE"], (q.cue.start, q.cue.end)))
    if q.speaker is not None:
        sj = _best_jaccard(ents["SPEAKER"], (q.speaker.start, q.speaker.end))
        f["tagger_speaker_jaccard"] = sj
        f["tagger_speaker_none"] = float(sj == 0.0)
    else:
        lo, hi = min(q.cue.end, content[0]), max(q.cue.end, content[0])
        f["tagger_speaker_between"] = float(_overlap(ents["SPEAKER"], (lo, hi)) if hi > lo else 0.0)
        if sp is not None:
            f["tagger_antecedent"] = float(_overlap(ents["SPEAKER"], (sp.start, sp.end)))
    f["tagger_content_in_cue"] = float(_overlap(ents["CONTENT"], (q.cue.start, q.cue.end)))
    return f


def label(text: str, gold_quotes: list[dict], q: Quote) -> int:
    """1 when the quote matches a gold quote (content Jaccard >= 0.5) and its speaker is right."""
    pq = q.to_dict()
    for gq in gold_quotes:
        if jaccard(tuple(gq["content"]), (q.content.start, q.content.end)) >= 0.5:
            if speaker_right(text, gq, pq):
                return 1
    return 0


@dataclass
class Scorer:
    """Logistic-regression weights by feature name."""

    weights: dict[str, float] = field(default_factory=dict)

    def probability(self, feats: dict[str, float]) -> float:
        z = sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> dict:
        return {"weights": dict(sorted(self.weights.items()))}

    @classmethod
    def from_json(cls, data: dict) -> "Scorer":
        return cls({k: float(v) for k, v in data.get("weights", {}).items()})


def fit(rows: Iterable[tuple[dict[str, float], int]], c: float = 1.0) -> Scorer:
    """Train the weights (scikit-learn is needed here only)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = list(rows)
    vec = DictVectorizer()
    x = vec.fit_transform([r[0] for r in rows])
    y = [r[1] for r in rows]
    lr = LogisticRegression(C=c, max_iter=2000, fit_intercept=False)
    lr.fit(x, y)
    names = vec.get_feature_names_out()
    return Scorer({str(n): float(w) for n, w in zip(names, lr.coef_[0]) if abs(w) > 1e-6})


# ------------------------------------------------------------------ the linker
#
# An implicit quote (وأضاف، وقالت، مشيرا، سموه) needs its antecedent. The rules
# take the nearest earlier speaker that agrees with the cue; the linker weighs
# every earlier mention instead (the explicit speakers of earlier quotes and the
# tagger's SPEAKER spans) and learns from the corpus which one the reader means.

LINK_WINDOW = 8      # earlier mentions considered, nearest first


@lru_cache(maxsize=20_000)
def cue_agreement(cue: str) -> tuple[str, str]:
    """Gender and number a cue word asks of its subject (قالت feminine, أشاروا
    plural), from the cue lexicon; ``-`` where it does not say."""
    from .cues import _verb_at
    from .lexicon import load_lexicon

    form, _, _ = _verb_at(load_lexicon(None), norm(cue), cue)
    if form is None:
        return "-", "-"
    return form.gender, form.number


def candidates(doc: Doc, q: Quote, earlier: list[Quote], ents: dict) -> list[tuple[int, int]]:
    """Mentions before the cue that could be its speaker, nearest first, without repeats."""
    spans: list[tuple[int, int]] = []
    for p in earlier:
        for s in (p.speaker, p.speaker_resolved):
            if s is not None and s.end <= q.cue.start:
                spans.append((s.start, s.end))
    spans += [s for s in ents.get("SPEAKER", []) if s[1] <= q.cue.start]
    if q.speaker_resolved is not None:
        spans.append((q.speaker_resolved.start, q.speaker_resolved.end))
    seen, out = set(), []
    for s in sorted(set(spans), key=lambda s: -s[1]):
        key = norm(doc.text[s[0]:s[1]])
        if key and key not in seen:
            seen.add(key)
            out.append(s)
    return out[:LINK_WINDOW]


def link_features(doc: Doc, q: Quote, cand: tuple[int, int], rank: int, earlier: list[Quote],
                  ents: dict) -> dict[str, float]:
    text = doc.text
    mention = text[cand[0]:cand[1]]
    words = mention.split()
    g, n = cue_agreement(q.cue.text)
    last = norm(words[-1]) if words else ""
    first = norm(words[0]) if words else ""
    f = {"bias": 1.0, f"rank={min(rank, 5)}": 1.0, f"class={q.cue_class}": 1.0,
         "rule_choice": float(q.speaker_resolved is not None
                              and (q.speaker_resolved.start, q.speaker_resolved.end) == cand),
         "log_gap": math.log1p(max(0, q.cue.start - cand[1])) / 8,
         "other_line": float("\n" in text[cand[1]:q.cue.start]),
         "words": min(len(words), 10) / 10,
         "one_word": float(len(words) == 1),
         "tagged": float(cand in ents.get("SPEAKER", [])),
         "spoke": float(any(p.speaker is not None and (p.speaker.start, p.speaker.end) == cand for p in earlier)),
         "spoke_last": float(bool(earlier) and earlier[-1].speaker_resolved is not None
                             and (earlier[-1].speaker_resolved.start, earlier[-1].speaker_resolved.end) == cand),
         "has_marks": float(any(ch in mention for ch in MARKS)),
         "definite_head": float(first.startswith("ال")),
         "comma": float("،" in mention or "," in mention)}
    fem_mention = last.endswith("ه") or first.endswith("ه")
    plural_mention = first.endswith(("ون", "ين")) or _plural(first)
    f[f"agree={g}{n}:{'f' if fem_mention else 'm'}{'p' if plural_mention else 's'}"] = 1.0
    return f


def _plural(word: str) -> bool:
    from .lexicon import load_lexicon

    lex = load_lexicon(None)
    return lex.has(word, "plural") or lex.has(word[2:] if word.startswith("ال") else word, "plural")


def relink(doc: Doc, quotes: list[Quote], linker: "Scorer", ents: Optional[dict] = None) -> None:
    """Give every implicit quote the antecedent the linker rates highest."""
    if not linker.weights:
        return
    ents = ents if ents is not None else _ents(doc)
    for i, q in enumerate(quotes):
        if q.speaker is not None:
            continue
        earlier = quotes[:i]
        cands = candidates(doc, q, earlier, ents)
        if not cands:
            continue
        scored = [(linker.probability(link_features(doc, q, c, r, earlier, ents)), -r, c)
                  for r, c in enumerate(cands)]
        _, _, best = max(scored)
        if q.speaker_resolved is None or (q.speaker_resolved.start, q.speaker_resolved.end) != best:
            q.speaker_resolved = Span(best[0], best[1], doc.text[best[0]:best[1]])
            q.speaker_id = next((p.speaker_id for p in reversed(earlier) if p.speaker_resolved is not None
                                 and (p.speaker_resolved.start, p.speaker_resolved.end) == best), None)


def link_rows(doc: Doc, quotes: list[Quote], gold_quotes: Optional[list[dict]] = None):
    """(features, label) for every candidate of every implicit quote; label None without gold."""
    ents = _ents(doc)
    rows = []
    for i, q in enumerate(quotes):
        if q.speaker is not None:
            continue
        gq = None
        if gold_quotes is not None:
            gq = next((g for g in gold_quotes
                       if jaccard(tuple(g["content"]), (q.content.start, q.content.end)) >= 0.5), None)
            if gq is None:
                continue
        earlier = quotes[:i]
        for rank, cand in enumerate(candidates(doc, q, earlier, ents)):
            y = None
            if gq is not None:
                y = int(speaker_right(doc.text, gq, {"speaker_resolved": {
                    "start": cand[0], "end": cand[1], "text": doc.text[cand[0]:cand[1]]}}))
            rows.append((i, cand, link_features(doc, q, cand, rank, earlier, ents), y))
    return rows
