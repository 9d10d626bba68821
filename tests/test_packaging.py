"""The package as users get it: the built wheel carries every data file the package reads at
run time, and a plain `pip install .` with Python 3.11's bundled pip, in a fresh virtual
environment, gives a `crosstally demo` that reads every demo source and writes the reports."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "crosstally"
NOT_SHIPPED = shutil.ignore_patterns(".*", "build", "dist", "*.egg-info", "__pycache__", "tests",
                                     "bench", "crosstally-demo")


def test_wheel_contains_every_data_file(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path),
                    str(ROOT)], check=True, capture_output=True, timeout=300)
    wheel = next(tmp_path.glob("crosstally-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    data = [p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")
            and "__pycache__" not in p.parts]
    assert data, "no data files found: the test is looking in the wrong place"
    missing = [str(p.relative_to(PACKAGE)) for p in data
               if f"crosstally/{p.relative_to(PACKAGE).as_posix()}" not in names]
    assert not missing, f"not in the wheel: {missing}; add them to package-data in pyproject.toml"


def python311() -> str:
    """Python 3.11: the one running the tests if it is 3.11 (a venv made from inside a venv
    is made from its base interpreter), else python3.11 on PATH."""
    if sys.version_info[:2] == (3, 11):
        return sys.executable
    found = shutil.which("python3.11")
    if found is None:
        pytest.skip("no Python 3.11 to test the install with")
    return found


def run(*args: str | Path, cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    """A command with the environment a user has: no PYTHONPATH pointing into the checkout,
    no active virtual environment."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout, check=False)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A fresh venv with the bundled pip (not upgraded), crosstally installed into it from a
    copy of the source tree (a plain, non-editable install), and the demo run once."""
    tmp = tmp_path_factory.mktemp("install")
    source = tmp / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SHIPPED)
    venv = tmp / "venv"
    made = run(python311(), "-m", "venv", venv, cwd=tmp, timeout=300)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    bundled = run(python, "-c", "import ensurepip; print(ensurepip.version())", cwd=tmp,
                  timeout=60).stdout.strip()
    pip = run(python, "-m", "pip", "--version", cwd=tmp, timeout=60).stdout
    done = run(python, "-m", "pip", "install", "--quiet", source, cwd=tmp, timeout=900)
    assert done.returncode == 0, done.stderr
    where = run(python, "-c", "import crosstally; print(crosstally.__file__)", cwd=tmp,
                timeout=60).stdout.strip()
    demo = run(venv / "bin" / "crosstally", "demo", "--out", tmp / "out", cwd=tmp, timeout=600)
    return {"bundled": bundled, "pip": pip, "where": where, "venv": venv, "demo": demo,
            "out": tmp / "out"}


def test_the_install_uses_the_bundled_pip_and_is_not_editable(installed: dict[str, Any]) -> None:
    assert installed["pip"].startswith(f"pip {installed['bundled']} ")
    assert Path(installed["where"]).is_relative_to(installed["venv"])


def test_demo_runs_after_a_plain_install_and_writes_the_reports(installed: dict[str, Any]
                                                                ) -> None:
    demo = installed["demo"]

    assert demo.returncode == 0, demo.stderr
    assert "Traceback" not in demo.stderr
    assert {p.name for p in installed["out"].iterdir()} >= {"report.md", "report.html",
                                                            "report.json"}
    report = json.loads((installed["out"] / "report.json").read_text(encoding="utf-8"))
    assert report["answer"]["low"] is not None and report["estimates"]


def test_demo_after_a_plain_install_reads_every_demo_source(installed: dict[str, Any]) -> None:
    """An old pip leaves out what an extra asks for (trafilatura's lxml[html_clean]): every
    dependency is declared by name, so the HTML demo sources are read too."""
    report = json.loads((installed["out"] / "report.json").read_text(encoding="utf-8"))

    assert report["sources_not_used"] == []
    assert "warning" not in installed["demo"].stderr
