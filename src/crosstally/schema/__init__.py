"""The JSON Schema of a report (`crosstally ask --format json`), shipped as package data."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

SCHEMA_FILE = "report.schema.json"


def report_schema() -> dict[str, Any]:
    """The report schema (JSON Schema draft 2020-12) as a dict; a fresh copy on each call."""
    text = resources.files("crosstally.schema").joinpath(SCHEMA_FILE).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
