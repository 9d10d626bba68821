"""`crosstally extract` starts quickly: it loads the extractor, not the rest of crosstally."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# Loaded only by other commands: the web stack, HTML reading, report writing, the pipeline.
NOT_FOR_EXTRACT = ("trafilatura", "lxml", "httpx", "jinja2", "crosstally.pipeline",
                   "crosstally.web", "crosstally.write")

PROBE = """
import json, sys
from crosstally.cli import main
main(["extract", sys.argv[1]], standalone_mode=False)
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def test_extract_command_does_not_import_the_web_stack_writers_or_pipeline(
        tmp_path: Path) -> None:
    doc = tmp_path / "note.txt"
    doc.write_text("About 1,200 residents left the valley in 2022.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", PROBE, str(doc)], capture_output=True,
                          text=True, check=True)
    assert json.loads(done.stdout.splitlines()[0])["value"] == 1200
    modules = json.loads(done.stderr.splitlines()[-1])
    loaded = [m for m in modules if any(m == name or m.startswith(name + ".")
                                        for name in NOT_FOR_EXTRACT)]
    assert loaded == []


def test_cli_option_values_kept_for_lazy_imports_equal_their_sources() -> None:
    from crosstally import cli
    from crosstally.web.search import DEFAULT_PROVIDER
    from crosstally.write import FORMATS

    assert cli.FORMATS == FORMATS
    assert cli.DEFAULT_PROVIDER == DEFAULT_PROVIDER
