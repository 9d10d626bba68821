"""The JSON API: the same operations as the pages, for programs. Errors are JSON objects
`{"error": MESSAGE, "status": CODE}` with the message the CLI prints for the same problem."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel, Field
from starlette.datastructures import FormData

from crosstally import __version__
from crosstally.errors import ConfigError, CrosstallyError
from crosstally.serve import service
from crosstally.serve.history import StoredReport
from crosstally.serve.jobs import Jobs
from crosstally.serve.security import REPORT_CSP
from crosstally.serve.service import AskRequest, Upload, Workspace

WAIT_SECONDS = 600.0


class AskBody(BaseModel):
    question: str = Field(description="A question a figure answers: how many, how much.")
    sources: list[str] = Field(default_factory=list,
                               description="Library source ids (or their first 4+ characters) "
                                           "to ask over; none: the whole library.")
    urls: list[str] = Field(default_factory=list,
                            description="Web pages for this question only (not kept in the "
                                        "library); fetched with every guard of the CLI.")
    wait: bool = Field(True, description="true: answer with the report; false: answer 202 "
                                         "with a job to poll at /api/jobs/{id}.")


class SourcesBody(BaseModel):
    urls: list[str] = Field(description="Web pages to add to the library.")


def report_response(stored: StoredReport) -> JSONResponse:
    return JSONResponse(stored.data, headers={"Location": f"/api/reports/{stored.id}",
                                              "X-Crosstally-Report": stored.id})


def router(ws: Workspace, jobs: Jobs) -> APIRouter:
    api = APIRouter(prefix="/api", tags=["api"])

    @api.get("/health", summary="Is the server up; how big are the library and history")
    def health() -> dict[str, Any]:
        with ws.library() as library, ws.history() as history:
            return {"status": "ok", "version": __version__, "sources": len(library.entries()),
                    "reports": len(history.all())}

    @api.get("/sources", summary="The library's sources")
    def list_sources() -> list[dict[str, Any]]:
        return [e.to_json() for e in service.list_sources(ws)]

    @api.post("/sources", summary="Add web pages (JSON `urls`) or files (multipart `files`)",
              openapi_extra={"requestBody": {"content": {
                  "application/json": {"schema": SourcesBody.model_json_schema()},
                  "multipart/form-data": {"schema": {"type": "object", "properties": {
                      "files": {"type": "array", "items": {"type": "string",
                                                           "format": "binary"}},
                      "urls": {"type": "string",
                               "description": "URLs, one per line"}}}}}}})
    async def add_sources(request: Request) -> JSONResponse:
        urls, files = await read_sources_request(request, ws)
        if not urls and not files:
            raise ConfigError("nothing to add; send JSON {\"urls\": [...]} or upload files")
        paths = service.save_uploads(ws, files)
        done = service.add_sources(ws, service.check_locations(urls) + paths)
        body: dict[str, Any] = {"added": [{"status": a.status, "replaced": a.replaced, **a.entry.to_json()}
                          for a in done.added],
                "failures": [{"doc": f.path, "reason": f.reason} for f in done.failures]}
        if done.failures and not done.added:
            n = len(done.failures)
            body["error"] = (f"{'the source' if n == 1 else f'none of the {n} sources'} could "
                             f"not be added: " + "; ".join(f.reason for f in done.failures))
            body["status"] = 422
            return JSONResponse(body, status_code=422)
        return JSONResponse(body)

    @api.delete("/sources/{key}", summary="Remove a source by id, id prefix or origin")
    def remove_source(key: str) -> dict[str, Any]:
        return {"removed": service.remove_source(ws, key).to_json()}

    @api.post("/ask", summary="Answer a question: the report JSON, or a job to poll",
              responses={202: {"description": "The job, when `wait` is false"}})
    def ask(body: AskBody) -> Response:
        req = AskRequest(body.question, tuple(body.sources),
                         tuple(service.check_locations(body.urls)))
        service.check_question(req.question)  # refused now: no job, nothing stored
        job = jobs.submit(req.question, lambda note: service.ask(ws, req, note).id)
        if not body.wait:
            return JSONResponse(job.to_json(), status_code=202,
                                headers={"Location": f"/api/jobs/{job.id}"})
        done = jobs.wait(job.id, WAIT_SECONDS)
        if done is None or done.status not in ("done", "failed"):
            return JSONResponse(job.to_json(), status_code=202,
                                headers={"Location": f"/api/jobs/{job.id}"})
        if done.status == "failed":
            return JSONResponse({"error": done.error, "status": done.error_status},
                                status_code=done.error_status or 500)
        with ws.history() as history:
            return report_response(history.get(done.report_id or ""))

    @api.get("/jobs/{job_id}", summary="A question's progress, then its report id or error")
    def job(job_id: str) -> dict[str, Any]:
        found = jobs.get(job_id)
        if found is None:
            raise NotFound(f"no job {job_id!r}; jobs are kept while the server runs")
        return found.to_json()

    @api.get("/reports", summary="Every report kept, newest first")
    def reports() -> list[dict[str, Any]]:
        with ws.history() as history:
            return [r.summary() for r in history.all()]

    @api.get("/reports/{report_id}", summary="A report: JSON (default), or ?format=md|html")
    def report(report_id: str, format: str = "json") -> Response:
        with ws.history() as history:
            stored = history.get(report_id)
        if format == "json":
            return report_response(stored)
        if format not in ("md", "html"):
            raise ConfigError(f"no report format {format!r}; use json, md or html")
        from crosstally.serve.render import render_stored

        kind = "text/markdown" if format == "md" else "text/html"
        return PlainTextResponse(render_stored(stored.data, format), media_type=kind,
                                 headers={"Content-Security-Policy": REPORT_CSP})

    @api.post("/reports/{report_id}/verify",
              summary="Re-verify a report against the stored text of its sources")
    def verify(report_id: str) -> dict[str, Any]:
        return service.reverify(ws, report_id).to_json()

    return api


class NotFound(CrosstallyError):
    """An id the server does not know (HTTP 404)."""


async def read_sources_request(request: Request, ws: Workspace
                               ) -> tuple[list[str], list[Upload]]:
    """URLs and uploaded files from a JSON or multipart body, with the upload limits checked
    before any file is read whole."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            data = SourcesBody.model_validate(await request.json())
        except ValueError as err:
            raise ConfigError(f"the body is not {{\"urls\": [...]}} ({err})") from err
        return data.urls, []
    if kind != "multipart/form-data":
        raise ConfigError(f"send application/json or multipart/form-data, not {kind or 'nothing'}")
    return await read_form_sources(request, ws)


async def read_form_sources(request: Request, ws: Workspace) -> tuple[list[str], list[Upload]]:
    form, files = await read_form(request, ws)
    urls = [u for u in str(form.get("urls") or "").split() if u]
    return urls, files


async def read_form(request: Request, ws: Workspace) -> tuple[FormData, list[Upload]]:
    """A multipart form and its `files`, refused whole (nothing read into memory past the
    first file over the limit) when the upload breaks a limit."""
    limits = ws.limits
    length = int(request.headers.get("content-length") or 0)
    if length > limits.max_files * limits.max_bytes + 1_000_000:
        raise service.UploadError(f"the upload is {length / 2**20:.1f} MB in all; the limit is "
                                  f"{limits.describe()}")
    form = await request.form(max_files=limits.max_files + 1)
    files = []
    for item in form.getlist("files"):
        if isinstance(item, str) or not item.filename:
            continue  # a file input left empty sends a part with no name
        if (item.size or 0) > limits.max_bytes:
            raise service.UploadError(
                f"{service.clean_name(item.filename)!r} is {(item.size or 0) / 2**20:.1f} MB; "
                f"the limit is {limits.max_bytes / 2**20:.3g} MB per file "
                "(crosstally serve --max-upload-mb N)")
        files.append(Upload(item.filename, await item.read()))
    service.check_uploads(files, limits)
    return form, files
