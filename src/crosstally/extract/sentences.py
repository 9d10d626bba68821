"""Sentence spans inside a text, exact to the character."""

from __future__ import annotations

import re
from bisect import bisect_right

from crosstally.extract.patterns import AsciiTwin, plain_ascii

# A sentence ends at . ! ? (plus closing quotes/brackets) followed by space and a capital,
# digit or opening quote; or at a line break. Common abbreviations do not end one.
BOUNDARY = AsciiTwin(r"(?<=[.!?])(?P<close>[\"'”’)\]]*)\s+(?=[\"“'‘(\[]?[A-Z0-9])|\n\s*\n\s*")
ABBREVIATIONS = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Sen|Rep|Gov|Lt|Col|Sgt|No|Fig|Vol|vs|etc|e\.g|i\.e|"
    r"U\.S|U\.K|U\.N|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|approx|est|c)\.$"
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in BOUNDARY.pick(plain_ascii(text)).finditer(text):
        at = m.start()
        if text[at] != "\n" and text[at - 1] == "." \
                and ABBREVIATIONS.search(text[max(0, at - 8):at]):  # 'Mr.', 'U.S.'
            continue
        close = m.end("close")  # after the closing quotes; -1 at a blank line
        end = at if close == -1 else close
        if end > start and text[end - 1].isspace():
            end = _rstrip(text, start, end)
        if end > start:
            spans.append((start, end))
        start = m.end()
    end = _rstrip(text, start, len(text))
    if end > start:
        spans.append((start, end))
    return spans


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


class Sentences:
    """Finds the sentence around an offset in O(log n)."""

    def __init__(self, text: str, spans: list[tuple[int, int]] | None = None) -> None:
        """`spans`: sentence_spans(text), when already at hand."""
        self.spans = sentence_spans(text) if spans is None else spans
        self.starts = [s for s, _ in self.spans]

    def around(self, start: int, end: int) -> tuple[int, int]:
        i = max(0, bisect_right(self.starts, start) - 1)
        if not self.spans:
            return start, end
        s, e = self.spans[i]
        j = i
        while e < end and j + 1 < len(self.spans):  # a mention across a boundary
            j += 1
            e = self.spans[j][1]
        return min(s, start), max(e, end)
