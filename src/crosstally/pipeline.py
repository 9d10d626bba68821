"""Wires the stages: sources -> store -> retrieve -> extract -> reconcile -> write -> verify."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import groupby
from pathlib import Path

from crosstally.errors import NothingUsableError, QuestionError, SourceError
from crosstally.extract import RuleExtractor, default_extractor
from crosstally.extract.sentences import Sentences
from crosstally.library.base import LibraryStore
from crosstally.reconcile import derive_answer, group_stories, parse_question, relate_all
from crosstally.reconcile.actors import type_actors
from crosstally.reconcile.counted import name_counted
from crosstally.reconcile.relate import Relation
from crosstally.retrieve import find_passages, select_documents
from crosstally.retrieve.library import LibraryIndex
from crosstally.sources import read_file
from crosstally.sources.files import walk_files
from crosstally.store import Store
from crosstally.store.index import Index
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
StoryKeys = Callable[[Sequence[Document]], Sequence[Hashable]]  # equal keys: one story
EXAMPLE_QUESTION = "How many people live in Lagos?"  # shown when a question is refused


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
    given = [Path(p) for p in paths]
    unread = read_into(store, given, extra)
    kept = {d.id: d for d in extra.documents}  # the store keeps no retrieval time
    documents = [kept.get(d.id, d) for d in store.documents()]
    if not documents:
        raise nothing_read(given, unread)
    for failure in unread:
        log.warning("%s", failure.reason)
        store.add_failure(failure)
    return _answer(question, target, store, documents, note, len(unread))


def ask_library(question: str, library: LibraryStore, *,
                progress: Progress | None = None) -> Report:
    """Answer `question` from a library's index: only the documents the index finds about
    the question are read, and the stories are those found when the sources were added."""
    target = check_numeric(question)
    note = progress or (lambda _msg: None)
    note("finding the documents about the question")
    index = LibraryIndex(library, question)
    documents = index.documents()
    if not documents:
        raise nothing_read([], [])

    def stories(docs: Sequence[Document]) -> list[Hashable]:
        keys = index.stories([d.id for d in docs])
        return [keys.get(d.id, d.id) for d in docs]

    return _answer(question, target, index, documents, note, 0, stories)


def _answer(question: str, target: Target, store: Index, documents: Sequence[Document],
            note: Progress, unread: int, stories: StoryKeys | None = None) -> Report:
    """The report from the documents a store or library offers for the question."""
    estimates, contexts = gather_estimates(store, question, documents, note)
    failures = tuple(store.failures())  # read after extraction, which may add some
    note("reconciling")
    estimates = type_actors(estimates, target, {d.path: d.publisher for d in documents})
    relations = relate_all(estimates, target, contexts)
    if all(r.relation == "unrelated" for r in relations):
        raise no_figure(target, documents, estimates, unread)
    sources = number_sources(used_documents(documents, estimates), stories)
    source_of = {s.document.path: s for s in sources}
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
            f"or how much (e.g. {EXAMPLE_QUESTION!r})")
    if not target.quantitative:
        raise QuestionError(
            f"{question.strip()!r} does not ask for a number: crosstally weighs competing "
            "figures, so ask how many, how much or what the toll, cost or turnout was "
            f"(e.g. {EXAMPLE_QUESTION!r})")
    return target


def gather_estimates(store: Index, question: str, documents: Sequence[Document],
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


def read_into(store: Store, paths: Sequence[Path], extra: Extra) -> list[SourceFailure]:
    """Store every document under `paths` and those read elsewhere; return the sources that
    could not be read, neither logged nor stored yet: when none could be read, they are the
    error's message, not warnings before it."""
    failures = []
    for item in read_each(paths):
        if isinstance(item, SourceFailure):
            failures.append(item)
        else:
            store.add(item)
    for doc in extra.documents:
        store.add(doc)
    return failures + list(extra.failures)


# -- nothing to answer from: no report, an error saying why (exit code 1) ---------------------

READ_TYPES = ".txt, .md, .html or .pdf"


def nothing_read(paths: Sequence[Path], failures: Sequence[SourceFailure]) -> NothingUsableError:
    """The error for a run where no source could be read: what was given and, for each source
    found, why it could not be used."""
    if not paths and not failures:
        why = "no source was given; pass files or folders to read, or documents already read"
    elif not failures:  # every path is a folder: a file is read or fails
        names = _listed([str(p) for p in paths])
        why = (f"the folder {names} holds no file to read" if len(paths) == 1 else
               f"the folders {names} hold no file to read")
        why += f"; crosstally reads {READ_TYPES} files"
    else:
        kind = "source" if any("://" in f.path for f in failures) else "file"
        under = f" under {paths[0]}" if len(paths) == 1 and paths[0].is_dir() else ""
        why = (f"the only {kind}{under or ' given'} could not be read" if len(failures) == 1 else
               f"none of the {len(failures)} {kind}s{under} could be read")
    return NothingUsableError(f"nothing to answer from: {why}", failures)


def no_figure(target: Target, documents: Sequence[Document], estimates: Sequence[Estimate],
              unread: int) -> NothingUsableError:
    """The error for a run whose sources were read but gave no figure that measures what the
    question asks: none at all, or only figures of something else (a few are named)."""
    many = len(documents) > 1
    read = f"the {len(documents)} sources read" if many else "the only source read"
    if len(documents) <= 3:
        read += f" ({_listed([d.path for d in documents])})"
    extractor = default_extractor()
    found = list(estimates) or [e for d in documents for e in extractor.extract(d.text, d.path)]
    named = list(dict.fromkeys(" ".join(filter(None, (e.text, e.counted))) for e in found))
    if named:
        more = ", ..." if len(named) > 3 else ""
        why = (f"{read} {'give' if many else 'gives'} figures ({', '.join(named[:3])}{more}), "
               f"but none measures what the question asks ({target.reading}); add sources "
               "that give it, or ask about what they count")
    else:
        why = (f"{read} {'hold' if many else 'holds'} no figure (a count, a sum of money, a "
               "percentage); crosstally answers from the figures its sources give, so add "
               "sources that state some")
    if unread:
        why += f" ({unread} other {'source' if unread == 1 else 'sources'} could not be read)"
    return NothingUsableError(f"nothing to answer from: {why}")


def _listed(names: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


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


def number_sources(documents: Sequence[Document], stories: StoryKeys | None = None
                   ) -> list[Source]:
    """Sources numbered from 1; copies of one story share a story number (1-based, in order
    of first appearance), from `stories` (a library's, found when they were added) or found
    among `documents` now."""
    keys: Sequence[Hashable] = stories(documents) if stories else group_stories(documents)
    numbers: dict[Hashable, int] = {}
    return [Source(i, d, numbers.setdefault(key, len(numbers) + 1))
            for i, (d, key) in enumerate(zip(documents, keys), 1)]
