"""PDF files: the text of every page, pages separated by a blank line."""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from crosstally.errors import SourceError
from crosstally.sources.fields import Fields

logging.getLogger("pypdf").setLevel(logging.ERROR)


def read_pdf(data: bytes, path: str) -> Fields:
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except (PyPdfError, NotImplementedError, ValueError, KeyError, TypeError) as err:
        raise SourceError(f"{path}: cannot read PDF ({err}); is the file complete?") from err
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise SourceError(f"{path}: PDF has no text layer (scanned?); run OCR on it first")
    return Fields(
        text=text,
        title=(info.title if info else None) or None,
        author=(info.author if info else None) or None,
        format="pdf",
    )
