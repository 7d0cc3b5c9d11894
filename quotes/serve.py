"""``quotes serve``: browse a quote store in a web browser.

Three pages, all built from :mod:`quotes.store` and :mod:`quotes.render`:

* ``/``  a search form (speaker, words, dates, outlet, type) and its results;
  with no query, the most quoted speakers;
* ``/speaker?name=NAME``  every quote of a speaker;
* ``/article?id=ID``  the article view of :mod:`quotes.render`.

It is the standard library's ``http.server`` (a threading server; each
request opens the store itself, so reads never share a connection), bound to
127.0.0.1 unless told otherwise: a store of collected articles is nobody
else's business.  Every text from the store is escaped, and every response
carries the Content-Security-Policy of the article view (no script at all).
"""
from __future__ import annotations

import os
from datetime import date
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Optional, Union
from urllib.parse import parse_qs, urlencode, urlsplit

from .render import CSP, LEGEND, article_html, page_html
from .safety import html_safe
from .store import Hit, Store, StoreError
from .types import QUOTE_TYPES

__all__ = ["make_server", "App"]

FIELDS = ("speaker", "text", "since", "until", "outlet", "type")
PAGE_SIZE = 200


def _href(path: str, **params: str) -> str:
    return html_safe(f"{path}?{urlencode(params)}")


def _day(value: str) -> Optional[str]:
    """A ``YYYY-MM-DD`` form field, or None when empty or not a date."""
    try:
        return date.fromisoformat(value).isoformat() if value else None
    except ValueError:
        return None


class App:
    """The pages, as functions of the query; kept apart from the HTTP
    handler so they can be read (and tested) as plain code."""

    def __init__(self, db: Union[str, os.PathLike]):
        self.db = Path(db)

    def _form(self, q: dict[str, str]) -> str:
        def box(name: str, label: str, kind: str = "search") -> str:
            return (f'<label>{label} <input type="{kind}" name="{name}" '
                    f'value="{html_safe(q.get(name, ""))}"></label>')

        types = "".join(f'<option value="{t}"{" selected" if q.get("type") == t else ""}>{t}</option>'
                        for t in ("",) + QUOTE_TYPES)
        return ('<form class="search" action="/" method="get">'
                + box("speaker", "القائل / speaker") + box("text", "النص / words")
                + box("since", "from", "date") + box("until", "to", "date") + box("outlet", "outlet")
                + f'<label>type <select name="type">{types}</select></label>'
                '<button type="submit">بحث / search</button></form>')

    def _hits(self, hits: list[Hit]) -> str:
        rows = []
        for h in hits:
            speaker = (f'<a href="{_href("/speaker", name=h.speaker)}">{html_safe(h.speaker)}</a>'
                       if h.speaker else "?")
            rows.append(
                f"<tr><td>{speaker}</td><td>{html_safe(h.quote)}</td>"
                f"<td>{html_safe(h.type)}</td><td>{html_safe(h.outlet or '')}</td>"
                f"<td>{html_safe(h.date or '')}</td>"
                f'<td><a href="{_href("/article", id=h.article_id)}">'
                f"{html_safe(h.title or h.article_id)}</a></td></tr>")
        more = f" (the first {PAGE_SIZE})" if len(hits) == PAGE_SIZE else ""
        return ('<table class="hits"><tr><th>speaker</th><th>quote</th><th>type</th>'
                f'<th>outlet</th><th>date</th><th>article</th></tr>{"".join(rows)}</table>'
                f'<p class="meta">{len(hits)} quote(s){more}</p>')

    def index(self, st: Store, q: dict[str, str]) -> str:
        if any(q.get(f) for f in FIELDS):
            body = self._hits(st.search(
                speaker=q.get("speaker"), text=q.get("text"), outlet=q.get("outlet"),
                type=q.get("type") if q.get("type") in QUOTE_TYPES else None,
                since=_day(q.get("since", "")), until=_day(q.get("until", "")), limit=PAGE_SIZE))
        else:
            items = "".join(f'<li><a href="{_href("/speaker", name=s.speaker)}">'
                            f"{html_safe(s.speaker)}</a> ({s.quotes} quotes, {s.articles} articles)</li>"
                            for s in st.speakers(50))
            counts = st.counts()
            body = (f'<p class="meta">{counts["articles"]} articles, {counts["quotes"]} quotes. '
                    f"Most quoted:</p><ol>{items}</ol>")
        return page_html([self._form(q), body], title="quotes", header="")

    def speaker(self, st: Store, q: dict[str, str]) -> str:
        name = q.get("name", "")
        return page_html([f"<h1>{html_safe(name)}</h1>", self._form({"speaker": name}),
                          self._hits(st.search(speaker=name, limit=PAGE_SIZE))],
                         title=name or "quotes", header="")

    def article(self, st: Store, q: dict[str, str]) -> Optional[str]:
        found = st.article(q.get("id", ""))
        if found is None:
            return None
        art, quotes = found
        return page_html([article_html(art.id, art.text, quotes, vars(art))],
                         title=art.title or art.id, header=LEGEND + '<p><a href="/">search</a></p>')

    def respond(self, url: str) -> tuple[int, str]:
        """Status and HTML page for a GET of ``url``."""
        parts = urlsplit(url)
        q = {k: v[0] for k, v in parse_qs(parts.query).items()}
        route = {"/": self.index, "/speaker": self.speaker, "/article": self.article}.get(parts.path)
        if route is None:
            return HTTPStatus.NOT_FOUND, page_html(["<p>no such page</p>"], header="")
        try:
            with Store(self.db, create=False) as st:
                page = route(st, q)
        except StoreError as exc:
            return HTTPStatus.SERVICE_UNAVAILABLE, page_html([f"<p>{html_safe(str(exc))}</p>"], header="")
        if page is None:
            return HTTPStatus.NOT_FOUND, page_html(["<p>no such article</p>"], header="")
        return HTTPStatus.OK, page


def make_server(db: Union[str, os.PathLike], host: str = "127.0.0.1",
                port: int = 8765) -> ThreadingHTTPServer:
    """A server for ``db`` (port 0: any free port); call ``serve_forever()``."""
    app = App(db)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the http.server name)
            status, page = app.respond(self.path)
            body = page.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Security-Policy", CSP)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, fmt: str, *args) -> None:  # quiet: no access log on stderr
            pass

    return ThreadingHTTPServer((host, port), Handler)
