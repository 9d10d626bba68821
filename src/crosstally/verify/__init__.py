"""Verification: every number in the prose comes from a cited source's quote."""

from crosstally.verify.check import verify_report

__all__ = ["verify_report"]
