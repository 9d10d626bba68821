"""Frames: where a question asks for a quantity ("how many", "how much", "what was the
number of ...", "how large was the crowd"), and questions that ask for none."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from crosstally.reconcile.question.english import (
    BE,
    COMPARATIVES,
    DETERMINERS,
    FILLERS,
    HOW_MAGNITUDE,
    IMPERATIVES,
    REQUESTS,
    TALLIES,
    TALLY_ADJECTIVES,
    WH_NOT_NUMERIC,
)
from crosstally.reconcile.question.tokens import Token, nominal
from crosstally.reconcile.question.words import pos_of


@dataclass(frozen=True, slots=True)
class Frame:
    """Where the quantity is asked: "how many" or "how much" and the index after it, "tally"
    and the index of the tally noun, or "how long" (far, old, large ...) and the index after."""

    kind: str
    at: int


def find_frame(words: Sequence[Token]) -> Frame | None:
    """The frame of the first sentence of the question that has one."""
    return next((f for f in (_frame_from(words, s) for s in _segments(words)) if f), None)


def not_numeric(words: Sequence[Token]) -> bool:
    """why/who/when/which questions and comparisons."""
    lows = [w.low for w in words]
    first = next((w for w in lows if w not in FILLERS), lows[0])
    if first in WH_NOT_NUMERIC:
        return True
    if "than" in lows:
        k = lows.index("than")
        return any(w in COMPARATIVES or (
            w.endswith("er") and bool(pos_of(w) & {"a", "r"}) and "n" not in pos_of(w))
            for w in lows[:k])
    return False


def _segments(words: Sequence[Token]) -> list[int]:
    """Where the sentences of a question start: its start, and after ":", ";" or " - "."""
    return [0] + [k + 1 for k, w in enumerate(words) if w.text in (":", ";", "-", "–", "—")]


def _frame_from(words: Sequence[Token], start: int) -> Frame | None:
    if start >= len(words) or (start and not_numeric(words[start:])):
        return None
    frame = _frame(words[start:])
    return Frame(frame.kind, frame.at + start) if frame else None


def _frame(words: Sequence[Token]) -> Frame | None:
    lows = [w.low for w in words]
    for k, w in enumerate(lows[:-1]):
        if w == "how" and lows[k + 1] in HOW_MAGNITUDE:
            if lows[k + 1] in ("many", "much"):
                return Frame(f"how {lows[k + 1]}", k + 2)
            if (tally := tally_after(words, k + 2, lead=True)) is not None:
                return Frame("tally", tally)  # "how large was the crowd"
            return Frame(f"how {lows[k + 1]}", k + 2)
    lead = 0
    while lead < len(lows) and lows[lead] in FILLERS | REQUESTS:
        lead += 1
    if lead < len(lows) and lows[lead] == "what":
        tally = tally_after(words, lead + 1, lead=True)
    elif lead < len(lows) and lows[lead] in IMPERATIVES:
        tally = tally_after(words, lead + 1, lead=False)
    else:
        tally = tally_after(words, lead, lead=False)
    return Frame("tally", tally) if tally is not None else None


def tally_after(words: Sequence[Token], i: int, *, lead: bool) -> int | None:
    """The tally noun after "what was", "estimate": skips a be-verb (when `lead`), a
    determiner and modifiers ("the estimated number", "voter turnout", "the death toll")."""
    j = i
    if lead and j < len(words) and words[j].low in BE:
        j += 1
    while j < len(words) and j < i + 6:
        low = words[j].low
        if low in TALLIES and (j + 1 >= len(words) or words[j + 1].low not in TALLIES):
            return j
        if low in DETERMINERS or low in TALLY_ADJECTIVES or nominal(words[j]):
            j += 1
            continue
        return None
    return None

