"""crosstally: answer contested numeric questions from sources, every figure cited and checked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crosstally.types import Estimate, Report

if TYPE_CHECKING:
    from crosstally.extract import RuleExtractor
    from crosstally.pipeline import ask

__all__ = ["Estimate", "Report", "RuleExtractor", "ask", "extract_estimates"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """`ask` (the whole pipeline) and `RuleExtractor` are imported on first use, so that a
    command needing neither (`crosstally add` of text files, `sources`) does not load them,
    and `crosstally extract` loads the extractor alone."""
    if name == "ask":
        from crosstally.pipeline import ask

        return ask
    if name == "RuleExtractor":
        from crosstally.extract import RuleExtractor

        return RuleExtractor
    raise AttributeError(f"module 'crosstally' has no attribute {name!r}")


def extract_estimates(text: str, doc: str = "", *, include_all: bool = False) -> list[Estimate]:
    """Numeric estimates in `text`; with include_all, years, dates and identifiers too."""
    from crosstally.extract import default_extractor

    return default_extractor().extract(text, doc, include_all=include_all)
