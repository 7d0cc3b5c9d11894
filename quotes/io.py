"""Reading input documents: plain-text files, folders, JSONL (optionally gzipped),
CSV and standard input.

Everything here is lazy: :func:`iter_documents` yields one item at a time, so a
multi-gigabyte JSONL dump is never held in memory.  A document that cannot be
read (a malformed JSON line, undecodable bytes, a record without text) becomes
an :class:`InputError` in the stream, at its place, and reading goes on; only a
path that does not exist stops the run (:class:`InputNotFound`).

Texts are returned exactly as stored (no newline translation, no
normalisation) so that character offsets computed on them are offsets into
the user's data.  Only a leading UTF-8 byte-order mark is dropped.
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
FOLDER_SUFFIXES = (".txt", ".jsonl", ".csv")
_CSV_FIELD_LIMIT = 2**31 - 1


@dataclass
class Document:
    """One input text.  ``source`` says where it came from (``file`` or
    ``file:line``) for messages; ``meta`` keeps the record's other fields."""

    id: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    source: str = ""


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


def _read_encoding(encoding: str) -> str:
    # utf-8-sig decodes plain UTF-8 too and drops a byte-order mark.
    return "utf-8-sig" if _is_utf8(encoding) else encoding


def _decode_message(exc: UnicodeDecodeError, encoding: str) -> str:
    name = "UTF-8" if _is_utf8(encoding) else encoding
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

def _read_txt(path: Path, encoding: str) -> Item:
    with _open_binary(path) as fh:
        data = fh.read()
    try:
        text = data.decode(_read_encoding(encoding))
    except UnicodeDecodeError as exc:
        return InputError(_stem(path), f"{path}:{_line_of(data, exc.start)}",
                          _decode_message(exc, encoding))
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
                      text_column: str, id_column: str, first_lineno: int = 1
                      ) -> Iterator[Item]:
    enc = _read_encoding(encoding)
    for lineno, raw in enumerate(lines, first_lineno):
        if isinstance(raw, str):  # a text stream (tests, StringIO)
            line = raw
        else:
            try:
                line = raw.decode(enc)
            except UnicodeDecodeError as exc:
                yield InputError(f"{stem}:{lineno}", f"{name}:{lineno}",
                                 _decode_message(exc, encoding))
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


def _read_jsonl(path: Path, encoding: str, text_column: str, id_column: str
                ) -> Iterator[Item]:
    with _open_binary(path) as fh:
        yield from _read_jsonl_lines(fh, str(path), _stem(path), encoding,
                                     text_column, id_column)


def _read_csv(path: Path, encoding: str, text_column: str, id_column: str
              ) -> Iterator[Item]:
    stem = _stem(path)
    # Articles can be longer than the csv module's default 128 KiB cell limit.
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    with _io.TextIOWrapper(_open_binary(path), encoding=_read_encoding(encoding),
                           errors="strict", newline="") as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader, None)
        except UnicodeDecodeError as exc:
            yield InputError(stem, f"{path}:1", _decode_message(exc, encoding))
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
                                 _decode_message(exc, encoding)
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
        text = data.decode(_read_encoding(encoding))
    except UnicodeDecodeError as exc:
        yield InputError("stdin", f"<stdin>:{_line_of(data, exc.start)}",
                         _decode_message(exc, encoding))
        return
    yield Document("stdin", text, {}, "<stdin>")


def _is_text(stream: Any) -> bool:
    return isinstance(stream, _io.TextIOBase)


# --------------------------------------------------------------------------- entry

def iter_documents(paths: Iterable[str], text_column: str = "text",
                   id_column: str = "id", encoding: str = "utf-8",
                   stdin: Optional[IO] = None) -> Iterator[Item]:
    """Yield a :class:`Document` or an :class:`InputError` per input document,
    in order, reading lazily.

    ``paths``: files (``.txt``, ``.jsonl``, ``.jsonl.gz``, ``.csv``; any other
    suffix is read as plain text), folders (their ``.txt``/``.jsonl``/``.csv``
    files, recursively, sorted) and ``-`` for standard input (JSONL when its
    first non-blank character is ``{``, else one plain-text document ``stdin``).
    An empty ``paths`` means standard input.  ``text_column``/``id_column`` name
    the fields of JSONL and CSV records.

    Raises :class:`InputNotFound` (before yielding anything) if a path is
    missing, and ``LookupError`` for an unknown ``encoding``."""
    codecs.lookup(encoding)
    paths = check_paths(paths)
    for p in paths:
        if p == STDIN:
            yield from _read_stdin(stdin, encoding, text_column, id_column)
            continue
        path = Path(p)
        files = _folder_files(path) if path.is_dir() else [path]
        for f in files:
            kind = _kind(f)
            try:
                if kind == "jsonl":
                    yield from _read_jsonl(f, encoding, text_column, id_column)
                elif kind == "csv":
                    yield from _read_csv(f, encoding, text_column, id_column)
                else:
                    yield _read_txt(f, encoding)
            except (OSError, EOFError) as exc:  # unreadable, truncated .gz, ...
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror \
                    else str(exc) or type(exc).__name__
                yield InputError(_stem(f), str(f), f"cannot read file: {reason}")
