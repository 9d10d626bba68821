"""The analyst's prose: eight sections, every figure quoted from a source and cited [n].

Numbers enter the prose only as an estimate's verbatim `text`, so `verify` can trace each one
back to a quote. Counts of sources are written in words that are not numbers ("several").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from crosstally.types import Answer, Finding, Reason, Section, Source, Target

TITLES = (
    "Executive summary",
    "1. The hard numbers",
    "2. Why the totals diverge",
    "3. Timing",
    "4. Motives, demographics and destinations",
    "5. Who is counting, and why it matters",
    "6. What can be stated with confidence, and the best single-line answer",
)
GROUP_LABELS = {"direct": "Figures that answer the question directly",
                "broader": "Broader counts", "narrower": "Narrower counts", "rate": "Rates and shares"}
# Section 5 groups figures by who gives them: Estimate.actor_type (reconcile/actors.py) -> label
ACTOR_TYPES = {
    "government_concerned": "the government concerned",
    "foreign_government": "foreign governments and alliances",
    "international_body": "international bodies",
    "ngo": "NGOs and advocates",
    "researchers": "researchers",
    "media": "the media",
    "organisers": "organisers",
    "police": "police",
    "anonymous": "anonymous sources",
}
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
DEMOGRAPHIC = re.compile(r"\b(?:men|women|children|families|family|age|aged|young|pensioners|students|workers)\b", re.I)


def compose(question: str, target: Target, findings: Sequence[Finding],
            sources: Sequence[Source], answer: Answer) -> tuple[list[Section], list[Reason]]:
    by_id = {s.id: s for s in sources}
    relevant = [f for f in findings if f.relation != "unrelated"]
    reasons = divergence_reasons(relevant)
    sections = [
        Section(TITLES[0], executive_summary(relevant, answer)),
        Section(TITLES[1], hard_numbers(relevant)),
        Section(TITLES[2], " ".join(r.text for r in reasons) or
                "The sources give too few comparable figures to say why they differ."),
        Section(TITLES[3], timing(relevant, by_id)),
        Section(TITLES[4], motives(relevant)),
        Section(TITLES[5], who_counts(relevant, by_id)),
        Section(TITLES[6], confidence(relevant, answer, by_id)),
    ]
    return sections, reasons


def executive_summary(findings: Sequence[Finding], answer: Answer) -> str:
    direct = [f for f in findings if f.relation == "direct"]
    if not direct:
        return ("None of the figures in the sources answers the question directly; "
                "see the hard numbers for what they do measure.")
    parts = [f"The sources offer competing figures that answer the question directly, "
             f"{_list([describe(g) for g in claims(direct)[:4]])}."]
    broader = [f for f in findings if f.relation == "broader"]
    if broader:
        parts.append(f"Broader counts, which take in more than the question asks, include "
                     f"{_list([describe(g) for g in claims(broader)[:2]])}.")
    parts.append(f"In short: {answer.one_line}")
    return " ".join(parts)


def hard_numbers(findings: Sequence[Finding]) -> str:
    if not findings:
        return "The sources contain no figure that bears on the question."
    parts = []
    for relation, limit in (("direct", 10), ("broader", 5), ("narrower", 6), ("rate", 5)):
        group = [f for f in findings if f.relation == relation]
        if group:
            items = [describe(g, who=True) for g in claims(group)[:limit]]
            parts.append(f"{GROUP_LABELS[relation]}: {'; '.join(items)}.")
    return " ".join(parts)


def divergence_reasons(findings: Sequence[Finding]) -> list[Reason]:
    reasons = []
    direct = [f for f in findings if f.relation == "direct"]
    broader = [f for f in findings if f.relation == "broader"]
    narrower = [f for f in findings if f.relation == "narrower"]
    if broader:
        ex = claims(broader)[:2]
        reasons.append(_reason("definition", "Part of the gap is definition: some totals count a "
                               f"wider population than the question, such as {_list([describe(g) for g in ex])}.", ex))
    methods: dict[str, list[Finding]] = defaultdict(list)
    for f in direct + narrower + broader:
        if f.estimate.method:
            methods[f.estimate.method].append(f)
    if len(methods) >= 2:
        ex = [claims(fs)[0] for fs in list(methods.values())[:4]]
        reasons.append(_reason("method", "The figures rest on different methods: " + _list(
            [f"{g[0].estimate.method} ({describe(g)})" for g in ex]) + ".", ex))
    anonymous = [f for f in direct if f.estimate.method == "anonymous source"]
    if anonymous:
        ex = claims(anonymous)[:1]
        reasons.append(_reason("method", f"The figure of {describe(ex[0])} rests on an anonymous "
                               "source and cannot be checked independently.", ex))
    timed = [f for f in direct + narrower if f.estimate.time]
    windows = {f.estimate.time for f in timed}
    if len(windows) >= 2:
        ex = claims(timed)[:4]
        reasons.append(_reason("timing", "They cover different periods: " + _list(
            [f"{describe(g)} {g[0].estimate.time}" for g in ex]) + ".", ex))
    counters = _by_counter(direct)
    if len(counters) >= 2:
        ex = [claims(fs)[0] for fs in counters.values()][:4]
        reasons.append(_reason("incentive", "Different kinds of counters stand behind them: " + _list(
            [f"{name} ({describe(g)})" for name, g in zip(counters, ex)]) + ".", ex))
    placed = [f for f in narrower if f.estimate.place]
    if placed:
        ex = claims(placed)[:3]
        reasons.append(_reason("geography", "Some count a single place only: " + _list(
            [f"{describe(g)} for {g[0].estimate.place}" for g in ex]) + ".", ex))
    return reasons


def timing(findings: Sequence[Finding], by_id: dict[int, Source]) -> str:
    dated = sorted((f for f in findings if published(by_id[f.source])
                    and f.relation in ("direct", "narrower", "broader")),
                   key=lambda f: (published(by_id[f.source]) or "", f.id))
    if not dated:
        return "The sources do not date their figures clearly enough to trace how they changed."
    first, last = dated[0], dated[-1]
    text = (f"The earliest figure here, published on {published(by_id[first.source])}, is "
            f"{describe([first])}.")
    if last.source != first.source:
        text += (f" The latest, published on {published(by_id[last.source])}, is "
                 f"{describe([last])}.")
    windows = [g for g in claims([f for f in findings if f.estimate.time
                                  and f.relation in ("direct", "narrower")])][:4]
    if windows:
        text += " Windows named in the sources: " + _list(
            [f"{describe(g)} {g[0].estimate.time}" for g in windows]) + "."
    return text


def published(source: Source) -> str | None:
    """The source's publication day (YYYY-MM-DD), or None: a source without one is not dated
    in the prose, never 'published on unknown'."""
    date = source.document.date
    return date if date and ISO_DAY.fullmatch(date) else None


def motives(findings: Sequence[Finding]) -> str:
    parts = []
    places = claims([f for f in findings if f.relation in ("narrower", "rate") and f.estimate.place])
    if places:
        parts.append("By destination: " + _list(
            [f"{g[0].estimate.place}, {describe(g)}" for g in places[:5]]) + ".")
    shares = claims([f for f in findings if f.estimate.kind in ("percent", "fraction")])
    if shares:
        parts.append("Shares reported: " + _list([describe(g) for g in shares[:3]]) + ".")
    people = claims([f for f in findings if f.estimate.counted and DEMOGRAPHIC.search(f.estimate.counted)])
    if people:
        parts.append("On who is counted: " + _list([describe(g) for g in people[:3]]) + ".")
    return " ".join(parts) or ("The sources say little about motives, demographics or "
                               "destinations beyond the totals.")


def _by_counter(findings: Sequence[Finding]) -> dict[str, list[Finding]]:
    """Findings by the kind of body that produced them, in ACTOR_TYPES order."""
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if label := ACTOR_TYPES.get(f.estimate.actor_type or ""):
            groups[label].append(f)
    return {name: groups[name] for name in ACTOR_TYPES.values() if name in groups}


def who_counts(findings: Sequence[Finding], by_id: dict[int, Source]) -> str:
    groups = _by_counter(findings)
    if not groups:
        return "The sources rarely say who produced their figures, which is itself a reason for caution."
    parts = []
    for name, members in groups.items():
        ex = claims(members)[:3]
        parts.append(f"{name[0].upper()}{name[1:]}: " + _list([describe(g, who=True) for g in ex]) + ".")
    if "anonymous sources" in groups:
        parts.append("Figures from anonymous sources cannot be checked independently.")
    return " ".join(parts)


def confidence(findings: Sequence[Finding], answer: Answer, by_id: dict[int, Source]) -> str:
    if answer.low is None:
        return answer.one_line
    stories = {by_id[f.source].story for f in findings if f.id in answer.basis}
    breadth = "a single story" if len(stories) == 1 else "several independent stories"
    return (f"Confidence is {answer.confidence}: the direct figures come from {breadth}, "
            f"and the span between them shows how much depends on definitions and method. "
            f"Best single-line answer: {answer.one_line}")


# -- helpers ---------------------------------------------------------------------------

def claims(findings: Sequence[Finding]) -> list[list[Finding]]:
    """Findings grouped by claim (same relation and numbers), in order of first appearance."""
    groups: dict[tuple[object, ...], list[Finding]] = {}
    for f in findings:
        e = f.estimate
        groups.setdefault((f.relation, e.value, e.low, e.high, e.kind, e.per), []).append(f)
    return list(groups.values())


def describe(group: Sequence[Finding], who: bool = False) -> str:
    """'up to 700,000 people (a business daily, in two weeks) [1] [2]' for a claim."""
    e = group[0].estimate
    text = e.text[0].lower() + e.text[1:] if e.text[:1].isupper() and " " in e.text else e.text
    counted = f" {e.counted}" if e.counted and e.counted.lower() not in text.lower() else ""
    if counted and re.match(r" (?:death toll|toll|number|total|tally|count|figure|population) of ", counted):
        counted = f" ({counted.strip()})"
    elif counted and e.kind in ("percent", "fraction"):
        counted = f" of{counted}"  # "about 40 per cent of men", not "40 per cent men"
    per = f" {'per' if e.base else 'a'} {e.per}" if e.per and e.per not in text else ""
    details = [d for d in (e.actor, e.time) if d] if who else []
    actor = f" ({', '.join(details)})" if details else ""
    return f"{text}{counted}{per}{actor} {cite(group)}"


def cite(group: Sequence[Finding]) -> str:
    return " ".join(f"[{n}]" for n in sorted({f.source for f in group}))


def _list(items: Sequence[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _reason(kind: str, text: str, groups: Sequence[Sequence[Finding]]) -> Reason:
    return Reason(kind, text, tuple(f.id for g in groups for f in g))
