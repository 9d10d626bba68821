"""Copies of one story: near-duplicate documents share a story number."""

from __future__ import annotations

from collections.abc import Sequence

from crosstally.types import Document


def group_stories(docs: Sequence[Document]) -> list[int]:
    """Story number (1-based, in order of first appearance) for each document: the rule a
    library applies when documents are added (crosstally.store.neardup), here among `docs`."""
    from crosstally.store.neardup import group_in_memory  # numpy: not for a library's ask

    return group_in_memory([d.text for d in docs])
