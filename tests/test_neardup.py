"""Near-duplicate stories (crosstally.store.neardup): the rule, the LSH layout, linear cost."""

from __future__ import annotations

import random
import re
import zlib

import numpy as np
from datasketch import MinHash, MinHashLSH
from hypothesis import given, settings
from hypothesis import strategies as st

from crosstally.reconcile.stories import group_stories
from crosstally.store import neardup
from crosstally.types import Document

BASE = ("Officials said on Tuesday that at least 4,200 households had been moved away from "
        "the eastern embankment after the river rose by two metres overnight, and that "
        "schools in three districts would stay closed until the water fell. Volunteers "
        "handed out blankets and bottled water at the stadium, which now shelters about "
        "1,900 people, while engineers inspected the bridge at the northern crossing.")


def doc(name: str, text: str) -> Document:
    return Document(name, name, text)


def test_the_band_layout_is_datasketchs_optimum_for_the_candidate_threshold() -> None:
    lsh = MinHashLSH(threshold=neardup.CANDIDATE_JACCARD, num_perm=neardup.NUM_PERM)

    assert (lsh.b, lsh.r) == (neardup.BANDS, neardup.ROWS)


def test_the_signature_is_datasketchs_minhash_of_the_shingles() -> None:
    """Stored signatures and band keys must not shift: the numpy signature equals datasketch's
    own MinHash for small, large (several chunks) and single-shingle sets."""
    rng = random.Random(5)
    words = BASE.split()
    texts = [BASE, "one two three four five",
             " ".join(rng.choice(words) + str(rng.randint(0, 999)) for _ in range(20_000))]
    for text in texts:
        shingled = neardup.shingles(text)
        reference = MinHash(num_perm=neardup.NUM_PERM, seed=neardup.SEED,
                            scheme=neardup.SCHEME, hashfunc=lambda v: v)
        reference.update_batch(list(shingled))
        assert len(shingled) < neardup.CHUNK or text is texts[-1]
        assert neardup.signature(shingled) == \
            np.asarray(reference.hashvalues, dtype="<u4").tobytes()
    assert len(neardup.shingles(texts[-1])) > 3 * neardup.CHUNK
    a, b = reference.permutations
    assert neardup._permutations()[0].ravel().tolist() == a.tolist()
    assert neardup._permutations()[1].ravel().tolist() == b.tolist()


def test_digit_groups_read_alike_and_shingles_are_stable() -> None:
    assert neardup.shingles("about 700,000 men left the country in a week") == \
        neardup.shingles("About 700 000 men left the country in a week")
    assert neardup.shingles("one two three four five") == {neardup.shingles(
        "one two three four five").pop()}
    assert neardup.shingles("too short") == set()


def plain_shingles(text: str) -> set[int]:
    """The shingle rule written out plainly, one word and one shingle at a time: digit groups
    joined, Unicode words, each word's CRC-32, five of them mixed as a polynomial mod 2**32."""
    text = re.sub(r"(?<=\d)[,\u00a0\u202f\u2009 ](?=\d{3}\b)", "", text.lower())
    codes = [zlib.crc32(word.encode()) for word in re.findall(r"\w+", text)]
    found = set()
    for start in range(len(codes) - neardup.SHINGLE + 1):
        value = 0
        for code in codes[start:start + neardup.SHINGLE]:
            value = (value * neardup.PRIME + code) % 2**32
        found.add(value)
    return found


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Crowd", "700", "000", "1,2", "12,345", " ", "  ", ",", "\u00a0",
                                 "\u202f", "\n", "straße", "İi", "ΣΊΣΥΦΟΣ", "naïve", "_x", "-",
                                 "1 000 000", "a", "b", "c", "d", "e"]), max_size=40))
def test_shingle_hashes_follow_the_plain_rule(parts: list[str]) -> None:
    """Stored signatures depend on these values: the fast path (ASCII words, a digit-group
    check first, numpy) gives exactly the plain rule's shingles, sorted and distinct."""
    text = "".join(parts)
    hashes = neardup.shingle_hashes(text)

    assert hashes.tolist() == sorted(plain_shingles(text)) and hashes.dtype == np.uint32
    assert neardup.signature(hashes) == neardup.signature(neardup.shingles(text))


def test_a_lightly_edited_copy_shares_band_keys_and_an_unrelated_text_does_not() -> None:
    copy = BASE.replace("Tuesday", "Wednesday").replace("blankets", "food")
    other = ("The orchestra will tour eleven cities next spring, its director said, opening "
             "with a new symphony commissioned for the hall's centenary and closing with a "
             "free concert in the harbour park, where organisers expect a large crowd.")
    keys = [set(neardup.band_keys(neardup.signature(neardup.shingles(t))))
            for t in (BASE, copy, other)]

    assert keys[0] & keys[1]
    assert not keys[0] & keys[2]


def test_group_stories_joins_copies_and_keeps_others_apart() -> None:
    copy = BASE.replace("Officials said", "Local officials said")
    other = BASE[::-1]  # the same words backwards share no shingle

    assert group_stories([doc("a", BASE), doc("b", other), doc("c", copy)]) == [1, 2, 1]


def test_estimated_containment_is_near_the_true_share() -> None:
    long = BASE + " " + " ".join(f"word{i}" for i in range(300))
    a, b = neardup.shingles(BASE), neardup.shingles(long)
    other = neardup.shingles(BASE[::-1])
    candidates = [neardup.Candidate(name, name, len(s), neardup.signature(s))
                  for name, s in (("long", b), ("other", other), ("empty", set()))]

    long_one, unrelated, empty = neardup.estimated_containment(neardup.signature(a), len(a),
                                                               candidates)

    assert 0.6 <= long_one <= 1.4, "every shingle of the short text is in the long one"
    assert unrelated < 0.1 and empty == 0.0


def test_many_texts_are_grouped_through_lsh_candidates_alike() -> None:
    texts = [f"Report {i}: " + " ".join(f"w{i}x{j}" for j in range(40))
             for i in range(neardup.ALL_PAIRS + 6)]
    texts[10] = BASE
    texts[50] = BASE.replace("Volunteers", "Many volunteers")

    stories = neardup.group_in_memory(texts)

    assert stories[10] == stories[50]
    assert len(set(stories)) == len(texts) - 1
