"""The command line (quotes.cli) through click's CliRunner, on the real pipeline."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import quotes
from quotes.cli import main

ROOT = Path(__file__).resolve().parent.parent

SAY = "وقال الوزير إن الخطة ستنجح."
SAY2 = 'وأكدت المديرة سلمى خليل أن "المدرسة الجديدة ستفتح في أيلول".'
NONE = "انخفضت درجات الحرارة في المدينة أمس."


def runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        return CliRunner()  # click >= 8.2 keeps stderr apart already


def run(args, input=None):
    return runner().invoke(main, args, input=input, catch_exceptions=False)


def jsonl(tmp_path, name, records):
    p = tmp_path / name
    p.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)
                           for r in records) + "\n", encoding="utf-8")
    return p


def lines(out: str) -> list[dict]:
    return [json.loads(x) for x in out.splitlines() if x.strip()]


def test_version():
    res = run(["--version"])
    assert res.exit_code == 0
    assert res.stdout.strip() == f"quotes {quotes.__version__}"


def test_help():
    res = run(["extract", "--help"])
    assert res.exit_code == 0 and "--format" in res.stdout


def test_extract_jsonl_one_line_per_doc_in_order(tmp_path):
    p = jsonl(tmp_path, "in.jsonl", [
        {"id": "a", "text": SAY, "outlet": "X"},
        {"id": "b", "text": NONE},
        {"id": "c", "text": SAY2},
    ])
    res = run(["extract", "--format", "jsonl", str(p)])
    assert res.exit_code == 0, res.stderr
    recs = lines(res.stdout)
    assert [r["id"] for r in recs] == ["a", "b", "c"]
    assert recs[0]["meta"] == {"outlet": "X"}
    assert len(recs[0]["quotes"]) >= 1
    q = recs[0]["quotes"][0]
    assert "الخطة ستنجح" in q["content"]["text"]
    assert SAY[q["content"]["start"]:q["content"]["end"]] == q["content"]["text"]
    assert recs[1]["quotes"] == []
    assert len(recs[2]["quotes"]) >= 1


def test_extract_default_format_is_jsonl_when_piped(tmp_path):
    p = tmp_path / "one.txt"
    p.write_text(SAY, encoding="utf-8")
    res = run(["extract", str(p)])
    assert res.exit_code == 0
    [rec] = lines(res.stdout)
    assert rec["id"] == "one" and rec["quotes"]


def test_extract_stdin_plain_and_jsonl():
    res = run(["extract", "--format", "jsonl"], input=SAY)
    assert res.exit_code == 0
    [rec] = lines(res.stdout)
    assert rec["id"] == "stdin" and rec["quotes"]

    data = "\n".join(json.dumps({"id": i, "text": t}, ensure_ascii=False)
                     for i, t in (("x", SAY), ("y", NONE))) + "\n"
    res = run(["extract", "-", "--format", "jsonl"], input=data)
    assert res.exit_code == 0
    assert [r["id"] for r in lines(res.stdout)] == ["x", "y"]


def test_extract_csv_neutralises_formulas(tmp_path):
    text = '=HYPERLINK("x") وقال الوزير: "-1 هو الرقم الصحيح".'
    p = jsonl(tmp_path, "in.jsonl", [{"id": "@evil", "text": text},
                                     {"id": "ok", "text": SAY}])
    res = run(["extract", "--format", "csv", str(p)])
    assert res.exit_code == 0, res.stderr
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert rows and rows[0].keys() >= {"doc_id", "type", "speaker", "content", "confidence"}
    assert {r["doc_id"] for r in rows} <= {"'@evil", "ok"}
    assert "ok" in {r["doc_id"] for r in rows}
    for r in rows:
        for cell in r.values():
            assert not cell.startswith(("=", "+", "-", "@")), r


def test_extract_table(tmp_path):
    p = tmp_path / "t.txt"
    p.write_text(SAY + "\n" + SAY2, encoding="utf-8")
    res = run(["extract", "--format", "table", str(p)])
    assert res.exit_code == 0
    out = res.stdout
    assert out.splitlines()[0].startswith("doc")
    assert "الوزير" in out and "quote(s) in 1 document(s)" in out


def test_missing_file_exit_2_one_line(tmp_path):
    res = run(["extract", str(tmp_path / "nope.txt")])
    assert res.exit_code == 2
    err = res.stderr.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("quotes: error:") and "nope.txt" in err[0]
    assert "Traceback" not in res.stderr
    assert res.stdout == ""


def test_malformed_jsonl_line_error_record_exit_1(tmp_path):
    p = jsonl(tmp_path, "in.jsonl", [
        {"id": "a", "text": SAY},
        '{"id": "b", "text": "unterminated',
        {"id": "c", "text": SAY2},
    ])
    res = run(["extract", "--format", "jsonl", str(p)])
    assert res.exit_code == 1
    recs = lines(res.stdout)
    assert [r["id"] for r in recs] == ["a", "in:2", "c"]
    assert recs[0]["quotes"] and recs[2]["quotes"]
    assert recs[1]["quotes"] == [] and "JSON" in recs[1]["error"]
    assert f"quotes: error: {p}:2: " in res.stderr
    assert "Traceback" not in res.stderr


def test_extraction_exception_is_an_error_record(tmp_path, monkeypatch):
    real_extract = quotes.extract

    def flaky_pipe(texts, nlp=None, batch_size=32):
        raise RuntimeError("batch failed")

    def flaky_extract(text, nlp=None):
        if "انفجار" in text:
            raise ValueError("boom\nsecond line")
        return real_extract(text, nlp=nlp)

    monkeypatch.setattr(quotes, "pipe", flaky_pipe)
    monkeypatch.setattr(quotes, "extract", flaky_extract)
    p = jsonl(tmp_path, "in.jsonl", [{"id": "a", "text": SAY},
                                     {"id": "b", "text": "انفجار " + SAY},
                                     {"id": "c", "text": SAY2}])
    res = run(["extract", "--format", "jsonl", str(p)])
    assert res.exit_code == 1
    recs = lines(res.stdout)
    assert [r["id"] for r in recs] == ["a", "b", "c"]
    assert recs[1]["error"] == "ValueError: boom second line"
    assert recs[0]["quotes"] and recs[2]["quotes"]
    assert "Traceback" not in res.stderr


def test_output_file(tmp_path):
    src = tmp_path / "docs"
    src.mkdir()
    (src / "1.txt").write_text(SAY, encoding="utf-8")
    (src / "2.txt").write_text(NONE, encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    res = run(["extract", str(src), "-o", str(out), "--batch-size", "1"])
    assert res.exit_code == 0
    assert res.stdout == ""
    recs = lines(out.read_text(encoding="utf-8"))
    assert [r["id"] for r in recs] == ["1", "2"]

    out_csv = tmp_path / "pred.csv"  # format follows the extension
    res = run(["extract", str(src), "-o", str(out_csv)])
    assert res.exit_code == 0
    assert out_csv.read_text(encoding="utf-8").startswith("doc_id,type,")


def test_csv_input_columns(tmp_path):
    p = tmp_path / "in.csv"
    p.write_text("key,body\nk1," + SAY + "\n", encoding="utf-8")
    res = run(["extract", "--format", "jsonl", "--text-column", "body",
               "--id-column", "key", str(p)])
    assert res.exit_code == 0
    [rec] = lines(res.stdout)
    assert rec["id"] == "k1" and rec["quotes"]

    res = run(["extract", "--format", "jsonl", str(p)])  # no "text" column
    assert res.exit_code == 1
    assert "--text-column" in res.stderr


def test_rules_only_flag(tmp_path, monkeypatch):
    seen = {}
    real_load = quotes.load

    def load(rules_only=False):
        seen["rules_only"] = rules_only
        return real_load(rules_only=rules_only)

    monkeypatch.setattr(quotes, "load", load)
    res = run(["extract", "--rules-only", "--format", "jsonl"], input=SAY)
    assert res.exit_code == 0
    assert seen == {"rules_only": True}


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "table"])
def test_example_corpus_runs(fmt):
    res = run(["extract", "--format", fmt, str(ROOT / "corpora" / "example.txt")])
    assert res.exit_code == 0, res.stderr
    assert res.stdout
