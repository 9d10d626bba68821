"""The answer: a defensible range from independent direct estimates, its magnitude and confidence."""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from crosstally.types import Answer, Finding

MAGNITUDES = {
    0: "single figures", 1: "tens", 2: "hundreds", 3: "thousands", 4: "tens of thousands",
    5: "hundreds of thousands", 6: "millions", 7: "tens of millions", 8: "hundreds of millions",
    9: "billions", 10: "tens of billions", 11: "hundreds of billions", 12: "trillions",
    13: "tens of trillions",
}
SUPERSEDED = re.compile(r"\b(?:earlier|previous|previously|old|older|outdated|first widely|"
                        r"used to|had put|original|once put)\b", re.I)
OUTLIER_ORDERS = 1.5  # a direct figure this many orders of magnitude from the median is set aside


@dataclass(frozen=True, slots=True)
class Bound:
    value: float
    finding: Finding


def derive_answer(findings: Sequence[Finding], stories: dict[int, int]) -> Answer:
    """`stories` maps source id -> story number; copies of one story count once."""
    direct = [f for f in findings if f.relation == "direct"]
    current = [f for f in direct if not SUPERSEDED.search(f.estimate.quote)]
    direct = current or direct  # figures the sources call earlier or older are history
    precise = [f for f in direct if f.estimate.qualifier != "vague"]
    points = [Bound(v, f) for f in precise for v in _points(f) if v and v > 0]
    values = [p.value for p in points]
    if not points or max(values) < 1.2 * min(values):
        # Vague words ('hundreds') widen the answer only when firmer figures give no span.
        points += [Bound(v, f) for f in direct if f not in precise for v in _points(f) if v > 0]
    if not points:
        return Answer(None, None, None, "The sources reviewed give no figure that answers the "
                      "question directly; no defensible range can be stated.", None)
    centre = statistics.median(math.log10(p.value) for p in points)
    kept = [p for p in points if abs(math.log10(p.value) - centre) <= OUTLIER_ORDERS]
    lo = min(kept, key=lambda p: p.value)  # first in source order among equals
    hi = max(kept, key=lambda p: p.value)
    independent = {stories[p.finding.source] for p in kept}
    magnitude = magnitude_words(lo.value, hi.value)
    confidence = _confidence(len(independent), hi.value / lo.value)
    basis = tuple(dict.fromkeys(p.finding.id for p in kept))
    if lo.value == hi.value:
        span = f"{_inline(lo.finding.estimate.text)} [{lo.finding.source}]"
    else:
        span = (f"{_inline(lo.finding.estimate.text)} [{lo.finding.source}] to "
                f"{_inline(hi.finding.estimate.text)} [{hi.finding.source}]")
    one_line = (f"Measured in the {magnitude}: the defensible range runs from {span}; "
                f"no single authoritative figure exists.")
    return Answer(lo.value, hi.value, magnitude, one_line, confidence, basis)


def magnitude_words(low: float, high: float) -> str:
    order = math.floor(math.log10(math.sqrt(low * high)) + 1e-9)
    return MAGNITUDES.get(max(0, min(order, 13)), "unknown")


def _inline(text: str) -> str:
    """'At least 150,000' as it reads mid-sentence."""
    return text[0].lower() + text[1:] if " " in text and text[:1].isupper() else text


def _points(f: Finding) -> list[float]:
    e = f.estimate
    return [v for v in (e.value, e.low, e.high) if v is not None]


def _confidence(independent: int, spread: float) -> str:
    if independent >= 4 and spread <= 3:
        return "high"
    if independent >= 2 and spread <= 10:
        return "medium"
    return "low"
