"""The visible text of an HTML page (``quotes extract --html``, ``.html`` files).

BeautifulSoup with the standard library's ``html.parser`` backend, so no
compiled parser is needed and broken markup never raises.  Scripts, styles,
``noscript``, ``template``, ``head`` and comments are dropped; entities are
decoded (``&laquo;`` becomes «); runs of HTML white space inside the text
become one space, as a browser shows them (``pre`` keeps its white space);
block elements (``p``, ``div``, ``br``, ``li``, ``h1``–``h6``, ``tr``,
``blockquote``, ``article``, ``section``, ...) start new lines, and runs of
blank lines are collapsed to one.  Offsets reported for an HTML input refer
to this extracted text, which ``quotes extract`` writes into JSONL output
under ``"text"``.
"""
from __future__ import annotations

import re
import warnings

__all__ = ["visible_text", "looks_like_html_name"]

DROP = frozenset({"script", "style", "noscript", "template", "head", "title",
                  "iframe", "object", "embed", "svg", "math", "canvas"})
BLOCK = frozenset({
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4",
    "h5", "h6", "tr", "table", "thead", "tbody", "tfoot", "caption", "blockquote",
    "article", "section", "header", "footer", "nav", "aside", "main", "figure",
    "figcaption", "address", "hr", "pre", "form", "fieldset", "details", "summary",
    "body", "html",
})
CELL = frozenset({"td", "th"})
#: Blocks after which a blank line separates paragraphs (others: one line break).
PARAGRAPH = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
                       "article", "section", "table", "ul", "ol", "pre", "figure"})

# HTML white space (not NBSP, which is content): space, tab, LF, FF, CR.
_HTML_SPACE = re.compile(r"[ \t\n\f\r]+")
# Placeholders for a block edge, a paragraph edge and a <br>, collapsed at the end.
_EDGE, _PARA, _BR = "\ue000", "\ue001", "\ue002"
_MARKS = re.compile("[\ue000-\ue002]")
_BREAKS = re.compile("(?: *[\ue000-\ue002] *)+")


def _breaks(m: "re.Match[str]") -> str:
    run = m.group(0)
    n = max(1, run.count(_BR))
    if _PARA in run:
        n = 2
    return "\n" * min(n, 2)


def looks_like_html_name(name: str) -> bool:
    low = name.lower()
    if low.endswith(".gz"):
        low = low[:-3]
    return low.endswith((".html", ".htm", ".xhtml"))


def visible_text(html: str) -> str:
    """The text a reader sees in ``html``, with line breaks between blocks."""
    from bs4 import BeautifulSoup
    from bs4.element import NavigableString, Tag

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "looks like a URL/filename" warnings
        soup = BeautifulSoup(html, "html.parser")

    parts: list[str] = []

    def walk(node, in_pre: bool) -> None:
        for child in node.children:
            if isinstance(child, Tag):
                name = (child.name or "").lower()
                if name in DROP:
                    continue
                if name == "br":
                    parts.append(_BR)
                    continue
                edge = _PARA if name in PARAGRAPH else _EDGE if name in BLOCK else \
                    " " if name in CELL else ""
                parts.append(edge)
                walk(child, in_pre or name == "pre")
                parts.append(edge)
            elif isinstance(child, NavigableString):
                if type(child) is not NavigableString and not _is_cdata(child):
                    continue  # comments, doctype, processing instructions
                s = _MARKS.sub("", str(child))
                if in_pre:
                    parts.append(s.replace("\r\n", "\n").replace("\r", "\n")
                                 .replace("\n", _BR))
                else:
                    parts.append(_HTML_SPACE.sub(" ", s))

    walk(soup, False)
    text = re.sub(" {2,}", " ", "".join(parts))  # where two text nodes meet
    text = _BREAKS.sub(_breaks, text)
    return text.strip(" \n")


def _is_cdata(node) -> bool:
    from bs4.element import CData

    return isinstance(node, CData)
