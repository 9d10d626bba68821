"""Helpers for crosstally's own tests and benchmarks."""
