"""The HTML article view (quotes.render, `quotes render`): exact highlights,
escaping of every input text, a self-contained RTL page."""
from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given, settings, strategies as st

import quotes
from quotes.render import article_html, page_html
from quotes.safety import XML_ILLEGAL
from quotes.store import Store
from quotes.types import Quote, Span

from test_cli import jsonl, run

TEXT = ('وقال وزير النقل سامي نصار إن "الجسر سيفتح قريبا". '
        "وأضاف أن الأعمال ستنتهي في الخريف.")
EVIL = ('وقال المتحدث باسم البلدية إن <script>document.title="pwned"</script> '
        'الموعد <img src=x onerror="document.title=1"> & "سيتغير" \' غدا.')


class Page(HTMLParser):
    """What a reader sees: the article text, and the text under each mark
    (``kind:quote`` from data-marks), plus every tag seen."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text = ""
        self.marked: dict[str, str] = {}
        self._in_text = 0
        self._marks: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "div" and attrs.get("class") == "text":
            self._in_text = 1
        elif self._in_text:
            self._in_text += 1
            self._marks = (attrs.get("data-marks") or "").split()

    def handle_endtag(self, tag):
        if self._in_text:
            self._in_text -= 1
            self._marks = []

    def handle_data(self, data):
        if self._in_text:
            self.text += data
            for m in self._marks:
                self.marked[m] = self.marked.get(m, "") + data


def expected_marks(found: list[Quote]) -> dict[str, str]:
    out = {}
    for i, q in enumerate(found):
        for kind, span in (("cue", q.cue), ("content", q.content), ("speaker", q.speaker)):
            if span is not None and span.text:
                out[f"{kind}:{i}"] = span.text
    return out


def test_highlights_are_exactly_the_spans():
    found = quotes.extract(TEXT)
    assert len(found) == 2 and found[1].speaker is None
    page = Page(page_html([article_html("t1", TEXT, found)]))
    assert page.text == TEXT                      # the text, character for character
    assert page.marked == expected_marks(found)   # each highlight is text[start:end]


def test_tooltip_and_list_name_the_resolved_speaker_of_an_implicit_cue():
    found = quotes.extract(TEXT)
    html = article_html("t1", TEXT, found)
    titles = [a["title"] for tag, a in Page(html).tags if a.get("data-marks") == "cue:1"]
    who = found[1].speaker_resolved.text
    assert "سامي نصار" in who
    assert titles == [f"#2 indirect · cue: وأضاف · speaker (implicit, resolved to the "
                      f"antecedent): {who}"]
    assert "(implicit)" in html


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=60), st.data())
def test_any_spans_on_any_text_are_highlighted_exactly(text, data):
    """Overlapping, nested and adjacent spans of several quotes, on any text
    (markup and control characters included)."""
    def span():
        a = data.draw(st.integers(0, len(text)))
        b = data.draw(st.integers(a, len(text)))
        return Span.from_text(text, a, b)

    found = [Quote("direct", cue=span(), content=span(),
                   speaker=data.draw(st.none() | st.builds(span)))
             for _ in range(data.draw(st.integers(0, 3)))]
    page = Page(article_html("x", text, found))
    # XML-illegal characters (NUL, lone surrogates...) become U+FFFD, one for one;
    # an HTML parser reads CR as LF
    clean = lambda s: XML_ILLEGAL.sub("\ufffd", s).replace("\r\n", "\n").replace("\r", "\n")  # noqa: E731
    assert clean(page.text) == clean(text)
    for mark, value in expected_marks(found).items():
        assert clean(page.marked.get(mark, "")) == clean(value)


def test_every_input_text_is_escaped():
    found = quotes.extract(EVIL)
    meta = {"title": "<script>alert(1)</script>", "outlet": '"><b>x</b>',
            "date": "<i>d</i>", "url": "javascript:alert(1)"}
    html = page_html([article_html('id"><script>', EVIL, found, meta)], title="<t>")
    page = Page(html)
    tags = {tag for tag, _ in page.tags}
    assert not tags & {"script", "img", "b", "i", "t"}
    assert not any(tag == "a" for tag, _ in page.tags)      # a javascript: url is no link
    assert page.text == EVIL
    assert "&lt;script&gt;" in html and "javascript:alert(1)" in html
    assert all(not k.startswith("on") for _, attrs in page.tags for k in attrs)


def test_page_is_rtl_self_contained_and_scriptless():
    html = page_html([article_html("t1", TEXT, quotes.extract(TEXT),
                                   {"url": "https://example.org/a"})])
    tags = Page(html).tags
    assert ("html", {"lang": "ar", "dir": "rtl"}) in tags
    assert any(a.get("http-equiv") == "Content-Security-Policy" and "script-src 'none'" in a["content"]
               for t, a in tags if t == "meta")
    assert not any(t in ("script", "link", "img", "iframe") for t, _ in tags)
    assert [a["href"] for t, a in tags if t == "a"] == ["https://example.org/a"]


def test_render_command_from_input_and_from_store(tmp_path):
    src = jsonl(tmp_path, "in.jsonl", [{"id": "a", "text": TEXT, "title": "جسر"},
                                      {"id": "b", "text": EVIL}])
    out = tmp_path / "page.html"
    res = run(["render", str(src), "--id", "b", "-o", str(out)])
    assert res.exit_code == 0, res.stderr
    page = Page(out.read_text(encoding="utf-8"))
    assert page.text == EVIL and "script" not in {t for t, _ in page.tags}

    db = tmp_path / "q.sqlite3"
    assert run(["ingest", "--db", str(db), "-q", str(src)]).exit_code == 0
    res = run(["render", "--db", str(db), "--stored", "a"])
    assert res.exit_code == 0
    with Store(db) as st:
        _, stored = st.article("a")
    page = Page(res.stdout)
    assert page.text == TEXT and page.marked == expected_marks(stored)


def test_render_errors_are_clear(tmp_path):
    src = jsonl(tmp_path, "in.jsonl", [{"id": "a", "text": TEXT}])
    res = run(["render", str(src), "--id", "zz"])
    assert res.exit_code == 2 and "no document to render" in res.stderr
    res = run(["render", str(tmp_path / "missing.txt")])
    assert res.exit_code == 2 and "no such file" in res.stderr
    res = run(["render", str(src), "--stored", "a"])
    assert res.exit_code == 2 and "not both" in res.stderr
    res = run(["render", str(src), "-o", str(tmp_path / "no" / "dir" / "p.html")])
    assert res.exit_code == 2 and "cannot write" in res.stderr
