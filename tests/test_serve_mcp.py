"""`crosstally mcp` as a real subprocess, driven by the official SDK's stdio client: it lists
its tools, and `ask` answers the demo question with quoted, cited figures."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import anyio
import pytest
from live_server import serve_env

from crosstally import demo

pytest.importorskip("mcp", reason="needs the serve extra: pip install -e '.[serve]'")

TOOLS = {"ask", "extract", "add_source", "list_sources", "get_report"}


def _session(home: Path, calls: list[tuple[str, dict[str, Any]]]) -> dict[str | int, Any]:
    from mcp import ClientSession, StdioServerParameters, stdio_client

    params = StdioServerParameters(command=sys.executable, args=["-m", "crosstally", "mcp"],
                                   env=serve_env(home))
    out: dict[str | int, Any] = {}

    async def main() -> None:
        with (home / "mcp-stderr.log").open("w") as errlog:
            async with stdio_client(params, errlog=errlog) as (read, write), \
                    ClientSession(read, write) as session:
                await session.initialize()
                out["tools"] = {t.name: t for t in (await session.list_tools()).tools}
                for i, (name, args) in enumerate(calls):
                    out[name] = out[i] = await session.call_tool(name, args)

    anyio.run(main)
    return out


def _structured(result: Any) -> dict[str, Any]:
    assert not result.is_error, result.content
    data = result.structured_content
    assert data == json.loads(result.content[0].text)  # the same for clients without it
    return dict(data)


def test_the_tools_are_listed_and_ask_answers_the_demo_question(tmp_path: Path) -> None:
    out = _session(tmp_path, [
        ("add_source", {"locations": [str(demo.corpus_dir())]}),
        ("list_sources", {}),
        ("ask", {"question": demo.QUESTION}),
        ("get_report", {}),
        ("extract", {"text": "Officials said at least 150,000 men left by September."}),
    ])
    assert set(out["tools"]) == TOOLS
    assert "question" in out["tools"]["ask"].input_schema["properties"]
    added = _structured(out["add_source"])
    assert len(added["added"]) == 9 and added["failures"] == []
    assert len(_structured(out["list_sources"])["sources"]) == 9
    asked = _structured(out["ask"])
    assert asked["answer"]["low"] is not None and "hundreds of thousands" in asked[
        "answer"]["one_line"]
    assert asked["figures"] and asked["verification"]["problems"] == []
    for figure in asked["figures"]:
        assert figure["figure"] in figure["quote"]
        assert figure["cite"].startswith(f"[{figure['source']}] ")
    assert any(f["relation"] == "direct" for f in asked["figures"])
    assert _structured(out["get_report"])["report_id"] == asked["report_id"]
    found = _structured(out["extract"])["estimates"]
    assert [(e["text"], e["value"]) for e in found] == [("at least 150,000", 150000)]


def test_errors_come_back_with_the_cli_message(tmp_path: Path) -> None:
    out = _session(tmp_path, [
        ("ask", {"question": "Why did they leave Russia?",
                 "locations": [str(demo.corpus_dir())]}),
        ("ask", {"question": demo.QUESTION}),
        ("get_report", {"report_id": "nope"}),
        ("add_source", {"locations": ["http://127.0.0.1:9/x.html"]}),
    ])
    assert out[0].is_error and "does not ask for a number" in out[0].content[0].text
    assert out[1].is_error and "your library" in out[1].content[0].text
    assert out["get_report"].is_error and "no report 'nope'" in out["get_report"].content[0].text
    failed = _structured(out["add_source"])
    assert failed["added"] == [] and "loopback" in failed["failures"][0]["reason"]
