"""The built wheel carries every data file the package reads at run time."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "crosstally"


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
