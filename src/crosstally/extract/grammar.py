"""The number grammar: one master regex built from the lexicon, and value parsing.

A *mention* is the raw match of a number phrase ("US$6.5bn", "seven hundred thousand",
"two-thirds", "tens of thousands") with its parsed value; `rules.py` then joins mentions into
ranges, reads qualifiers and decides what kind of number each one is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from crosstally.extract.lexicon import Lexicon, load_lexicon

SEP = r"[,\u00a0\u202f\u2009 ]"
DIGITS = rf"(?<![\w.,/])(?:\d{{1,3}}(?:,\d{{3}})+|\d{{1,3}}(?:[\u00a0\u202f\u2009 ]\d{{3}})+(?![,.]?\d)|\d+)(?:\.\d+)?(?![\d])"


def alternation(words: Iterable[str]) -> str:
    """Longest first, so 'hundreds of thousands' wins over 'hundreds'."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    value: Decimal | None  # for vague mentions: None
    low: Decimal | None = None
    high: Decimal | None = None
    form: str = "digits"  # digits | words | vague | fraction
    scaled: bool = False
    scale: Decimal = Decimal(1)
    currency: str | None = None
    percent: bool = False


class Grammar:
    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        numword = f"(?:{alternation(set(lex.units) | set(lex.tens))})"
        scale_words = f"(?:{alternation(set(lex.scales))})"
        wordtok = rf"(?:{numword}|{scale_words}|{alternation(set(lex.groups))})"
        wordnum = (
            rf"(?:(?:half\s+an?|an?(?:\s+half)?)\s+(?:{scale_words}|dozen)"
            rf"|{numword}(?:[\s-]+(?:and[\s-]+)?(?:a[\s-]+half|{wordtok}))*)"
        )
        fraction = (
            rf"(?:(?:a|one|{numword})[\s-]+(?:{alternation(set(lex.fractions))})"
            rf"|(?<![\w/.])\d{{1,2}}/\d{{1,2}}(?![\w/]))(?!\s+of\s+an?\s+(?:{scale_words}))"
        )
        abbr_spaced = alternation({k for k in lex.scale_abbreviations if len(k) > 1})
        abbr_tight = "".join(k for k in lex.scale_abbreviations if len(k) == 1)
        cur_pre = alternation(set(lex.currency_symbols) | set(lex.currency_codes))
        cur_post = alternation(set(lex.currency_words) | set(lex.currency_codes))
        pct = alternation(set(lex.percent_words))
        vague = alternation({v["words"] for v in lex.vague})
        self.pattern = re.compile(
            rf"(?P<vague>\b(?:{vague})\b)"
            rf"|(?P<fraction>\b{fraction}\b)"
            rf"|(?P<core>(?:(?P<cur_pre>{cur_pre})\s?)?"
            rf"(?:(?P<digits>{DIGITS})|(?P<words>\b{wordnum}\b))"
            rf"(?:\s?(?P<abbr>{abbr_spaced})\b|(?P<tight>[{abbr_tight}])(?![\w])"
            rf"|[\s-]+(?P<scale>(?:{scale_words})(?:\s+(?:{scale_words}))*)\b)?"
            rf"(?:\s?(?P<pct>{pct})(?!\w))?"
            rf"(?:\s+(?P<cur_post>{cur_post})\b)?)",
            re.IGNORECASE,
        )

    def mentions(self, text: str) -> list[Mention]:
        return [m for m in map(self._mention, self.pattern.finditer(text)) if m is not None]

    def _mention(self, m: re.Match[str]) -> Mention | None:
        lex = self.lex
        if m.group("vague"):
            words = " ".join(m.group("vague").lower().split())
            entry = next(v for v in lex.vague if v["words"] == words)
            return Mention(m.start(), m.end(), None, Decimal(entry["low"]), Decimal(entry["high"]),
                           form="vague")
        if m.group("fraction"):
            return Mention(m.start(), m.end(), self.fraction_value(m.group("fraction")),
                           form="fraction", percent=True)
        if m.group("digits"):
            value = Decimal(re.sub(SEP, "", m.group("digits")))
            form = "digits"
        else:
            value = self.words_value(m.group("words"))
            form = "words"
            if value is None:
                return None
        scale = Decimal(1)
        if m.group("abbr") or m.group("tight"):
            key = m.group("abbr") or m.group("tight")
            scale = Decimal(lex.scale_abbreviations.get(key) or lex.scale_abbreviations[key.lower()])
        elif m.group("scale"):
            for word in m.group("scale").lower().split():
                scale *= lex.scales[word]
        value *= scale
        scaled = scale != 1 or (form == "words" and any(
            w in lex.scales for w in re.split(r"[\s-]+", m.group("words").lower())))
        currency = None
        if m.group("cur_pre"):
            sym = m.group("cur_pre")
            currency = lex.currency_symbols.get(sym, sym.upper())
        elif m.group("cur_post"):
            word = m.group("cur_post")
            currency = lex.currency_words.get(word.lower(), word.upper())
        return Mention(m.start(), m.end(), value, form=form, scaled=scaled, scale=scale,
                       currency=currency, percent=bool(m.group("pct")))

    def words_value(self, phrase: str) -> Decimal | None:
        """'five and a half million' -> 5500000; 'a dozen' -> 12; 'half a million' -> 500000."""
        lex = self.lex
        tokens = [t for t in re.split(r"[\s-]+", phrase.lower()) if t]
        total, current, seen = Decimal(0), Decimal(0), False
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok in ("and",):
                pass
            elif tok in ("a", "an"):
                if i + 1 < len(tokens) and tokens[i + 1] == "half":
                    current += Decimal("0.5")
                    i += 1
                else:
                    current += 1 if current == 0 else 0
            elif tok == "half":
                current = (current or 1) * Decimal("0.5")
                if i + 1 < len(tokens) and tokens[i + 1] in ("a", "an"):
                    i += 1
            elif (n := lex.number_word(tok)) is not None:
                current += n
                seen = True
            elif tok in lex.groups:
                current = (current or 1) * lex.groups[tok]
                seen = True
            elif tok == "hundred":
                current = (current or 1) * 100
                seen = True
            elif tok in lex.scales:
                total += (current or 1) * lex.scales[tok]
                current = Decimal(0)
                seen = True
            else:
                return None
            i += 1
        return total + current if seen or total + current else None

    def fraction_value(self, phrase: str) -> Decimal:
        """A fraction as a percentage: 'two-thirds' -> 66.67, 'a fifth' -> 20, '1/3' -> 33.3."""
        if "/" in phrase:
            num, den = phrase.split("/")
            return _percent(Decimal(num), Decimal(den))
        first, last = re.split(r"[\s-]+", phrase.lower())[0], re.split(r"[\s-]+", phrase.lower())[-1]
        num = Decimal(1) if first in ("a", "one") else Decimal(self.lex.number_word(first) or 1)
        return _percent(num, Decimal(self.lex.fractions[last]))


def _percent(num: Decimal, den: Decimal) -> Decimal:
    if den == 0:
        return Decimal(0)
    return (num * 100 / den).quantize(Decimal("0.0000000001"))


@cache
def grammar(lang: str = "en") -> Grammar:
    return Grammar(load_lexicon(lang))
