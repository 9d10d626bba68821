"""The answer: a defensible range from independent direct estimates, the band inside it where
the best-supported independent figures cluster, its magnitude and confidence.

The most-likely band weighs the evidence rather than the sources' word count. Each story
(copies of one underlying report share a story number) carries a weight of one, shared among
the distinct figures it gives; a figure that only bounds the count from one side ("at least
150,000") or only names an order of magnitude ("hundreds of thousands") weighs less. Each
figure puts its weight on a point or spreads it evenly over its interval in log10 space. The
band is the shortest interval between two figures' own bounds that holds more than half of the
total weight, so its ends are figures a source gives and a lone outlier cannot drag it; when
no majority gathers anywhere narrower, the band is the whole range.
"""

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
                        r"used to|had put|original|once put)\b", re.IGNORECASE)
OUTLIER_ORDERS = 1.5  # a direct figure this many orders of magnitude from the median is set aside
# Weights of a figure in the most-likely band, relative to a firm figure or range (1.0): a
# one-sided bound says where the count starts or stops, not where it lies; a vague magnitude
# names only an order of ten. The band holds more than LIKELY_SHARE of the independent weight.
ONE_SIDED_WEIGHT = 0.5
VAGUE_WEIGHT = 0.25
LIKELY_SHARE = 0.5
ONE_SIDED = ("at_least", "more_than", "up_to", "at_most", "less_than")


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
    centre = statistics.median_low(math.log10(p.value) for p in points)  # a real figure: kept is never empty
    kept = [p for p in points if abs(math.log10(p.value) - centre) <= OUTLIER_ORDERS]
    lo = min(kept, key=lambda p: p.value)  # first in source order among equals
    hi = max(kept, key=lambda p: p.value)
    independent = {stories[p.finding.source] for p in kept}
    magnitude = magnitude_words(lo.value, hi.value)
    confidence = _confidence(len(independent), hi.value / lo.value)
    basis = tuple(dict.fromkeys(p.finding.id for p in kept))
    band = likely_band(kept, [f for f in direct if f.estimate.qualifier == "vague"], stories)
    one_line = (f"Measured in the {magnitude}: the defensible range {_range_words(lo, hi)}, "
                f"{_band_words(band, (lo, hi))}; no single authoritative figure exists.")
    return Answer(lo.value, hi.value, magnitude, one_line, confidence, basis,
                  band[0].value, band[1].value)


def _range_words(lo: Bound, hi: Bound) -> str:
    """'runs from at least 150,000 [1] to up to 700,000 [3]': the figures' own words, cited."""
    if lo.value == hi.value or lo.finding == hi.finding:
        return f"is {_cited(lo)}"
    return f"runs from {_cited(lo)} to {_cited(hi)}"


def _band_words(band: tuple[Bound, Bound], whole: tuple[Bound, Bound]) -> str:
    """'most likely between 200,000 [4] and half a million [9]', in the figures' own words."""
    lo, hi = band
    if (lo.value, hi.value) == (whole[0].value, whole[1].value):
        return "and the independent figures do not cluster inside it"
    if lo.value == hi.value or lo.finding == hi.finding:
        return f"most likely {_cited(lo)}"
    if _two_sided(lo.finding) or _two_sided(hi.finding):  # 'between 24.7 and 39.3 million'
        return f"most likely from {_cited(lo)} up to {_cited(hi)}"
    return f"most likely between {_cited(lo)} and {_cited(hi)}"


def _cited(bound: Bound) -> str:
    return f"{_inline(bound.finding.estimate.text)} [{bound.finding.source}]"


def _two_sided(f: Finding) -> bool:
    return f.estimate.low is not None and f.estimate.high is not None


@dataclass(frozen=True, slots=True)
class Support:
    """One direct figure as evidence: where it puts the count (log10) and how much it weighs."""

    low: float
    high: float
    weight: float

    def share_in(self, low: float, high: float) -> float:
        """The part of this figure's weight that lies in [low, high] (log10)."""
        if self.high - self.low < 1e-9:
            return self.weight if low - 1e-9 <= self.low <= high + 1e-9 else 0.0
        inside = max(0.0, min(high, self.high) - max(low, self.low))
        return self.weight * inside / (self.high - self.low)


def likely_band(kept: Sequence[Bound], vague: Sequence[Finding], stories: dict[int, int]
                ) -> tuple[Bound, Bound]:
    """The shortest interval between two of `kept`'s values holding a majority of the weight
    that lies in the range; an end set by one side of a range figure takes in the whole figure.

    `kept` are the answer's range points, `vague` the direct vague figures (they add a little
    weight spread over their decade but never give an end). Ties go to the interval holding
    more weight, then to the lower one.
    """
    findings = list(dict.fromkeys([p.finding for p in kept] + list(vague)))
    supports = evidence(findings, stories)
    ends = sorted({math.log10(p.value) for p in kept})
    need = LIKELY_SHARE * sum(s.share_in(ends[0], ends[-1]) for s in supports)
    best = (ends[-1] - ends[0], 0.0, ends[0], ends[-1])  # (width, -weight, low, high)
    for i, low in enumerate(ends):
        for high in ends[i:]:
            held = sum(s.share_in(low, high) for s in supports)
            if held > need + 1e-9:
                best = min(best, (round(high - low, 9), -round(held, 9), low, high))
                break
    lo, hi = _bound_at(kept, best[2]), _bound_at(kept, best[3])
    for end in (lo, hi):  # 'between 400,000 and 450,000' is quoted whole, so held whole
        if _two_sided(end.finding):
            whole = [p for p in kept if p.finding == end.finding]
            lo, hi = min(lo, *whole, key=_value), max(hi, *whole, key=_value)
    return lo, hi


def _value(bound: Bound) -> float:
    return bound.value


def evidence(findings: Sequence[Finding], stories: dict[int, int]) -> list[Support]:
    """Each story weighs one, shared among its distinct figures; weaker kinds weigh less."""
    by_story: dict[int, dict[tuple[float | None, ...], Finding]] = {}
    for f in findings:
        e = f.estimate
        claim = (e.value, e.low, e.high)
        by_story.setdefault(stories.get(f.source, -f.source), {}).setdefault(claim, f)
    supports = []
    for claims in by_story.values():
        for f in claims.values():
            low, high = _log_span(f)
            supports.append(Support(low, high, _strength(f) / len(claims)))
    return supports


def _strength(f: Finding) -> float:
    qualifier = f.estimate.qualifier
    if qualifier == "vague":
        return VAGUE_WEIGHT
    return ONE_SIDED_WEIGHT if qualifier in ONE_SIDED else 1.0


def _log_span(f: Finding) -> tuple[float, float]:
    """Where a figure puts the count, in log10: its interval, or its one stated bound."""
    e = f.estimate
    low, high = e.bounds
    low, high = low or e.value or high, high or e.value or low
    assert low and high  # a kept or vague figure has a positive bound
    return math.log10(min(low, high)), math.log10(max(low, high))


def _bound_at(kept: Sequence[Bound], log_value: float) -> Bound:
    """The kept point at this value, preferring a figure that is that value alone."""
    at = [p for p in kept if abs(math.log10(p.value) - log_value) < 1e-9]
    return min(at, key=lambda p: _two_sided(p.finding))


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
