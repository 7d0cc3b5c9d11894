"""`quotes serve` (quotes.serve): the search, speaker and article pages on
127.0.0.1, fetched over HTTP from a server on a free port."""
from __future__ import annotations

import threading
import urllib.error
import urllib.request
from urllib.parse import quote

import pytest

import quotes
from quotes.serve import make_server
from quotes.store import Store

from test_cli import run

TEXT = ('وقالت رئيسة اللجنة هدى سليمان إن "التقرير سينشر الأسبوع المقبل". '
        "وأضافت أن <script>window.x=1</script> النتائج مشجعة.")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("serve") / "q.sqlite3"
    with Store(db) as st, st.transaction():
        st.add("r1", TEXT, {"outlet": "Demo", "date": "2021-05-04", "title": "<b>تقرير</b>",
                            "url": "https://example.org/r1"}, quotes.extract(TEXT))
    srv = make_server(db, port=0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def get(url: str) -> tuple[int, str, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.read().decode("utf-8"), dict(resp.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8"), dict(exc.headers)


def test_index_lists_speakers_and_binds_loopback(server):
    assert server.startswith("http://127.0.0.1:")
    status, page, headers = get(server + "/")
    assert status == 200 and "هدى سليمان" in page and 'dir="rtl"' in page
    assert "script-src 'none'" in headers["Content-Security-Policy"]


def test_search_page_finds_and_escapes(server):
    # punctuation in a query is no word: "<>" only has to come back escaped in the form
    status, page, _ = get(server + "/?speaker=" + quote("سليمان") + "&text=" + quote('"><التقرير'))
    assert status == 200
    assert "سينشر الأسبوع المقبل" in page and 'value="&quot;&gt;&lt;التقرير"' in page
    status, page, _ = get(server + "/?text=" + quote("النتائج"))
    assert "&lt;script&gt;" in page and "<script>" not in page


def test_speaker_and_article_pages(server):
    status, page, _ = get(server + "/speaker?name=" + quote("هدى سليمان"))
    assert status == 200 and page.count("<tr>") == 3          # header + two quotes
    status, page, _ = get(server + "/article?id=r1")
    assert status == 200 and 'class="hl cue"' in page and "&lt;b&gt;تقرير" in page
    assert "<script>" not in page
    assert get(server + "/article?id=nope")[0] == 404
    assert get(server + "/etc/passwd")[0] == 404


def test_serve_without_a_store_is_a_clear_error(tmp_path):
    res = run(["serve", "--db", str(tmp_path / "none.sqlite3")])
    assert res.exit_code == 2 and "no quote store" in res.stderr


def test_serve_on_a_busy_port_is_a_clear_error(tmp_path):
    import socket

    db = tmp_path / "q.sqlite3"
    Store(db).close()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        res = run(["serve", "--db", str(db), "--port", str(busy.getsockname()[1])])
    assert res.exit_code == 2 and "cannot listen on 127.0.0.1:" in res.stderr
