"""Check a written report against its evidence.

A number in the prose is supported when a source cited in the same sentence has an estimate
whose quote yields the same value (or the same interval), or, for the answer's magnitude words,
when they name the answer's order of magnitude. A year or date is supported when a cited source's
text or publication date contains it. A citation [n] is supported when n is a source and the
sentence uses it: one of the sentence's numbers comes from it, or, in a sentence without
numbers, the source's text shares its content words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import cache

from crosstally.extract import default_extractor
from crosstally.extract.sentences import sentence_spans
from crosstally.types import Answer, Estimate, Finding, Problem, Section, Source, Verification

CITATION = re.compile(r"\[(\d+)\]")
CHECKED_KINDS = ("count", "money", "percent", "fraction", "measure")
DATE_KINDS = ("year", "date")
CONTENT = re.compile(r"[a-z]{5,}")
TOLERANCE = 0.005


def verify_report(sections: Sequence[Section], findings: Sequence[Finding],
                  sources: Sequence[Source], answer: Answer) -> Verification:
    evidence = _evidence(findings)
    by_id = {s.id: s for s in sources}
    numbers = supported = citations = cited_ok = 0
    problems: list[Problem] = []
    for section in sections:
        for sentence in _sentences(section.text):
            cited = [int(n) for n in CITATION.findall(sentence)]
            plain = CITATION.sub(" | ", sentence)  # a citation also ends a range
            mentions = [e for e in default_extractor().extract(plain, include_all=True)
                        if e.kind in CHECKED_KINDS + DATE_KINDS]
            used: set[int] = set()
            for m in mentions:
                numbers += 1
                backers = _backers(m, cited, evidence, by_id, answer)
                if backers is None:
                    problems.append(Problem("number", sentence, f"{m.text!r} is not in the quote "
                                            f"of any estimate from the cited sources {cited}"))
                else:
                    supported += 1
                    used |= backers
            for n in cited:
                citations += 1
                if n not in by_id:
                    problems.append(Problem("citation", sentence, f"[{n}] is not a source"))
                elif n in used or (not mentions and _shares_words(sentence, by_id[n])):
                    cited_ok += 1
                else:
                    problems.append(Problem("citation", sentence,
                                            f"[{n}] supports nothing the sentence says"))
    return Verification(numbers, supported, citations, cited_ok, tuple(problems))


def _backers(m: Estimate, cited: list[int], evidence: dict[int, list[Estimate]],
             by_id: dict[int, Source], answer: Answer) -> set[int] | None:
    if m.kind in DATE_KINDS:
        found = {n for n in cited if n in by_id and (
            m.text in by_id[n].document.text or m.text in (by_id[n].document.date or ""))}
        return found or None
    found = {n for n in cited for e in evidence.get(n, ()) if _same(m, e)}
    if found:
        return found
    if m.qualifier == "vague" and answer.low and answer.high and m.low and m.high:
        centre = math.sqrt(answer.low * answer.high)
        if m.low <= centre < m.high:
            return set()
    return None


def _same(a: Estimate, b: Estimate) -> bool:
    av = [v for v in (a.value, a.low, a.high) if v is not None]
    bv = [v for v in (b.value, b.low, b.high) if v is not None]
    if a.qualifier in ("range", "vague"):
        return _close(a.low, b.low) and _close(a.high, b.high)
    return any(_close(x, y) for x in av for y in bv)


def _close(x: float | None, y: float | None) -> bool:
    if x is None or y is None:
        return x is y
    return abs(x - y) <= TOLERANCE * max(abs(x), abs(y))


def _evidence(findings: Sequence[Finding]) -> dict[int, list[Estimate]]:
    """Per source, every number its findings' quotes contain (re-read from the quote itself)."""
    out: dict[int, list[Estimate]] = {}
    for f in findings:
        out.setdefault(f.source, []).extend(_quote_numbers(f.estimate.quote))
    return out


@cache
def _quote_numbers(quote: str) -> tuple[Estimate, ...]:
    return tuple(default_extractor().extract(quote))


def _sentences(text: str) -> list[str]:
    """Sentences, and clauses split at semicolons, so each claim is checked with its own [n]."""
    return [part for s, e in sentence_spans(text) for part in text[s:e].split("; ")]


def _shares_words(sentence: str, source: Source) -> bool:
    words = set(CONTENT.findall(sentence.lower()))
    return len(words & set(CONTENT.findall(source.document.text.lower()))) >= 2
