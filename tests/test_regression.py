"""Regression floors on annotated text.

(a) our own example article (corpora/example.gold.jsonl), scored by a small
    local re-implementation of the matching, so this test never needs ../shared;
(b) the shared seed and (c) dev gold files, scored with ../shared/eval/score.py,
    skipped when that folder is not there."""
from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

import quotes

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "corpora" / "example.gold.jsonl"
SHARED_EVAL = Path(__file__).parents[1] / ".." / "shared" / "eval"


def load_jsonl(path: Path) -> dict[str, dict]:
    docs = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                docs[d["id"]] = d
    return docs


def predict(gold: dict[str, dict]) -> dict[str, dict]:
    ids = list(gold)
    out = {}
    for gid, qs in zip(ids, quotes.pipe(gold[i]["text"] for i in ids)):
        out[gid] = {"id": gid, "quotes": [q.to_dict() for q in qs]}
    return out


# ------------------------------------------------------- local scorer

_TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_PUNCT = re.compile(r"[\"'«»“”„‟\u060c\u061b\u061f.,:;!?()\[\]{}…\-]")


def _norm(s: str) -> str:
    s = _TASHKEEL.sub("", s or "")
    s = re.sub("[أإآٱ]", "ا", s).replace("ى", "ي").replace("ة", "ه")
    return " ".join(_PUNCT.sub(" ", s).split())


def _jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def _f1(tp: int, n_pred: int, n_gold: int) -> float:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def local_score(gold: dict[str, dict], pred: dict[str, dict]) -> dict[str, float]:
    """Content matched one-to-one at character Jaccard >= 0.5 (best first); a
    match is attributed when the gold head is contained in speaker_resolved."""
    n_gold = n_pred = matched = attributed = 0
    for gid, g in gold.items():
        golds, preds = g["quotes"], pred.get(gid, {"quotes": []})["quotes"]
        n_gold += len(golds)
        n_pred += len(preds)
        cands = sorted(((_jaccard(tuple(gq["content"]), (pq["content"]["start"], pq["content"]["end"])), i, j)
                        for i, gq in enumerate(golds) for j, pq in enumerate(preds)), reverse=True)
        used_g, used_p = set(), set()
        for jac, i, j in cands:
            if jac < 0.5 or i in used_g or j in used_p:
                continue
            used_g.add(i)
            used_p.add(j)
            matched += 1
            sp = preds[j].get("speaker_resolved") or preds[j].get("speaker")
            if sp is not None and _norm(golds[i]["speaker_head"]) in _norm(sp["text"]):
                attributed += 1
    return {"content_f1": _f1(matched, n_pred, n_gold), "attribution_f1": _f1(attributed, n_pred, n_gold),
            "gold": n_gold, "pred": n_pred}


def test_local_scorer_on_toy_case():
    text = "وقال الوزير إن الخطة ستنجح."
    gold = {"d": {"text": text, "quotes": [{"content": [12, 26], "speaker_head": "الوزير"}]}}
    right = {"d": {"quotes": [{"content": {"start": 12, "end": 26},
                               "speaker_resolved": {"start": 5, "end": 11, "text": "الوزير"}}]}}
    wrong = {"d": {"quotes": [{"content": {"start": 12, "end": 26},
                               "speaker_resolved": {"start": 0, "end": 4, "text": "وقال"}}]}}
    off = {"d": {"quotes": [{"content": {"start": 0, "end": 4}, "speaker_resolved": None}]}}
    assert local_score(gold, right)["attribution_f1"] == 1.0
    assert local_score(gold, wrong) == {"content_f1": 1.0, "attribution_f1": 0.0, "gold": 1, "pred": 1}
    assert local_score(gold, off)["content_f1"] == 0.0


# ------------------------------------------------------ (a) example

def test_example_gold_is_consistent():
    gold = load_jsonl(EXAMPLE)
    assert gold
    for g in gold.values():
        text = g["text"]
        for q in g["quotes"]:
            s, e = q["content"]
            assert 0 <= s < e <= len(text)
            mention = q["speaker"] or q["speaker_antecedent"]
            if mention:
                assert q["speaker_head"] in text[mention[0]:mention[1]]


def test_example_attribution_f1():
    gold = load_jsonl(EXAMPLE)
    res = local_score(gold, predict(gold))
    assert res["attribution_f1"] >= 0.9, res


# ----------------------------------------------- (b, c) shared gold

def _shared_score_module():
    path = SHARED_EVAL / "score.py"
    if not path.exists():
        pytest.skip(f"{path} not found: the shared evaluation folder is not checked out next to the repo")
    spec = importlib.util.spec_from_file_location("shared_eval_score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _shared_gold(name: str) -> dict[str, dict]:
    path = SHARED_EVAL / name
    if not path.exists():
        pytest.skip(f"{path} not found: the shared evaluation folder is not checked out next to the repo")
    gold = load_jsonl(path)
    texts = SHARED_EVAL / name.replace(".gold.", ".texts.")
    if any("text" not in g for g in gold.values()):
        if not texts.exists():
            pytest.skip(f"{path} carries no texts and {texts} is missing")
        for k, t in load_jsonl(texts).items():
            if k in gold:
                gold[k]["text"] = t["text"]
    return gold


def test_local_scorer_agrees_with_shared_on_example():
    sc = _shared_score_module()
    gold = load_jsonl(EXAMPLE)
    pred = predict(gold)
    res, _ = sc.score(gold, pred)
    local = local_score(gold, pred)
    assert local["content_f1"] == pytest.approx(res["content_partial"]["f1"])
    assert local["attribution_f1"] >= res["attribution"]["f1"] - 1e-9   # ours has no length cap


@pytest.mark.parametrize("name, min_attr, min_content", [
    ("seed.gold.jsonl", 0.75, 0.85),
    ("dev.gold.jsonl", 0.72, 0.84),
])
def test_shared_gold_floor(name, min_attr, min_content):
    sc = _shared_score_module()
    gold = _shared_gold(name)
    res, _ = sc.score(gold, predict(gold))
    assert res["attribution"]["f1"] >= min_attr, res
    assert res["content_partial"]["f1"] >= min_content, res
