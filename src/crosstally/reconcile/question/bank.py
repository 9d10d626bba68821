"""Scoring the reader against a question bank, in the fields of the shared bank's README:
for the tests and for `python -m crosstally.reconcile.question --bank PATH`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from crosstally.reconcile.question.reading import read

BANK_FIELDS = ("quantitative", "measure", "counted", "counted_head", "event", "place",
               "period", "purpose")


def bank_reading(question: str) -> dict[str, Any]:
    """The reading in the bank's fields: place is a string, a list of several, or None."""
    r = read(question)
    places: Any = None if not r.places else r.places[0] if len(r.places) == 1 else list(r.places)
    return {"quantitative": r.quantitative, "measure": r.measure, "counted": r.counted,
            "counted_head": r.head, "event": r.event, "place": places, "period": r.period,
            "purpose": r.purpose}


def field_matches(name: str, got: Any, want: Any, *, ignore_case: bool = False) -> bool:
    """Places compare as sets; with `ignore_case` strings compare case-insensitively."""
    def norm(value: Any) -> Any:
        if isinstance(value, str):
            return value.lower() if ignore_case else value
        return value

    def as_set(value: Any) -> frozenset[Any]:
        values = [] if value is None else value if isinstance(value, list) else [value]
        return frozenset(norm(v) for v in values)

    if name == "place":
        return as_set(got) == as_set(want)
    return bool(norm(got) == norm(want))


class Score(NamedTuple):
    right: int  # entries read fully right
    per_field: dict[str, int]  # entries right in each field
    misses: list[tuple[str, list[str]]]  # (question, its wrong fields) for each miss


def score(entries: Iterable[dict[str, Any]], *, ignore_case: bool = True) -> Score:
    """Entries read fully right, right per field, and the misses (question, wrong fields)."""
    right, per_field, misses = 0, dict.fromkeys(BANK_FIELDS, 0), []
    for entry in entries:
        got = bank_reading(entry["q"])
        wrong = []
        for name in BANK_FIELDS:
            if field_matches(name, got[name], entry[name], ignore_case=ignore_case):
                per_field[name] += 1
            else:
                wrong.append(f"{name}: {got[name]!r}, want {entry[name]!r}")
        right += not wrong
        if wrong:
            misses.append((entry["q"], wrong))
    return Score(right, per_field, misses)
