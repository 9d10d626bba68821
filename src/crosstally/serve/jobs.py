"""Questions run one at a time in a background thread (the pipeline uses a core to the full);
each job keeps its progress lines, then the report's id or the error the CLI would print."""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from crosstally.errors import CrosstallyError

log = logging.getLogger(__name__)
MAX_KEPT = 200  # finished jobs remembered; the reports themselves live in the history


@dataclass
class Job:
    id: str
    question: str
    status: str = "queued"  # queued | running | done | failed
    progress: list[str] = field(default_factory=list)
    report_id: str | None = None
    error: str | None = None
    error_status: int | None = None
    created: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "question": self.question, "status": self.status,
                "progress": list(self.progress), "report_id": self.report_id,
                "report_url": f"/api/reports/{self.report_id}" if self.report_id else None,
                "error": self.error}


class Jobs:
    def __init__(self, error_status: Callable[[CrosstallyError], int]) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="crosstally-ask")
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._status = error_status

    def submit(self, question: str, run: Callable[[Callable[[str], None]], str]) -> Job:
        """Queue `run(progress) -> report id`."""
        job = Job(secrets.token_hex(8), question)
        with self._lock:
            self._jobs[job.id] = job
            finished = [j for j in self._jobs.values() if j.status in ("done", "failed")]
            for old in finished[:max(0, len(finished) - MAX_KEPT)]:
                del self._jobs[old.id]
        self._pool.submit(self._run, job, run)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def _run(self, job: Job, run: Callable[[Callable[[str], None]], str]) -> None:
        job.status = "running"
        try:
            job.report_id = run(job.progress.append)
            job.status = "done"
        except CrosstallyError as err:
            job.error, job.error_status, job.status = str(err), self._status(err), "failed"
        except Exception as err:  # a bug: the job says so rather than hanging at "running"
            log.exception("question %r failed", job.question)
            job.error = (f"crosstally failed ({type(err).__name__}: {err}); this is a bug, "
                         "please report it with the question and sources")
            job.error_status, job.status = 500, "failed"

    def wait(self, job_id: str, timeout: float) -> Job | None:
        import time

        deadline = time.monotonic() + timeout
        while (job := self.get(job_id)) and job.status in ("queued", "running"):
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        return job

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
