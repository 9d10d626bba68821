"""The rule-based extractor: mentions -> classified, joined, qualified estimates.

Steps, for one text:
  1. `Grammar.mentions` finds number phrases;
  2. spans inside URLs, phone numbers and codes are marked as identifiers;
  3. each mention is classified (year, date, ordinal, list number, page furniture, ...);
  4. neighbouring mentions joined by a dash, "to" or "between .. and" become ranges;
  5. qualifiers ("at least", "or more"), rates ("a day") and units are read around them;
  6. `context.describe` fills counted/time/place/actor/method from the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

from crosstally.extract.context import Context
from crosstally.extract.grammar import Grammar, Mention, grammar
from crosstally.extract.grammar import alternation as _alt
from crosstally.extract.lexicon import Lexicon
from crosstally.extract.sentences import Sentences
from crosstally.types import Estimate

URLISH = re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]+@[\w-]+\.\w+|\b[\w-]+\.(?:com|org|net|gov|edu|int|io|example)(?:/\S*)?")
PHONE = re.compile(r"\+\d{1,3}[\s-]?\(?\d{1,4}\)?(?:[\s-]\d{2,4}){2,4}\b|\(\d{3}\)\s?\d{3}-\d{4}|\b\d{3}-\d{3}-\d{4}\b")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b")
TIME_OF_DAY = re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?(?!\w)", re.I)
ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b", re.I)
RANGE_DASH = re.compile(r"\s*[-–—]\s*|\s+to\s+|\s*-\s*to\s*")
NUMBER_WORD_KINDS = ("count", "money", "percent", "fraction", "measure")


@dataclass(frozen=True, slots=True)
class Item:
    """A mention on its way to becoming an estimate."""

    start: int
    end: int
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    qualifier: str
    kind: str
    unit: str | None = None
    per: str | None = None


class RuleExtractor:
    name = "rules"

    def __init__(self, lang: str = "en") -> None:
        self.grammar: Grammar = grammar(lang)
        self.lex: Lexicon = self.grammar.lex
        lex = self.lex
        self.q_before = re.compile(
            rf"(?:^|[^\w])(?P<q>{_alt(lex.qualifiers_before)})\s*$", re.I)
        self.q_after = re.compile(rf"^\s*(?P<q>{_alt(lex.qualifiers_after)})\b", re.I)
        self.per_after = re.compile(
            rf"^(?:[\s,]+(?:[\w'’-]+\s+){{0,4}}?|\s+)(?P<per>{_alt(lex.per)})\b", re.I)
        self.per_before = re.compile(r"\b(?P<per>daily|weekly|monthly|annual|yearly|a day|per day)\b[^.;]{0,60}$", re.I)
        self.unit_after = re.compile(rf"^[\s-]+(?:of\s+)?(?P<unit>{_alt(lex.measure_units)})\b", re.I)
        self.month_after = re.compile(rf"^(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s+(?:of\s+)?(?:{_alt(lex.months)})\b(?:\.(?=\s*\d))?(?:,?\s+\d{{4}})?", re.I)
        self.month_before = re.compile(rf"\b(?:{_alt(lex.months)})\.?\s+$", re.I)
        self.furniture_before = re.compile(rf"(?:^|[^\w])(?:{_alt(lex.furniture_before)})\s*$", re.I)
        self.furniture_after = re.compile(rf"^\s+(?:{_alt(lex.furniture_after)})\b", re.I)
        self.plural_noun_after = re.compile(r"^\s+(?:[a-z-]+\s+)?[a-z]+s\b")
        self.context = Context(lex)

    def extract(self, text: str, doc: str = "", *, include_all: bool = False,
                offset: int = 0, line: int | None = None,
                sentences: Sentences | None = None) -> list[Estimate]:
        """Estimates in `text` (offsets shifted by `offset` into the document)."""
        sentences = sentences or Sentences(text)
        out = []
        for item in self.items(text):
            if item.kind not in NUMBER_WORD_KINDS and not include_all:
                continue
            qs, qe = sentences.around(item.start, item.end)
            est = Estimate(
                doc=doc, start=item.start + offset, end=item.end + offset,
                text=text[item.start:item.end], quote=text[qs:qe],
                value=_num(item.value), low=_num(item.low), high=_num(item.high),
                qualifier=item.qualifier, kind=item.kind, unit=item.unit, per=item.per,
                line=line, quote_start=qs + offset,
            )
            if item.kind in NUMBER_WORD_KINDS:
                est = self.context.describe(est, text, qs, qe, item.start - qs, item.end - qs)
            out.append(est)
        return out

    def items(self, text: str) -> Iterator[Item]:
        blocked = [(m.start(), m.end(), "identifier") for m in URLISH.finditer(text)]
        blocked += [(m.start(), m.end(), "identifier") for m in PHONE.finditer(text)]
        blocked += [(m.start(), m.end(), "date") for m in ISO_DATE.finditer(text)]
        blocked += [(m.start(), m.end(), "other") for m in TIME_OF_DAY.finditer(text)]
        blocked.sort()
        mentions = self.grammar.mentions(text)
        items = [self._classify(text, m, _covering(blocked, m)) for m in mentions]
        yield from self._join(text, mentions, items)

    # -- classification ---------------------------------------------------------------

    def _classify(self, text: str, m: Mention, blocked: tuple[int, int, str] | None) -> Item:
        base = Item(m.start, m.end, m.value, m.low, m.high, "exact", "count")
        if blocked:  # one record for the whole URL, phone number, ISO date or time of day
            start, end, kind = blocked
            return replace(base, kind=kind, start=min(start, m.start), end=max(end, m.end))
        if m.form == "vague":
            kind, unit = ("money", self._currency_after(text, m.end)) \
                if self._currency_after(text, m.end) else ("count", None)
            return replace(base, qualifier="vague", kind=kind, unit=unit)
        if m.form == "fraction":
            return replace(base, kind="fraction", unit="%")
        before, after = text[max(0, m.start - 40):m.start], text[m.end:m.end + 40]
        digits = m.form == "digits"
        if digits and (_letter_before(text, m.start) or _letter_after(text, m.end, m)):
            if ORDINAL_SUFFIX.match(after):
                return replace(base, kind="ordinal", end=m.end + 2)
            return replace(base, kind="identifier")
        if digits and re.match(r"^-\d", after) and re.search(r"\b[A-Z]{2,}\s+$", before):
            return replace(base, kind="identifier")  # ISO 639-3
        if digits and not m.scaled and m.value is not None and m.value <= 31 and m.value == int(m.value):
            if (mm := self.month_after.match(after)) and not m.currency and not m.percent:
                return replace(base, kind="date", end=m.end + mm.end())
            if self.month_before.search(before):
                return replace(base, kind="date")
        if text[m.start:m.end].lower() in ("one", "a", "an"):
            return replace(base, kind="other")
        if digits and _line_start(text, m.start) and re.match(r"^[.)]\s", after):
            return replace(base, kind="list_number")
        if self.furniture_before.search(before) or self.furniture_after.match(after):
            return replace(base, kind="other")
        if m.currency:
            return replace(base, kind="money", unit=m.currency)
        if m.percent:
            return replace(base, kind="percent", unit="%")
        if digits and self._is_year(text, m, before, after):
            return replace(base, kind="year")
        if (u := self.unit_after.match(after)) and not m.scaled:
            unit = self.lex.measure_units.get(u.group("unit"), self.lex.measure_units.get(u.group("unit").lower(), u.group("unit")))
            if unit in ("day", "week", "month", "year", "hour", "minute", "second", "weekend"):
                return replace(base, kind="other", unit=unit)  # a duration: a time reference
            return replace(base, kind="measure", unit=unit)
        return base

    def _is_year(self, text: str, m: Mention, before: str, after: str) -> bool:
        raw = text[m.start:m.end]
        if not re.fullmatch(r"\d{4}", raw) or not 1000 <= int(raw) <= 2100:
            return False
        if self.q_before.search(before):
            return False
        plural = self.plural_noun_after.match(after)
        return not (plural and not re.match(r"^\s+(?:levels|figures|values|terms|prices|dollars|census)", after))

    def _currency_after(self, text: str, end: int) -> str | None:
        m = re.match(rf"^\s+of\s+(?P<c>{_alt(self.lex.currency_words)})\b", text[end:end + 30], re.I)
        return self.lex.currency_words[m.group("c").lower()] if m else None

    # -- ranges, qualifiers, rates -------------------------------------------------------

    def _join(self, text: str, mentions: list[Mention], items: list[Item]) -> Iterator[Item]:
        i, covered = 0, 0
        while i < len(items):
            item = items[i]
            if item.start < covered:  # inside a date or range already emitted
                i += 1
                continue
            covered = item.end
            if i + 1 < len(items) and (joined := self._range(text, item, items[i + 1],
                                                                mentions[i], mentions[i + 1])):
                yield self._qualify(text, joined)
                i += 2
                continue
            yield self._qualify(text, item) if item.kind in NUMBER_WORD_KINDS else item
            i += 1

    def _range(self, text: str, a: Item, b: Item, ma: Mention, mb: Mention) -> Item | None:
        gap = text[a.end:b.start]
        if a.value is None or b.value is None:
            return None
        kinds = {a.kind, b.kind}
        if kinds == {"year"} and RANGE_DASH.fullmatch(gap):
            return replace(a, end=b.end, value=None, low=a.value, high=b.value, qualifier="range")
        if not kinds <= {"count", "money", "percent", "measure"} or len(gap) > 12:
            return None
        between = re.search(r"\bbetween\s+$", text[max(0, a.start - 12):a.start], re.I)
        if not (RANGE_DASH.fullmatch(gap) or (between and re.fullmatch(r"\s+and\s+", gap))):
            return None
        low, high = a.value, b.value
        if not ma.scaled and mb.scaled and low * mb.scale <= high:
            low *= mb.scale
        if low > high:
            return None
        kind = b.kind if b.kind != "count" else a.kind
        unit = b.unit or a.unit
        opener = between or re.search(r"\bfrom\s+$", text[max(0, a.start - 12):a.start], re.I)
        start = a.start - (len(opener.group(0)) if opener else 0)
        return Item(start, b.end, None, low, high, "range", kind, unit)

    def _qualify(self, text: str, item: Item) -> Item:
        before = text[max(0, item.start - 40):item.start]
        after = text[item.end:item.end + 80]
        qualifier = item.qualifier
        start, end = item.start, item.end
        if qualifier not in ("range", "vague"):
            if q := self.q_before.search(before):
                qualifier = self.lex.qualifiers_before[_norm(q.group("q"))]
                start = item.start - (len(before) - q.start("q"))
            elif q := self.q_after.match(after):
                qualifier = self.lex.qualifiers_after[_norm(q.group("q"))]
                end = item.end + q.end("q")
        per = None
        if p := self.per_after.match(after):
            per = self.lex.per[_norm(p.group("per"))]
        elif p := self.per_before.search(before):
            per = {"daily": "day", "a day": "day", "per day": "day", "weekly": "week",
                   "monthly": "month"}.get(_norm(p.group("per")), "year")
        value, low, high = _interval(item, qualifier)
        return replace(item, start=start, end=end, value=value, low=low, high=high,
                       qualifier=qualifier, per=per)


def _interval(item: Item, qualifier: str) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    v = item.value
    if qualifier in ("range", "vague"):
        return None, item.low, item.high
    if qualifier in ("at_least", "more_than"):
        return v, v, None
    if qualifier in ("up_to", "at_most", "less_than"):
        return v, None, v
    return v, None, None


def _covering(blocked: list[tuple[int, int, str]], m: Mention) -> tuple[int, int, str] | None:
    for span in blocked:
        if span[0] > m.start:
            break
        if m.end <= span[1] + 1:
            return span
    return None


def _letter_before(text: str, i: int) -> bool:
    return i > 0 and (text[i - 1].isalpha() or (text[i - 1] in "-_#" and i > 1 and text[i - 2].isalpha()))


def _letter_after(text: str, i: int, m: Mention) -> bool:
    if m.scaled or m.percent or m.currency:
        return False
    return i < len(text) and (text[i].isalpha() or (text[i] in "-_" and i + 1 < len(text) and text[i + 1].isalpha() and False))


def _line_start(text: str, i: int) -> bool:
    j = text.rfind("\n", 0, i) + 1
    return not text[j:i].strip()


def _norm(words: str) -> str:
    return " ".join(words.lower().split())


def _num(x: Decimal | None) -> float | None:
    return None if x is None else float(x)


@cache
def default_extractor() -> RuleExtractor:
    return RuleExtractor()
