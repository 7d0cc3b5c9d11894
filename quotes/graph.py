"""The speaker–claim graph: who says what, across many articles.

``build(items)`` turns articles into a :class:`networkx.MultiDiGraph` with

* a node per speaker (:mod:`quotes.speakers`): ``kind="speaker"``, ``label``,
  ``type`` (person / organisation / place-or-government / unknown),
  ``aliases`` (the mentions as written, joined with `` | ``), ``quotes``,
  ``articles``, ``first_date``;
* a node per claim (:mod:`quotes.claims`): ``kind="claim"``, ``type="claim"``,
  ``label`` (the text, shortened), ``text``, ``normalized``, ``first_date``,
  ``outlets`` (joined), ``articles``, ``quotes``;
* an edge speaker → claim per quote, with ``cue``, ``cue_lemma``, ``cue_class``,
  ``quote_type``, ``article``, ``url``, ``outlet``, ``date``, ``confidence``,
  ``mention`` (the speaker as written in that article) and ``content_start``/
  ``content_end`` (the quote's offsets in the article, to highlight it there).

Attribute values are plain strings and numbers (no lists, no None), so every
writer in :mod:`quotes.export` can take the graph as it is.  Quotes are read,
never changed: offsets stay those of the articles.
"""
from __future__ import annotations

import datetime as dt
import gzip
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Union

import networkx as nx

from .claims import ClaimSettings, cluster_claims, normalise_claim
from .io import Document, _folder_files, _kind, _open_binary, iter_documents
from .speakers import Alias, Canonicaliser
from .types import Quote

__all__ = ["Article", "build", "parse_date", "read_articles", "as_articles", "JOIN"]

#: separator of joined list values (aliases, outlets): lists are not portable
#: across GEXF readers, GraphML and CSV
JOIN = " | "
LABEL_CHARS = 80


@dataclass
class Article:
    """One article's quotes with what the graph needs to know about it."""

    id: str
    quotes: list[Quote]
    date: Optional[str] = None      # ISO date, YYYY-MM-DD
    url: str = ""
    outlet: str = ""
    title: str = ""

    @classmethod
    def from_meta(cls, doc_id: str, quotes: list[Quote], meta: dict[str, Any]) -> "Article":
        """An article from a record's fields (those of the news corpora and of
        ``quotes extract`` output: ``date``, ``url``, ``outlet``, ``title``)."""
        def text(k: str) -> str:
            v = meta.get(k)
            return "" if v is None else str(v)

        return cls(str(doc_id), quotes, parse_date(meta.get("date")), text("url"),
                   text("outlet"), text("title"))


def parse_date(value: Any) -> Optional[str]:
    """``YYYY-MM-DD`` from the date formats of news feeds (RFC 2822 ``Sun, 18
    Feb 2018 21:35:43 +0400``, ISO ``2017-01-20T21:43:00+01:00``, ``2015-07-21
    02:51:32``), or None.  The date is the one written (local to the outlet),
    which is what a reader of the article sees."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str) or not value.strip():
        return None
    s = value.strip()
    try:
        return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return dt.date.fromisoformat(s[:10]).isoformat()
    except ValueError:
        return None


# --------------------------------------------------------------------------- input

Item = Union[Article, Quote, Document, dict]


def as_articles(items: Iterable[Item], nlp=None, batch_size: int = 32) -> Iterator[Article]:
    """Articles from what a user may have: :class:`Article` objects,
    ``quotes extract`` JSONL records (dicts with ``quotes``), raw records
    (dicts with ``text``) or :class:`~quotes.io.Document` objects (these two
    are run through the pipeline, in batches), or bare :class:`Quote` objects
    (taken as one article, id ``doc``)."""
    import quotes as _quotes

    loose: list[Quote] = []
    pending: list[Document] = []

    def flush() -> Iterator[Article]:
        if pending:
            found = _quotes.pipe([d.text for d in pending], nlp=nlp, batch_size=batch_size)
            for d, qs in zip(pending, found):
                yield Article.from_meta(d.id, qs, d.meta)
            pending.clear()

    for n, x in enumerate(items):
        if isinstance(x, Quote):
            loose.append(x)
            continue
        if isinstance(x, dict) and isinstance(x.get("quotes"), list):
            yield from flush()
            yield _record_article(x, f"doc-{n + 1}")
            continue
        if isinstance(x, dict):
            text = x.get("text")
            if not isinstance(text, str):
                raise ValueError(f"item {n + 1}: a dict needs 'quotes' (extract output) or 'text'")
            x = Document(str(x.get("id", f"doc-{n + 1}")), text,
                         {k: v for k, v in x.items() if k not in ("id", "text")})
        if isinstance(x, Document):
            pending.append(x)
            if len(pending) >= batch_size:
                yield from flush()
            continue
        if isinstance(x, Article):
            yield from flush()
            yield x
            continue
        raise TypeError(f"cannot make an article of a {type(x).__name__}")
    yield from flush()
    if loose:
        yield Article("doc", loose)


def _record_article(rec: dict, default_id: str) -> Article:
    """An article from one line of ``quotes extract`` JSONL output."""
    meta = rec.get("meta") if isinstance(rec.get("meta"), dict) else {}
    meta = {**{k: v for k, v in rec.items() if k not in ("quotes", "meta", "text")}, **meta}
    qs = [Quote.from_dict(q) for q in rec["quotes"]]
    return Article.from_meta(str(rec.get("id") or default_id), qs, meta)


def _first_record(path: Path) -> Optional[dict]:
    """The first JSON object of a JSONL file, or None (not JSON, empty)."""
    try:
        with _open_binary(path) as fh:
            for line in fh:
                if line.strip():
                    obj = json.loads(line.decode("utf-8-sig"))
                    return obj if isinstance(obj, dict) else None
    except (OSError, EOFError, ValueError, gzip.BadGzipFile):
        return None
    return None


def is_extract_output(path: Union[str, Path]) -> bool:
    """True for a JSONL file written by ``quotes extract`` (its first record
    has a ``quotes`` list), which is read as is instead of being re-run."""
    path = Path(path)
    if _kind(path) != "jsonl":
        return False
    rec = _first_record(path)
    return rec is not None and isinstance(rec.get("quotes"), list)


def _read_extracted(path: Path, on_error: Callable[[str, str], None]) -> Iterator[Article]:
    with _open_binary(path) as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                rec = json.loads(raw.decode("utf-8-sig"))
                if not isinstance(rec, dict) or not isinstance(rec.get("quotes"), list):
                    raise ValueError('not a "quotes extract" record (no "quotes" list)')
                if rec.get("error"):
                    on_error(where, f"the extraction failed: {rec['error']}")
                    continue
                yield _record_article(rec, f"{path.stem}:{lineno}")
            except UnicodeDecodeError:
                on_error(where, "not valid UTF-8")
            except json.JSONDecodeError as exc:
                on_error(where, f"malformed JSON ({exc.msg} at column {exc.colno})")
            except (ValueError, KeyError, TypeError) as exc:
                on_error(where, f"bad quote record: {exc}")


def read_articles(paths: Iterable[str], on_error: Callable[[str, str], None],
                  text_column: str = "text", id_column: str = "id",
                  encoding: str = "auto", html: bool = False, rules_only: bool = False,
                  batch_size: int = 32, since: Optional[str] = None,
                  until: Optional[str] = None) -> Iterator[Article]:
    """Articles from files: ``quotes extract`` JSONL output is read as is;
    anything else ``quotes extract`` reads (txt, folders, JSONL, CSV, HTML,
    ``-``) goes through the pipeline.  Unreadable documents are passed to
    ``on_error(source, message)`` and skipped.  ``since``/``until`` (ISO
    dates) skip raw documents dated outside the range before the pipeline
    runs on them, so a date slice of a big corpus costs only its own size."""
    from .parallel import loader
    from .runner import Runner

    runner = Runner(loader(rules_only), batch_size=batch_size)

    def wanted(item) -> bool:
        return not isinstance(item, Document) or \
            _in_range(parse_date(item.meta.get("date")), since, until)

    def raw(group: list[str]) -> Iterator[Article]:
        items = iter_documents(group, text_column=text_column, id_column=id_column,
                               encoding=encoding, html=html)
        for res in runner.run(filter(wanted, items)):
            if res.ok:
                yield Article.from_meta(res.id, res.quotes, getattr(res.item, "meta", {}) or {})
            else:
                on_error(res.source, res.error)

    for p in paths:
        files = _folder_files(Path(p)) if p != "-" and Path(p).is_dir() else [p]
        for f in files:
            if f != "-" and is_extract_output(f):
                yield from _read_extracted(Path(f), on_error)
            else:
                yield from raw([str(f)])


# --------------------------------------------------------------------------- build

@dataclass
class _Said:
    """One quote on its way into the graph."""

    article: Article
    quote: Quote
    group: int
    mention: str


@dataclass
class _Node:
    labels: Counter = field(default_factory=Counter)
    types: Counter = field(default_factory=Counter)
    mentions: Counter = field(default_factory=Counter)
    articles: set = field(default_factory=set)
    dates: list = field(default_factory=list)
    quotes: int = 0


def _clean(text: str) -> str:
    return " ".join(text.split())


def _in_range(date: Optional[str], since: Optional[str], until: Optional[str]) -> bool:
    if since is None and until is None:
        return True
    if date is None:
        return False
    return (since is None or date >= since) and (until is None or date <= until)


def build(items: Iterable[Item], aliases: Optional[dict[str, Alias]] = None,
          since: Union[str, dt.date, None] = None, until: Union[str, dt.date, None] = None,
          min_quotes: int = 1, claims: ClaimSettings = ClaimSettings(),
          nlp=None) -> nx.MultiDiGraph:
    """The speaker–claim graph of ``items`` (anything :func:`as_articles` takes).

    ``aliases``: a table from :func:`quotes.speakers.read_aliases`;
    ``since``/``until``: keep articles dated in that range, inclusive (an
    article without a date is then left out); ``min_quotes``: drop speakers
    with fewer quotes, and the claims only they made; ``claims``: the
    clustering settings."""
    since, until = parse_date(since), parse_date(until)
    canon = Canonicaliser(aliases)
    said: list[_Said] = []
    stats = Counter()
    for art in as_articles(items, nlp=nlp):
        if not _in_range(art.date, since, until):
            stats["articles_out_of_range"] += 1
            continue
        stats["articles"] += 1
        groups: dict[Any, list[Quote]] = defaultdict(list)
        for q in art.quotes:
            stats["quotes"] += 1
            who = q.speaker_resolved or q.speaker
            if who is None:
                stats["unattributed"] += 1
                continue
            groups[q.speaker_id if q.speaker_id is not None else ("text", who.text)].append(q)
        for qs in groups.values():
            mentions = [s.text for q in qs for s in (q.speaker_resolved, q.speaker) if s is not None]
            handle = canon.add(art.id, mentions)
            if handle is None:
                stats["unattributed"] += len(qs)
                continue
            for q in qs:
                said.append(_Said(art, q, handle, _clean((q.speaker or q.speaker_resolved).text)))
    node_ids = canon.resolve()
    speakers: dict[str, _Node] = defaultdict(_Node)
    for s in said:
        node = speakers[node_ids[s.group]]
        name = canon.groups[s.group].name
        # the label is written as the canonical name is (جوزيف بلاتر, not بلاتر)
        node.labels[(node_ids[s.group].endswith(":" + name.key), name.label)] += 1
        node.types[name.type] += 1
        node.mentions[s.mention] += 1
        node.articles.add(s.article.id)
        node.quotes += 1
        if s.article.date:
            node.dates.append(s.article.date)
    keep = [k for k, n in speakers.items() if n.quotes >= max(1, min_quotes)]
    kept = set(keep)
    said = [s for s in said if node_ids[s.group] in kept]

    normalised = [normalise_claim(s.quote.content.text) for s in said]
    cluster = cluster_claims(normalised, claims)
    claim_id: dict[int, str] = {}
    for c in cluster:
        claim_id.setdefault(c, f"c:{len(claim_id) + 1}")

    g = nx.MultiDiGraph(name="quotes speaker-claim graph", **stats,
                        speakers=len(keep), claims=len(claim_id))
    for key in sorted(keep, key=lambda k: -speakers[k].quotes):
        n = speakers[key]
        types = Counter({t: c for t, c in n.types.items() if t != "unknown"}) or n.types
        label = max(n.labels.items(), key=lambda kv: (kv[0][0], kv[1]))[0][1]
        g.add_node(key, kind="speaker", label=label,
                   type=types.most_common(1)[0][0],
                   aliases=JOIN.join(sorted(n.mentions)), quotes=n.quotes,
                   articles=len(n.articles), first_date=min(n.dates, default=""))
    members: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(cluster):
        members[claim_id[c]].append(i)
    for cid, idx in members.items():
        first = said[idx[0]]
        text = _clean(first.quote.content.text)
        dates = [said[i].article.date for i in idx if said[i].article.date]
        outlets = sorted({said[i].article.outlet for i in idx if said[i].article.outlet})
        g.add_node(cid, kind="claim", type="claim",
                   label=text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…",
                   text=text, normalized=normalised[idx[0]], first_date=min(dates, default=""),
                   outlets=JOIN.join(outlets), articles=len({said[i].article.id for i in idx}),
                   quotes=len(idx))
    for i, s in enumerate(said):
        q, art = s.quote, s.article
        g.add_edge(node_ids[s.group], claim_id[cluster[i]], key=f"e{i + 1}",
                   label=q.cue_lemma or q.cue.text, cue=_clean(q.cue.text),
                   cue_lemma=q.cue_lemma, cue_class=q.cue_class, quote_type=q.type,
                   article=art.id, url=art.url, outlet=art.outlet, date=art.date or "",
                   confidence=round(float(q.confidence), 3), mention=s.mention,
                   content_start=q.content.start, content_end=q.content.end)
    return g
