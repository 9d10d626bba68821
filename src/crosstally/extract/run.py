"""`crosstally extract`: files, standard input or single lines -> estimates."""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from crosstally.errors import SourceError
from crosstally.extract.rules import default_extractor
from crosstally.sources import read_file
from crosstally.sources.files import walk_files
from crosstally.types import Estimate, SourceFailure

log = logging.getLogger(__name__)


def extract_paths(paths: Iterable[str], *, each_line: bool = False,
                  include_all: bool = False) -> Iterator[Estimate | str]:
    """Estimates from each path, or a one-line reason (str) for a path that cannot be read."""
    extractor = default_extractor()
    with _no_cycle_collection():
        for name, text in _texts(paths):
            if text is None:
                yield name
                continue
            if each_line:
                for n, line in enumerate(text.split("\n"), 1):
                    yield from extractor.extract(line, name, include_all=include_all, line=n)
            else:
                yield from extractor.iter_extract(text, name, include_all=include_all,
                                                  prefetch=True)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cyclic garbage collector kept out of the way, for the `crosstally extract` process:
    extraction makes hundreds of thousands of small, short-lived objects and no reference
    cycles, so collecting only costs time (reference counting still frees them at once).
    What is alive before (the interpreter, modules, compiled patterns, all kept until exit)
    is frozen first, so that no later collection, the ones at exit included, walks it again."""
    gc.freeze()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _texts(paths: Iterable[str]) -> Iterator[tuple[str, str | None]]:
    for p in paths:
        if p == "-":
            yield "-", sys.stdin.read()
            continue
        for path in walk_files([Path(p)]):
            try:
                yield str(path), read_file(path).text
            except SourceError as err:
                yield str(err), None
            except Exception as err:  # a reader's bug: this file's reason, the others go on
                log.debug("reading %s failed", path, exc_info=True)
                yield SourceFailure.unexpected(str(path), "reading it", err).reason, None
