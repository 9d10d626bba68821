"""crosstally for AI assistants: an MCP server over stdio (`crosstally mcp`), on the official
SDK. Its tools work on the same library and report history as `crosstally serve`, and every
figure they return carries its verbatim quote and its citation, so an assistant can quote it
faithfully and name where it comes from.

Tools: ask, extract, add_source, list_sources, get_report. The server runs on the user's own
machine for one assistant, so `ask` and `add_source` take local paths as well as URLs; URLs
keep every guard of the CLI. Errors come back as tool errors with the CLI's message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError

from crosstally import __version__
from crosstally.errors import CrosstallyError
from crosstally.serve import service
from crosstally.serve.history import StoredReport
from crosstally.serve.service import AskRequest, Workspace

INSTRUCTIONS = (
    "crosstally answers contested numeric questions (how many, how much) from the user's "
    "sources. Every figure in a result comes with `quote`, the exact sentence of its source, "
    "and `cite`, the source it comes from: when you state a figure, quote it and cite it as "
    "given, and say the answer's range and confidence as the report does. A figure whose "
    "relation is not 'direct' measures something other than what was asked.")
T = TypeVar("T")


@contextmanager
def _tool_errors() -> Iterator[None]:
    try:
        yield
    except CrosstallyError as err:
        raise ToolError(str(err)) from err


def _cite(source: dict[str, Any]) -> str:
    parts = [source.get("publisher"), source.get("title"), source.get("date"),
             source.get("url") or source.get("doc")]
    return f"[{source['id']}] " + ", ".join(str(p) for p in parts if p)


def figures(data: dict[str, Any], relations: tuple[str, ...] | None = None
            ) -> list[dict[str, Any]]:
    """The report's estimates, each with its quote and citation."""
    sources = {s["id"]: s for s in data["sources"]}
    return [{"id": e["id"], "figure": e["text"], "value": e["value"], "low": e["low"],
             "high": e["high"], "unit": e["unit"], "relation": e["relation"],
             "counted": e["counted"], "actor": e["actor"], "time": e["time"],
             "quote": e["quote"], "source": e["source"], "cite": _cite(sources[e["source"]])}
            for e in data["estimates"] if relations is None or e["relation"] in relations]


def report_result(stored: StoredReport, full: bool = False) -> dict[str, Any]:
    """What an assistant needs from a report: the answer, the figures that bear on it with
    quotes and citations, the summary sections (which cite with [n]) and the verification."""
    data = stored.data
    if full:
        return {"report_id": stored.id, "report": data}
    answer = data["answer"]
    return {
        "report_id": stored.id, "question": stored.question, "asked": stored.created,
        "answer": {k: answer.get(k) for k in ("one_line", "low", "high", "likely_low",
                                              "likely_high", "magnitude", "confidence")},
        "figures": figures(data, ("direct", "broader", "narrower", "rate")),
        "sources": [{"id": s["id"], "cite": _cite(s), "story": s["story"]}
                    for s in data["sources"]],
        "sections": [{"title": s["title"], "text": s["text"]} for s in data["sections"]],
        "sources_not_used": data.get("sources_not_used", []),
        "verification": data["verification"],
    }


def create_server(ws: Workspace | None = None) -> MCPServer:
    ws = ws or Workspace.from_env()
    server: MCPServer = MCPServer("crosstally", version=__version__, instructions=INSTRUCTIONS)

    def tool(fn: Callable[..., T]) -> Callable[..., T]:
        return server.tool()(fn)

    @tool
    def ask(question: str, sources: list[str] | None = None,
            locations: list[str] | None = None, use_library: bool = True) -> dict[str, Any]:
        """Answer a question a figure answers (how many, how much) from the library, with
        every figure quoted and cited. `sources`: library ids to ask over (default: all).
        `locations`: files, folders or URLs read for this question only. `use_library`: false
        to answer from `locations` alone. The report is kept; get_report reopens it."""
        with _tool_errors():
            req = AskRequest(question, tuple(sources or ()), tuple(locations or ()),
                             use_library=use_library)
            return report_result(service.ask(ws, req))

    @tool
    def extract(text: str | None = None, path: str | None = None) -> dict[str, Any]:
        """Every numeric estimate in `text` or in the file at `path`, each with the exact
        sentence it is quoted from and its character offsets."""
        from crosstally.extract import default_extractor
        from crosstally.extract.run import extract_paths

        if (text is None) == (path is None):
            raise ToolError("give exactly one of `text` or `path`")
        if text is not None:
            found = default_extractor().extract(text, "text")
        else:
            found = []
            for item in extract_paths([path or ""]):
                if isinstance(item, str):
                    raise ToolError(item)
                found.append(item)
        return {"estimates": [e.to_json() for e in found]}

    @tool
    def add_source(locations: list[str]) -> dict[str, Any]:
        """Add files, folders or web pages to the library; each that cannot be read is
        listed with the reason."""
        with _tool_errors():
            done = service.add_sources(ws, locations)
        return {"added": [{"status": a.status, **a.entry.to_json()} for a in done.added],
                "failures": [{"doc": f.path, "reason": f.reason} for f in done.failures]}

    @tool
    def list_sources() -> dict[str, Any]:
        """The library's sources: id, title, publisher, date, origin, when retrieved."""
        with _tool_errors():
            return {"sources": [e.to_json() for e in service.list_sources(ws)]}

    @tool
    def get_report(report_id: str | None = None, full: bool = False) -> dict[str, Any]:
        """A kept report by id (default: the latest), as `ask` returns it; `full` for the
        whole report JSON. With no report yet, the list is empty."""
        with _tool_errors(), ws.history() as history:
            if report_id:
                return report_result(history.get(report_id), full)
            kept = history.all()
            if not kept:
                raise ToolError("no report yet; call ask first")
            result = report_result(kept[0], full)
            result["others"] = [r.summary() for r in kept[1:20]]
            return result

    return server


def run_stdio() -> None:
    """Serve on standard input and output until the client closes them."""
    import logging

    logging.getLogger("crosstally").setLevel(logging.ERROR)  # stdout is the protocol
    create_server().run("stdio")
