"""The demo: a question and an invented corpus shipped with the package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

QUESTION = "How many men have left Russia to avoid conscription?"


def corpus_dir() -> Path:
    return Path(str(resources.files("crosstally.demo") / "corpus"))
