"""The README's two commands for the web app and for assistants run as written: `./scripts/serve`
answers on 127.0.0.1, `./scripts/mcp` speaks MCP on stdio; and the screenshot it shows exists."""

from __future__ import annotations

import re
from pathlib import Path

import anyio
import httpx
import pytest
from live_server import running, serve_env
from test_readme import README, ROOT, _commands

pytest.importorskip("fastapi", reason="needs the serve extra: pip install -e '.[serve]'")


def test_the_readme_shows_one_command_each_for_the_web_app_and_assistants() -> None:
    scripts = [c for c in _commands() if c.startswith("./scripts/")]
    assert "./scripts/serve" in scripts and "./scripts/mcp" in scripts
    assert "scripts/mcp" in README.split("./scripts/mcp", 1)[1]  # how to give it to a client


def test_the_readme_screenshot_is_in_docs() -> None:
    images = re.findall(r"!\[[^\]]+\]\(([^)]+)\)", README)
    assert "docs/web-report.png" in images
    png = (ROOT / "docs" / "web-report.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 20_000


def test_scripts_serve_starts_the_web_app(tmp_path: Path) -> None:
    with running(tmp_path, command=[str(ROOT / "scripts" / "serve")]) as server:
        assert httpx.get(f"{server.url}/api/health", trust_env=False).json()["status"] == "ok"
        page = httpx.get(f"{server.url}/", trust_env=False)
        assert page.status_code == 200 and "Ask a question a figure answers" in page.text


def test_scripts_mcp_lists_the_tools_over_stdio(tmp_path: Path) -> None:
    from mcp import ClientSession, StdioServerParameters, stdio_client

    params = StdioServerParameters(command=str(ROOT / "scripts" / "mcp"), env=serve_env(tmp_path))
    names: list[str] = []

    async def main() -> None:
        with (tmp_path / "stderr.log").open("w") as errlog:
            async with stdio_client(params, errlog=errlog) as (read, write), \
                    ClientSession(read, write) as session:
                await session.initialize()
                names.extend(t.name for t in (await session.list_tools()).tools)

    anyio.run(main)
    assert sorted(names) == ["add_source", "ask", "extract", "get_report", "list_sources"]
