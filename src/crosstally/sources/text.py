"""Plain text and Markdown in any common encoding, with YAML front matter or an e-mail-style
header block."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from crosstally.errors import SourceError
from crosstally.sources.encoding import decode_bytes
from crosstally.sources.fields import Fields

META_KEYS = ("url", "title", "publisher", "date", "author")
HEADER_LINE = re.compile(r"([A-Za-z][A-Za-z_-]*):[ \t]*(.*)")
ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]")


def read_text(data: bytes, path: str) -> Fields:
    text = decode_bytes(data, path).text
    meta, body = split_metadata(text, path)
    return Fields(text=body, format="markdown" if path.lower().endswith((".md", ".markdown"))
                  else "text", **meta)


def split_metadata(text: str, path: str) -> tuple[dict[str, str | None], str]:
    """(metadata, body): front matter or a header block is taken off the body."""
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            import yaml  # only files with front matter need it; keeps `crosstally extract` quick

            try:
                loaded = yaml.load(text[4:end], Loader=_text_loader())  # noqa: S506 (safe)
            except yaml.YAMLError as err:
                raise SourceError(f"{path}: front matter is not valid YAML ({err})") from err
            if isinstance(loaded, dict):
                body = text[end + 4:].lstrip("-").lstrip("\n")
                return _known(loaded), body
    lines = text.split("\n")
    meta: dict[str, object] = {}
    for i, line in enumerate(lines):
        if not line.strip():
            if meta:
                return _known(meta), "\n".join(lines[i + 1:])
            break
        m = HEADER_LINE.fullmatch(line.strip())
        if not m or m.group(1).lower() not in META_KEYS:
            break
        meta[m.group(1).lower()] = m.group(2).strip()
    return {}, text


def _known(raw: Mapping[Any, object]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for key, value in raw.items():
        name = str(key).lower()
        if name in META_KEYS and value is not None:
            text = str(value).strip()
            if name == "date" and ISO_DATETIME.match(text):
                text = text[:10]  # a timestamp: keep the day, as the HTML reader does
            out[name] = text or None
    return out


def _text_loader() -> type:
    """PyYAML's safe loader with dates left as the text written: a date that is not a real
    day ('2022-13-45') stays text instead of raising ValueError."""
    import yaml

    class TextDates(yaml.SafeLoader):
        pass

    TextDates.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers
                if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    return TextDates
