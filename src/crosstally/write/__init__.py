"""Writing the report: Markdown, self-contained HTML and JSON."""

from crosstally.write.render import FORMATS, render_report

__all__ = ["FORMATS", "render_report"]
