"""The answer: a defensible range from independent direct estimates, the band inside it where
the best-supported independent figures cluster, its magnitude and confidence.

Each story (copies of one underlying report share a story number) carries a weight of one,
shared among the distinct figures it gives and, within a figure, among its bounds; a figure
that only names an order of magnitude ("hundreds of thousands") weighs less. On that weighted
distribution (log10), the defensible range runs between the RANGE_TAIL and 1 - RANGE_TAIL
quantiles, so a lone extreme claim does not stretch it, and the most-likely band is the middle
half of the weight. Both were chosen on the 18 annotated topics (bench/fit_relations.py prints
both held out). Every end is a figure a source gives, so the one line can quote it.
"""

from __future__ import annotations

import math
import re
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
VAGUE_WEIGHT = 0.25  # a vague magnitude names only an order of ten
RANGE_TAIL = 0.05  # weight left outside the defensible range at each end
BAND_TAIL = 0.25  # the most-likely band is the middle half of the weight


@dataclass(frozen=True, slots=True)
class Bound:
    value: float
    finding: Finding
    weight: float = 1.0


def derive_answer(findings: Sequence[Finding], stories: dict[int, int]) -> Answer:
    """`stories` maps source id -> story number; copies of one story count once."""
    direct = [f for f in findings if f.relation == "direct"]
    current = [f for f in direct if not SUPERSEDED.search(f.estimate.quote)]
    current = current or direct  # figures the sources call earlier or older are history
    current = _one_unit(current, stories)
    firm = [f for f in current if f.estimate.qualifier != "vague"]
    points = weighted_points(firm, stories)
    if not points or points[-1].value < 1.2 * points[0].value:
        # Vague words ('hundreds') widen the answer only when firmer figures give no span.
        points = weighted_points(current, stories)
    if not points:
        return Answer(None, None, None, "The sources reviewed give no figure that answers the "
                      "question directly; no defensible range can be stated.", None)
    centre = math.log10(quantile(points, 0.5).value)
    points = [p for p in points if abs(math.log10(p.value) - centre) <= OUTLIER_ORDERS]
    lo, hi = _whole(quantile(points, RANGE_TAIL), quantile(points, RANGE_TAIL, from_top=True))
    kept = [p for p in points if lo.value <= p.value <= hi.value]
    band = _whole(quantile(kept, BAND_TAIL), quantile(kept, BAND_TAIL, from_top=True))
    band = max(band[0], lo, key=_value), min(band[1], hi, key=_value)
    independent = {stories.get(p.finding.source, -p.finding.source) for p in kept}
    magnitude = magnitude_words(lo.value, hi.value)
    confidence = _confidence(len(independent), hi.value / lo.value)
    basis = tuple(dict.fromkeys(p.finding.id for p in kept))
    likely = "" if lo.value == hi.value else f", {_band_words(band, (lo, hi))}"
    one_line = (f"Measured in the {magnitude}: the defensible range {_range_words(lo, hi)}"
                f"{likely}; no single authoritative figure exists.")
    return Answer(lo.value, hi.value, magnitude, one_line, confidence, basis,
                  band[0].value, band[1].value)


def _one_unit(findings: Sequence[Finding], stories: dict[int, int]) -> list[Finding]:
    """Figures in the unit most stories use ('USD' over 'QAR'): a range never spans two."""
    stories_of: dict[str | None, set[int]] = {}
    for f in findings:
        stories_of.setdefault(f.estimate.unit, set()).add(stories.get(f.source, -f.source))
    if len(stories_of) < 2:
        return list(findings)
    unit = max(stories_of, key=lambda u: (len(stories_of[u]), u is not None, u or ""))
    return [f for f in findings if f.estimate.unit == unit]


def weighted_points(findings: Sequence[Finding], stories: dict[int, int]) -> list[Bound]:
    """Every positive bound of every figure, weighted: a story weighs one, shared among its
    distinct figures, and a figure's share among its bounds. Sorted by value, then source."""
    by_story: dict[int, dict[tuple[float | None, ...], Finding]] = {}
    for f in findings:
        e = f.estimate
        by_story.setdefault(stories.get(f.source, -f.source), {}).setdefault(
            (e.value, e.low, e.high), f)
    points = []
    for claims in by_story.values():
        for f in claims.values():
            values = [v for v in _points(f) if v > 0]
            strength = (VAGUE_WEIGHT if f.estimate.qualifier == "vague" else 1.0) * f.confidence
            points += [Bound(v, f, strength / len(claims) / len(values)) for v in values]
    return sorted(points, key=lambda p: p.value)  # stable: source order among equals


def quantile(points: Sequence[Bound], tail: float, from_top: bool = False) -> Bound:
    """The first point, from the bottom (or the top), past which the weight passed exceeds
    `tail` of the total: the lone first figure of five is a tail of 0.2, not of 0.19."""
    total = sum(p.weight for p in points)
    run = 0.0
    for p in reversed(points) if from_top else points:
        run += p.weight if total > 0 else 1.0  # no weight anywhere: every point counts alike
        if run > tail * (total if total > 0 else len(points)) + 1e-9:
            return p
    return points[0] if from_top else points[-1]


def _whole(lo: Bound, hi: Bound) -> tuple[Bound, Bound]:
    """An end set by one side of 'between 400,000 and 450,000' or 'tens of thousands' takes in
    the whole figure, which is how the one line quotes it."""
    if _two_sided(lo.finding):
        lo = Bound(min(_points(lo.finding)), lo.finding, lo.weight)
    if _two_sided(hi.finding):
        hi = Bound(max(_points(hi.finding)), hi.finding, hi.weight)
    return lo, hi


def _range_words(lo: Bound, hi: Bound) -> str:
    """'runs from at least 150,000 [1] to up to 700,000 [3]': the figures' own words, cited."""
    if lo.value == hi.value or lo.finding == hi.finding:
        return f"is {_cited(lo)}"
    return f"runs from {_cited(lo)} to {_cited(hi)}"


def _band_words(band: tuple[Bound, Bound], whole: tuple[Bound, Bound]) -> str:
    """'most likely between 200,000 [4] and half a million [9]', in the figures' own words; a
    band end that is an end of the range is named as that end, not quoted a second time."""
    lo, hi = band
    if (lo.value, hi.value) == (whole[0].value, whole[1].value):
        return "and the independent figures do not cluster inside it"
    if lo.value == hi.value or lo.finding == hi.finding:
        return f"most likely {_at_end(lo, whole, 'at ')}"
    if _two_sided(lo.finding) or _two_sided(hi.finding):  # 'between 24.7 and 39.3 million'
        return f"most likely from {_at_end(lo, whole)} up to {_at_end(hi, whole)}"
    return f"most likely between {_at_end(lo, whole)} and {_at_end(hi, whole)}"


def _at_end(bound: Bound, whole: tuple[Bound, Bound], at: str = "") -> str:
    for name, end in (("low", whole[0]), ("high", whole[1])):
        if bound.value == end.value:
            return f"{at}its {name} end"
    return _cited(bound)


def _cited(bound: Bound) -> str:
    return f"{_inline(bound.finding.estimate.text)} [{bound.finding.source}]"


def _two_sided(f: Finding) -> bool:
    return f.estimate.low is not None and f.estimate.high is not None


def _value(bound: Bound) -> float:
    return bound.value


def magnitude_words(low: float, high: float) -> str:
    order = math.floor(math.log10(math.sqrt(low * high)) + 1e-9)
    return MAGNITUDES.get(max(0, min(order, 13)), "unknown")


def _inline(text: str) -> str:
    """'At least 150,000' as it reads mid-sentence."""
    first = text.split(" ", 1)[0]
    # Only a capitalised word is lowered ('About'), never a code or symbol ('US$', 'QAR').
    return text[0].lower() + text[1:] if " " in text and first[:1].isupper() \
        and first[1:].islower() else text


def _points(f: Finding) -> list[float]:
    """The figure's positive bounds: on the answer's log scale 0 and below have no place (the
    range '0-10' ends at 10)."""
    e = f.estimate
    return [v for v in (e.value, e.low, e.high) if v is not None and v > 0]


def _confidence(independent: int, spread: float) -> str:
    if independent >= 4 and spread <= 3:
        return "high"
    if independent >= 2 and spread <= 10:
        return "medium"
    return "low"
