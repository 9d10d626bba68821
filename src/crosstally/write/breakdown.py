"""Section 4: the narrower figures by place, group and cause (or, for money, by what it pays
for), under a heading that follows what the question counts; no section when the sources
give none of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache

from crosstally import wordnet
from crosstally.types import Target
from crosstally.write.claims import (
    Claim,
    Context,
    by_support,
    common,
    counted_words,
    figure_words,
    join,
    plain_time,
)
from crosstally.write.timeline import named_date, published_day

# Section 4's heading by what the question counts (explain.question_kind).
BREAKDOWN = {
    "movement": "Destinations and motives",
    "death": "Causes, places and groups",
    "money": "What the money covers",
    "crowd": "Where and when the crowd was counted",
    "other": "Breakdowns",
}

def breakdowns(ctx: Context, kind: str) -> str | None:
    """Narrower figures by place, group and (for deaths) cause, or by what money pays for;
    None when the sources give none."""
    narrower = [c for c in by_support(ctx.related("narrower", "rate"), ctx.stories)
                if counted_words(c) and ctx.mentions.free(c)]
    places = {p.lower() for p in (*ctx.target.places, ctx.target.place or "") if p}
    parts = []
    if kind == "money":
        spent = [c for c in narrower if c.estimate.kind == "money"][:5]
        if items := _items(ctx, spent, lambda c: ""):
            parts.append(f"Within the totals, the sources itemise {join(items)}.")
        return " ".join(parts) or None
    placed = [c for c in narrower if c.place and c.place.lower() not in places
              and c.estimate.kind == "count"][:5]  # then every claim shown, as it is shown
    lead = {"movement": "As destinations, the sources name",
            "crowd": "For single places, the sources give"}.get(kind, "By place, the sources give")
    if items := _items(ctx, placed, lambda c: f" in {c.place}"):
        parts.append(f"{lead} {join(items)}.")
    if kind == "movement":
        motives = [c for c in narrower if c.estimate.kind in ("percent", "fraction")
                   and _names_a_motive(c)][:2]
        placed += motives
        if items := _items(ctx, motives, lambda c: ""):
            parts.append(f"On motives, the sources give {join(items)}.")
    if kind == "death":
        caused = [c for c in narrower if c not in placed and _names_a_cause(c)][:4]
        placed += caused
        if items := _items(ctx, caused, lambda c: ""):
            parts.append(f"By cause, they give {join(items)}.")
    if kind == "crowd":
        asked = named_date(ctx.target.period, None) if ctx.target.period else None
        timed = [c for c in narrower if c not in placed and c.timed and plain_time(c.time)
                 and named_date(c.timed.estimate.time or "",
                                 published_day(ctx.by_id[c.timed.source])) != asked][:4]
        placed += timed
        if items := _items(ctx, timed, lambda c: f" {c.time}"):
            parts.append(f"At other times, they give {join(items)}.")
    groups = [c for c in narrower if c not in placed and _names_a_group(ctx, c)][:4]
    if items := _items(ctx, groups, lambda c: ""):
        parts.append(f"For particular groups, they give {join(items)}.")
    return " ".join(parts) or None


def _items(ctx: Context, chosen: Sequence[Claim], where: Callable[[Claim], str]) -> list[str]:
    out = []
    for c in chosen:
        if ctx.mentions.take(c):
            out.append(f"{figure_words(c)}{where(c)} {c.cite()}")
    return out


def _heads(claim: Claim) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z]+", claim.counted or "") if len(w) > 2]


def _names_a_group(ctx: Context, claim: Claim) -> bool:
    """What the figure counts names a kind of what the question counts, other than itself and
    the event's participants: of people or deaths, a kind of person ('children', 'liquidator
    deaths', 'Tutsi'; not 'people' or, for a march, 'protesters', which WordNet relates to
    marching); of anything else, a kind of it ('Siberian tigers' of tigers)."""
    head = ctx.target.head or ""
    people = head == "person" or wordnet.is_a(head, "death", "n", senses=1) \
        or wordnet.is_a(head, "person", "n") and not wordnet.is_a(head, "animal", "n")
    same = _same_population(ctx.target)
    for word in _heads(claim):
        lemmas = wordnet.lemmas(word.lower(), "n")
        if not lemmas or set(lemmas) & same or word.lower() in PLAIN_PEOPLE \
                or any(wordnet.is_a(word, p, "n", senses=1) for p in PLAIN_KINDS) \
                or _of_the_place(ctx.target, lemmas):
            continue
        kind = "person" if people else head
        if kind and wordnet.is_a(word, kind, "n", senses=1) and common(word) \
                and not _participant(ctx.target, word):
            return True
    return False


PLAIN_PEOPLE = frozenset({"people", "persons", "person"})
# Kinds of person that name where someone belongs, not a group among them ('citizens',
# 'residents'): closed-class English for the people of a place.
PLAIN_KINDS = ("national", "inhabitant")


def _of_the_place(target: Target, lemmas: Sequence[str]) -> bool:
    """'Russians' of a question about Russia: the people of the place asked about (WordNet
    derives 'russian' from 'russia'), not a group within them."""
    places = {p.lower() for p in (*target.places, target.place or "") if p}
    return any(d in places for lemma in lemmas for d in wordnet.derived(lemma))


def _same_population(target: Target) -> set[str]:
    words = {target.head or ""} | {w.lower() for w in (target.population or "").split()}
    return {lemma for w in words for lemma in (wordnet.lemmas(w, "n") or (w,))}


def _participant(target: Target, word: str) -> bool:
    """'protesters', 'marchers', 'attendees' of a march; 'evacuees' of an evacuation: nouns
    WordNet relates to the question's event verb, within two steps."""
    verb = (target.event or "").split(" ")[0]
    lemmas = wordnet.lemmas(word.lower(), "n")
    return bool(verb) and bool(lemmas) and bool(set(lemmas) & _event_words(verb))


@cache
def _event_words(verb: str) -> frozenset[str]:
    return frozenset(wordnet.related(verb, "v", depth=2))


def _names_a_cause(claim: Claim) -> bool:
    """'thyroid cancer deaths', 'deaths from pneumonia': a disease, injury or violence named."""
    return any(wordnet.is_a(w, kind, "n", senses=1) for w in _heads(claim)
               for kind in ("disease", "injury", "violence", "natural phenomenon"))


def _names_a_motive(claim: Claim) -> bool:
    """A share whose sentence names a reason or motive ('named mobilisation as their main
    reason')."""
    return any(wordnet.is_a(w, "motivation", "n", senses=1)
               for w in re.findall(r"[a-z]+", claim.estimate.quote.lower()) if len(w) > 4)
