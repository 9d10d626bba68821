"""What a number is about, read from its sentence: counted, time, place, actor, method."""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from crosstally import wordnet
from crosstally.extract.attribution import Anchor, Attributor
from crosstally.extract.lexicon import Lexicon
from crosstally.extract.patterns import Caseless, EndAnchored, alternation, initials

STOP = frozenset("""
have has had may might could would will were was are is be been being who whom which that
in on at to for from by with since after before over into as than of and or but nor not the a
an this these those their its his her our your my it they he she we you said says say per each
every ago more less most least about around some while when where whether if only also just
so too very already still yet now then there here what how why up down out off across
through during between among against within without under above below toward towards
reported estimated according had made left fled entered crossed died killed spent
once possibly perhaps probably maybe even though although because unless
""".split())
PRONOUNS = frozenset("i we our us they them it he she this that these those you".split())
AUXILIARIES = frozenset(["is", "are", "was", "were", "be", "been", "have", "has", "had", "will",
                         "would", "may", "might", "could"])
PARTICLES = frozenset(["out", "off", "up", "down", "back", "away", "home"])  # "turned out", "went home"
PLURAL_PEOPLE = frozenset(["people"])  # WordNet lists "people" as a base form of its own
WORD = re.compile(r"[A-Za-z][\w'’-]*")
# Every TIME match starts with one of these words and a space: a cheap test at each word.
TIME_LEADS = alternation("since by until before after in during from between on through "
                         "throughout over within for last this next so to".split())
TIME = Caseless(
    rf"(?=\b(?:{TIME_LEADS})\s)(?:"
    r"\b(?:(?:since|by|until|before|after|in|during|from|between|on|through)\s+)"
    r"(?:(?:early|late|mid|the\s+end\s+of|the\s+start\s+of)[\s-]+)?"
    r"(?:\d{1,2}\s+)?(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan\.?|Feb\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)(?:\s+\d{1,2}(?:st|nd|rd|th)?\b)?(?:,?\s+\d{4})?"
    r"|\b(?:in|during|since|by|until|through|throughout|from|between|before|after|over)\s+"
    r"(?:the\s+(?:year\s+|years\s+|period\s+)?)?(?:1[5-9]\d\d|20\d\d)(?:s)?"
    r"(?:\s*(?:-|–|to|and)\s*(?:1[5-9]\d\d|20\d\d|\d\d))?"
    r"|\b(?:in|over|during|within|for)\s+the\s+(?:[\w-]+\s+){0,2}?"
    r"(?:days?|weeks?|weekend|months?|years?|fortnight|decades?|hours)"
    r"(?:\s+(?:after|since|following|of|before)\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?)?"
    r"|\b(?:last|this|next)\s+(?:week|month|year|weekend)\b"
    r"|\bso\s+far\b|\bto\s+date\b|\bsince\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?)"
)
LEFT_COUNTED = re.compile(
    r"\b(?P<head>(?:death\s+)?toll|number|total|tally|count|figure|population)\s+of\s+"
    r"(?P<what>(?:[\w'’-]+\s+){0,3}?[\w'’-]+)\s+"
    r"(?:at|to|was|is|were|are|stood|reached|rose|climbed|has|had|of|around|about|near|exceeds?|"
    r"exceeded|as|could|may|might|would|will|came|topped)\b", re.I)


# "put worldwide deaths at 50 million", "puts departures linked to the call-up at 500,000"
PUT_AT = EndAnchored(
    r"\b(?:put|puts|putting|placed|places|estimated|estimates|estimate|counted|counts)\s+"
    r"(?P<np>(?:the\s+|its\s+|their\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,4}?)\s+at\s+[^,;.]{0,30}$",
    re.I, stops=",;.")
# "estimates of the 1918 toll have ranged from", "tallies of the world's languages stand at"
OF_TALLY = EndAnchored(
    r"\b(?:estimates?|tall(?:y|ies)|totals?|figures?|counts?|numbers?|tolls?)\s+of\s+"
    r"(?P<np>(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,3}?)\s+(?:(?:currently|now|still|have|has|had)\s+)?"
    r"(?:is|are|was|were|stand|stands|stood|range|ranges|ranged|lies|lie|reached|rose|fell|"
    r"came|at|to|from|between|in|of|been)\b[^.;]{0,60}$", re.I, stops=".;")
# "the toll was of the order of", "the true total ... lies between", "global totals have ranged"
TALLY_SUBJECT = EndAnchored(
    r"(?P<np>\b(?:[\w'’-]+\s+){0,2}?(?:death\s+)?(?:toll|tolls|total|totals|tally|tallies|count|"
    r"counts|figure|figures|estimate|estimates|number|numbers))\b"
    r"[^.;]{0,70}?\b(?:is|are|was|were|stood|stands|stand|lies|lie|reached|rose|fell|came|"
    r"ranged|range|ranges|put|at|to|of|become|became|risen|been|bringing)\b[^.;]{0,45}$",
    re.I, stops=".;")
# "the figure of 50 million", "a global tree estimate of about 3 trillion"
TALLY_OF = EndAnchored(
    r"(?P<np>\b(?:[\w'’-]+\s+){0,2}?(?:death\s+)?(?:toll|total|tally|count|figure|estimate|number|"
    r"sum|bill|cost|budget))\s+(?:of|at|somewhere|around|about|near|put\s+at)"
    r"\s+[^,;.]{0,30}$", re.I, stops=",;.")
HOW_MANY = re.compile(r"\bhow\s+many\s+(?P<np>[\w'’-]+)\b", re.I)
NUMBER_VERB = EndAnchored(
    r"\b(?P<np>[a-z][\w'’-]*s)\b[^.;:]{0,70}?\b(?:number|numbered|totalled|totaled|amount|amounted)"
    r"\s+(?:in\s+the\s+|to\s+|about\s+|around\s+|some\s+)?$", re.I, stops=".;:")
GUESS = EndAnchored(r"\b(?:guess|estimate|count)\s+(?P<np>[a-z][\w'’-]*s)\b[^.;:]{0,80}$", re.I,
                    stops=".;:")
TALLY_ANY = re.compile(r"(?P<np>\b(?:death\s+)?(?:toll|total|tally|count|figure|estimate|number)s?)\b",
                       re.I)
SINGULAR = {"counts": "count", "tallies": "tally", "tolls": "toll"}
# The words (whole, lower-case) one of which every match of a pattern holds; see _may_match.
TALLIES = frozenset("toll total tally count figure estimate number".split())
TALLIES_AND_PLURALS = TALLIES | {w + "s" for w in TALLIES} | {"tallies"}
TALLY_CUES = ((TALLY_OF, TALLIES | {"sum", "bill", "cost", "budget"}),
              (TALLY_SUBJECT, TALLIES_AND_PLURALS), (TALLY_ANY, TALLIES_AND_PLURALS))
LEFT_COUNTED_WORDS = frozenset("toll number total tally count figure population".split())
PUT_AT_WORDS = frozenset(
    "put puts putting placed places estimated estimates estimate counted counts".split())
OF_TALLY_WORDS = TALLIES_AND_PLURALS
LEFT_CUES = ((HOW_MANY, frozenset({"how"})),
             (NUMBER_VERB, frozenset("number numbered totalled totaled amount amounted".split())),
             (GUESS, frozenset({"guess", "estimate", "count"})))
WORD_RUN = re.compile(r"\w+", re.ASCII)  # for ASCII text only, where it is exact
REST_LEAD = re.compile(r"^[\"”’')]?\s+(?:of\s+(?:the\s+|these\s+|those\s+)?)?")
PUNCTUATION = re.compile(r"[^\w\s'’-]")
CLAUSE_BREAK = re.compile(r"[;:\u201c\u201d\"]|,\s+(?:and|but|while|which|who)\b")
SHORT_VERB_NP = re.compile(r"\b(?:\w+ed|to|of|in|for|from|by)\b")


def _words_of(text: str) -> frozenset[str] | None:
    """The lower-case words (\\w+ runs) of ASCII text; None for other text."""
    return frozenset(WORD_RUN.findall(text.lower())) if text.isascii() else None


def _may_match(words: frozenset[str] | None, needed: frozenset[str]) -> bool:
    """False only when a text with these `words` holds none of the `needed` ones, so that a
    case-insensitive pattern whose every match holds one of them cannot match: a test much
    cheaper than the search. Text beyond ASCII (words None) is always searched, as
    re.IGNORECASE folds a few other letters to ASCII ones."""
    return words is None or not needed.isdisjoint(words)


class Described(NamedTuple):
    """What the sentence says a number is about."""

    counted: str | None
    time: str | None
    place: str | None
    actor: str | None
    method: str | None
    disputed_by: str | None = None  # who denies or disputes the figure ('X denied it')


class QuoteFacts(NamedTuple):
    """What a quote says whichever of its numbers is asked about: read once per quote."""

    times: list[tuple[int, int, str]]  # TIME matches: start, end, text with spaces collapsed
    places: list[tuple[int, int, str]]
    method: str | None
    anchors: tuple[Anchor, ...]  # the words that attribute figures (attribution.py)
DETERMINERS = re.compile(r"^(?:the|a|an|its|their|this|that|these|those|our|his|her)\s+", re.I)


def _noun_phrase(phrase: str) -> str | None:
    """A short noun phrase without a leading determiner or trailing function word."""
    words = DETERMINERS.sub("", " ".join(phrase.split())).split()
    while words and words[-1].lower() in STOP:
        words.pop()
    if not words or len(words) > 5 or words[0].lower() in STOP - {"most"}:
        return None
    return " ".join(words)


class Context:
    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        places = alternation(lex.places, space=r"\ ", ignore_case=False)
        self.place = re.compile(rf"{initials(lex.places)}\b(?:{places})\b")
        cues = alternation(lex.method_cues, space=r"\ ")
        self.method = Caseless(rf"\b(?:{cues})")
        self.attributor = Attributor(lex)

    def facts(self, quote: str) -> QuoteFacts:
        return QuoteFacts(
            times=[(s, e, " ".join(quote[s:e].split())) for s, e in
                   (_whole_time(quote, s, e) for s, e in TIME.spans(quote)) if e > s],
            places=[(m.start(), m.end(), m.group(0)) for m in self.place.finditer(quote)],
            method=self.method_cue(quote),
            anchors=self.attributor.anchors(quote),
        )

    def describe(self, quote: str, ms: int, me: int, facts: QuoteFacts | None = None
                 ) -> Described:
        """`ms`/`me`: the mention's span inside `quote`; `facts`: self.facts(quote), which
        the caller may share between the numbers of one quote."""
        facts = facts or self.facts(quote)
        who = self.attributor.attribute(quote, ms, me, facts.anchors)
        return Described(
            counted=self.counted(quote, ms, me),
            time=_first(facts.times, ms, me),
            place=_nearest(facts.places, ms, me),
            actor=who.actor,
            method=facts.method,
            disputed_by=who.disputed_by,
        )

    def counted(self, quote: str, ms: int, me: int) -> str | None:
        rest = REST_LEAD.sub(" ", quote[me:me + 80].split("\n", 1)[0])  # a line break ends it
        words: list[str] = []
        for word in WORD.finditer(rest):
            at, end = word.span()
            if rest[:at].strip(" ") and PUNCTUATION.search(rest, 0, at):
                break  # punctuation between words ends the phrase
            w = word.group(0)
            low = w.lower()
            if low in STOP or low in PRONOUNS or len(words) == 4 or _starts_predicate(
                    w, words, rest[end:]):
                break
            words.append(w)
            if rest[end:end + 1] in ",.;:)" or rest[end:end + 2] in (", ", ". "):
                break
        if words:
            return " ".join(words)
        left = quote[:ms]
        left_words = _words_of(left)
        if _may_match(left_words, LEFT_COUNTED_WORDS) and (m := LEFT_COUNTED.search(left)):
            return " ".join(f"{m.group('head')} of {m.group('what')}".split())
        clause = CLAUSE_BREAK.split(left)[-1]
        clause_words = _words_of(clause)
        if _may_match(clause_words, PUT_AT_WORDS) and (m := PUT_AT.search(clause)) \
                and (np := _noun_phrase(m.group("np"))) \
                and np.endswith("s") and not SHORT_VERB_NP.search(np):
            return np  # 'put worldwide deaths at 50 million'
        if _may_match(clause_words, OF_TALLY_WORDS) and (m := OF_TALLY.search(clause)) \
                and (np := _noun_phrase(m.group("np"))):
            return np  # 'tallies of the world's languages stand at'
        for pattern, needed in LEFT_CUES:
            if _may_match(left_words, needed) and (m := pattern.search(left)) \
                    and (np := _noun_phrase(m.group("np"))):
                return np  # 'how many languages ... 6,000', 'deaths ... number in the hundreds'
        return self.tally(clause, clause_words)

    def tally(self, text: str, text_words: frozenset[str] | None = None) -> str | None:
        """The tally noun a clause talks about ('toll', 'total'), neutral about what it counts.
        `text_words`: _words_of(text), when the caller has it."""
        if text_words is None:
            text_words = _words_of(text)
        for pattern, needed in TALLY_CUES:
            if _may_match(text_words, needed) and (m := pattern.search(text)):
                words = m.group("np").lower().split()
                head = SINGULAR.get(words[-1], words[-1])
                return head
        return None

    def actor(self, quote: str, ms: int, me: int | None = None) -> str | None:
        """Who gives the number at `ms` (`me`: its end) in the quote (attribution.py)."""
        anchors = self.attributor.anchors(quote)
        return self.attributor.attribute(quote, ms, ms if me is None else me, anchors).actor

    def method_cue(self, quote: str) -> str | None:
        found = self.method.first(quote)
        if not found:
            return None
        key = quote[found[0]:found[1]].lower()
        return self.lex.method_cues.get(key) or next(
            (v for k, v in self.lex.method_cues.items() if key.startswith(k)), None)


TIME_TAIL = frozenset(["a", "an", "the", "of", "and", "or", "to", "was", "were", "is", "are", "had",
                       "has", "have", "been", "be", "that", "which", "who"])


def _whole_time(quote: str, start: int, end: int) -> tuple[int, int]:
    """A time phrase as a whole constituent: a name it ends in is taken whole ("since President
    Vladimir Putin"), and words that begin a clause are left out ("after the mobilization
    [was]", "since [offered a]": then nothing is left that names a time, and the span is empty)."""
    words = list(TOKEN.finditer(quote, start, end))
    if words and words[-1].group(0)[:1].isupper():
        while (more := re.match(r" ([A-Z][\w'’-]*)", quote[end:])) is not None:
            end += more.end()
    words = list(TOKEN.finditer(quote, start, end))
    while len(words) > 1 and _clause_word(words[-1].group(0)):
        end = words[-2].end()
        words.pop()
    content = [w.group(0) for w in words[1:] if w.group(0).lower() not in TIME_TAIL]
    if not content or all(_place_name(w) for w in content):
        return start, start  # "since offered a", "since Britain": no time is named
    return start, end


TOKEN = re.compile(r"[\w'’-]+")


@cache
def _place_name(word: str) -> bool:
    """A capitalised word WordNet files as a place ("Britain")."""
    return word[:1].isupper() and wordnet.lexnames(word.lower(), "n", senses=1) == {
        "noun.location"}


def _clause_word(word: str) -> bool:
    """A word that starts or continues a clause rather than a time phrase: a function word or a
    verb form WordNet knows as no noun ("was", "returned", "offered")."""
    low = word.lower()
    if low in TIME_TAIL:
        return True
    if word[:1].isupper() or not low.endswith(("ed", "s")):
        return False
    pos = wordnet.parts_of_speech(low)
    return "v" in pos and "n" not in pos


def _starts_predicate(word: str, phrase: list[str], after: str) -> bool:
    """Whether `word`, after the number and the `phrase` read so far, begins what is said of
    the counted rather than naming it (WordNet's parts of speech): a word that can only be a
    verb or an adverb ("2 million took to the streets"), a verb after a plural noun ("people
    march", "protesters calling"), a past form before a complement ("338,000 joined the
    march"), or any past form once the phrase has begun ("refugees registered")."""
    low = word.lower()
    pos = wordnet.parts_of_speech(low)
    if not pos or word[:1].isupper() and "v" not in pos:
        return False  # an unknown word or a name ("black-clad", "Gulf Coast")
    if not pos & {"n", "a"}:
        return True
    if "v" not in pos:
        return False
    if phrase and (low.endswith("ed") or _plural(phrase[-1])):
        return True
    nxt = WORD.match(after.lstrip())
    follower = nxt.group(0).lower() if nxt else ""
    return not phrase and low.endswith("ed") and follower not in AUXILIARIES and (
        follower in STOP or follower in PARTICLES)


@cache
def _plural(word: str) -> bool:
    """A noun in the plural: WordNet's base form differs ("protesters", "people", "men")."""
    low = word.lower()
    return low in PLURAL_PEOPLE or wordnet.plural_form(low)


def _first(spans: list[tuple[int, int, str]], ms: int, me: int) -> str | None:
    """The span nearest the mention [ms, me), not overlapping it (the first of equals)."""
    best, dist = None, 10**9
    for start, end, found in spans:
        if start < me and end > ms:
            continue
        d = ms - end if end <= ms else start - me
        if d < dist:
            best, dist = found, d
    return best


def _nearest(spans: list[tuple[int, int, str]], ms: int, me: int) -> str | None:
    """The span nearest the mention, wholly before or after it (the first of equals)."""
    best, dist = None, 10**9
    for start, end, found in spans:
        d = ms - end if end <= ms else start - me
        if 0 <= d < dist:
            best, dist = found, d
    return best
