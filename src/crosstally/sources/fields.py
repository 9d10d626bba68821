from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True, slots=True)
class Fields:
    """What a reader gets out of a file: the text and its metadata."""

    text: str
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    author: str | None = None
    format: str = "text"

    def as_dict(self) -> dict[str, Any]:
        # every field is a str or None: a shallow copy (asdict deep-copies each one)
        return {f.name: getattr(self, f.name) for f in fields(self)}
