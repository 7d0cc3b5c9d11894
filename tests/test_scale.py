"""Throughput features: ``--jobs N`` (worker processes), ``--resume`` and
``--engine dask``.  Each output must equal the single-process output line for
line."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from spacy.language import Language

import quotes
from quotes.cli import main
from quotes.io import Document, InputError
from quotes.parallel import ParallelRunner, done_ids, prepare_resume

TEXTS = [
    "وقال وزير الصحة إن المستشفى الجديد سيفتح أبوابه في الربيع.",
    'وأكدت المديرة سلمى خليل أن "المدرسة الجديدة ستفتح في أيلول".',
    "انخفضت درجات الحرارة في المدينة أمس.",
    "قال رئيس البلدية: «سنبدأ أعمال الصيانة الأسبوع المقبل». وأضاف أن الطرق ستغلق ليلا.",
    "وأوضح المتحدث باسم الشركة أن الأرباح ارتفعت بنسبة عشرة في المئة، مشيرا إلى أن "
    "التوسع سيستمر.",
    "ذكرت وكالة الأنباء أن الاجتماع انتهى دون اتفاق.",
    "وصرح اللاعب بأنه سعيد بالفوز، وقال: \"كان الجمهور رائعا\".",
]


def cli():
    try:
        return CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        return CliRunner()


def run(args):
    return cli().invoke(main, args, catch_exceptions=False)


def write_jsonl(path: Path, n: int = 40, bad_at=()) -> Path:
    lines = []
    for i in range(n):
        if i in bad_at:
            lines.append('{"id": "broken", "text": ')  # malformed JSON
        else:
            text = TEXTS[i % len(TEXTS)] + f" (الخبر رقم {i})"
            lines.append(json.dumps({"id": f"d{i:03d}", "text": text, "n": i},
                                    ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("scale")
    src = write_jsonl(d / "in.jsonl", 40, bad_at=(13,))
    ref = d / "ref.jsonl"
    res = run(["extract", "--rules-only", "--quiet", "--batch-size", "4", str(src), "-o", str(ref)])
    assert res.exit_code == 1  # the malformed line
    return src, ref


def test_jobs_2_equals_jobs_1(corpus, tmp_path):
    src, ref = corpus
    out = tmp_path / "j2.jsonl"
    res = run(["extract", "--rules-only", "--quiet", "--jobs", "2", "--batch-size", "4", str(src),
               "-o", str(out)])
    assert res.exit_code == 1
    assert "1 document(s) failed" in res.stderr
    assert read_lines(out) == read_lines(ref)
    recs = [json.loads(x) for x in read_lines(out)]
    assert len(recs) == 40
    assert recs[13]["error"].startswith("malformed JSON") and recs[13]["quotes"] == []
    assert sum(1 for r in recs if r.get("quotes")) > 20


# A component that fails on one document, to check that an exception inside a
# worker becomes that document's error record only.  Module-level, so the
# spawned workers find it by importing this module.
@Language.component("explode_on_boom")
def _explode_on_boom(doc):
    if "BOOM" in doc.text:
        raise ValueError("boom in the pipeline")
    return doc


def load_exploding():
    nlp = quotes.load(rules_only=True)
    nlp.add_pipe("explode_on_boom")
    return nlp


def test_worker_exception_is_an_error_record():
    items = [Document(f"x{i}", TEXTS[i % len(TEXTS)]) for i in range(10)]
    items[4] = Document("boom", "وقال الوزير BOOM إن الخطة ستنجح.")
    items[7] = InputError("bad", "f.jsonl:8", "malformed JSON")
    results = list(ParallelRunner(load_exploding, batch_size=3, jobs=2).run(items))
    assert [r.id for r in results] == [x.id for x in items]
    assert results[4].error == "ValueError: boom in the pipeline"
    assert results[7].error == "malformed JSON"
    ok = [r for i, r in enumerate(results) if i not in (4, 7)]
    assert all(r.ok for r in ok)
    rules = quotes.load(rules_only=True)
    expected = [quotes.extract(x.text, nlp=rules) for i, x in enumerate(items) if i not in (4, 7)]
    assert [r.quotes for r in ok] == expected


def test_resume_skips_done_ids_and_appends(corpus, tmp_path):
    src, ref = corpus
    ref_lines = read_lines(ref)
    out = tmp_path / "resumed.jsonl"
    # An interrupted run: 20 complete records and half of the next one.
    out.write_text("\n".join(ref_lines[:20]) + "\n" + ref_lines[20][:30], encoding="utf-8")
    res = run(["extract", "--rules-only", "--quiet", "--resume", "--jobs", "2", "--batch-size", "4",
               str(src), "-o", str(out)])
    assert res.exit_code in (0, 1)
    assert read_lines(out) == ref_lines
    # Nothing left to do: the file stays as it is.
    res = run(["extract", "--rules-only", "--quiet", "--resume", str(src), "-o", str(out)])
    assert res.exit_code == 0
    assert read_lines(out) == ref_lines
    assert len(done_ids(str(out))) == 40


def test_resume_without_existing_file_writes_it(corpus, tmp_path):
    src, ref = corpus
    out = tmp_path / "fresh.jsonl"
    assert prepare_resume(str(out)) == set()
    res = run(["extract", "--rules-only", "--quiet", "--resume", "--batch-size", "4", str(src),
               "-o", str(out)])
    assert res.exit_code == 1
    assert read_lines(out) == read_lines(ref)


@pytest.mark.parametrize("args", [["--resume"], ["--resume", "-o", "-"],
                                  ["--resume", "--format", "csv", "-o", "x.csv"]])
def test_resume_usage_errors(corpus, args):
    src, _ = corpus
    res = run(["extract", "--rules-only", *args, str(src)])
    assert res.exit_code == 2
    assert res.stderr.startswith("quotes: error:")


def test_dask_local_cluster_equals_single_process(corpus, tmp_path):
    pytest.importorskip("dask.bag")
    pytest.importorskip("distributed")
    from quotes.distributed import part_files, run_dask

    src, ref = corpus
    out = tmp_path / "parts"
    options = {"batch_size": 4, "rules_only": True}
    stats = run_dask([str(src)], str(out), options, jobs=2, partition_size=15)
    files = part_files(str(out))
    assert [Path(f).name for f in files] == ["part-00000.jsonl", "part-00001.jsonl",
                                             "part-00002.jsonl"]
    assert [s["documents"] for s in stats] == [15, 15, 10]
    assert sum(s["errors"] for s in stats) == 1
    got = [line for f in files for line in read_lines(Path(f))]
    assert got == read_lines(ref)
    # The output folder is not overwritten.
    with pytest.raises(ValueError, match="already holds"):
        run_dask([str(src)], str(out), options, jobs=1, partition_size=15)


def test_dask_cli_usage_errors(corpus, tmp_path):
    src, _ = corpus
    res = run(["extract", "--rules-only", "--engine", "dask", str(src)])
    assert res.exit_code == 2 and "-o DIR" in res.stderr
    txt = tmp_path / "a.txt"
    txt.write_text(TEXTS[0], encoding="utf-8")
    res = run(["extract", "--rules-only", "--engine", "dask", str(txt), "-o", str(tmp_path / "o")])
    assert res.exit_code == 2
