"""Wires the stages: sources -> store -> retrieve -> extract -> reconcile -> write -> verify."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from crosstally.extract import default_extractor
from crosstally.extract.sentences import Sentences
from crosstally.reconcile import derive_answer, group_stories, parse_question, relate
from crosstally.retrieve import find_passages
from crosstally.sources import read_sources
from crosstally.store import Store
from crosstally.types import Document, Estimate, Finding, Passage, Report, Source, SourceFailure
from crosstally.verify import verify_report
from crosstally.write.compose import compose

log = logging.getLogger(__name__)
Progress = Callable[[str], None]


def ask(question: str, sources: Iterable[str | Path], *, db: str | Path | None = None,
        progress: Progress | None = None) -> Report:
    """Answer `question` from the files under `sources`; a report, verified."""
    note = progress or (lambda _msg: None)
    if db is not None:
        with Store(db) as store:
            return _ask(question, sources, store, note)
    with tempfile.TemporaryDirectory(prefix="crosstally-") as tmp, \
            Store(Path(tmp) / "store.sqlite") as store:
        return _ask(question, sources, store, note)


def _ask(question: str, paths: Iterable[str | Path], store: Store, note: Progress) -> Report:
    note("reading sources")
    ingest(store, [Path(p) for p in paths])
    documents = store.documents()
    failures = tuple(store.failures())
    note("retrieving passages")
    passages = find_passages(store, question)
    note(f"extracting from {len(passages)} passages")
    by_id = {d.id: d for d in documents}
    estimates = extract_from_passages(passages, by_id)
    note("reconciling")
    target = parse_question(question)
    sources = number_sources(documents)
    source_of = {s.document.path: s for s in sources}
    findings = []
    for i, est in enumerate(estimates, 1):
        rel = relate(est, target)
        findings.append(Finding(f"e{i}", est, source_of[est.doc].id, rel.relation, rel.why))
    answer = derive_answer(findings, {s.id: s.story for s in sources})
    note("writing")
    sections, reasons = compose(question, target, findings, sources, answer)
    report = Report(question, target, answer, tuple(findings), tuple(sources), tuple(sections),
                    tuple(reasons), failures)
    note("verifying")
    return replace(report, verification=verify_report(sections, findings, sources, answer))


def ingest(store: Store, paths: Sequence[Path]) -> list[SourceFailure]:
    """Read every file into the store; failures are stored and returned, never dropped."""
    failures = []
    for item in read_sources(paths):
        if isinstance(item, SourceFailure):
            log.warning("%s", item.reason)
            store.add_failure(item)
            failures.append(item)
        else:
            store.add(item)
    return failures


def extract_from_passages(passages: Iterable[Passage], docs: dict[str, Document]) -> list[Estimate]:
    """Estimates from the retrieved passages, in document then text order, each once."""
    seen: set[tuple[str, int, int]] = set()
    out: list[Estimate] = []
    extractor = default_extractor()
    for p in sorted(passages, key=lambda p: (docs[p.doc_id].path, p.start)):
        doc = docs[p.doc_id]
        for est in extractor.extract(p.text, doc.path, offset=p.start,
                                     sentences=Sentences(p.text)):
            key = (est.doc, est.start, est.end)
            if key not in seen:
                seen.add(key)
                out.append(est)
    return out


def number_sources(documents: Sequence[Document]) -> list[Source]:
    stories = group_stories(documents)
    return [Source(i, d, story) for i, (d, story) in enumerate(zip(documents, stories), 1)]
