"""Making extracted text safe to put into other formats.

The project writes JSONL (``json.dumps`` escapes every control character),
CSV (cells that would start a formula are neutralised by
:func:`quotes.output.neutralise`), a plain-text table and the HTML article
view (:mod:`quotes.render`, every piece of text through :func:`html_safe`).
A GEXF/XML exporter should use :func:`xml_safe`.
"""
from __future__ import annotations

import html
import re

__all__ = ["xml_safe", "html_safe", "XML_ILLEGAL"]

#: Characters not allowed anywhere in an XML 1.0 document: C0 controls other
#: than tab, LF and CR; lone surrogates; U+FFFE and U+FFFF.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str, replacement: str = "") -> str:
    """``text`` without the characters XML 1.0 forbids (each replaced by
    ``replacement``; pass ``"\\ufffd"`` to keep the length, and so the
    offsets, unchanged).  Escaping ``< > &`` is left to the XML writer."""
    if replacement and XML_ILLEGAL.search(replacement):
        raise ValueError("the replacement itself is not allowed in XML")
    return XML_ILLEGAL.sub(replacement, text)


def html_safe(text: str, replacement: str = "") -> str:
    """``text`` ready to be put into HTML element content or an attribute
    value: ``& < > " '`` escaped and XML-illegal characters dropped (or
    replaced by ``replacement``, as in :func:`xml_safe`)."""
    return html.escape(xml_safe(text, replacement), quote=True)
