"""`crosstally extract` starts quickly: it loads the extractor, not the rest of crosstally;
`crosstally add` of local files loads neither the extractor nor the web stack."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# Loaded only by other commands: the web stack, HTML reading, report writing, the pipeline;
# the encoding detector only for text that is not UTF-8; rich only to show progress on a
# terminal or a warning.
NOT_FOR_EXTRACT = ("trafilatura", "lxml", "httpx", "jinja2", "crosstally.pipeline",
                   "crosstally.web", "crosstally.write", "charset_normalizer", "rich")

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


# Loaded by `add` only for web pages (and PDFs), never for a folder of text files.
NOT_FOR_ADDING_FILES = ("httpx", "lxml", "pypdf", "trafilatura", "jinja2", "charset_normalizer",
                        "rich", "crosstally.extract", "crosstally.pipeline", "crosstally.reconcile",
                        "crosstally.web.fetch", "crosstally.web.gather", "crosstally.web.page")

ADD_PROBE = """
import json, sys
from crosstally.cli import main
main(["add", sys.argv[1], "--db", sys.argv[2]], standalone_mode=False)
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def test_add_of_text_files_does_not_import_the_extractor_or_the_web_stack(
        tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.txt").write_text("About 1,200 residents left the valley in 2022.\n",
                                  encoding="utf-8")
    (folder / "b.md").write_text("# Valley\n\nNearly 900 stayed behind.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", ADD_PROBE, str(folder),
                           str(tmp_path / "library.sqlite")],
                          capture_output=True, text=True, check=True)
    assert [line.split()[0] for line in done.stdout.splitlines()] == ["added", "added"]
    modules = json.loads(done.stderr.splitlines()[-1])
    loaded = [m for m in modules if any(m == name or m.startswith(name + ".")
                                        for name in NOT_FOR_ADDING_FILES)]
    assert loaded == []


def test_cli_option_values_kept_for_lazy_imports_equal_their_sources() -> None:
    from crosstally import cli
    from crosstally.web.search import DEFAULT_PROVIDER
    from crosstally.write import FORMATS

    assert cli.FORMATS == FORMATS
    assert cli.DEFAULT_PROVIDER == DEFAULT_PROVIDER


def test_extract_ends_without_teardown_and_loses_no_output(tmp_path: Path) -> None:
    # more output than a pipe holds, so the end of it is still in the buffer at the exit
    doc = tmp_path / "many.txt"
    doc.write_text("".join(f"About {n},200 residents left the valley in 2022.\n"
                           for n in range(1, 400)), encoding="utf-8")
    script = Path(sys.executable).with_name("crosstally")
    for command in ([str(script)], [sys.executable, "-m", "crosstally"]):
        done = subprocess.run([*command, "extract", str(doc)], capture_output=True, text=True,
                              check=False)
        records = [json.loads(line) for line in done.stdout.splitlines()]
        assert done.returncode == 0, done.stderr
        assert sum(len(line) + 1 for line in done.stdout.splitlines()) > 65536
        assert [r["value"] for r in records if r["kind"] == "count"] == \
            [n * 1000 + 200 for n in range(1, 400)]
        missing = subprocess.run([*command, "extract", str(tmp_path / "none.txt")],
                                 capture_output=True, text=True, check=False)
        assert missing.returncode == 1 and "none.txt" in missing.stderr


def test_main_called_in_a_process_returns_after_extract(tmp_path: Path) -> None:
    doc = tmp_path / "note.txt"
    doc.write_text("About 1,200 residents left the valley in 2022.\n", encoding="utf-8")
    code = ("import sys; from crosstally.cli import main; "
            "main(['extract', sys.argv[1]], standalone_mode=False); print('after')")
    done = subprocess.run([sys.executable, "-c", code, str(doc)], capture_output=True,
                          text=True, check=True)
    assert done.stdout.splitlines()[-1] == "after"
