"""Work on a second core: a forked helper process extracts the second part of a large text
while the extractor does the first (RuleExtractor._cut chooses where a text can be cut so
that each part gives the very estimates the whole would). The helper runs the very functions
the extractor would run itself, so the results are the same; only the wall-clock time is
shorter.

Used only where it is safe and pays: on request (the command line asks), for texts of
PREFETCH_MIN_CHARS or more, on Linux (fork is safe there), in a process running a single
thread. Anything that goes wrong in the helper leaves the extractor to do the work itself.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

PREFETCH_MIN_CHARS = 100_000  # below this, the work is done before a helper would be ready

T = TypeVar("T")


class Prefetch(Generic[T]):
    """The helper process computing `work()`; `result()` waits for it (None on failure)."""

    def __init__(self, pid: int, pipe: int) -> None:
        self.pid, self.pipe = pid, pipe
        self.value: T | None = None
        self.done = False

    @classmethod
    def start(cls, size: int, work: Callable[[], T]) -> Prefetch[T] | None:
        """`work` in a helper process, for a text of `size` characters, where that pays."""
        if size < PREFETCH_MIN_CHARS or not sys.platform.startswith("linux") \
                or threading.active_count() > 1:
            return None
        try:
            read_end, write_end = os.pipe()
        except OSError:
            return None
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return None
        if pid == 0:  # the helper: compute, send, and leave at once (no cleanup, no flushing)
            try:
                import pickle

                data = pickle.dumps(work(), pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as out:
                    out.write(data)
            finally:
                os._exit(0)
        os.close(write_end)
        return cls(pid, read_end)

    def close(self) -> None:
        """Ends the helper if its result was never asked for (the caller stopped early)."""
        if not self.done:
            self.done = True
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
            os.close(self.pipe)
            os.waitpid(self.pid, 0)

    def result(self) -> T | None:
        if not self.done:
            import pickle

            self.done = True
            try:
                with os.fdopen(self.pipe, "rb") as source:
                    self.value = pickle.loads(source.read())
            except (OSError, EOFError, pickle.UnpicklingError):
                self.value = None  # the helper failed: the caller does the work itself
            finally:
                os.waitpid(self.pid, 0)
        return self.value
