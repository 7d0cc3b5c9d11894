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
from dataclasses import dataclass, field
from typing import Iterable, Optional

from spacy.tokens import Doc

from .evaluate import jaccard, speaker_right
from .text import norm
from .types import Quote

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
