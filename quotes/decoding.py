"""Turning the bytes of an input file into text: ``--encoding auto`` and strict
named encodings, with binary files recognised instead of decoded into garbage.

``auto`` (the default) decides, in this order:

1. a byte-order mark: UTF-8 (dropped), UTF-16 or UTF-32 (LE/BE);
2. strict UTF-8 (ASCII included).  Valid UTF-8 is always read as text, except
   when it is really UTF-16 without a byte-order mark (NUL or U+0006 bytes in
   every other position that decode to plausible Arabic/Latin text);
3. bytes that are *almost* UTF-8 (many valid multi-byte sequences, a few bad
   bytes) are reported as broken UTF-8 with the offset of the first bad byte,
   never re-read as Windows-1256 mojibake;
4. NUL bytes or many control bytes: a binary file (a PNG, a zip, ...);
5. otherwise the ``charset-normalizer`` library, restricted to Windows-1256 and
   ISO-8859-6, then a strict decode, accepted only if most of the non-ASCII
   characters are Arabic letters (at least three) and no accented Latin letter
   touches an Arabic one (the mark of one of the two read as the other);
6. nothing fits: :class:`DecodeProblem` "cannot decode".

An explicit encoding is used strictly (a UTF-8 byte-order mark is still
dropped); for single-byte encodings the result is checked for binary content.
"""
from __future__ import annotations

import codecs
import re
from typing import Optional

__all__ = [
    "AUTO",
    "AUTO_ENCODINGS",
    "DecodeProblem",
    "decode",
    "detect_stream_encoding",
    "LineDecoder",
    "check_encoding",
]

AUTO = "auto"
#: What ``auto`` can recognise, in words (used in messages and the docs).
AUTO_ENCODINGS = "UTF-8/UTF-16/Windows-1256/ISO-8859-6"
_FALLBACKS = ("cp1256", "iso8859_6")
_SAMPLE = 8192

_BOMS = (  # longest first: the UTF-32-LE mark starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control bytes that do not occur in text files (tab, LF, VT, FF, CR, ESC do).
_CONTROL_BYTES = frozenset(set(range(0x00, 0x09)) | {0x0E, 0x0F} | set(range(0x10, 0x1B))
                           | {0x1C, 0x1D, 0x1E, 0x1F, 0x7F})
# Non-ASCII characters that say nothing about the script (spaces, marks, quotes).
_NEUTRAL = set("\u00a0\u200c\u200d\u200e\u200f\u00ab\u00bb\u2018\u2019\u201c\u201d"
               "\u201e\u2013\u2014\u2026\u00b7\u00d7\u00f7\u00b0\u20ac\ufeff")


class DecodeProblem(ValueError):
    """Bytes that cannot be read as text.  ``offset`` is the byte offset of the
    first bad byte when there is one (for a line number in messages)."""

    def __init__(self, message: str, offset: Optional[int] = None):
        super().__init__(message)
        self.message = message
        self.offset = offset


def check_encoding(encoding: str) -> None:
    """Raise ``LookupError`` for an encoding name Python does not know."""
    if encoding != AUTO:
        codecs.lookup(encoding)


def _is_utf8_name(encoding: str) -> bool:
    return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")


def _is_unicode_name(encoding: str) -> bool:
    return codecs.lookup(encoding).name.startswith(("utf-", "utf_"))


def strict_name(encoding: str) -> str:
    """The codec used for an explicit ``encoding``: UTF-8 drops a byte-order mark."""
    return "utf-8-sig" if _is_utf8_name(encoding) else encoding


def _is_arabic(ch: str) -> bool:
    o = ord(ch)
    return (0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0x08A0 <= o <= 0x08FF
            or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFC)


def mostly_arabic(text: str, threshold: float = 0.7) -> bool:
    """True when at least ``threshold`` of the non-ASCII, non-neutral characters
    of (the start of) ``text`` are Arabic letters, and there are at least three."""
    sample = text[: _SAMPLE * 4]
    arabic = other = 0
    for ch in sample:
        if ch < "\x80" or ch in _NEUTRAL:
            continue
        if _is_arabic(ch):
            arabic += ch.isalpha()  # letters count, Arabic punctuation is neutral
        else:
            other += 1
    return arabic >= 3 and arabic >= threshold * (arabic + other)


# An accented Latin letter touching an Arabic letter: one single-byte Arabic
# encoding read as the other (ISO-8859-6 "قال" read as Windows-1256 is "âال").
_MOJIBAKE = re.compile("[\u0621-\u064a][\u00c0-\u00ff]|[\u00c0-\u00ff][\u0621-\u064a]")


def _plausible_text(text: str) -> bool:
    """Arabic/Latin letters, digits, spaces and punctuation, almost nothing else."""
    sample = text[:_SAMPLE]
    if not sample:
        return False
    good = sum(1 for ch in sample
               if ch.isspace() or " " <= ch <= "~" or _is_arabic(ch) or ch in _NEUTRAL)
    return good >= 0.95 * len(sample) and any(ch.isalpha() for ch in sample)


def _binary_bytes(sample: bytes) -> bool:
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b in _CONTROL_BYTES)
    return controls > 0.1 * len(sample)


def _binary_text(text: str) -> bool:
    sample = text[:_SAMPLE]
    if not sample:
        return False
    if "\x00" in sample:
        return True
    controls = sum(1 for ch in sample if ord(ch) in _CONTROL_BYTES)
    return controls > 0.1 * len(sample)


def _utf16_without_bom(data: bytes) -> Optional[str]:
    """``data`` decoded as UTF-16-LE or -BE when that gives plausible text."""
    if len(data) < 2 or len(data) % 2:
        return None
    head = data[:_SAMPLE]
    if head.count(b"\x00") + head.count(b"\x06") < 0.3 * len(head):
        return None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _plausible_text(text):
            return text
    return None


def _broken_utf8(data: bytes) -> bool:
    """Mostly well-formed UTF-8 with a few bad bytes (not another encoding)."""
    text = data[: _SAMPLE * 16].decode("utf-8", "replace")
    bad = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ch >= "\x80" and ch != "\ufffd")
    return multibyte >= 8 and multibyte >= 4 * bad


def _utf8_message(exc: UnicodeDecodeError, name: str = "UTF-8") -> str:
    bad = exc.object[exc.start:exc.start + 1]
    return (f"not valid {name} (byte 0x{bad.hex()} at byte offset {exc.start}); "
            f"use --encoding to name the file's encoding")


def _cannot(what: str) -> DecodeProblem:
    return DecodeProblem(f"cannot decode {what}: not {AUTO_ENCODINGS}; pass --encoding")


def _arabic_single_byte(data: bytes, preferred: Optional[str] = None) -> Optional[tuple[str, str]]:
    """(text, encoding) for Windows-1256/ISO-8859-6 data, or None."""
    candidates: list[str] = []
    if preferred:
        candidates.append(preferred)
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=list(_FALLBACKS)).best()
        if best is not None:
            candidates.append(codecs.lookup(best.encoding).name)
    except Exception:  # pragma: no cover - the library is a hint, never a failure
        pass
    candidates.extend(_FALLBACKS)
    seen = set()
    fits: list[tuple[int, int, str, str]] = []
    for rank, enc in enumerate(candidates):
        name = codecs.lookup(enc).name
        if name in seen:
            continue
        seen.add(name)
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        sample = text[: _SAMPLE * 4]
        if mostly_arabic(sample) and not _binary_text(sample) and not _MOJIBAKE.search(sample):
            # Both encodings can give Arabic letters; the definite article
            # (bytes C7 E1 in Windows-1256, C7 E4 in ISO-8859-6) tells them apart.
            fits.append((-sample.count("\u0627\u0644"), rank, text, name))
    if not fits:
        return None
    _, _, text, name = min(fits)
    return text, name


def decode(data: bytes, encoding: str = AUTO, what: str = "file",
           preferred: Optional[str] = None) -> tuple[str, str]:
    """``(text, encoding used)`` for ``data``; raises :class:`DecodeProblem`.

    ``what`` names the input in messages; ``preferred`` is a single-byte
    encoding to try first in auto mode (the one earlier lines of a file had)."""
    if encoding != AUTO:
        name = strict_name(encoding)
        try:
            text = data.decode(name)
        except UnicodeDecodeError as exc:
            label = "UTF-8" if _is_utf8_name(encoding) else encoding
            raise DecodeProblem(_utf8_message(exc, label), exc.start) from None
        if not _is_unicode_name(encoding) and _binary_text(text):
            raise DecodeProblem("binary file (NUL or control bytes), not text")
        return text, codecs.lookup(name).name

    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise DecodeProblem(_utf8_message(exc, name.upper().replace("-SIG", "")),
                                    exc.start) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_error = exc
    else:
        if "\x00" in text[:_SAMPLE] or "\x06" in text[:_SAMPLE]:
            utf16 = _utf16_without_bom(data)
            if utf16 is not None:
                return utf16, "utf-16"
        return text, "utf-8"

    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16, "utf-16"
    if _broken_utf8(data):
        raise DecodeProblem(_utf8_message(first_error), first_error.start)
    if _binary_bytes(data[:_SAMPLE]):
        raise DecodeProblem("binary file (NUL or control bytes), not text")
    found = _arabic_single_byte(data, preferred)
    if found is None:
        raise _cannot(what)
    return found


def detect_stream_encoding(head: bytes, encoding: str = AUTO, what: str = "file") -> str:
    """The codec to read a whole stream (a CSV file) with, from its first bytes
    ``head``; raises :class:`DecodeProblem` for binary or unknown data.  ``head``
    may end in the middle of a character."""
    if encoding != AUTO:
        return strict_name(encoding)
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    try:  # an incremental decoder accepts a character split at the end
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        pass
    else:
        if "\x00" in text[:_SAMPLE] or "\x06" in text[:_SAMPLE]:
            found16 = _utf16_stream(head)
            if found16:
                return found16
        return "utf-8"
    found16 = _utf16_stream(head)
    if found16:
        return found16
    if _broken_utf8(head):
        return "utf-8"  # the bad bytes are reported where they are
    if _binary_bytes(head[:_SAMPLE]):
        raise DecodeProblem("binary file (NUL or control bytes), not text")
    # A single-byte encoding never splits a character.
    found = _arabic_single_byte(head)
    if found is None:
        raise _cannot(what)
    return found[1]


def _utf16_stream(head: bytes) -> Optional[str]:
    even = head[: len(head) // 2 * 2]
    if _utf16_without_bom(even) is None:
        return None
    # Arabic and ASCII have their 0x06/0x00 byte second in little-endian order.
    odd = even[1::2]
    return "utf-16-le" if odd.count(b"\x00") + odd.count(b"\x06") >= len(odd) / 2 else "utf-16-be"


class LineDecoder:
    """Decodes the lines of one JSONL file, one at a time.

    In ``auto`` mode a line is UTF-8 when it decodes as UTF-8.  Once the file
    is known to be UTF-8 (``hint="utf-8"`` from its first 64 KiB, or an earlier
    line with non-ASCII UTF-8), a line that is not is reported as bad UTF-8.
    Otherwise the line's single-byte Arabic encoding is detected (and tried
    first on the following lines)."""

    def __init__(self, encoding: str = AUTO, hint: Optional[str] = None):
        self.encoding = encoding
        self.fallback: Optional[str] = None
        self.utf8 = hint is not None and codecs.lookup(hint).name in ("utf-8", "utf-8-sig")
        if hint is not None and not self.utf8 and not hint.startswith("utf"):
            self.fallback = codecs.lookup(hint).name
        self.first = True

    def __call__(self, raw: bytes) -> str:
        first, self.first = self.first, False
        if self.encoding != AUTO:
            name = strict_name(self.encoding)
            try:
                return raw.decode(name)
            except UnicodeDecodeError as exc:
                label = "UTF-8" if _is_utf8_name(self.encoding) else self.encoding
                raise DecodeProblem(_utf8_message(exc, label), exc.start) from None
        try:
            line = raw.decode("utf-8-sig" if first else "utf-8")
        except UnicodeDecodeError as exc:
            if self.utf8 or _broken_utf8(raw):
                raise DecodeProblem(_utf8_message(exc), exc.start) from None
            found = _arabic_single_byte(raw, self.fallback)
            if found is None:
                raise _cannot("line") from None
            self.fallback = found[1]
            return found[0]
        if not self.utf8 and not raw.isascii():
            self.utf8 = True
        return line
