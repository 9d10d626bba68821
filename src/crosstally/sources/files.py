"""Files on disk -> Documents, with a one-line reason for every file that cannot be used."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from crosstally.errors import SourceError
from crosstally.sources.fields import Fields
from crosstally.sources.text import read_text
from crosstally.types import Document, SourceFailure

MAX_BYTES = 20 * 1024 * 1024


def _read_html(data: bytes, path: str) -> Fields:
    from crosstally.sources.html import read_html  # trafilatura and lxml: loaded on first page

    return read_html(data, path)


def _read_pdf(data: bytes, path: str) -> Fields:
    from crosstally.sources.pdf import read_pdf  # pypdf: loaded on first PDF

    return read_pdf(data, path)


READERS = {
    ".txt": read_text, ".md": read_text, ".markdown": read_text,
    ".html": _read_html, ".htm": _read_html,
    ".pdf": _read_pdf,
}


def read_sources(paths: Iterable[Path]) -> Iterator[Document | SourceFailure]:
    """Every file under `paths` (folders recursively, sorted), read or explained."""
    for path in walk_files(paths):
        try:
            yield read_file(path)
        except SourceError as err:
            yield SourceFailure(str(path), str(err))


def read_file(path: Path) -> Document:
    """One file as a Document; raises SourceError saying what is wrong and what to do."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise SourceError(
            f"{path}: unsupported file type {path.suffix or '(none)'!r}; "
            f"use .txt, .md, .html or .pdf"
        )
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SourceError(f"{path}: too large ({size / 2**20:.1f} MB > 20 MB); split it")
        data = path.read_bytes()
    except OSError as err:
        raise SourceError(f"{path}: cannot read ({err.strerror})") from err
    if not data.strip():
        raise SourceError(f"{path}: empty file")
    fields = reader(data, str(path))
    if not fields.text.strip():
        raise SourceError(f"{path}: no text left after reading")
    return Document(id=content_id(data), path=str(path), **fields.as_dict())


def content_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def walk_files(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path))
        else:
            yield path


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)
