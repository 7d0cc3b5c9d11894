"""The article view: one self-contained, right-to-left HTML page in which every
quote's cue, speaker and content are highlighted in the article text.

Why it is built this way:

* **Exact offsets.**  The text is cut at every span boundary into segments
  and each segment is written once, escaped, in order; so the page's text is
  the article text character for character, and the characters inside the
  highlights of a span are exactly ``text[start:end]`` -- even where spans of
  different quotes overlap (a segment then carries several marks).  Each
  highlight element says which spans cover it in ``data-marks`` (``cue:0
  content:2``), which is what the tests check.
* **Nothing from the input is trusted.**  Every piece of input text (article
  text, title, outlet, url, speaker names) goes through
  :func:`quotes.safety.html_safe`; a url is only made a link when it is
  http(s); and the page forbids scripts altogether with a
  Content-Security-Policy, as a second line of defence.
* **Self-contained.**  Styles are inline and there is no script, font or
  image to fetch, so the file can be mailed, archived or opened offline.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Optional, Sequence

from .safety import html_safe
from .types import Quote, Span

__all__ = ["Mark", "marks_of", "article_html", "page_html", "MARK_KINDS", "CSP", "LEGEND"]

#: Highlight kinds, weakest colour first: where marks overlap, the last wins.
MARK_KINDS = ("content", "speaker", "cue")

_STYLE = """
body { font-family: "Noto Naskh Arabic", "Amiri", "Arial", sans-serif; max-width: 52em;
       margin: 2em auto; padding: 0 1em; line-height: 2; color: #1d1d1d; background: #fff; }
header.legend { position: sticky; top: 0; background: #fafafa; border-bottom: 1px solid #ddd;
                padding: .3em .6em; font-size: .9em; }
header.legend span { margin-inline-end: 1em; padding: 0 .4em; border-radius: 3px; }
article { border-bottom: 2px solid #eee; padding-bottom: 1em; margin-bottom: 2em; }
.meta { color: #666; font-size: .9em; }
.text { white-space: pre-wrap; font-size: 1.15em; }
.hl { border-radius: 3px; }
.content { background: #fff1b8; }
.speaker { background: #c9e7ff; }
.cue { background: #ffc9c9; font-weight: bold; }
ol.quotes { font-size: .9em; color: #333; }
ol.quotes .type { font-family: monospace; color: #555; }
table.hits { border-collapse: collapse; width: 100%; font-size: .9em; line-height: 1.5; }
table.hits td, table.hits th { border-bottom: 1px solid #eee; padding: .3em; vertical-align: top; }
form.search input, form.search select { margin: .2em; }
form.search label { display: inline-block; margin-inline-end: 1em; }
"""

#: No script, no fetch of anything: the page is inert whatever the text holds.
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; script-src 'none'; "
       "form-action 'self'")


@dataclass(frozen=True)
class Mark:
    """One highlighted span: ``kind`` (cue, speaker or content) of quote ``quote``."""

    kind: str
    quote: int
    start: int
    end: int


def marks_of(quotes: Sequence[Quote]) -> list[Mark]:
    """The spans to highlight: each quote's cue, content and explicit speaker
    (an implicit speaker has no span in its sentence; its antecedent is named
    in the tooltip and the list).  Empty spans are left out."""
    out: list[Mark] = []
    for i, q in enumerate(quotes):
        for kind, span in (("cue", q.cue), ("content", q.content), ("speaker", q.speaker)):
            if span is not None and span.end > span.start:
                out.append(Mark(kind, i, span.start, span.end))
    return out


def _speaker_note(q: Quote) -> str:
    who = q.speaker_resolved or q.speaker
    if who is None:
        return "speaker unknown"
    if q.speaker is None:
        return f"speaker (implicit, resolved to the antecedent): {who.text}"
    if q.speaker_resolved is not None and q.speaker_resolved != q.speaker:
        return f"speaker: {q.speaker.text} = {who.text}"
    return f"speaker: {who.text}"


def _tooltip(i: int, q: Quote) -> str:
    return f"#{i + 1} {q.type} · cue: {q.cue.text} · {_speaker_note(q)}"


def _highlighted(text: str, quotes: Sequence[Quote]) -> str:
    """``text`` escaped, its marked segments wrapped in ``<span class="hl ...">``."""
    marks = marks_of(quotes)
    cuts = sorted({0, len(text)} | {m.start for m in marks} | {m.end for m in marks})
    starting: dict[int, list[Mark]] = defaultdict(list)
    ending: dict[int, list[Mark]] = defaultdict(list)
    for m in marks:
        starting[m.start].append(m)
        ending[m.end].append(m)
    active: dict[Mark, None] = {}  # the marks covering the current segment, in order
    parts: list[str] = []
    for a, b in zip(cuts, cuts[1:]):  # one sweep: long documents with many quotes stay linear
        for m in ending.pop(a, ()):
            active.pop(m, None)
        active.update(dict.fromkeys(starting.pop(a, ())))
        piece = html_safe(text[a:b], replacement="\ufffd")
        cover = list(active)
        if not cover:
            parts.append(piece)
            continue
        kinds = sorted({m.kind for m in cover}, key=MARK_KINDS.index)
        data = " ".join(f"{m.kind}:{m.quote}" for m in cover)
        title = "\n".join(dict.fromkeys(_tooltip(m.quote, quotes[m.quote]) for m in cover))
        parts.append(f'<span class="hl {" ".join(kinds)}" data-marks="{data}" '
                     f'title="{html_safe(title)}">{piece}</span>')
    return "".join(parts)


def _span_text(span: Optional[Span]) -> str:
    return html_safe(span.text) if span is not None else "—"


def _quote_list(quotes: Sequence[Quote]) -> str:
    items = []
    for q in quotes:
        who = q.speaker_resolved or q.speaker
        implicit = " (implicit)" if q.speaker is None and who is not None else ""
        items.append(
            f'<li><span class="type">{html_safe(q.type)}</span> · '
            f'<span class="cue">{_span_text(q.cue)}</span> · '
            f'<span class="speaker">{_span_text(who)}</span>{implicit}: '
            f'<span class="content">{_span_text(q.content)}</span></li>')
    return f'<ol class="quotes">{"".join(items)}</ol>' if items else '<p class="meta">no quotes found</p>'


def _link(url: Any) -> str:
    url = "" if url is None else str(url)
    if url.lower().startswith(("http://", "https://")):
        return f'<a href="{html_safe(url)}" rel="noreferrer" dir="ltr">{html_safe(url)}</a>'
    return f"<bdi>{html_safe(url)}</bdi>"


def article_html(doc_id: str, text: str, quotes: Sequence[Quote],
                 meta: Optional[dict[str, Any]] = None) -> str:
    """One ``<article>``: title, outlet/date/url line, the highlighted text and
    the numbered list of its quotes."""
    meta = meta or {}
    title = meta.get("title") or doc_id
    # <bdi>: a Latin outlet name or date keeps its own direction in the RTL line
    info = [f"<bdi>{html_safe(str(meta[k]))}</bdi>" for k in ("outlet", "date") if meta.get(k)]
    if meta.get("url"):
        info.append(_link(meta["url"]))
    info.append(f"id: {html_safe(str(doc_id))}")
    return (f'<article data-id="{html_safe(str(doc_id))}">'
            f"<h1>{html_safe(str(title))}</h1>"
            f'<p class="meta">{" · ".join(info)}</p>'
            f'<div class="text">{_highlighted(text, quotes)}</div>'
            f"{_quote_list(quotes)}</article>\n")


LEGEND = ('<header class="legend">'
          '<span class="cue">cue / الفعل</span>'
          '<span class="speaker">speaker / القائل</span>'
          '<span class="content">content / المضمون</span>'
          "hover a highlight for the quote type and the resolved speaker</header>")


def page_html(articles: Iterable[str], title: str = "quotes", header: str = LEGEND) -> str:
    """A whole page around ``articles`` (from :func:`article_html`, or other
    trusted HTML), below ``header`` (the legend of the highlights)."""
    return ("<!DOCTYPE html>\n"
            '<html lang="ar" dir="rtl"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html_safe(title)}</title><style>{_STYLE}</style></head>\n"
            f"<body>{header}\n{''.join(articles)}</body></html>\n")
