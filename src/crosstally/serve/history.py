"""Report history: every report the web app, the API or an assistant asked for, kept with its
question, when it was asked, the exact sources it was asked over and the text of each source it
cites, so that it can be reopened and re-verified later against the text it was written from,
even after a source has changed or left the library.

The history is its own SQLite file beside the library (`reports.sqlite` in `CROSSTALLY_HOME`):
the library file refuses tables it does not know, and the library's storage may move to another
database; the history needs only the library's public functions.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from crosstally.errors import StoreError
from crosstally.store.sqlite import SqliteFile
from crosstally.types import Document, Report

SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    id TEXT PRIMARY KEY,          -- random, 16 hex digits
    question TEXT NOT NULL,
    created TEXT NOT NULL,        -- ISO 8601 UTC
    asked_over TEXT NOT NULL,     -- JSON list of {doc, id}: every document the question was asked over
    report TEXT NOT NULL          -- the report JSON, as the API returns it
);
CREATE TABLE IF NOT EXISTS report_sources (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,           -- sources[].id in the report
    doc TEXT NOT NULL,
    document_id TEXT NOT NULL,    -- the library's id (hash of origin and bytes) or the store's
    text_id TEXT NOT NULL REFERENCES report_texts(id),
    PRIMARY KEY (report_id, n)
);
CREATE TABLE IF NOT EXISTS report_texts (
    id TEXT PRIMARY KEY,          -- sha256 of the text
    text TEXT NOT NULL            -- a cited source's text exactly as the report's offsets use it
);
"""
HINT = "set CROSSTALLY_HOME to another folder to use another library"


class HistoryError(StoreError):
    """A history file that cannot be used, or an id that names no report."""


@dataclass(frozen=True, slots=True)
class StoredReport:
    id: str
    question: str
    created: str
    asked_over: tuple[dict[str, str], ...]
    data: dict[str, Any]  # the report JSON

    def summary(self) -> dict[str, Any]:
        answer = self.data.get("answer", {})
        return {"id": self.id, "question": self.question, "created": self.created,
                "one_line": answer.get("one_line"), "low": answer.get("low"),
                "high": answer.get("high"), "sources": len(self.data.get("sources", [])),
                "asked_over": len(self.asked_over)}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def text_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class History:
    def __init__(self, path: Path | str, *, now: Callable[[], str] = _now) -> None:
        self.path = Path(path)
        self._now = now
        self._file = SqliteFile(self.path, "report history", HINT, HistoryError)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise HistoryError(f"{self.path}: opening the report history failed "
                               f"({err.strerror}); {HINT}") from err
        self._db = self._file.connect(SCHEMA)
        with self._file.errors("opening the report history"):
            self._db.execute("PRAGMA foreign_keys = ON")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def save(self, report: Report, asked_over: Sequence[Document]) -> StoredReport:
        """Keep the report, what it was asked over and the text of every source it cites, in
        one transaction: a report is stored whole or not at all."""
        data = report.to_json()
        created = self._now()
        body = json.dumps(data, ensure_ascii=False, allow_nan=False)
        report_id = secrets.token_hex(8)  # the same question asked twice is two reports
        over = tuple({"doc": d.path, "id": d.id} for d in asked_over)
        with self._file.errors("saving a report"), self._file.writing(self._db):
            self._db.execute("INSERT INTO reports VALUES (?,?,?,?,?)",
                             (report_id, report.question, created, json.dumps(over), body))
            for source in report.sources:
                doc = source.document
                tid = text_id(doc.text)
                self._db.execute("INSERT OR IGNORE INTO report_texts VALUES (?,?)",
                                 (tid, doc.text))
                self._db.execute("INSERT INTO report_sources VALUES (?,?,?,?,?)",
                                 (report_id, source.id, doc.path, doc.id, tid))
        return StoredReport(report_id, report.question, created, over, data)

    def get(self, report_id: str) -> StoredReport:
        with self._file.errors(f"reading report {report_id!r}"):
            row = self._db.execute("SELECT id, question, created, asked_over, report FROM "
                                   "reports WHERE id = ?", (report_id.strip(),)).fetchone()
        if row is None:
            raise HistoryError(f"no report {report_id!r} in the history at {self.path}; "
                               "GET /api/reports lists the ids")
        return _stored(row)

    def all(self) -> list[StoredReport]:
        with self._file.errors("listing the reports"):
            rows = self._db.execute("SELECT id, question, created, asked_over, report FROM "
                                    "reports ORDER BY created DESC, id").fetchall()
        return [_stored(r) for r in rows]

    def texts(self, report_id: str) -> dict[int, tuple[str, str]]:
        """Per report source number: (document id, the text as the report used it)."""
        with self._file.errors(f"reading the sources of report {report_id!r}"):
            rows = self._db.execute(
                "SELECT s.n, s.document_id, t.text FROM report_sources s JOIN report_texts t "
                "ON t.id = s.text_id WHERE s.report_id = ?", (report_id,)).fetchall()
        return {n: (doc_id, text) for n, doc_id, text in rows}

    def delete(self, report_id: str) -> None:
        self.get(report_id)
        with self._file.errors(f"deleting report {report_id!r}"), self._file.writing(self._db):
            self._db.execute("DELETE FROM report_sources WHERE report_id = ?", (report_id,))
            self._db.execute("DELETE FROM reports WHERE id = ?", (report_id,))
            self._db.execute("DELETE FROM report_texts WHERE id NOT IN "
                             "(SELECT text_id FROM report_sources)")


def _stored(row: tuple[Any, ...]) -> StoredReport:
    report_id, question, created, over, body = row
    return StoredReport(report_id, question, created, tuple(json.loads(over)), json.loads(body))
