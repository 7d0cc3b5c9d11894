"""Property-based checks of reading and writing (skipped without hypothesis)."""
from __future__ import annotations

import csv
import io
import json

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from quotes.io import iter_documents  # noqa: E402
from quotes.output import CsvWriter, neutralise  # noqa: E402
from quotes.types import Quote, Span  # noqa: E402

# Arabic letters, marks, digits, punctuation, quotes and whitespace of all kinds.
ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs",))
TEXTS = st.text(alphabet=ALPHABET, max_size=200)


@settings(max_examples=60, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=5))
def test_jsonl_texts_read_back_exactly(tmp_path_factory, texts):
    p = tmp_path_factory.mktemp("p") / "t.jsonl"
    p.write_text("".join(json.dumps({"id": str(i), "text": t}, ensure_ascii=False) + "\n"
                         for i, t in enumerate(texts)), encoding="utf-8")
    docs = list(iter_documents([str(p)]))
    assert [d.text for d in docs] == texts


@settings(max_examples=60, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=5))
def test_csv_texts_read_back_exactly(tmp_path_factory, texts):
    p = tmp_path_factory.mktemp("p") / "t.csv"
    with open(p, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text"])
        for i, t in enumerate(texts):
            w.writerow([f"d{i}", t])
    docs = list(iter_documents([str(p)]))
    assert [d.text for d in docs] == texts


@settings(max_examples=100, deadline=None)
@given(TEXTS)
def test_csv_cells_never_start_a_formula(text):
    if not text:
        return
    q = Quote(type="direct", cue=Span.from_text(text, 0, 0), content=Span.from_text(text, 0, len(text)))
    buf = io.StringIO()
    CsvWriter(buf).write(text, [q])
    row = next(csv.DictReader(io.StringIO(buf.getvalue())))
    for cell in (row["doc_id"], row["content"]):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert neutralise(text).endswith(text)
