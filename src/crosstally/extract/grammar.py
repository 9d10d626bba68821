"""The number grammar: one master regex built from the lexicon, and value parsing.

A *mention* is one number phrase ("US$6.5bn", "seven hundred thousand", "two-thirds",
"tens of thousands", "1 over 3") with its parsed value; `rules.py` then joins mentions into
ranges, reads qualifiers and decides what kind of number each one is.

The master regex finds *runs*: number tokens (digits, number words, scale words, fraction
words) with the connectors between them ("and", "a", "point", "over", "out of", "in", "of").
A run can hold several numbers ("3 hundred and 2 hundred", "20 and 30"), so `RunParser`
reads it token by token, left to right, into one or more mentions. Every piece is linear in
the input: the regex has no nested ambiguous repetition and the parser moves forward only.
Nothing here is specific to English: the words come from the lexicon (lang/<code>.json).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal, InvalidOperation, localcontext
from functools import cache

from crosstally.extract.lexicon import Lexicon, load_lexicon
from crosstally.extract.patterns import alternation, initials, plain_ascii

SPACES = "\u00a0\u202f\u2009 "
MINUS = "-\u2212"
MINUS_CLASS = r"\-\u2212"  # for use inside [...]
WORDS = re.compile(r"[^\W\d_]+")
NON_SPACE = re.compile(r"\S*")
GROUPED_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
ONE = Decimal(1)
NOT_A_NUMBER_WORD = ("?", Decimal(0))
LETTER_AHEAD = re.compile(r"\s*[^\W\d_]")
SPACE_CHARS = re.compile(f"[{SPACES}]")
DECIMAL_COMMA_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+,\d+")  # 1.111,11
DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")  # 5,00
WINDOW = 48  # characters a number phrase may reach beyond its first or last trigger word
# "1e10", "1.1^23", "10^400": larger exponents are not read as numbers. Up to this one a value
# is computed (those beyond a float become estimates of kind too_large, see rules.py).
MAX_EXPONENT = 999_999
# Arithmetic on parsed numbers: 28 significant digits, as Decimal's default, but exponents up
# to 10^18, so that no text (a run of 200,000 "million"s, a 1 MB digit run) overflows.
NUMBERS = Context(prec=28, Emax=MAX_EMAX, Emin=MIN_EMIN)
DIGITS = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?![\d])"  # 1,234,567.89
    rf"|\d{{1,2}}(?:,\d{{2}})+,\d{{3}}(?:\.\d+)?(?!\d|,\d)"  # 12,34,567.89 (Indian grouping)
    rf"|\d{{1,3}}(?:\.\d{{3}})+,\d{{1,2}}(?!\d|,\d)"  # 1.111,11 (decimal comma)
    rf"|\d{{1,3}}(?:[{SPACES[:3]} ]\d{{3}})+(?:\.\d+)?(?![\d,])"  # 1 234 567.89
    rf"|\d+,\d{{1,2}}(?!\d|,\d)"  # 5,00 / 1,3 (decimal comma)
    rf"|\d+(?:\.\d+)?|\.\d+)"
)
EXPONENT = r"(?:[eE][+-]?\d+(?![\w])|\s?[x×]\s?10\^[+-]?\d+|\^[+-]*\d+)"


@dataclass(slots=True)  # not frozen: made by the thousand, and frozen __init__ is slower
class Mention:
    start: int
    end: int
    value: Decimal | None  # for vague mentions: None
    low: Decimal | None = None
    high: Decimal | None = None
    form: str = "digits"  # digits | words | vague | fraction | small
    scaled: bool = False
    scale: Decimal = Decimal(1)
    currency: str | None = None
    percent: bool = False
    bare_half: bool = False  # "half" alone: a share only where the words around say so


@dataclass(slots=True)
class Token:
    kind: str  # D digits, F a/b, X unicode fraction, U unit, T ten, H hundred, S scale,
    #            G dozen, R fraction word, C 'first'/'second', A a/an, N and, P point,
    #            O over, OUT out, OF of, IN in, M minus
    value: Decimal
    start: int
    end: int
    den: Decimal = Decimal(1)  # R/C/F/X: the denominator
    plural: bool = False  # R: 'thirds' rather than 'third'
    scaled: bool = False  # D: carried a scale abbreviation ('700k')
    word: str = ""
    scale: Decimal = ONE  # D: the scale abbreviation's value ('700k': 1000)


@dataclass(slots=True)
class Number:
    """One number read from a run: tokens [i, j), its value and how it was written."""

    i: int
    j: int
    value: Decimal
    form: str  # digits | words | fraction
    scaled: bool = False
    scale: Decimal = Decimal(1)
    bare_half: bool = False


class Grammar:
    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.words: dict[str, tuple[str, Decimal]] = {}
        for w, v in lex.units.items():
            self.words[w] = ("U", Decimal(v))
        for w, v in lex.tens.items():
            self.words[w] = ("T", Decimal(v))
        for w, v in lex.scales.items():
            self.words[w] = ("H", Decimal(v)) if v == 100 and not w.endswith("s") else ("S", Decimal(v))
        for w, v in lex.groups.items():
            self.words[w] = ("G", Decimal(v))
        for w, v in lex.fractions.items():
            self.words[w] = ("R", Decimal(v))
        for w, v in lex.fraction_compound_units.items():
            self.words[w] = ("C", Decimal(v))
        for w in lex.negative_words:
            self.words[w] = ("M", Decimal(0))
        for w in lex.point_words:
            self.words[w] = ("P", Decimal(0))
        connector = {"over": "O", "out_of": "OUT", "in": "IN"}
        for w, name in lex.fraction_connectors.items():
            self.words[w.split()[0]] = (connector[name], Decimal(0))
        self.words.update({"and": ("N", Decimal(0)), "a": ("A", Decimal(1)),
                           "an": ("A", Decimal(1)), "of": ("OF", Decimal(0))})
        self.plural_fractions = {w for w in lex.fractions if w.endswith("s")}
        self.plural_fractions |= {w for w in lex.fraction_compound_units if w.endswith("s")}
        number_words = [w for w, (k, _) in self.words.items()
                        if k in ("U", "T", "H", "S", "G", "R", "C")]
        unicode = "".join(lex.unicode_fractions)
        tight = [k for k in lex.scale_abbreviations if len(k) == 1 and k != "G"]
        spaced = [k for k in lex.scale_abbreviations if len(k) > 1 and k != "MM"]
        abbr = (rf"(?:\s?(?:{alternation(spaced)})\b|\s?(?-i:MM)\b|[{''.join(tight)}](?![\w])"
                rf"|(?-i:G)(?![\w])|\s(?-i:k)\b)")
        glued = "".join(f"|(?<={re.escape(c)})" for c in lex.currency_symbols
                        if c[-1].isalpha() or c[-1] == ".")  # 'QR800', 'Rs.500'
        # The lookaheads test the first character only, so that the engine leaves a word
        # quickly when no token can start there (they change no match).
        digtok = (rf"(?=[\d.{MINUS_CLASS}])"
                  rf"(?:(?<![\w.,/%{MINUS_CLASS}])[{MINUS_CLASS}](?=\.?\d))?(?:(?<![\w./]){glued})"
                  rf"(?:\d{{1,3}}/\d{{1,3}}(?![\w/])|{DIGITS}{EXPONENT}?{abbr}?(?:[{unicode}])?)")
        wordtok = rf"\b{initials(number_words)}(?:{alternation(number_words)})\b|[{unicode}]"
        tok = rf"(?:{digtok}|{wordtok})"
        conn = rf"(?:and|an?|point|over|out\s+of|in|of|{alternation(lex.negative_words)})"
        start = rf"(?:\b(?:an?|{alternation(lex.point_words)}|{alternation(lex.negative_words)})[\s-]+)"
        sep = r"(?:\s*-\s*|\s+)"
        run = rf"{start}*{tok}(?:{sep}(?:{conn}{sep})*{tok})*"
        cur_pre = alternation(set(lex.currency_symbols) | set(lex.currency_codes))
        cur_post = alternation(set(lex.currency_words) | set(lex.currency_codes))
        pct = alternation(set(lex.percent_words))
        vague_words = {v["words"] for v in lex.vague}
        vague = initials(vague_words) + f"(?:{alternation(vague_words)})"
        small = initials(lex.small_counts) + f"(?:{alternation(lex.small_counts)})"
        self.pattern = re.compile(
            rf"(?<!\w)(?:(?P<vague>\b(?:{vague})\b)"
            rf"|(?P<small>\b(?:{small})\b)"
            rf"|(?P<core>(?:(?<![^\W\d_])(?P<cur_pre>{cur_pre})\s?)?(?P<run>{run})"
            rf"(?:\s?(?P<pct>{pct})(?!\w))?"
            rf"(?:\s+(?P<cur_post>{cur_post})\b)?))",
            re.IGNORECASE,
        )
        # Every match starts with a digit, '.', a minus sign or a unicode fraction, with one
        # of these words as a whole word, or with a currency sign or code ('USD5', 'QR800'):
        # `starts` finds those places in lower-cased text.
        words = {p.split()[0] for p in [*vague_words, *lex.small_counts]}
        words |= {"a", "an", *lex.point_words, *lex.negative_words, *number_words}
        signs = {*lex.currency_symbols, *lex.currency_codes}
        signs |= {w for w in words if not re.fullmatch(r"[^\W\d_]+", w)}  # no word end
        words -= signs
        self.starts = re.compile(rf"(?<!\w)(?:[\d.{MINUS_CLASS}{unicode}]"
                                 rf"|(?:{alternation({w.lower() for w in words})})(?!\w)"
                                 rf"|{alternation({w.lower() for w in signs})})", re.ASCII)
        triggers = number_words + ["couple", "pair"] + [w for v in lex.vague for w in v["words"].split()
                                                       if w not in ("a", "of", "few", "several")]
        self.trigger_words = frozenset(w.lower() for w in triggers)
        self.trigger_digits = re.compile(rf"[\d{unicode}]+")
        # For plain ASCII text (see plain_ascii), where re.ASCII is exact, and faster:
        self.ascii_digits = re.compile(rf"[\d{unicode}]+", re.ASCII)
        self.trigger_word = re.compile(  # trigger words in lower-cased text
            rf"(?<![^\W\d_])(?:{alternation(self.trigger_words)})(?![^\W\d_])", re.ASCII)
        self.token = re.compile(
            rf"(?P<frac>(?:\A[{MINUS_CLASS}])?\d{{1,3}}/\d{{1,3}})|(?P<uni>[{unicode}])"
            rf"|(?P<num>(?:\A[{MINUS_CLASS}])?{DIGITS}(?P<exp>{EXPONENT})?(?P<abbr>{abbr})?)"
            r"|(?P<word>[^\W\d_]+)", re.IGNORECASE)
        self.abbr_values = {k.lower(): Decimal(v) for k, v in lex.scale_abbreviations.items()}
        self.abbr_values.update({"m": Decimal(10**6), "g": Decimal(10**9), "mm": Decimal(10**6)})
        self.parser = RunParser(self)

    # -- mentions ---------------------------------------------------------------------

    def mentions(self, text: str) -> list[Mention]:
        """Number phrases in text order. The master regex runs only on windows around
        triggers (digits, number words), found by a much cheaper scan; a phrase never
        reaches further than WINDOW characters before its first trigger or after its last."""
        out: list[Mention] = []
        with localcontext(NUMBERS):
            for m in self._matches(text):
                out.extend(self._mentions(m))
        return out

    def _matches(self, text: str) -> Iterator[re.Match[str]]:
        """The master regex's matches, as finditer over each window finds them. In plain
        ASCII text (see plain_ascii), the regex is tried only where `starts` finds that a
        match can begin: a scan of the lower-cased text much cheaper than trying it everywhere.
        Beyond ASCII, so is each window that is plain ASCII with the character before it (the
        only one the regexes look back at): most of a page with curly quotes or dashes."""
        plain = plain_ascii(text)
        low = text.lower() if plain else ""  # same offsets in ASCII text
        for lo, hi in self.windows(text):
            if plain:
                yield from self._scan(text, low, 0, lo, hi)
                continue
            base = max(0, lo - 1)
            piece = text[base:hi]
            if plain_ascii(piece):
                yield from self._scan(text, piece.lower(), base, lo, hi)
            else:
                yield from self.pattern.finditer(text, lo, hi)

    def _scan(self, text: str, low: str, base: int, lo: int, hi: int
              ) -> Iterator[re.Match[str]]:
        """The master regex's matches in text[lo:hi], tried where `starts` finds one can
        begin in `low`: text[base:hi] (or more) lower-cased, plain ASCII."""
        pos = lo
        while (start := self.starts.search(low, pos - base, hi - base)) is not None:
            at = start.start() + base
            if m := self.pattern.match(text, at, hi):
                yield m
                pos = m.end()  # never empty: a match holds a number
            else:
                pos = at + 1

    def windows(self, text: str) -> list[tuple[int, int]]:
        """Spans WINDOW characters either side of each trigger, merged where less than
        WINDOW apart, each end moved on to the next space."""
        triggers = self._triggers(text)
        spans: list[tuple[int, int]] = []
        for start, end in triggers:
            lo, hi = max(0, start - WINDOW), min(len(text), end + WINDOW)
            if spans and lo <= spans[-1][1] + WINDOW:
                spans[-1] = (spans[-1][0], hi)
            else:
                spans.append((lo, hi))
        return [(lo, _safe_end(text, hi)) for lo, hi in spans]

    def _triggers(self, text: str) -> list[tuple[int, int]]:
        """Digit runs and trigger words, in text order; for `windows` only.

        Digit runs less than 3 * WINDOW apart, whose windows merge anyway, come as one span,
        and words are looked for only between such spans: a word inside one could change no
        window. Words are found by an ASCII regex over the lower-cased text; beyond ASCII,
        over its ASCII twin (see _ascii_twin), each found word then checked as written, and
        for the letter after it (a unicode fraction counts as a letter and as a digit)."""
        plain = plain_ascii(text)
        digits = [d.span() for d in (self.ascii_digits if plain else self.trigger_digits
                                     ).finditer(text)]
        clusters: list[tuple[int, int]] = []
        for start, end in digits:
            if clusters and start - clusters[-1][1] <= 3 * WINDOW:
                clusters[-1] = (clusters[-1][0], end)
            else:
                clusters.append((start, end))
        low = text.lower() if plain else _ascii_twin(text)  # both keep every offset
        triggers: list[tuple[int, int]] = []
        pos = 0
        for start, end in [*clusters, (len(text), len(text))]:
            words = self.trigger_word.finditer(low, pos, start)
            if plain:
                triggers += [w.span() for w in words]
            else:  # the search stops at `start`, where a letter-like '¾' may go on the word
                triggers += [w.span() for w in words
                             if text[w.start():w.end()].lower() in self.trigger_words
                             and not LETTER.match(text, w.end())]
            triggers.append((start, end))
            pos = end
        triggers.pop()  # the end marker
        return triggers

    def _mentions(self, m: re.Match[str]) -> list[Mention]:
        lex = self.lex
        if m.lastgroup == "vague":
            # casefold: the pattern ignores case the Unicode way ('ſ' matches 's')
            words = " ".join(m.group("vague").casefold().split())
            entry = next((v for v in lex.vague if v["words"] == words), None)
            if entry is None:
                return []
            return [Mention(m.start(), m.end(), None, Decimal(entry["low"]), Decimal(entry["high"]),
                            form="vague")]
        if m.lastgroup == "small":
            value = lex.small_counts.get(" ".join(m.group("small").casefold().split()))
            if value is None:
                return []
            return [Mention(m.start(), m.end(), Decimal(value), form="small")]
        cur_pre, run, pct, cur_post = m.group("cur_pre", "run", "pct", "cur_post")
        run_start, run_end = m.span("run")
        tokens = self.tokens(run, run_start)
        after = m.string[run_end:run_end + 3]
        self.parser.no_over = bool(cur_pre) or bool(LETTER_AHEAD.match(after))
        numbers = self.parser.parse(tokens)
        if not numbers:
            return []
        out = []
        for n, number in enumerate(numbers):
            start, end = tokens[number.i].start, tokens[number.j - 1].end
            currency, percent = None, False
            if n == 0 and cur_pre and start == run_start:
                start = m.start()
                currency = lex.currency_symbols.get(cur_pre, cur_pre.upper())
            if n == len(numbers) - 1 and end == run_end:
                if pct:
                    percent, end = True, m.end("pct")
                if cur_post:
                    currency = lex.currency_words.get(cur_post.lower(), cur_post.upper())
                    end = m.end("cur_post")
            out.append(Mention(start, end, number.value, form=number.form, scaled=number.scaled,
                               scale=number.scale, currency=currency, percent=percent,
                               bare_half=number.bare_half))
        return out

    def tokens(self, run: str, offset: int) -> list[Token]:
        if run.isascii() and (run.isdigit() or GROUPED_DIGITS.fullmatch(run)):
            # '2022', '1,200', '2,500.5': one plain number, as the loop below would find
            return [Token("D", Decimal(run.replace(",", "")), offset, offset + len(run))]
        out = []
        for t in self.token.finditer(run):
            start, end = t.start() + offset, t.end() + offset
            kind = t.lastgroup  # the outer group: frac, uni, num or word
            if kind == "frac":
                num, den = t.group("frac").split("/")
                num = num.replace("\u2212", "-")
                out.append(Token("F", Decimal(num), start, end, den=Decimal(den)))
            elif kind == "uni":
                num, den = self.lex.unicode_fractions[t.group("uni")].split("/")
                out.append(Token("X", Decimal(num), start, end, den=Decimal(den)))
            elif kind == "num":
                out.extend(self._digits_token(t, start, end))
            else:
                word = t.group("word").lower()
                kind, value = self.words.get(word, NOT_A_NUMBER_WORD)
                den = value if kind in ("R", "C") else ONE
                out.append(Token(kind, value, start, end, den=den,
                                 plural=word in self.plural_fractions, word=word))
        return out

    def _digits_token(self, t: re.Match[str], start: int, end: int) -> list[Token]:
        raw, abbr_raw, exp = t.group("num", "abbr", "exp")
        abbr = (abbr_raw or "").strip()
        exp = exp or ""
        body = raw[:len(raw) - len(abbr_raw or "")]
        body = body[:len(body) - len(exp)] if exp else body
        negative = body[:1] in MINUS
        value = _decimal(body.lstrip(MINUS))
        if value is None:
            return []
        if exp:
            value = _power(value, exp)
            if value is None:
                return []
        if abbr == "G" and "." not in body:  # '5G' is a name, '.0012G' a number
            return []
        scale = ONE
        if abbr:
            scale = self.abbr_values.get(abbr, self.abbr_values.get(abbr.lower(), ONE))
            value *= scale
        return [Token("D", -value if negative else value, start, end,
                      scaled=bool(abbr) or bool(exp), word="-" if negative else "", scale=scale)]


NON_ASCII = re.compile(r"[^\x00-\x7f]")
LETTER = re.compile(r"[^\W\d_]")


def _ascii_twin(text: str) -> str:
    """`text` lower-cased with each character beyond ASCII replaced by one ASCII character:
    a letter (a word character but no digit or underscore) by its lower case where that is
    one ASCII letter (the kelvin sign U+212A is 'k'), else by 'x'; anything else by a space.
    Same length, and a letter wherever the text has one, so word boundaries fall where they
    fall in the text; a word found here is a trigger word if it lower-cases to one there
    ('x' may stand for a letter that is not 'x')."""
    return NON_ASCII.sub(_ascii_stand_in, text).lower()


@cache
def _ascii_char(char: str) -> str:
    if not LETTER.match(char):
        return " "
    low = char.lower()
    return low if len(low) == 1 and low.isascii() and low.isalpha() else "x"


def _ascii_stand_in(m: re.Match[str]) -> str:
    return _ascii_char(m.group())


def _safe_end(text: str, hi: int) -> int:
    """A window end that does not cut a word (the regex must not see a truncated token)."""
    return NON_SPACE.match(text, hi).end()  # type: ignore[union-attr]


def _decimal(raw: str) -> Decimal | None:
    """'1,234.5' -> 1234.5; '1.111,11' -> 1111.11; '5,00' -> 5; '12 500' -> 12500."""
    if raw.isascii() and raw.isdigit():
        return Decimal(raw)
    raw = SPACE_CHARS.sub("", raw)
    if DECIMAL_COMMA_GROUPED.fullmatch(raw):
        raw = raw.replace(".", "").replace(",", ".")
    elif DECIMAL_COMMA.fullmatch(raw):
        raw = raw.replace(",", ".")
    else:
        raw = raw.replace(",", "")
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


def _power(value: Decimal, exp: str) -> Decimal | None:
    """'e10' -> value * 10^10; 'x10^-4' -> value * 10^-4; '^23' -> value ** 23."""
    digits = re.search(r"\d+$", exp)
    if digits is None:
        return None
    written = digits.group(0).lstrip("0") or "0"
    if len(written) > len(str(MAX_EXPONENT)) or int(written) > MAX_EXPONENT:
        return None
    n = int(written)
    negative = exp.count("-") % 2 == 1
    with localcontext(NUMBERS):
        if "^" in exp and "10^" not in exp:
            result = value ** (-n if negative else n) if value or not negative else None
        else:
            result = value * Decimal(10) ** (-n if negative else n)
    return None if result is None else +result


class RunParser:
    """Reads the tokens of one run into numbers, left to right."""

    def __init__(self, grammar: Grammar) -> None:
        self.g = grammar
        self.no_over = False  # set per run: 'X over Y' is no fraction before a word ('3 years')

    def parse(self, toks: Sequence[Token]) -> list[Number]:
        if len(toks) == 1 and toks[0].kind == "D":  # the common '1,200', '45', '6.5bn'
            t = toks[0]  # what cardinal() and Card.number() make of it, step for step
            return [Number(0, 1, Decimal(0) + (Decimal(0) + t.value), "digits", t.scaled,
                           t.scale)]
        out: list[Number] = []
        i = 0
        while i < len(toks):
            number = self.number(toks, i)
            if number is None:
                i += 1
                continue
            out.append(number)
            i = number.j
        return out

    # -- one number -------------------------------------------------------------------

    def number(self, toks: Sequence[Token], i: int) -> Number | None:
        if toks[i].kind == "M":  # "minus five", "negative one over 20"
            if i + 1 < len(toks) and (n := self.number(toks, i + 1)) is not None:
                return Number(i, n.j, -n.value, n.form, n.scaled, n.scale)
            return None
        t = toks[i]
        if t.kind == "F":
            return self._slash(toks, i, Decimal(0))
        if t.kind == "X":
            return Number(i, i + 1, t.value / t.den, "fraction")
        if t.kind == "R" or (t.kind == "A" and _kind(toks, i + 1) in ("R", "T")):
            return self._leading_fraction(toks, i)
        card = self.cardinal(toks, i)
        if card is None:
            return None
        return self._after_cardinal(toks, card)

    def _leading_fraction(self, toks: Sequence[Token], i: int) -> Number | None:
        """'half a million', 'quarter million', 'a half', 'a third', 'a twenty-first', 'half'."""
        t = toks[i]
        if t.kind == "R":
            j = i + 1 + (_kind(toks, i + 1) == "A")
            if _kind(toks, j) in ("S", "G", "H"):
                scale = toks[j].value
                return Number(i, j + 1, scale / t.den, "words", True, scale)
            if t.word == "half":
                return Number(i, i + 1, Decimal("0.5"), "fraction", bare_half=True)
            return None
        # "a" + fraction word, or "a twenty-first"
        if _kind(toks, i + 1) == "T" and _kind(toks, i + 2) in ("R", "C"):
            den = toks[i + 1].value + toks[i + 2].den
            return self._fraction_tail(toks, i, i + 3, Decimal(1) / den)
        if _kind(toks, i + 1) == "R" and not toks[i + 1].plural:
            return self._fraction_tail(toks, i, i + 2, Decimal(1) / toks[i + 1].den)
        return None

    def _fraction_tail(self, toks: Sequence[Token], i: int, j: int, value: Decimal) -> Number:
        """A fraction, times a scale that follows it ('two thirds of a million')."""
        k = j
        if _kind(toks, k) == "OF" and _kind(toks, k + 1) == "A":
            k += 2
        if _kind(toks, k) == "S":
            return Number(i, k + 1, value * toks[k].value, "words", True, toks[k].value)
        return Number(i, j, value, "fraction")

    def _after_cardinal(self, toks: Sequence[Token], card: Card) -> Number:
        """Fractions, mixed numbers and 'X over Y' after a whole number."""
        j = card.j
        k = _kind(toks, j)
        if k == "R" or (k == "T" and _kind(toks, j + 1) in ("R", "C") and card.words):
            if (frac := self._denominator(toks, card)) is not None:
                return frac
        if k == "N" and (mixed := self._mixed(toks, card)) is not None:
            return mixed
        if k in ("O", "OUT", "IN") and (ratio := self._ratio(toks, card)) is not None:
            return ratio
        if k in ("F", "X") and card.digits and whole(card.value) and card.value >= 0 \
                and toks[j].value < toks[j].den:
            return self._slash(toks, j, card.value, start=card.i) or card.number()
        return card.number()

    def _denominator(self, toks: Sequence[Token], card: Card) -> Number | None:
        j = card.j
        if not card.words:  # "100 millionths" is a hundred, then an ordinal
            return None
        if toks[j].kind == "T":  # "twenty twenty-fifths", "one twenty-fifth"
            den = toks[j].value + toks[j + 1].den
            return self._fraction_value(toks, card.i, j + 2, card.value, den, toks[j + 1].plural)
        r = toks[j]
        last = toks[j - 1]
        if last.kind == "T" and r.den < 10 and j - 1 > card.i and card.kinds[-2:-1] != ["N"]:
            # "one hundred thirty fifths" = 100 / 35
            rest = self.cardinal(toks, card.i, stop=j - 1)
            if rest is not None and rest.j == j - 1:
                return self._fraction_value(toks, card.i, j + 1, rest.value, last.value + r.den,
                                            r.plural)
        if card.and_at is not None and card.and_at + 1 < j:  # "one hundred and three quarters" = 100 + 3/4
            tail = self.cardinal(toks, card.and_at + 1, stop=j)
            if tail is not None and tail.j == j and tail.value < r.den:
                head = self.cardinal(toks, card.i, stop=card.and_at)
                if head is not None:
                    return self._plus_fraction(toks, head, j + 1, tail.value / r.den)
        return self._fraction_value(toks, card.i, j + 1, card.value, r.den, r.plural)

    def _fraction_value(self, toks: Sequence[Token], i: int, j: int, num: Decimal, den: Decimal,
                        plural: bool) -> Number | None:
        if den == 0 or (plural and num == 1) or (not plural and num != 1):
            return None
        value = num / den
        if value < 1:
            return self._fraction_tail(toks, i, j, value)
        return Number(i, j, value, "words")

    def _mixed(self, toks: Sequence[Token], card: Card) -> Number | None:
        """'five and a half (million)', 'two million and three fifths', 'twenty and 3/5'."""
        n = card.j
        i = n + 1
        if _kind(toks, i) == "A" and _kind(toks, i + 1) == "R" and not toks[i + 1].plural:
            frac, j = Decimal(1) / toks[i + 1].den, i + 2
        else:
            tail = self.cardinal(toks, i)
            if tail is None or _kind(toks, tail.j) != "R" or not tail.words:
                return None
            r = toks[tail.j]
            if (r.plural and tail.value == 1) or (not r.plural and tail.value != 1) \
                    or tail.value >= r.den:
                return None
            frac, j = tail.value / r.den, tail.j + 1
        return self._plus_fraction(toks, card, j, frac)

    def _plus_fraction(self, toks: Sequence[Token], card: Card, j: int, frac: Decimal) -> Number:
        """card + frac, where frac may carry a scale: 'one billion and a quarter million'."""
        if _kind(toks, j) == "S":  # "one billion and a quarter million", "five and a half million"
            scale = toks[j].value
            if card.last_scale:
                return Number(card.i, j + 1, card.value + frac * scale, "words", True, scale)
            return Number(card.i, j + 1, (card.value + frac) * scale, "words", True, scale)
        if card.last_scale:  # "3 million and a half", "five billion and three quarters"
            return Number(card.i, j, card.value + frac * card.last_scale, "words", True,
                          card.last_scale)
        return Number(card.i, j, card.value + frac, "words", card.scaled, card.scale)

    def _ratio(self, toks: Sequence[Token], card: Card) -> Number | None:
        """'one over three', '1 in 5', 'two out of five hundred'."""
        k = card.j
        kind = toks[k].kind
        i = k + 1 + (kind == "OUT" and _kind(toks, k + 1) == "OF")
        if kind == "OUT" and i == k + 1:
            return None
        den = self.cardinal(toks, i)
        if den is None or den.value == 0 or card.value < 0:
            return None
        if _kind(toks, den.j) == "R":
            return None
        if kind == "O":
            if self.no_over or den.j < len(toks):
                return None
        elif card.value >= den.value or card.value > 20 or (den.digits and 1000 <= den.value <= 2100):
            return None
        value = card.value / den.value
        return Number(card.i, den.j, value, "fraction" if value < 1 else "words")

    def _slash(self, toks: Sequence[Token], j: int, integer: Decimal, start: int | None = None
               ) -> Number | None:
        t = toks[j]
        if t.den == 0:
            return None
        value = t.value / t.den
        if t.value >= t.den:
            return None
        if start is None:
            return Number(j, j + 1, value, "fraction")
        return Number(start, j + 1, integer + value, "digits")

    # -- whole numbers ----------------------------------------------------------------

    def cardinal(self, toks: Sequence[Token], i: int, stop: int | None = None) -> Card | None:
        """The longest whole number (words and/or digits) starting at token i."""
        stop = len(toks) if stop is None else stop
        card = Card(i)
        j = i
        if _kind(toks, j) == "A" and j + 1 < stop and toks[j + 1].kind in ("H", "S", "G"):
            card.low, card.words = Decimal(1), True
            card.kinds.append("A")
            j += 1
        elif _kind(toks, j) == "P":
            return self._point(toks, card, j, stop)
        while j < stop:
            t = toks[j]
            if not card.take(t, toks, j, stop):
                break
            j += 1
        if not card.kinds or card.kinds[-1] in ("N", "A"):
            if card.kinds and card.kinds[-1] == "N":
                card.kinds.pop()
                j -= 1
                card.and_at = None
            if not card.kinds or card.kinds == ["A"]:
                return None
        card.j = j
        if _kind(toks, j) == "P" and card.kinds[-1] in ("U", "T", "D", "H") and not card.decimal:
            return self._point(toks, card, j, stop)
        return card

    def _point(self, toks: Sequence[Token], card: Card, j: int, stop: int) -> Card | None:
        """'two hundred point zero three', 'point 77', 'two point two million'."""
        k = j + 1
        digits = ""
        while k < stop and toks[k].kind in ("U", "T", "D"):
            t = toks[k]
            if t.kind == "D":
                if digits or not whole(t.value) or t.value < 0:
                    break
                digits += f"{t.value:.0f}"
            elif t.kind == "T":
                digits += str(int(t.value))[0]
                if _kind(toks, k + 1) == "U" and toks[k + 1].value < 10 and k + 1 < stop:
                    digits += str(int(toks[k + 1].value))
                    k += 1
                else:
                    digits += "0"
            else:
                digits += str(int(t.value))
            k += 1
        if not digits:
            return card if card.kinds else None
        base = card.total + card.group
        card.low = Decimal(f"{base:.0f}.{digits}") if whole(base) else base
        card.total, card.hundreds = Decimal(0), Decimal(0)
        card.kinds.append("P")
        card.words = True
        card.decimal = True
        card.j = k
        if _kind(toks, k) == "S" and k < stop:
            card.low *= toks[k].value
            card.scaled, card.scale = True, toks[k].value
            card.last_scale = toks[k].value
            card.kinds.append("S")
            card.j = k + 1
        return card


def _smaller_scale_ahead(toks: Sequence[Token], j: int, stop: int, scales: list[Decimal]) -> bool:
    """After 'twenty million (and)', the next group may not carry a scale as large."""
    k = j
    while k < stop and toks[k].kind in ("D", "U", "T", "H", "N"):
        k += 1
    return not (k < stop and toks[k].kind == "S" and scales and toks[k].value >= scales[-1])


def whole(value: Decimal) -> bool:
    """value is a whole number (unlike int(), no time spent on a value of a million digits)."""
    return value == value.to_integral_value()


def _kind(toks: Sequence[Token], i: int) -> str:
    return toks[i].kind if 0 <= i < len(toks) else ""


class Card:
    """A whole number being read: total (above the last scale) + hundreds + low part."""

    def __init__(self, i: int) -> None:
        self.i = i
        self.j = i
        self.total = Decimal(0)
        self.hundreds = Decimal(0)
        self.low = Decimal(0)
        self.kinds: list[str] = []
        self.words = False
        self.digits = False
        self.decimal = False
        self.scaled = False
        self.scale = Decimal(1)
        self.last_scale: Decimal | None = None
        self.scales: list[Decimal] = []
        self.and_at: int | None = None

    @property
    def group(self) -> Decimal:
        return self.hundreds + self.low

    @property
    def value(self) -> Decimal:
        return self.total + self.group

    def number(self) -> Number:
        return Number(self.i, self.j, self.value, "words" if self.words else "digits",
                      self.scaled, self.scale)

    def take(self, t: Token, toks: Sequence[Token], j: int, stop: int) -> bool:
        """Add token t to the number, or say it does not belong (False)."""
        last = self.kinds[-1] if self.kinds else ""
        before_and = self.kinds[-2] if len(self.kinds) > 1 else ""
        k = t.kind
        nxt = _kind(toks, j + 1) if j + 1 < stop else ""
        after_scale = last == "S" or (last == "N" and before_and == "S")
        if after_scale and k in ("D", "U", "T") and not _smaller_scale_ahead(toks, j, stop, self.scales):
            return False  # '20 million and 50 million' is two numbers
        if k == "D":
            if t.word == "-" and last:
                return False
            if last == "":
                self.low, self.digits = t.value, True
                self.scaled, self.scale = t.scaled, t.scale
                self.decimal = not whole(t.value)
            elif (last == "S" or (last == "N" and before_and == "S")) and nxt in ("H", "S") \
                    and self.group == 0 and not t.scaled:
                self.low, self.digits = t.value, True
            elif last == "N" and before_and == "H" and 0 < t.value < 100 and nxt not in ("H", "S") \
                    and whole(t.value):
                self.low += t.value
            else:
                return False
        elif k == "U":
            if last == "N" and t.value == 0:
                return False
            if last in ("", "S", "H") or (last == "N" and before_and in ("H", "S")):
                if last == "S" or (last == "N" and before_and == "S"):
                    self.low = t.value
                else:
                    self.low += t.value
            elif last == "T" and t.value < 10 and self.low % 10 == 0 and before_and != "U":
                self.low += t.value
            else:
                return False
            self.words = True
        elif k == "T":
            if last in ("", "S", "H") or (last == "N" and before_and in ("H", "S")):
                if last == "S" or (last == "N" and before_and == "S"):
                    self.low = t.value
                else:
                    self.low += t.value
            else:
                return False
            self.words = True
        elif k == "H":
            if last not in ("", "U", "T", "D", "A") or self.hundreds:
                return False
            if last == "" and nxt not in ("S", "U", "T"):  # 'hundred thousand', not 'hundred' alone
                return False
            if last == "D" and (not whole(self.low) and self.low >= 100):
                return False
            self.hundreds, self.low = (self.low or ONE) * 100, Decimal(0)
            self.words = True
        elif k == "S":
            if last not in ("U", "T", "H", "D", "A", "S"):
                return False
            if last == "S" and self.group == 0:  # "three lakh crore", "three thousand millions"
                self.total *= t.value
            elif self.scales and t.value >= self.scales[-1]:
                return False
            else:
                self.total += (self.group or 1) * t.value
                self.hundreds = self.low = Decimal(0)
            self.scales.append(t.value)
            self.scaled, self.scale, self.last_scale = True, t.value, t.value
            self.words = True
        elif k == "G":
            if last not in ("U", "T", "D", "H", "A"):
                return False
            if self.low and self.hundreds:
                self.low *= t.value
            else:
                self.low, self.hundreds = (self.group or 1) * t.value, Decimal(0)
            self.words = True
        elif k == "N":
            if last not in ("H", "S") or nxt not in ("U", "T", "D"):
                return False
            self.and_at = j
        else:
            return False
        self.kinds.append(k)
        self.last_scale = t.value if k == "S" else None
        return True


@cache
def grammar(lang: str = "en") -> Grammar:
    return Grammar(load_lexicon(lang))
