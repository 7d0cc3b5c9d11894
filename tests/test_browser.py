"""The rendered article in a real browser: headless Chromium (Debian's
/usr/bin/chromium) driven by Playwright, never a browser Playwright downloads.

`make test` installs Chromium with apt-get when it can and Playwright with the
``test`` extra; where either is missing these tests are skipped, saying why.
The network is closed here, so Chromium is started with everything that would
call home switched off and a fresh profile."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import quotes

from test_cli import jsonl, run

CHROMIUM = os.environ.get("QUOTES_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

if not os.access(CHROMIUM, os.X_OK):
    pytest.skip(f"no Chromium at {CHROMIUM} (make test installs Debian's chromium with "
                "apt-get when it can; or set QUOTES_CHROMIUM)", allow_module_level=True)
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install -e '.[test]')")

ARTICLE = ('وقالت وزيرة البيئة ليلى منصور إن "الحديقة ستفتح في الربيع". '
           "وأضافت أن الأشجار زرعت هذا الأسبوع.\n"
           '<script>window.__injected = 1; document.title = "pwned"</script>'
           '<img src="x" onerror="window.__injected = 2">')


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """One Chromium for the module, with a profile of its own."""
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as pw:
        try:
            context = pw.chromium.launch_persistent_context(
                str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS,
                offline=True)
        except sync_api.Error as exc:
            pytest.skip(f"Chromium at {CHROMIUM} does not start: {str(exc).splitlines()[0]}")
        yield context
        context.close()


@pytest.fixture(scope="module")
def page_file(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("render")
    src = jsonl(tmp, "in.jsonl", [{"id": "env-1", "title": "<b>حديقة</b>", "text": ARTICLE,
                                   "url": "https://example.org/env-1"}])
    out = tmp / "page.html"
    res = run(["render", str(src), "-o", str(out)])
    assert res.exit_code == 0, res.stderr
    return out


def test_browser_shows_rtl_page_with_exact_highlights(browser, page_file):
    page = browser.new_page()
    page.goto(page_file.as_uri())
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('.text')).direction") == "rtl"
    # the text as the browser holds it is the article text
    assert page.evaluate("document.querySelector('.text').textContent") == ARTICLE
    # each highlight covers exactly its span
    marked = page.evaluate("""() => {
        const out = {};
        for (const el of document.querySelectorAll('.text [data-marks]'))
            for (const m of el.dataset.marks.split(' ')) out[m] = (out[m] || '') + el.textContent;
        return out; }""")
    found = quotes.extract(ARTICLE)
    assert len(found) == 2
    for i, q in enumerate(found):
        assert marked[f"cue:{i}"] == q.cue.text
        assert marked[f"content:{i}"] == q.content.text
        if q.speaker is not None:
            assert marked[f"speaker:{i}"] == q.speaker.text
    # three kinds, three colours
    colours = page.evaluate("""() => ['cue', 'speaker', 'content'].map(k =>
        getComputedStyle(document.querySelector('.text .hl.' + k)).backgroundColor)""")
    assert len(set(colours)) == 3 and "rgba(0, 0, 0, 0)" not in colours
    tip = page.get_attribute(".text [data-marks='cue:1']", "title")
    assert "indirect" in tip and found[1].speaker_resolved.text in tip
    page.screenshot(path=str(page_file.with_suffix(".png")), full_page=True)
    page.close()


def test_injected_script_does_not_run(browser, page_file):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(page_file.as_uri())
    assert page.evaluate("window.__injected") is None
    assert page.title() != "pwned"
    assert page.evaluate("document.scripts.length") == 0
    assert page.evaluate("document.images.length") == 0
    text = page.evaluate("document.querySelector('.text').textContent")
    assert "<script>window.__injected = 1;" in text        # shown as text instead
    assert page.evaluate("document.querySelector('h1').textContent") == "<b>حديقة</b>"
    assert errors == []
    page.close()


def test_control_scripts_do_run_in_this_browser(browser):
    """Without the escaping, the same markup would run: the check above means something."""
    page = browser.new_page()
    page.set_content("<p>x</p><script>window.__injected = 1</script>")
    assert page.evaluate("window.__injected") == 1
    page.close()
