"""Section 3, timing: the figures in the order of the dates they carry; and section 5, who
is counting: where the most-cited figures first appear, who repeats them, who disputes them,
and what the sources say of a counter's reasons to shade its figure.

Dates are the sources' own: the publication day (YYYY-MM-DD, never 'unknown') and the times
their sentences name ('by the end of September 2022', 'on June 9th 2019').
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass

from crosstally.types import Finding, Source
from crosstally.write.claims import (
    Claim,
    Context,
    actor_phrase,
    by_support,
    capital,
    counted_words,
    figure_words,
    join,
    mid,
    own_voice,
    plain_time,
    plural,
    publication,
    same_words,
    subject,
    who,
)
from crosstally.write.explain import about, incentives, quotable, quote

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)\b")
# Month names as the calendar writes them, capitalised: 'May' is a month, 'may' is not.
NAMES = sorted((m.capitalize() for m in MONTHS), key=len, reverse=True)
MONTH = re.compile(r"\b(" + "|".join(NAMES)
                   + r")\b\.?")
DAY = re.compile(r"\b([12]?\d|3[01])(?:st|nd|rd|th)?\b")


@dataclass(frozen=True)
class Dated:
    when: tuple[int, int, int]  # year, month, day; an open end sorts last (13, 32)
    claim: Claim
    finding: Finding  # the finding dated: its source, time and actor are cited together
    published: str | None  # the source's day, YYYY-MM-DD
    named: bool = False  # the date is the one the finding's time phrase names


def timing(ctx: Context) -> str:
    """The figures in the order of the dates they carry: the time the text names, else the
    day the source published them; one per source, flows (a day, a week) included."""
    entries = sorted((d for c in by_support(ctx.claims, ctx.stories) if (d := _dated(ctx, c))),
                     key=lambda d: (d.when, d.finding.source))
    entries = [d for d in entries if d.claim.relation in ("direct", "broader")
               or d.claim.estimate.per or ctx.near_range(d.claim)]
    seen: set[int] = set()
    chosen = []
    for d in entries:
        says = ctx.mentions.free(d.claim) or counted_words(d.claim) or d.finding.estimate.actor
        if says and d.finding.source not in seen:
            seen.add(d.finding.source)
            chosen.append(d)
    if not chosen:
        return "The sources do not date their figures closely enough to put them in order."
    return " ".join(_timed(ctx, d) for d in chosen[:7])


def _dated(ctx: Context, claim: Claim) -> Dated | None:
    """The claim's earliest date: the time a finding's words name, else its source's day."""
    best: Dated | None = None
    for f in claim.findings:
        published = published_day(ctx.by_id[f.source])
        time = f.estimate.time
        named = named_date(time, published) if time and plain_time(time) else None
        when = named or (_parts(published) if published else None)
        if when and (best is None or when < best.when):
            best = Dated(when, claim, f, published, named is not None)
    return best


def _timed(ctx: Context, d: Dated) -> str:
    """'On 2022-09-28, the interior ministry put the number at 98,000 ... [4].' or, when the
    text names the date, 'By the end of September 2022, Exit Watch put the number at ...'."""
    c, f = d.claim, d.finding
    name = actor_phrase(own_voice(f.estimate.actor, ctx.by_id[f.source])) if f.estimate.actor \
        else None
    paper = publication(ctx.by_id[f.source])
    time = mid(f.estimate.time) if f.estimate.time and plain_time(f.estimate.time) else None
    lead, tail = (f"{time}, ", "") if d.named and time else (
        f"On {d.published}, " if d.published else "", f" {time}" if time else "")
    if ctx.mentions.take(c):
        what = figure_words(c)
        if name:
            return capital(f"{lead}{subject(name)} gave a figure of {what}{tail} [{f.source}].")
        return capital(f"{lead}{paper} reported {what}{tail} [{f.source}].")
    counted = counted_words(c)
    of = f" for {counted}" if counted else ""
    if name and d.named:
        return capital(f"{lead}{subject(name)} gave a figure{of}, as {paper} reports [{f.source}].")
    if name and same_words(paper, name):  # a body's own publication
        return capital(f"{lead}{subject(name)} gave a figure{of}{tail} [{f.source}].")
    if name:
        return capital(f"{lead}{paper} carried the figure{of} from {name}{tail} [{f.source}].")
    return capital(f"{lead}{paper} gave a figure{of}{tail} [{f.source}].")


def published_day(source: Source) -> str | None:
    """The source's publication day (YYYY-MM-DD), or None: a source without one is not dated
    in the prose, never 'unknown'."""
    date = source.document.date
    return date if date and ISO_DAY.fullmatch(date) else None


def _parts(day: str) -> tuple[int, int, int]:
    y, m, d = (int(x) for x in day.split("-"))
    return y, m, d


def named_date(time: str, published: str | None) -> tuple[int, int, int] | None:
    """The date a time phrase names ('on June 9th 2019', 'by the end of September 2022', 'in
    October'), as far as it goes; a month without a year takes the latest one before the
    source's own day."""
    year = YEAR.search(time)
    month = MONTH.search(time)
    if not year and not (month and published):
        return None
    m = MONTHS[month.group(1).lower()] if month else 0
    if year:
        y = int(year.group(1))
    else:
        assert published is not None
        py, pm, _ = _parts(published)
        y = py if m <= pm else py - 1
    rest = time.replace(year.group(0), " ") if year else time
    day = DAY.search(rest) if m else None
    # an open end sorts last within its year or month: 'in 2022' comes after 'in October 2022'
    return y, m or 13, int(day.group(1)) if day else 32


# ------------------------------------------------------------------ who is counting

def who_counts(ctx: Context, sources: Sequence[Source]) -> str:
    """Where the most-cited figures first appear and who repeats them; incentives only as the
    sources state them; who disputes a figure; figures nobody can check."""
    parts = [p for c in _most_cited(ctx) if (p := _origin(ctx, c))]
    said = [st for st in incentives(sources, about(ctx)) if quotable(ctx, st)]
    parts += [quote(st, ctx.by_id, second=i > 0) for i, st in enumerate(said)]
    disputes: set[str] = set()
    for c in ctx.claims:
        for f in c.findings:
            who_disputes = f.estimate.disputed_by
            if who_disputes and who_disputes.lower() not in disputes and c.actor:
                disputes.add(who_disputes.lower())
                name = actor_phrase(who_disputes)
                verb = "dispute" if plural(name) else "disputes"
                parts.append(capital(f"{name} {verb} the figure from {who(c, ctx.by_id)} "
                                     f"[{f.source}]."))
    for c in [c for c in ctx.related("direct", "broader") if c.actor_type == "anonymous"][:2]:
        parts.append(capital(f"{ctx.reference(c)} cannot be checked independently, since "
                             "its source is not named."))
    return " ".join(dict.fromkeys(parts)) or NOTHING_SAID


NOTHING_SAID = ("The sources do not say where their figures first appeared, nor why any counter "
                "would shade them.")


def _most_cited(ctx: Context) -> list[Claim]:
    """The figures repeated by more than one independent story, most repeated first."""
    stories = ctx.stories
    repeated = [c for c in ctx.related("direct", "broader", "narrower")
                if len({stories[n] for n in c.sources}) >= 2]
    chosen: list[Claim] = []
    counters: set[str] = set()
    for c in by_support(repeated, stories):
        counter = c.actor_type or (c.actor or "").lower() or f"#{c.sources[0]}"
        if counter not in counters:
            counters.add(counter)
            chosen.append(c)
    return chosen[:3]


def _origin(ctx: Context, claim: Claim) -> str | None:
    """'The figure from the police first appears, among the dated sources, in Hong Kong Free
    Press on 2019-06-17 [1]; National Post [4] and Reuters [5] repeat it.'"""
    dated = sorted((published_day(ctx.by_id[n]), n) for n in claim.sources
                   if published_day(ctx.by_id[n]))
    if not dated:
        return None
    day, first = dated[0]
    stories = ctx.stories
    echoes = [n for n in claim.sources if stories[n] != stories[first]]
    if not echoes:
        return None
    name = who(claim, ctx.by_id)
    if ctx.mentions.take(claim):
        lead = f"{figure_words(claim)}, the figure from {name}," if claim.actor \
            else f"the figure of {figure_words(claim)}"
    elif claim.actor:
        lead = f"the figure from {name}"
    else:
        return None  # 'the figure first appears in X' says nothing without the figure or its giver
    paper = publication(ctx.by_id[first])
    names = [f"{publication(ctx.by_id[n])} [{n}]" for n in echoes[:4]]
    verb = "repeat" if len(names) > 1 else "repeats"
    more = ", among others" if len(echoes) > 4 else ""
    counted = counted_words(claim)
    what = f"the count of {counted} by {name}" if counted and claim.estimate.kind == "count" \
        else f"the figure from {name}"
    what = what if claim.actor else "it"
    return capital(f"{lead} first appears, among the dated sources, in {paper} on {day} "
                   f"[{first}]; {join(names)} {verb} {what}{more}.")
