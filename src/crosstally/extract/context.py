"""What a number is about, read from its sentence: counted, time, place, actor, method."""

from __future__ import annotations

import re
from dataclasses import replace

from crosstally.extract.grammar import alternation
from crosstally.extract.lexicon import Lexicon
from crosstally.types import Estimate

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
PRONOUNS = frozenset("i we our us they it he she this that these those you".split())
WORD = re.compile(r"[A-Za-z][\w'’-]*")
TIME = re.compile(
    r"\b(?:(?:since|by|until|before|after|in|during|from|between|on|through)\s+)"
    r"(?:(?:early|late|mid|the\s+end\s+of|the\s+start\s+of)[\s-]+)?"
    r"(?:\d{1,2}\s+)?(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan\.?|Feb\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)(?:\s+\d{1,2}\b)?(?:,?\s+\d{4})?"
    r"|\b(?:in|during|since|by|until|through|throughout|from|between|before|after|over)\s+"
    r"(?:the\s+(?:year\s+|years\s+|period\s+)?)?(?:1[5-9]\d\d|20\d\d)(?:s)?"
    r"(?:\s*(?:-|–|to|and)\s*(?:1[5-9]\d\d|20\d\d|\d\d))?"
    r"|\b(?:in|over|during|within|for)\s+the\s+(?:[\w-]+\s+){0,2}?"
    r"(?:days?|weeks?|weekend|months?|years?|fortnight|decades?|hours)"
    r"(?:\s+(?:after|since|following|of|before)\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?)?"
    r"|\b(?:last|this|next)\s+(?:week|month|year|weekend)\b"
    r"|\bso\s+far\b|\bto\s+date\b|\bsince\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?",
    re.I,
)
LEFT_COUNTED = re.compile(
    r"\b(?P<head>(?:death\s+)?toll|number|total|tally|count|figure|population)\s+of\s+"
    r"(?P<what>(?:[\w'’-]+\s+){0,3}?[\w'’-]+)\s+"
    r"(?:at|to|was|is|were|are|stood|reached|rose|climbed|has|had|of|around|about|near|exceeds?|"
    r"exceeded|as|could|may|might|would|will|came|topped)\b", re.I)


# "put worldwide deaths at 50 million", "puts departures linked to the call-up at 500,000"
PUT_AT = re.compile(
    r"\b(?:put|puts|putting|placed|places|estimated|estimates|estimate|counted|counts)\s+"
    r"(?P<np>(?:the\s+|its\s+|their\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,4}?)\s+at\s+[^,;.]{0,30}$",
    re.I)
# "estimates of the 1918 toll have ranged from", "tallies of the world's languages stand at"
OF_TALLY = re.compile(
    r"\b(?:estimates?|tall(?:y|ies)|totals?|figures?|counts?|numbers?|tolls?)\s+of\s+"
    r"(?P<np>(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,3}?)\s+(?:(?:currently|now|still|have|has|had)\s+)?"
    r"(?:is|are|was|were|stand|stands|stood|range|ranges|ranged|lies|lie|reached|rose|fell|"
    r"came|at|to|from|between|in|of|been)\b[^.;]{0,60}$", re.I)
# "the toll was of the order of", "the true total ... lies between", "global totals have ranged"
TALLY_SUBJECT = re.compile(
    r"(?P<np>\b(?:[\w'’-]+\s+){0,2}?(?:death\s+)?(?:toll|tolls|total|totals|tally|tallies|count|"
    r"counts|figure|figures|estimate|estimates|number|numbers))\b"
    r"[^.;]{0,70}?\b(?:is|are|was|were|stood|stands|stand|lies|lie|reached|rose|fell|came|"
    r"ranged|range|ranges|put|at|to|of|become|became|risen|been|bringing)\b[^.;]{0,45}$",
    re.I)
# "the figure of 50 million", "a global tree estimate of about 3 trillion"
TALLY_OF = re.compile(
    r"(?P<np>\b(?:[\w'’-]+\s+){0,2}?(?:death\s+)?(?:toll|total|tally|count|figure|estimate|number|"
    r"sum|bill|cost|budget))\s+(?:of|at|somewhere|around|about|near|put\s+at)"
    r"\s+[^,;.]{0,30}$", re.I)
HOW_MANY = re.compile(r"\bhow\s+many\s+(?P<np>[\w'’-]+)\b", re.I)
NUMBER_VERB = re.compile(
    r"\b(?P<np>[a-z][\w'’-]*s)\b[^.;:]{0,70}?\b(?:number|numbered|totalled|totaled|amount|amounted)"
    r"\s+(?:in\s+the\s+|to\s+|about\s+|around\s+|some\s+)?$", re.I)
GUESS = re.compile(r"\b(?:guess|estimate|count)\s+(?P<np>[a-z][\w'’-]*s)\b[^.;:]{0,80}$", re.I)
TALLY_ANY = re.compile(r"(?P<np>\b(?:death\s+)?(?:toll|total|tally|count|figure|estimate|number)s?)\b",
                       re.I)
SINGULAR = {"counts": "count", "tallies": "tally", "tolls": "toll"}
DETERMINERS = re.compile(r"^(?:the|a|an|its|their|this|that|these|those|our|his|her)\s+", re.I)


def _noun_phrase(phrase: str) -> str | None:
    """A short noun phrase without a leading determiner or trailing function word."""
    words = DETERMINERS.sub("", " ".join(phrase.split())).split()
    while words and words[-1].lower() in STOP:
        words.pop()
    if not words or len(words) > 5 or words[0].lower() in STOP - {"most"}:
        return None
    return " ".join(words)


ACTOR_REACH = 200  # characters around the number searched for 'X said' (keeps work linear)


class Context:
    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        places = sorted(lex.places, key=len, reverse=True)
        self.place = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in places) + r")\b")
        cues = sorted(lex.method_cues, key=len, reverse=True)
        self.method = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in cues) + r")", re.I)
        verbs = alternation(lex.speech_verbs)
        self.verb = re.compile(rf"\b(?:{verbs})\b")
        self.according = re.compile(
            r"\baccording\s+to\s+(?P<a>[^,.;:\"“”]{3,90}?)(?=\s*[,.;:\"“”]|\s+(?:who|which|that|on|in)\b|$)",
            re.I)
        self.said_after = re.compile(
            rf"^[,\s]*(?:{verbs})\s+(?P<a>(?:the|a|an)\s+[^,.;:\"“”]{{3,80}}?|[A-Z][^,.;:\"“”]{{2,80}}?)"
            r"(?=\s*[,.;:]|\s+(?:who|which|that|on|in|at)\b|$)")
        self.heads = frozenset(lex.actor_heads)

    def describe(self, est: Estimate, text: str, qs: int, qe: int, ms: int, me: int) -> Estimate:
        """`ms`/`me`: the mention's span inside the quote text[qs:qe]."""
        quote = text[qs:qe]
        return replace(
            est,
            counted=self.counted(quote, ms, me),
            time=_first(TIME, quote, ms, me),
            place=self.nearest_place(quote, ms, me),
            actor=self.actor(quote, ms),
            method=self.method_cue(quote),
        )

    def counted(self, quote: str, ms: int, me: int) -> str | None:
        rest = quote[me:me + 80]
        rest = re.sub(r"^[\"”’')]?\s+(?:of\s+(?:the\s+|these\s+|those\s+)?)?", " ", rest)
        words: list[str] = []
        for m in WORD.finditer(rest):
            if rest[:m.start()].strip(" ") and re.search(r"[^\w\s'’-]", rest[:m.start()]):
                break  # punctuation between words ends the phrase
            w = m.group(0)
            if w.lower() in STOP or len(words) == 4 or (words and w.lower().endswith("ed")):
                break
            words.append(w)
            rest_after = rest[m.end():]
            if rest_after[:1] in ",.;:)" or rest_after[:2] in (", ", ". "):
                break
        if words and words[-1].lower() not in STOP:
            return " ".join(words)
        left = quote[:ms]
        if m := LEFT_COUNTED.search(left):
            return " ".join(f"{m.group('head')} of {m.group('what')}".split())
        clause = re.split(r"[;:\u201c\u201d\"]|,\s+(?:and|but|while|which|who)\b", left)[-1]
        if (m := PUT_AT.search(clause)) and (np := _noun_phrase(m.group("np"))) \
                and np.endswith("s") and not re.search(r"\b(?:\w+ed|to|of|in|for|from|by)\b", np):
            return np  # 'put worldwide deaths at 50 million'
        if (m := OF_TALLY.search(clause)) and (np := _noun_phrase(m.group("np"))):
            return np  # 'tallies of the world's languages stand at'
        for pattern in (HOW_MANY, NUMBER_VERB, GUESS):
            if (m := pattern.search(left)) and (np := _noun_phrase(m.group("np"))):
                return np  # 'how many languages ... 6,000', 'deaths ... number in the hundreds'
        return self.tally(clause)

    def tally(self, text: str) -> str | None:
        """The tally noun a clause talks about ('toll', 'total'), neutral about what it counts."""
        for pattern in (TALLY_OF, TALLY_SUBJECT, TALLY_ANY):
            if m := pattern.search(text):
                words = m.group("np").lower().split()
                head = SINGULAR.get(words[-1], words[-1])
                return head
        return None

    def nearest_place(self, quote: str, ms: int, me: int) -> str | None:
        best, dist = None, 10**9
        for m in self.place.finditer(quote):
            d = ms - m.end() if m.end() <= ms else m.start() - me
            if 0 <= d < dist:
                best, dist = m.group(0), d
        return best

    def actor(self, quote: str, ms: int) -> str | None:
        if m := self.according.search(quote):
            return _clean_actor(m.group("a"))
        best: tuple[int, str] | None = None
        for v in self.verb.finditer(quote, max(0, ms - ACTOR_REACH), ms + ACTOR_REACH):
            head = quote[max(0, v.start() - ACTOR_REACH):v.start()]
            clause = re.split(r"[,;:\"“”()]|\bthat\b|\band\b", head)[-1].strip()
            cand = _clean_actor(" ".join(clause.split()[-7:]))
            if not cand or not self._actorish(cand):
                if after := self.said_after.match(quote[v.start():]):
                    cand = _clean_actor(after.group("a"))
                else:
                    continue
            if cand and self._actorish(cand):
                d = abs(v.start() - ms)
                if best is None or d < best[0]:
                    best = (d, cand)
        return best[1] if best else None

    def _actorish(self, phrase: str) -> bool:
        words = phrase.split()
        if not words or len(words) > 8:
            return False
        if any(WORD.fullmatch(w) and w.lower() in self.heads for w in words):
            return True
        if words[-1].lower() in PRONOUNS:
            return False
        return words[-1][:1].isupper() and not re.search(r"\d", phrase)

    def method_cue(self, quote: str) -> str | None:
        m = self.method.search(quote)
        if not m:
            return None
        key = m.group(0).lower()
        return self.lex.method_cues.get(key) or next(
            (v for k, v in self.lex.method_cues.items() if key.startswith(k)), None)


def _clean_actor(phrase: str) -> str | None:
    phrase = re.sub(r"^[A-Z][A-Z/ .,'-]+(?:\([^)]*\))?\s*[-–—]+\s*", "", phrase.strip())
    phrase = re.sub(r"^(?:the|a|an|and|but|while|as|so|which|who|also)\s+", "", phrase.strip(), flags=re.I)
    phrase = re.sub(r"\s+(?:has|have|had|also|later|previously|has\s+since)$", "", phrase)
    return phrase.strip(" '\"") or None


def _first(pattern: re.Pattern[str], quote: str, ms: int, me: int) -> str | None:
    best, dist = None, 10**9
    for m in pattern.finditer(quote):
        if m.start() < me and m.end() > ms:
            continue
        d = ms - m.end() if m.end() <= ms else m.start() - me
        if d < dist:
            best, dist = " ".join(m.group(0).split()), d
    return best
