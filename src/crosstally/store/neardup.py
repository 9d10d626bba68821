"""Near-duplicate documents (copies of one wire story, light edits), found when a document is
stored rather than by comparing every pair when a question is asked.

Two documents are copies of one story when at least `SAME_STORY` of the shorter one's word
5-shingles are in the other (digits joined across separators, so "700 000" and "700,000" read
the same). A library cannot compare a new document with every stored one, so each document
keeps a MinHash signature of its shingles (datasketch), cut into LSH bands: documents sharing a
band key are candidates. The band layout is datasketch's optimum for a Jaccard similarity of
`CANDIDATE_JACCARD` (42 bands of 3): two documents of similar length at the containment
threshold (Jaccard 1/3) share a band with probability 0.8, copies with half their shingles in
common (Jaccard 0.5) 0.996, documents sharing one paragraph in ten (0.05) 0.005. A candidate
whose signature says it cannot reach the threshold (`likely_same`) is dropped without reading
its text; the rest are compared shingle for shingle.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Sequence
from functools import cache

import numpy as np

WORD = re.compile(r"\w+")
DIGIT_GROUP = re.compile(r"(?<=\d)[,\u00a0\u202f\u2009 ](?=\d{3}\b)")
SHINGLE = 5
SAME_STORY = 0.5  # share of the shorter document's shingles found in the other
NUM_PERM = 128
CANDIDATE_JACCARD = 0.25
# datasketch.MinHashLSH(threshold=CANDIDATE_JACCARD, num_perm=NUM_PERM).b and .r, written out
# because importing its optimiser (scipy) costs a second at every start; a test keeps them equal
BANDS, ROWS = 42, 3
WORTH_READING = 0.4  # containment estimated from two signatures below which texts are not read
SEED = 1
PRIME = 1_000_003  # multiplier of the shingle polynomial
SCHEME = "affine32"  # datasketch's permutation scheme, named so stored keys never shift


def shingles(text: str) -> set[int]:
    """The document's word 5-shingles, each as a stable 32-bit hash (a polynomial of its words'
    CRC-32s, the same on every machine), computed with numpy in time linear in the text."""
    words = WORD.findall(DIGIT_GROUP.sub("", text.lower()))
    if len(words) < SHINGLE:
        return set()
    codes = {w: zlib.crc32(w.encode("utf-8")) for w in set(words)}
    h = np.fromiter((codes[w] for w in words), dtype=np.uint64, count=len(words))
    n = len(words) - SHINGLE + 1
    mixed = np.zeros(n, dtype=np.uint64)
    for i in range(SHINGLE):
        mixed = (mixed * np.uint64(PRIME) + h[i:i + n]) & np.uint64(0xFFFFFFFF)
    return set(mixed.tolist())


def same_story(a: set[int], b: set[int]) -> bool:
    return bool(a and b) and len(a & b) / min(len(a), len(b)) >= SAME_STORY


def _layout() -> tuple[tuple[int, int], ...]:
    return tuple((band * ROWS, (band + 1) * ROWS) for band in range(BANDS))


@cache
def _permutations() -> tuple[object, ...]:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED,  # type: ignore[no-any-return]
                   scheme=SCHEME).permutations


def _as_is(value: int) -> int:
    return value


def signature(shingled: set[int]) -> bytes:
    """The MinHash signature of a document's shingles (NUM_PERM 32-bit values); empty for a
    document too short to have a shingle."""
    from datasketch import MinHash  # imported on first use: it loads scipy, a second's start

    if not shingled:
        return b""
    sig = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_as_is,
                  permutations=_permutations(), scheme=SCHEME)
    sig.update_batch(sorted(shingled))
    return np.asarray(sig.hashvalues, dtype="<u4").tobytes()


def band_keys(sig: bytes) -> list[int]:
    """The signature's LSH band keys (signed 64-bit, so both SQLite and PostgreSQL keep them)."""
    keys = []
    for band, (lo, hi) in enumerate(_layout()):
        digest = hashlib.blake2b(bytes([band]) + sig[4 * lo:4 * hi], digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys if sig else []


def likely_same(sig_a: bytes, size_a: int, sig_b: bytes, size_b: int) -> bool:
    """Whether two documents may be copies of one story, from their signatures and shingle
    counts alone: the Jaccard estimate turned into a containment estimate."""
    if not sig_a or not sig_b:
        return False
    a, b = np.frombuffer(sig_a, dtype="<u4"), np.frombuffer(sig_b, dtype="<u4")
    jaccard = float(np.mean(a == b))
    common = jaccard / (1 + jaccard) * (size_a + size_b)
    return common / min(size_a, size_b) >= WORTH_READING


def group_in_memory(texts: Sequence[str]) -> list[int]:
    """Story number (1-based, in order of first appearance) for each text, by the same
    candidates-then-compare rule a library applies when documents are added."""
    shingled = [shingles(t) for t in texts]
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    seen: dict[int, list[int]] = {}
    for i, s in enumerate(shingled):
        keys = band_keys(signature(s))
        candidates = {j for key in keys for j in seen.get(key, ())}
        for j in sorted(candidates):
            if same_story(s, shingled[j]):
                parent[root(i)] = root(j)
        for key in keys:
            seen.setdefault(key, []).append(i)
    numbers: dict[int, int] = {}
    return [numbers.setdefault(root(i), len(numbers) + 1) for i in range(len(texts))]
