"""Input reading (quotes.io): no pipeline needed."""
from __future__ import annotations

import gzip
import io
import json

import pytest

from quotes.io import Document, InputError, InputNotFound, iter_documents

AR1 = "وقال المدير إن المصنع سيفتح أبوابه في الصيف."
AR2 = "وأكدت الشركة أن الأسعار لن ترتفع هذا العام."


def read(*paths, **kw):
    return list(iter_documents([str(p) for p in paths], **kw))


def write_jsonl(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- txt

def test_txt_file_id_is_stem_and_text_exact(tmp_path):
    p = tmp_path / "article-7.txt"
    text = AR1 + "\r\n" + AR2 + "\n"
    p.write_bytes(text.encode("utf-8"))
    [doc] = read(p)
    assert isinstance(doc, Document)
    assert doc.id == "article-7"
    assert doc.text == text  # no newline translation: offsets stay valid
    assert doc.meta == {}
    assert str(p) in doc.source


def test_txt_bom_dropped(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbf" + AR1.encode("utf-8"))
    [doc] = read(p)
    assert doc.text == AR1


def test_txt_undecodable_bytes(tmp_path):
    p = tmp_path / "bad.txt"
    p.write_bytes(AR1.encode("utf-8") + b"\n\xff\xfe broken\n")
    [err] = read(p)
    assert isinstance(err, InputError)
    assert err.id == "bad"
    assert str(p) in err.source and err.source.endswith(":2")
    assert "UTF-8" in err.message and "--encoding" in err.message


def test_txt_other_encoding(tmp_path):
    p = tmp_path / "cp.txt"
    p.write_bytes(AR1.encode("cp1256"))
    [doc] = read(p, encoding="cp1256")
    assert doc.text == AR1


# --------------------------------------------------------------------------- folders

def test_folder_recursive_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text(AR2, encoding="utf-8")
    (tmp_path / "a.txt").write_text(AR1, encoding="utf-8")
    write_jsonl(tmp_path / "c.jsonl", [json.dumps({"id": "j1", "text": AR1})])
    (tmp_path / "d.csv").write_text("id,text\nc1,نص قصير\n", encoding="utf-8")
    (tmp_path / "ignored.md").write_text("# not read", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    docs = read(tmp_path)
    assert [d.id for d in docs] == ["a", "z", "j1", "c1"]
    assert all(isinstance(d, Document) for d in docs)


def test_is_lazy(tmp_path):
    p = write_jsonl(tmp_path / "x.jsonl", [json.dumps({"id": str(i), "text": AR1})
                                           for i in range(5)])
    it = iter_documents([str(p)])
    assert next(it).id == "0"  # a generator, not a list


# --------------------------------------------------------------------------- jsonl

def test_jsonl_meta_kept_and_default_ids(tmp_path):
    p = write_jsonl(tmp_path / "news.jsonl", [
        json.dumps({"id": "n1", "text": AR1, "outlet": "X", "date": "2024-01-02"},
                   ensure_ascii=False),
        json.dumps({"text": AR2}, ensure_ascii=False),
        json.dumps({"id": 17, "text": AR2}, ensure_ascii=False),
    ])
    docs = read(p)
    assert [d.id for d in docs] == ["n1", "news:2", "17"]
    assert docs[0].meta == {"outlet": "X", "date": "2024-01-02"}
    assert docs[0].text == AR1
    assert docs[1].source == f"{p}:2"


def test_jsonl_malformed_line_reported_and_reading_goes_on(tmp_path):
    p = write_jsonl(tmp_path / "mixed.jsonl", [
        json.dumps({"id": "ok1", "text": AR1}, ensure_ascii=False),
        '{"id": "broken", "text": ',
        "",  # blank lines are skipped silently
        json.dumps({"id": "notext", "body": AR2}, ensure_ascii=False),
        json.dumps({"id": "numtext", "text": 5}),
        "[1, 2]",
        json.dumps({"id": "ok2", "text": AR2}, ensure_ascii=False),
    ])
    items = read(p)
    kinds = [type(x).__name__ for x in items]
    assert kinds == ["Document", "InputError", "InputError", "InputError",
                     "InputError", "Document"]
    bad = items[1]
    assert bad.source == f"{p}:2"
    assert bad.id == "mixed:2"
    assert "JSON" in bad.message
    assert items[2].id == "notext" and '"text"' in items[2].message
    assert items[2].source.endswith(":4")
    assert items[3].source.endswith(":5")
    assert "object" in items[4].message
    assert items[5].id == "ok2"


def test_jsonl_custom_columns(tmp_path):
    p = write_jsonl(tmp_path / "c.jsonl", [json.dumps({"doc": "d9", "body": AR1})])
    [doc] = read(p, text_column="body", id_column="doc")
    assert (doc.id, doc.text) == ("d9", AR1)


def test_jsonl_gz(tmp_path):
    p = tmp_path / "corpus.jsonl.gz"
    with gzip.open(p, "wt", encoding="utf-8") as fh:
        for i in range(3):
            fh.write(json.dumps({"id": f"g{i}", "text": AR1}, ensure_ascii=False) + "\n")
    docs = read(p)
    assert [d.id for d in docs] == ["g0", "g1", "g2"]


def test_jsonl_undecodable_line(tmp_path):
    p = tmp_path / "enc.jsonl"
    good = json.dumps({"id": "a", "text": AR1}, ensure_ascii=False).encode()
    p.write_bytes(good + b"\n" + b'{"id": "b", "text": "\xff"}\n' + good.replace(b'"a"', b'"c"') + b"\n")
    items = read(p)
    assert [type(x).__name__ for x in items] == ["Document", "InputError", "Document"]
    assert items[1].source == f"{p}:2" and "UTF-8" in items[1].message
    assert items[2].id == "c"


def test_truncated_gz_is_an_error_not_a_crash(tmp_path):
    p = tmp_path / "cut.jsonl.gz"
    blob = gzip.compress((json.dumps({"id": "x", "text": AR1}, ensure_ascii=False) + "\n").encode() * 50)
    p.write_bytes(blob[: len(blob) // 2])
    items = read(p)
    assert items and isinstance(items[-1], InputError)
    assert "cannot read" in items[-1].message


# --------------------------------------------------------------------------- csv

def test_csv_columns_and_meta(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text('key,body,lang\nk1,"' + AR1 + '\nسطر ثان",ar\n,' + AR2 + ",ar\n",
                 encoding="utf-8")
    docs = read(p, text_column="body", id_column="key")
    assert [d.id for d in docs] == ["k1", "t:4"]
    assert docs[0].text == AR1 + "\nسطر ثان"  # a multi-line cell
    assert docs[0].meta == {"lang": "ar"}
    assert docs[1].source == f"{p}:4"


def test_csv_default_columns(tmp_path):
    p = tmp_path / "plain.csv"
    p.write_text("text\n" + AR1 + "\n", encoding="utf-8")
    [doc] = read(p)
    assert doc.id == "plain:2" and doc.text == AR1


def test_csv_missing_text_column(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("id,body\n1," + AR1 + "\n", encoding="utf-8")
    [err] = read(p)
    assert isinstance(err, InputError)
    assert '"text"' in err.message and "--text-column" in err.message
    assert "body" in err.message  # lists the columns that exist


def test_csv_missing_explicit_id_column(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("id,text\n1," + AR1 + "\n", encoding="utf-8")
    [err] = read(p, id_column="key")
    assert isinstance(err, InputError) and "--id-column" in err.message


def test_csv_long_cell(tmp_path):
    p = tmp_path / "long.csv"
    long_text = (AR1 + " ") * 20000  # > the csv module's default cell limit
    p.write_text('id,text\nL,"' + long_text + '"\n', encoding="utf-8")
    [doc] = read(p)
    assert doc.text == long_text


# --------------------------------------------------------------------------- stdin

def test_stdin_plain_text():
    stream = io.BytesIO(("\n" + AR1 + "\n" + AR2).encode("utf-8"))
    [doc] = list(iter_documents(["-"], stdin=stream))
    assert doc.id == "stdin"
    assert doc.text == "\n" + AR1 + "\n" + AR2


def test_stdin_jsonl():
    lines = [json.dumps({"id": "s1", "text": AR1}, ensure_ascii=False),
             "not json",
             json.dumps({"text": AR2}, ensure_ascii=False)]
    stream = io.BytesIO(("  \n" + "\n".join(lines) + "\n").encode("utf-8"))
    items = list(iter_documents([], stdin=stream))  # no paths = stdin
    assert [type(x).__name__ for x in items] == ["Document", "InputError", "Document"]
    assert items[0].id == "s1"
    assert items[1].source == "<stdin>:3"
    assert items[2].id == "stdin:4"


def test_stdin_text_stream():
    [doc] = list(iter_documents(["-"], stdin=io.StringIO(AR1)))
    assert doc.text == AR1


def test_stdin_empty():
    assert list(iter_documents(["-"], stdin=io.BytesIO(b""))) == []


# --------------------------------------------------------------------------- errors

def test_missing_path_raises_before_reading(tmp_path):
    good = tmp_path / "a.txt"
    good.write_text(AR1, encoding="utf-8")
    it = iter_documents([str(good), str(tmp_path / "nope.txt")])
    with pytest.raises(InputNotFound) as exc:
        next(it)
    assert "nope.txt" in str(exc.value)


def test_unknown_encoding(tmp_path):
    with pytest.raises(LookupError):
        next(iter_documents([str(tmp_path)], encoding="no-such-codec"))
