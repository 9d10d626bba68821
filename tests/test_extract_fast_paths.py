"""Fast paths of the extractor find exactly what the plain search finds (bench/extract.py
measures the time they save)."""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from crosstally.extract import grammar as grammar_module
from crosstally.extract import rules
from crosstally.extract.patterns import alternation
from crosstally.extract.rules import default_extractor

PIECES = ["www.", "http://", "https://x", ".com", ".org/a?b=1", "@", "a@b.io", ".example",
          "mail", "-", ".", "_", "/", " ", "\n", "\t", "\u00a0", "\u2028", "é", "ü", "1", "q"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_urls_are_those_a_search_of_the_whole_text_finds(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert [m.span() for m in rules._urls(text)] == \
        [m.span() for m in rules.URLISH.finditer(text)]


def test_urls_in_running_text() -> None:
    text = ("See https://example.org/a-b?c=1 or www.stats.gov.uk/x, write to press@agency.int "
            "or visit agency.io/report\u00a0now; no.url here, a.b@c and e-mail.example.")
    assert [m.group() for m in rules._urls(text)] == \
        [m.group() for m in rules.URLISH.finditer(text)] != []


# -- number phrases beyond ASCII: windows and matches as a search of every word finds them --

GRAMMAR = default_extractor().grammar
WORDS = sorted(GRAMMAR.trigger_words) + [
    "a", "an", "few", "several", "point", "minus", "dozens", "of", "and", "$", "US$", "€", "%",
    "per cent", "bn", "lorem ipsum dolor sit amet"]
ODD = ["’", "“", "—", "–", "é", "İ", "\u212a", "ſ", "½", "¾", "٣", "\u00a0", "\u2009", "x", "-",
       ".", ",", "\n", " ", "Σ", "ß", "\u0307", "_", "\x1c"]
NUMBERS = ["1", "12", "1,200", "3.5", "2,70,000", "1 234", "5,00", "−3", "10^6", "1e5"]
SEPARATORS = ["", " ", " ", "-"]


def _reference_windows(text: str) -> list[tuple[int, int]]:
    """Grammar.windows from every digit run and every letter run that is a trigger word."""
    triggers = sorted([d.span() for d in GRAMMAR.trigger_digits.finditer(text)]
                      + [w.span() for w in grammar_module.WORDS.finditer(text)
                         if w.group(0).lower() in GRAMMAR.trigger_words])
    spans: list[tuple[int, int]] = []
    for start, end in triggers:
        lo, hi = max(0, start - grammar_module.WINDOW), min(len(text), end + grammar_module.WINDOW)
        if spans and lo <= spans[-1][1] + grammar_module.WINDOW:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    return [(lo, grammar_module._safe_end(text, hi)) for lo, hi in spans]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(SEPARATORS),
                          st.sampled_from(WORDS + ODD + NUMBERS), st.booleans()),
                min_size=1, max_size=40))
def test_number_phrases_beyond_ascii_are_those_a_search_of_every_window_finds(
        pieces: list[tuple[str, str, bool]]) -> None:
    text = "".join(sep + (piece.upper() if upper else piece) for sep, piece, upper in pieces)
    windows = _reference_windows(text)
    assert GRAMMAR.windows(text) == windows
    assert [m.span() for m in GRAMMAR._matches(text)] == \
        [m.span() for lo, hi in windows for m in GRAMMAR.pattern.finditer(text, lo, hi)]


def test_a_trigger_word_against_a_unicode_fraction_is_no_word_of_its_own() -> None:
    # '¾' is a digit to the triggers and a letter to a word's end: 'CRORE¾' is no 'crore'
    text = "lorem ipsum dolor sit amet " * 3 + "CRORE¾ lorem ipsum dolor sit amet " * 3 + "’"
    assert GRAMMAR.windows(text) == _reference_windows(text)


# words as the lexicon has them: one space between their parts, none at either end (a space
# matches any run of whitespace, so ' A' and '  ' could match different runs at one place)
WORDS = st.lists(st.lists(st.text("abcAB-", min_size=1, max_size=3), min_size=1, max_size=3)
                 .map(" ".join), min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(WORDS, st.randoms(use_true_random=False), st.text("abcAB -\t", max_size=30))
def test_a_word_alternation_is_one_pattern_in_any_order_and_matches_as_the_plain_list(
        words: list[str], rng: random.Random, text: str) -> None:
    shuffled = rng.sample(words, len(words))
    assert alternation(shuffled) == alternation(words)  # the same pattern every run
    plain = "|".join(re.escape(w).replace(r"\ ", r"\s+")
                     for w in sorted(set(words), key=lambda w: (-len(w), w)))
    found = [m.span() for m in re.finditer(alternation(words), text, re.I)]
    assert found == [m.span() for m in re.finditer(plain, text, re.I)]
