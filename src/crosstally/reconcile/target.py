"""The question -> what it asks to be counted (Target)."""

from __future__ import annotations

import re

from crosstally.extract import default_extractor
from crosstally.retrieve import question_terms
from crosstally.types import Target

MONEY = re.compile(r"\b(?:how much|spend|spent|cost|costs|paid|pay|budget|price|money)\b", re.I)
DEATHS = re.compile(r"\b(?:died|die|deaths|killed|death toll|fatalities)\b", re.I)
POPULATION = re.compile(r"\bhow many\s+(?P<pop>(?:[\w'-]+\s+){0,2}?[\w'-]+?)\s+"
                        r"(?P<rest>(?:have|has|had|did|do|does|are|were|is|was|will|died|"
                        r"left|live|lived|speak|exist)\b.*)$", re.I)
PURPOSE = re.compile(r"\b(?P<p>(?:to avoid|to escape|to evade|in connection with|because of|due to|"
                     r"as a result of|for|on)\s+.+?)\??$", re.I)
GLOBAL = re.compile(r"\b(?:on earth|in the world|worldwide|globally|global|on the planet)\b", re.I)
PERIOD = re.compile(r"\b(?:in|during|since|by)\s+(?:the\s+)?(?:\d{4}|\w+\s+\d{4})\b.*?(?=\?|$)|\b\d{4}\b")


def parse_question(question: str) -> Target:
    q = question.strip()
    measure = "money" if MONEY.search(q) else "deaths" if DEATHS.search(q) else "count"
    population = predicate = purpose = None
    if m := POPULATION.search(q.rstrip("?")):
        population = m.group("pop")
        predicate = m.group("rest")
        if p := PURPOSE.search(predicate):
            purpose = p.group("p")
            predicate = predicate[:p.start()].strip() or predicate
    elif measure == "money":
        predicate = re.sub(r"^how much\s+", "", q.rstrip("?"), flags=re.I)
    ctx = default_extractor().context
    place = ctx.nearest_place(q, len(q), len(q)) or ("world" if GLOBAL.search(q) else None)
    period_m = PERIOD.search(q)
    return Target(
        measure=measure,
        population=population,
        predicate=predicate,
        purpose=purpose,
        place=place,
        period=period_m.group(0).strip() if period_m else None,
        terms=tuple(question_terms(q)),
    )
