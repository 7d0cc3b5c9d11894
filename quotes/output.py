"""Writing results: JSONL (the evaluation format), CSV (one row per quote) and
a plain-text table for the terminal.

Every writer has the same three methods, called once per input document in
input order: ``write(doc_id, quotes, meta)`` for a processed document,
``write_error(doc_id, message)`` for one that failed, and ``close()`` at the
end (it flushes, and never closes the stream it was given)."""
from __future__ import annotations

import csv
import json
import unicodedata
from typing import IO, Any, Iterable, Optional, Sequence

from .types import Quote, Span

__all__ = [
    "FORMATS",
    "CSV_COLUMNS",
    "JsonlWriter",
    "CsvWriter",
    "TableWriter",
    "make_writer",
    "neutralise",
    "quote_row",
    "write_records",
]

FORMATS = ("jsonl", "csv", "table")

CSV_COLUMNS = (
    "doc_id", "type", "speaker", "speaker_resolved", "cue", "cue_lemma",
    "cue_class", "content", "content_start", "content_end", "confidence",
    "addressee",
)

# Characters that make spreadsheet programs treat a cell as a formula
# (OWASP "CSV injection"); tab and carriage return are included for the same reason.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Prefix ``'`` to a string cell that a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _text(span: Optional[Span]) -> str:
    return span.text if span is not None else ""


def quote_row(doc_id: str, q: Quote) -> dict[str, Any]:
    """One CSV row (not yet neutralised) for quote ``q`` of document ``doc_id``."""
    return {
        "doc_id": doc_id,
        "type": q.type,
        "speaker": _text(q.speaker),
        "speaker_resolved": _text(q.speaker_resolved),
        "cue": _text(q.cue),
        "cue_lemma": q.cue_lemma,
        "cue_class": q.cue_class,
        "content": _text(q.content),
        "content_start": q.content.start,
        "content_end": q.content.end,
        "confidence": round(q.confidence, 3),
        "addressee": _text(q.addressee),
    }


class _Writer:
    def __init__(self, stream: IO[str]):
        self.stream = stream
        self.documents = 0
        self.quotes = 0
        self.errors = 0

    def write(self, doc_id: str, quotes: Iterable[Quote],
              meta: Optional[dict[str, Any]] = None, text: Optional[str] = None) -> None:
        """``text``: the document's text when the user has not got it (text
        extracted from HTML); only JSONL writes it."""
        raise NotImplementedError

    def write_error(self, doc_id: str, message: str) -> None:
        raise NotImplementedError

    def flush(self) -> None:
        self.stream.flush()

    def close(self) -> None:
        self.flush()


class QuotesJson(str):
    """A document's quotes already serialised as a JSON list (``--jobs N``
    workers send this instead of :class:`Quote` objects, which spares the main
    process the unpickling and the encoding). ``count`` is the number of quotes."""

    count: int = 0

    @classmethod
    def of(cls, quotes: Iterable[Quote]) -> "QuotesJson":
        qs = [q.to_dict() for q in quotes]
        out = cls(json.dumps(qs, ensure_ascii=False, default=str))
        out.count = len(qs)
        return out


class JsonlWriter(_Writer):
    """One JSON object a line and a line per input document:
    ``{"id", "quotes": [Quote.to_dict()...], "meta"}``, or
    ``{"id", "error", "quotes": []}`` for a document that failed."""

    def __init__(self, stream: IO[str], include_meta: bool = True):
        super().__init__(stream)
        self.include_meta = include_meta

    def _line(self, obj: dict[str, Any]) -> None:
        self.stream.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")

    def write(self, doc_id, quotes, meta=None, text=None):
        if isinstance(quotes, QuotesJson):
            self._write_serialized(doc_id, quotes, meta, text)
            return
        qs = [q.to_dict() for q in quotes]
        rec: dict[str, Any] = {"id": doc_id}
        if text is not None:
            rec["text"] = text
        rec["quotes"] = qs
        if self.include_meta:
            rec["meta"] = dict(meta or {})
        self._line(rec)
        self.documents += 1
        self.quotes += len(qs)

    def _write_serialized(self, doc_id, quotes: QuotesJson, meta, text) -> None:
        """The same line ``write`` makes, with the quotes list spliced in as is."""
        dump = lambda v: json.dumps(v, ensure_ascii=False, default=str)  # noqa: E731
        parts = ['"id": ' + dump(doc_id)]
        if text is not None:
            parts.append('"text": ' + dump(text))
        parts.append('"quotes": ' + quotes)
        if self.include_meta:
            parts.append('"meta": ' + dump(dict(meta or {})))
        self.stream.write("{" + ", ".join(parts) + "}\n")
        self.documents += 1
        self.quotes += quotes.count

    def write_error(self, doc_id, message):
        self._line({"id": doc_id, "error": message, "quotes": []})
        self.documents += 1
        self.errors += 1


class CsvWriter(_Writer):
    """One row per quote (columns :data:`CSV_COLUMNS`), header first.  Documents
    without quotes and failed documents give no row (errors go to stderr).
    Cells that a spreadsheet would evaluate are neutralised (see :func:`neutralise`)."""

    def __init__(self, stream: IO[str]):
        super().__init__(stream)
        # "\r\n" (RFC 4180) also makes the writer quote cells holding a lone "\r".
        self._csv = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
        self._csv.writeheader()

    def write(self, doc_id, quotes, meta=None, text=None):
        for q in quotes:
            row = quote_row(doc_id, q)
            self._csv.writerow({k: neutralise(v) for k, v in row.items()})
            self.quotes += 1
        self.documents += 1

    def write_error(self, doc_id, message):
        self.documents += 1
        self.errors += 1


def _width(s: str) -> int:
    """Terminal columns taken by ``s``: combining marks (Arabic diacritics)
    take none, wide East Asian characters two."""
    w = 0
    for ch in s:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


def _fit(s: str, width: int) -> str:
    """``s`` on one line, cut to ``width`` columns with an ellipsis, padded."""
    s = " ".join(s.split())
    if _width(s) > width:
        out, w = [], 0
        for ch in s:
            cw = _width(ch)
            if w + cw > width - 1:
                break
            out.append(ch)
            w += cw
        s = "".join(out).rstrip() + "…"
    return s + " " * max(0, width - _width(s))


class TableWriter(_Writer):
    """A plain-text table for reading in a terminal, streamed row by row:
    document id, type, (resolved) speaker, cue and the content cut to
    ``content_width`` columns.  A summary line is written by ``close()``."""

    COLUMNS = (("doc", 18), ("type", 8), ("speaker", 28), ("cue", 12))

    def __init__(self, stream: IO[str], content_width: int = 80):
        super().__init__(stream)
        self.content_width = content_width
        self._header = False

    def _row(self, cells: list[str]) -> None:
        parts = [_fit(c, w) for c, (_, w) in zip(cells, self.COLUMNS)]
        parts.append(_fit(cells[-1], self.content_width).rstrip())
        self.stream.write(" | ".join(parts).rstrip() + "\n")

    def _ensure_header(self) -> None:
        if not self._header:
            self._row([name for name, _ in self.COLUMNS] + ["content"])
            total = sum(w for _, w in self.COLUMNS) + 3 * len(self.COLUMNS) + self.content_width
            self.stream.write("-" * total + "\n")
            self._header = True

    def write(self, doc_id, quotes, meta=None, text=None):
        self._ensure_header()
        quotes = list(quotes)
        for q in quotes:
            speaker = q.speaker_resolved or q.speaker
            self._row([doc_id, q.type, _text(speaker) or "?", _text(q.cue), q.content.text])
        if not quotes:
            self._row([doc_id, "-", "", "", "(no quotes found)"])
        self.documents += 1
        self.quotes += len(quotes)

    def write_error(self, doc_id, message):
        self._ensure_header()
        self._row([doc_id, "ERROR", "", "", message])
        self.documents += 1
        self.errors += 1

    def close(self):
        if self.documents:
            errors = f", {self.errors} failed" if self.errors else ""
            self.stream.write(f"\n{self.quotes} quote(s) in {self.documents} "
                              f"document(s){errors}\n")
        super().close()


def write_records(records: Iterable[dict[str, Any]], fmt: str, stream: IO[str],
                  columns: Sequence[tuple[str, int]]) -> int:
    """Write flat records (search hits, speaker counts) as ``jsonl`` (every
    field), ``csv`` (the ``columns``, neutralised like quote rows) or
    ``table`` (the ``columns`` cut to their widths; a width of 0 means the
    rest of the line).  Returns the number of records."""
    names = [name for name, _ in columns]
    n = 0
    if fmt == "csv":
        out = csv.DictWriter(stream, fieldnames=names, extrasaction="ignore", lineterminator="\r\n")
        out.writeheader()
    elif fmt == "table":
        stream.write(_table_line(names, columns))
        stream.write("-" * sum(w + 3 for _, w in columns if w) + "-" * 20 + "\n")
    elif fmt != "jsonl":
        raise ValueError(f"unknown output format {fmt!r}; expected one of {', '.join(FORMATS)}")
    for rec in records:
        n += 1
        if fmt == "jsonl":
            stream.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
        elif fmt == "csv":
            out.writerow({k: neutralise(rec.get(k)) for k in names})
        else:
            stream.write(_table_line(["" if rec.get(k) is None else str(rec[k]) for k in names],
                                     columns))
    stream.flush()
    return n


def _table_line(cells: Sequence[str], columns: Sequence[tuple[str, int]]) -> str:
    parts = [_fit(c, w) if w else " ".join(c.split()) for c, (_, w) in zip(cells, columns)]
    return " | ".join(parts).rstrip() + "\n"


def make_writer(fmt: str, stream: IO[str], include_meta: bool = True) -> _Writer:
    """The writer for format ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "jsonl":
        return JsonlWriter(stream, include_meta=include_meta)
    if fmt == "csv":
        return CsvWriter(stream)
    if fmt == "table":
        return TableWriter(stream)
    raise ValueError(f"unknown output format {fmt!r}; expected one of {', '.join(FORMATS)}")
