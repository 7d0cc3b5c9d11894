"""The quote store: articles and their quotes in one SQLite file, searchable.

A fact-checker asks "what exactly did this minister say about X, where, and
when?" across months of collected articles.  :class:`Store` keeps each
article (id, url, outlet, date, title, text) with the quotes the pipeline
found in it, and answers that question with a full-text index over the claim
text and the speaker names.

Design choices, and why:

* **SQLite, one file, no server**: a fact-checker's laptop is the target, and
  the standard library has it.  WAL mode lets ``quotes serve`` read while an
  ingest writes.
* **Re-ingesting replaces**: an article is keyed by its id; storing it again
  deletes its old quotes first, in the same transaction, so a corpus can be
  ingested twice (or after a pipeline upgrade) without a single duplicate row.
* **Offsets, not copies**: a quote is stored as the character offsets of its
  cue, content and speaker spans into the article text, exactly as the
  pipeline gave them; :meth:`Store.article` rebuilds :class:`~quotes.types.Quote`
  objects whose spans are ``text[start:end]`` again (what the HTML view needs).
* **One normalisation**: the index holds :func:`quotes.text.search_key` of
  each claim and speaker name, and queries go through the same function, so
  diacritics, tatweel, alef/hamza forms, ى/ي and ة/ه never decide whether a
  word is found.  The FTS5 ``trigram`` tokenizer matches any substring of at
  least three characters, which also finds a word under a clitic (الحكومة in
  والحكومة، للحكومة) -- Arabic glues و، ف، ب، ل to the next word.
* **Versioned schema**: ``PRAGMA user_version`` is the number of
  :data:`MIGRATIONS` applied; opening a store applies the missing ones, in
  order, each in its own transaction.
"""
from __future__ import annotations

import os
import re
import sqlite3
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date as Date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Union

from .text import search_key
from .types import Quote, Span

__all__ = [
    "Article", "Hit", "SpeakerCount", "Store", "StoreError", "MIGRATIONS",
    "default_db_path", "iso_day", "query_terms",
]

#: Ordered schema migrations: ``MIGRATIONS[i]`` takes a store from version
#: ``i`` to ``i + 1``.  Append new ones; never edit one that has shipped.
MIGRATIONS: tuple[str, ...] = (
    # 1: articles, their quotes (as offsets into the text), the search index.
    """
    CREATE TABLE articles (
        id          TEXT PRIMARY KEY,
        url         TEXT,
        outlet      TEXT,
        date        TEXT,              -- as given in the input
        day         TEXT,              -- YYYY-MM-DD parsed from date, for --since/--until
        title       TEXT,
        text        TEXT NOT NULL,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX articles_day ON articles(day);
    CREATE INDEX articles_outlet ON articles(outlet COLLATE NOCASE);
    CREATE TABLE quotes (
        id              INTEGER PRIMARY KEY,
        article_id      TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        n               INTEGER NOT NULL,  -- order within the article
        type            TEXT NOT NULL,
        cue_start       INTEGER NOT NULL, cue_end INTEGER NOT NULL,
        content_start   INTEGER NOT NULL, content_end INTEGER NOT NULL,
        speaker_start   INTEGER, speaker_end INTEGER,
        resolved_start  INTEGER, resolved_end INTEGER,
        addressee_start INTEGER, addressee_end INTEGER,
        cue_lemma       TEXT, cue_class TEXT, confidence REAL, speaker_id INTEGER,
        speaker         TEXT,              -- the resolved speaker's text (else the explicit one)
        speaker_key     TEXT,              -- search_key(speaker): groups spellings in `speakers`
        content         TEXT NOT NULL
    );
    CREATE INDEX quotes_article ON quotes(article_id);
    CREATE INDEX quotes_speaker_key ON quotes(speaker_key);
    -- rowid = quotes.id; both columns hold search_key() of the text
    CREATE VIRTUAL TABLE quote_index USING fts5(speaker, content, tokenize = 'trigram');
    """,
)

_SPAN_FIELDS = (("cue", "cue"), ("content", "content"), ("speaker", "speaker"),
                ("speaker_resolved", "resolved"), ("addressee", "addressee"))


class StoreError(Exception):
    """A problem the user can act on: no store at the path, not a quote
    store, made by a newer version.  The CLI prints it without a traceback."""


@dataclass
class Article:
    id: str
    text: str
    url: Optional[str] = None
    outlet: Optional[str] = None
    date: Optional[str] = None
    day: Optional[str] = None
    title: Optional[str] = None


@dataclass
class Hit:
    """One search result: who said what, where and when."""

    speaker: Optional[str]
    quote: str
    type: str
    outlet: Optional[str]
    date: Optional[str]
    url: Optional[str]
    title: Optional[str]
    article_id: str
    cue: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SpeakerCount:
    """A speaker (its most frequent spelling) and how often it is quoted."""

    speaker: str
    quotes: int
    articles: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def default_db_path() -> Path:
    """``quotes.sqlite3`` in the user's data directory: platformdirs' answer
    where it is installed, else ``$XDG_DATA_HOME/quotes`` (``~/.local/share``)."""
    try:
        from platformdirs import user_data_dir
    except ImportError:  # pragma: no cover - platformdirs is a dependency
        base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
        return Path(base) / "quotes" / "quotes.sqlite3"
    return Path(user_data_dir("quotes", appauthor=False)) / "quotes.sqlite3"


_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def iso_day(value: Any) -> Optional[str]:
    """``YYYY-MM-DD`` from the date formats news feeds use (RFC 2822 as in
    ``Sun, 18 Feb 2018 21:35:43 +0400``, ISO 8601 with or without a time),
    as written (no time-zone conversion: the day the outlet printed); None
    when there is no recognisable date."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    m = _ISO_DAY.match(value)
    if m:
        try:
            return Date(*map(int, m.groups())).isoformat()
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def query_terms(query: str) -> list[str]:
    """The words of a query, in :func:`search_key` form (punctuation dropped)."""
    return re.findall(r"\w+", search_key(query))


def _meta_str(meta: dict[str, Any], key: str) -> Optional[str]:
    value = meta.get(key)
    if value is None or value == "":
        return None
    return str(value)


class Store:
    """An open quote store.  Use as a context manager, or call :meth:`close`.

    ``create=False`` refuses to make a new file (search on a store that was
    never ingested into is a user error, not an empty result)."""

    def __init__(self, path: Union[str, os.PathLike], create: bool = True):
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError(f"no quote store at {self.path} (run `quotes ingest` first, "
                             f"or give --db)")
        if create:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create {self.path.parent}: {exc.strerror or exc}") from None
        try:
            # autocommit mode: transactions are explicit (see transaction())
            self.db = sqlite3.connect(str(self.path), isolation_level=None,
                                      check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {self.path}: {exc}") from None
        try:
            self.db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
        except (sqlite3.Error, StoreError) as exc:
            self.db.close()
            if isinstance(exc, StoreError):
                raise
            raise StoreError(f"{self.path} is not a usable quote store ({exc})") from None

    # ------------------------------------------------------------------ schema

    @property
    def version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        current = self.version
        if current > len(MIGRATIONS):
            raise StoreError(f"{self.path} has schema version {current}, newer than this "
                             f"quotes knows ({len(MIGRATIONS)}); upgrade quotes")
        if current == 0 and self._has_tables():
            raise StoreError(f"{self.path} is an SQLite database but not a quote store")
        for number in range(current, len(MIGRATIONS)):
            # executescript commits first; the script is its own transaction,
            # rolled back whole when one of its statements fails
            try:
                self.db.executescript(f"BEGIN;\n{MIGRATIONS[number]}\n"
                                      f"PRAGMA user_version = {number + 1};\nCOMMIT;")
            except sqlite3.Error as exc:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise StoreError(f"cannot migrate {self.path} to schema version "
                                 f"{number + 1}: {exc}") from None

    def _has_tables(self) -> bool:
        return self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0

    # ------------------------------------------------------------------ writing

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything inside is one transaction (ingest commits per batch:
        a crash loses at most a batch, never half an article)."""
        self.db.execute("BEGIN")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def add(self, doc_id: str, text: str, meta: Optional[dict[str, Any]],
            quotes: Iterable[Quote]) -> int:
        """Store one article and its quotes, replacing any earlier version of
        the article with the same id; returns the number of quotes stored.
        Call inside :meth:`transaction` so the replacement is atomic."""
        meta = meta or {}
        date = _meta_str(meta, "date")
        db = self.db
        db.execute("DELETE FROM quote_index WHERE rowid IN "
                   "(SELECT id FROM quotes WHERE article_id = ?)", (doc_id,))
        db.execute("DELETE FROM quotes WHERE article_id = ?", (doc_id,))
        db.execute(
            "INSERT INTO articles (id, url, outlet, date, day, title, text, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "url = excluded.url, outlet = excluded.outlet, date = excluded.date, "
            "day = excluded.day, title = excluded.title, text = excluded.text, "
            "ingested_at = excluded.ingested_at",
            (doc_id, _meta_str(meta, "url"), _meta_str(meta, "outlet"), date, iso_day(date),
             _meta_str(meta, "title"), text, datetime.now().isoformat(timespec="seconds")))
        n = 0
        for n, q in enumerate(quotes, 1):
            who = q.speaker_resolved or q.speaker
            cols: dict[str, Any] = {
                "article_id": doc_id, "n": n, "type": q.type, "cue_lemma": q.cue_lemma,
                "cue_class": q.cue_class, "confidence": q.confidence,
                "speaker_id": q.speaker_id, "speaker": who.text if who else None,
                "speaker_key": search_key(who.text) if who else None,
                "content": q.content.text,
            }
            for attr, col in _SPAN_FIELDS:
                span = getattr(q, attr)
                cols[f"{col}_start"] = span.start if span else None
                cols[f"{col}_end"] = span.end if span else None
            names = ", ".join(cols)
            cur = db.execute(f"INSERT INTO quotes ({names}) VALUES ({', '.join('?' * len(cols))})",
                             tuple(cols.values()))
            db.execute("INSERT INTO quote_index (rowid, speaker, content) VALUES (?, ?, ?)",
                       (cur.lastrowid, cols["speaker_key"] or "", search_key(q.content.text)))
        return n

    # ------------------------------------------------------------------ reading

    def counts(self) -> dict[str, int]:
        """Rows per table: what `ingest` reports, and what idempotence is checked on."""
        return {table: self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("articles", "quotes", "quote_index")}

    def search(self, speaker: Optional[str] = None, text: Optional[str] = None,
               since: Optional[str] = None, until: Optional[str] = None,
               outlet: Optional[str] = None, type: Optional[str] = None,
               limit: int = 50) -> list[Hit]:
        """Quotes whose speaker contains every word of ``speaker`` and whose
        claim contains every word of ``text`` (spelling-insensitive), from
        ``outlet`` (any case), of quote ``type``, dated ``since``..``until``
        (``YYYY-MM-DD``, both inclusive); newest first, at most ``limit``
        (0: all)."""
        where: list[str] = []
        args: list[Any] = []
        match: list[str] = []
        for column, query in (("speaker", speaker), ("content", text)):
            for word in query_terms(query or ""):
                if len(word) >= 3:  # what a trigram index can look up
                    match.append(f'{column} : "{word}"')
                else:               # shorter words: checked on the indexed text
                    where.append(f"instr(quote_index.{column}, ?) > 0")
                    args.append(word)
        if match:
            where.insert(0, "quote_index MATCH ?")
            args.insert(0, " AND ".join(match))
        for condition, value in (("a.day >= ?", since), ("a.day <= ?", until),
                                 ("a.outlet = ? COLLATE NOCASE", outlet), ("q.type = ?", type)):
            if value:
                where.append(condition)
                args.append(value)
        uses_index = any("quote_index" in w for w in where)
        sql = ("SELECT q.speaker, q.content, q.type, a.outlet, coalesce(a.day, a.date), a.url, "
               "a.title, a.id, substr(a.text, q.cue_start + 1, q.cue_end - q.cue_start), "
               "q.content_start, q.content_end FROM "
               + ("quote_index JOIN quotes q ON q.id = quote_index.rowid " if uses_index
                  else "quotes q ")
               + "JOIN articles a ON a.id = q.article_id"
               + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY a.day DESC, a.id, q.n")
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [Hit(*row) for row in self.db.execute(sql, args)]

    def speakers(self, limit: int = 20) -> list[SpeakerCount]:
        """The most quoted speakers: one row per :func:`search_key` of the
        (resolved) speaker, under its most frequent spelling."""
        totals: dict[str, int] = {}
        spelling: dict[str, tuple[int, str]] = {}
        for key, name, n in self.db.execute(
                "SELECT speaker_key, speaker, count(*) FROM quotes WHERE speaker_key != '' "
                "GROUP BY speaker_key, speaker"):
            totals[key] = totals.get(key, 0) + n
            if key not in spelling or (n, name) > spelling[key]:
                spelling[key] = (n, name)
        top = sorted(totals, key=lambda k: (-totals[k], k))
        top = top[:limit] if limit else top
        articles = dict(self.db.execute(
            "SELECT speaker_key, count(DISTINCT article_id) FROM quotes "
            "WHERE speaker_key != '' GROUP BY speaker_key"))
        return [SpeakerCount(spelling[k][1], totals[k], articles.get(k, 0)) for k in top]

    def article(self, doc_id: str) -> Optional[tuple[Article, list[Quote]]]:
        """An article and its quotes, rebuilt from the offsets (None if absent)."""
        row = self.db.execute("SELECT id, text, url, outlet, date, day, title FROM articles "
                              "WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        art = Article(*row)
        cols = [f"{col}_{end}" for _, col in _SPAN_FIELDS for end in ("start", "end")]
        quotes: list[Quote] = []
        for r in self.db.execute(f"SELECT type, cue_lemma, cue_class, confidence, speaker_id, "
                                 f"{', '.join(cols)} FROM quotes WHERE article_id = ? ORDER BY n",
                                 (doc_id,)):
            spans = {}
            for i, (attr, _) in enumerate(_SPAN_FIELDS):
                start, end = r[5 + 2 * i], r[6 + 2 * i]
                spans[attr] = Span.from_text(art.text, start, end) if start is not None else None
            quotes.append(Quote(type=r[0], cue_lemma=r[1] or "", cue_class=r[2] or "",
                                confidence=r[3] or 0.0, speaker_id=r[4], **spans))
        return art, quotes

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
