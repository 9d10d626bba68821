"""Compiled regular expressions kept from one run to the next, as Python keeps bytecode.

CPython's regex compiler is written in Python, and compiling the extractor's few hundred
patterns (some of several thousand characters) is a third of the start-up of a command that
extracts. What the compiler makes is a list of integers for the C matcher. Within
`kept_patterns()`, each pattern's list is stored in a file of the user's cache folder and,
in the next run, handed to the matcher directly.

Safe by construction: an entry is stored only once the pattern it gives compares equal to
the one re.compile made (CPython's Pattern equality compares the compiled code, flags and
text), and the file belongs to one interpreter build (its name holds a checksum of the
version string and the matcher's MAGIC), so what is read is what this interpreter's
compiler made. Anything unexpected (another implementation, a changed compiler, a damaged
or unwritable file) leaves re.compile to do its usual work; a command never fails for it.
The file holds at most LIMIT patterns (the fixed ones, compiled in every run, come first).
"""

from __future__ import annotations

import logging
import marshal
import os
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

CACHE_ENV = "CROSSTALLY_CACHE"  # the folder; else the user cache folder (platformdirs)
LIMIT = 1000

Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]

_MAKE: tuple[Any, ...] | None
try:  # CPython's compiler and matcher (no stubs: internals); elsewhere nothing is kept
    import _sre  # type: ignore[import-not-found]
    from re import _compiler, _parser  # type: ignore[attr-defined]

    _MAKE = (_compiler.compile, _compiler._code, _parser.parse, _sre.compile, _sre.MAGIC)
except (ImportError, AttributeError):
    _MAKE = None


def cache_file() -> Path:
    folder = os.environ.get(CACHE_ENV, "").strip()
    if not folder:
        import platformdirs

        folder = platformdirs.user_cache_dir("crosstally", appauthor=False)
    build = zlib.crc32(f"{sys.version}\0{_sre.MAGIC}".encode())  # the interpreter's build
    name = f"patterns-{sys.implementation.cache_tag}-{build:08x}.marshal"
    return Path(folder).expanduser() / name


@contextmanager
def kept_patterns() -> Iterator[None]:
    """Within: re.compile takes stored patterns from the cache file, and what it compiles
    anew is added to the file on the way out."""
    if _MAKE is None or sys.implementation.name != "cpython" or _compiler.compile is not _MAKE[0]:
        yield  # not CPython, or within another kept_patterns (in another thread, say)
        return
    path = cache_file()
    kept = _read(path)
    new: dict[tuple[str, int], Entry] = {}
    original = _compiler.compile

    def compile(pattern: Any, flags: int = 0) -> Any:  # a re.Pattern
        if type(pattern) is not str:  # bytes, or a subclass of str that marshal cannot keep
            return original(pattern, flags)
        key = (pattern, int(flags))
        if (entry := kept.get(key)) is not None:
            try:
                return _sre.compile(pattern, *entry)
            except (TypeError, ValueError, OverflowError, RuntimeError):
                del kept[key]  # not an entry this matcher takes: compiled anew below
        compiled = original(pattern, flags)
        if len(kept) + len(new) < LIMIT and (entry := _entry(pattern, flags)) \
                and _sre.compile(pattern, *entry) == compiled:
            new[key] = entry
        return compiled

    _compiler.compile = compile
    try:
        yield
    finally:
        _compiler.compile = original
        if new:
            _write(path, kept | new)


def _entry(pattern: str, flags: int) -> Entry | None:
    """What re._compiler.compile passes to the matcher for `pattern`, as plain data."""
    try:
        parsed = _parser.parse(pattern, flags)
        code = [int(op) for op in _compiler._code(parsed, flags)]
        groups = parsed.state.groupdict
        index: list[str | None] = [None] * parsed.state.groups
        for name, i in groups.items():
            index[i] = name
        return (int(flags | parsed.state.flags), code, parsed.state.groups - 1, dict(groups),
                tuple(index))
    except Exception:  # a compiler that works otherwise: nothing kept, nothing lost
        log.debug("cannot keep pattern %.60r", pattern, exc_info=True)
        return None


def _read(path: Path) -> dict[tuple[str, int], Entry]:
    try:
        kept = marshal.loads(path.read_bytes())  # one read: marshal.load reads bit by bit
    except FileNotFoundError:
        return {}
    except (OSError, EOFError, ValueError, TypeError):
        log.debug("pattern cache %s unreadable: compiling anew", path, exc_info=True)
        return {}
    return kept if isinstance(kept, dict) else {}


def _write(path: Path, kept: dict[tuple[str, int], Entry]) -> None:
    """The whole file, replaced at once (another process may be reading it)."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(marshal.dumps(dict(list(kept.items())[:LIMIT])))
            os.replace(temp, path)
        except BaseException:
            os.unlink(temp)
            raise
    except (OSError, ValueError):  # ValueError: data marshal cannot write (a bug; logged)
        log.debug("pattern cache %s not written", path, exc_info=True)
