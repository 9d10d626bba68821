"""Records that cross stage boundaries: frozen, slotted, plain data."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields
from typing import Any

QUALIFIERS = (
    "exact", "about", "at_least", "more_than", "at_most", "less_than", "up_to", "range", "vague",
)
ESTIMATE_KINDS = ("count", "money", "percent", "fraction", "measure")
# too_large: a number beyond what crosstally computes with (see extract/rules.py LARGEST),
# kept as written in `text`, with null values; never an estimate.
# duration: a span of time ("three months", "15 years"), a time reference and never a count.
# name, score, marker, age, magnitude, statistic: numbers that are never estimates, told by
# the words around them (extract/nonestimates.py): 'S&P 500', 'won 2-1', '[2]', 'aged 67'.
OTHER_KINDS = ("year", "date", "ordinal", "list_number", "identifier", "other", "too_large",
               "duration", "name", "score", "marker", "age", "magnitude", "statistic")
# A figure's part in a change (extract/changes.py): the size of a rise, a fall or a change
# of no stated direction, never a level; or the level a change starts from or reaches.
CHANGES = ("up", "down", "unsigned", "from", "to")
CHANGE_SIZES = ("up", "down", "unsigned")
RELATIONS = ("direct", "broader", "narrower", "rate", "unrelated")
ACTOR_TYPES = ("government_concerned", "foreign_government", "international_body", "ngo",
               "researchers", "media", "organisers", "police", "anonymous")


@dataclass(frozen=True, slots=True)
class Document:
    """One source's text as crosstally stores it; offsets everywhere refer to `text`."""

    id: str
    path: str
    text: str
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    author: str | None = None
    format: str = "text"
    retrieved: str | None = None  # ISO 8601 UTC when fetched from the web; None for files


@dataclass(frozen=True, slots=True)
class Passage:
    """A paragraph of a document, with its span in the document text."""

    doc_id: str
    start: int
    end: int
    text: str
    rank: float = 0.0


@dataclass(frozen=True, slots=True)
class SourceFailure:
    """A source that could not be used, and why."""

    path: str
    reason: str

    @classmethod
    def unexpected(cls, path: str, step: str, err: Exception) -> SourceFailure:
        """A source lost to an error crosstally did not foresee (a bug) in `step`."""
        return cls(path, f"{path}: not used, crosstally failed {step} ({type(err).__name__}: "
                         f"{err}); this is a bug, please report it with the file")


@dataclass(frozen=True, slots=True)
class Estimate:
    """A numeric mention with its evidence (contract: 'An estimate')."""

    doc: str
    start: int
    end: int
    text: str
    quote: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    kind: str
    unit: str | None = None
    per: str | None = None
    change: str | None = None  # one of CHANGES, or None for a level outside any change
    base: float | None = None  # a rate's base: 1000 in '12 per 1,000' (per '1,000')
    counted: str | None = None
    time: str | None = None
    place: str | None = None
    actor: str | None = None
    method: str | None = None
    # who gives the figure, by kind (ACTOR_TYPES), set in reconcile where the question's
    # place is known; None in `crosstally extract` and where the actor says nothing of it
    actor_type: str | None = None
    disputed_by: str | None = None  # who denies or disputes the figure ("X denied it")
    line: int | None = None
    quote_start: int = 0

    def to_json(self) -> dict[str, Any]:
        # Every field is a plain str, number or None, so a shallow dict in field order is what
        # asdict() gives, and several times faster (`crosstally extract` calls this per line).
        data = {name: getattr(self, name) for name in ESTIMATE_FIELDS}
        for name in ("value", "low", "high", "base"):
            data[name] = _plain_number(data[name])
        del data["quote_start"]
        if data["line"] is None:
            del data["line"]
        return data

    @property
    def around(self) -> tuple[str, str]:
        """The quote's text before the number and after it."""
        return (self.quote[:self.start - self.quote_start],
                self.quote[self.end - self.quote_start:])

    @property
    def bounds(self) -> tuple[float | None, float | None]:
        """The interval the words allow, a point value giving both ends."""
        if self.value is not None and self.low is None and self.high is None:
            return self.value, self.value
        return self.low, self.high


ESTIMATE_FIELDS = tuple(f.name for f in fields(Estimate))


@dataclass(frozen=True, slots=True)
class Target:
    """What the question asks to be counted, as read by `reconcile.question`.

    Phrases (`population`, `predicate`, `purpose`, `place`, `period`) are copied from the
    question as typed; `head` and `event` are normalised lemmas ("person", "die earthquake").
    """

    measure: str  # count | money | other
    population: str | None  # the counted noun phrase ("wild tigers"), None when implied
    predicate: str | None  # the event as typed ("attended the inauguration")
    purpose: str | None  # "to avoid conscription", "because of the war"
    place: str | None  # the first place named
    period: str | None
    terms: tuple[str, ...] = ()  # content words and their variants, for retrieval
    quantitative: bool = True  # False for why/who/yes-no questions: no figure answers them
    head: str | None = None  # lemma of the counted noun: person, death, tiger, dollar, acre
    event: str | None = None  # lemma phrase: verb + identifying participant ("attend march")
    places: tuple[str, ...] = ()  # every place named, when there are several

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["terms"] = list(self.terms)
        data["places"] = list(self.places)
        data["reading"] = self.reading
        return data

    @property
    def reading(self) -> str:
        """The question as crosstally reads it: 'a count of people who attended the
        inauguration; place: Washington', or 'not a question a number answers'."""
        if not self.quantitative:
            return "not a question a number answers"
        what = {"money": "a sum of money", "other": "an amount"}.get(self.measure, "a count")
        plural = {"person": "people"}.get(self.head or "", f"{self.head}s")  # death -> deaths
        counted = self.population or (plural if self.head else None)
        text = f"{what} of {counted}" if counted and self.measure != "money" else what
        if self.predicate:
            if self.measure == "money":
                text += f" ({self.predicate})"
            else:
                text += f" {'who' if self.head == 'person' else 'that'} {self.predicate}"
        elif self.event:
            text += f" ({self.event})"
        if self.purpose:
            text += f", {self.purpose}"
        places = ", ".join(self.places) or self.place
        for name, value in (("place", places), ("period", self.period)):
            if value:
                text += f"; {name}: {value}"
        return text


@dataclass(frozen=True, slots=True)
class Finding:
    """An estimate placed against the question."""

    id: str
    estimate: Estimate
    source: int
    relation: str
    why: str
    confidence: float = 1.0  # the relation model's probability for `relation`

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "source": self.source, "relation": self.relation,
                "why": self.why, "confidence": round(self.confidence, 3),
                **self.estimate.to_json()}


@dataclass(frozen=True, slots=True)
class Source:
    id: int
    document: Document
    story: int

    def to_json(self) -> dict[str, Any]:
        d = self.document
        return {"id": self.id, "doc": d.path, "url": d.url, "title": d.title,
                "publisher": d.publisher, "date": d.date, "story": self.story,
                "retrieved": d.retrieved}


@dataclass(frozen=True, slots=True)
class Answer:
    low: float | None
    high: float | None
    magnitude: str | None
    one_line: str
    confidence: str | None
    basis: tuple[str, ...] = ()  # ids of the findings the range is built from
    likely_low: float | None = None  # where the independent, best-supported figures cluster,
    likely_high: float | None = None  # inside low..high; None when there is no answer

    def to_json(self) -> dict[str, Any]:
        return {"low": _plain_number(self.low), "high": _plain_number(self.high),
                "likely_low": _plain_number(self.likely_low),
                "likely_high": _plain_number(self.likely_high),
                "magnitude": self.magnitude, "one_line": self.one_line,
                "confidence": self.confidence, "basis": list(self.basis)}


@dataclass(frozen=True, slots=True)
class Reason:
    """Why totals diverge, naming the findings it explains."""

    kind: str  # definition | method | timing | geography | incentive
    text: str
    findings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    text: str

    def to_json(self) -> dict[str, str]:
        return {"title": self.title, "text": self.text}


@dataclass(frozen=True, slots=True)
class Problem:
    kind: str  # number | citation
    sentence: str
    detail: str

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "sentence": self.sentence, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class Verification:
    numbers: int
    numbers_supported: int
    citations: int
    citations_supported: int
    problems: tuple[Problem, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"numbers": self.numbers, "numbers_supported": self.numbers_supported,
                "citations": self.citations, "citations_supported": self.citations_supported,
                "problems": [p.to_json() for p in self.problems]}


@dataclass(frozen=True, slots=True)
class Report:
    question: str
    target: Target
    answer: Answer
    findings: tuple[Finding, ...]
    sources: tuple[Source, ...]
    sections: tuple[Section, ...]
    reasons: tuple[Reason, ...] = ()
    failures: tuple[SourceFailure, ...] = ()
    verification: Verification = field(default_factory=lambda: Verification(0, 0, 0, 0))

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "target": self.target.to_json(),
            "answer": self.answer.to_json(),
            "estimates": [f.to_json() for f in self.findings],
            "sources": [s.to_json() for s in self.sources],
            "sections": [s.to_json() for s in self.sections],
            "reasons": [{"kind": r.kind, "text": r.text, "estimates": list(r.findings)}
                        for r in self.reasons],
            "sources_not_used": [{"doc": f.path, "reason": f.reason} for f in self.failures],
            "verification": self.verification.to_json(),
        }


def _plain_number(x: float | None) -> float | int | None:
    """Whole numbers as ints so JSON shows 150000, not 150000.0. NaN and infinity have no JSON:
    one reaching here is a bug (extraction keeps numbers too large to compute with out)."""
    if x is None:
        return None
    if not math.isfinite(x):
        raise ValueError(f"{x} has no JSON form: a number too large should not reach output")
    if float(x).is_integer() and abs(x) < 2**63:
        return int(x)
    return round(x, 6)
