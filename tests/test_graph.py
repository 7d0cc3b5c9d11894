"""The speaker–claim graph: speakers.py, claims.py, graph.py, export.py and
``quotes graph``.  Texts here were written for these tests; the real-article
test reads ../shared/corpora/news at run time and skips without it."""
from __future__ import annotations

import csv
import gzip
import json
import shutil
import subprocess
from itertools import islice
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree

from quotes.claims import cluster_claims, normalise_claim
from quotes.export import csv_paths, write, write_gexf
from quotes.graph import Article, build, parse_date
from quotes.speakers import AliasError, analyse, best_name, read_aliases
from quotes.types import Quote, Span
from test_cli import run  # the CliRunner helper (tests/ is on sys.path)

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
XSD = SHARED / "gexf-schema" / "1.3" / "gexf.xsd"
NEWS = SHARED / "corpora" / "news"
JS = ROOT / "tests" / "js"

A1 = ("قال وزير المالية سمير الحداد إن العجز سيتراجع في العام المقبل بفضل الإصلاحات. "
      "وأضاف الحداد أن الحكومة لن ترفع الضرائب على الخبز.")
A2 = "وقال الحداد للصحفيين إن العجز سيتراجع في العام المقبل بفضل الإصلاحات الجديدة."
A3 = "وأكد المتحدث باسم الشركة أن المصنع سيفتح أبوابه قبل نهاية الصيف."
A4 = "وأكد المتحدث باسم الشركة أن الرواتب ستدفع في موعدها."
A5 = "وصرح سمير الحداد بأن الميزانية ستنشر كاملة في الربيع."


def articles():
    return [{"id": "a1", "text": A1, "date": "Sun, 18 Feb 2018 21:35:43 +0400",
             "outlet": "daily", "url": "http://example.org/a1"},
            {"id": "a2", "text": A2, "date": "2018-02-19T08:00:00+01:00", "outlet": "weekly"},
            {"id": "a3", "text": A3, "date": "2018-02-20 10:00:00", "outlet": "daily"},
            {"id": "a4", "text": A4, "date": "2018-03-01", "outlet": "weekly"},
            {"id": "a5", "text": A5, "date": "2018-03-02", "outlet": "daily"}]


@pytest.fixture(scope="module")
def graph():
    return build(articles())


def speaker_nodes(g):
    return {n: d for n, d in g.nodes(data=True) if d["kind"] == "speaker"}


def claim_nodes(g):
    return {n: d for n, d in g.nodes(data=True) if d["kind"] == "claim"}


def schema():
    if not XSD.exists():
        pytest.skip(f"{XSD} not found: ../shared is not checked out next to the repo")
    return etree.XMLSchema(etree.parse(str(XSD)))


# --------------------------------------------------------------------- speakers

@pytest.mark.parametrize("mention,key,typ", [
    ("وزير المالية سمير الحداد", "سمير الحداد", "person"),
    ("الرئيس، سمير الحداد", "سمير الحداد", "person"),
    ("الحداد", "الحداد", "person"),
    ("مدير مؤسسة الأمير سلمان للتنمية الدكتور سمير الحداد", "سمير الحداد", "person"),
    ("مديرة المدرسة، رنا الحداد", "رنا الحداد", "person"),
    ("السفير عبد الله الحداد", "عبدالله الحداد", "person"),
    ("وزارة الخارجية الفرنسية", "وزاره الخارجيه الفرنسيه", "place-or-government"),
    ("رويترز", "رويترز", "organisation"),
    ("فرنسا", "فرنسا", "place-or-government"),
])
def test_analyse_strips_titles_and_types(mention, key, typ):
    name = analyse(mention)
    assert (name.key, name.type) == (key, typ)
    assert not name.generic


def test_full_name_of_a_surname_from_another_mention():
    # names.txt knows neither word: the surname alone finds the first name
    name = best_name(["فيلدنر", "مدير المشروع بيورن فيلدنر الذي وصل أمس"])
    assert (name.key, name.label) == ("بيورن فيلدنر", "بيورن فيلدنر")


def test_bare_roles_are_generic_and_grammar_words_no_speaker():
    assert analyse("الوزير").generic
    assert analyse("المتحدث باسم الشركة").generic
    assert analyse("مسؤولون فرنسيون").generic          # other officials in each article
    assert not analyse("وزير الخارجية الفرنسي").generic  # one person at a time
    assert analyse("قد") is None


def test_surname_joins_full_name_across_articles(graph):
    sp = speaker_nodes(graph)
    assert "s:سمير الحداد" in sp and "s:الحداد" not in sp
    node = sp["s:سمير الحداد"]
    assert node["label"] == "سمير الحداد" and node["type"] == "person"
    assert node["quotes"] == 4 and node["articles"] == 3
    assert "وزير المالية سمير الحداد" in node["aliases"].split(" | ")


def test_ambiguous_surname_stays_apart():
    texts = ["قال سمير الحداد إن المشروع سينتهي في الربيع.",
             "قال كمال الحداد إن المدرسة ستفتح في الخريف.",
             "وقال الحداد إن الجسر سيفتح في الشتاء.",
             "قال سمير الحداد إن المشروع تأخر.",
             "قال كمال الحداد إن المدرسة جاهزة."]
    g = build([{"id": f"d{i}", "text": t} for i, t in enumerate(texts)])
    sp = speaker_nodes(g)
    assert sp["s:سمير الحداد"]["quotes"] == sp["s:كمال الحداد"]["quotes"] == 2
    # not in names.txt and not resolved: a surname that stays in its article
    assert "s:d2:الحداد" in sp


def test_surname_needs_the_full_name_in_two_articles():
    texts = ["قال كمال الحداد إن المدرسة ستفتح في الخريف.", "وقال الحداد إن الجسر سيفتح."]
    g = build([{"id": f"d{i}", "text": t} for i, t in enumerate(texts)])
    assert {"s:كمال الحداد", "s:d1:الحداد"} <= set(speaker_nodes(g))


def test_bare_role_is_one_node_per_article(graph):
    roles = [n for n, d in speaker_nodes(graph).items() if "المتحدث" in d["label"]]
    assert sorted(roles) == ["s:a3:المتحدث باسم الشركه", "s:a4:المتحدث باسم الشركه"]


def test_alias_file_merges_and_splits(tmp_path):
    p = tmp_path / "aliases.csv"
    p.write_text("alias,canonical,type\nالمتحدث باسم الشركة,شركة الأمل,organisation\n"
                 "الحداد,الحداد,\n", encoding="utf-8")
    g = build(articles(), aliases=read_aliases(str(p)))
    sp = speaker_nodes(g)
    assert sp["s:شركه الامل"]["articles"] == 2
    assert sp["s:شركه الامل"]["type"] == "organisation"
    assert sp["s:شركه الامل"]["label"] == "شركة الأمل"
    assert "s:الحداد" in sp and sp["s:سمير الحداد"]["quotes"] == 3   # split


def test_bad_alias_file(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("name,other\nx,y\n", encoding="utf-8")
    with pytest.raises(AliasError, match="header"):
        read_aliases(str(p))
    p.write_text("alias,canonical,type\nx,y,planet\n", encoding="utf-8")
    with pytest.raises(AliasError, match="a.csv:2: unknown type"):
        read_aliases(str(p))


# ----------------------------------------------------------------------- claims

def test_normalise_claim_drops_complementizer_marks_and_spelling():
    assert normalise_claim("إن «العجز سيتراجع»،") == normalise_claim('أنّ "العجز سيتراجع"')
    assert normalise_claim("بأن العجز سيتراجع") == "العجز سيتراجع"


def test_near_duplicates_cluster_and_others_do_not():
    texts = [normalise_claim(t) for t in (
        "إن العجز سيتراجع في العام المقبل بفضل الإصلاحات",
        "إن العجز سيتراجع في العام المقبل بفضل الإصلاحات الجديدة",
        "أن الحكومة لن ترفع الضرائب على الخبز",
        "نعم",
        "نعم",
    )]
    c = cluster_claims(texts)
    assert c[0] == c[1]
    assert len({c[1], c[2], c[3], c[4]}) == 4   # too short to be the same statement


def test_claim_node_has_sources_from_several_outlets(graph):
    claims = claim_nodes(graph)
    shared = [d for d in claims.values() if d["articles"] == 2]
    assert len(shared) == 1
    d = shared[0]
    assert d["outlets"] == "daily | weekly" and d["first_date"] == "2018-02-18"
    assert d["text"].startswith("إن العجز سيتراجع")


def test_edges_carry_the_quote(graph):
    edges = [d for *_, d in graph.edges(data=True) if d["article"] == "a1"]
    assert {e["cue_lemma"] for e in edges} == {"قال", "أضاف"}
    e = next(e for e in edges if e["cue_lemma"] == "قال")
    assert e["quote_type"] == "indirect" and e["date"] == "2018-02-18"
    assert e["url"] == "http://example.org/a1" and 0 < e["confidence"] <= 1


def test_build_leaves_quotes_untouched():
    import quotes

    qs = quotes.extract(A1)
    before = [q.to_dict() for q in qs]
    build([Article("a", qs)])
    assert [q.to_dict() for q in qs] == before
    for q in qs:
        assert A1[q.content.start:q.content.end] == q.content.text


def test_build_takes_extract_records_and_quote_objects(graph):
    import quotes

    recs = [{"id": a["id"], "quotes": [q.to_dict() for q in quotes.extract(a["text"])],
             "meta": {k: v for k, v in a.items() if k not in ("id", "text")}}
            for a in articles()]
    g = build(recs)
    assert nx.utils.graphs_equal(g, graph)
    assert build(quotes.extract(A1)).number_of_edges() == 2


def test_date_range_and_min_quotes():
    g = build(articles(), since="2018-02-19", until="2018-02-28")
    assert {d["article"] for *_, d in g.edges(data=True)} == {"a2", "a3"}
    g = build(articles(), min_quotes=2)
    assert set(speaker_nodes(g)) == {"s:سمير الحداد"}
    assert all(g.degree(n) for n in g)


@pytest.mark.parametrize("value,iso", [
    ("Sun, 18 Feb 2018 21:35:43 +0400", "2018-02-18"), ("2017-01-20T21:43:00+01:00", "2017-01-20"),
    ("2015-07-21 02:51:32", "2015-07-21"), ("soon", None), (None, None)])
def test_parse_date(value, iso):
    assert parse_date(value) == iso


# ----------------------------------------------------------------------- export

def hostile_graph() -> nx.MultiDiGraph:
    text = "قال الوزير\x01 إن «الخطة» <ناجحة> & \x0bمكتملة"
    q = Quote("indirect", Span(0, 3, "قال"), Span(15, len(text), text[15:]),
              speaker=Span(4, 14, text[4:14]), speaker_resolved=Span(4, 14, text[4:14]),
              cue_lemma="قال", cue_class="state", confidence=0.8, speaker_id=1)
    return build([Article("x\x02", [q], "2018-01-01", "http://e.org/?a=1&b=2", "o")])


def test_gexf_escapes_and_drops_illegal_characters(tmp_path):
    p = tmp_path / "g.gexf"
    write_gexf(hostile_graph(), p)
    doc = etree.parse(str(p))          # well-formed despite \x01, \x0b, < > &
    assert b"\x01" not in p.read_bytes()
    ns = {"g": "http://gexf.net/1.3"}
    values = doc.xpath("//g:attvalue/@value", namespaces=ns)
    assert any("<ناجحة> &" in v for v in values)
    assert schema().validate(doc), schema().error_log


def test_other_formats(tmp_path):
    g = hostile_graph()
    write(g, tmp_path / "g.graphml", "graphml")
    h = nx.read_graphml(tmp_path / "g.graphml")
    assert (h.number_of_nodes(), h.number_of_edges()) == (2, 1)
    write(g, tmp_path / "g.json", "json")
    data = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert len(data["nodes"]) == 2 and len(data["edges"]) == 1
    nodes, edges = write(g, tmp_path / "g.csv", "csv")
    assert (nodes, edges) == csv_paths(tmp_path / "g.csv")
    rows = list(csv.DictReader(open(edges, encoding="utf-8", newline="")))
    assert rows[0]["Source"].startswith("s:") and rows[0]["Type"] == "Directed"
    assert list(csv.DictReader(open(nodes, encoding="utf-8")))[0]["Id"]


def real_articles(n_per_file: int = 12) -> list[dict]:
    files = sorted(NEWS.glob("*.jsonl.gz")) if NEWS.exists() else []
    if not files:
        pytest.skip(f"{NEWS} not found: ../shared is not checked out next to the repo")
    out = []
    for f in files[:3]:
        with gzip.open(f, "rt", encoding="utf-8") as fh:
            out.extend(json.loads(line) for line in islice(fh, n_per_file))
    return out


def parse_with_graphology(path: Path) -> dict:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node (Node.js) not found: cannot run graphology-gexf")
    if not (JS / "node_modules" / "graphology-gexf").exists():
        pytest.skip("graphology-gexf not installed: run `make test` or "
                    "`npm ci --prefix tests/js` (needs npm)")
    res = subprocess.run([node, str(JS / "parse_gexf.js"), str(path)], capture_output=True,
                         text=True, encoding="utf-8", timeout=120)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def test_real_articles_gexf_validates_and_graphology_reads_it(tmp_path):
    g = build(real_articles())
    assert g.number_of_edges() > 20
    p = tmp_path / "news.gexf"
    write_gexf(g, p)
    s = schema()
    assert s.validate(etree.parse(str(p))), s.error_log
    parsed = parse_with_graphology(p)
    assert (parsed["order"], parsed["size"]) == (g.number_of_nodes(), g.number_of_edges())
    assert parsed["type"] == "directed"
    for n, d in g.nodes(data=True):
        assert parsed["nodes"][n]["label"] == d["label"]
        assert parsed["nodes"][n]["type"] == d["type"]
    arabic = [d["label"] for d in parsed["nodes"].values()
              if any("\u0600" <= ch <= "\u06ff" for ch in d["label"])]
    assert len(arabic) > 10
    assert {e["key"] for e in parsed["edges"]} == {k for *_, k in g.edges(keys=True)}
    person = next(n for n, d in g.nodes(data=True) if d["type"] == "person")
    assert parsed["nodes"][person]["color"] == "rgb(0,114,178)"
    assert parsed["nodes"][person]["size"] > 0


def test_graphology_reads_an_empty_graph(tmp_path):
    p = tmp_path / "empty.gexf"
    write_gexf(build([Article("a", [])]), p)
    assert schema().validate(etree.parse(str(p)))
    assert parse_with_graphology(p)["order"] == 0


# -------------------------------------------------------------------------- CLI

def write_inputs(tmp_path) -> Path:
    p = tmp_path / "news.jsonl"
    p.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles()),
                 encoding="utf-8")
    return p


def test_cli_from_raw_and_from_extract_output_agree(tmp_path):
    raw = write_inputs(tmp_path)
    res = run(["graph", str(raw), "-o", str(tmp_path / "a.json")])
    assert res.exit_code == 0, res.stderr
    assert "speaker(s)" in res.stderr
    res = run(["extract", "--format", "jsonl", str(raw), "-o", str(tmp_path / "pred.jsonl")])
    assert res.exit_code == 0
    res = run(["graph", str(tmp_path / "pred.jsonl"), "-o", str(tmp_path / "b.json"), "-q"])
    assert res.exit_code == 0 and res.stderr == ""
    a, b = (json.loads((tmp_path / f).read_text(encoding="utf-8")) for f in ("a.json", "b.json"))
    assert a == b


def test_cli_txt_folder_gexf_and_options(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one.txt").write_text(A1, encoding="utf-8")
    (folder / "two.txt").write_text(A2, encoding="utf-8")
    res = run(["graph", str(folder), "-o", str(tmp_path / "g.gexf"), "--min-quotes", "2"])
    assert res.exit_code == 0, res.stderr
    doc = etree.parse(str(tmp_path / "g.gexf"))
    labels = doc.xpath("//g:node/@label", namespaces={"g": "http://gexf.net/1.3"})
    assert "سمير الحداد" in labels
    res = run(["graph", str(write_inputs(tmp_path)), "-o", str(tmp_path / "g.csv"),
               "--since", "2018-02-20"])
    assert res.exit_code == 0
    assert (tmp_path / "g-nodes.csv").exists() and (tmp_path / "g-edges.csv").exists()


@pytest.mark.parametrize("args,message", [
    (["MISSING.jsonl", "-o", "g.gexf"], "no such file or directory"),
    (["IN", "-o", "g.gexf", "--since", "yesterday"], "not a date"),
    (["IN", "-o", "g.gexf", "--since", "2018-03-01", "--until", "2018-02-01"], "is after"),
    (["IN", "-o", "g.gexf", "--aliases", "MISSING.csv"], "cannot read"),
    (["IN", "-o", "NO/SUCH/DIR/g.gexf"], "cannot write"),
])
def test_cli_usage_errors_exit_2_without_traceback(tmp_path, args, message):
    raw = write_inputs(tmp_path)
    args = [str(raw) if a == "IN" else str(tmp_path / a)
            if a.endswith((".gexf", ".csv", ".jsonl")) else a for a in args]
    res = run(["graph", *args])
    assert res.exit_code == 2
    assert message in res.stderr and "Traceback" not in res.stderr


def test_cli_bad_document_is_reported_and_graph_still_written(tmp_path):
    p = write_inputs(tmp_path)
    with open(p, "a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    res = run(["graph", str(p), "-o", str(tmp_path / "g.gexf")])
    assert res.exit_code == 1
    assert "news.jsonl:6: malformed JSON" in res.stderr
    assert (tmp_path / "g.gexf").exists()
