"""`ask --source PATH|URL`: one-off sources, each failure one stderr line and one row in the
report's sources not used, nothing secret in the output. All figures are invented."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crosstally.safe_text import md_text

from test_web_site import Site, cli_env, crosstally, site_server  # noqa: F401  (fixture)

QUESTION = "How many men have left Russia to avoid conscription?"


def test_one_off_sources_mix_files_and_urls_and_leave_the_library_alone(
        site: Site, tmp_path: Path) -> None:
    (tmp_path / "memo.txt").write_text("Up to 700,000 people have left Russia since the "
                                       "mobilisation was announced.\n", encoding="utf-8")
    env = cli_env(tmp_path / "home")
    result = crosstally("ask", QUESTION, "--source", str(tmp_path / "memo.txt"),
                        "--source", site.url("/report.pdf"), "--allow-private",
                        "--format", "json", env=env)

    assert result.exit_code in (0, 3), result.stderr
    report = json.loads(result.stdout)
    assert sorted(s["doc"] for s in report["sources"]) == sorted(
        [str(tmp_path / "memo.txt"), site.url("/report.pdf")])
    pdf = next(s for s in report["sources"] if s["doc"].endswith(".pdf"))
    assert pdf["title"] == "Departures report" and pdf["retrieved"]
    assert crosstally("sources", "--json", env=env).stdout.strip() == "[]"


def test_each_failed_source_is_one_stderr_line_and_one_row(site: Site, tmp_path: Path) -> None:
    bad = {
        "/missing": "HTTP 404 Not Found",
        "/private/secret.html": "robots.txt disallows",
        "/huge-declared": "too large",
        "/image.png": "binary content",
        "/redirect/loop": "more than 5 redirects",
    }
    args = [a for path in ["/notes.txt", *bad] for a in ("--source", site.url(path))]
    result = crosstally("ask", QUESTION, *args, "--allow-private", "--format", "json",
                        env=cli_env(tmp_path / "home"))

    assert result.exit_code in (0, 3), result.stderr
    report = json.loads(result.stdout)
    assert [s["doc"] for s in report["sources"]] == [site.url("/notes.txt")]
    rows = {f["doc"]: f["reason"] for f in report["sources_not_used"]}
    assert set(rows) == {site.url(p) for p in bad}
    for path, reason in bad.items():
        assert reason in rows[site.url(path)]
    warnings = [ln for ln in result.stderr.splitlines() if ln.startswith("warning:")]
    assert len(warnings) == len(bad)
    assert all(any(site.url(p) in w for w in warnings) for p in bad)


def memo(tmp_path: Path) -> str:
    """A readable local source, so that a run with a refused one still writes its report."""
    (tmp_path / "memo.txt").write_text("Up to 700,000 people have left Russia since the "
                                       "mobilisation was announced.\n", encoding="utf-8")
    return str(tmp_path / "memo.txt")


def test_refused_source_explains_how_to_allow_it_in_the_report(site: Site, tmp_path: Path
                                                               ) -> None:
    result = crosstally("ask", QUESTION, "--source", site.url("/notes.txt"),
                        "--source", memo(tmp_path), env=cli_env(tmp_path / "home"))

    assert "## Sources not used" in result.stdout
    assert "127.0.0.1 is a loopback address" in result.stdout
    assert "pass --allow-private" in result.stderr


def test_credentials_in_a_url_never_reach_the_report_or_stderr(site: Site, tmp_path: Path
                                                              ) -> None:
    url = site.url("/notes.txt").replace("http://", "http://reader:hunter2@")
    missing = site.url("/missing?token=abc123").replace("http://", "http://reader:hunter2@")
    result = crosstally("ask", QUESTION, "--source", url, "--source", missing,
                        "--allow-private", "--format", "json", env=cli_env(tmp_path / "home"))

    report = json.loads(result.stdout)
    assert report["sources"][0]["doc"] == site.url("/notes.txt")
    for secret in ("hunter2", "reader:", "abc123"):
        assert secret not in result.stdout and secret not in result.stderr
    assert site.url("/missing?token=REDACTED") in result.stderr


def test_a_non_web_url_is_refused_as_a_source(tmp_path: Path) -> None:
    result = crosstally("ask", QUESTION, "--source", "file:///etc/passwd", "--source",
                        memo(tmp_path), "--format", "json", env=cli_env(tmp_path / "home"))

    [row] = json.loads(result.stdout)["sources_not_used"]
    assert row["doc"] == "file:///etc/passwd"
    assert "only http and https URLs are fetched, not file" in row["reason"]


def test_the_real_command_prints_one_line_per_failed_source(site: Site, tmp_path: Path) -> None:
    env = {"CROSSTALLY_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    run = subprocess.run(
        [sys.executable, "-m", "crosstally", "ask", QUESTION, "--source", site.url("/notes.txt"),
         "--source", site.url("/missing"), "--allow-private", "--out", str(tmp_path / "r.md")],
        check=False, capture_output=True, text=True, env=env, timeout=60)

    assert run.returncode in (0, 3), run.stderr
    assert run.stderr.count(site.url("/missing")) == 1
    missing = md_text(site.url("/missing"))  # the report escapes '://' so it is no link
    report = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert f"- {missing}: HTTP 404 Not Found" in report
    assert report.count(missing) == 1  # the path once, not again inside the reason
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("command", ["add", "sources", "remove", "providers"])
def test_the_new_commands_have_help(tmp_path: Path, command: str) -> None:
    result = crosstally(command, "--help", env=cli_env(tmp_path))

    assert result.exit_code == 0 and "Usage:" in result.stdout
    assert len(result.stdout.splitlines()) > 3
