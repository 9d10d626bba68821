"""crosstally in the browser, over HTTP and for AI assistants.

- app.py: the web app (server-rendered pages, a little JavaScript) and, from api.py, the JSON
  API with its OpenAPI document at /api/openapi.json; security.py guards both.
- service.py: what they do, framework-free (also used by the MCP server, mcp_server.py).
- history.py: every report kept with its question, time, sources and their text; recheck.py
  re-verifies one against that text.

Needs the `serve` extra: pip install 'crosstally[serve]'.
"""

from __future__ import annotations

from collections.abc import Callable

EXTRA_HINT = "install the web extra: pip install 'crosstally[serve]' (or ./scripts/serve)"


def missing_extra() -> str | None:
    """The first package of the `serve` extra that is not installed, or None."""
    import importlib.util

    for name in ("fastapi", "uvicorn", "multipart", "mcp"):
        if importlib.util.find_spec(name) is None:
            return name
    return None


def run(host: str, port: int, *, token: str | None, max_upload_mb: float, max_files: int,
        announce: Callable[[str], object] = print) -> None:
    """Start the web app; a ConfigError when the bind is unsafe (see security.Guard)."""
    import uvicorn

    from crosstally.serve.app import create_app
    from crosstally.serve.security import Guard
    from crosstally.serve.service import Limits, Workspace

    guard = Guard.for_bind(host, token)
    ws = Workspace.from_env(Limits(int(max_upload_mb * 2**20), max_files))
    app = create_app(ws, guard)
    shown = f"[{host}]" if ":" in host else host
    announce(f"crosstally: serving {ws.home} at http://{shown}:{port}/ (Ctrl-C stops)")
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
