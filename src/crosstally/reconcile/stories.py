"""Copies of one story: near-duplicate documents share a story number."""

from __future__ import annotations

import re
from collections.abc import Sequence

from crosstally.types import Document

WORD = re.compile(r"\w+")
SHINGLE = 5
SAME_STORY = 0.5  # share of the shorter document's shingles found in the other


def group_stories(docs: Sequence[Document]) -> list[int]:
    """Story number (1-based, in order of first appearance) for each document."""
    shingles = [_shingles(d.text) for d in docs]
    parent = list(range(len(docs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(docs)):
        for j in range(i + 1, len(docs)):
            a, b = shingles[i], shingles[j]
            if a and b and len(a & b) / min(len(a), len(b)) >= SAME_STORY:
                parent[root(j)] = root(i)
    numbers: dict[int, int] = {}
    return [numbers.setdefault(root(i), len(numbers) + 1) for i in range(len(docs))]


def _shingles(text: str) -> set[int]:
    # Digits joined across separators so "700 000" and "700,000" read the same.
    norm = re.sub(r"(?<=\d)[,\u00a0\u202f\u2009 ](?=\d{3}\b)", "", text.lower())
    words = WORD.findall(norm)
    return {hash(tuple(words[i:i + SHINGLE])) for i in range(max(0, len(words) - SHINGLE + 1))}
