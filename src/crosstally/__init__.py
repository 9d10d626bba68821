"""crosstally: answer contested numeric questions from sources, every figure cited and checked."""

from crosstally.pipeline import ask
from crosstally.types import Estimate, Report
from crosstally.extract import RuleExtractor

__all__ = ["Estimate", "Report", "RuleExtractor", "ask", "extract_estimates"]
__version__ = "0.1.0"


def extract_estimates(text: str, doc: str = "", *, include_all: bool = False) -> list[Estimate]:
    """Numeric estimates in `text`; with include_all, years, dates and identifiers too."""
    from crosstally.extract import default_extractor

    return default_extractor().extract(text, doc, include_all=include_all)
