"""``quotes evaluate GOLD``: the figures of ``../shared/eval/score.py``, and
the breakdowns it does not give (per quote type, per outlet, at other overlap
thresholds).

The matching and speaker rules are those of the shared scorer, restated here
so that the command works where ``../shared`` does not exist;
``tests/test_evaluate.py`` checks that both give the same numbers on the dev
set. Gold is the format of ``GUIDELINES.md`` (with ``text``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Optional

TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
PUNCT = re.compile(r"[\"'«»“”„‟‘’\u060c\u061b\u061f.,:;!?()\[\]{}<>/\\\-–—…]")
LEAD = re.compile(r"^(?:(?:ب|ل|و)?(?:ان|أن|إن))\s+")
THRESHOLDS = (0.3, 0.5, 0.8)


def norm(s: Optional[str]) -> str:
    s = TASHKEEL.sub("", s or "")
    s = re.sub("[أإآٱ]", "ا", s).replace("ى", "ي").replace("ة", "ه")
    return " ".join(PUNCT.sub(" ", s).split())


def _span(x) -> Optional[tuple[int, int]]:
    if x is None:
        return None
    if isinstance(x, dict):
        return (x["start"], x["end"])
    return (x[0], x[1])


def jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Counts:
    gold: int = 0
    pred: int = 0
    match: int = 0
    exact: int = 0
    speaker: int = 0
    cue: int = 0
    type: int = 0
    implicit: int = 0
    implicit_right: int = 0

    def add(self, other: "Counts") -> None:
        for k in self.__dataclass_fields__:
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def figures(self) -> dict:
        cp, ep, at = (prf(n, self.pred, self.gold) for n in (self.match, self.exact, self.speaker))
        return {"gold_quotes": self.gold, "pred_quotes": self.pred,
                "content_partial": dict(zip(("p", "r", "f1"), cp)), "content_exact": dict(zip(("p", "r", "f1"), ep)),
                "attribution": dict(zip(("p", "r", "f1"), at)),
                "speaker_acc_on_matched": self.speaker / self.match if self.match else 0.0,
                "implicit_speaker_acc": self.implicit_right / self.implicit if self.implicit else None,
                "cue_acc_on_matched": self.cue / self.match if self.match else 0.0,
                "type_acc_on_matched": self.type / self.match if self.match else 0.0}


def speaker_right(text: str, gq: dict, pq: dict) -> bool:
    """The shared scorer's rule: the predicted (resolved) speaker contains the
    gold head and is not much longer than the gold mention."""
    sp = pq.get("speaker_resolved") or pq.get("speaker")
    if sp is None:
        return False
    s = _span(sp)
    st = sp.get("text") if isinstance(sp, dict) and sp.get("text") else text[s[0]:s[1]]
    mention = gq["speaker"] or gq["speaker_antecedent"]
    gm = norm(text[mention[0]:mention[1]])
    cap = max(len(gm.split()) + 2, len(norm(gq["speaker_head"]).split()) + 5)
    return norm(gq["speaker_head"]) in norm(st) and len(norm(st).split()) <= cap


def match(golds: list[dict], preds: list[dict], threshold: float = 0.5) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs whose contents overlap
    with Jaccard ≥ ``threshold``, best overlap first, as the shared scorer pairs them."""
    pairs = []
    for i, gq in enumerate(golds):
        for j, pq in enumerate(preds):
            ps = _span(pq.get("content"))
            if ps:
                jac = jaccard(tuple(gq["content"]), ps)
                if jac >= threshold:
                    pairs.append((jac, i, j))
    pairs.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        out.append((i, j))
    return out


def score_doc(text: str, golds: list[dict], preds: list[dict], threshold: float = 0.5,
              by_type: Optional[dict] = None) -> Counts:
    c = Counts(gold=len(golds), pred=len(preds))
    for i, j in match(golds, preds, threshold):
        gq, pq = golds[i], preds[j]
        c.match += 1
        gs, ge = gq["content"]
        ps, pe = _span(pq["content"])
        c.exact += LEAD.sub("", norm(text[gs:ge])) == LEAD.sub("", norm(text[ps:pe]))
        c.type += pq.get("type") == gq["type"]
        pc = _span(pq.get("cue"))
        c.cue += bool(pc and jaccard(tuple(gq["cue"]), pc) > 0)
        ok = speaker_right(text, gq, pq)
        if gq["speaker"] is None:
            c.implicit += 1
            c.implicit_right += ok
        c.speaker += ok
        if by_type is not None:
            by_type.setdefault(gq["type"], [0, 0, 0])[1] += ok
            by_type[gq["type"]][0] += 1
    if by_type is not None:
        for gq in golds:
            by_type.setdefault(gq["type"], [0, 0, 0])[2] += 1
    return c


@dataclass
class Report:
    overall: dict
    by_type: dict[str, dict]
    by_outlet: dict[str, dict]
    by_threshold: dict[float, dict]
    docs: int = 0
    missing: list[str] = field(default_factory=list)


def outlet_of(gold: dict) -> str:
    meta = gold.get("meta") or {}
    return str(meta.get("outlet") or gold["id"].split("-")[0])


def evaluate(golds: Iterable[dict], preds: dict[str, list[dict]]) -> Report:
    """Score predictions (``id`` → quotes in the output format) against gold docs."""
    golds = list(golds)
    overall = Counts()
    types: dict[str, list[int]] = {}
    outlets: dict[str, Counts] = {}
    thresholds = {t: Counts() for t in THRESHOLDS}
    for g in golds:
        p = preds.get(g["id"], [])
        c = score_doc(g["text"], g["quotes"], p, 0.5, types)
        overall.add(c)
        outlets.setdefault(outlet_of(g), Counts()).add(c)
        for t in THRESHOLDS:
            thresholds[t].add(score_doc(g["text"], g["quotes"], p, t))
    by_type = {k: {"gold": v[2], "recall": v[0] / v[2] if v[2] else 0.0,
                   "attribution_recall": v[1] / v[2] if v[2] else 0.0} for k, v in sorted(types.items())}
    return Report(overall.figures(), by_type,
                  {k: dict(v.figures(), articles=sum(outlet_of(g) == k for g in golds))
                   for k, v in sorted(outlets.items())},
                  {t: c.figures() for t, c in thresholds.items()}, len(golds),
                  [g["id"] for g in golds if g["id"] not in preds])


def format_report(r: Report) -> str:
    o = r.overall
    cp, ex, at = o["content_partial"], o["content_exact"], o["attribution"]
    lines = [f"gold {o['gold_quotes']}  pred {o['pred_quotes']}",
             f"content partial P {cp['p']:.3f} R {cp['r']:.3f} F1 {cp['f1']:.3f}",
             f"content exact   P {ex['p']:.3f} R {ex['r']:.3f} F1 {ex['f1']:.3f}",
             f"speaker acc on matched {o['speaker_acc_on_matched']:.3f}  implicit {o['implicit_speaker_acc']}",
             f"cue acc {o['cue_acc_on_matched']:.3f}  type acc {o['type_acc_on_matched']:.3f}",
             f"attribution P {at['p']:.3f} R {at['r']:.3f} F1 {at['f1']:.3f}", "",
             "by type (gold quotes, content recall, attribution recall)"]
    for k, v in r.by_type.items():
        lines.append(f"  {k:<9} {v['gold']:>5}  {v['recall']:.3f}  {v['attribution_recall']:.3f}")
    lines += ["", "by outlet (articles, gold, content F1, attribution F1)"]
    for k, v in r.by_outlet.items():
        lines.append(f"  {k:<14} {v['articles']:>4} {v['gold_quotes']:>5}  "
                     f"{v['content_partial']['f1']:.3f}  {v['attribution']['f1']:.3f}")
    lines += ["", "by overlap threshold (content F1, attribution F1)"]
    for t, v in r.by_threshold.items():
        lines.append(f"  jaccard >= {t}  {v['content_partial']['f1']:.3f}  {v['attribution']['f1']:.3f}")
    if r.missing:
        lines += ["", f"{len(r.missing)} gold documents had no prediction"]
    return "\n".join(lines)


def predict(nlp, golds: list[dict], batch_size: int = 16) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for g, doc in zip(golds, nlp.pipe((g["text"] for g in golds), batch_size=min(batch_size, nlp.batch_size))):
        out[g["id"]] = [q.to_dict() for q in doc._.quotes]
    return out
