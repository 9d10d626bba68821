"""The rule-based extractor: mentions -> classified, joined, qualified estimates.

Steps, for one text:
  1. `Grammar.mentions` finds number phrases;
  2. spans inside URLs, phone numbers and codes are marked as identifiers;
  3. each mention is classified (year, date, ordinal, list number, page furniture, ...);
  4. neighbouring mentions joined by a dash, "to" or "between .. and" become ranges;
  5. qualifiers ("at least", "or more"), rates ("a day", "per 1,000") and units are read
     around them, and each figure's part in a change (changes.py: "rose 7% to $2.3 billion"
     is a change and a level, not a range);
  6. `context.describe` fills counted/time/place/actor/method from the sentence.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext
from functools import cache, cached_property, lru_cache
from itertools import pairwise

from crosstally import wordnet
from crosstally.extract import changes
from crosstally.extract.background import PREFETCH_MIN_CHARS, Prefetch
from crosstally.extract.context import Context, Described, QuoteFacts
from crosstally.extract.grammar import NUMBERS, Grammar, Mention, grammar, whole
from crosstally.extract.lexicon import Lexicon
from crosstally.extract.nonestimates import non_estimate
from crosstally.extract.patterns import AsciiTwin, EndAnchored, plain_ascii
from crosstally.extract.patterns import alternation as _alt
from crosstally.extract.sentences import Sentences
from crosstally.types import Estimate

URLISH = re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]+@[\w-]+\.\w+|\b[\w-]+\.(?:com|org|net|gov|edu|int|io|example)(?:/\S*)?")
URL_MARKS = ("://", "www.", "@", ".com", ".org", ".net", ".gov", ".edu", ".int", ".io", ".example")
URL_MARK = re.compile("|".join(map(re.escape, URL_MARKS)))
NON_SPACE_RUN = re.compile(r"\S*")
# The next three begin with a character class or a digit and check the word boundary
# behind it ('\d(?<=\b\d)' is '\b\d'), so the regex engine skips quickly to the candidates.
PHONE = AsciiTwin(r"[+(\d](?:(?<=\+)\d{1,3}[\s-]?\(?\d{1,4}\)?(?:[\s/-]\d{2,4}){2,4}\b"
                  r"|(?<=\()\d{3}\)\s?\d{3}-\d{4}|(?<=\b\d)\d{2}-\d{3}-\d{4}\b)")
ISO_DATE = AsciiTwin(r"\d(?<=\b\d)(?:\d{3}-\d{2}-\d{2}\b|\d?[/.]\d{1,2}[/.]\d{2,4}\b"
                     r"|\d{3}-(?:0[1-9]|1[0-2])\b(?![-–]\d))")
# '9:30', '9.30pm', '9am'; '4.25' alone is a decimal ('rates rose to 4.25%'), not a time.
TIME_OF_DAY = AsciiTwin(r"\d(?<=\b\d)(?:\d?:\d{2}\s*(?:[ap]\.?m\.?)?|\d?\.\d{2}\s*[ap]\.?m\.?(?!\w)"
                        r"|\d?\s*[ap]\.?m\.?(?!\w))", re.I)
CODE = re.compile(r"\b[^\W\d_]+\d+(?:[^\W\d_]+\d*)+\b|\b[^\W\d_]{1,4}\d+\b(?!\s*%)")
ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b", re.I)
RANGE_DASH = re.compile(r"\s*[-–—~]\s*|\s+(?:to|through|thru)\s+|\s*-\s*to\s*")
BOUND_GAP = re.compile(r"\s*(?:,\s*)?(?:(?:and|but)\s+)?")
LOWER_BOUNDS = ("at_least", "more_than")
UPPER_BOUNDS = ("at_most", "less_than", "up_to")
NUMBER_WORD_KINDS = ("count", "money", "percent", "fraction", "measure")
# The largest magnitude an estimate may have: 10^154, about the square root of the largest
# float (1.8e308), so that the product of any two figures (a range's geometric middle, a
# ratio) is still a float. No count, sum or measure comes near it.
LARGEST = Decimal(10) ** 154
ANAPHORA_SPAN = 600
MAX_QUOTE = 600  # characters of a run-on sentence quoted around a number
RECENT = 8  # estimates remembered for the anaphora window
SIBLINGS = 50  # estimates looked at within one sentence  # characters back to the sentence an 'it was 21.5 million' refers to
NOTHING_SAID = Described(None, None, None, None, None)  # for years, dates and identifiers
SHARE_BLOCKER = EndAnchored(
    r"\b(?:the|first|second|other|latter|a|one|each|its|their|this|that)\s+$", re.I,
    tails="the first second other latter a one each its their this that".split())
OF_AFTER = re.compile(r"^\s+of\b", re.I)
PARTITIVE_AFTER = re.compile(
    r"^\s+(?:of\s+(?:the|them|those|these|its|their|our|his|her)|another)\b", re.I)
LIST_MARK_AFTER = re.compile(r"^[.)]\s")
CODE_DASH_AFTER = re.compile(r"^-\d")
LANGUAGE_CODE_BEFORE = re.compile(r"\b[A-Z]{2,}\s+$")
FOUR_DIGITS = re.compile(r"\d{4}")
# a year labels these ('1990 levels', 'official 2009 estimates'); it does not count them
PLURAL_MEASURES = re.compile(r"^\s+(?:levels|figures|values|terms|prices|dollars|census|"
                             r"estimates|numbers|statistics|data|results|totals|counts|"
                             r"elections|surveys|reports|records|rates)\b")
LETTERS = re.compile(r"[^\W\d_]+")
YEAR_RANGE_AFTER = re.compile(r"^\s*(?:[-–]|to|and)\s*(?:1\d|20)\d\d\b")
# the end of a span of years: 'from 2009 up to 2014', 'between 1959 and 1961'
YEAR_RANGE_BEFORE = re.compile(r"\b(?:1\d|20)\d\d\s*(?:[-–]|(?:up\s+)?to|until|till|through|and)\s*$")
AGE_AFTER = re.compile(r"^(?:\s+|-)years?[\s-]+old\b|^-year-old\b", re.I)
DURATION_UNITS = frozenset(["day", "week", "month", "year", "hour", "minute", "second",
                            "millisecond", "weekend", "decade", "century", "fortnight"])
# Unit symbols written against a number (lexicon unit_symbols): a dimension other than these
# two gives a measure.
SYMBOL_KINDS = {"duration": "duration", "money": "money"}
# '4K', '8K': a display's resolution, a product term, never 4,000 (a capital K after one digit).
PRODUCT_K = re.compile(r"[1-9]K")
# '1080p', '720p', '2160p': a video's lines, a product term, never pence. Every common
# resolution is a multiple of 120 lines; a share price in pence over 999 is written '1,080p'.
RESOLUTION_LINES = 120
# 'bn-$3bn', '20k-': a number with a glued scale or unit before a dash (a range, no code).
GLUED_SUFFIX_DASH = re.compile(r"\d[^\W\d_]{1,4}[-–]$")
DETERMINER_BEFORE = re.compile(r"\b(?:a|an|the)\s+$", re.I)
NOUN_AFTER = re.compile(r"[\s-]+([a-z]+)\b")
OPENING_BEFORE = re.compile(r"(?:^|[.!?;:\n][\"'”’)]?)\s*[\"'“‘(]?\s*$")
CAPITAL_WORD_BEFORE = re.compile(r"(?<![\w'’.-])([A-Z][\w&'’.-]*)[ \u00a0]$")
LENGTH_NOUN_FILES = frozenset({"noun.artifact", "noun.object", "noun.shape", "noun.location",
                               "noun.event", "noun.act"})
# A year after one of these is a time, never the start of a range of counts ('in 2018 to 3.9
# million'); 'from' and 'between' are left out, as they open ranges ('from 1000 to 5000').
TIME_PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|since|by|during|until|till|before|after|of|through|throughout|on)\s+$", re.I)
# A p-value ('p < 0.05', 'P=0.003'): a statistic, never an estimate. (Until decimals such as
# '0.05' stopped reading as times of day, these were left out as times.)
P_VALUE_BEFORE = re.compile(r"\b[pP]\s*[<=>≤≥]\s*$")
TO_GAP = re.compile(r"\s+to\s+")
# Between a rate and its base: 'per', 'for every', 'in every', 'out of every', after up to
# three words ('12 deaths per 1,000 people'); or a bare 'in' ('1 in 1,000').
BASE_GAP = re.compile(r"\s+(?:[^\W\d_][\w'’-]*\s+){0,3}?(?:per|(?:for|in|out\s+of)\s+every)\s+"
                      r"|\s+in\s+", re.I)
PER_BEFORE = re.compile(r"\bper\s+$", re.I)
BASE_WORD = re.compile(r"\s+([^\W\d_][\w'’-]*)")
# Between the 'from' level and the 'to' level of a change over time: a time phrase.
TIME_BETWEEN = re.compile(r"\b(?:in|by|on|at|before|after|during|since|until|when|last|"
                          r"(?:1[5-9]|20)\d\d)\b", re.I)
CLAUSE_END = re.compile(r"[.;!?]\s")
SIZE_TAIL = re.compile(r"(?:\bby\s+)?\d[\d,.]*\s*(?:%|per\s?cent\b|percent\b)\s+$", re.I)
# A large text is cut in two where no number trigger lies within QUIET characters (see
# RuleExtractor._cut), a little before the middle: the first process also writes every
# estimate out, and shares what the figures of the second part count (_Sharing).
QUIET = 250
CUT_AT = 0.48
# A full stop ending a line, a blank line, and the first character of the next paragraph:
# a sentence boundary, found alike in the whole text and in either part (see sentences.py).
PARAGRAPH_AFTER_STOP = re.compile(r"\.\n\s*\n\s*(?=\S)")
RESTATED = re.compile(r"\s*[(\[]\s*(?:or\s+)?")  # 'rose 9 percent (15,540 people)'


@dataclass(slots=True)  # not frozen: made by the thousand, and frozen __init__ is slower
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
    change: str | None = None  # the figure's part in a change: changes.ROLES, or None
    base: Decimal | None = None  # a rate's base: 1000 in '12 per 1,000'


def blocked_spans(text: str) -> list[tuple[int, int, str]]:
    """URLs, phone numbers, ISO dates and times of day, sorted: a number inside one is
    part of it (an identifier, a date, a time)."""
    blocked = [(m.start(), m.end(), "identifier") for m in _urls(text)] \
        if any(mark in text for mark in URL_MARKS) else []  # a URL holds one of them
    plain = plain_ascii(text)
    blocked += [(m.start(), m.end(), "identifier") for m in PHONE.pick(plain).finditer(text)]
    blocked += [(m.start(), m.end(), "date") for m in ISO_DATE.pick(plain).finditer(text)]
    blocked += [(m.start(), m.end(), "other") for m in TIME_OF_DAY.pick(plain).finditer(text)]
    blocked.sort()
    return blocked


def _urls(text: str) -> Iterator[re.Match[str]]:
    """URLISH.finditer(text), searched only in the runs of non-space characters that hold one
    of URL_MARKS: no match holds a space, and every match holds a mark, so the matches in
    each run (searched in place, the characters around it in view) are those of the text."""
    end = 0
    for mark in URL_MARK.finditer(text):
        if mark.start() < end:
            continue  # in the run just searched
        start = mark.start()
        while start > 0 and not text[start - 1].isspace():  # \s is str.isspace()
            start -= 1
        end = NON_SPACE_RUN.match(text, mark.start()).end()  # type: ignore[union-attr]
        yield from URLISH.finditer(text, start, end)


def _item(m: Mention, kind: str, *, qualifier: str = "exact", unit: str | None = None,
          end: int | None = None) -> Item:
    return Item(m.start, m.end if end is None else end, m.value, m.low, m.high, qualifier, kind,
                unit)


class RuleExtractor:
    name = "rules"

    def __init__(self, lang: str = "en") -> None:
        self.grammar: Grammar = grammar(lang)
        self.lex: Lexicon = self.grammar.lex
        lex = self.lex
        words = [q for q in lex.qualifiers_before if re.search(r"[^\W\d_]", q)]
        symbols = [q for q in lex.qualifiers_before if q not in words]
        self.q_before = EndAnchored(
            rf"(?:(?:^|[^\w])(?P<q>{_alt(words)})\s*|(?P<qs>{_alt(symbols)})\s*)$", re.I,
            tails=words + symbols)
        self.q_after = re.compile(
            rf"^\s*(?P<q>{_alt(lex.qualifiers_after)})(?![\w])(?!\s+than\b)(?!\s*\d)", re.I)
        far = [q for q in lex.qualifiers_after if q.startswith("or ")]
        self.q_after_far = re.compile(
            rf"^(?:\s+[^\W\d_][\w'’-]*){{1,3}}?\s*,?\s+(?P<q>{_alt(far)})(?![\w])(?!\s+than\b)",
            re.I)
        self.range_opener = EndAnchored(
            rf"\b(?P<w>from|between)\s+(?:(?:{_alt(words)})\s+)?$", re.I,
            tails=["from", "between", *words], needs=["from", "between"])
        self._opener_words = _alt(words)
        self.pronoun_one = EndAnchored(rf"\b(?:{_alt(lex.pronoun_one_before)})\s+$", re.I,
                                       tails=lex.pronoun_one_before)
        self.function_word_after = re.compile(rf"^[\s,]+(?:{_alt(lex.function_words)})\b", re.I)
        self.currency_codes = frozenset(c.upper() for c in lex.currency_codes)
        self.per_after = re.compile(
            rf"^(?:[\s,]+(?:[\w'’-]+\s+){{0,4}}?|\s+)(?P<per>{_alt(lex.per)})\b", re.I)
        per_words = ("daily", "weekly", "monthly", "annual", "yearly", "a day", "per day")
        self.per_before = EndAnchored(
            rf"\b(?P<per>{'|'.join(per_words)})\b[^.;]{{0,60}}$", re.I, stops=".;",
            needs=per_words)
        self.unit_after = re.compile(rf"^[\s-]+(?:of\s+)?(?P<unit>{_alt(lex.measure_units)})\b", re.I)
        # Unit symbols against the number ('256GB', '5-10W', '164p') or one space after it
        # ('50 mph'); a one-letter symbol, or two capitals ('TB', 'GB'), only against it.
        self.symbols = {symbol: (SYMBOL_KINDS.get(dimension, "measure"), unit)
                        for dimension, table in lex.unit_symbols.items()
                        for symbol, unit in table.items()}
        spaced = [s for s in self.symbols
                  if len(s) > 1 and not (len(s) == 2 and s.isalpha() and s.isupper())]
        self.symbol_after = re.compile(
            rf"(?:(?P<glued>{_alt(self.symbols, ignore_case=False)})"
            rf"|[ \u00a0](?P<spaced>{_alt(spaced, ignore_case=False)}))(?![^\W_])")
        lengths = {s for s in lex.unit_symbols["length"] if s != "m"}
        lengths |= {w for w, u in lex.measure_units.items()
                    if u in lex.unit_symbols["length"].values() or u == "mile"}
        length = _alt(lengths, ignore_case=False)
        # '400m to 3.2km', 'from 3.2km to 400m': a glued 'm' beside a length is metres
        self.length_after = re.compile(
            rf"\s*(?:to|and|or|by|[-–])\s*\d[\d,.]*\s?(?:{length})(?![^\W_])")
        self.length_before = EndAnchored(
            rf"(?:{length})\s*(?:to|and|or|by|[-–])\s*$", stops=".;")
        self.dimension_after = re.compile(
            rf"(?:\s+|-)(?:{_alt(lex.dimension_words)})\b", re.I)
        self.month_after = re.compile(rf"^(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s+(?:of\s+)?(?:{_alt(lex.months)})\b(?:\.(?=\s*\d))?(?:,?\s+\d{{4}})?", re.I)
        self.month_before = EndAnchored(rf"\b(?:{_alt(lex.months)})\.?\s+$", re.I,
                                        tails=[*lex.months, *(f"{m}." for m in lex.months)])
        self.furniture_before = EndAnchored(
            rf"(?:^|[^\w])(?:{_alt(lex.furniture_before)})\s*$", re.I,
            tails=lex.furniture_before)
        self.currency_word_after = re.compile(
            rf"^\s+of\s+(?P<c>{_alt(lex.currency_words)})\b", re.I)
        self.furniture_after = re.compile(rf"^\s+(?:{_alt(lex.furniture_after)})\b", re.I)
        self.plural_noun_after = re.compile(r"^\s+(?:[a-z-]+\s+)?(?![a-z]+wards?\b)[a-z]+s\b")
        self.context = Context(lex)

    @cached_property
    def and_gap(self) -> re.Pattern[str]:  # 'between X and Y': compiled on first use
        return re.compile(rf"\s+and\s+(?:(?:{self._opener_words})\s+)?", re.I)

    @cached_property
    def to_gap(self) -> re.Pattern[str]:  # 'from X to Y': compiled on first use
        return re.compile(rf"\s*(?:to|[-–—])\s*(?:(?:{self._opener_words})\s+)?", re.I)

    def extract(self, text: str, doc: str = "", *, include_all: bool = False,
                offset: int = 0, line: int | None = None,
                sentences: Sentences | None = None, prefetch: bool = False) -> list[Estimate]:
        """Estimates in `text` (offsets shifted by `offset` into the document). `prefetch`:
        for a large text, let a helper process extract the second part of the text meanwhile
        (see background.py and _cut; the command line asks for it)."""
        return list(self.iter_extract(text, doc, include_all=include_all, offset=offset,
                                      line=line, sentences=sentences, prefetch=prefetch))

    def iter_extract(self, text: str, doc: str = "", *, include_all: bool = False,
                     offset: int = 0, line: int | None = None,
                     sentences: Sentences | None = None, prefetch: bool = False
                     ) -> Iterator[Estimate]:
        """extract(), estimate by estimate: with `prefetch`, those of the first part come
        while the helper still works on the second (the command line writes them out)."""
        cut = self._cut(text) if prefetch else None
        yield from self._in_parts(text, doc, include_all, offset, line, sentences, cut)

    def _in_parts(self, text: str, doc: str, include_all: bool, offset: int, line: int | None,
                  sentences: Sentences | None, cut: int | None, helper: bool = True
                  ) -> Iterator[Estimate]:
        """The estimates of the whole text, or of text[:cut] and text[cut:] (the second in a
        helper process, where one can run): the same, where _cut chose `cut`. Each part finds
        its own sentences (the same spans); sharing what figures count goes on across."""
        sharing = _Sharing()
        tallies: dict[int, str | None] = {}  # by sentence: the numbers of one share its result

        def previous(within: Sentences) -> Callable[[Estimate], str | None]:
            return lambda e: self._previous_tally(text, within, e, offset, tallies)

        if cut is None:
            sentences = sentences or Sentences(text)
            found = self._estimates(text, doc, include_all, offset, line, sentences)
            yield from sharing.share(found, previous(sentences))
            return
        head = tail = None
        if sentences:
            head = Sentences(text[:cut], spans=[(s, e) for s, e in sentences.spans if s < cut])
            tail = Sentences(text[cut:], spans=[(s - cut, e - cut) for s, e in sentences.spans
                                                if s >= cut])

        def second() -> tuple[list[Estimate], list[tuple[int, int]]]:
            rest = tail or Sentences(text[cut:])
            return (self._estimates(text[cut:], doc, include_all, offset + cut, line, rest),
                    rest.spans)

        if helper:
            wordnet.load()  # needed by both parts: read once, before the helper is forked
        other = Prefetch.start(len(text), second) if helper else None
        try:
            head = head or Sentences(text[:cut])
            found = self._estimates(text[:cut], doc, include_all, offset, line, head)
            # the first part's sentences are the whole text's up to the cut
            yield from sharing.share(found, previous(head))
            got = other.result() if other else None
            if got is None:  # no helper, or it failed: the same work here
                got = second()
        finally:
            if other:
                other.close()
        rest, tail_spans = got
        whole = sentences or Sentences(
            text, spans=head.spans + [(s + cut, e + cut) for s, e in tail_spans])
        yield from sharing.share(rest, previous(whole))

    def _estimates(self, text: str, doc: str, include_all: bool, offset: int, line: int | None,
                   sentences: Sentences) -> list[Estimate]:
        """extract() before the estimates that name nothing share what a neighbour counts."""
        with localcontext(NUMBERS):
            items = [_fitted(item) for item in self.items(text, include_all)]
        out = []
        # QuoteFacts by quote span, shared by the numbers of one quote
        facts: dict[tuple[int, int], QuoteFacts] = {}
        for item in items:
            if item.kind not in NUMBER_WORD_KINDS and not include_all:
                continue
            qs, qe = _bounded(text, *sentences.around(item.start, item.end), item.start, item.end)
            quote = text[qs:qe]
            about = NOTHING_SAID
            if item.kind in NUMBER_WORD_KINDS:
                if (qs, qe) not in facts:
                    facts[qs, qe] = self.context.facts(quote)
                about = self.context.describe(quote, item.start - qs, item.end - qs,
                                              facts[qs, qe])
            out.append(Estimate(
                doc=doc, start=item.start + offset, end=item.end + offset,
                text=text[item.start:item.end], quote=quote,
                value=_num(item.value), low=_num(item.low), high=_num(item.high),
                qualifier=item.qualifier, kind=item.kind, unit=item.unit, per=item.per,
                change=item.change, base=_num(item.base),
                counted=about.counted, time=about.time, place=about.place, actor=about.actor,
                method=about.method, disputed_by=about.disputed_by, line=line,
                quote_start=qs + offset,
            ))
        return out

    def _cut(self, text: str) -> int | None:
        """Where a large text can be cut in two and each part extracted on its own (by two
        processes) with the very estimates the whole gives: the start of a paragraph near the
        middle, after a full stop that ends a line (a sentence end however the next line
        begins, with the same sentence spans on either side), with no number trigger (a
        digit, a number word; see Grammar.windows) within QUIET characters on either side.
        Every rule reads at most a few dozen characters around a number, or its sentence,
        so no number on one side sees the other. Pairs of numbers (ranges, bounds, bases,
        changes) join only across gaps that are short or hold no full stop. Only
        _Sharing looks further back (ANAPHORA_SPAN): it goes on from one part to the
        next. None for a small text, or when no such place lies within a quarter of the
        middle."""
        if len(text) < PREFETCH_MIN_CHARS:
            return None
        return self._quiet_start(text, int(len(text) * CUT_AT), len(text) // 4)

    def _quiet_start(self, text: str, target: int, reach: int) -> int | None:
        """The paragraph start nearest `target` (within `reach`) where _cut may cut."""
        starts = [m.end() for m in PARAGRAPH_AFTER_STOP.finditer(
            text, max(0, target - reach), target + reach)]
        for at in sorted(starts, key=lambda at: abs(at - target)):
            if at > QUIET and self._quiet(text, at):
                return at
        return None

    def _quiet(self, text: str, at: int) -> bool:
        zone = text[max(0, at - QUIET - 8):at + QUIET + 8]  # a margin for a word on the edge
        return ("." in text[at - QUIET:at] and not self.grammar.trigger_digits.search(zone)
                and not self.grammar.trigger_word.search(zone.lower()))

    def _previous_tally(self, text: str, sentences: Sentences, e: Estimate, offset: int,
                        tallies: dict[int, str | None]) -> str | None:
        """The tally noun of the sentence before ('the death toll ... In the 1920s it was')."""
        start = e.quote_start - offset
        i = bisect_left(sentences.starts, start)
        if i == 0:
            return None
        s, t = sentences.spans[i - 1]
        if start - t >= 3:
            return None
        if i not in tallies:
            tallies[i] = self.context.tally(text[max(s, t - 400):t])
        return tallies[i]

    def items(self, text: str, include_all: bool = True) -> Iterator[Item]:
        mentions = [self._unit_not_scale(text, m) if m.scaled and m.form == "digits" else m
                    for m in self.grammar.mentions(text)]
        blocked = blocked_spans(text)
        pairs = [(m, self._classify(text, m, _covering(blocked, m) if blocked else None))
                 for m in mentions]
        kept = [(m, item) for m, item in pairs if item is not None]
        joined = list(self._join(text, [m for m, _ in kept], [i for _, i in kept]))
        if not include_all:
            yield from joined
            return
        codes = self._codes(text, [m for m, _ in kept])
        yield from sorted(joined + codes, key=lambda item: (item.start, item.end))

    def _codes(self, text: str, mentions: list[Mention]) -> list[Item]:
        """Letter-digit codes ('H1N1', 'A380') that hold no number mention: identifiers."""
        out = []
        starts = [m.start for m in mentions]
        for c in CODE.finditer(text):
            prefix = LETTERS.match(c.group(0))
            if prefix and (prefix.group(0) in self.lex.currency_symbols
                           or prefix.group(0).upper() in self.currency_codes
                           or prefix.group(0) in self.lex.measure_units):
                continue
            i = bisect_left(starts, c.start())
            if i < len(mentions) and mentions[i].start < c.end():
                continue
            out.append(Item(c.start(), c.end(), None, None, None, "exact", "identifier"))
        return out

    # -- classification ---------------------------------------------------------------

    def _classify(self, text: str, m: Mention, blocked: tuple[int, int, str] | None
                  ) -> Item | None:
        if blocked:  # one record for the whole URL, phone number, ISO date or time of day
            start, end, kind = blocked
            return Item(min(start, m.start), max(end, m.end), m.value, m.low, m.high, "exact",
                        kind)
        if other := non_estimate(text, m.start, m.end):  # a name, score, marker, age, ...
            return _item(m, other)
        before, after = text[max(0, m.start - 40):m.start], text[m.end:m.end + 40]
        if m.form == "vague":
            unit = self._currency_after(text, m.end)
            return _item(m, "money" if unit else "count", qualifier="vague", unit=unit)
        if m.form == "small":
            return _item(m, "count", qualifier="about")
        if m.form == "fraction":
            if m.bare_half and not self._half_is_a_share(before, after):
                return None
            assert m.value is not None
            return Item(m.start, m.end, m.value * 100, m.low, m.high, "exact", "fraction", "%")
        digits = m.form == "digits"
        if digits and not m.currency and not m.percent:
            if m.scaled and PRODUCT_K.fullmatch(text, m.start, m.end):
                return _item(m, "name")  # '4K', '8K'
            if (symbol := self._symbol(text, m)) and not _letter_before(text, m.start):
                kind, unit, end = symbol
                if kind == "money":  # '164p': pence, a hundredth of the currency
                    assert m.value is not None
                    return Item(m.start, end, m.value / 100, None, None, "exact", kind, unit)
                return _item(m, kind, unit=unit, end=end)
        if digits and (_letter_before(text, m.start) or _letter_after(text, m.end, m)):
            if ORDINAL_SUFFIX.match(after):
                return _item(m, "ordinal", end=m.end + 2)
            return _item(m, "identifier")
        if digits and CODE_DASH_AFTER.match(after) and LANGUAGE_CODE_BEFORE.search(before):
            return _item(m, "identifier")  # ISO 639-3
        if digits and not m.scaled and m.value is not None and m.value <= 31 and whole(m.value):
            if (mm := self.month_after.match(after)) and not m.currency and not m.percent:
                return _item(m, "date", end=m.end + mm.end())
            if self.month_before.search(before):
                return _item(m, "date")
        if not digits and text[m.start:m.end].lower() in ("one", "a", "an"):
            if self.pronoun_one.search(before) or PARTITIVE_AFTER.match(after):
                return None  # 'the one you mentioned', 'one of the', 'one another'
            return _item(m, "other")
        if digits and LIST_MARK_AFTER.match(after) and _line_start(text, m.start):
            return _item(m, "list_number")
        if self.furniture_before.search(before) or self.furniture_after.match(after) \
                or P_VALUE_BEFORE.search(before):
            return _item(m, "other")
        if m.currency:
            return _item(m, "money", unit=m.currency)
        if m.percent:
            return _item(m, "percent", unit="%")
        if digits and self._is_year(text, m, before, after):
            return _item(m, "year")
        if AGE_AFTER.match(after):
            return _item(m, "measure", unit="year")  # an age, not a duration
        if (u := self.unit_after.match(after)) and not m.scaled:
            unit = self.lex.measure_units.get(u.group("unit"), self.lex.measure_units.get(u.group("unit").lower(), u.group("unit")))
            if unit in DURATION_UNITS:
                return _item(m, "duration", unit=unit)  # a time reference, never a count
            return _item(m, "measure", unit=unit)
        return _item(m, "count")

    # -- units written against the number ----------------------------------------------

    def _symbol(self, text: str, m: Mention) -> tuple[str, str | None, int] | None:
        """(kind, unit, end) of a unit symbol against the number or one space after it:
        '256GB' (measure, GB), '90min' (duration, minute), '164p' (money, GBP); None when
        the letters are no unit: '1990s' and 'their 30s' are decades, '1080p' a resolution
        (kind name)."""
        u = self.symbol_after.match(text, m.end)
        if u is None or m.value is None:
            return None
        symbol = u.group("glued") or u.group("spaced")
        kind, unit = self.symbols[symbol]
        value = m.value
        if symbol == "s" and whole(value) and (value % 10 == 0 or value >= 100):
            return None  # a decade, an age group, a plural ('747s'), as the grammar leaves them
        if len(symbol) == 1 and symbol.isupper() and (w := CAPITAL_WORD_BEFORE.search(
                text, max(0, m.start - 30), m.start)) and w.group(1).lower() not in \
                changes.FUNCTION_WORDS and not OPENING_BEFORE.search(text, max(0, w.start() - 4),
                                                                      w.start()):
            return None  # 'Rule 5A', 'Route 9W': a name's code ('Use 12V' opens a sentence)
        if symbol == "p" and whole(value) and value >= 3 * RESOLUTION_LINES \
                and value % RESOLUTION_LINES == 0 and text[m.start:m.end].isdigit():
            return "name", None, u.end()
        return kind, unit, u.end()

    def _unit_not_scale(self, text: str, m: Mention) -> Mention:
        """The mention without its glued scale letter where the letter begins a unit
        ('10m/s') or is metres ('a 3m-high wall', '108m long', '400m to 3.2km'): the
        classifier then reads the unit. Else the mention as it is ('3m viewers', '$5m')."""
        end = m.end - 1
        if m.currency or m.percent or m.value is None or end < 1 \
                or not text[end - 1].isdigit():
            return m
        u = self.symbol_after.match(text, end)
        if u is None or not u.group("glued"):
            return m
        if u.group("glued") == "m" and not self._metres(text, m):
            return m
        return replace(m, end=end, value=m.value / m.scale, scaled=False, scale=Decimal(1))

    def _metres(self, text: str, m: Mention) -> bool:
        """Whether a glued 'm' is metres rather than million: a dimension word follows ('3m
        high', '108m-long'), a length stands beside it ('by 400m to 3.2km'), the number is
        too large for millions of anything ('8,848m'), or it qualifies, after an article,
        a singular noun of a thing or an event that has a length ('a 400m race', 'a 3m
        wall'; 'the 3m mark', 'a 3m budget' and the plural '3m viewers' are millions)."""
        assert m.value is not None
        if m.value / m.scale >= 1000:
            return True
        if self.dimension_after.match(text, m.end) or self.length_after.match(text, m.end):
            return True
        before = text[max(0, m.start - 40):m.start]
        if self.length_before.search(before):
            return True
        if not DETERMINER_BEFORE.search(before):
            return False
        noun = NOUN_AFTER.match(text, m.end)
        return noun is not None and _has_length(noun.group(1)) \
            and changes.noun(noun.group(1)) is None  # 'a 3m rise' is a change of millions

    def _half_is_a_share(self, before: str, after: str) -> bool:
        """'more than half', 'half of the voters': a share; 'the first half of 2022': not."""
        if self.q_before.search(before):
            return True
        return bool(OF_AFTER.match(after)) and not SHARE_BLOCKER.search(before)

    def _is_year(self, text: str, m: Mention, before: str, after: str) -> bool:
        raw = text[m.start:m.end]
        if not FOUR_DIGITS.fullmatch(raw) or not 1000 <= int(raw) <= 2100:
            return False
        if YEAR_RANGE_AFTER.match(after) or YEAR_RANGE_BEFORE.search(before[-30:]):
            return True
        if self.q_before.search(before):
            return False
        if self.function_word_after.match(after):
            return True
        plural = self.plural_noun_after.match(after)
        return not (plural and not PLURAL_MEASURES.match(after))

    def _currency_after(self, text: str, end: int) -> str | None:
        m = self.currency_word_after.match(text[end:end + 30])
        return self.lex.currency_words[m.group("c").lower()] if m else None

    # -- ranges, qualifiers, rates -------------------------------------------------------

    def _join(self, text: str, mentions: list[Mention], items: list[Item]) -> Iterator[Item]:
        out: list[Item] = []
        i, covered = 0, 0
        while i < len(items):
            item = items[i]
            if item.start < covered:  # inside a date or range already emitted
                i += 1
                continue
            if i + 1 < len(items) and (joined := self._range(text, item, items[i + 1],
                                                                mentions[i], mentions[i + 1])):
                out.append(self._qualify(text, joined))
                covered = joined.end
                i += 2
                continue
            out.append(self._qualify(text, item) if item.kind in NUMBER_WORD_KINDS else item)
            covered = max(covered, item.end)
            i += 1
        final = list(self._bound_pairs(text, out))
        self._read_bases(text, final)
        self._read_changes(text, final)
        yield from final

    def _bound_pairs(self, text: str, items: list[Item]) -> Iterator[Item]:
        """'more than 10 and less than 20', 'at most 100 and at least 20': one range."""
        i = 0
        while i < len(items):
            a = items[i]
            if i + 1 < len(items) and (pair := _bounds(text, a, items[i + 1])) is not None:
                yield pair
                i += 2
                continue
            yield a
            i += 1

    def _range(self, text: str, a: Item, b: Item, ma: Mention, mb: Mention) -> Item | None:
        gap = text[a.end:b.start]
        if a.value is None or b.value is None:
            return None
        kinds = {a.kind, b.kind}
        if kinds == {"year"} and RANGE_DASH.fullmatch(gap):
            return Item(a.start, b.end, None, a.value, b.value, "range", a.kind, a.unit, a.per)
        if a.kind == "year" and b.kind == "count" and gap in ("-", "–", "/") \
                and (high := _short_year_after(a.value, b.value, text[b.start:b.end])):
            return Item(a.start, b.end, None, a.value, high, "range", "year")  # '2022-23'
        if a.kind == "count" and b.kind == "duration" and not ma.scaled:
            kinds = {b.kind}  # '6 to 8 weeks': a range of durations
        if a.kind == "year" and b.kind == "count" and b.value > 2100 and RANGE_DASH.fullmatch(gap) \
                and not (mb.scaled and not ma.scaled) \
                and not TIME_PREPOSITION_BEFORE.search(text[max(0, a.start - 12):a.start]):
            a = Item(a.start, a.end, a.value, a.low, a.high, a.qualifier, "count", a.unit,
                     a.per)  # '1000-5000' is no year; 'in 2018 to 3.9 million' is one
            kinds = {a.kind, b.kind}
        if not kinds <= {"count", "money", "percent", "measure", "fraction", "duration"} \
                or len(gap) > 30:
            return None
        head = text[max(0, a.start - 40):a.start]
        opener = self.range_opener.search(head)
        if not (RANGE_DASH.fullmatch(gap)
                or (opener and opener.group("w").lower() == "between"
                    and self.and_gap.fullmatch(gap))
                or (opener and opener.group("w").lower() == "from" and self.to_gap.fullmatch(gap))):
            return None
        if len(gap) > 12 and not opener:
            return None
        if self._change_and_level(text, a, b, ma, mb, gap, head, opener):
            if opener is not None and a.kind == "count" and not ma.scaled:
                _share_unit(a, b, mb)  # 'rose from 2 to 3 million': two levels, in millions
            return None
        low, high = a.value, b.value
        assert low is not None and high is not None  # checked above; a's copy kept its value
        if not ma.scaled and mb.scaled and low * mb.scale <= high:
            low *= mb.scale
        if low > high:
            return None
        kind = b.kind if b.kind != "count" else a.kind
        unit = b.unit or a.unit
        start = a.start - (len(head) - opener.start("w")) if opener else a.start
        return Item(start, b.end, None, low, high, "range", kind, unit)

    def _change_and_level(self, text: str, a: Item, b: Item, ma: Mention, mb: Mention, gap: str,
                          head: str, opener: re.Match[str] | None) -> bool:
        """Whether 'A to B' is no range but a change and a level: 'rose from 12,000 to 15,500'
        (two levels), 'rose 7% to $2.3 billion', 'fell by 300 to 13,176' (a change, then the
        level it reached): after a verb of change, A and B measure different things ('7%' and
        '$2.3 billion') or B is many times A. A range stays one where B's unit or scale is
        shared ('rose 5 to 10 percent', 'grew 2 to 3 million') or its ends are close ('grew
        by 5% to 6% a year', 'rose 20 to 30')."""
        if opener is not None:
            if opener.group("w").lower() != "from":
                return False
            lead = head[:opener.start("w")]  # 'grew 10 percent from 41,000 to 46,000'
            sized = SIZE_TAIL.search(lead)
            return changes.levels_between(head[:opener.end("w")]) or (
                sized is not None and changes.cue_before(lead[:sized.start()]) is not None)
        if not TO_GAP.fullmatch(gap):
            return False
        at = self._qualifier_start(text, a.start)
        cue = changes.cue_before(text[max(0, at - 48):at])
        if cue is None or cue.direction == changes.UNSIGNED and not cue.by:
            return False
        if a.kind == "count" and not ma.scaled and (b.kind != "count" or (
                mb.scaled and a.value is not None and b.value is not None
                and a.value * mb.scale <= b.value)):
            return False  # the unit or scale is shared: '5 to 10 percent', '2 to 3 million'
        assert a.value is not None and b.value is not None
        return (a.kind, a.unit) != (b.kind, b.unit) or abs(b.value) >= 4 * abs(a.value)

    def _qualifier_start(self, text: str, start: int) -> int:
        """Where the qualifier before `start` begins ('as much as 30%'), else start."""
        before = text[max(0, start - 40):start]
        qb = self.q_before.search(before)
        return start - (len(before) - _qstart(qb)) if qb else start

    def _read_bases(self, text: str, items: list[Item]) -> None:
        """'12 per 1,000 people', '45 deaths per 100,000', '1 in 1,000': the figure is a rate
        with a base (per: '1,000 people', base: 1000); the base is no estimate (kind other)."""
        for a, b in pairwise(items):
            if a.kind not in NUMBER_WORD_KINDS or a.per or a.qualifier in ("range", "vague") \
                    or b.kind != "count" or b.qualifier != "exact" or not _power_of_ten(b.value):
                continue
            gap = text[a.end:b.start]
            if not BASE_GAP.fullmatch(gap) or (gap.strip().lower() == "in" and (
                    a.value is None or a.value >= (b.value or 0))):
                continue
            a.per, a.base, b.kind = text[b.start:self._base_end(text, b.end)], b.value, "other"
        for b in items:  # 'deaths per 1,000 fell to 12': a base without its rate
            if b.kind == "count" and b.qualifier == "exact" and _power_of_ten(b.value) \
                    and PER_BEFORE.search(text, max(0, b.start - 5), b.start):
                b.kind = "other"

    def _base_end(self, text: str, end: int) -> int:
        """The end of a base's noun phrase: up to two words that are no function words, the
        last a noun ('1,000 people', '1,000 live births')."""
        best, at = end, end
        for _ in range(2):
            m = BASE_WORD.match(text, at)
            if not m or m.group(1).lower() in changes.FUNCTION_WORDS \
                    or self.function_word_after.match(text[at:m.end()]):
                break
            at = m.end()
            word = m.group(1).lower()
            if "n" in _parts_of_speech(word):
                best = at
                if wordnet.plural_form(word):
                    break  # '1,000 children [die]': a plural noun ends the phrase
        return best

    def _read_changes(self, text: str, items: list[Item]) -> None:
        """Each figure's part in a change (see changes.py): the size of a rise or fall, or the
        level a change starts from or reaches."""
        last: Item | None = None  # the last figure of this sentence with a part in a change
        previous: Item | None = None  # the last figure of this sentence
        for item in items:
            if item.kind not in NUMBER_WORD_KINDS:
                continue
            if previous is not None and CLAUSE_END.search(text, previous.end, item.start):
                last = previous = None
            item.change = self._part(text, item, last)
            if item.change in (None, changes.TO) and previous is not None \
                    and previous.change is None and self._from_to_over_time(text, previous, item):
                previous.change, item.change = changes.FROM, changes.TO
            if item.change is not None:
                last = item
            previous = item

    def _part(self, text: str, item: Item, last: Item | None) -> str | None:
        """The part in a change of one figure; `last`: the sentence's last figure with one."""
        at = item.start  # before the qualifier of a range ('by around 5% to 6%')
        if item.qualifier == "range":
            at = self._qualifier_start(text, at)
        before = text[max(0, at - 48):at]
        after = text[item.end:item.end + 48]
        if last is not None and last.change in changes.SIZES \
                and RESTATED.fullmatch(text, last.end, item.start):
            return last.change  # 'rose by 9 percent (15,540 people)': the same change
        low = before.lower()
        if low.endswith(("from ", "from\u00a0")) and (changes.levels_between(before) or (
                last is not None and item.start - last.end <= 60)):
            return changes.FROM  # 'grew 10 percent from 41,000', 'to 4,500 from 3,200'
        if low.rstrip().endswith(" to") and before[-1:].isspace() and (
                changes.reaches(before) or (last is not None and item.start - last.end <= 80)):
            return changes.TO
        if OF_AFTER.match(after):
            return None  # a share of something: '10% of the vote'
        share = item.kind in ("percent", "fraction")
        if (cue := changes.cue_before(before)) is not None:
            if share or cue.by or (cue.becomes and item.kind != "measure"
                                   and changes.OPEN_AFTER.match(after)):
                return cue.direction
            return None
        return changes.size_after(after, share or bool(changes.ARTICLE_BEFORE.search(before)))

    @staticmethod
    def _from_to_over_time(text: str, a: Item, b: Item) -> bool:
        """'from 12,000 in 2010 to 15,500 in 2020': two levels with a time between them."""
        between = text[a.end:b.start]
        return (text[max(0, a.start - 6):a.start].lower().rstrip().endswith("from")
                and len(between) <= 60 and between.rstrip().lower().endswith(" to")
                and bool(TIME_BETWEEN.search(between)))

    def _qualify(self, text: str, item: Item) -> Item:
        before = text[max(0, item.start - 40):item.start]
        after = text[item.end:item.end + 80]
        qualifier = item.qualifier
        start, end = item.start, item.end
        if qualifier not in ("range", "vague"):
            qb = self.q_before.search(before)
            qa = self.q_after.match(after)
            if qa and (not qb or self.lex.qualifiers_before[_norm(_qtext(qb))] == "about"):
                qualifier = self.lex.qualifiers_after[_norm(qa.group("q"))]
                end = item.end + qa.end("q")
                if qb:
                    start = item.start - (len(before) - _qstart(qb))
            elif qb:
                qualifier = self.lex.qualifiers_before[_norm(_qtext(qb))]
                start = item.start - (len(before) - _qstart(qb))
            elif qf := self.q_after_far.match(after):
                qualifier = self.lex.qualifiers_after[_norm(qf.group("q"))]
        per = None
        if p := self.per_after.match(after):
            per = self.lex.per[_norm(p.group("per"))]
        elif p := self.per_before.search(before):
            per = {"daily": "day", "a day": "day", "per day": "day", "weekly": "week",
                   "monthly": "month"}.get(_norm(p.group("per")), "year")
        value, low, high = _interval(item, qualifier)
        return Item(start, end, value, low, high, qualifier, item.kind, item.unit, per)


class _Sharing:
    """A figure that names nothing takes what its neighbour in the same sentence counts
    ('between 24.7 and 39.3 million deaths, settling on about 30 million' -> deaths), else the
    tally the sentence before talks about ('the death toll ... In the 1920s it was 21.5
    million' -> toll), else what a figure of the same order in the last few sentences counted.
    Linear: each estimate looks at its own sentence and a bounded window before it. A text is
    given in parts, each part whole sentences, in order: the last few estimates that counted
    something carry over from one part to the next."""

    def __init__(self) -> None:
        self.recent: list[Estimate] = []  # with a counted, in text order, last few only

    def share(self, estimates: list[Estimate],
              previous: Callable[[Estimate], str | None] | None = None) -> list[Estimate]:
        out = list(estimates)
        by_sentence: dict[int, list[Estimate]] = {}
        for e in estimates:
            by_sentence.setdefault(e.quote_start, []).append(e)
        recent = self.recent
        for i, e in enumerate(estimates):
            if e.counted or e.kind not in ("count", "money"):
                if out[i].counted and out[i].kind in ("count", "money") \
                        and out[i].qualifier != "vague":
                    recent = [*recent[-(RECENT - 1):], out[i]]
                continue
            near = [o for o in by_sentence[e.quote_start][:SIBLINGS] if o is not e and o.counted
                    and o.kind == e.kind and (o.qualifier != "vague" or 0 < e.start - o.end <= 40)
                    and _same_order(o, e)]
            if near:
                best = min(near, key=lambda o: abs(o.start - e.start))
                out[i] = replace(e, counted=best.counted)
            elif previous and (noun := previous(e)):
                out[i] = replace(e, counted=noun)
            else:
                earlier = [o for o in recent if o.kind == e.kind
                           and 0 < e.quote_start - o.quote_start <= ANAPHORA_SPAN
                           and _same_order(o, e)]
                if earlier:
                    out[i] = replace(e, counted=earlier[-1].counted)
            if out[i].counted and out[i].qualifier != "vague":
                recent = [*recent[-(RECENT - 1):], out[i]]
        self.recent = recent
        return out


def _same_order(a: Estimate, b: Estimate) -> bool:
    """Within two orders of magnitude (a count of trees is not a count of countries)."""
    sa, sb = _log_size(a.value, a.low, a.high), _log_size(b.value, b.low, b.high)
    return sa is not None and sb is not None and abs(sa - sb) <= 2


@lru_cache(maxsize=4096)
def _log_size(*values: float | None) -> float | None:
    """log10 of the largest of the values, leaving out None and zero; None if none is left."""
    sizes = [abs(v) for v in values if v]
    return math.log10(max(sizes)) if sizes else None


def _qtext(m: re.Match[str]) -> str:
    return m.group("q") or m.group("qs")


def _qstart(m: re.Match[str]) -> int:
    return m.start("q") if m.group("q") else m.start("qs")


def _bounds(text: str, a: Item, b: Item) -> Item | None:
    if a.kind not in NUMBER_WORD_KINDS or b.kind not in NUMBER_WORD_KINDS or a.kind != b.kind:
        return None
    if not BOUND_GAP.fullmatch(text[a.end:b.start]) or a.value is None or b.value is None:
        return None
    if a.qualifier in LOWER_BOUNDS and b.qualifier in UPPER_BOUNDS:
        low, high = a.value, b.value
    elif a.qualifier in UPPER_BOUNDS and b.qualifier in LOWER_BOUNDS:
        low, high = b.value, a.value
    else:
        return None
    if low >= high:
        return None
    return Item(a.start, b.end, None, low, high, "range", a.kind, a.unit or b.unit, a.per or b.per)


def _interval(item: Item, qualifier: str) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    v = item.value
    if qualifier in ("range", "vague"):
        return None, item.low, item.high
    if qualifier in ("at_least", "more_than"):
        return v, v, None
    if qualifier in ("up_to", "at_most", "less_than"):
        return v, None, v
    return v, None, None


def _bounded(text: str, qs: int, qe: int, start: int, end: int) -> tuple[int, int]:
    """The quote: the whole sentence, or for a run-on 'sentence' longer than MAX_QUOTE (a page
    without full stops), the part around the number, cut at spaces. Keeps work linear."""
    if qe - qs <= MAX_QUOTE:
        return qs, qe
    lo, hi = max(qs, start - MAX_QUOTE // 2), min(qe, end + MAX_QUOTE // 2)
    if lo > qs and (sp := text.find(" ", lo, start)) != -1:
        lo = sp + 1
    if hi < qe and (sp := text.rfind(" ", end, hi)) != -1:
        hi = sp
    return min(lo, start), max(hi, end)


def _covering(blocked: list[tuple[int, int, str]], m: Mention) -> tuple[int, int, str] | None:
    """The blocked span (URL, phone number, date, time) holding m; spans rarely nest, so the
    few spans starting just before m are enough."""
    i = bisect_right(blocked, (m.start, math.inf, ""))
    for span in blocked[max(0, i - 4):i]:
        if span[0] <= m.start and m.end <= span[1] + 1:
            return span
    return None


def _letter_before(text: str, i: int) -> bool:
    if i > 2 and text[i - 1] in "-–" and text[i - 2].isalpha() \
            and GLUED_SUFFIX_DASH.search(text, max(0, i - 7), i):
        return False  # '5k-20k', '$2bn-$3bn', '5GB-10GB'
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


def _fitted(item: Item) -> Item:
    """The item, or for a number beyond LARGEST ('1e400', a run of 200 digits) the same
    item without values: its text keeps the number as written. An
    estimate becomes kind too_large, which is no estimate kind, so it never reaches reconcile
    as a count; an identifier, date or ordinal keeps its kind."""
    values = (item.value, item.low, item.high)
    if all(v is None or abs(v) <= LARGEST for v in values):
        return item
    kind = "too_large" if item.kind in NUMBER_WORD_KINDS else item.kind
    return Item(item.start, item.end, None, None, None, item.qualifier, kind, item.unit, item.per,
                item.change, None)


def _share_unit(a: Item, b: Item, mb: Mention) -> None:
    """A bare first level takes the unit and scale of the second ('from 2 to 3 million',
    'from 5 to 10 percent'), where the scale keeps it no larger."""
    assert a.value is not None and b.value is not None
    if mb.scaled and a.value * mb.scale <= b.value:
        a.value *= mb.scale
    a.kind, a.unit = b.kind, b.unit


def _short_year_after(year: Decimal, end: Decimal, written: str) -> Decimal | None:
    """The year '23' ends in '2022-23' (a season, a financial year): two digits after the
    year's own, in the same century; None when they are no year's ending."""
    if len(written) != 2 or not written.isdigit():
        return None
    century = year - year % 100
    return century + end if end > year % 100 else None


def _power_of_ten(x: Decimal | None) -> bool:
    """10, 100, 1,000 ... 10^9: the bases rates are given per."""
    return x is not None and 10 <= x <= 10**9 and whole(x) and str(int(x)).rstrip("0") == "1"


@lru_cache(maxsize=4096)
def _parts_of_speech(word: str) -> frozenset[str]:
    return frozenset(wordnet.parts_of_speech(word))


@lru_cache(maxsize=4096)
def _has_length(word: str) -> bool:
    """A singular noun whose first WordNet sense is a thing, a place or a shape (a wall, a
    pool, a tower) or an event or act (a race, a sprint): what a length in metres qualifies;
    not an amount, a sum, a group or a sign (a rise, a budget, an audience, a mark)."""
    if word in changes.FUNCTION_WORDS or wordnet.plural_form(word):
        return False
    return bool(wordnet.lexnames(word, "n", senses=1) & LENGTH_NOUN_FILES)


def _num(x: Decimal | None) -> float | None:
    """The one place a parsed number becomes a float; _fitted has kept out what is too large."""
    if x is None:
        return None
    if abs(x) > LARGEST:
        raise ValueError(f"{x:.3e} is too large: _fitted should have taken its value away")
    return float(x)


@cache
def default_extractor() -> RuleExtractor:
    return RuleExtractor()
