"""What the web app, the JSON API and the MCP server do, without any of them: add, list and
remove library sources (paths, URLs, uploaded files), ask a question over the library, a
selection of it or one-off sources, keep the report in the history, re-verify it.

Every URL goes through the CLI's guarded fetcher (http/https only, no private addresses after
DNS and on each redirect, robots.txt, size and time caps); `allow_private` is never set here.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from crosstally.errors import ConfigError, CrosstallyError, NothingUsableError, QuestionError
from crosstally.library import Added, Library, LibraryEntry, LibraryError
from crosstally.serve.history import History, HistoryError, StoredReport
from crosstally.serve.recheck import Recheck, recheck
from crosstally.sources.origin import is_url
from crosstally.types import Document, SourceFailure
from crosstally.web.gather import collect
from crosstally.web.policy import MAX_BYTES, FetchPolicy
from crosstally.web.settings import data_home, library_path

Progress = Callable[[str], None]
SAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")
MAX_FILES = 50


class UploadError(ConfigError):
    """An upload refused before anything is stored: too many files, too large, no name."""

    status = 413


class BadInput(ConfigError):
    """A request the server cannot take as it is: an empty question, nothing chosen."""

    exit_code = 2


@dataclass(frozen=True, slots=True)
class Limits:
    """Upload limits: per file, and files per request."""

    max_bytes: int = MAX_BYTES
    max_files: int = MAX_FILES

    def describe(self) -> str:
        return f"{self.max_files} files of at most {self.max_bytes / 2**20:.3g} MB each"


@dataclass(frozen=True, slots=True)
class Upload:
    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class AddResult:
    added: tuple[Added, ...] = ()
    failures: tuple[SourceFailure, ...] = ()


@dataclass(frozen=True, slots=True)
class Workspace:
    """Where the library, the history and the uploaded files live (`CROSSTALLY_HOME`)."""

    home: Path
    library_path: Path
    limits: Limits = field(default_factory=Limits)

    @classmethod
    def from_env(cls, limits: Limits | None = None) -> Workspace:
        return cls(data_home(), library_path(), limits or Limits())

    @property
    def history_path(self) -> Path:
        return self.home / "reports.sqlite"

    @property
    def uploads(self) -> Path:
        return self.home / "uploads"

    def library(self) -> Library:
        return Library(self.library_path)

    def history(self) -> History:
        return History(self.history_path)


# -- sources -----------------------------------------------------------------------------------

def check_uploads(files: Sequence[Upload], limits: Limits) -> None:
    """Refuse the whole upload, before anything is written, when it breaks a limit."""
    if len(files) > limits.max_files:
        raise UploadError(f"{len(files)} files uploaded at once; the limit is "
                          f"{limits.max_files} (crosstally serve --max-files N)")
    for f in files:
        if not clean_name(f.name):
            raise UploadError(f"an uploaded file has no usable name ({f.name!r}); rename it "
                              "to end in .txt, .md, .html or .pdf")
        if len(f.data) > limits.max_bytes:
            raise UploadError(f"{clean_name(f.name)!r} is {len(f.data) / 2**20:.1f} MB; the "
                              f"limit is {limits.max_bytes / 2**20:.3g} MB per file "
                              "(crosstally serve --max-upload-mb N)")


def clean_name(name: str) -> str:
    """A file name without folders or odd characters: 'a/../b c?.txt' -> 'b c.txt'."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return SAFE_NAME.sub("", base).strip(" .")[:120]


def save_uploads(ws: Workspace, files: Sequence[Upload]) -> list[str]:
    """Write each upload under `uploads/<hash of its bytes>/<name>` and return the paths: the
    same file uploaded twice is one path, so the library finds it unchanged."""
    check_uploads(files, ws.limits)
    paths = []
    for f in files:
        folder = ws.uploads / hashlib.sha256(f.data).hexdigest()[:16]
        path = folder / clean_name(f.name)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                path.write_bytes(f.data)
        except OSError as err:
            raise LibraryError(f"{path}: cannot save the upload ({err.strerror}); set "
                               "CROSSTALLY_HOME to a writable folder") from err
        paths.append(str(path))
    return paths


def check_locations(locations: Sequence[str]) -> list[str]:
    """URLs only from outside: a path on the server's disk is not for a browser or API client
    to name (uploads are the way in); MCP's add_source, a local tool, takes paths too."""
    out = []
    for loc in (x.strip() for x in locations):
        if not loc:
            continue
        if not is_url(loc):
            raise ConfigError(f"{loc!r} is not a URL; give http(s) URLs, or upload the file")
        out.append(loc)
    return out


def add_sources(ws: Workspace, locations: Sequence[str], progress: Progress | None = None
                ) -> AddResult:
    """Read files, folders and URLs, and keep each that could be read; the others come back
    as failures with their reasons. Each source is stored whole or not at all."""
    found = collect("", list(locations), None, FetchPolicy(), progress=progress)
    with ws.library() as library:
        added = tuple(library.add(s) for s in found.sources)
    return AddResult(added, found.failures)


def list_sources(ws: Workspace) -> list[LibraryEntry]:
    with ws.library() as library:
        return library.entries()


def remove_source(ws: Workspace, key: str) -> LibraryEntry:
    with ws.library() as library:
        return library.remove(key)


# -- asking ------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class AskRequest:
    question: str
    source_ids: tuple[str, ...] = ()   # library ids (or prefixes/origins); none: the library
    locations: tuple[str, ...] = ()    # one-off files and URLs for this question only
    use_library: bool = True            # with one-off sources: also the library (or selection)


def check_question(question: str) -> None:
    from crosstally.pipeline import check_numeric

    if not question.strip():
        raise BadInput("the question is empty; ask how many or how much (e.g. "
                            "'How many people live in Lagos?')")
    check_numeric(question)


def gather(ws: Workspace, req: AskRequest, progress: Progress
           ) -> tuple[list[Document], list[SourceFailure]]:
    """The documents to answer from: the selected library sources (or all of them, unless only
    one-off sources are given), plus the one-off sources read now."""
    documents: list[Document] = []
    if req.source_ids or req.use_library or not req.locations:
        with ws.library() as library:
            wanted = {library.find(key).id for key in req.source_ids}
            documents = [d for d in library.documents() if not wanted or d.id in wanted]
            if not documents and not req.locations:
                raise LibraryError(f"your library ({library.path}) is empty; add sources "
                                   "first, or give files or URLs for this question")
    failures: list[SourceFailure] = []
    if req.locations:
        found = collect(req.question, list(req.locations), None, FetchPolicy(),
                        progress=progress)
        documents += list(found.documents)
        failures += list(found.failures)
    return documents, failures


def ask(ws: Workspace, req: AskRequest, progress: Progress | None = None) -> StoredReport:
    """Answer the question, keep the report in the history, return it with its id."""
    from crosstally.pipeline import ask as run_ask

    note = progress or (lambda _msg: None)
    check_question(req.question)
    documents, failures = gather(ws, req, note)
    report = run_ask(req.question, (), documents=documents, failures=failures, progress=note)
    note("saving the report")
    with ws.history() as history:
        return history.save(report, documents)


def reverify(ws: Workspace, report_id: str) -> Recheck:
    """Re-verify a kept report against the text it was written from, and say which of its
    sources the library no longer holds in that form."""
    with ws.history() as history:
        stored = history.get(report_id)
        texts = history.texts(stored.id)
    with ws.library() as library:
        held = {e.id for e in library.entries()}
    docs = {s["id"]: s["doc"] for s in stored.data["sources"]}
    gone = tuple(f"[{n}] {docs.get(n, '')}" for n, (doc_id, _) in sorted(texts.items())
                 if doc_id not in held)
    return replace(recheck(stored.data, texts), not_in_library=gone)


def error_status(err: CrosstallyError) -> int:
    """The HTTP status for an error the CLI would print: 404 for an unknown id, 413 for an
    upload over a limit, 422 for input that cannot be answered from, else 400."""
    message = str(err)
    if isinstance(err, UploadError):
        return 413
    if isinstance(err, (HistoryError, LibraryError)) and message.startswith("no "):
        return 404
    if isinstance(err, (NothingUsableError, QuestionError, BadInput)):
        return 422
    if isinstance(err, (LibraryError, HistoryError)):
        return 400 if "matches several" in message or "empty" in message else 500
    return 400
