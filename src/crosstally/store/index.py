"""What retrieval reads: the per-run `Store` and a library's view (crosstally.retrieve.library)
both offer it, so a question runs the same code over a folder and over a library."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Protocol

from crosstally.types import Document, Passage, SourceFailure


class Index(Protocol):
    def documents(self) -> list[Document]:
        """The documents a question may read, by path."""
        ...

    def holders(self, terms: Sequence[str]) -> set[str]:
        """Ids of the documents with a passage holding any of `terms` (words or phrases)."""
        ...

    def ranked(self, terms: Sequence[str], limit: int,
               within: Collection[str] | None = None) -> list[Passage]:
        """Passages holding any of `terms` (only of the documents `within`), best first."""
        ...

    def passages(self, within: Collection[str] | None = None) -> Iterable[Passage]:
        """Every passage (of the documents `within`), by document then start."""
        ...

    def add_failure(self, failure: SourceFailure) -> None: ...

    def failures(self) -> list[SourceFailure]: ...
