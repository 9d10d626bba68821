"""A stored report for the page: its downloads (the CLI's own writers), its chart, its
citations linked to the quotes that back them, its estimate table sorted and filtered."""

from __future__ import annotations

import copy
import re
from typing import Any

from markupsafe import Markup, escape

from crosstally.write.render import RELATION_COLOURS, chart, render_data, verification_line

CITATION = re.compile(r"\[(\d+)\]")
SORTS = ("id", "source", "relation", "figure", "actor", "counted")


def render_stored(data: dict[str, Any], fmt: str) -> str:
    return render_data(copy.deepcopy(data), fmt)


def chart_of(data: dict[str, Any]) -> dict[str, Any]:
    return chart(copy.deepcopy(data))


def colours() -> dict[str, str]:
    return RELATION_COLOURS


def checked_line(data: dict[str, Any]) -> str:
    return verification_line(data["verification"])


def cited_estimate(sentence: str, source: int, estimates: list[dict[str, Any]]) -> str | None:
    """The estimate a citation [n] in `sentence` stands for: one of source n's estimates whose
    figure the sentence repeats (the longest match), else its first relevant one."""
    own = [e for e in estimates if e["source"] == source]
    said = [e for e in own if e["text"] and e["text"] in sentence]
    if said:
        return str(max(said, key=lambda e: len(e["text"]))["id"])
    relevant = [e for e in own if e["relation"] != "unrelated"] or own
    return str(relevant[0]["id"]) if relevant else None


def linked_text(text: str, report_id: str, estimates: list[dict[str, Any]]) -> Markup:
    """A section's text, escaped, each [n] a link to the quote it stands for."""
    out = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        pieces, last = [], 0
        for m in CITATION.finditer(sentence):
            pieces.append(escape(sentence[last:m.start()]))
            n = int(m.group(1))
            eid = cited_estimate(sentence, n, estimates)
            href = (f"/reports/{report_id}/quote/{eid}#quote" if eid else
                    f"/reports/{report_id}/source/{n}")
            pieces.append(Markup('<a class="cite" href="{}" title="{}">[{}]</a>').format(
                href, f"Open source {n} at the quote", n))
            last = m.end()
        pieces.append(escape(sentence[last:]))
        out.append(Markup("").join(pieces))
    return Markup(" ").join(out)


def table_rows(data: dict[str, Any], relation: str = "", source: str = "", actor: str = "",
               sort: str = "id") -> list[dict[str, Any]]:
    """The estimate table: filtered by relation, source number and actor; sorted by a column."""
    names = {s["id"]: s.get("publisher") or s.get("title") or s["doc"] for s in data["sources"]}
    rows = [dict(e, source_name=names.get(e["source"], "")) for e in data["estimates"]]
    if relation:
        rows = [e for e in rows if e["relation"] == relation]
    if source:
        rows = [e for e in rows if str(e["source"]) == source]
    if actor:
        rows = [e for e in rows if (e.get("actor") or "") == actor]
    key = sort if sort in SORTS else "id"
    if key == "id":
        return sorted(rows, key=lambda e: int(e["id"][1:]))
    if key == "source":
        return sorted(rows, key=lambda e: (e["source"], int(e["id"][1:])))
    if key == "figure":
        return sorted(rows, key=lambda e: -(e["value"] or e["low"] or e["high"] or 0))
    return sorted(rows, key=lambda e: (str(e.get(key) or "~"), int(e["id"][1:])))


def filter_choices(data: dict[str, Any]) -> dict[str, list[Any]]:
    estimates = data["estimates"]
    return {"relations": sorted({e["relation"] for e in estimates}),
            "sources": sorted({e["source"] for e in estimates}),
            "actors": sorted({e["actor"] for e in estimates if e.get("actor")})}


def highlighted(text: str, spans: list[tuple[int, int, str]], focus: str | None) -> Markup:
    """The source text, escaped, with each (start, end, id) span in a <mark>; the one whose id
    is `focus` gets id="quote" so the page opens scrolled to it."""
    out, last = [], 0
    for start, end, eid in sorted(spans, key=lambda s: (s[0], s[2] != focus, s[1])):
        if start < last:
            continue  # overlapping quotes: the first is marked
        out.append(escape(text[last:start]))
        attrs = ' id="quote" class="focus"' if eid == focus else ""
        out.append(Markup('<mark{} data-estimate="{}">{}</mark>').format(
            Markup(attrs), eid, text[start:end]))
        last = end
    out.append(escape(text[last:]))
    return Markup("").join(out)
