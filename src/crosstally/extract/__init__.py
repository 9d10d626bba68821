"""Extraction: numeric estimates with their evidence, from text."""

from crosstally.extract.rules import RuleExtractor, default_extractor

__all__ = ["RuleExtractor", "default_extractor"]
