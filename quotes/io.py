"""Reading input documents: plain-text files, folders, JSONL (optionally gzipped),
CSV and standard input.

Everything here is lazy: :func:`iter_documents` yields one item at a time, so a
multi-gigabyte JSONL dump is never held in memory.  A document that cannot be
read (a malformed JSON line, undecodable bytes, a record without text) becomes
an :class:`InputError` in the stream, at its place, and reading goes on; only a
path that does not exist stops the run (:class:`InputNotFound`).

Texts are returned exactly as stored (no newline translation, no
normalisation) so that character offsets computed on them are offsets into
the user's data.  Only a leading byte-order mark is dropped.  Bytes become
text through :mod:`quotes.decoding` (``encoding="auto"`` by default: BOM,
UTF-8, UTF-16, Windows-1256, ISO-8859-6; binary files are errors).  HTML input
(``html=True``, or ``.html``/``.htm`` files) is replaced by its visible text
(:func:`quotes.htmltext.visible_text`) and marked ``Document.html``: offsets
then refer to that extracted text.
"""
from __future__ import annotations

import codecs
import csv
import gzip
import io as _io  # the standard library's io (this module is quotes.io)
import json
import os
import sys
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Optional, Union

from .decoding import (AUTO, DecodeProblem, LineDecoder, check_encoding, decode,
                       detect_stream_encoding)
from .htmltext import looks_like_html_name, visible_text

__all__ = [
    "Document",
    "InputError",
    "InputNotFound",
    "iter_documents",
    "check_paths",
    "STDIN",
]

STDIN = "-"
#: Suffixes picked up when a folder is given (a ``.gz`` is allowed on top).
FOLDER_SUFFIXES = (".txt", ".jsonl", ".csv", ".html", ".htm")
_CSV_FIELD_LIMIT = 2**31 - 1


@dataclass
class Document:
    """One input text.  ``source`` says where it came from (``file`` or
    ``file:line``) for messages; ``meta`` keeps the record's other fields."""

    id: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    #: True when ``text`` is the visible text extracted from HTML input.
    html: bool = False


@dataclass
class InputError:
    """A document that could not be read; it keeps its place in the stream."""

    id: str
    source: str
    message: str


class InputNotFound(Exception):
    """A path given on the command line does not exist (a usage error)."""

    def __init__(self, path: str):
        super().__init__(f"no such file or directory: {path}")
        self.path = path


Item = Union[Document, InputError]


# --------------------------------------------------------------------------- helpers

def _is_utf8(encoding: str) -> bool:
    return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")


def _decode_message(exc: UnicodeDecodeError, encoding: str) -> str:
    name = "UTF-8" if encoding != AUTO and _is_utf8(encoding) else encoding
    bad = exc.object[exc.start:exc.start + 1]
    return (f"not valid {name} (byte 0x{bad.hex()} at byte offset {exc.start}); "
            f"use --encoding to name the file's encoding")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _stem(path: Path) -> str:
    name = path.name
    if name.endswith(".gz"):
        name = name[:-3]
    return Path(name).stem or name


def _kind(path: Path) -> str:
    """'txt', 'jsonl' or 'csv' from the suffix (``.gz`` ignored); unknown
    suffixes given explicitly are read as plain text."""
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    if name.endswith(".jsonl") or name.endswith(".ndjson"):
        return "jsonl"
    if name.endswith(".csv"):
        return "csv"
    if looks_like_html_name(name):
        return "html"
    return "txt"


def _open_binary(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return open(path, "rb")


def _folder_files(folder: Path) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for f in files:
            low = f.lower()
            if low.endswith(".gz"):
                low = low[:-3]
            if not f.startswith(".") and low.endswith(FOLDER_SUFFIXES):
                found.append(Path(root) / f)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def check_paths(paths: Iterable[str]) -> list[str]:
    """The paths as a list, ``[STDIN]`` when empty; raises :class:`InputNotFound`
    for the first one that does not exist.  Called before anything is read so a
    typo fails fast, before any output is written."""
    paths = list(paths) or [STDIN]
    for p in paths:
        if p != STDIN and not os.path.exists(p):
            raise InputNotFound(p)
    return paths


# --------------------------------------------------------------------------- readers

def _problem(doc_id: str, where: str, data: bytes, exc: DecodeProblem) -> InputError:
    source = where if exc.offset is None else f"{where}:{_line_of(data, exc.offset)}"
    return InputError(doc_id, source, exc.message)


def _as_html(item: Item) -> Item:
    """``item`` with its text replaced by the visible text of the HTML."""
    if not isinstance(item, Document):
        return item
    try:
        text = visible_text(item.text)
    except Exception as exc:  # html.parser is lenient; this is a last resort
        return InputError(item.id, item.source, f"cannot parse HTML: {exc}")
    return Document(item.id, text, item.meta, item.source, html=True)


def _read_txt(path: Path, encoding: str) -> Item:
    with _open_binary(path) as fh:
        data = fh.read()
    try:
        text, _ = decode(data, encoding, what=str(path))
    except DecodeProblem as exc:
        return _problem(_stem(path), str(path), data, exc)
    return Document(_stem(path), text, {}, str(path))


def _record(obj: Any, default_id: str, source: str, text_column: str,
            id_column: str) -> Item:
    if not isinstance(obj, dict):
        return InputError(default_id, source,
                          f"expected a JSON object, got {type(obj).__name__}")
    raw_id = obj.get(id_column)
    doc_id = default_id if raw_id is None or raw_id == "" else str(raw_id)
    text = obj.get(text_column)
    if not isinstance(text, str):
        what = "missing" if text is None else f"a {type(text).__name__}, not a string"
        return InputError(doc_id, source, f'field "{text_column}" is {what}')
    meta = {k: v for k, v in obj.items() if k not in (id_column, text_column)}
    return Document(doc_id, text, meta, source)


def _read_jsonl_lines(lines: Iterable[bytes], name: str, stem: str, encoding: str,
                      text_column: str, id_column: str, first_lineno: int = 1,
                      hint: Optional[str] = None) -> Iterator[Item]:
    decode_line = LineDecoder(encoding, hint)
    lines = iter(lines)
    lineno = first_lineno - 1
    while True:
        try:
            raw = next(lines)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:  # a decoded (UTF-16) stream
            yield InputError(f"{stem}:{lineno + 1}", f"{name}:{lineno + 1}",
                             f"not valid {exc.encoding.upper()} ({exc.reason}); "
                             "rest of the file skipped")
            return
        lineno += 1
        if isinstance(raw, str):  # a text stream (tests, StringIO, UTF-16 files)
            line = raw
        else:
            try:
                line = decode_line(raw)
            except DecodeProblem as exc:
                yield InputError(f"{stem}:{lineno}", f"{name}:{lineno}", exc.message)
                continue
        if not line.strip():
            continue
        source = f"{name}:{lineno}"
        default_id = f"{stem}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(default_id, source,
                             f"malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        yield _record(obj, default_id, source, text_column, id_column)


def _sniff(fh: IO[bytes], path: Path, encoding: str) -> str:
    """The encoding to read the stream ``fh`` with (rewound afterwards): the
    first 64 KiB decide, or the first non-ASCII 64 KiB when those are ASCII."""
    head = fh.read(1 << 16)
    enc = detect_stream_encoding(head, encoding, what=str(path))
    if encoding == AUTO and enc == "utf-8" and head.isascii():
        while True:
            chunk = fh.read(1 << 16)
            if not chunk:
                break
            if not chunk.isascii():
                start = next(i for i, b in enumerate(chunk) if b >= 0x80)
                chunk = chunk[start:] + fh.read(1 << 16)
                # A single-byte Arabic file or UTF-8 (split characters allowed).
                enc = detect_stream_encoding(chunk, AUTO, what=str(path))
                break
    fh.seek(0)
    return enc


def _read_jsonl(path: Path, encoding: str, text_column: str, id_column: str
                ) -> Iterator[Item]:
    with _open_binary(path) as fh:
        head = fh.read(1 << 16)
        fh.seek(0)
        try:
            enc = detect_stream_encoding(head, encoding, what=str(path))
        except DecodeProblem as exc:
            yield InputError(_stem(path), str(path), exc.message)
            return
        if codecs.lookup(enc).name.startswith("utf-16") or \
                codecs.lookup(enc).name.startswith("utf-32"):
            # Lines cannot be split on b"\n" in UTF-16: decode the stream.
            lines: Iterable = _io.TextIOWrapper(fh, encoding=enc, errors="strict",
                                                newline="")
        else:
            lines = fh  # per line: UTF-8, or the Arabic encoding the line is in
        hint = enc if encoding == AUTO and not head.isascii() else None
        yield from _read_jsonl_lines(lines, str(path), _stem(path), encoding,
                                     text_column, id_column, hint=hint)


def _read_csv(path: Path, encoding: str, text_column: str, id_column: str
              ) -> Iterator[Item]:
    stem = _stem(path)
    # Articles can be longer than the csv module's default 128 KiB cell limit.
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    raw = _open_binary(path)
    try:
        enc = _sniff(raw, path, encoding)
    except DecodeProblem as exc:
        raw.close()
        yield InputError(stem, str(path), exc.message)
        return
    with _io.TextIOWrapper(raw, encoding=enc, errors="strict", newline="") as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader, None)
        except UnicodeDecodeError as exc:
            yield InputError(stem, f"{path}:1", _decode_message(exc, enc))
            return
        except csv.Error as exc:
            yield InputError(stem, f"{path}:1", f"malformed CSV: {exc}")
            return
        if header is None:
            return
        if text_column not in header:
            yield InputError(stem, f"{path}:1",
                             f'no column "{text_column}" in the CSV header '
                             f"(columns: {', '.join(header)}); use --text-column")
            return
        if id_column not in header and id_column != "id":
            yield InputError(stem, f"{path}:1",
                             f'no column "{id_column}" in the CSV header '
                             f"(columns: {', '.join(header)}); use --id-column")
            return
        t_i = header.index(text_column)
        id_i = header.index(id_column) if id_column in header else None
        start = reader.line_num + 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as exc:
                yield InputError(f"{stem}:{start}", f"{path}:{start}",
                                 _decode_message(exc, enc)
                                 + " (rest of the file skipped)")
                return
            except csv.Error as exc:
                yield InputError(f"{stem}:{start}", f"{path}:{start}",
                                 f"malformed CSV: {exc} (rest of the file skipped)")
                return
            lineno, start = start, reader.line_num + 1
            if not row or all(not c.strip() for c in row):
                continue
            source = f"{path}:{lineno}"
            doc_id = row[id_i] if id_i is not None and id_i < len(row) and row[id_i] \
                else f"{stem}:{lineno}"
            if t_i >= len(row):
                yield InputError(doc_id, source,
                                 f'row has {len(row)} cells, no "{text_column}" value')
                continue
            meta = {h: row[i] for i, h in enumerate(header)
                    if i < len(row) and i not in (t_i, id_i)}
            yield Document(doc_id, row[t_i], meta, source)


def _read_stdin(stream: Optional[IO], encoding: str, text_column: str,
                id_column: str) -> Iterator[Item]:
    stream = stream if stream is not None else sys.stdin
    binary = getattr(stream, "buffer", stream)
    lines = iter(binary.readline, b"" if not _is_text(binary) else "")
    head: list = []
    for line in lines:
        head.append(line)
        if line.strip():
            break
    first = head[-1].lstrip() if head else ""
    starts_json = first[:1] in ("{", b"{")
    if starts_json:
        yield from _read_jsonl_lines(chain(head, lines), "<stdin>", "stdin",
                                     encoding, text_column, id_column)
        return
    rest = list(head)
    rest.extend(lines)
    if not rest:
        return
    if isinstance(rest[0], str):
        yield Document("stdin", "".join(rest), {}, "<stdin>")
        return
    data = b"".join(rest)
    try:
        text, used = decode(data, encoding, what="standard input")
    except DecodeProblem as exc:
        yield _problem("stdin", "<stdin>", data, exc)
        return
    if used != "utf-8" and text.lstrip("\ufeff \t\r\n").startswith("{"):
        # JSONL in UTF-16 or a single-byte encoding: its lines are text now.
        yield from _read_jsonl_lines(text.splitlines(keepends=True), "<stdin>",
                                     "stdin", encoding, text_column, id_column)
        return
    yield Document("stdin", text, {}, "<stdin>")


def _is_text(stream: Any) -> bool:
    return isinstance(stream, _io.TextIOBase)


# --------------------------------------------------------------------------- entry

def iter_documents(paths: Iterable[str], text_column: str = "text",
                   id_column: str = "id", encoding: str = AUTO,
                   stdin: Optional[IO] = None, html: bool = False) -> Iterator[Item]:
    """Yield a :class:`Document` or an :class:`InputError` per input document,
    in order, reading lazily.

    ``paths``: files (``.txt``, ``.jsonl``, ``.jsonl.gz``, ``.csv``; any other
    suffix is read as plain text), folders (their ``.txt``/``.jsonl``/``.csv``
    files, recursively, sorted) and ``-`` for standard input (JSONL when its
    first non-blank character is ``{``, else one plain-text document ``stdin``).
    An empty ``paths`` means standard input.  ``text_column``/``id_column`` name
    the fields of JSONL and CSV records.

    ``encoding`` is ``"auto"`` (see :mod:`quotes.decoding`) or a Python codec
    name used strictly.  With ``html=True`` every text is HTML and is replaced
    by its visible text (``.html``/``.htm`` files always are).

    Raises :class:`InputNotFound` (before yielding anything) if a path is
    missing, and ``LookupError`` for an unknown ``encoding``."""
    check_encoding(encoding)
    paths = check_paths(paths)
    for item in _iter_items(paths, text_column, id_column, encoding, stdin, html):
        yield item


def _iter_items(paths, text_column, id_column, encoding, stdin, html) -> Iterator[Item]:
    for p in paths:
        if p == STDIN:
            items = _read_stdin(stdin, encoding, text_column, id_column)
            yield from (map(_as_html, items) if html else items)
            continue
        path = Path(p)
        files = _folder_files(path) if path.is_dir() else [path]
        for f in files:
            kind = _kind(f)
            try:
                if kind == "jsonl":
                    items = _read_jsonl(f, encoding, text_column, id_column)
                elif kind == "csv":
                    items = _read_csv(f, encoding, text_column, id_column)
                else:
                    items = iter([_read_txt(f, encoding)])
                yield from (map(_as_html, items) if html or kind == "html" else items)
            except (OSError, EOFError) as exc:  # unreadable, truncated .gz, ...
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror \
                    else str(exc) or type(exc).__name__
                yield InputError(_stem(f), str(f), f"cannot read file: {reason}")
