"""The review-file round trip: strings back to exact offsets, or a clear refusal."""
from __future__ import annotations

import pytest

from quotes.annotate import Unplaced, compile_review, locate, review_of
import quotes

TEXT = ("قال الوزير إن الخطة جاهزة. وقال الوزير إن التمويل مضمون.\n"
        "وأضاف أن العمل يبدأ غدا، مشيرا إلى أن الكلفة \"أقل من المتوقع\".")


def test_locate_takes_the_occurrence_nearest_the_anchor():
    first = TEXT.index("الوزير")
    second = TEXT.index("الوزير", first + 1)
    assert locate(TEXT, "الوزير", second - 4) == (second, second + len("الوزير"))
    assert locate(TEXT, "الوزير", 0) == (first, first + len("الوزير"))


def test_locate_before_prefers_an_earlier_mention():
    anchor = TEXT.index("وأضاف")
    s, e = locate(TEXT, "الوزير", anchor, before=True)
    assert e <= anchor and TEXT[s:e] == "الوزير"


def test_ellipsis_spans_from_head_to_tail():
    s, e = locate(TEXT, "أن العمل ... غدا", TEXT.index("وأضاف"))
    assert TEXT[s:e] == "أن العمل يبدأ غدا"


def test_unknown_string_is_refused():
    with pytest.raises(Unplaced):
        locate(TEXT, "كلمة غير موجودة", 0)


def review(quotes_):
    return {"id": "t1", "text": TEXT, "status": "done", "quotes": quotes_}


def test_compile_review_gives_gold_offsets():
    g = compile_review(review([
        {"type": "indirect", "cue": "وأضاف", "cue_at": 60, "speaker": None, "antecedent": "الوزير",
         "speaker_head": None, "addressee": None, "content": "أن العمل يبدأ غدا"},
        {"type": "indirect", "cue": "قال", "cue_at": 0, "speaker": "الوزير",
         "speaker_head": "الوزير", "content": "إن الخطة جاهزة"}]))
    first, second = g["quotes"]
    assert TEXT[slice(*first["content"])] == "إن الخطة جاهزة"
    assert first["speaker"] is not None and second["speaker"] is None
    # the antecedent is the nearest mention before the cue: the second الوزير
    a = second["speaker_antecedent"]
    assert TEXT[a[0]:a[1]] == "الوزير" and a[0] > TEXT.index("وقال")
    assert [q["id"] for q in g["quotes"]] == ["q1", "q2"]


@pytest.mark.parametrize("bad, message", [
    ({"type": "indirect", "cue": "قال", "cue_at": 0, "speaker": "الوزير", "content": "إن الخطة جاهزة."},
     "final punctuation"),
    ({"type": "quote", "cue": "قال", "cue_at": 0, "speaker": "الوزير", "content": "إن الخطة جاهزة"},
     "type"),
    ({"type": "indirect", "cue": "وأضاف", "cue_at": 60, "content": "أن العمل يبدأ غدا"},
     "speaker or"),
    ({"type": "indirect", "cue": "قال", "cue_at": 0, "speaker": "الوزير", "speaker_head": "الرئيس",
      "content": "إن الخطة جاهزة"}, "speaker_head"),
])
def test_bad_quotes_are_refused_with_a_reason(bad, message):
    with pytest.raises(Unplaced, match=message):
        compile_review(review([bad]))


def test_pipeline_output_round_trips():
    """A review file made from the pipeline's own output compiles back to the same spans."""
    found = quotes.extract(TEXT, nlp=quotes.load(rules_only=True))
    assert found
    r = review_of({"id": "t1", "text": TEXT}, found)
    r["status"] = "done"
    g = compile_review(r)
    got = sorted(tuple(q["content"]) for q in g["quotes"])
    assert got == sorted((q.content.start, q.content.end) for q in found)


def test_plain_spaces_match_no_break_spaces():
    text = "قال\u00a0الوزير إن  الخطة جاهزة"
    s, e = locate(text, "قال الوزير", 0)
    assert text[s:e] == "قال\u00a0الوزير"
    s, e = locate(text, "إن الخطة جاهزة", 0)
    assert text[s:e] == "إن  الخطة جاهزة"


# --- second reading: disputes between the corpus and the rules, and their decisions ---

AUDIT_TEXT = ("قال الوزير إن الخطة جاهزة. وأعلنت الشركة أنها ستفتح مصنعا.\n"
              "وأكد المتحدث أن الأسعار ثابتة. وذكر التقرير أن البطالة تراجعت في العام الماضي وأن الأجور ارتفعت.")


def _gold(text, *quotes_):
    g = compile_review({"id": "a1", "text": text, "status": "done", "quotes": list(quotes_)})
    return g["quotes"]


def _audit_case():
    from quotes.annotate import disputes

    t = AUDIT_TEXT
    golds = _gold(
        t,
        # the rules agree with this one, speaker included
        {"type": "indirect", "cue": "قال", "cue_at": 0, "speaker": "الوزير", "content": "إن الخطة جاهزة"},
        # a speaker the rules do not give (the corpus took the wrong mention)
        {"type": "indirect", "cue": "وأكد", "cue_at": t.index("وأكد"), "speaker": None,
         "antecedent": "الشركة", "content": "أن الأسعار ثابتة"},
        # a content far shorter than the rules'
        {"type": "indirect", "cue": "وذكر", "cue_at": t.index("وذكر"), "speaker": "التقرير",
         "content": "أن البطالة تراجعت"},
        # a quote the rules do not see at all
        {"type": "indirect", "cue": "وذكر", "cue_at": t.index("وذكر"), "speaker": "التقرير",
         "content": "العام الماضي"})
    preds = [q.to_dict() for q in quotes.extract(t, nlp=quotes.load(rules_only=True))]
    return t, golds, preds, disputes(t, golds, preds)


def test_disputes_name_each_kind_of_disagreement():
    t, golds, preds, ds = _audit_case()
    kinds = {d["kind"]: d for d in ds}
    assert set(kinds) == {"rules_only", "speaker", "boundary", "gold_only"}
    assert kinds["rules_only"]["proposal"]["cue"] == "وأعلنت" and kinds["rules_only"]["gold"] is None
    assert kinds["speaker"]["gold"] == 2 and kinds["speaker"]["corpus_quote"]["antecedent"] == "الشركة"
    assert kinds["speaker"]["proposal"]["speaker"] == "المتحدث"
    assert kinds["boundary"]["corpus_quote"]["content"] == "أن البطالة تراجعت"
    assert kinds["gold_only"]["corpus_quote"]["content"] == "العام الماضي"
    assert [d["n"] for d in ds] == list(range(1, len(ds) + 1))
    assert all(d["decision"] is None for d in ds)


def test_adjudication_applies_decisions_and_leaves_the_rest_alone():
    from quotes.annotate import adjudicated

    t, golds, preds, ds = _audit_case()
    for d in ds:
        if d["kind"] == "rules_only":
            d.update(decision="add", quote=d["proposal"])
        elif d["kind"] == "speaker":
            d.update(decision="replace", quote=dict(d["corpus_quote"], speaker="المتحدث", antecedent=None,
                                                        speaker_head=None))
        elif d["kind"] == "boundary":
            d.update(decision="keep")
        else:
            d.update(decision="delete", why="not reported content")
    out = adjudicated({"id": "a1", "text": t, "quotes": golds}, {"disputes": ds})["quotes"]
    contents = [t[slice(*q["content"])] for q in out]
    assert contents == ["إن الخطة جاهزة", "أنها ستفتح مصنعا", "أن الأسعار ثابتة", "أن البطالة تراجعت"]
    assert out[0]["cue"] == golds[0]["cue"] and out[0]["speaker"] == golds[0]["speaker"]
    assert t[slice(*out[2]["speaker"])] == "المتحدث" and out[2]["speaker_antecedent"] is None
    assert [q["id"] for q in out] == ["q1", "q2", "q3", "q4"]


@pytest.mark.parametrize("kind, change, message", [
    ("speaker", {"decision": None}, "decision must be"),
    ("speaker", {"decision": "replace", "quote": None}, "needs a quote"),
    ("rules_only", {"decision": "delete"}, "needs a corpus quote"),
    ("rules_only", {"decision": "add", "quote": {"type": "indirect", "cue": "قال", "cue_at": 0,
                                                 "speaker": "الوزير", "content": "نص غير موجود"}},
     "not found"),
])
def test_bad_decisions_are_refused_with_the_dispute_number(kind, change, message):
    from quotes.annotate import adjudicated

    t, golds, _, ds = _audit_case()
    for d in ds:
        d["decision"] = "keep"
    bad = next(d for d in ds if d["kind"] == kind)
    bad.update(change)
    with pytest.raises(Unplaced, match=f"dispute {bad['n']}: .*{message}"):
        adjudicated({"id": "a1", "text": t, "quotes": golds}, {"disputes": ds})


def test_corpus_quotes_as_strings_resolve_to_the_same_offsets():
    from quotes.annotate import as_strings, resolve_quote

    t, golds, _, _ = _audit_case()
    for g in golds:
        back = resolve_quote(t, as_strings(t, g), 0)
        assert all(back[k] == g[k] for k in ("cue", "content", "speaker", "speaker_antecedent"))


def test_audit_and_adjudicate_commands_rewrite_only_decided_articles(tmp_path):
    import gzip
    import json

    from click.testing import CliRunner

    from quotes.annotate import main
    from quotes.corpus import sha1, standoff

    t, golds, _, _ = _audit_case()
    other = "قال المدير إن العمل مستمر."
    news = tmp_path / "news"
    news.mkdir()
    with gzip.open(news / "ant-test.jsonl.gz", "wt", encoding="utf-8") as f:
        for i, text in (("a1", t), ("a2", other)):
            f.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")
    ann = tmp_path / "ann"
    ann.mkdir()
    a2 = _gold(other, {"type": "indirect", "cue": "قال", "cue_at": 0, "speaker": "المدير",
                       "content": "إن العمل مستمر"})
    lines = [json.dumps(standoff({"id": i, "text": x, "meta": {}, "quotes": q}, "ant-test.jsonl.gz"),
                        ensure_ascii=False) for i, x, q in (("a1", t, golds), ("a2", other, a2))]
    (ann / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = lambda *args: CliRunner().invoke(main, [*args, "--news", str(news), "--annotations", str(ann)])  # noqa: E731

    res = run("audit", "--out", str(tmp_path / "audit"))
    assert res.exit_code == 0, res.output
    files = sorted((tmp_path / "audit").glob("*.json"))
    assert [f.stem for f in files] == ["a1"]          # a2: corpus and rules agree
    res = run("adjudicate", "--check", str(tmp_path / "audit"))
    assert res.exit_code == 1 and "status is 'todo'" in res.output

    review = json.loads(files[0].read_text(encoding="utf-8"))
    review["status"] = "done"
    for d in review["disputes"]:
        d["decision"] = "delete" if d["kind"] == "gold_only" else "keep"
    files[0].write_text(json.dumps(review, ensure_ascii=False), encoding="utf-8")
    res = run("adjudicate", str(tmp_path / "audit"))
    assert res.exit_code == 0 and "1 articles adjudicated" in res.output, res.output
    new = (ann / "batch.jsonl").read_text(encoding="utf-8").splitlines()
    assert new[1] == lines[1]                         # untouched line, byte for byte
    rec = json.loads(new[0])
    assert len(rec["quotes"]) == len(golds) - 1 and rec["text_sha1"] == sha1(t)
