"""Publication dates: any common written form -> ISO 8601 (YYYY-MM-DD), and the dateline near
the top of a page's text.

Only a whole date (day, month and year) is kept: the report's `date` is a day or nothing. A
date counts as the page's own only where the page presents it as such, never because a
sentence mentions it ("On 26 April 1986 the plant ..." dates an event, not the page):

- a line that is the date, with at most a few names (an author, a section), weekday, clock
  time and publication words around it: "June 17, 2019", "Matthias Ang | June 17, 2019,
  06:57 PM", "Page last updated at 15:45 GMT on Wednesday, 19 January, 2005";
- a dateline opening a paragraph: "WASHINGTON, Oct. 16, 1995 — The crowd ...".
"""

from __future__ import annotations

import calendar
import re
from datetime import date

# Month and weekday names come from the calendar (English locale names), never a hand list.
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
_MONTHS["sept"] = 9  # the one abbreviation the calendar's three letters miss
_WEEKDAYS = {d.lower() for d in calendar.day_name} | {d.lower() for d in calendar.day_abbr}
MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
YEAR = r"(?:1[6-9]|20)\d\d"
WRITTEN_DATE = re.compile(
    rf"\b(?:(?P<m1>{MONTH})\s+(?P<d1>{DAY}),?\s+(?P<y1>{YEAR})"  # June 17, 2019
    rf"|(?P<d2>{DAY})\.?\s+(?:of\s+)?(?P<m2>{MONTH}),?\s+(?P<y2>{YEAR})"  # 17 June 2019
    rf"|(?P<y3>{YEAR})-(?P<m3>[01]\d)-(?P<d3>[0-3]\d)"  # 2019-06-17
    rf"|(?P<y4>{YEAR})/(?P<m4>[01]?\d)/(?P<d4>[0-3]?\d))(?!\d)",  # 2019/06/17
    re.IGNORECASE)
# What may stand beside a date on its own line: clock times and zones, weekdays, separators,
# and these words (how pages introduce their date; "release" as in "Press release").
CLOCK = re.compile(r"\b\d{1,2}[:.]\d\d(?:[:.]\d\d)?(?:\s*[ap]\.?m\.?)?|\b[ap]\.?m\.?(?=\W|$)"
                   r"|\b(?:GMT|UTC|[A-Z][DS]T|BST|CET|CEST|IST|JST|HKT|AEST|AEDT)\b"
                   r"|\(?[+-]\d\d:?\d\d\)?", re.IGNORECASE)
DATE_WORDS = frozenset({"published", "posted", "updated", "last", "first", "modified", "dated",
                        "issued", "released", "release", "filed", "on", "at", "by", "the"})
WORD = re.compile(r"[^\W\d_][\w'’.]*")
SEPARATOR = re.compile(r"[|·•,:/()–—-]")
MAX_NAMES = 5  # capitalised words beside a date line's date: a byline, a section, a place
TOP_LINES = 15
PARAGRAPH_WORDS = 25  # a line this long that ends a sentence is the body's first paragraph
SENTENCE_END = (".", "!", "?", '"', "”", "’", ")")
TOP_CHARS = 2500
# "WASHINGTON, Oct. 16, 1995 -": capitals (a place, an agency in brackets) then the date and
# a dash, at the start of a paragraph.
DATELINE_LEAD = re.compile(r"[A-Z][A-Z.'’/ -]*(?:,\s*[A-Z][\w.'’ -]*)?(?:\s*\([^()]{1,40}\))?,?"
                           r"\s*$")
DASH_AFTER = re.compile(r"\s*(?:\([^()]{1,40}\)\s*)?(?:--?|[—–])\s")


def iso_date(value: str | None) -> str | None:
    """`value` as YYYY-MM-DD if it holds one whole date ("2019-06-17T10:00:00+08:00",
    "Mon, 17 Jun 2019 10:00:00 GMT", "June 17, 2019"), else None."""
    if not value:
        return None
    m = WRITTEN_DATE.search(value)
    return _iso(m) if m else None


def dateline(text: str) -> str | None:
    """The date the top of `text` gives as the page's own, as YYYY-MM-DD, or None. The top
    ends with the first paragraph, which may open with a dateline: a date further down (a
    quoted post's, a caption's) belongs to something else."""
    for line in _top_lines(text):
        paragraph = is_paragraph(line)
        for m in WRITTEN_DATE.finditer(line):
            found = _iso(m)
            if found and (_is_dateline(line, m) or not paragraph and _is_date_line(line, m)):
                return found
        if paragraph:
            break
    return None


def is_paragraph(line: str) -> bool:
    """A line of body text: long, and ending as a sentence ends (a long headline does not)."""
    return len(line.split()) >= PARAGRAPH_WORDS and line.rstrip().endswith(SENTENCE_END)


def is_date_line(line: str) -> bool:
    """Whether `line` gives a date as a page's own: the date and little else, or a
    dateline."""
    return any(_iso(m) and (_is_date_line(line, m) or _is_dateline(line, m))
               for m in WRITTEN_DATE.finditer(line))


def _top_lines(text: str) -> list[str]:
    lines = [line.strip() for line in text[:TOP_CHARS].split("\n") if line.strip()]
    return lines[:TOP_LINES]


def _is_date_line(line: str, m: re.Match[str]) -> bool:
    """The date and little else: weekday, clock time, publication words, and a few names (an
    author, a section, a place) set off from the date by punctuation ('Jane Roe | June 17,
    2019'), unless a publication word introduces it. 'Spokane, Washington Established May 19,
    1883' or 'The 26 December 2004 Earthquake' are not the page's date."""
    sides = (CLOCK.sub(" ", line[:m.start()]), CLOCK.sub(" ", line[m.end():]))
    words = [w for side in sides for w in WORD.findall(side)]
    if any(not w[0].isupper() and w.lower() not in DATE_WORDS for w in words) \
            or any(re.search(r"\d", side) for side in sides):
        return False
    names = [w for w in words if _is_name(w)]
    if not names:
        return True
    if len(names) > MAX_NAMES:
        return False
    cued = any(w.lower() in DATE_WORDS - {"on", "at", "by", "the"} for w in words)
    before, after = sides
    gap_before = before[_last_name_end(before):]
    gap_after = after[:_first_name_start(after)]
    return cued or all(SEPARATOR.search(gap) for gap, side in ((gap_before, before),
                                                               (gap_after, after))
                       if any(_is_name(w) for w in WORD.findall(side)))


def _is_name(word: str) -> bool:
    low = word.lower().rstrip(".")
    return word[0].isupper() and low not in _WEEKDAYS and low not in DATE_WORDS


def _last_name_end(side: str) -> int:
    ends = [w.end() for w in WORD.finditer(side) if _is_name(w.group())]
    return ends[-1] if ends else len(side)


def _first_name_start(side: str) -> int:
    return next((w.start() for w in WORD.finditer(side) if _is_name(w.group())), 0)


def _is_dateline(line: str, m: re.Match[str]) -> bool:
    return bool(DATELINE_LEAD.fullmatch(line[:m.start()]) and DASH_AFTER.match(line, m.end()))


def _iso(m: re.Match[str]) -> str | None:
    g = {k: v for k, v in m.groupdict().items() if v}
    year = next(g[k] for k in ("y1", "y2", "y3", "y4") if k in g)
    month_text = next(g[k] for k in ("m1", "m2", "m3", "m4") if k in g)
    day_text = next(g[k] for k in ("d1", "d2", "d3", "d4") if k in g)
    month = int(month_text) if month_text.isdigit() else _MONTHS[month_text.lower().rstrip(".")]
    try:
        return date(int(year), month, int(re.sub(r"\D", "", day_text))).isoformat()
    except ValueError:  # 31 June, month 13
        return None
