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

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

WORD = re.compile(r"\w+")
ASCII_WORD = re.compile(r"[a-z0-9_]+")  # what \w+ finds in lower-case ASCII text, sooner
DIGIT_GROUP = re.compile(r"(\d)[,\u00a0\u202f\u2009 ](?=\d{3}\b)")  # "700,000" -> "700000"
GROUP_SEPARATOR = re.compile(r"[,\u00a0\u202f\u2009 ](?=\d{3}\b)")  # a text with none: no sub
SHINGLE = 5
SAME_STORY = 0.5  # share of the shorter document's shingles found in the other
NUM_PERM = 128
CANDIDATE_JACCARD = 0.25
# datasketch.MinHashLSH(threshold=CANDIDATE_JACCARD, num_perm=NUM_PERM).b and .r, written out
# because importing its optimiser (scipy) costs a second at every start; a test keeps them equal
BANDS, ROWS = 42, 3
WORTH_READING = 0.4  # containment estimated from two signatures below which texts are not read
ALL_PAIRS = 64  # texts grouped in memory up to which every pair is compared
MAX_READ = 8  # candidates read per new document at most, the likeliest first
SEED = 1
PRIME = 1_000_003  # multiplier of the shingle polynomial
CHUNK = 4096  # shingles per step of `signature` (a 2 MB step of 32-bit values)
SCHEME = "affine32"  # datasketch's permutation scheme, named so stored keys never shift


def shingles(text: str) -> set[int]:
    """The document's word 5-shingles, each as a stable 32-bit hash (a polynomial of its words'
    CRC-32s, the same on every machine)."""
    return set(shingle_hashes(text).tolist())


def shingle_hashes(text: str) -> np.ndarray:
    """`shingles` as a sorted array of distinct uint32 values, computed with numpy in time
    linear in the text."""
    text = text.lower()
    if GROUP_SEPARATOR.search(text):
        text = DIGIT_GROUP.sub(r"\1", text)
    words = (ASCII_WORD if text.isascii() else WORD).findall(text)
    n = len(words) - SHINGLE + 1
    if n < 1:
        return np.empty(0, dtype=np.uint32)
    h = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))
    mixed = h[:n].copy()
    for i in range(1, SHINGLE):
        mixed *= np.uint64(PRIME)
        mixed += h[i:i + n]
        mixed &= np.uint64(0xFFFFFFFF)
    mixed.sort()
    return mixed[np.concatenate(([True], mixed[1:] != mixed[:-1]))].astype(np.uint32)


def same_story(a: set[int], b: set[int]) -> bool:
    return bool(a and b) and len(a & b) / min(len(a), len(b)) >= SAME_STORY


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's NUM_PERM affine permutations h -> a * h + b (mod 2**32) for SEED, drawn as
    its `MinHash(scheme="affine32")` draws them (a test keeps them equal), as (NUM_PERM, 1)
    columns; not imported from it, since importing datasketch loads scipy (half a second)."""
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a.reshape(-1, 1), b.reshape(-1, 1)


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, as datasketch applies it before its permutations."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    out: np.ndarray = h ^ (h >> np.uint32(16))
    return out


def signature(shingled: set[int] | np.ndarray) -> bytes:
    """The MinHash signature of a document's shingles (NUM_PERM 32-bit values); empty for a
    document too short to have a shingle. The values datasketch's `MinHash(num_perm=NUM_PERM,
    seed=SEED, scheme=SCHEME, hashfunc=identity).update_batch` gives (a test keeps them
    equal), computed here on a numpy array at once and CHUNK shingles at a time (datasketch
    calls the hash function once per shingle, in Python, and holds every shingle x
    permutation at once)."""
    if not len(shingled):
        return b""
    a, b = _permutations()
    values = shingled if isinstance(shingled, np.ndarray) else np.fromiter(
        shingled, dtype=np.uint32, count=len(shingled))
    hv = _fmix32(values.astype(np.uint32))
    low = np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    for start in range(0, len(hv), CHUNK):
        permuted = a * hv[start:start + CHUNK]  # NUM_PERM rows: each minimum is a row's
        permuted += b
        np.minimum(low, permuted.min(axis=1), out=low)
    return low.astype("<u4").tobytes()


def band_keys(sig: bytes) -> list[int]:
    """The signature's LSH band keys: each band's ROWS values mixed into one signed 64-bit
    number (so both SQLite and PostgreSQL keep it), the band's number mixed in too."""
    if not sig:
        return []
    rows = np.frombuffer(sig, dtype="<u4")[:BANDS * ROWS].astype(np.uint64).reshape(BANDS, ROWS)
    key = np.arange(1, BANDS + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    for column in range(ROWS):
        key = (key ^ rows[:, column]) * np.uint64(0x100000001B3)  # FNV-style mixing
    keys: list[int] = key.view(np.int64).tolist()
    return keys


def estimated_containment(sig: bytes, size: int, candidates: Sequence[Candidate]
                          ) -> list[float]:
    """For each candidate, the share of the shorter document's shingles in the other,
    estimated from the two signatures (a Jaccard estimate) and shingle counts alone; all the
    candidates in one numpy step (a new document may share bands with hundreds)."""
    usable = [i for i, c in enumerate(candidates) if c.signature]
    found = [0.0] * len(candidates)
    if not sig or not usable:
        return found
    mine = np.frombuffer(sig, dtype="<u4")
    theirs = np.frombuffer(b"".join(candidates[i].signature for i in usable),
                           dtype="<u4").reshape(len(usable), len(mine))
    jaccard = (theirs == mine).mean(axis=1)
    sizes = np.array([candidates[i].size for i in usable], dtype=np.float64)
    estimate = jaccard / (1 + jaccard) * (size + sizes) / np.minimum(size, sizes)
    for i, value in zip(usable, estimate.tolist(), strict=True):
        found[i] = value
    return found


def worth_reading(sig: bytes, size: int, candidates: Sequence[Candidate]) -> list[Candidate]:
    """The candidates whose signature says they may be copies, likeliest first, at most
    `MAX_READ` of them: the only ones whose text is read and compared."""
    scored = zip(estimated_containment(sig, size, candidates), candidates, strict=True)
    kept = sorted(((e, c) for e, c in scored if e >= WORTH_READING),
                  key=lambda ec: (-ec[0], ec[1].source))
    return [c for _, c in kept[:MAX_READ]]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stored document sharing an LSH band with a new one."""

    source: str
    story: str
    size: int
    signature: bytes


def group_in_memory(texts: Sequence[str]) -> list[int]:
    """Story number (1-based, in order of first appearance) for each text, by the rule a
    library applies when documents are added: up to `ALL_PAIRS` texts, every pair is
    compared; beyond, only LSH candidates are."""
    shingled = [shingles(t) for t in texts]
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    seen: dict[int, list[int]] = {}
    for i, s in enumerate(shingled):
        if len(texts) <= ALL_PAIRS:  # few documents: compare every pair, no signatures
            keys, candidates = [], set(range(i))
        else:
            keys = band_keys(signature(s))
            candidates = {j for key in keys for j in seen.get(key, ())}
        for j in sorted(candidates):
            if same_story(s, shingled[j]):
                parent[root(i)] = root(j)
        for key in keys:
            seen.setdefault(key, []).append(i)
    numbers: dict[int, int] = {}
    return [numbers.setdefault(root(i), len(numbers) + 1) for i in range(len(texts))]
