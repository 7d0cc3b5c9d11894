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
