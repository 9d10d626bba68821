"""The analyst's prose: an executive summary and numbered sections, each with its own job.

1. the hard numbers, grouped by who counts; 2. why the totals diverge, in the sources' own
words first; 3. timing, a dated sequence; 4. a breakdown whose heading follows what the question
counts (left out when the sources give none); 5. who is counting: where the most-cited figures
come from, who repeats them, who disputes them; 6. what can be stated with confidence.

Numbers enter the prose only as an estimate's verbatim `text` (or inside a source sentence
quoted whole), cited [n], so `verify` can trace each one to a quote; a figure is written at
most twice (`claims.Mentions`), after which the prose names whose figure it is instead. Counts
of sources are written in words that are not numbers ("several").
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet

from crosstally.extract import default_extractor
from crosstally.extract.sentences import sentence_spans
from crosstally.types import Answer, Finding, Reason, Section, Source, Target
from crosstally.write.breakdown import BREAKDOWN, breakdowns
from crosstally.write.claims import (
    ACTOR_LABELS,
    CHECKED_KINDS,
    Claim,
    Context,
    Key,
    Mentions,
    actor_phrase,
    by_support,
    capital,
    claims,
    figure_words,
    join,
    keys_in,
    mid,
    own_voice,
    plain_time,
    plural,
    publication,
    same_words,
    speaks_of,
    who,
)
from crosstally.write.explain import Statement, about, explanations, question_kind, quotable, quote
from crosstally.write.timeline import timing, who_counts

SUMMARY = "Executive summary"
HARD_NUMBERS = "The hard numbers"
DIVERGENCE = "Why the totals diverge"
TIMING = "Timing"
WHO_COUNTS = "Who is counting, and why it matters"
CONFIDENCE = "What can be stated with confidence, and the best single-line answer"
# Section 1's subjects for figures whose counter has no kind: named, or not named at all.
GROUP_SUBJECTS = {"other": "Other counters", "unsaid": "Reports that do not say who counted"}
WIDER = {
    "broader": "Broader counts, which take in more than the question asks, include",
    "narrower": "Narrower counts, of one place, group or period, include",
}
QUOTES = 4  # the sources' own sentences section 2 quotes, at most



def compose(question: str, target: Target, findings: Sequence[Finding],
            sources: Sequence[Source], answer: Answer) -> tuple[list[Section], list[Reason]]:
    by_id = {s.id: s for s in sources}
    related = [f for f in findings if f.relation != "unrelated"]
    ctx = Context(target, answer, tuple(claims(related)), by_id, Mentions(), tuple(findings))
    # Written in this order, so a figure's two mentions go where they say most: the summary,
    # the hard numbers, then the explanations and breakdowns; timing and origins can name
    # whose figure it is instead.
    summary = executive_summary(ctx)
    hard = hard_numbers(ctx)
    divergence, reasons = why_they_differ(ctx, sources)
    kind = question_kind(target)
    breakdown = breakdowns(ctx, kind)
    origins = who_counts(ctx, sources)
    dated = timing(ctx)
    body = [(HARD_NUMBERS, hard), (DIVERGENCE, divergence), (TIMING, dated)]
    if breakdown:
        body.append((BREAKDOWN[kind], breakdown))
    body += [(WHO_COUNTS, origins), (CONFIDENCE, confidence(ctx))]
    sections = [Section(SUMMARY, summary)] + [
        Section(f"{i}. {title}", text) for i, (title, text) in enumerate(body, 1)]
    return [Section(s.title, checked_citations(s.text, by_id)) for s in sections], reasons


# ------------------------------------------------------------------ executive summary

def executive_summary(ctx: Context) -> str:
    """The main competing figures and who gives them (each counter once), then the bottom
    line: the answer's one line, which states the defensible range."""
    line = ctx.answer.one_line
    figures = line.replace(ctx.answer.magnitude, " ") if ctx.answer.magnitude else line
    ctx.mentions.note(figures)  # the magnitude words are the answer's, not a source's figure
    direct = by_support(ctx.related("direct"), ctx.stories)
    if not direct:
        return ("None of the figures in the sources answers the question directly; "
                "the hard numbers below say what they do measure. " + line)
    in_line = set(keys_in(figures))
    named: set[str] = set()
    quoted = [c for c in direct if _written(c, in_line)]
    givers = [ctx.reference(c) for c in quoted if _once(c, ctx, named)]
    items = []
    for c in direct:
        if _written(c, in_line) or not ctx.mentions.unused(c) or not _once(c, ctx, named):
            continue
        if shown := ctx.figure(c):
            items.append(f"{figure_words(c)} from {who(c, ctx.by_id)} {c.cite()}" if c.actor
                         else shown)
        if len(items) == 3:
            break
    parts = []
    if givers:
        parts.append(f"The answer below quotes {join(givers[:4])}.")
    if len(items) == 1:
        parts.append(f"Another figure that answers the question is {items[0]}.")
    elif items:
        parts.append(f"Other competing figures are {join(items)}.")
    broader = [c for c in by_support(ctx.related("broader"), ctx.stories) if ctx.mentions.unused(c)]
    if broader and ctx.mentions.take(broader[0]):
        c = broader[0]
        source = f", from {who(c, ctx.by_id)}" if c.actor and _once(c, ctx, named) else ""
        parts.append(f"Broader counts, which take in more than the question asks, reach "
                     f"{figure_words(c)}{source} {c.cite()}.")
    parts.append(line)
    return " ".join(capital(p) for p in parts)


def _written(claim: Claim, keys: AbstractSet[Key]) -> bool:
    """Whether the claim's figure is among `keys`, as the prose reads them."""
    return bool(set(keys_in(figure_words(claim))) & keys)


def _once(claim: Claim, ctx: Context, named: set[str]) -> bool:
    """Whether the claim's counter is still unnamed in the summary (by kind where it has one:
    'the organisers' and 'the organizers' are one), and mark it named."""
    name = claim.actor_type or who(claim, ctx.by_id).lower().replace("z", "s")
    if name in named:
        return False
    named.add(name)
    return True


# ------------------------------------------------------------------ 1. the hard numbers

def hard_numbers(ctx: Context) -> str:
    """Direct figures grouped by the kind of counter, then the broader and narrower ones that
    explain the spread, then rates and shares, briefly; each figure once."""
    if not ctx.claims:
        return "The sources contain no figure that bears on the question."
    parts = []
    groups: dict[str, list[Claim]] = {}
    for c in by_support(ctx.related("direct"), ctx.stories)[:12]:
        groups.setdefault(c.actor_type or ("other" if c.actor else "unsaid"), []).append(c)
    for kind in sorted(groups, key=lambda k: (k == "other", k == "unsaid")):
        items = [i for i in (_item(ctx, c, kind) for c in groups[kind]) if i]
        if items:
            label = GROUP_SUBJECTS.get(kind) or capital(ACTOR_LABELS[kind])
            verb = "give" if kind in ("other", "unsaid") or plural(ACTOR_LABELS[kind]) else "gives"
            parts.append(f"{label} {verb} {join(items)}.")
    for relation, lead in WIDER.items():
        chosen = [c for c in by_support(ctx.related(relation), ctx.stories)
                  if ctx.near_range(c)][:4]
        items = [i for i in (_item(ctx, c, "any") for c in chosen) if i]
        if items:
            parts.append(f"{lead} {join(items)}.")
    rated = by_support(ctx.related("rate"), ctx.stories)[:3]
    rates = [i for i in (_item(ctx, c, "any") for c in rated) if i]
    if rates:
        parts.append(f"Among rates and shares, the sources give {join(rates)}.")
    return " ".join(parts) or "The sources contain no figure that bears on the question."


def _item(ctx: Context, claim: Claim, kind: str | None) -> str | None:
    """'about 200,000 Russians since the mobilisation order (a senior NATO official) [3]'."""
    if not ctx.mentions.take(claim):
        return None
    text = figure_words(claim)
    if claim.time:
        text += f" {claim.time}"
    actor = who(claim, ctx.by_id) if claim.actor else None
    if actor and not same_words(actor, ACTOR_LABELS.get(kind or "", "")):
        text += f" ({actor})"
    return f"{text} {claim.cite()}"


# ------------------------------------------------------------------ 2. why the totals diverge

def why_they_differ(ctx: Context, sources: Sequence[Source]) -> tuple[str, list[Reason]]:
    """The sources' own sentences on method, definition or why totals differ, quoted and cited;
    then the general reasons the figures themselves show, where the quotes leave them out."""
    reasons: list[Reason] = []
    statements: list[Statement] = []
    for st in explanations(sources, about(ctx), limit=2 * QUOTES):
        if len(statements) < QUOTES and quotable(ctx, st):
            statements.append(st)
    previous = None
    used: set[str] = set()
    for st in statements:
        reasons.append(Reason(st.kind, quote(st, ctx.by_id, st.source == previous, st.kind in used),
                              _findings_of(ctx, st.source)))
        previous = st.source
        used.add(st.kind)
    reasons += _general_reasons(ctx, quoted=bool(statements))
    text = " ".join(r.text for r in reasons)
    return text or ("The sources give too few comparable figures, and say too little about "
                    "how they were made, to explain why they differ."), reasons


def _all_findings(ctx: Context, source: int) -> list[Finding]:
    return [f for c in ctx.claims for f in c.findings if f.source == source]


def _findings_of(ctx: Context, source: int) -> tuple[str, ...]:
    return tuple(f.id for f in _all_findings(ctx, source))


def _general_reasons(ctx: Context, quoted: bool) -> list[Reason]:
    """Definition and method as the figures show them, where no source has said it in its own
    words; how far apart the kinds of counter are; the periods the direct figures cover."""
    reasons = []
    broader = by_support(ctx.related("broader"), ctx.stories)
    if broader and not quoted:
        items = ctx.all_named(broader[:2])
        reasons.append(_reason("definition", "Part of the gap is definition: some totals take in "
                               f"more than the question asks, such as {join(items)}.", broader[:2]))
    methods: dict[str, Claim] = {}
    for c in ctx.related("direct", "narrower", "broader"):
        if c.estimate.method and c.estimate.method != "anonymous source":
            methods.setdefault(c.estimate.method, c)
    if len(methods) >= 2 and not quoted:
        items = [f"{m} for {ctx.reference(c)}" for m, c in list(methods.items())[:4]]
        reasons.append(_reason("method", f"The figures rest on different methods: {join(items)}.",
                               list(methods.values())))
    if reason := _counters_differ(ctx):
        reasons.append(reason)
    timed = [c for c in by_support(ctx.related("direct"), ctx.stories)
             if c.timed and plain_time(c.time)]
    if len({c.time for c in timed}) >= 2:
        items = list(dict.fromkeys(_window(ctx, c.timed) for c in timed[:3] if c.timed))
        reasons.append(_reason("timing", "They also cover different periods: " + "; ".join(items)
                               + ".", timed[:3]))
    return reasons


def _window(ctx: Context, f: Finding) -> str:
    """'since the mobilisation order for a senior NATO official [3]'."""
    source = ctx.by_id[f.source]
    name = actor_phrase(own_voice(f.estimate.actor, source)) if f.estimate.actor \
        else publication(source)
    return f"{mid(f.estimate.time or '')} for {name} [{f.source}]"


def _counters_differ(ctx: Context) -> Reason | None:
    """'The organisers' figures run several times the police's': how far apart the kinds of
    counter are, when direct figures come from more than one."""
    kinds: dict[str, list[Claim]] = {}
    for c in ctx.related("direct"):
        if c.actor_type and c.actor_type != "anonymous" and c.value:
            kinds.setdefault(c.actor_type, []).append(c)
    if len(kinds) < 2:
        return None
    ranked = sorted(kinds.items(), key=lambda kv: -len(kv[1]))[:2]
    (a, ca), (b, cb) = sorted(ranked, key=lambda kv: -_median(kv[1]))
    ratio = _median(ca) / _median(cb)
    words = ("run several times" if ratio >= 3 else "run well above" if ratio >= 1.5
             else "stay close to")
    cites = " ".join(f"[{n}]" for n in sorted({ca[0].voiced.source, cb[0].voiced.source}))
    give = "give" if plural(ACTOR_LABELS[a]) else "gives"
    text = capital(f"{ACTOR_LABELS[a]} {give} figures that {words} those of {ACTOR_LABELS[b]} "
                   f"{cites}.")
    return _reason("incentive", text, ca[:1] + cb[:1])


def _median(items: Sequence[Claim]) -> float:
    values = sorted(c.value or 0.0 for c in items)
    return values[len(values) // 2]


def _reason(kind: str, text: str, items: Sequence[Claim]) -> Reason:
    return Reason(kind, text, tuple(f.id for c in items for f in c.findings))


# ------------------------------------------------------------------ 6. confidence

def confidence(ctx: Context) -> str:
    """The most likely band, the defensible range and the magnitude, with the confidence and
    why: how many independent stories give direct figures, and how far apart they lie."""
    a = ctx.answer
    if a.low is None or a.high is None:
        return a.one_line
    basis = [c for c in ctx.claims if any(f.id in a.basis for f in c.findings)]
    line = set(keys_in(a.one_line.replace(a.magnitude or "", " ")))
    lo = _end(basis, a.low, True, line)
    hi = _end(basis, a.high, False, line, avoid=lo)
    parts = []
    if lo and hi and lo is not hi:
        parts.append(f"The low end of the defensible range is {ctx.named(lo)}; its high end is "
                     f"{ctx.named(hi)}.")
    elif lo:
        parts.append(f"The defensible range is {ctx.named(lo)}.")
    band = (a.likely_low, a.likely_high)
    if band[0] is not None and band[1] is not None and band != (a.low, a.high):
        blo = _end(basis, band[0], True, line)
        bhi = _end(basis, band[1], False, line, avoid=blo)
        if blo and bhi and blo is not bhi:
            parts.append(f"Among the best-supported independent figures, the lowest is "
                         f"{ctx.named(blo)}; the highest is {ctx.named(bhi)}.")
        elif blo:
            parts.append(f"The best-supported independent figures cluster around {ctx.named(blo)}.")
    elif lo is not hi:
        parts.append("The independent figures do not cluster inside the range; they run from "
                     "one end of it to the other.")
    if a.magnitude:
        parts.append(f"Measured by its order of magnitude, the number is in the {a.magnitude}.")
    parts.append(f"Confidence is {a.confidence}: {_why_confident(ctx, basis)}.")
    return " ".join(capital(p) for p in parts)


def _end(basis: Sequence[Claim], value: float, low: bool, prefer: AbstractSet[Key] = frozenset(),
         avoid: Claim | None = None) -> Claim | None:
    """The claim an end of the answer comes from: one whose lower (or upper) bound is `value`,
    preferring the figures the answer's one line quotes, and another claim than `avoid` (the
    other end) where there is one."""
    def bound(c: Claim) -> float | None:
        values = [b for b in (c.estimate.value, c.estimate.low, c.estimate.high) if b is not None]
        return (min(values) if low else max(values)) if values else None
    matches = [c for c in basis
               if (b := bound(c)) is not None and math.isclose(b, value, rel_tol=1e-9)]
    return min(matches, key=lambda c: (c is avoid, not _written(c, prefer)), default=None)


def _why_confident(ctx: Context, basis: Sequence[Claim]) -> str:
    a = ctx.answer
    stories = {ctx.stories[n] for c in basis for n in c.sources}
    count = ("a single story" if len(stories) == 1 else "a few independent stories"
             if len(stories) <= 3 else "several independent stories")
    assert a.low is not None and a.high is not None
    spread = a.high / a.low if a.low > 0 else math.inf
    apart = ("lie close together" if spread <= 1.5 else "differ by a factor of a few"
             if spread <= 3 else "lie several times apart" if spread <= 10
             else "lie more than an order of magnitude apart")
    return f"the direct figures come from {count}, and they {apart}"


# ------------------------------------------------------------------ citations

def checked_citations(text: str, by_id: dict[int, Source]) -> str:
    """Each clause without numbers keeps only the citations the verifier can confirm (the
    clause and the source share content words); a clause with figures cites their sources by
    construction."""
    out = []
    last = 0
    for start, end in sentence_spans(text):
        out.append(text[last:start])
        clauses = text[start:end].split("; ")
        out.append("; ".join(_checked_clause(c, by_id) for c in clauses))
        last = end
    out.append(text[last:])
    return "".join(out)


CITE = re.compile(r" ?\[(\d+)\]")


def _checked_clause(clause: str, by_id: dict[int, Source]) -> str:
    if any(e.kind in CHECKED_KINDS + ("year", "date")
           for e in default_extractor().extract(CITE.sub(" | ", clause), include_all=True)):
        return clause
    def keep(m: re.Match[str]) -> str:
        n = int(m.group(1))
        return m.group(0) if n in by_id and speaks_of(CITE.sub("", clause), by_id[n]) else ""
    return CITE.sub(keep, clause)

