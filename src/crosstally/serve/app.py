"""The web app: server-rendered pages over the library and the report history, the JSON API
beside them, and the guards of security.py around both."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException
from starlette.staticfiles import StaticFiles

from crosstally import __version__
from crosstally.errors import CrosstallyError
from crosstally.serve import render, security, service
from crosstally.serve.api import NotFound, read_form, router
from crosstally.serve.jobs import Jobs
from crosstally.serve.recheck import quote_span
from crosstally.serve.security import CSRF_FIELD, REPORT_CSP, TOKEN_COOKIE, Guard
from crosstally.serve.service import AskRequest, Workspace

log = logging.getLogger(__name__)
DOWNLOADS = {"md": "text/markdown", "html": "text/html", "json": "application/json"}

_env = Environment(loader=ChoiceLoader([PackageLoader("crosstally.serve", "templates"),
                                        PackageLoader("crosstally.write", "templates")]),
                   autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
                   trim_blocks=True, lstrip_blocks=True)


def create_app(ws: Workspace, guard: Guard) -> FastAPI:
    jobs = Jobs(service.error_status)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        jobs.close()

    app = FastAPI(title="crosstally", lifespan=lifespan, version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Answer contested numeric questions from your sources, with "
                              "every figure quoted and cited. Calls that change something "
                              "send JSON, a bearer token or the X-Crosstally-Client header.")
    app.middleware("http")(security.middleware(guard, lambda r: page(r, "login.html.j2", 401)))
    app.include_router(router(ws, jobs))
    _errors(app)
    _pages(app, ws, jobs, guard)  # before the static mount: /static/report.css is a route
    app.mount("/static", StaticFiles(packages=[("crosstally.serve", "static")]), name="static")
    return app


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = _env.get_template(template).render(request=request, path=request.url.path,
                                              csrf=security.csrf_token(request),
                                              csrf_field=CSRF_FIELD, **context)
    return HTMLResponse(html, status_code=status)


def _errors(app: FastAPI) -> None:
    def answer(request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message, "status": status}, status_code=status)
        return page(request, "error.html.j2", status, message=message, code=status)

    @app.exception_handler(CrosstallyError)
    async def crosstally_error(request: Request, err: CrosstallyError) -> Response:
        status = 404 if isinstance(err, NotFound) else service.error_status(err)
        return answer(request, status, str(err))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, err: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                             for e in err.errors())
        return answer(request, 422, f"the request is not what this endpoint takes ({problems})")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, err: HTTPException) -> Response:
        return answer(request, err.status_code, str(err.detail))


def _check_csrf(request: Request, given: Any) -> None:
    if not security.csrf_ok(request, str(given) if given else None):
        raise HTTPException(403, "the form is stale or came from another site; reload the "
                                 "page and send it again")


def _pages(app: FastAPI, ws: Workspace, jobs: Jobs, guard: Guard) -> None:
    @app.get("/", response_class=HTMLResponse)
    def ask_page(request: Request) -> HTMLResponse:
        return page(request, "ask.html.j2", entries=service.list_sources(ws),
                    limits=ws.limits, form={})

    @app.post("/ask", response_class=HTMLResponse)
    async def ask(request: Request) -> Response:
        form, files = await read_form(request, ws)
        _check_csrf(request, form.get(CSRF_FIELD))
        question = str(form.get("question") or "")
        scope = str(form.get("scope") or "library")
        selected = tuple(str(s) for s in form.getlist("sources"))
        urls = [u for u in str(form.get("urls") or "").split() if u]
        try:
            service.check_question(question)
            if scope == "selected" and not selected:
                raise service.BadInput("choose at least one source, or ask over the "
                                            "whole library")
            locations = service.check_locations(urls) + service.save_uploads(ws, files)
            if scope == "only" and not locations:
                raise service.BadInput("upload files or paste URLs to ask over them only")
        except CrosstallyError as err:
            return page(request, "ask.html.j2", service.error_status(err),
                        entries=service.list_sources(ws), limits=ws.limits, error=str(err),
                        form={"question": question, "scope": scope, "selected": selected,
                              "urls": "\n".join(urls)})
        req = AskRequest(question, selected if scope == "selected" else (), tuple(locations),
                         use_library=scope != "only")
        job = jobs.submit(question, lambda note: service.ask(ws, req, note).id)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @app.get("/jobs/{job_id}", response_class=HTMLResponse)
    def job_page(request: Request, job_id: str) -> Response:
        job = jobs.get(job_id)
        if job is None:
            raise NotFound(f"no job {job_id!r}; jobs are kept while the server runs")
        if job.status == "done":
            return RedirectResponse(f"/reports/{job.report_id}", status_code=303)
        return page(request, "job.html.j2", job.error_status or 200, job=job)

    @app.get("/reports/{report_id}", response_class=HTMLResponse)
    def report_page(request: Request, report_id: str, relation: str = "", source: str = "",
                    actor: str = "", sort: str = "id") -> HTMLResponse:
        return _report(request, report_id, {"relation": relation, "source": source,
                                                "actor": actor, "sort": sort})

    def _report(request: Request, report_id: str, filters: dict[str, str],
                recheck: Any = None) -> HTMLResponse:
        with ws.history() as history:
            stored = history.get(report_id)
        data = stored.data
        return page(request, "report.html.j2", stored=stored, r=data,
                    chart=render.chart_of(data), colours=render.colours(),
                    checked=render.checked_line(data), linked=render.linked_text,
                    rows=render.table_rows(data, **filters), filters=filters,
                    choices=render.filter_choices(data), recheck=recheck,
                    sources={s["id"]: s for s in data["sources"]})

    @app.post("/reports/{report_id}/verify", response_class=HTMLResponse)
    async def verify(request: Request, report_id: str) -> HTMLResponse:
        form = await request.form()
        _check_csrf(request, form.get(CSRF_FIELD))
        result = service.reverify(ws, report_id)
        return _report(request, report_id, {}, recheck=result)

    @app.get("/reports/{report_id}/report.{fmt}")
    def download(report_id: str, fmt: str) -> Response:
        if fmt not in DOWNLOADS:
            raise NotFound(f"no report format {fmt!r}; use md, html or json")
        with ws.history() as history:
            stored = history.get(report_id)
        text = render.render_stored(stored.data, fmt)
        name = f"crosstally-{report_id}.{fmt}"
        headers = {"Content-Disposition": f'attachment; filename="{name}"'}
        if fmt == "html":
            headers["Content-Security-Policy"] = REPORT_CSP
        return Response(text, media_type=f"{DOWNLOADS[fmt]}; charset=utf-8", headers=headers)

    @app.get("/reports/{report_id}/quote/{estimate_id}", response_class=HTMLResponse)
    def quote_page(request: Request, report_id: str, estimate_id: str) -> HTMLResponse:
        with ws.history() as history:
            stored = history.get(report_id)
            texts = history.texts(report_id)
        found = [e for e in stored.data["estimates"] if e["id"] == estimate_id]
        if not found:
            raise NotFound(f"report {report_id} has no estimate {estimate_id!r}")
        return _source(request, stored, texts, found[0]["source"], found[0])

    @app.get("/reports/{report_id}/source/{number}", response_class=HTMLResponse)
    def source_page(request: Request, report_id: str, number: int) -> HTMLResponse:
        with ws.history() as history:
            stored = history.get(report_id)
            texts = history.texts(report_id)
        return _source(request, stored, texts, number, None)

    def _source(request: Request, stored: Any, texts: dict[int, tuple[str, str]], number: int,
                focus: dict[str, Any] | None) -> HTMLResponse:
        if number not in texts:
            raise NotFound(f"report {stored.id} has no source [{number}]")
        text = texts[number][1]
        own = [e for e in stored.data["estimates"] if e["source"] == number]
        spans = [(*span, e["id"]) for e in own if (span := quote_span(text, e))]
        source = next(s for s in stored.data["sources"] if s["id"] == number)
        return page(request, "source.html.j2", stored=stored, source=source, focus=focus,
                    body=render.highlighted(text, spans, focus["id"] if focus else None),
                    estimates=own)

    @app.get("/sources", response_class=HTMLResponse)
    def sources_page(request: Request, removed: str = "") -> HTMLResponse:
        return page(request, "sources.html.j2", entries=service.list_sources(ws),
                    limits=ws.limits, removed=removed, result=None)

    @app.post("/sources", response_class=HTMLResponse)
    async def add_sources(request: Request) -> HTMLResponse:
        form, files = await read_form(request, ws)
        _check_csrf(request, form.get(CSRF_FIELD))
        urls = [u for u in str(form.get("urls") or "").split() if u]
        if not urls and not files:
            raise service.BadInput("choose files to upload or paste URLs to add")
        paths = service.save_uploads(ws, files)
        result = service.add_sources(ws, service.check_locations(urls) + paths)
        status = 422 if result.failures and not result.added else 200
        return page(request, "sources.html.j2", status, entries=service.list_sources(ws),
                    limits=ws.limits, removed="", result=result)

    @app.post("/sources/remove")
    async def remove_source(request: Request) -> Response:
        form = await request.form()
        _check_csrf(request, form.get(CSRF_FIELD))
        entry = service.remove_source(ws, str(form.get("key") or ""))
        return RedirectResponse(f"/sources?removed={quote(entry.title or entry.origin)}",
                                status_code=303)

    @app.get("/history", response_class=HTMLResponse)
    def history_page(request: Request) -> HTMLResponse:
        with ws.history() as history:
            reports = history.all()
        return page(request, "history.html.j2", reports=reports)

    @app.get("/static/report.css")
    def report_css() -> Response:
        css = (resources.files("crosstally.write") / "templates" / "report.css").read_text()
        return Response(css, media_type="text/css")

    @app.post("/login", response_class=HTMLResponse)
    async def login(request: Request) -> Response:
        form = await request.form()
        if not guard.token_matches(str(form.get("token") or "")):
            return page(request, "login.html.j2", 401, error="that is not the token")
        target = str(form.get("next") or "/")
        local = target.startswith("/") and not target.startswith(("//", "/\\"))
        response = RedirectResponse(target if local else "/", status_code=303)
        response.set_cookie(TOKEN_COOKIE, guard.token or "", httponly=True, samesite="strict",
                            path="/")
        return response

    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request) -> HTMLResponse:
        return page(request, "login.html.j2")
