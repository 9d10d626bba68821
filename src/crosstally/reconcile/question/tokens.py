"""Tokens of a question: words, numbers and punctuation with their offsets, and what each
can be (a noun phrase's word, an adverb, a plural, a participle, a common noun)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

from crosstally.reconcile.question.english import (
    FUNCTION_WORDS,
    IRREGULAR_PLURALS,
    MENDABLE,
    PERSON_WORDS,
    SHORTHAND,
)
from crosstally.reconcile.question.words import (
    best_lemma,
    common_noun,
    exact_synsets,
    is_instance,
    known,
    pos_of,
    verb_lemma,
)

TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+|[^\W_][\w]*(?:[-.'’][\w]+)*|\S")
YEAR = re.compile(r"^(?:1[0-9]\d\d|20\d\d)(?:s|[-–](?:1[0-9]\d\d|20\d\d|\d\d))?$")
DAY = re.compile(r"^(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?$")

# What the reader has found each token to be part of: "place", "time" or "purpose"
Roles: TypeAlias = dict[int, str]


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # as typed
    start: int
    end: int
    low: str  # lower case, shorthand and one-letter typos of function words mended

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum() and self.low != "'s"

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper()

    @property
    def acronym(self) -> bool:
        return self.text.isupper() and len(self.text) > 1  # "US", "NHS"; not a lone capital


def tokens_of(text: str) -> list[Token]:
    """Words, numbers and punctuation with their offsets; a possessive 's is its own token."""
    out: list[Token] = []
    for m in TOKEN.finditer(text):
        word, start = m.group(0), m.start()
        if word in ("'", "’") and out and out[-1].end == start and out[-1].low.endswith("s"):
            out.append(Token(word, start, m.end(), "'s"))  # "the Rolling Stones' concert"
        elif len(word) > 2 and word[-2:].lower() in ("'s", "’s"):
            out.append(Token(word[:-2], start, start + len(word) - 2, _mend(word[:-2])))
            out.append(Token(word[-2:], start + len(word) - 2, m.end(), "'s"))
        else:
            out.append(Token(word, start, m.end(), _mend(word)))
    return out


def _mend(word: str) -> str:
    """Lower case, with a function word's shorthand or one-letter typo mended ("wat", "mnay")."""
    low = word.lower()
    if low in SHORTHAND:
        return SHORTHAND[low]
    if low in FUNCTION_WORDS or not word.isalpha() or not word.islower() or known(low) \
            or not 2 <= len(low) <= 5:
        return low
    close = [f for f in MENDABLE if _one_edit(low, f)]
    return close[0] if len(close) == 1 else low


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


# ---------------------------------------------------------------------------------------------
# What a token can be


def participle(token: Token) -> bool:
    """A verb form that can follow "be/have": past participles and -ing forms."""
    lemma = verb_lemma(token.low)
    return not token.capitalised and lemma is not None and (
        lemma != token.low or token.low.endswith(("ed", "en", "ing")))


def nominal(w: Token) -> bool:
    """Can be part of a noun phrase: a noun, adjective, number, name or unknown word."""
    if not w.is_word or w.low in FUNCTION_WORDS:
        return False
    if w.capitalised or w.text[0].isdigit() or not known(w.low):
        return True
    return bool(pos_of(w.low) & {"n", "a"})


def adverb(w: Token) -> bool:
    return not w.capitalised and pos_of(w.low) == {"r"} or (
        w.low.endswith("ly") and "r" in pos_of(w.low) and "n" not in pos_of(w.low))


def plural(w: Token, guess: bool = True) -> bool:
    """A plural noun; a word WordNet lacks is plural when it ends in -s and `guess` is set."""
    low = w.low
    if low in PERSON_WORDS or low in IRREGULAR_PLURALS:
        return True
    if w.acronym:
        return False  # an acronym: "US" is no plural of "u"
    lemma = best_lemma(low)
    if lemma is None:
        return guess and len(low) > 3 and low.endswith("s") and not low.endswith("ss")
    return lemma != low


def common(w: Token) -> bool:
    """A common noun as typed: "March" in "Women's March"; not "HIV", "Maria" or "2010"."""
    if not w.is_word or w.text[0].isdigit() or w.acronym:
        return False
    if w.capitalised:
        return any(not is_instance(s) for s in exact_synsets(w.low))
    return common_noun(w.low)


# ---------------------------------------------------------------------------------------------
# Spans of tokens and the text they cover


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # token indices, end exclusive
    end: int


def text_of(words: Sequence[Token], text: str, start: int, end: int) -> str:
    """The question's text from token `start` to token `end` (exclusive), as typed."""
    return text[words[start].start:words[end - 1].end]


def span_text(words: Sequence[Token], text: str, span: Span | None) -> str | None:
    if span is None or span.end <= span.start:
        return None
    return text_of(words, text, span.start, span.end).rstrip(",; ")

