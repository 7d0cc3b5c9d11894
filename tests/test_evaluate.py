"""``quotes evaluate``: the shared scorer's figures, restated, plus breakdowns."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes.cli import main
from quotes.corpus import read_jsonl
from quotes.evaluate import evaluate, predict, score_doc
from quotes.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "corpora" / "example.gold.jsonl"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
DEV = ROOT.parent / "shared" / "eval" / "dev.gold.jsonl"

TEXT = "قال الوزير إن الخطة جاهزة."
GOLD = [{"type": "indirect", "cue": [0, 3], "content": [11, 25], "speaker": [4, 10],
         "speaker_head": "الوزير", "speaker_antecedent": None}]


def pred(start, end, speaker=(4, 10)):
    return {"type": "indirect", "cue": {"start": 0, "end": 3}, "content": {"start": start, "end": end},
            "speaker": {"start": speaker[0], "end": speaker[1], "text": TEXT[speaker[0]:speaker[1]]}}


def test_threshold_decides_a_partial_match():
    half = pred(11, 18)                       # Jaccard 7/14 = 0.5
    assert score_doc(TEXT, GOLD, [half], 0.5).match == 1
    assert score_doc(TEXT, GOLD, [half], 0.8).match == 0


def test_wrong_speaker_is_a_match_but_not_an_attribution():
    c = score_doc(TEXT, GOLD, [pred(11, 25, speaker=(11, 14))])
    assert (c.match, c.speaker) == (1, 0)


def test_example_article_is_scored_per_type_outlet_and_threshold():
    golds = list(read_jsonl(EXAMPLE))
    r = evaluate(golds, predict(build(rules_only=True), golds))
    assert r.overall["attribution"]["f1"] > 0.9
    assert set(r.by_type) == {"direct", "indirect", "mixed"}
    assert set(r.by_threshold) == {0.3, 0.5, 0.8}
    assert r.by_threshold[0.3]["content_partial"]["f1"] >= r.by_threshold[0.8]["content_partial"]["f1"]


def test_cli_prints_the_report():
    res = CliRunner().invoke(main, ["evaluate", "--rules-only", str(EXAMPLE)])
    assert res.exit_code == 0, res.output
    assert "attribution P" in res.output and "by outlet" in res.output and "jaccard >= 0.8" in res.output
    res = CliRunner().invoke(main, ["evaluate", "--rules-only", "--json", str(EXAMPLE)])
    assert json.loads(res.output)["overall"]["gold_quotes"] == 16


def test_cli_refuses_a_bad_gold_file(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["evaluate", "--rules-only", str(bad)])
    assert res.exit_code == 2 and "bad gold file" in res.output
    res = CliRunner().invoke(main, ["evaluate", "--rules-only", str(tmp_path / "none.jsonl")])
    assert res.exit_code == 2


@pytest.mark.skipif(not (SCORER.exists() and DEV.exists()), reason="../shared/eval is not here")
def test_same_figures_as_the_shared_scorer():
    spec = importlib.util.spec_from_file_location("shared_score", SCORER)
    shared = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shared)
    golds = list(read_jsonl(DEV))
    preds = predict(build(rules_only=True), golds)
    ours = evaluate(golds, preds).overall
    theirs, _ = shared.score({g["id"]: g for g in golds},
                             {k: {"id": k, "quotes": v} for k, v in preds.items()})
    for key in ("content_partial", "content_exact", "attribution"):
        assert ours[key] == pytest.approx(theirs[key])
    assert ours["speaker_acc_on_matched"] == pytest.approx(theirs["speaker_acc_on_matched"])


def test_held_out_scores_only_the_validation_articles():
    from quotes.corpus import annotation_files, news_dir
    from quotes.train import is_valid

    files = annotation_files()
    if not news_dir().exists() or not files:
        pytest.skip("../shared/corpora/news or corpora/annotations is not here")
    res = CliRunner().invoke(main, ["evaluate", "--rules-only", "--held-out", "--json", str(files[0])])
    assert res.exit_code == 0, res.output
    n_valid = sum(is_valid(r["id"]) for r in read_jsonl(files[0]))
    assert json.loads(res.output)["docs"] == n_valid > 0
