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

import calendar
import math
import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache

from crosstally import wordnet
from crosstally.extract import default_extractor
from crosstally.extract.sentences import sentence_spans
from crosstally.types import Answer, Finding, Reason, Section, Source, Target
from crosstally.write.claims import (
    ACTOR_LABELS,
    CHECKED_KINDS,
    Claim,
    Key,
    Mentions,
    actor_phrase,
    by_support,
    capital,
    claims,
    counted_words,
    figure_words,
    join,
    keys_in,
    mid,
    own_voice,
    publication,
    same_words,
    speaks_of,
    subject,
    who,
)
from crosstally.write.explain import Statement, explanations, incentives, question_kind

SUMMARY = "Executive summary"
HARD_NUMBERS = "The hard numbers"
DIVERGENCE = "Why the totals diverge"
TIMING = "Timing"
WHO_COUNTS = "Who is counting, and why it matters"
CONFIDENCE = "What can be stated with confidence, and the best single-line answer"
# Section 4's heading by what the question counts (explain.question_kind).
BREAKDOWN = {
    "movement": "Destinations and motives",
    "death": "Causes, places and groups",
    "money": "What the money covers",
    "crowd": "Where and when the crowd was counted",
    "other": "Breakdowns",
}
LEADS = {  # how a quoted sentence of a source is introduced, by what it explains (then again)
    "method": ("describes how the count was made", "describes its method"),
    "definition": ("says what the figure covers", "sets out what its figure takes in"),
    "divergence": ("explains the gap", "notes the disagreement"),
    "incentive": ("notes", "observes"),
}
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)\b")
# Month names as the calendar writes them, capitalised: 'May' is a month, 'may' is not.
MONTH = re.compile(r"\b(" + "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True))
                   + r")\b\.?")
DAY = re.compile(r"\b([12]?\d|3[01])(?:st|nd|rd|th)?\b")
# Section 1's subjects for figures whose counter has no kind: named, or not named at all.
GROUP_SUBJECTS = {"other": "Other counters", "unsaid": "Reports that do not say who counted"}
SINGULAR = frozenset({"government_concerned"})
WIDER = {
    "broader": "Broader counts, which take in more than the question asks, include",
    "narrower": "Narrower counts, of one place, group or period, include",
}
QUOTES = 4  # the sources' own sentences section 2 quotes, at most
WIDE = 10  # a broader or narrower figure within this factor of the range explains its spread


@dataclass(frozen=True)
class Context:
    """What every section reads: the claims, the sources and the figures written so far."""

    target: Target
    answer: Answer
    claims: tuple[Claim, ...]  # the figures related to the question
    by_id: dict[int, Source]
    mentions: Mentions
    findings: tuple[Finding, ...] = ()  # every finding, unrelated ones too

    @property
    def stories(self) -> dict[int, int]:
        return {n: s.story for n, s in self.by_id.items()}

    def related(self, *relations: str) -> list[Claim]:
        return [c for c in self.claims if c.relation in relations]

    def figure(self, claim: Claim, details: bool = False) -> str | None:
        """The claim's words and citation if it may still be written, else None."""
        if not self.mentions.take(claim):
            return None
        text = figure_words(claim)
        if details:
            text += f" {claim.time}" if claim.time else ""
        return f"{text} {claim.cite()}"

    def named(self, claim: Claim, only: Sequence[int] | None = None) -> str:
        """The figure when it may be written, else whose figure it is: 'the figure given by
        a senior NATO official [3]'."""
        if only is None and (shown := self.figure(claim)):
            return shown
        return self.reference(claim)

    def reference(self, claim: Claim) -> str:
        """'the count of protesters by the police [1]': whose figure, in words its source
        uses, so the citation can be checked without the number."""
        counted = counted_words(claim)
        what = f"the count of {counted}" if counted and claim.estimate.kind == "count" \
            else "the figure given"
        return f"{what} by {who(claim, self.by_id)} [{claim.voiced.source}]"

    def all_named(self, items: Sequence[Claim]) -> list[str]:
        """Every claim's figure if each may still be written, else every one by reference: a
        sentence never mixes the two, since a reference's citation backs no number in it."""
        if all(self.mentions.free(c) for c in items):
            return [shown for c in items if (shown := self.figure(c))]
        return [self.reference(c) for c in items]


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
            verb = "gives" if kind in SINGULAR else "give"
            parts.append(f"{label} {verb} {join(items)}.")
    for relation, lead in WIDER.items():
        chosen = [c for c in by_support(ctx.related(relation), ctx.stories) if _near_range(ctx, c)][:4]
        items = [i for i in (_item(ctx, c, "any") for c in chosen) if i]
        if items:
            parts.append(f"{lead} {join(items)}.")
    rates = [i for i in (_item(ctx, c, "any") for c in by_support(ctx.related("rate"), ctx.stories)[:3]) if i]
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


def _near_range(ctx: Context, claim: Claim) -> bool:
    """A broader or narrower figure of the same order as the answer explains its spread; one
    far smaller (one town, one week) belongs to the breakdowns."""
    low, high, value = ctx.answer.low, ctx.answer.high, claim.value
    if low is None or high is None or value is None:
        return True
    return low / WIDE <= value <= high * WIDE


# ------------------------------------------------------------------ 2. why the totals diverge

def why_they_differ(ctx: Context, sources: Sequence[Source]) -> tuple[str, list[Reason]]:
    """The sources' own sentences on method, definition or why totals differ, quoted and cited;
    then the general reasons the figures themselves show, where the quotes leave them out."""
    reasons: list[Reason] = []
    statements: list[Statement] = []
    for st in explanations(sources, _about(ctx), limit=2 * QUOTES):
        if len(statements) < QUOTES and _quotable(ctx, st):
            statements.append(st)
    previous = None
    used: set[str] = set()
    for st in statements:
        reasons.append(Reason(st.kind, quote(st, ctx.by_id, st.source == previous, st.kind in used),
                              _findings_of(ctx, st.source)))
        previous = st.source
        used.add(st.kind)
    said = {st.kind for st in statements}
    reasons += _general_reasons(ctx, said)
    text = " ".join(r.text for r in reasons)
    return text or ("The sources give too few comparable figures, and say too little about "
                    "how they were made, to explain why they differ."), reasons


def quote(st: Statement, by_id: dict[int, Source], again: bool = False,
          second: bool = False) -> str:
    """'Reuters describes how the count was made: “…” [9].' The sentence verbatim, its final
    stop moved outside the quotation marks with the citation; 'It adds' for a source's second
    sentence, another lead for a second sentence of the same kind."""
    body = st.text.removesuffix(".")
    verb = LEADS[st.kind][1 if second else 0]
    lead = "It adds" if again else f"{capital(publication(by_id[st.source]))} {verb}"
    return f"{lead}: “{body}” [{st.source}]."


def _quotable(ctx: Context, st: Statement) -> bool:
    """A sentence may be quoted when its figures are figures of its own source, as the verifier
    reads them, and none of them has been written twice already; then they count as written."""
    keys = keys_in(st.text)
    if not keys:
        return ";" not in st.text
    own = {k for f in ctx.findings if f.source == st.source for k in keys_in(f.estimate.quote)}
    if not set(keys) <= own or ";" in st.text or not ctx.mentions.allows(st.text):
        return False
    ctx.mentions.note(st.text)
    return True


def _all_findings(ctx: Context, source: int) -> list[Finding]:
    return [f for c in ctx.claims for f in c.findings if f.source == source]


def _findings_of(ctx: Context, source: int) -> tuple[str, ...]:
    return tuple(f.id for f in _all_findings(ctx, source))


def _about(ctx: Context) -> frozenset[str]:
    """Lower-case words of the question and of what its figures count."""
    words = {w.lower() for t in ctx.target.terms for w in t.split()}
    words |= {w.lower() for c in ctx.claims for w in (c.counted or "").split()}
    return frozenset(w for w in words if len(w) > 2)


def _general_reasons(ctx: Context, said: set[str]) -> list[Reason]:
    reasons = []
    broader = by_support(ctx.related("broader"), ctx.stories)
    if broader and not said & {"definition", "divergence"}:
        items = ctx.all_named(broader[:2])
        reasons.append(_reason("definition", "Part of the gap is definition: some totals take in "
                               f"more than the question asks, such as {join(items)}.", broader[:2]))
    methods: dict[str, Claim] = {}
    for c in ctx.related("direct", "narrower", "broader"):
        if c.estimate.method and c.estimate.method != "anonymous source":
            methods.setdefault(c.estimate.method, c)
    if len(methods) >= 2 and "method" not in said:
        items = [f"{m} for {ctx.reference(c)}" for m, c in list(methods.items())[:4]]
        reasons.append(_reason("method", f"The figures rest on different methods: {join(items)}.",
                               list(methods.values())))
    if reason := _counters_differ(ctx):
        reasons.append(reason)
    timed = [c for c in by_support(ctx.related("direct"), ctx.stories)
             if c.timed and plain_time(c.time)]
    if len({c.time for c in timed}) >= 2:
        items = [_window(ctx, c.timed) for c in timed[:3] if c.timed]
        reasons.append(_reason("timing", "They also cover different periods: " + "; ".join(items)
                               + ".", timed[:3]))
    return reasons


def _window(ctx: Context, f: Finding) -> str:
    """'since the mobilisation order for a senior NATO official [3]'."""
    source = ctx.by_id[f.source]
    name = actor_phrase(own_voice(f.estimate.actor, source)) if f.estimate.actor \
        else publication(source)
    return f"{mid(f.estimate.time or '')} for {name} [{f.source}]"


def plain_time(time: str | None) -> bool:
    """A time phrase that holds no figure the verifier would check ('in the 1920s' reads as
    one): safe in a sentence whose citations back no number."""
    return bool(time) and not keys_in(time or "")


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
    text = capital(f"{ACTOR_LABELS[a]} give figures that {words} those of {ACTOR_LABELS[b]} {cites}.")
    return _reason("incentive", text, ca[:1] + cb[:1])


def _median(items: Sequence[Claim]) -> float:
    values = sorted(c.value or 0.0 for c in items)
    return values[len(values) // 2]


def _reason(kind: str, text: str, items: Sequence[Claim]) -> Reason:
    return Reason(kind, text, tuple(f.id for c in items for f in c.findings))


# ------------------------------------------------------------------ 3. timing

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
               or d.claim.estimate.per or _near_range(ctx, d.claim)]
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
        named = _named_date(time, published) if time and plain_time(time) else None
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


def _named_date(time: str, published: str | None) -> tuple[int, int, int] | None:
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


# ------------------------------------------------------------------ 4. breakdowns

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
              and c.estimate.kind == "count"][:5]
    lead = {"movement": "As destinations, the sources name",
            "crowd": "For single places, the sources give"}.get(kind, "By place, the sources give")
    if items := _items(ctx, placed, lambda c: f" in {c.place}"):
        parts.append(f"{lead} {join(items)}.")
    if kind == "movement":
        motives = [c for c in narrower if c.estimate.kind in ("percent", "fraction")
                   and _names_a_motive(c)][:2]
        if items := _items(ctx, motives, lambda c: ""):
            parts.append(f"On motives, the sources give {join(items)}.")
    if kind == "death":
        caused = [c for c in narrower if c not in placed and _names_a_cause(c)][:4]
        if items := _items(ctx, caused, lambda c: ""):
            parts.append(f"By cause, they give {join(items)}.")
    if kind == "crowd":
        asked = _named_date(ctx.target.period, None) if ctx.target.period else None
        timed = [c for c in narrower if c not in placed and c.timed and plain_time(c.time)
                 and _named_date(c.timed.estimate.time or "",
                                 published_day(ctx.by_id[c.timed.source])) != asked][:4]
        if items := _items(ctx, timed, lambda c: f" {c.time}"):
            parts.append(f"At other times, they give {join(items)}.")
    groups = [c for c in narrower if c not in placed and _names_a_group(ctx, c)][:4]
    if items := _items(ctx, groups, lambda c: ""):
        parts.append(f"For particular groups, they give {join(items)}.")
    return " ".join(parts) or None


def _items(ctx: Context, chosen: Sequence[Claim], where: object) -> list[str]:
    out = []
    for c in chosen:
        if ctx.mentions.take(c):
            out.append(f"{figure_words(c)}{where(c)} {c.cite()}")  # type: ignore[operator]
    return out


def _heads(claim: Claim) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z]+", claim.counted or "") if len(w) > 2]


def _names_a_group(ctx: Context, claim: Claim) -> bool:
    """What the figure counts names a kind of person other than the question's own and the
    event's participants: 'children', 'liquidator deaths', 'Tutsi', not 'people' or, for a
    march, 'protesters' (WordNet relates a protester to marching, not a child)."""
    same = _same_population(ctx.target)
    for word in _heads(claim):
        lemmas = wordnet.lemmas(word.lower(), "n")
        if not lemmas or set(lemmas) & same or word.lower() in PLAIN_PEOPLE:
            continue
        if wordnet.is_a(word, "person", "n", senses=1) and not _participant(ctx.target, word):
            return True
    return False


PLAIN_PEOPLE = frozenset({"people", "persons", "person"})


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


# ------------------------------------------------------------------ 5. who is counting

def who_counts(ctx: Context, sources: Sequence[Source]) -> str:
    """Where the most-cited figures first appear and who repeats them; incentives only as the
    sources state them; who disputes a figure; figures nobody can check."""
    parts = [p for c in _most_cited(ctx) if (p := _origin(ctx, c))]
    said = [st for st in incentives(sources, _about(ctx)) if _quotable(ctx, st)]
    parts += [quote(st, ctx.by_id, second=i > 0) for i, st in enumerate(said)]
    for c in ctx.claims:
        for f in c.findings:
            if f.estimate.disputed_by:
                parts.append(capital(f"{actor_phrase(f.estimate.disputed_by)} disputes the "
                                     f"figure from {who(c, ctx.by_id)} [{f.source}]."))
                break
    for c in [c for c in ctx.related("direct", "broader") if c.actor_type == "anonymous"][:2]:
        parts.append(capital(f"{ctx.reference(c)} cannot be checked independently, since "
                             "its source is not named."))
    return " ".join(dict.fromkeys(parts)) or ("The sources do not say where their figures "
                                              "first appeared, nor why any counter would shade them.")


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


# ------------------------------------------------------------------ 6. confidence

def confidence(ctx: Context) -> str:
    """The most likely band, the defensible range and the magnitude, with the confidence and
    why: how many independent stories give direct figures, and how far apart they lie."""
    a = ctx.answer
    if a.low is None or a.high is None:
        return a.one_line
    basis = [c for c in ctx.related("direct") if any(f.id in a.basis for f in c.findings)]
    line = set(keys_in(a.one_line.replace(a.magnitude or "", " ")))
    lo, hi = _end(basis, a.low, True, line), _end(basis, a.high, False, line)
    parts = []
    if lo and hi and lo is not hi:
        parts.append(f"The low end of the defensible range is {ctx.named(lo)}; its high end is "
                     f"{ctx.named(hi)}.")
    elif lo:
        parts.append(f"The defensible range is {ctx.named(lo)}.")
    band = (a.likely_low, a.likely_high)
    if band[0] is not None and band[1] is not None and band != (a.low, a.high):
        blo, bhi = _end(basis, band[0], True, line), _end(basis, band[1], False, line)
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


def _end(basis: Sequence[Claim], value: float, low: bool,
         prefer: AbstractSet[Key] = frozenset()) -> Claim | None:
    """The claim an end of the answer comes from: one whose lower (or upper) bound is `value`,
    preferring the figures the answer's one line quotes."""
    def bound(c: Claim) -> float | None:
        values = [b for b in (c.estimate.value, c.estimate.low, c.estimate.high) if b is not None]
        return (min(values) if low else max(values)) if values else None
    matches = [c for c in basis if (b := bound(c)) is not None and math.isclose(b, value, rel_tol=1e-9)]
    return min(matches, key=lambda c: not _written(c, prefer), default=None)


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

