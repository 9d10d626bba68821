"""Report -> Markdown, HTML (self-contained, escaped) or JSON."""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from crosstally.safe_text import json_visible, md_prose, md_text, md_url, visible
from crosstally.sources.origin import is_url
from crosstally.types import Report

FORMATS = ("md", "html", "json")
# Okabe-Ito colours: told apart by most colour-blind readers; the chart also labels each group.
RELATION_COLOURS = {"direct": "#0072b2", "broader": "#cc79a7", "narrower": "#d55e00",
                    "rate": "#009e73", "unrelated": "#999999"}

_env = Environment(loader=PackageLoader("crosstally.write", "templates"),
                   autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
                   keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


def render_report(report: Report, fmt: str) -> str:
    """The report as `fmt`; no format holds a raw control or bidi character, so each can be
    printed to a terminal, and the Markdown holds no link, image or HTML made from a source."""
    return render_data(report.to_json(), fmt)


def render_data(data: dict[str, Any], fmt: str) -> str:
    """A report's JSON (as Report.to_json() gives it, e.g. read back from storage) as `fmt`;
    `data` is changed in place."""
    for failure in data.get("sources_not_used", []):
        failure["reason"] = _reason_alone(failure["doc"], failure["reason"])
    if fmt == "json":
        return json_visible(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)) + "\n"
    shown = shown_paths([s["doc"] for s in data["sources"]]
                        + [f["doc"] for f in data.get("sources_not_used", [])])
    for item in data["sources"] + data.get("sources_not_used", []):
        item["shown"] = shown.get(item["doc"], item["doc"])
    checked = verification_line(data["verification"])
    if fmt == "md":
        text = _env.get_template("report.md.j2").render(
            r=data, md=md_text, prose=md_prose, url=md_url, checked=checked)
    elif fmt == "html":
        text = _env.get_template("report.html.j2").render(
            r=data, chart=chart(data), colours=RELATION_COLOURS, checked=checked)
    else:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return visible(text, keep="\n")


def verification_line(v: dict[str, Any]) -> str:
    """What `verify` proved, and what it does not: 'Verification: each of the 56 numbers is
    quoted from the source it cites, and each of the 70 citations supports its sentence. This
    checks quotation, not whether the figures are right.'"""
    numbers, cited = v["numbers"], v["citations"]
    quoted, backed = v["numbers_supported"], v["citations_supported"]
    if not numbers:
        first = "the report states no number"
    elif quoted == numbers:
        first = ("its one number is quoted from the source it cites" if numbers == 1 else
                 f"each of the {numbers} numbers is quoted from the source it cites")
    elif not quoted:
        first = f"none of the {numbers} numbers is quoted from the source it cites"
    else:
        first = (f"only {quoted} of the {numbers} numbers " +
                 ("is quoted from the source it cites" if quoted == 1 else
                  "are quoted from the source they cite"))
    if not cited:
        second = "it cites no source"
    elif backed == cited:
        second = ("its one citation supports its sentence" if cited == 1 else
                  f"each of the {cited} citations supports its sentence")
    elif not backed:
        second = f"none of the {cited} citations supports its sentence"
    else:
        second = (f"only {backed} of the {cited} citations " +
                  ("supports its sentence" if backed == 1 else "support their sentences"))
    problems = " The problems are listed below." if v["problems"] else ""
    return (f"Verification: {first}, and {second}.{problems} This checks quotation, not "
            "whether the figures are right.")


def shown_paths(docs: list[str]) -> dict[str, str]:
    """Each local path relative to the folder that holds them all ('/home/a/docs/01.txt' ->
    '01.txt'): a report names its files without where they sit on this machine. URLs are
    left out."""
    local = [d for d in docs if not is_url(d)]
    parents = [os.path.dirname(os.path.normpath(d)) for d in local]
    try:
        root = os.path.commonpath(parents) if parents else ""
    except ValueError:  # absolute and relative paths mixed: only their names can be shown
        return {d: os.path.basename(os.path.normpath(d)) or d for d in local}
    return {d: os.path.relpath(os.path.normpath(d), root or os.curdir) for d in local}


def _reason_alone(doc: str, reason: str) -> str:
    """The reason without the path it starts with ('x.pdf: encrypted' -> 'encrypted'): the
    report names the source beside it, once."""
    return reason[len(doc) + 2:] if reason.startswith(f"{doc}: ") and len(reason) > len(doc) + 2 \
        else reason


# -- the HTML report's estimates chart -------------------------------------------------------
#
# chart() turns the report's JSON into plain geometry (numbers and short strings); the template
# draws it as inline SVG. Only totals share the log axis: rates and shares stay in the table.

CHART_RELATIONS = {  # drawing order, and the note beside each group's heading
    "direct": "measures what the question asks",
    "broader": "counts a wider group than the question",
    "narrower": "counts part of what the question asks about",
}
_CHART_KINDS = ("count", "money")
_OPEN_HIGH = ("at_least", "more_than")
_OPEN_LOW = ("up_to", "at_most", "less_than")
_CHAR_PX = 6.6  # rough width of one character of 12px sans-serif, for column widths


@dataclass(frozen=True, slots=True)
class _LogAxis:
    lo: float  # log10 of the axis ends
    hi: float
    left: float  # pixel ends
    right: float

    def x(self, value: float) -> float:
        return round(self.left + (math.log10(value) - self.lo) / (self.hi - self.lo)
                     * (self.right - self.left), 1)


def chart(data: dict[str, Any], width: int = 800, row: int = 22) -> dict[str, Any]:
    """Geometry of the estimates chart: one row per relevant total, grouped by relation."""
    plotted = [e for e in data["estimates"] if _plottable(e)]
    left_out = [e for e in data["estimates"] if e["relation"] != "unrelated" and not _plottable(e)]
    if not plotted:
        return {"rows": [], "groups": [], "left_out": _left_out_note(left_out)}
    sources = {s["id"]: s for s in data["sources"]}
    answer = data["answer"]
    values = [v for e in plotted for v in _bounds(e)]
    values += [v for v in (answer["low"], answer["high"]) if _positive(v)]
    left = _label_width(plotted, sources)
    axis = _axis_for(values, left, width - 24)
    tip_h = _tip_height(plotted, sources, width)
    top = tip_h + 28
    groups, bottom = _layout_groups(plotted, sources, axis, top, row)
    rows = [r for g in groups for r in g["rows"]]
    band = _band(answer, axis, top, bottom)
    likely = _likely(answer, axis, band)
    ticks = _ticks(axis)
    return {
        "width": width, "height": bottom + 24, "tip_h": tip_h, "top": top, "bottom": bottom,
        "left": axis.left, "right": axis.right, "label_x": left - 14,
        "ticks": ticks, "top_ticks": len(rows) >= 8, "band": band, "likely": likely,
        "groups": groups, "rows": rows, "shapes": sorted({r["shape"] for r in rows}),
        "left_out": _left_out_note(left_out), "aria": _aria_label(rows, ticks, band, likely),
    }


def _left_out_note(left_out: list[dict[str, Any]]) -> str:
    """One line under the chart naming the relevant figures it leaves to the table."""
    if not left_out:
        return ""
    kinds = [f"rates per {per}" for per in sorted({str(e["per"]) for e in left_out if e["per"]})]
    if any(e["kind"] in ("percent", "fraction") for e in left_out):
        kinds.append("shares")
    what = f" ({', '.join(kinds)})" if kinds else ""
    n = len(left_out)
    one = n == 1
    return (f"Not plotted: {n} relevant {'figure' if one else 'figures'} that "
            f"{'is' if one else 'are'} not a total{what}; the table below has "
            f"{'it' if one else 'them'}.")


def _plottable(e: dict[str, Any]) -> bool:
    return (e["relation"] in CHART_RELATIONS and e["kind"] in _CHART_KINDS and not e["per"]
            and any(_positive(e[k]) for k in ("value", "low", "high")))


def _positive(v: Any) -> bool:
    return isinstance(v, (int, float)) and v > 0


def _bounds(e: dict[str, Any]) -> list[float]:
    return [float(e[k]) for k in ("value", "low", "high") if _positive(e[k])]


def _shape(e: dict[str, Any]) -> tuple[str, float, float]:
    """How to draw an estimate: point, range, vague, at_least or up_to, with its two ends."""
    low, high, value = (float(e[k]) if _positive(e[k]) else None for k in ("low", "high", "value"))
    if low and high:
        return ("vague" if e["qualifier"] == "vague" else "range"), low, high
    if low or (value and e["qualifier"] in _OPEN_HIGH):
        v = low or value
        assert v is not None
        return "at_least", v, v
    if high or (value and e["qualifier"] in _OPEN_LOW):
        v = high or value
        assert v is not None
        return "up_to", v, v
    assert value is not None  # _plottable saw a positive value, low or high
    return "point", value, value


def _axis_for(values: list[float], left: float, right: float) -> _LogAxis:
    lo, hi = math.log10(min(values)), math.log10(max(values))
    pad = 0.5 if hi - lo < 0.2 else max(0.15, (hi - lo) * 0.08)
    return _LogAxis(lo - pad, hi + pad, left, right)


def _ticks(axis: _LogAxis) -> list[dict[str, Any]]:
    span = axis.hi - axis.lo
    steps = (1, 2, 5) if span <= 2.5 else (1, 3) if span <= 4.5 else (1,)
    every = 1 if span <= 9 else 2
    ticks = []
    for k in range(math.floor(axis.lo), math.ceil(axis.hi) + 1):
        for m in steps:
            v = m * 10.0 ** k
            if axis.lo <= math.log10(v) <= axis.hi and (m > 1 or k % every == 0):
                ticks.append({"x": axis.x(v), "value": v, "label": _compact(v), "major": m == 1})
    return ticks


def _compact(v: float) -> str:
    """Axis label: 2K, 50K, 1M, 1.5B."""
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if v >= size:
            return f"{v / size:g}{suffix}"
    return f"{v:g}"


def _full(v: float) -> str:
    return f"{v:,.0f}" if v >= 100 else f"{v:,g}"


def _readable(v: float) -> str:
    """A figure as a reporter writes it: 150,000; 17.4 million; 2.97 trillion."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if v >= size:
            return f"{round(v / size, 2):g} {word}"
    return _full(v)


def _shorten(text: str, limit: int) -> str:
    """Cut at a comma or word boundary, with an ellipsis, when text is over limit characters."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    for mark in (", ", " "):
        at = cut.rfind(mark)
        if at > limit // 2:
            return cut[:at].rstrip(" ,;:") + "…"
    return cut + "…"


def _source_name(source: dict[str, Any] | None) -> str:
    if not source:
        return ""
    return str(source.get("publisher") or source.get("title") or PurePath(source["doc"]).name)


def _label_width(plotted: list[dict[str, Any]], sources: dict[int, Any]) -> int:
    """Left edge of the plot: room for '[n]', the source's name and the figure as written."""
    names = max(len(_shorten(_source_name(sources.get(e["source"])), 30)) for e in plotted)
    figures = max(len(_shorten(e["text"], 24)) for e in plotted)
    return int(36 + names * _CHAR_PX * 0.95 + 16 + figures * _CHAR_PX + 14)


def _tip_height(plotted: list[dict[str, Any]], sources: dict[int, Any], width: int) -> int:
    """Room for the quote panel above the chart: enough lines for the longest quote."""
    per_line = (width - 30) / 7.2  # characters of 13px text per line
    tallest = 0
    for e in plotted:
        head = len(_tip_header(e, sources))
        lines = math.ceil(head / per_line) + math.ceil((len(_tip_quote(e)) + 2) / per_line)
        why_lines = math.ceil(len(e.get("why") or "") / (per_line * 1.1))
        tallest = max(tallest, lines * 19 + why_lines * 17)
    return max(52, tallest + 18)


def _tip_quote(e: dict[str, Any]) -> str:
    return _shorten(" ".join(str(e["quote"]).split()), 480)


def _tip_header(e: dict[str, Any], sources: dict[int, Any]) -> str:
    source = sources.get(e["source"]) or {}
    peers = [f"[{s['id']}]" for s in sources.values()
             if s.get("story") is not None and s.get("story") == source.get("story")
             and s["id"] != e["source"]]
    parts = [f"[{e['source']}] {_source_name(source)}".strip(), source.get("date"), e["relation"]]
    if peers:
        parts.append("same story as " + ", ".join(peers))
    return " · ".join(str(p) for p in parts if p)


def _layout_groups(plotted: list[dict[str, Any]], sources: dict[int, Any], axis: _LogAxis,
                   top: float, row: int) -> tuple[list[dict[str, Any]], float]:
    groups: list[dict[str, Any]] = []
    y = top
    for relation, note in CHART_RELATIONS.items():
        members = sorted((e for e in plotted if e["relation"] == relation), key=_sort_key)
        if not members:
            continue
        heading = y
        rows = [_row(e, sources, axis, y + 24 + i * row, row) for i, e in enumerate(members)]
        groups.append({"relation": relation, "note": note, "y": heading + 16,
                       "line_y": heading + 23, "rows": rows})
        y += 24 + len(rows) * row + 6
    return groups, y - 2


def _sort_key(e: dict[str, Any]) -> tuple[float, int, str]:
    _, a, b = _shape(e)
    return (-math.sqrt(a * b), e["source"], e["id"])  # largest first, then by source


def _row(e: dict[str, Any], sources: dict[int, Any], axis: _LogAxis, top: float, row: int
         ) -> dict[str, Any]:
    shape, a, b = _shape(e)
    mid = e["value"] if shape == "range" and _positive(e["value"]) and a < e["value"] < b else None
    x1, x2 = axis.x(a), axis.x(b)
    if shape in ("range", "vague") and x2 - x1 < 8:  # never thinner than a dot
        x1, x2 = round((x1 + x2) / 2 - 4, 1), round((x1 + x2) / 2 + 4, 1)
    return {
        "id": e["id"], "relation": e["relation"], "shape": shape,
        "top": top, "h": row, "y": top + row / 2,
        "x1": x1, "x2": x2, "xmid": axis.x(mid) if mid else None,
        "source": f"[{e['source']}]", "name": _shorten(_source_name(sources.get(e["source"])), 30),
        "figure": _shorten(e["text"], 24),
        "title": f"[{e['source']}] {e['text']} ({e['relation']}): {e['quote']}",
        "tip_header": _tip_header(e, sources), "tip_quote": _tip_quote(e),
        "why": e.get("why") or "",
    }


def _band(answer: dict[str, Any], axis: _LogAxis, top: float, bottom: float
          ) -> dict[str, Any] | None:
    low, high = answer["low"], answer["high"]
    if not (_positive(low) or _positive(high)):
        return None
    x1 = axis.x(low) if _positive(low) else axis.left
    x2 = max(axis.x(high) if _positive(high) else axis.right, x1 + 3)
    if _positive(low) and _positive(high):
        span = f"{_readable(low)}–{_readable(high)}"
    else:
        span = f"at least {_readable(low)}" if _positive(low) else f"up to {_readable(high)}"
    label = f"Answer: {span}"
    likely = _likely_span(answer)
    if likely and likely != span:
        label += f", most likely {likely}"
    half = len(label) * 3.4  # half the label's width in 11px bold
    text_x = round(min(max((x1 + x2) / 2, axis.left + half), axis.right + 20 - half), 1)
    return {"x1": x1, "x2": x2, "y": top, "h": bottom - top, "label": label,
            "text_x": text_x, "span": span}


def _likely_span(answer: dict[str, Any]) -> str | None:
    low, high = answer.get("likely_low"), answer.get("likely_high")
    if low is None or high is None or not (_positive(low) and _positive(high)):
        return None
    return _readable(low) if low == high else f"{_readable(low)}–{_readable(high)}"


def _likely(answer: dict[str, Any], axis: _LogAxis, band: dict[str, Any] | None
            ) -> dict[str, Any] | None:
    """The most-likely band: a darker strip inside the answer's band, never thinner than 4px."""
    span = _likely_span(answer)
    if band is None or span is None or span == band["span"]:
        return None  # no band, or no narrower cluster inside it
    x1, x2 = axis.x(answer["likely_low"]), axis.x(answer["likely_high"])
    if x2 - x1 < 4:
        x1, x2 = round((x1 + x2) / 2 - 2, 1), round((x1 + x2) / 2 + 2, 1)
    x1, x2 = max(x1, band["x1"]), min(x2, band["x2"])
    return {"x1": x1, "x2": x2, "y": band["y"], "h": band["h"], "span": span}


def _aria_label(rows: list[dict[str, Any]], ticks: list[dict[str, Any]],
                band: dict[str, Any] | None, likely: dict[str, Any] | None = None) -> str:
    counts = ", ".join(f"{n} {rel}" for rel in CHART_RELATIONS
                       if (n := sum(r["relation"] == rel for r in rows)))
    text = (f"Chart of {len(rows)} estimates ({counts}) on a log scale from "
            f"{_full(ticks[0]['value'])} to {_full(ticks[-1]['value'])}")
    if not band:
        return text + "."
    text += f"; the answer's range, {band['span']}, is shaded"
    return text + (f", most likely {likely['span']} more darkly." if likely else ".")
