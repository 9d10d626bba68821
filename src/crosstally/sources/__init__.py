"""Reading sources: files (text, Markdown, HTML, PDF) into Documents."""

from crosstally.sources.files import MAX_BYTES, read_file, read_sources

__all__ = ["MAX_BYTES", "read_file", "read_sources"]
