"""Writers (quotes.output) with hand-built Quote objects: no pipeline needed."""
from __future__ import annotations

import csv
import io
import json

import pytest

from quotes.output import (CSV_COLUMNS, CsvWriter, JsonlWriter, TableWriter,
                           make_writer, neutralise)
from quotes.types import Quote, Span

TEXT = 'وقال وزير الزراعة سامي يوسف إن "الموسم كان جيدا"، مضيفا أن التصدير سيبدأ قريبا.'


def span(s: str, after: int = 0) -> Span:
    i = TEXT.index(s, after)
    return Span.from_text(TEXT, i, i + len(s))


def quotes_():
    speaker = span("وزير الزراعة سامي يوسف")
    q1 = Quote(type="mixed", cue=span("وقال"), content=span('إن "الموسم كان جيدا"'),
               speaker=speaker, speaker_resolved=speaker, cue_lemma="قال",
               cue_class="say", confidence=0.91234, speaker_id=0)
    q2 = Quote(type="indirect", cue=span("مضيفا"), content=span("أن التصدير سيبدأ قريبا"),
               speaker=None, speaker_resolved=speaker, cue_lemma="أضاف",
               cue_class="say", confidence=0.8, speaker_id=0)
    return [q1, q2]


def test_jsonl_one_line_per_document_in_order():
    buf = io.StringIO()
    w = JsonlWriter(buf)
    w.write("d1", quotes_(), {"outlet": "X"})
    w.write_error("d2", "malformed JSON")
    w.write("d3", [], None)
    w.close()
    lines = buf.getvalue().splitlines()
    assert len(lines) == 3
    recs = [json.loads(x) for x in lines]
    assert [r["id"] for r in recs] == ["d1", "d2", "d3"]
    assert recs[0]["meta"] == {"outlet": "X"}
    assert recs[0]["quotes"][0] == quotes_()[0].to_dict()
    assert recs[0]["quotes"][1]["speaker"] is None
    assert recs[0]["quotes"][1]["speaker_resolved"]["text"] == "وزير الزراعة سامي يوسف"
    assert recs[1] == {"id": "d2", "error": "malformed JSON", "quotes": []}
    assert recs[2] == {"id": "d3", "quotes": [], "meta": {}}
    assert "وزير" in lines[0]  # ensure_ascii=False: Arabic stays readable
    assert (w.documents, w.quotes, w.errors) == (3, 2, 1)


def test_jsonl_spans_match_text():
    buf = io.StringIO()
    JsonlWriter(buf).write("d1", quotes_())
    rec = json.loads(buf.getvalue())
    for q in rec["quotes"]:
        for k in ("cue", "content", "speaker", "speaker_resolved"):
            if q[k]:
                assert TEXT[q[k]["start"]:q[k]["end"]] == q[k]["text"]


def test_jsonl_without_meta():
    buf = io.StringIO()
    JsonlWriter(buf, include_meta=False).write("d1", [], {"a": 1})
    assert json.loads(buf.getvalue()) == {"id": "d1", "quotes": []}


def test_csv_rows():
    buf = io.StringIO()
    w = CsvWriter(buf)
    w.write("d1", quotes_())
    w.write_error("d2", "boom")
    w.write("d3", [])
    w.close()
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    assert len(rows) == 2
    r = rows[0]
    assert r["doc_id"] == "d1" and r["type"] == "mixed"
    assert r["speaker"] == r["speaker_resolved"] == "وزير الزراعة سامي يوسف"
    assert r["content"] == 'إن "الموسم كان جيدا"'
    assert TEXT[int(r["content_start"]):int(r["content_end"])] == r["content"]
    assert r["confidence"] == "0.912"
    assert r["cue_lemma"] == "قال"
    assert rows[1]["speaker"] == "" and rows[1]["speaker_resolved"] == "وزير الزراعة سامي يوسف"


@pytest.mark.parametrize("value,expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+1", "'+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("قال", "قال"), ("", ""), (12, 12), (0.5, 0.5),
])
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_csv_formula_injection_neutralised():
    text = "=cmd|' /C calc'!A0 قال المدير"
    cue = Span.from_text(text, text.index("قال"), text.index("قال") + 3)
    content = Span.from_text(text, 0, text.index(" قال"))
    q = Quote(type="direct", cue=cue, content=content)
    buf = io.StringIO()
    CsvWriter(buf).write("@doc", [q])
    row = next(csv.DictReader(io.StringIO(buf.getvalue())))
    assert row["content"].startswith("'=")
    assert row["doc_id"] == "'@doc"
    assert row["cue"] == "قال"


def test_table():
    buf = io.StringIO()
    w = TableWriter(buf, content_width=20)
    w.write("doc-1", quotes_())
    w.write("doc-2", [])
    w.write_error("doc-3", "not valid UTF-8")
    w.close()
    out = buf.getvalue()
    lines = out.splitlines()
    assert lines[0].startswith("doc") and "content" in lines[0]
    assert set(lines[1]) == {"-"}
    assert "وزير الزراعة سامي يوسف" in out
    assert "…" in out  # long content is cut
    assert "(no quotes found)" in out
    assert "ERROR" in out and "not valid UTF-8" in out
    assert "2 quote(s) in 3 document(s), 1 failed" in out
    # every row has the same number of separators
    body = [x for x in lines[2:] if x.startswith("doc-")]
    assert len(body) == 4 and all(x.count(" | ") == 4 for x in body)


def test_table_content_on_one_line():
    text = 'قال: "سطر أول\nسطر ثان"'
    content = Span.from_text(text, text.index("سطر"), text.rindex('"'))
    q = Quote(type="direct", cue=Span.from_text(text, 0, 3), content=content)
    buf = io.StringIO()
    TableWriter(buf).write("x", [q])
    rows = [x for x in buf.getvalue().splitlines() if x.startswith("x ")]
    assert len(rows) == 1 and "سطر أول سطر ثان" in rows[0]


def test_make_writer():
    assert isinstance(make_writer("csv", io.StringIO()), CsvWriter)
    assert isinstance(make_writer("jsonl", io.StringIO()), JsonlWriter)
    assert isinstance(make_writer("table", io.StringIO()), TableWriter)
    with pytest.raises(ValueError):
        make_writer("xml", io.StringIO())
