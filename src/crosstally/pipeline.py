"""Wires the stages: sources -> store -> retrieve -> extract -> reconcile -> write -> verify."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import groupby
from pathlib import Path

from crosstally.errors import QuestionError, SourceError
from crosstally.extract import RuleExtractor, default_extractor
from crosstally.extract.sentences import Sentences
from crosstally.reconcile import derive_answer, group_stories, parse_question, relate_all
from crosstally.reconcile.actors import type_actors
from crosstally.reconcile.counted import name_counted
from crosstally.reconcile.relate import Relation
from crosstally.retrieve import find_passages, select_documents
from crosstally.sources import read_file
from crosstally.sources.files import walk_files
from crosstally.store import Store
from crosstally.types import (
    Document,
    Estimate,
    Finding,
    Passage,
    Report,
    Source,
    SourceFailure,
    Target,
)
from crosstally.verify import verify_report
from crosstally.write.compose import compose

log = logging.getLogger(__name__)
Progress = Callable[[str], None]


def ask(question: str, sources: Iterable[str | Path] = (), *, db: str | Path | None = None,
        progress: Progress | None = None, documents: Sequence[Document] = (),
        failures: Sequence[SourceFailure] = ()) -> Report:
    """Answer `question` from the files under `sources` plus `documents` already read (web
    pages, library entries); `failures` are sources already found unusable. A report, verified."""
    target = check_numeric(question)
    note = progress or (lambda _msg: None)
    extra = Extra(tuple(documents), tuple(failures))
    if db is not None:
        with Store(db) as store:
            return _ask(question, target, sources, store, note, extra)
    with tempfile.TemporaryDirectory(prefix="crosstally-") as tmp, \
            Store(Path(tmp) / "store.sqlite") as store:
        return _ask(question, target, sources, store, note, extra)


@dataclass(frozen=True, slots=True)
class Extra:
    """Sources read before the run: documents to store as they are, failures to report."""

    documents: tuple[Document, ...] = ()
    failures: tuple[SourceFailure, ...] = ()


def _ask(question: str, target: Target, paths: Iterable[str | Path], store: Store,
         note: Progress, extra: Extra = Extra()) -> Report:
    note("reading sources")
    ingest(store, [Path(p) for p in paths])
    add_read(store, extra)
    kept = {d.id: d for d in extra.documents}  # the store keeps no retrieval time
    documents = [kept.get(d.id, d) for d in store.documents()]
    estimates, contexts = gather_estimates(store, question, documents, note)
    failures = tuple(store.failures())  # read after extraction, which may add some
    note("reconciling")
    estimates = type_actors(estimates, target, {d.path: d.publisher for d in documents})
    sources = number_sources(used_documents(documents, estimates))
    source_of = {s.document.path: s for s in sources}
    relations = relate_all(estimates, target, contexts)
    estimates = name_counted(estimates, relations, target, contexts)
    findings = number_findings(estimates, relations, source_of)
    answer = derive_answer(findings, {s.id: s.story for s in sources})
    note("writing")
    sections, reasons = compose(question, target, findings, sources, answer)
    report = Report(question, target, answer, tuple(findings), tuple(sources), tuple(sections),
                    tuple(reasons), failures)
    note("verifying")
    return replace(report, verification=verify_report(sections, findings, sources, answer))


def check_numeric(question: str) -> Target:
    """The question's reading; a question that no figure answers is refused here, before
    any source is read."""
    target = parse_question(question)
    if target.quantitative and target.measure == "other":
        raise QuestionError(
            f"{question.strip()!r} asks for {target.head or 'a measure'}s, not a count or a sum "
            "of money: crosstally does not yet weigh measures, shares or rates; ask how many "
            "or how much")
    if not target.quantitative:
        raise QuestionError(
            f"{question.strip()!r} does not ask for a number: crosstally weighs competing "
            "figures, so ask how many, how much or what the toll, cost or turnout was "
            "(e.g. 'How many people live in Lagos?')")
    return target


def gather_estimates(store: Store, question: str, documents: Sequence[Document],
                     note: Progress = lambda _msg: None) -> tuple[list[Estimate], list[str]]:
    """The estimates in the passages of the documents about the question, and the text of
    the document each one comes from. A document whose extraction fails is stored as a
    failure (one warning line) and gives no estimates; the others go on."""
    note("selecting the documents about the question")
    about = select_documents(store, question, documents).kept
    note(f"retrieving passages from {len(about)} of {len(documents)} documents")
    passages = find_passages(store, question, within=set(about))
    note(f"extracting from {len(passages)} passages")
    found = extract_from_passages(passages, {d.id: d for d in documents})
    for failure in found.failures:
        log.warning("%s", failure.reason)
        store.add_failure(failure)
    return found.estimates, found.contexts


def ingest(store: Store, paths: Sequence[Path]) -> list[SourceFailure]:
    """Read every file into the store; failures are stored and returned, never dropped."""
    failures = []
    for item in read_each(paths):
        if isinstance(item, SourceFailure):
            log.warning("%s", item.reason)
            store.add_failure(item)
            failures.append(item)
        else:
            store.add(item)
    return failures


def read_each(paths: Sequence[Path]) -> Iterator[Document | SourceFailure]:
    """Every file under `paths`, read or explained, each on its own: a reader failing in a
    way it did not foresee costs that one file, which becomes a failure, never the run."""
    for path in walk_files(paths):
        try:
            yield read_file(path)
        except SourceError as err:
            yield SourceFailure(str(path), str(err))
        except Exception as err:  # a bug in a reader; the traceback goes to the debug log
            log.debug("reading %s failed", path, exc_info=True)
            yield SourceFailure.unexpected(str(path), "reading it", err)


def add_read(store: Store, extra: Extra) -> None:
    """Store documents read elsewhere, and their failures (each one warning line)."""
    for doc in extra.documents:
        store.add(doc)
    for failure in extra.failures:
        log.warning("%s", failure.reason)
        store.add_failure(failure)


@dataclass(frozen=True, slots=True)
class Extracted:
    """What extract_from_passages found: estimates, the text of the document each comes
    from, and the documents whose extraction failed."""

    estimates: list[Estimate] = field(default_factory=list)
    contexts: list[str] = field(default_factory=list)
    failures: list[SourceFailure] = field(default_factory=list)


def extract_from_passages(passages: Iterable[Passage], docs: dict[str, Document],
                          extractor: RuleExtractor | None = None) -> Extracted:
    """Estimates from the retrieved passages, in document then text order, each once, and
    the text of the document each one comes from. A document whose extraction raises gives
    no estimates and one failure; the other documents go on."""
    seen: set[tuple[str, int, int]] = set()
    out = Extracted()
    extractor = extractor or default_extractor()
    ordered = sorted(passages, key=lambda p: (docs[p.doc_id].path, p.doc_id, p.start))
    for doc_id, group in groupby(ordered, key=lambda p: p.doc_id):
        doc = docs[doc_id]
        try:
            found = [est for p in group
                     for est in extractor.extract(p.text, doc.path, offset=p.start,
                                                  sentences=Sentences(p.text))]
        except Exception as err:  # a bug in extraction; the traceback goes to the debug log
            log.debug("extracting from %s failed", doc.path, exc_info=True)
            out.failures.append(SourceFailure.unexpected(doc.path, "reading its numbers", err))
            continue
        for est in found:
            key = (est.doc, est.start, est.end)
            if key not in seen:
                seen.add(key)
                out.estimates.append(est)
                out.contexts.append(doc.text)
    return out


def number_findings(estimates: Sequence[Estimate], relations: Sequence[Relation],
                    source_of: dict[str, Source]) -> list[Finding]:
    """Findings with ids; a figure a document repeats with the same relation is kept once."""
    seen: set[tuple[object, ...]] = set()
    out: list[Finding] = []
    for est, rel in zip(estimates, relations):
        key = (est.doc, est.value, est.low, est.high, est.kind, est.per, rel.relation)
        if key in seen and rel.relation != "unrelated":
            continue
        seen.add(key)
        out.append(Finding(f"e{len(out) + 1}", est, source_of[est.doc].id, rel.relation, rel.why,
                           rel.confidence))
    return out


def used_documents(documents: Sequence[Document], estimates: Sequence[Estimate]
                   ) -> list[Document]:
    """The documents at least one estimate was extracted from: the report's sources."""
    used = {e.doc for e in estimates}
    return [d for d in documents if d.path in used]


def number_sources(documents: Sequence[Document]) -> list[Source]:
    stories = group_stories(documents)
    return [Source(i, d, story) for i, (d, story) in enumerate(zip(documents, stories), 1)]
