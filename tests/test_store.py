"""The quote store (quotes.store) and its commands: ingest, search, speakers.

Every article here is written for these tests."""
from __future__ import annotations

import gzip
import json
import sqlite3
from itertools import islice
from pathlib import Path

import pytest

import quotes
from quotes import store as store_mod
from quotes.store import MIGRATIONS, Store, StoreError, iso_day, query_terms
from quotes.text import search_key

from test_cli import jsonl, lines, run

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT.parent / "shared" / "corpora" / "news"

# Diacritics, shadda and tanwin in the article; the queries below are plain.
MINISTER = ('وقالَ وزيرُ الخارجيّة سمير الحدّاد إن "المفاوضات ستُستأنف قريباً". '
            "وأضاف أن الوفد سيصل إلى العاصمة غدا.")
# Plain spelling in the article; the queries below add diacritics, tatweel...
HEALTH = "وقال مسؤول في وزارة الصحة إن المستشفى الجديد سيفتح أبوابه في أيلول."
SCHOOL = 'وأكدت المديرة سلمى خليل أن "المدرسة الجديدة ستفتح في أيلول".'

ARTICLES = [
    {"id": "m1", "outlet": "Daily Demo", "category": "politics",
     "date": "Sun, 18 Feb 2018 21:35:43 +0400", "url": "https://example.org/m1",
     "title": "جولة مفاوضات", "text": MINISTER},
    {"id": "h1", "outlet": "Radio Demo", "date": "2019-03-01T10:00:00+01:00",
     "url": "https://example.org/h1", "title": "مستشفى", "text": HEALTH},
    {"id": "s1", "outlet": "daily demo", "date": "2020-09-01 08:00:00", "title": "مدرسة",
     "text": SCHOOL},
]


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "store" / "quotes.sqlite3"


@pytest.fixture
def ingested(tmp_path, db) -> Path:
    src = jsonl(tmp_path, "news.jsonl", ARTICLES)
    res = run(["ingest", "--db", str(db), "--quiet", str(src)])
    assert res.exit_code == 0, res.stderr
    return db


def search(db: Path, *args: str) -> list[dict]:
    res = run(["search", "--db", str(db), "--format", "jsonl", *args])
    assert res.exit_code == 0, res.stderr
    return lines(res.stdout)


# ------------------------------------------------------------------ ingest

def test_ingest_stores_articles_with_their_fields_and_quotes(ingested):
    with Store(ingested) as st:
        assert st.counts() == {"articles": 3, "quotes": 4, "quote_index": 4}
        art, found = st.article("m1")
        assert (art.url, art.outlet, art.title, art.day) == (
            "https://example.org/m1", "Daily Demo", "جولة مفاوضات", "2018-02-18")
        assert art.date == "Sun, 18 Feb 2018 21:35:43 +0400" and art.text == MINISTER
        # the quotes come back exactly as the pipeline gave them: same offsets, same texts
        assert [q.to_dict() for q in found] == [q.to_dict() for q in quotes.extract(MINISTER)]


def test_reingest_adds_no_rows_and_replaces_a_changed_article(tmp_path, ingested):
    with Store(ingested) as st:
        before = st.counts()
    src = jsonl(tmp_path, "again.jsonl", ARTICLES)
    res = run(["ingest", "--db", str(ingested), str(src)])
    assert res.exit_code == 0, res.stderr
    assert "(+0)" in res.stderr
    with Store(ingested) as st:
        assert st.counts() == before
    # the same id with a new text: its old quotes go, the new ones come
    changed = dict(ARTICLES[0], text=SCHOOL)
    res = run(["ingest", "--db", str(ingested), "-q", str(jsonl(tmp_path, "c.jsonl", [changed]))])
    assert res.exit_code == 0
    with Store(ingested) as st:
        assert st.counts() == {"articles": 3, "quotes": 3, "quote_index": 3}
        assert [h.article_id for h in st.search(text="المفاوضات")] == []
        assert sorted(h.article_id for h in st.search(text="المدرسة")) == ["m1", "s1"]


def test_ingest_with_jobs_gives_the_same_store(tmp_path, ingested):
    other = tmp_path / "jobs.sqlite3"
    src = jsonl(tmp_path, "news.jsonl", ARTICLES)
    res = run(["ingest", "--db", str(other), "-q", "--jobs", "2", "--batch-size", "1", str(src)])
    assert res.exit_code == 0, res.stderr
    with Store(ingested) as a, Store(other) as b:
        assert a.search(limit=0) == b.search(limit=0)


def test_ingest_reports_bad_records_and_stores_the_rest(tmp_path, db):
    src = jsonl(tmp_path, "bad.jsonl", [ARTICLES[1], "{not json", {"id": "x"}])
    res = run(["ingest", "--db", str(db), "-q", str(src)])
    assert res.exit_code == 1
    assert "bad.jsonl:2: malformed JSON" in res.stderr and "Traceback" not in res.stderr
    with Store(db) as st:
        assert st.counts()["articles"] == 1


def test_ingest_missing_input_is_a_usage_error(tmp_path, db):
    res = run(["ingest", "--db", str(db), str(tmp_path / "nope.jsonl")])
    assert res.exit_code == 2 and "no such file" in res.stderr
    assert not db.exists()


# ------------------------------------------------------------------ search

@pytest.mark.parametrize("query, article", [
    ("الحداد", "m1"),                 # shadda in the article, none in the query
    ("وزير الخارجية", "m1"),
    ("مسـؤول", "h1"),                 # tatweel in the query
    ("مسئول", "h1"),                  # hamza on ya for the article's hamza on waw
    ("سلمى", "s1"), ("سلمي", "s1"),   # alef maqsura / ya
    ("المديره", "s1"),                # ta marbuta written as ha
])
def test_speaker_search_ignores_spelling(ingested, query, article):
    assert {h["article_id"] for h in search(ingested, "--speaker", query)} == {article}


@pytest.mark.parametrize("query, articles", [
    ("ستستأنف", {"m1"}),              # the article has a damma: ستُستأنف
    ("قريبا", {"m1"}),                # ...and tanwin: قريباً
    ("المستشفي", {"h1"}),             # ى/ي
    ("ابوابه", {"h1"}),               # أ/ا
    ("إيلول", {"h1", "s1"}),          # إ for أ
    ("الْجَدِيدَةُ", {"s1"}),            # diacritics in the query
    ("مدرسه الجديده", {"s1"}),        # several words, all needed, clitic-free stem
    ("المدرسة المفاوضات", set()),
])
def test_text_search_ignores_spelling(ingested, query, articles):
    assert {h["article_id"] for h in search(ingested, "--text", query)} == articles


def test_search_results_say_who_what_where_when(ingested):
    [hit] = search(ingested, "--speaker", "الحداد", "--text", "الوفد")
    assert hit["speaker"] == "وزيرُ الخارجيّة سمير الحدّاد"     # the resolved speaker of وأضاف
    assert hit["quote"] == "أن الوفد سيصل إلى العاصمة غدا"
    assert MINISTER[hit["start"]:hit["end"]] == hit["quote"]
    assert (hit["outlet"], hit["date"], hit["url"]) == ("Daily Demo", "2018-02-18",
                                                        "https://example.org/m1")


def test_search_filters(ingested):
    ids = lambda *a: sorted(h["article_id"] for h in search(ingested, *a))  # noqa: E731
    assert ids("--outlet", "DAILY DEMO") == ["m1", "m1", "s1"]
    assert ids("--since", "2019-01-01") == ["h1", "s1"]
    assert ids("--until", "2019-03-01") == ["h1", "m1", "m1"]
    assert ids("--since", "2019-01-01", "--until", "2019-12-31") == ["h1"]
    assert ids("--type", "mixed") == ["m1", "s1"]
    assert ids("--text", "في") == ["h1", "s1"]       # a two-letter word
    assert len(search(ingested, "--limit", "1")) == 1
    # newest first
    assert [h["article_id"] for h in search(ingested)] == ["s1", "h1", "m1", "m1"]


def test_search_formats(ingested):
    table = run(["search", "--db", str(ingested), "--format", "table", "--speaker", "خليل"])
    assert table.exit_code == 0 and "المديرة سلمى خليل" in table.stdout
    assert "1 quote(s) found in" in table.stdout
    csv_ = run(["search", "--db", str(ingested), "--format", "csv", "--speaker", "خليل"])
    assert csv_.stdout.splitlines()[0] == "speaker,quote,outlet,date,url"


def test_speakers_lists_the_most_quoted(ingested):
    res = run(["speakers", "--db", str(ingested), "--format", "jsonl"])
    assert res.exit_code == 0
    top = lines(res.stdout)
    # وقال وزير الخارجية فلان … وأضاف …: one speaker, two quotes
    assert {"speaker": "وزيرُ الخارجيّة سمير الحدّاد", "quotes": 2, "articles": 1} in top
    assert sum(r["quotes"] for r in top) == 4


def test_spellings_of_one_speaker_are_counted_together(db):
    a = "وقال سمير الحداد إن الاتفاق قريب."
    b = "وقال سمير الحدّاد إن الوفد سيعود."
    with Store(db) as st, st.transaction():
        for n, text in enumerate((a, a, b)):
            st.add(f"d{n}", text, {}, quotes.extract(text))
    with Store(db) as st:
        assert [(s.speaker, s.quotes, s.articles) for s in st.speakers()] == [("سمير الحداد", 3, 3)]


def test_query_terms_use_the_index_normalisation():
    assert query_terms("«الحكومـــة»، إلى!") == [search_key("الحكومة"), search_key("إلى")]
    assert search_key("إلى") == search_key("الي")


@pytest.mark.parametrize("value, day", [
    ("Sun, 18 Feb 2018 21:35:43 +0400", "2018-02-18"),
    ("2017-01-20T21:43:00+01:00", "2017-01-20"),
    ("2015-07-21 02:51:32", "2015-07-21"),
    ("2015-02-30", None), ("yesterday", None), ("", None), (None, None),
])
def test_iso_day(value, day):
    assert iso_day(value) == day


# ------------------------------------------------------------------ errors a user can act on

def test_search_without_a_store_is_a_clear_error(tmp_path):
    for cmd in (["search", "--speaker", "x"], ["speakers"], ["render", "--stored", "x"]):
        res = run([*cmd, "--db", str(tmp_path / "none.sqlite3")])
        assert res.exit_code == 2, cmd
        assert "no quote store at" in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "none.sqlite3").exists()


def test_a_query_without_words_is_a_clear_error(ingested):
    res = run(["search", "--db", str(ingested), "--text", "«!»"])
    assert res.exit_code == 2 and "has no word to search for" in res.stderr


def test_a_file_that_is_not_a_store_is_a_clear_error(tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database" * 100)
    res = run(["search", "--db", str(junk)])
    assert res.exit_code == 2 and "not a usable quote store" in res.stderr
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(StoreError, match="not a quote store"):
        Store(other)


def test_default_db_is_in_the_user_data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("QUOTES_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    path = store_mod.default_db_path()
    assert path.name == "quotes.sqlite3" and str(path).startswith(str(tmp_path))


# ------------------------------------------------------------------ schema and migrations

def test_new_store_is_at_the_latest_version(db):
    with Store(db) as st:
        assert st.version == len(MIGRATIONS)


def test_migrations_are_applied_in_order_and_once(db, monkeypatch):
    with Store(db) as st, st.transaction():
        st.add("m1", MINISTER, {}, quotes.extract(MINISTER))
    extra = ("ALTER TABLE articles ADD COLUMN note TEXT;",
             "UPDATE articles SET note = 'v3';")
    monkeypatch.setattr(store_mod, "MIGRATIONS", MIGRATIONS + extra)
    with Store(db) as st:
        assert st.version == len(MIGRATIONS) + 2
        assert st.db.execute("SELECT note FROM articles").fetchall() == [("v3",)]
        assert st.counts()["quotes"] == 2     # the data survived
    with Store(db) as st:                    # nothing left to apply
        assert st.version == len(MIGRATIONS) + 2


def test_a_failing_migration_leaves_the_store_as_it_was(db, monkeypatch):
    with Store(db) as st, st.transaction():
        st.add("m1", MINISTER, {}, quotes.extract(MINISTER))
    bad = ("ALTER TABLE articles ADD COLUMN note TEXT; INSERT INTO nowhere VALUES (1);",)
    monkeypatch.setattr(store_mod, "MIGRATIONS", MIGRATIONS + bad)
    with pytest.raises(StoreError, match=f"schema version {len(MIGRATIONS) + 1}"):
        Store(db)
    monkeypatch.setattr(store_mod, "MIGRATIONS", MIGRATIONS)
    with Store(db) as st:
        assert st.version == len(MIGRATIONS) and st.counts()["quotes"] == 2
        assert "note" not in [r[1] for r in st.db.execute("PRAGMA table_info(articles)")]


def test_a_store_from_a_newer_version_is_refused(db):
    Store(db).close()
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    con.close()
    with pytest.raises(StoreError, match="newer"):
        Store(db)
    res = run(["search", "--db", str(db)])
    assert res.exit_code == 2 and "upgrade quotes" in res.stderr


# ------------------------------------------------------------------ the shared news corpus

@pytest.mark.skipif(not NEWS.is_dir(), reason="../shared/corpora/news is not here")
def test_ingest_news_sample_is_idempotent(tmp_path, db):
    """A sample of real articles (read at run time, never copied): their
    fields are stored and a second ingest adds no row."""
    files = sorted(NEWS.glob("*.jsonl.gz"))
    records = []
    for f in files[:3]:
        with gzip.open(f, "rt", encoding="utf-8") as fh:
            records += [json.loads(x) for x in islice(fh, 10)]
    src = tmp_path / "sample.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                   encoding="utf-8")
    for _ in range(2):
        res = run(["ingest", "--db", str(db), "-q", str(src)])
        assert res.exit_code == 0, res.stderr
    with Store(db) as st:
        counts = st.counts()
        assert counts["articles"] == len({r["id"] for r in records})
        assert counts["quotes"] == counts["quote_index"] > 0
        art, _ = st.article(records[0]["id"])
        assert (art.url, art.outlet, art.title) == (records[0]["url"], records[0]["outlet"],
                                                    records[0]["title"])
        assert art.day is not None
