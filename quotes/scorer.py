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
from bisect import bisect_right
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Iterable, Optional

from spacy.tokens import Doc

from .evaluate import jaccard, speaker_right
from .text import norm
from .types import Quote, Span

NEGATIONS = {"لم", "لا", "لن", "ما", "ولم", "ولا", "ولن", "فلم", "ليس", "دون"}
OPENERS = {"ان", "بان", "وان", "لان", "على", "الى", "من", "عن", "ب", "في"}
MARKS = "\"«»“”"


def char_ents(doc: Doc) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {"CUE": [], "SPEAKER": [], "CONTENT": [], "ADDRESSEE": []}
    for e in doc.ents:
        out.setdefault(e.label_, []).append((e.start_char, e.end_char))
    return out


def near(spans: list[tuple[int, int]], lo: int, hi: int) -> list[tuple[int, int]]:
    """The spans that overlap [lo, hi). The tagger's spans of one label never
    overlap, so sorted by start they are sorted by end too and the overlapping
    ones are a run found by bisection: long documents stay linear."""
    i = bisect_right(spans, lo, key=itemgetter(1))
    out = []
    while i < len(spans) and spans[i][0] < hi:
        out.append(spans[i])
        i += 1
    return out


def best_overlap(spans: list[tuple[int, int]], target: tuple[int, int]) -> tuple[float, Optional[tuple[int, int]]]:
    """The span of ``spans`` with the highest Jaccard with ``target``, and that Jaccard."""
    return max(((jaccard(s, target), s) for s in near(spans, *target)),
               key=itemgetter(0), default=(0.0, None))


def _best_jaccard(spans: list[tuple[int, int]], target: tuple[int, int]) -> float:
    return best_overlap(spans, target)[0]


def _overlap(spans: list[tuple[int, int]], target: tuple[int, int]) -> bool:
    return bool(near(spans, *target))


def gold_match(gold_quotes: list[dict], q: Quote) -> Optional[dict]:
    """A gold quote whose content overlaps ``q``'s at Jaccard >= 0.5, as the scorer matches them."""
    return next((g for g in gold_quotes
                 if jaccard(tuple(g["content"]), (q.content.start, q.content.end)) >= 0.5), None)


def _words_before(text: str, pos: int, n: int = 1) -> list[str]:
    return [norm(w) for w in text[max(0, pos - 40):pos].split()[-n:]]


def features(text: str, q: Quote, ents: dict) -> dict[str, float]:
    """The description of one proposed quote that the scorer weighs; ``ents``
    are the tagger's character spans by label (:func:`char_ents`)."""
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
    return int(any(speaker_right(text, gq, pq) for gq in gold_quotes
                   if jaccard(tuple(gq["content"]), (q.content.start, q.content.end)) >= 0.5))


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
    if len({y for _, y in rows}) < 2:
        return Scorer()     # nothing to learn (no rows, or one class): the step stays off
    vec = DictVectorizer()
    x = vec.fit_transform([r[0] for r in rows])
    y = [r[1] for r in rows]
    lr = LogisticRegression(C=c, max_iter=2000, fit_intercept=False)
    lr.fit(x, y)
    names = vec.get_feature_names_out()
    return Scorer({str(n): float(w) for n, w in zip(names, lr.coef_[0]) if abs(w) > 1e-6})


# ------------------------------------------------------------- the chooser
#
# An explicit speaker's extent is where the rules err most on unseen text: a
# title stopped before an unknown name (المسؤول التنفيذي | عن البرنامج، إياد
# الأحمدي), a name cut at a hyphen or quotation mark (مون جاي | -إن), an object
# swallowed (الشرطة الماليزية القبض). The chooser weighs the rules' span against
# the tagger's SPEAKER spans around the cue and learns which one is right.

CHOOSE_REACH = 200   # characters before the cue a speaker may start (SVO subjects)


def speaker_candidates(q: Quote, ents: dict) -> list[tuple[int, int]]:
    """The rule speaker first, then tagger spans that overlap or touch it, or
    lie between the cue and the content (VSO) or just before the cue (SVO)."""
    rule = (q.speaker.start, q.speaker.end)
    out = [rule]
    lo = max(0, q.cue.start - CHOOSE_REACH)
    hi = q.content.end if q.content.start < q.cue.start else q.content.start
    # a window one character wider than the tests below, which then decide exactly
    for s in near(ents.get("SPEAKER", []), min(lo, rule[0] - 3), max(hi, q.cue.end, rule[1] + 3)):
        near_rule = s[0] <= rule[1] + 2 and rule[0] <= s[1] + 2
        in_zone = lo <= s[0] and s[1] <= max(hi, q.cue.end) and not (s[0] < q.cue.end and q.cue.start < s[1])
        if (near_rule or in_zone) and s not in out:
            out.append(s)
            merged = (min(s[0], rule[0]), max(s[1], rule[1]))
            if near_rule and merged not in out and not (merged[0] < q.cue.end and q.cue.start < merged[1]):
                out.append(merged)
    return out[:6]


def speaker_features(text: str, q: Quote, cand: tuple[int, int], ents: dict) -> dict[str, float]:
    from .lexicon import load_lexicon

    lex = load_lexicon(None)
    rule = (q.speaker.start, q.speaker.end)
    words = text[cand[0]:cand[1]].split()
    first = norm(words[0]) if words else ""
    last = norm(words[-1]).strip("،,") if words else ""
    n_rule = len(text[rule[0]:rule[1]].split())
    content = (q.content.start, q.content.end)
    return {"bias": 1.0, "rule_choice": float(cand == rule),
            "tagged": float(cand in near(ents.get("SPEAKER", []), *cand)),
            "contains_rule": float(cand[0] <= rule[0] and rule[1] <= cand[1] and cand != rule),
            "inside_rule": float(rule[0] <= cand[0] and cand[1] <= rule[1] and cand != rule),
            "disjoint": float(cand[1] <= rule[0] or rule[1] <= cand[0]),
            "words": min(len(words), 12) / 12, "more_words": min(max(len(words) - n_rule, -6), 6) / 6,
            "one_word": float(len(words) == 1),
            "comma": float("،" in text[cand[0]:cand[1]]),
            "marks": float(any(ch in text[cand[0]:cand[1]] for ch in MARKS)),
            "before_cue": float(cand[1] <= q.cue.start),
            "overlaps_content": float(cand[0] < content[1] and content[0] < cand[1]),
            "first_preposition": float(lex.has(first, "preposition")),
            "first_title": float(lex.has(first, "title") or lex.has(first[2:], "title")),
            "last_name": float(lex.has(last, "name")),
            "last_org_or_title": float(lex.has(last, "title") or lex.has(last, "org")),
            "last_definite": float(last.startswith("ال")),
            f"class={q.cue_class}": 1.0}


def speaker_rows(text: str, ents: dict, quotes: list[Quote], gold_quotes: list[dict]):
    rows = []
    for q in quotes:
        if q.speaker is None:
            continue
        gq = gold_match(gold_quotes, q)
        if gq is None or gq["speaker"] is None:
            continue
        cands = speaker_candidates(q, ents)
        if len(cands) < 2:
            continue
        for cand in cands:
            y = int(speaker_right(text, gq, {"speaker": {
                "start": cand[0], "end": cand[1], "text": text[cand[0]:cand[1]]}}))
            rows.append((speaker_features(text, q, cand, ents), y))
    return rows


def rechoose(text: str, quotes: list[Quote], chooser: "Scorer", ents: dict) -> None:
    """Give every explicit quote the speaker span the chooser rates highest; a
    content that the new speaker runs into starts after it."""
    if not chooser.weights:
        return
    for i, q in enumerate(quotes):
        if q.speaker is None:
            continue
        cands = speaker_candidates(q, ents)
        if len(cands) < 2:
            continue
        best = max(cands, key=lambda c: (chooser.probability(speaker_features(text, q, c, ents)),
                                         c == (q.speaker.start, q.speaker.end)))
        if best == (q.speaker.start, q.speaker.end):
            continue
        if best[0] < q.content.end and q.content.start < best[1]:
            start = best[1]
            while start < q.content.end and (text[start].isspace() or text[start] in "،,-–:"):
                start += 1
            if best[0] <= q.content.start and start < q.content.end:
                q.content = Span(start, q.content.end, text[start:q.content.end])
            else:
                continue
        new = Span(best[0], best[1], text[best[0]:best[1]])
        for r in quotes[i + 1:]:      # implicit quotes resolved to the old extent follow it
            if r.speaker is None and r.speaker_resolved == q.speaker:
                r.speaker_resolved = new
        if q.speaker_resolved == q.speaker:
            q.speaker_resolved = new
        q.speaker = new
