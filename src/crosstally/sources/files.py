"""Files on disk -> Documents, with a one-line reason for every file that cannot be used.

Only regular files are read (links are followed to one): a named pipe would block, a device
never ends. The size cap holds while reading, not only by what the file system reports. In a
folder, links to folders are not followed (no link loop can trap the walk) and every entry that
is not read becomes a failure with its reason; only hidden entries (`.git`) are passed over.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from crosstally.errors import SourceError
from crosstally.sources.fields import Fields
from crosstally.sources.metadata import complete
from crosstally.sources.text import read_text
from crosstally.types import Document, SourceFailure

MAX_BYTES = 20 * 1024 * 1024
KINDS = {stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFCHR: "a character device",
         stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder"}


def _read_html(data: bytes, path: str) -> Fields:
    from crosstally.sources.html import read_html  # trafilatura and lxml: loaded on first page

    return read_html(data, path)


def _read_pdf(data: bytes, path: str) -> Fields:
    from crosstally.sources.pdf import read_pdf  # pypdf: loaded on first PDF

    return read_pdf(data, path)


log = logging.getLogger(__name__)

READERS = {
    ".txt": read_text, ".md": read_text, ".markdown": read_text,
    ".html": _read_html, ".htm": _read_html,
    ".pdf": _read_pdf,
}


def read_sources(paths: Iterable[Path]) -> Iterator[Document | SourceFailure]:
    """Every file under `paths` (folders recursively, sorted), read or explained."""
    for path in walk_files(paths):
        read = read_or_explain(path)
        yield read if isinstance(read, SourceFailure) else read[0]


def read_or_explain(path: Path) -> tuple[Document, bytes] | SourceFailure:
    """One file as a Document with the bytes it was read from, or why it cannot be read."""
    try:
        return read_file_bytes(path)
    except SourceError as err:
        return SourceFailure(str(path), str(err))
    except Exception as err:  # a bug in a reader costs its own file, never the run
        log.debug("reading %s failed", path, exc_info=True)
        return SourceFailure.unexpected(str(path), "reading it", err)


def read_file(path: Path) -> Document:
    """One file as a Document; raises SourceError saying what is wrong and what to do."""
    return read_file_bytes(path)[0]


def read_file_bytes(path: Path) -> tuple[Document, bytes]:
    """`read_file`, with the bytes it read (one read of the file)."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        _check_regular(path)  # a pipe or device is named as such, whatever its name
        raise SourceError(
            f"{path}: unsupported file type {path.suffix or '(none)'!r}; "
            f"use .txt, .md, .html or .pdf"
        )
    data = read_bytes(path)
    if not data.strip():
        raise SourceError(f"{path}: empty file")
    fields = complete(reader(data, str(path)))
    if not fields.text.strip():
        raise SourceError(f"{path}: no text left after reading")
    return Document(id=content_id(data), path=str(path), **fields.as_dict()), data


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file at `path`, if there are at most `limit` of them."""
    _check_size(path, _check_regular(path).st_size, limit)
    try:
        # O_NONBLOCK: should the path turn into a pipe after the check, opening cannot block.
        with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as file:
            _check_size(path, _check_regular(path, os.fstat(file.fileno())).st_size, limit)
            data = file.read(limit + 1)  # the file may have grown, or report no size (/proc)
    except OSError as err:
        raise SourceError(_unreadable(path, err)) from err
    _check_size(path, len(data), limit)
    return data


def _check_size(path: Path, size: int, limit: int) -> None:
    if size > limit:
        raise SourceError(f"{path}: too large ({size / 2**20:.1f} MB > {limit / 2**20:.0f} MB"
                          "); split it")


def _check_regular(path: Path, st: os.stat_result | None = None) -> os.stat_result:
    if st is None:
        try:
            st = path.stat()
        except OSError as err:
            raise SourceError(_unreadable(path, err)) from err
    if stat.S_ISREG(st.st_mode):
        return st
    kind = KINDS.get(stat.S_IFMT(st.st_mode), "not a file")
    if path.is_symlink():
        if stat.S_ISDIR(st.st_mode):
            raise SourceError(f"{path}: a link to a folder; links inside a folder are not "
                              "followed, so give the folder itself")
        kind += " (behind a symbolic link)"
    elif stat.S_ISDIR(st.st_mode):
        raise SourceError(_unlistable(path))
    raise SourceError(f"{path}: {kind}, not a regular file; only regular files are read")


def _unreadable(path: Path, err: OSError) -> str:
    if err.errno == errno.ELOOP:
        return f"{path}: a symbolic link loop; fix or remove the link"
    if err.errno == errno.ENOENT and path.is_symlink():
        return f"{path}: a broken symbolic link (its target does not exist); fix or remove it"
    return f"{path}: cannot read ({err.strerror})"


def _unlistable(path: Path) -> str:
    try:
        os.listdir(path)
    except OSError as err:
        return f"{path}: cannot list the folder ({err.strerror}); check its permissions"
    return f"{path}: a folder, not a file; give it as a folder to read the files in it"


def content_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def walk_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The paths given, with each folder replaced by every entry under it (sorted) that is not
    itself a folder: files, links (to folders too, not followed), pipes, devices. A folder
    that cannot be listed is given as is; `read_file` says why each one is not read."""
    for path in paths:
        if path.is_dir():
            yield from _entries_under(path)
        else:
            yield path


def _entries_under(root: Path) -> Iterator[Path]:
    stack = [iter([root])]  # depth first without recursion: any depth of folders
    while stack:
        folder = next(stack[-1], None)
        if folder is None:
            stack.pop()
        elif folder is not root and not (folder.is_dir() and not folder.is_symlink()):
            yield folder
        else:
            try:
                children = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
            except OSError:
                yield folder
                continue
            stack.append(iter(children))
