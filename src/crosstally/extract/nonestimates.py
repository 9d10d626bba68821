"""Numbers that are never estimates, told by the words around them (issue 11, point 4).

`non_estimate(text, start, end)` answers, for the number written at text[start:end], which
of these it is, or None for a number that may be an estimate:

    marker        a reference or footnote mark: 'people.[2]', '[note 2]', '^7', '. (4)'
    list_number   list numbering: '(1) a tax, (2) a rebate'
    score         a result: 'won 2-1', 'a 1-1 draw', '6-4, 6-3' (the larger number first, as
                  results are written; a range runs from the smaller to the larger)
    statistic     a statistical label: '95% CI', '95 per cent confidence', 'p < 0.05',
                  'r = 0.3', 'margin of error of 3 points', 'plus or minus 2'
    magnitude     a reading on a scale: 'magnitude 7.0', '7.0-magnitude', '5.2 on the Richter
                  scale', 'level 4' (WordNet's nouns for a step on a scale), 'a 6.8 quake' (a
                  bare decimal before a natural phenomenon, which no count or unit can be)
    age           '29-year-old', 'aged 18 to 64', 'who is 54', 'Oleinikov, 29,', 'the driver,
                  34,' (after a name or a person noun), 'children under 5'
    name          a number inside a name: 'S&P 500', 'Windows 10', 'iPhone 11', 'Exit 104' (a
                  capitalised word that is no sentence opener, function word, time word,
                  place or unit, directly before a bare number)

Every test is general English: closed-class words and unit words from the extractor's
lexicon, WordNet for what a word names (a person, a place, a step on a scale, a natural
phenomenon). Cheap character tests and one compiled regex per family come first; WordNet is
asked only when a family's regex has matched, and its answers are cached by word.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

from crosstally import wordnet
from crosstally.extract.lexicon import Lexicon, load_lexicon
from crosstally.extract.patterns import alternation

WINDOW = 48  # characters looked at on each side of a number
OLDEST = 130  # an age in years is at most this
BARE = re.compile(r"\d{1,4}")  # a number with no separator, sign, unit or scale
NAMED = re.compile(r"\d{1,4}(?:\.\d{1,2})?")  # 'Windows 10', 'Python 3.11'
LEADING = re.compile(r"\d{1,3}(?![\d.,])")  # the first number of a mention ('3 in 78')

# -- markers and list numbers ----------------------------------------------------------------
# '[2]', '[note 2]', '[3, 4]', '[3–5]': a bracket holding only reference numbers.
BRACKET_BEFORE = re.compile(r"\[(?:[^\W\d_]+\.?\s*)?(?:\d{1,4}\s*[,–-]\s*)*$")
BRACKET_AFTER = re.compile(r"^(?:\s*[,–-]\s*\d{1,4})*\]")
PAREN_AFTER = re.compile(r"^\s*\)")
# '(1) a 5% tax, (2) a rebate and (3) ...', a '(4)' opening a line ('\n' stands for the start)
LIST_PAREN_BEFORE = re.compile(r"(?:\n|[:;,]|\b(?:and|or))\s*\(\s*$", re.IGNORECASE)
# '... the capital.(4)', '... deep. (4)': a bracketed number after a sentence's end
SENTENCE_PAREN_BEFORE = re.compile(r"[.!?][\"'”’]?\s*\(\s*$")

# -- scores ---------------------------------------------------------------------------------
# Written close up ('2-1', '6–4'): a table's '2 - 2' is two figures and an empty cell.
SCORE_AFTER = re.compile(r"^[-–](?P<n>\d{1,3})(?!\d|[.,]\d|[-–]\d)")
SCORE_BEFORE = re.compile(r"(?<![\w.,-])(?P<n>\d{1,3})[-–]$")
SCORE_GOES_ON = re.compile(r"^[-–]\d")  # '978-0-374': a code, no score
RANGE_OPENER = re.compile(r"\b(?:between|from|aged?|ages)\s+$", re.IGNORECASE)

RANGE_END = re.compile(r"[-–]\d[\d,.]*")  # the rest of '30-40%'

# -- statistics -----------------------------------------------------------------------------
STATISTIC_AFTER = re.compile(
    r"^[\s-]*(?:(?-i:CI|CrI|UI)\b|C\.I\.|(?:confidence|credible|significance)\b)", re.IGNORECASE)
STATISTIC_BEFORE = re.compile(
    r"(?:(?<![\w.</])(?:[prtfz]|r²|r2|χ²)\s*(?:[<>=≤≥]|<=|>=)\s*"  # 'p < 0.05', 'r = 0.3'
    r"|\bp[\s-]?values?\s+(?:of\s+|was\s+|is\s+|=\s*)?"
    r"|\bconfidence\s+level\s+(?:of\s+)?"  # not 'confidence interval 54%-78%', the bounds
    r"|\bmargin\s+of\s+(?:sampling\s+)?error\s+(?:of\s+|is\s+|was\s+|at\s+)?"
    r"(?:(?:about|around|roughly|approximately)\s+)?(?:plus\s+or\s+minus\s+|\+/-\s*|±\s*)?"
    r"|(?-i:\b(?:SD|SE|s\.d\.|s\.e\.))\s*(?:of\s+|=\s*|:\s*)?"
    r"|\bstandard\s+(?:deviation|error)\s+(?:of\s+|=\s*|:\s*)"
    r"|(?:±|\+/-|\+-)\s*"
    r"|\bplus\s+or\s+(?:minus\s+)?)$", re.IGNORECASE)

# Every STATISTIC_BEFORE match ends with one of these (lower case, trailing space aside).
STATISTIC_TAILS = ("<", ">", "=", "≤", "≥", "±", "+/-", "+-", "of", "was", "is", "or", "minus",
                   "error", "value", "values", "sd", "se", "s.d.", "s.e.", ":")

# -- magnitudes -----------------------------------------------------------------------------
MAGNITUDE_AFTER = re.compile(r"^[\s-]+magnitude\b", re.IGNORECASE)
SCALE_AFTER = re.compile(r"^\s+on\s+(?:the|a|an)\s+(?:[\w'’-]+\s+){0,3}?scale\b", re.IGNORECASE)
WORD_BEFORE = re.compile(r"(?<![\w'’-])(?P<w>[^\W\d_]+)(?P<of>\s+of)?\s+$")
WORD_AFTER = re.compile(r"^[\s-]+(?P<w>[^\W\d_]+)\b")

SMALL = 12  # a step on a scale named before it: 'level 4', 'magnitude 7.0', 'tier 2'

# -- ages -----------------------------------------------------------------------------------
# The attributive age, 'a 29-year-old', 'a 29 year old man'. The predicate 'he is thirty years
# old' stays a measure in years, which the number suites read as an interval ('more than').
YEARS_OLD_AFTER = re.compile(
    r"^(?:-(?:years?|yrs?|months?|weeks?)-|\s(?:year|yr|month|week)\s)old\b", re.IGNORECASE)
AGED_BEFORE = re.compile(
    r"\b(?:aged|ages?(?:\s+of)?)\s+(?:(?:between|from|under|over)\s+)?"
    r"(?:\d{1,3}\s*(?:to|and|-|–)\s*)?$", re.IGNORECASE)  # 'aged 67', 'aged between 19 and [46]'
COPULA_BEFORE = re.compile(
    r"\b(?:who|he|she)\s+(?:is|was|turns|turned|will\s+be|is\s+now)\s+$", re.IGNORECASE)
CLAUSE_AFTER = re.compile(r"^(?:\s*[,.;:!?)]|\s*$|\s+(?:and|but|or|when|as)\b)", re.IGNORECASE)
COPULA_TAILS = (" is", " was", " turns", " turned", " be", " now")
GROUP_TAILS = (" under", " over", " above", " below")
APPOSITION_BEFORE = re.compile(r"(?<![\w'’.-])(?P<w>[^\W\d_][\w'’.-]*)\s*(?P<p>[,(])\s*$")
COMMA_AFTER = re.compile(r"^\s*,")
GROUP_BEFORE = re.compile(r"(?<![\w'’-])(?P<w>[^\W\d_]+)\s+(?:under|over|above|below)\s+$",
                          re.IGNORECASE)  # 'children under 5'

# -- names ----------------------------------------------------------------------------------
# The word before the number: letters with '&', "'", '.', '-' inside ('S&P', 'Nikkei').
NAME_BEFORE = re.compile(r"(?<![\w&'’.-])(?P<w>[^\W\d_][\w&'’.-]*[^\W\d_])[ \u00a0]$"
                         r"|(?<![\w&'’.-])(?P<one>[^\W\d_])[ \u00a0]$")
PREVIOUS_WORD = re.compile(r"(?P<w>[\w'’&.-]+)[\s\u00a0]+$")
# What opens a sentence or a cell: a line, a full stop, a colon, a table bar, a closing tag.
SENTENCE_OPENING = re.compile(r"(?:\n|[.!?:;|>]|[.!?][\"'”’)\]])[\s\"'“‘(\[]*$")
TITLE_WORD = re.compile(r"\b[^\W\d_]{3,}\b")
# Closed-class words the lexicon does not list: articles, determiners and pronouns, which
# open a noun phrase ('These 12', 'A 300-page report') and name nothing.
DETERMINERS = frozenset([
    "a", "an", "the", "all", "both", "each", "every", "any", "another", "other", "either",
    "neither", "these", "those", "this", "that", "several", "many", "few", "such", "what",
    "which", "whose", "its", "their", "our", "his", "her", "my", "your", "no", "i", "we", "you",
    "they"])
# Statistical labels written before the figures they label ('95% CI 12-29%', 'SD 3.2'): the
# figures after them are estimates or statistics, never part of a name.
LABELS = frozenset(["ci", "cri", "ui", "sd", "se"])


@cache
def _families(lang: str = "en") -> Families:
    return Families(load_lexicon(lang))


def non_estimate(text: str, start: int, end: int) -> str | None:
    """The non-estimate kind of the number at text[start:end] (see the module docstring),
    or None when it may be an estimate."""
    return _families().kind(text, start, end)


class Families:
    """The patterns of every family, built once from the lexicon's closed-class words."""

    def __init__(self, lex: Lexicon) -> None:
        qualifier_words = {w for q in lex.qualifiers_before for w in q.split()}
        self.closed = frozenset(
            w.lower() for w in (*lex.function_words, *qualifier_words, *lex.time_words,
                                *lex.months, *lex.furniture_before, *lex.units, *lex.tens,
                                *lex.scales, *DETERMINERS, *LABELS))
        self.function = frozenset(w.lower() for w in lex.function_words)
        self.money = frozenset(
            w.lower() for w in (*lex.currency_codes, *lex.currency_symbols, *lex.currency_words))
        self.speech = frozenset(lex.speech_verbs)
        self.time_words = frozenset(lex.time_words)
        units = [u for u in lex.measure_units if u[:1].isalpha()]
        after = [*units, *lex.scales, *lex.scale_abbreviations, *lex.percent_words]
        self.unit_after = re.compile(rf"^[\s-]*(?:{alternation(after)})(?![^\W\d_])", re.IGNORECASE)
        self.units = frozenset(u.lower() for u in units)
        self.month_after = re.compile(rf"^\s+(?:{alternation(lex.months)})\b", re.IGNORECASE)

    def kind(self, text: str, start: int, end: int) -> str | None:
        raw = text[start:end]
        lo = max(0, start - WINDOW)
        # '\n' stands for the start of the text, which opens a line and a sentence
        before = ("\n" if lo == 0 else "") + text[lo:start]
        after = text[end:end + WINDOW]
        bare = BARE.fullmatch(raw) is not None
        return (self._marker(raw, before, after, bare)
                or self._score(raw, before, after, bare)
                or self._statistic(before, after)
                or self._magnitude(raw, before, after)
                or self._age(raw, before, after, bare)
                or self._name(text, start, raw, before, after))

    # -- the families, cheapest first ------------------------------------------------------

    @staticmethod
    def _marker(raw: str, before: str, after: str, bare: bool) -> str | None:
        if not bare or len(raw) > 3:
            return None  # '[2017]' is a year
        last = before[-1:]
        if last == "^":
            return "marker"
        if "[" in before[-20:] and BRACKET_AFTER.match(after) and BRACKET_BEFORE.search(before):
            return "marker"
        if "(" in before[-3:] and len(raw) <= 2 and PAREN_AFTER.match(after):
            if SENTENCE_PAREN_BEFORE.search(before):
                return "marker"
            if LIST_PAREN_BEFORE.search(before):
                return "list_number"
        return None

    def _score(self, raw: str, before: str, after: str, bare: bool) -> str | None:
        """Two results joined by a dash, the first at least the second: 'won 2-1'."""
        if bare and len(raw) <= 3 and (m := SCORE_AFTER.match(after)):
            first, second = int(raw), int(m.group("n"))
            if _results(first, second) and not self.unit_after.match(after[m.end():]) \
                    and not RANGE_OPENER.search(before):
                return "score"
        if before[-1:] in ("-", "–") and (m := SCORE_BEFORE.search(before)) \
                and (lead := LEADING.match(raw)) and not SCORE_GOES_ON.match(after):
            first, second = int(m.group("n")), int(lead.group(0))
            head = before[:m.start()]
            if _results(first, second) and not RANGE_OPENER.search(head) \
                    and not self.unit_after.match(raw[lead.end():] + after):
                return "score"
        return None

    @staticmethod
    def _statistic(before: str, after: str) -> str | None:
        if STATISTIC_AFTER.match(after):
            return "statistic"
        if before[-14:].rstrip().lower().endswith(STATISTIC_TAILS) \
                and STATISTIC_BEFORE.search(before[-40:]):
            return "statistic"
        return None

    def _magnitude(self, raw: str, before: str, after: str) -> str | None:
        value = _value(raw)
        if value is None:
            return None
        if value <= 10 and MAGNITUDE_AFTER.match(after):
            return "magnitude"  # '7.0-magnitude', '5.8 magnitude'
        if SCALE_AFTER.match(after):
            return "magnitude"  # '5.2 on the Richter scale'
        if value <= SMALL and before[-2:-1].isalpha() \
                and (m := WORD_BEFORE.search(before[-30:])) and not self.unit_after.match(after):
            word = m.group("w").lower()
            if word == "magnitude" or (not m.group("of") and _step_on_a_scale(word)):
                return "magnitude"  # 'magnitude 7.0', 'a magnitude of 6.1', 'level 4'
        if "." in raw and (m := WORD_AFTER.match(after)) and m.group("w").islower() \
                and _natural_phenomenon(m.group("w")):
            return "magnitude"  # 'a shallow 6.8 quake': no count, and no unit
        return None

    def _age(self, raw: str, before: str, after: str, bare: bool) -> str | None:
        if YEARS_OLD_AFTER.match(after):
            return "age"  # '29-year-old', 'Twelve-year-old', '100-year-old houses'
        if not bare or int(raw) > OLDEST:
            return None
        tail = before[-28:].rstrip().lower()
        if "age" in tail and AGED_BEFORE.search(before) and not self._counted_after(after, True):
            return "age"  # 'aged 67', 'aged 18 to 64', 'at the age of 5'; not 'ages of 12 men'
        if tail.endswith(COPULA_TAILS) and COPULA_BEFORE.search(before) \
                and CLAUSE_AFTER.match(after):
            return "age"  # 'the singer, who is 54,'
        if tail[-1:] in ",(" and after.lstrip()[:1] in ",)" \
                and (m := APPOSITION_BEFORE.search(before)) \
                and (COMMA_AFTER if m.group("p") == "," else PAREN_AFTER).match(after) \
                and self._person(m.group("w"), before[:m.start()]):
            return "age"  # 'Oleinikov, 29,', 'the driver, 34,', 'Smith (29)'
        if tail.endswith(GROUP_TAILS) and (m := GROUP_BEFORE.search(before)) \
                and _people(m.group("w").lower()) and not self._counted_after(after):
            return "age"  # 'children under 5 account for 40%'
        return None

    def _name(self, text: str, start: int, raw: str, before: str, after: str) -> str | None:
        """A number directly after a capitalised word that names something: 'S&P 500'."""
        if not NAMED.fullmatch(raw) or after[:1].isalnum() or before[-1:] not in " \u00a0":
            return None
        word = before[before.rfind(" ", 0, len(before) - 1) + 1:-1]
        if word == word.lower():
            return None  # the cheap test first: no capital in the word before
        if raw.isdigit() and len(raw) == 4 and 1000 <= int(raw) <= 2100:
            return None  # a year, which the extractor reads as one ('Euro 2024' too)
        cut = max(0, len(before) - 32)
        if (m := NAME_BEFORE.search(before, cut)) is None:
            return None
        word = m.group("w") or m.group("one")
        low = word.lower()
        if word == low or low in self.closed or low in self.money or low in self.units \
                or self.unit_after.match(after):
            return None  # no capital; 'About 70', 'In 300', 'Monday 12', 'KES 500', '50 km'
        head = before[:m.start()]
        previous = PREVIOUS_WORD.search(head)
        word_before = previous.group("w").lower() if previous else ""
        if _place(low) or (previous and _place(f"{word_before} {low}")) \
                or self._starts_a_range(after) or self.month_after.match(after):
            return None  # 'in Texas 300', 'Sri Lanka 557'; 'Forward 30-40%'; '5 October'
        if SENTENCE_OPENING.search(head) or not head.strip():
            if _parts_of_speech(low) & {"v", "r"} or not _names_something(low):
                return None  # 'Nearly 300', 'Overall 40', 'Read 3 free articles'
        elif _title_case(text, start, word):
            return None  # a headline in title case: 'Storm Kills 300 In Texas'
        if word_before in self.speech:
            return None  # 'told Reuters 300 people had died'
        if word_before in self.function and self._counted_after(after):
            return None  # 'in Kharkiv 12 people were hurt'
        return "name"

    # -- helpers -------------------------------------------------------------------------

    def _person(self, word: str, head: str) -> bool:
        """Does `word` (before ', 29,') name a person: a name, or a person noun?"""
        low = word.lower()
        if low in self.closed or low in self.money:
            return False
        if word[:1].isupper():
            if _place(low) or not _names_something(low):
                return False
            return not (SENTENCE_OPENING.search(head) or not head.strip()) \
                or "r" not in _parts_of_speech(low)
        return _person_noun(low)

    def _starts_a_range(self, after: str) -> bool:
        """Does a range with a unit or scale go on from the number ('30-40%', '2-3 million')?"""
        m = RANGE_END.match(after)
        return m is not None and self.unit_after.match(after[m.end():]) is not None

    def _counted_after(self, after: str, ages: bool = False) -> bool:
        """Does a plural noun or a unit follow ('12 people', '50 hours')? With `ages`, the
        units of time an age is given in do not count ('aged 5 years')."""
        if not ages and self.unit_after.match(after):
            return True
        m = WORD_AFTER.match(after)
        word = m.group("w") if m else ""
        return word.islower() and word not in self.function and _plural_noun(word) \
            and not (ages and word in self.time_words)  # 'was' is no plural of 'wa'


def _results(first: int, second: int) -> bool:
    """Can first-second be a result: the winner's first, and close to the loser's where the
    scores run into hundreds ('112-104'), which no code like '639-3' is?"""
    return first >= second and (first < 100 or 2 * second >= first)


def _value(raw: str) -> Decimal | None:
    if not NAMED.fullmatch(raw):
        return None
    try:
        return Decimal(raw)
    except InvalidOperation:  # pragma: no cover - NAMED admits only digits and one point
        return None


def _title_case(text: str, at: int, word: str) -> bool:
    """Is the line around `at` written in title case ('Storm Kills 300 In Texas')? Its first
    word and the name's `word` aside, four in five words of three letters or more are
    capitalised; a line of two such words, both."""
    lo, hi = text.rfind("\n", max(0, at - 80), at) + 1, text.find("\n", at, at + 80)
    words: list[str] = TITLE_WORD.findall(text, max(lo, at - 80), hi if hi != -1 else at + 80)
    if len(words) <= 2:
        return len(words) == 2 and all(w[0].isupper() for w in words)
    rest = [w for w in words[1:] if w != word]
    return bool(rest) and sum(w[0].isupper() for w in rest) >= 0.8 * len(rest)


@lru_cache(maxsize=4096)
def _parts_of_speech(word: str) -> frozenset[str]:
    return frozenset(wordnet.parts_of_speech(word))


@lru_cache(maxsize=4096)
def _names_something(word: str) -> bool:
    """A noun WordNet knows, or a word it does not know (a name: 'Boeing', 'Nikkei')."""
    pos = _parts_of_speech(word)
    return not pos or "n" in pos


@lru_cache(maxsize=4096)
def _place(word: str) -> bool:
    """A place first of all ('Texas', 'Kenya'; not 'Windows', whose first sense is no place)."""
    return "noun.location" in wordnet.lexnames(word, "n", senses=1)


@lru_cache(maxsize=4096)
def _person_noun(word: str) -> bool:
    """A singular noun for a person ('driver', 'minister')."""
    return word in wordnet.lemmas(word, "n") and \
        "noun.person" in wordnet.lexnames(word, "n", senses=1)


@lru_cache(maxsize=4096)
def _people(word: str) -> bool:
    """A noun for people, one or many ('children', 'a man', 'people')."""
    return "noun.person" in wordnet.lexnames(word, "n", senses=1) \
        or wordnet.is_a(word, "people", senses=1)


@lru_cache(maxsize=4096)
def _plural_noun(word: str) -> bool:
    """A noun in the plural: WordNet's base form differs ('homes', 'children'), or a noun
    for many people that is its own base form ('people')."""
    return wordnet.plural_form(word) or wordnet.is_a(word, "people", senses=1)


@lru_cache(maxsize=4096)
def _step_on_a_scale(word: str) -> bool:
    """A noun for a step on a scale: 'magnitude', and in its first two senses a synonym of
    'level' as a degree or a grade ('level', 'grade', 'tier', 'stage', 'degree')."""
    return any("magnitude" in s.lemmas
               or ("level" in s.lemmas and s.lexname in ("noun.attribute", "noun.state"))
               for s in wordnet.synsets(word, "n", senses=2))


@lru_cache(maxsize=4096)
def _natural_phenomenon(word: str) -> bool:
    """A singular noun whose first sense is a natural phenomenon ('quake', 'storm'): a bare
    number before it reads its strength on a scale."""
    return word in wordnet.lemmas(word, "n") and \
        wordnet.is_a(word, "natural phenomenon", senses=1)
