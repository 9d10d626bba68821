"""A source as read, and where it came from: `ReadSource`, `is_url`, `source_id`.

Apart from the web stack (`crosstally.web`: httpx, lxml, pypdf) so that the library's `add`
of local files, which needs only these, starts without loading it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from crosstally.types import Document

URL_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True, slots=True)
class ReadSource:
    """A document as read, with the bytes it was read from (kept by the library)."""

    document: Document
    raw: bytes
    content_type: str | None = None


def is_url(location: str) -> bool:
    return bool(URL_LIKE.match(location))


def source_id(origin: str, raw: bytes) -> str:
    """Content-derived id: the same origin and bytes give the same id on every machine."""
    return hashlib.sha256(origin.encode("utf-8") + b"\0" + raw).hexdigest()[:12]
