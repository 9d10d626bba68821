"""Every command in the README's "Your own sources" section runs, in order, against the
loopback site: https://example.org becomes the site's address (and, since that is 127.0.0.1,
`add` and `ask` commands that fetch get --allow-private), the Wikipedia endpoint is the site's
MediaWiki route, and CROSSTALLY_HOME is in the test's folder. tests/test_readme.py skips these
lines because they do not start with .venv/bin/ (they need this server)."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from test_web_site import Site, cli_env, crosstally, site_server  # noqa: F401  (fixture)

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
EXAMPLE = "https://example.org"


def section_commands() -> list[str]:
    match = re.search(r"^## Your own sources\n(.*?)(?=^## )", README, re.DOTALL | re.MULTILINE)
    assert match, "README.md has no 'Your own sources' section"
    blocks = re.findall(r"```\n(.*?)```", match.group(1), re.DOTALL)
    lines = [ln.split("  #")[0].strip() for b in blocks for ln in b.splitlines()]
    return [ln for ln in lines if ln.startswith("crosstally ")]


def test_the_section_shows_add_sources_remove_ask_providers_and_web() -> None:
    verbs = [shlex.split(c)[1] for c in section_commands()]
    text = " ".join(section_commands())

    assert {"add", "sources", "remove", "ask", "providers"} <= set(verbs)
    assert "--source" in text and "--web" in text and "--provider" in text


def test_every_command_in_the_section_runs(site: Site, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "monitor.txt").write_text(
        "Title: Exit watch\n\nAt least 150,000 men fled Russia to evade the draft.\n",
        encoding="utf-8")
    (tmp_path / "report.pdf").write_bytes(site.pdf)
    env = cli_env(tmp_path / "home", CROSSTALLY_WIKIPEDIA_URL=site.url("/w/api.php"))

    outputs = {}
    for command in section_commands():
        args = shlex.split(command.replace(EXAMPLE, site.base))[1:]
        fetches = EXAMPLE in command or "--web" in args
        if args[0] in ("add", "ask") and fetches:
            args.append("--allow-private")
        result = crosstally(*args, env=env)
        assert result.exit_code in ((0, 3) if args[0] == "ask" else (0,)), (
            f"{command}\n{result.stderr}")
        outputs[args[0] + (" --web" if "--web" in args else "")] = result

    listed = outputs["sources"].stdout
    assert "Men crowd the borders" in listed and "Exit watch" in listed
    assert "removed" in outputs["remove"].stdout
    assert json.loads(crosstally("sources", "--json", env=env).stdout)[0]["title"] == (
        "Exit watch")
    assert "wikipedia" in outputs["providers"].stdout
    assert "Emigration from Russia (2022)" in outputs["ask --web"].stdout
