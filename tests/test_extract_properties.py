"""Properties of the extractor on arbitrary text: it never raises, it stays linear, and every
record it returns keeps the contract's invariants (exact offsets, known fields).

Linear time is checked by counting work, not by wall-clock alone: the same text pattern at
size n and 4n must take at most a generous multiple of 4x (12x) the time, measured as the
best of a few runs, so a quadratic path (16x) or worse fails while machine noise does not.
"""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

import crosstally
from crosstally.types import ESTIMATE_KINDS, OTHER_KINDS, QUALIFIERS, Estimate

PERS = (None, "day", "week", "month", "year")
CONTEXT = ("counted", "time", "place", "actor", "method")

TOKENS = st.sampled_from([
    "1", "12", "2022", "0.5", "1,200", "3 500", "7\u00a0000", "1.2", ".5", "-4", "1e10", "2^3",
    "1/3", "24/7", " ", "  ", "\n", "\t", "\r", "\x00", "\x07", "\x1b", "\u200b", "\u2028",
    "\ufeff", "-", "–", "—", "~", "/", ".", ",", "%", "$", "£", "€", "US$", "QR", "QAR", "k",
    "bn", "m", "MM", "G", "million", "thousand", "hundred", "lakh", "crore", "half", "a", "an",
    "and", "dozen", "dozens", "seven", "twenty", "fifths", "third", "point", "over", "out of",
    "in", "of", "minus", "between", "from", "to", "at least", "up to", "or more", "more than",
    ">", "<=", "tens of thousands", "per cent", "a day", "riyals", "September", "COVID-",
    "H1N1", "©", "Top", "comments", "said", "ministry", "according to", "the toll",
    "Россия", "100 тысяч", "مليون", "١٢٣", "百万", "２０２２", "①", "½", "⅔", "²", "𝟙", "Kazakhstan",
    "(", ")", "\"", "“", "”", "http://x.example/1", "+7 495 123 45 67", "\ud7ff", "e\u0301",
])

texts = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8")),
    st.lists(TOKENS, max_size=40).map("".join),
    st.lists(TOKENS, max_size=40).map(" ".join),
)


def check_record(text: str, e: Estimate, include_all: bool) -> None:
    assert 0 <= e.start < e.end <= len(text)
    assert e.text == text[e.start:e.end]
    assert e.quote_start <= e.start and e.end <= e.quote_start + len(e.quote)
    assert text[e.quote_start:e.quote_start + len(e.quote)] == e.quote
    assert e.qualifier in QUALIFIERS
    assert e.kind in (ESTIMATE_KINDS + OTHER_KINDS if include_all else ESTIMATE_KINDS)
    assert e.per in PERS
    for name in ("value", "low", "high"):
        v = getattr(e, name)
        assert v is None or isinstance(v, float)
    if e.qualifier == "range":
        assert e.value is None and e.low is not None and e.high is not None and e.low <= e.high
    if e.qualifier == "about":
        assert e.low is None and e.high is None
    for name in CONTEXT:
        v = getattr(e, name)
        assert v is None or (isinstance(v, str) and v.strip())
    e.to_json()


@settings(max_examples=300, deadline=None)
@given(text=texts, include_all=st.booleans())
def test_arbitrary_text_never_raises_and_records_are_well_formed(text: str, include_all: bool) -> None:
    records = crosstally.extract_estimates(text, include_all=include_all)
    for e in records:
        check_record(text, e, include_all)
    assert records == crosstally.extract_estimates(text, include_all=include_all)  # determinism


def test_ten_megabytes_without_a_newline() -> None:
    filler = "the minister said that nobody had been told in advance; " * 30
    unit = filler + "Officials said about 12,500 people left, up to 3 million more. "
    text = (unit * (10_000_000 // len(unit) + 1))[:10_000_000]
    assert "\n" not in text and len(text) == 10_000_000
    records = crosstally.extract_estimates(text)
    assert len(records) > 10_000
    for e in records[:: max(1, len(records) // 1000)]:
        assert e.text == text[e.start:e.end]


def _best_time(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        crosstally.extract_estimates(text, include_all=True)
        best = min(best, time.perf_counter() - start)
    return best


def _scales_linearly(piece: str, n: int) -> None:
    small, large = piece * n, piece * (4 * n)
    crosstally.extract_estimates(small)  # warm up (regexes are built once, on first use)
    t1, t4 = _best_time(small), _best_time(large)
    assert t4 <= 12 * max(t1, 1e-3), f"{t1:.4f}s for {len(small)} chars, {t4:.4f}s for 4x"


def test_time_is_linear_on_numbers_and_words() -> None:
    _scales_linearly("between 1,200 and 3 million trees, about two-thirds of them, said the "
                     "ministry on 5 October 2022. ", 40)


def test_time_is_linear_on_one_endless_number_run() -> None:
    _scales_linearly("one and two and three hundred and ", 40)


def test_time_is_linear_on_digits_and_separators_without_spaces() -> None:
    _scales_linearly("1,2-3.4/5^6e7k%$", 60)


def test_time_is_linear_on_a_sentence_without_numbers() -> None:
    _scales_linearly("the minister said that nobody had been told in advance, and ", 400)


def test_letters_that_only_match_by_unicode_case_folding_do_not_raise() -> None:
    from crosstally import extract_estimates

    text = "\u017feveral thousand people, \u212a thousands, a doz\u212an"
    for record in extract_estimates(text, include_all=True):
        assert text[record.start:record.end] == record.text
