"""PDF files: the text of every page, pages separated by a blank line.

An encrypted PDF is opened with the empty password (many are encrypted only to set
permissions); one that needs a real password is refused with a message saying so.
"""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader
from pypdf.errors import DependencyError, PyPdfError

from crosstally.errors import SourceError
from crosstally.sources.fields import Fields

logging.getLogger("pypdf").setLevel(logging.ERROR)


def read_pdf(data: bytes, path: str) -> Fields:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise SourceError(f"{path}: encrypted PDF that needs a password; give a decrypted "
                              "copy")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except DependencyError as err:  # pypdf without `cryptography`: an install problem
        raise SourceError(f"{path}: encrypted PDF, and reading it needs the `cryptography` "
                          f"package ({err}); reinstall crosstally, or give a decrypted "
                          "copy") from err
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
