"""Re-verify a stored report against the text it was written from: the same check `ask` runs
(every number in the prose quoted from a source cited in its sentence, every citation backing
its sentence), plus that every estimate's figure and quote still sit at their place in the
stored text of their source."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crosstally.extract.sentences import sentence_spans
from crosstally.types import (
    ESTIMATE_FIELDS,
    Answer,
    Document,
    Estimate,
    Finding,
    Section,
    Source,
    Verification,
)
from crosstally.verify import verify_report


@dataclass(frozen=True, slots=True)
class Recheck:
    verification: Verification
    spans_checked: int
    span_problems: tuple[str, ...]
    same_as_stored: bool  # the verification counts and problems equal the stored ones
    # cited sources whose stored copy the library no longer holds (removed, changed since,
    # or read for that question only): the report stands on its stored text, not on them
    not_in_library: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.verification.problems and not self.span_problems

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "verification": self.verification.to_json(),
                "spans_checked": self.spans_checked, "span_problems": list(self.span_problems),
                "same_as_stored": self.same_as_stored,
                "not_in_library": list(self.not_in_library)}


def quote_span(text: str, estimate: dict[str, Any]) -> tuple[int, int] | None:
    """Where the estimate's quote sits in its source's text: the occurrence that holds the
    figure's own span; None when the text no longer holds it there."""
    quote, start, end = estimate["quote"], estimate["start"], estimate["end"]
    at = text.find(quote, max(0, end - len(quote)))
    while at != -1 and at <= start:
        if at + len(quote) >= end:
            return at, at + len(quote)
        at = text.find(quote, at + 1)
    return None


def recheck(data: dict[str, Any], texts: dict[int, tuple[str, str]]) -> Recheck:
    sources = {s["id"]: _source(s, texts) for s in data["sources"]}
    findings, problems = [], []
    for e in data["estimates"]:
        source = sources.get(e["source"])
        if source is None:
            problems.append(f"{e['id']}: cites source [{e['source']}], whose text is not stored")
            continue
        text = source.document.text
        span = quote_span(text, e)
        if text[e["start"]:e["end"]] != e["text"] or span is None:
            problems.append(f"{e['id']}: {e['text']!r} is no longer at characters "
                            f"{e['start']}-{e['end']} of source [{e['source']}] in its quote")
            span = _sentence_at(text, e["start"])  # what the text says there now
            e = {**e, "quote": text[span[0]:span[1]]}
        findings.append(_finding(e, span[0]))
    sections = [Section(s["title"], s["text"]) for s in data["sections"]]
    a = data["answer"]
    answer = Answer(a["low"], a["high"], a.get("magnitude"), a["one_line"], a.get("confidence"),
                    tuple(a.get("basis", ())), a.get("likely_low"), a.get("likely_high"))
    verification = verify_report(sections, findings, list(sources.values()), answer)
    same = verification.to_json() == data["verification"] and not problems
    return Recheck(verification, len(findings), tuple(problems), same)


def _sentence_at(text: str, at: int) -> tuple[int, int]:
    for start, end in sentence_spans(text):
        if start <= at < end:
            return start, end
    return at, at


def _source(s: dict[str, Any], texts: dict[int, tuple[str, str]]) -> Source:
    doc_id, text = texts.get(s["id"], ("", ""))
    return Source(s["id"], Document(doc_id, s["doc"], text, url=s.get("url"),
                                    title=s.get("title"), publisher=s.get("publisher"),
                                    date=s.get("date"), retrieved=s.get("retrieved")),
                  s.get("story") or s["id"])


def _finding(e: dict[str, Any], quote_start: int) -> Finding:
    fields: dict[str, Any] = {k: e.get(k) for k in ESTIMATE_FIELDS if k != "quote_start"}
    estimate = Estimate(**fields, quote_start=quote_start)
    return Finding(e["id"], estimate, e["source"], e["relation"], e.get("why") or "",
                   e.get("confidence", 1.0))
