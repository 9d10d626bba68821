"""What fetched bytes are (HTML, PDF, plain text, or refused) and how their text is encoded.

The bytes decide first (a PDF is a PDF whatever the server says), then the Content-Type header,
then the bytes again when the header is missing or says nothing (`application/octet-stream`).
The charset comes from a byte-order mark, else the header, else a `<meta>` tag (HTML), else
strict UTF-8, else statistical detection (charset_normalizer).
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from crosstally.errors import SourceError
from crosstally.sources.encoding import decode_as, known_encoding

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain", "text/markdown", "text/x-markdown"})
PDF_TYPES = frozenset({"application/pdf", "application/x-pdf"})
UNDECLARED = frozenset({"", "application/octet-stream", "binary/octet-stream",
                        "application/unknown", "unknown/unknown", "application/x-unknown"})
SUPPORTED = "crosstally reads HTML pages, PDF files and plain text"

# The start of an HTML document, after white space (after the WHATWG MIME sniffing patterns).
HTML_START = re.compile(
    rb"\s*<(?:!doctype\s+html|html|head|body|script|iframe|h1|div|font|table|a|style|title|b|br"
    rb"|p|meta|!--)[\s>/]", re.IGNORECASE)
META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))


def media_type(content_type: str | None) -> tuple[str, str | None]:
    """('text/html', 'utf-8') from 'text/html; charset=UTF-8'; ('', None) for no header."""
    if not content_type:
        return "", None
    main, *params = content_type.split(";")
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return main.strip().lower(), charset


def sniff_kind(body: bytes, content_type: str | None, where: str) -> str:
    """'html', 'pdf' or 'text'; SourceError naming the type for anything else."""
    declared, _ = media_type(content_type)
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF-"):
        return "pdf"
    if declared in PDF_TYPES:
        raise SourceError(f"{where}: the server says {declared} but the bytes are not a PDF; "
                          "the download may be an error page or incomplete")
    if b"\x00" in body[:8192] and not _has_utf16_bom(body):
        named = f" ({declared})" if declared and declared not in UNDECLARED else ""
        raise SourceError(f"{where}: binary content{named}, not text; {SUPPORTED}")
    if declared in HTML_TYPES:
        return "html"
    if declared in TEXT_TYPES:
        return "text"
    if declared not in UNDECLARED:
        raise SourceError(f"{where}: unsupported content type {declared}; {SUPPORTED}")
    return "html" if HTML_START.match(body[:1024]) else "text"


def decode(body: bytes, content_type: str | None, *, html: bool) -> tuple[str, str]:
    """(text, encoding used): BOM, header, <meta> (HTML only), strict UTF-8, detection."""
    for bom, encoding in BOMS:
        if body.startswith(bom):
            return decode_as(body, encoding), encoding
    _, declared = media_type(content_type)
    candidates: list[str | None] = [declared]
    if html:
        m = META_CHARSET.search(body[:4096])
        candidates.append(m.group(1).decode("ascii") if m else None)
    for label in candidates:
        if known := known_encoding(label):
            return decode_as(body, known), known
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(body).best()
    detected = known_encoding(best.encoding if best else None) or "cp1252"
    return decode_as(body, detected), detected


def _has_utf16_bom(body: bytes) -> bool:
    return body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
