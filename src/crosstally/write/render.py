"""Report -> Markdown, HTML (self-contained, escaped) or JSON."""

from __future__ import annotations

import json
import math
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from crosstally.types import Report

FORMATS = ("md", "html", "json")
RELATION_COLOURS = {"direct": "#1b6ca8", "broader": "#8e44ad", "narrower": "#d35400",
                    "rate": "#27ae60", "unrelated": "#999999"}

_env = Environment(loader=PackageLoader("crosstally.write", "templates"),
                   autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False), keep_trailing_newline=True,
                   trim_blocks=True, lstrip_blocks=True)


def render_report(report: Report, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(report.to_json(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    data = report.to_json()
    if fmt == "md":
        return _env.get_template("report.md.j2").render(r=data, md=_md_escape)
    if fmt == "html":
        return _env.get_template("report.html.j2").render(
            r=data, chart=chart(data), colours=RELATION_COLOURS)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _md_escape(text: Any) -> str:
    """Keep source-supplied text from turning into Markdown/HTML markup."""
    s = "" if text is None else str(text)
    for ch in "\\`*_<>#|":
        s = s.replace(ch, "\\" + ch)
    return s


def chart(data: dict[str, Any], width: int = 720, row: int = 22) -> dict[str, Any]:
    """Geometry of an estimates chart on a log axis: one row per relevant estimate."""
    rows = [e for e in data["estimates"] if e["relation"] != "unrelated"
            and e["kind"] in ("count", "money") and any(e[k] for k in ("value", "low", "high"))]
    values = [v for e in rows for v in (e["value"], e["low"], e["high"]) if v and v > 0]
    answer = data["answer"]
    values += [v for v in (answer["low"], answer["high"]) if v]
    if not values:
        return {"rows": [], "width": width, "height": 0, "ticks": [], "band": None}
    lo = math.floor(math.log10(min(values)))
    hi = math.ceil(math.log10(max(values))) or lo + 1
    if hi == lo:
        hi += 1
    left, right = 190, width - 20

    def x(v: float) -> float:
        return round(left + (math.log10(v) - lo) / (hi - lo) * (right - left), 1)

    out = []
    for i, e in enumerate(rows):
        a = e["low"] or e["value"]
        b = e["high"] or e["value"]
        a = a if a and a > 0 else b
        b = b if b and b > 0 else a
        out.append({"y": 30 + i * row, "x1": x(a), "x2": x(b), "label": f"[{e['source']}] {e['text']}",
                    "relation": e["relation"], "quote": e["quote"], "id": e["id"],
                    "open_high": e["high"] is None and e["qualifier"] in ("at_least", "more_than"),
                    "open_low": e["low"] is None and e["qualifier"] in ("up_to", "at_most", "less_than")})
    band = None
    if answer["low"] and answer["high"]:
        band = {"x1": x(answer["low"]), "x2": max(x(answer["high"]), x(answer["low"]) + 2)}
    ticks = [{"x": x(10.0 ** k), "label": f"{10 ** k:,}"} for k in range(lo, hi + 1)]
    return {"rows": out, "width": width, "height": 50 + len(out) * row, "ticks": ticks, "band": band}
