"""Who gives a figure, read from its sentence: the `actor` of an estimate, and who disputes it.

The words that attribute a figure are *anchors*, found once per quote:

- a reporting verb and its subject: "the ministry said", "said the ministry" (inverted, after a
  comma or a quote), "X estimated/counted/put the toll at/found", "X data show";
- "according to X", "citing X" (X is where a relayed figure comes from), "a report by X",
  "figures from X", "X's figure/estimate/count", "by the organisers' count";
- a denial: "X denied/disputed/dismissed ...": X becomes `disputed_by`, never the actor.

Each anchor speaks for part of its sentence (clauses split at ';'): a verb followed by what it
says ("X said that ...", "X put the crowd at ...") for what follows it; a verb closing or
interrupting its sentence (", police said.", ", police said, ") and the other anchors for the
whole clause; a verb whose subject follows "since", "when", "where", "which"... only up to the
next comma ("two weeks since the president announced a call-up, 200,000 left": the president
gives no figure). A number takes the nearest anchor that speaks for it ("citing X" first).

The actor is a whole noun phrase read by walking the words next to the anchor: names, nouns
and adjectives, "of/for/at/in/from" inside a name ("Wildlife Institute of India", "researchers
at the University of X"), an appositive ("Farouk El-Baz, the centre's director"). It is kept
only when its head can speak: a name, an agent noun (WordNet: a person, an organisation), or
an authored work ("the study"); never a pronoun, a weekday or date, a byline, a record noun
("the data", "figures") or a bare quantifier ("some said": the figure then has no actor). A
record or report noun gives way to who made it: "RAND survey" -> RAND, "Greenpeace's report"
-> Greenpeace, "a paper by economists" -> economists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from crosstally.extract.lexicon import Lexicon
from crosstally.extract.patterns import alternation

# A word with inner dots, hyphens, apostrophes ("U.S.", "Wisconsin-Madison", "Kazakhstan's",
# "UN–Ukraine"), initials with their dots, or one character of punctuation.
TOKEN = re.compile(r"\d+(?:[.,]\d+)*|(?:[A-Z]\.){2,}(?:['’]s)?|[^\W_](?:[\w&'’\u2013.-]*[\w'’])?|[^\w\s]")
DETERMINERS = frozenset("the a an this these those its their his her our my your".split())
QUANTIFIERS = frozenset("some many most all several few both each every any no other others "
                        "one two three four five another such".split())
POSSESSIVE_PRONOUNS = frozenset("its their his her our my your".split())
PRONOUNS = frozenset("i we us they them it he she him you one this that these those who "
                     "someone somebody anyone anybody nobody everyone everybody".split())
LINKS = frozenset("of for at in from and & de".split())
# Auxiliaries and adverbs that may stand between a subject and its verb ("police later said")
BETWEEN = frozenset("has have had also later previously now then would will could can may "
                    "might did does do has since recently earlier first last subsequently "
                    "initially separately meanwhile already still yet".split())
FINITE = frozenset("is are was were be been has have had will would can could may might must "
                   "should shall did does do".split())
BE = frozenset("is are was were be been being".split())
# What may follow a verb of saying that is also a noun ('estimates', 'count') used as a verb:
# 'that', a number and the words before one, an article or pronoun, a quote, punctuation
COMPLEMENT = frozenset("that about around some nearly almost roughly approximately more over "
                       "up as at between from only just close well fewer less at least to "
                       "in on".split())
OPENING = frozenset("\"“‘'")
INITIAL = frozenset(".!?:;\"“”•-–—()[]")  # what may stand before a sentence's first word
TIME_LEADS = frozenset("on in at last this next early late earlier".split())
SPEECH_GAP = frozenset("at of to".split())  # 'put the crowd at', 'a net loss of'
CLOSING = frozenset(",.;:!?)]”’\"")
SENTENCE_END_ONLY = re.compile(r"[.!?]+[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9•])|\s[•▪·]\s|\n\s*\n")
SENTENCE_END = re.compile(SENTENCE_END_ONLY.pattern + "|;")
COUNTING = frozenset("count counts tally tallies".split())  # a place's count is of its people
CLAUSE_COMMA = re.compile(r",(?!\d)")  # not the comma of '240,000'
MAX_WORDS = 8
POSSESSIVE_ENDS = ("'s", "’s", "s'", "s’")
LOWER_WORD = re.compile(r"[a-z]+")
POSSESSIVE_MARK = re.compile(r"['’]s|s['’]")  # in every token ending in 's, s', ’s or s’
ACTOR_REACH = 200  # characters between an anchor and a number it may speak for
BLOCK = "\x00"  # an anchor whose subject is a bare quantifier: 'some put it at ...'


class Tok(NamedTuple):
    start: int
    end: int
    text: str
    low: str
    initial: bool = False  # first word of a sentence: its capital says nothing



class Anchor(NamedTuple):
    """Words that attribute figures: `at`..`end_at` in the quote, speaking for `start`..`end`."""

    at: int
    end_at: int
    start: int
    end: int
    actor: str | None  # BLOCK: a figure it speaks for has no actor
    denial: bool = False  # 'X denied': X disputes the figures, never gives them
    cites: bool = False  # 'citing X': X is the origin, whoever relays it
    forward: bool = False  # a verb speaking for what follows it: checked by _governs


class Attribution(NamedTuple):
    actor: str | None
    disputed_by: str | None


class Attributor:
    def __init__(self, lex: Lexicon) -> None:
        self.speech = frozenset(lex.speech_verbs)
        self.denial = frozenset(lex.denial_verbs)
        self.citing = frozenset(lex.citing_words)
        self.participles = frozenset(p for p in lex.agent_participles if " " not in p)
        self.reports = frozenset(lex.report_nouns)
        self.records = frozenset(lex.record_nouns)
        self.documents = self.reports | self.records
        # what someone owns as their own figure: 'X's estimate/count/data', not 'X's total' or
        # 'the famine's toll' (what is counted, not who counts)
        self.owned = self.documents - frozenset(
            "total totals toll number result results list evidence model models "
            "edition register registers certificates database".split())
        self.heads = frozenset(h for h in lex.actor_heads if " " not in h)
        self.time_words = frozenset(lex.time_words)
        self.months = frozenset(lex.months)
        self.titles = frozenset(lex.title_abbreviations)
        self.subordinators = frozenset(lex.subordinators)
        # words that end a noun phrase: function words, and verbs of saying unless they
        # are also the nouns of a report ('LAPD estimates put ...')
        self.function = ((frozenset(lex.function_words) | self.subordinators | PRONOUNS | FINITE
                         | frozenset("not nor but or so to with without by about over under "
                                     "into onto upon against among amid via per than like "
                                     "unlike across through during despite toward towards "
                                     "around near according up down out off same".split()))
                         - LINKS - DETERMINERS)
        self.stops = (self.function | self.speech | self.denial | self.citing) - self.documents
        # verbs of saying that are nouns too: a noun after 'the', 'some' or before 'of'
        self.nounish = frozenset(v for v in self.speech | self.denial
                                 if v in self.documents or v.endswith("s") or v in ("show",))
        self.determiners = DETERMINERS | QUANTIFIERS
        self.may_attribute = self.speech | self.denial | self.citing | {"according"} \
            | self.participles | {"by", "from"}
        # the words that may begin an anchor (a possessive too: checked by its ending)
        self.triggers = self.speech | self.denial | self.citing | {"according", "by", "from"}
        # For anchors' first test: the words each kind of anchor needs, found as plain
        # substrings of the lower-cased quote, so that a quote without them is left at once.
        self.verb_words = _substrings(self.speech | self.denial | self.citing | {"according"})
        self.maker_words = _substrings(self.documents | self.participles)
        self.owned_words = _substrings(self.owned)

    # ------------------------------------------------------------------ anchors

    def anchors(self, quote: str) -> tuple[Anchor, ...]:
        """Every anchor of the quote, in order."""
        low = quote.lower()
        if "'" not in low and "’" not in low \
                and self.may_attribute.isdisjoint(LOWER_WORD.findall(low)):
            return ()
        # Each kind of anchor needs its word in the quote: a verb of saying, 'according', a
        # citing word; a report noun or a participle and 'by' or 'from'; a possessive and an
        # owned noun. A token's lower case is a substring of the quote's.
        if not self.verb_words.search(low) \
                and not (("by" in low or "from" in low) and self.maker_words.search(low)) \
                and not (POSSESSIVE_MARK.search(low) and self.owned_words.search(low)):
            return ()
        toks: list[Tok] = []
        # the tokens that may begin an anchor (a trigger word or a possessive), by index: the
        # only ones the loop below looks at
        triggers, at = self.triggers, []
        add, find, new = toks.append, quote.find, tuple.__new__
        lines = "\n" in quote  # else no token is first on its line
        text, end = None, 0
        for m in TOKEN.finditer(quote):  # the hot loop of attribution: kept lean
            start, after = m.span()
            initial = text is None or text in INITIAL or lines and find("\n", end, start) != -1
            text, end = m.group(), after
            t_low = text.lower()
            if t_low in triggers or t_low.endswith(POSSESSIVE_ENDS):
                at.append(len(toks))
            add(new(Tok, (start, end, text, t_low, initial)))  # Tok(...) without its __new__
        clauses = _clauses(quote)
        found: list[Anchor] = []
        for k in at:
            t = toks[k]
            if t.low in self.speech or t.low in self.denial:
                if t.text[0].islower() and (a := self._verb(quote, toks, k, clauses)):
                    found.append(a)
            elif t.low == "according" and k + 1 < len(toks) and toks[k + 1].low == "to":
                found.append(self._scoped(toks, k, k + 2, clauses))
            elif t.low in self.citing:
                found.append(self._scoped(toks, k, k + 1, clauses, cites=True))
            elif t.low in ("by", "from") and k and self._made_by(toks, k):
                found.append(self._scoped(toks, k, k + 1, clauses))
            elif t.low.endswith(POSSESSIVE_ENDS) and k + 1 < len(toks) \
                    and (a := self._possessive(toks, k, clauses)):
                found.append(a)
        return tuple(a for a in found if a.actor)

    def attribute(self, quote: str, ms: int, me: int, anchors: tuple[Anchor, ...]
                  ) -> Attribution:
        """The actor and the disputer of the number at `ms`..`me` of the quote."""
        actor: tuple[int, str] | None = None
        disputer: tuple[int, str] | None = None
        for a in anchors:
            if not (a.start < me and ms < a.end):  # ('estimated 1,200' holds its verb)
                continue
            d = max(0, a.at - me if a.at >= me else ms - a.end_at)
            if d > ACTOR_REACH or a.forward and not _governs(quote[a.end_at:ms]):
                continue
            assert a.actor is not None
            if a.denial:
                if disputer is None or d < disputer[0]:
                    disputer = (d, a.actor)
            elif a.cites:
                if actor is None or actor[0] >= 0:
                    actor = (-1, a.actor)
            elif actor is None or 0 <= d < actor[0]:
                actor = (d, a.actor)
        who = actor[1] if actor and actor[1] != BLOCK else None
        return Attribution(who, disputer[1] if disputer and disputer[1] != BLOCK else None)

    def _scoped(self, toks: list[Tok], k: int, np_at: int, clauses: list[tuple[int, int]],
                cites: bool = False) -> Anchor:
        """'according to X', 'citing X', 'a report by X': X speaks for its whole clause."""
        actor = self._phrase_after(toks, np_at)
        s, e = _within_brackets(toks, k, *_clause_of(clauses, toks[k].start))
        return Anchor(toks[k].start, toks[np_at - 1].end, s, e, actor, cites=cites)

    def _made_by(self, toks: list[Tok], k: int) -> bool:
        """'by'/'from' after a report or record noun, or 'by' after 'published' and the like:
        what follows made the figure. ('By Rob Quinn' opening a line is a byline.)"""
        before = toks[k - 1].low
        if toks[k].low == "by" and before in self.participles:
            return True
        return before in self.documents

    def _possessive(self, toks: list[Tok], k: int, clauses: list[tuple[int, int]]
                    ) -> Anchor | None:
        """'X's figure', 'the organisers' estimate', 'by X's count' (up to two words between)."""
        j = k + 1
        while j < len(toks) and j <= k + 3 and toks[j].low not in self.owned:
            if not toks[j].text.isalpha() or toks[j].low in self.stops:
                return None
            j += 1
        if j >= len(toks) or toks[j].low not in self.owned:
            return None
        lo = self._np_start(toks, k)
        if lo is None or toks[lo].low in POSSESSIVE_PRONOUNS:
            return None  # 'his agency's estimate': the agency is named elsewhere
        if toks[j].low in COUNTING and _place(_unpossess(toks[k])):
            return None  # 'L.A.'s homeless count': what is counted, not who counts
        actor = self._actor([*toks[lo:k], _unpossess(toks[k])])
        s, e = _clause_of(clauses, toks[k].start)
        b = lo - 1  # 'N people, by the organisers' count': across a comma or a dash only
        while b >= 0 and toks[b].start >= s and toks[b].text not in (",", "—", "–", "-", "("):
            b -= 1
        start = s if b >= 0 and toks[b].start >= s else toks[lo].start
        return Anchor(toks[lo].start, toks[j].end, start, e, actor)

    def _verb(self, quote: str, toks: list[Tok], k: int, clauses: list[tuple[int, int]]
              ) -> Anchor | None:
        """The anchor of a reporting or denying verb, or None where the word is a noun or
        an adjective ('an estimated 5,000', 'official estimates put')."""
        prev = toks[k - 1] if k else None
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        nounish = toks[k].low in self.nounish
        if prev and (prev.low in DETERMINERS or _possessed(prev)
                     or prev.low in QUANTIFIERS and nounish):
            return None
        if nounish and nxt and not (nxt.text in CLOSING or nxt.text in OPENING
                                    or nxt.low in COMPLEMENT or nxt.low in self.determiners
                                    or nxt.low in PRONOUNS or nxt.text[0].isdigit()):
            return None  # 'crowd estimates for', 'the official count match': a noun
        actor: str | None
        if prev and prev.low in QUANTIFIERS:  # 'some put it at', 'others say'
            actor, trailing, subordinate = BLOCK, False, self._introduced(toks, k - 1)
        elif prev and prev.low in BE:  # passive: 'was estimated by X at'
            if not (nxt and nxt.low == "by"):
                return None
            actor = self._phrase_after(toks, k + 2)
            trailing, subordinate = False, False
        else:
            actor, subordinate, inverted = self._subject(toks, k)
            trailing = inverted or self._closes(toks, k)
        if not actor:
            return None
        at, end_at = toks[k].start, toks[k].end
        s, e = _clause_of(clauses, at)
        denial = toks[k].low in self.denial
        if denial:  # 'the hospital said 12 died; the ministry disputed the figure'
            s, e = _clause_of(_clauses(quote, SENTENCE_END_ONLY), at)
        if denial or trailing:
            return Anchor(at, end_at, s, e, actor, denial=denial)
        if subordinate and (comma := CLAUSE_COMMA.search(quote, end_at, e)):
            e = comma.start()
        return Anchor(at, end_at, end_at, e, actor, forward=True)

    def _closes(self, toks: list[Tok], k: int) -> bool:
        """Whether the verb at k ends its clause, after a time phrase: ', police said.',
        'the publication reported on Tuesday, citing', 'At its peak, police said, the ...'."""
        j = self._skip_time_ahead(toks, k + 1)
        return j >= len(toks) or toks[j].text in CLOSING

    def _skip_time_ahead(self, toks: list[Tok], j: int) -> int:
        """Past a time phrase from token j on: 'on Tuesday', 'last week', 'today'."""
        while j < len(toks) and (self._time(toks[j]) or toks[j].low in TIME_LEADS
                                 or toks[j].low == "the" and j + 1 < len(toks)
                                 and self._time(toks[j + 1])):
            j += 1
        return j

    # ------------------------------------------------------------------ subjects

    def _subject(self, toks: list[Tok], k: int) -> tuple[str | None, bool, bool]:
        """The verb's subject: (actor, in a subordinate clause, inverted)."""
        j = k - 1
        while j >= 0 and (toks[j].low in BETWEEN or _adverb(toks[j])):
            j -= 1
        if j >= 2 and toks[j].text == ")" and toks[j - 2].text == "(":
            j -= 3  # 'the International Union for Conservation of Nature (IUCN) says'
        j = self._skip_time(toks, j)
        if j >= 0 and toks[j].text == ",":
            actor, at = self._interrupted(toks, j)
            if actor:
                return actor, self._introduced(toks, at), False
        else:
            lo = self._np_start(toks, j)
            if lo is not None and (actor := self._actor(toks[lo:j + 1])):
                return actor, self._introduced(toks, lo), False
            rel = self._relative(toks, j + 1 if lo is None else lo)
            if rel is not None and (r := self._np_start(toks, rel - 1)) is not None \
                    and (actor := self._actor(toks[r:rel])):
                return actor, self._introduced(toks, r), False  # 'an expert who assessed X said'
        if k and toks[k - 1].text in {",", "”", "\"", "’", "'"} or k == 0:
            end = self._np_end(toks, k + 1, len(toks))
            after = self._skip_time_ahead(toks, end)
            if end > k + 1 and (after == len(toks) or toks[after].text in CLOSING):
                return self._phrase_after(toks, k + 1, appositive=True), False, True
        return None, False, False

    def _interrupted(self, toks: list[Tok], comma: int) -> tuple[str | None, int]:
        """A subject cut from its verb by a comma: 'Farouk El-Baz, the centre's director,
        said', 'Aceh's government, however, counts', 'the ministry, which tracks entries, said'."""
        j = comma - 1
        while j >= 0 and toks[j].text not in CLOSING:
            j -= 1
        if j < 0 or toks[j].text != ",":
            return None, comma
        inner = toks[j + 1:comma]
        if len(inner) > 2 and inner[0].low in self.participles and inner[1].low == "by":
            return self._phrase_after(toks, j + 3), j + 3  # 'a survey ..., run by X, found'
        name_lo = self._np_start(toks, j - 1)
        if name_lo and toks[name_lo - 1].text == "," \
                and any(t.low == "and" for t in toks[name_lo:j]):
            name_lo = None  # 'in Georgia, Armenia and Kazakhstan, run by X,': a list
        name = self._actor(toks[name_lo:j]) if name_lo is not None else None
        if not inner:
            return None, comma
        first = inner[0].low
        at = name_lo if name_lo is not None else comma
        if len(inner) == 1 and (first in self.stops or not _noun(first)) \
                or first in self.function:  # ', however,', ', by contrast,', ', which ...,'
            return name, at
        end = self._np_end(toks, j + 1, comma)
        role = self._actor(toks[j + 1:end]) if end > j + 1 else None
        if role is None or role == BLOCK:  # 'Kazakhstan, the largest destination, said'
            return name, at
        if name and name != BLOCK and len(f"{name} {role}".split()) <= MAX_WORDS:
            assert name_lo is not None
            return f"{name}, {_with_article(toks[j + 1:end], role)}", name_lo
        return role, j + 1

    def _relative(self, toks: list[Tok], lo: int) -> int | None:
        """The 'who'/'which' a few words before token lo, in the same clause."""
        r = lo - 1
        while r >= 0 and r >= lo - 12 and toks[r].text not in CLOSING:
            if toks[r].low in ("who", "which"):
                return r
            r -= 1
        return None

    def _introduced(self, toks: list[Tok], lo: int) -> bool:
        """Whether the phrase starting at lo follows 'since', 'where', 'which'...: its verb
        is in a subordinate clause."""
        return lo > 0 and toks[lo - 1].low in self.subordinators

    def _skip_time(self, toks: list[Tok], j: int) -> int:
        """Back over a time phrase before a verb: 'the ministry on Tuesday said'."""
        if j >= 0 and self._time(toks[j]):
            while j >= 0 and (self._time(toks[j]) or toks[j].low in TIME_LEADS):
                j -= 1
        return j

    def _np_start(self, toks: list[Tok], j: int) -> int | None:
        """Where the noun phrase ending at token j starts, walking left; None if none does.
        'of/for/at/in/from' and a determiner after it stay inside a name ('researchers at
        the University of X'); 'and' joins two names ('Red Cross and state officials')."""
        lo = None
        words = 0
        while j >= 0 and words <= MAX_WORDS + 2:
            t = toks[j]
            if t.text == "." and j and self._abbreviation(toks[j - 1]):
                j -= 1
                continue
            if t.low in self.determiners:
                n = _link_before(toks, j)
                inside = lo is not None and t.low in DETERMINERS and n and toks[j - 1].low != "and" \
                    and j - n >= 1 and self._word(toks[j - n - 1], toks[j - n])
                lo = j
                if inside:
                    j -= 1  # 'at the University': the link is read next
                    continue
                break
            if t.low == "to" and _link_before(toks, j + 1) == 2 and lo is not None:
                j -= 2  # 'a source close to the talks'
                continue
            if t.low in LINKS:
                right = toks[lo] if lo is not None else None
                if right is None or j == 0 or not self._word(toks[j - 1], t) or not (
                        right.text[0].isupper() or right.low in self.determiners
                        or t.low == "and" and toks[j - 1].text[0].isupper()):
                    break
            elif not self._word(t, toks[j + 1] if j + 1 < len(toks) else None):
                break
            else:
                lo = j
                words += 1
            j -= 1
        while lo is not None and lo < len(toks) and toks[lo].low in LINKS:
            lo += 1
        return lo

    def _np_end(self, toks: list[Tok], i: int, limit: int) -> int:
        """Where the noun phrase starting at token i ends (exclusive), walking right."""
        j = i
        if j < limit and toks[j].low in self.determiners:
            j += 1
        end = i
        words = 0
        while j < limit and words < MAX_WORDS:
            t = toks[j]
            nxt = toks[j + 1] if j + 1 < limit else None
            if t.text == "." and j > i and self._abbreviation(toks[j - 1]):
                j += 1
                end = j
                continue
            if t.low == "close" and nxt is not None and nxt.low == "to" and end > i:
                j += 1  # 'a source close to the talks': read 'to' as the link
                continue
            if t.low in LINKS or t.low == "to" and toks[j - 1].low == "close":
                if end == i or nxt is None or not (
                        nxt.low in self.determiners or self._word(nxt, toks[j + 2] if j + 2 < limit
                                                                  else None)):
                    break
                j += 1
                if toks[j].low in self.determiners:
                    j += 1
                continue
            if not self._word(t, nxt):
                break
            words += 1
            j += 1
            end = j
        return end

    def _phrase_after(self, toks: list[Tok], i: int, appositive: bool = False) -> str | None:
        """The actor named from token i on: 'according to X', 'said X', 'by X'. A report or
        record noun gives way to who made it ('a paper by economists', 'findings a
        consortium reached')."""
        end = self._np_end(toks, i, len(toks))
        if end == i:
            return None
        if end < len(toks) and self._head(toks[i:end]).low in self.documents:
            nxt = end + 1 if toks[end].low in self.participles else end
            if nxt < len(toks) and toks[nxt].low in ("by", "from"):
                return self._phrase_after(toks, nxt + 1)
            if toks[end].low in DETERMINERS and end + 1 < len(toks) and \
                    toks[end + 1].low not in self.documents:  # 'findings a consortium reached'
                return self._phrase_after(toks, end)
        actor = self._actor(toks[i:end])
        if actor and appositive and end + 1 < len(toks) and toks[end].text == ",":
            more = self._np_end(toks, end + 1, len(toks))
            role = self._actor(toks[end + 1:more]) if more > end + 1 else None
            if role and role != BLOCK and len(f"{actor} {role}".split()) <= MAX_WORDS:
                return f"{actor}, {_with_article(toks[end + 1:more], role)}"
        return actor

    # ------------------------------------------------------------------ what can speak

    def _actor(self, words: list[Tok]) -> str | None:
        """The phrase as an actor, BLOCK for a bare quantifier, None if its head cannot speak
        (a pronoun, a time, a record noun); a report noun gives way to its maker's name."""
        while words and (words[0].low in LINKS or not words[0].text[0].isalnum()):
            words = words[1:]
        if words and _possessed(words[-1]):  # 'organizers of the city's [June 16 protest]'
            cut = max((i for i, w in enumerate(words) if i and w.low in LINKS), default=0)
            words = words[:cut] if cut else words[:-1]
        if not words:
            return None
        if all(w.low in self.determiners for w in words):
            return BLOCK if words[-1].low in QUANTIFIERS else None
        head = self._head(words)
        if head.low in self.documents:
            maker = self._maker(words, head)
            if maker is not None:
                return maker
            if words[0].low in POSSESSIVE_PRONOUNS:
                return None  # 'its annual report': whose, the sentence does not say
            return _text(words) if head.low in self.reports else None
        head, name = self._heads(words)[0]  # 'Red Cross and state officials': the first
        if not self._speaks(head, name):
            return None
        text = _text(words)
        return text if len(text.split()) <= MAX_WORDS else None

    def _maker(self, words: list[Tok], head: Tok) -> str | None:
        """Who made the report or record that heads the phrase: 'Greenpeace's report',
        'the RAND survey', 'tourism ministry data', 'the latest edition of Ethnologue'."""
        h = words.index(head)
        before = [w for w in words[:h] if w.low not in DETERMINERS]
        owner = next((i for i, w in enumerate(before) if _possessed(w)), None)
        if owner is not None:
            return self._actor([*before[:owner], _unpossess(before[owner])])
        if before and self._makes(before):
            return self._actor(before)
        after = words[h + 1:]
        if after and after[0].low == "of" and head.low in self.records:
            # 'the latest edition of the Almanac'; not 'surveys of the Amazon' (its subject)
            named = after[2:] if len(after) > 2 and after[1].low in DETERMINERS else after[1:]
            if named and named[0].text[0].isupper() and not _place(named[0]):
                return self._actor(after[1:])
        return None

    def _makes(self, words: list[Tok]) -> bool:
        """Whether the words before a report noun name its maker: an acronym ('RAND'), a
        name WordNet does not know or knows as an organisation ('Greenpeace', 'Red Cross'),
        or an agent noun ('tourism ministry'); not 'Point-in-Time', 'official', 'yearly'."""
        last = words[-1]
        if _acronym(last.text):
            return True
        if last.low in self.function or self._time(last):
            return False
        if last.text[0].isupper() and not last.initial:
            pair = f"{words[-2].low} {last.low}" if len(words) > 1 else last.low
            return _unknown(last.low) or _organisation(last.low) or _organisation(pair)
        # a noun, not an adjective: 'police figures', 'tourism ministry data'; not 'official'
        return (last.low in self.heads or _agent_noun(last.low)) and not _has_adjective(last.low)

    def _heads(self, words: list[Tok]) -> list[tuple[Tok, bool]]:
        """The head of each of 'X and Y', and whether it ends a name of several capitalised
        words ('Red Cross', whatever 'cross' means alone)."""
        out = []
        for part in _split(words, "and"):
            head = self._head(part)
            at = next(i for i, w in enumerate(part) if w.start == head.start)
            out.append((head, at > 0 and head.text[0].isupper()
                        and part[at - 1].text[0].isupper()))
        return out

    def _head(self, words: list[Tok]) -> Tok:
        """The phrase's head: the last word before 'of/for/at/in/from/and'."""
        for i, w in enumerate(words):
            if i and (w.low in LINKS or w.low == "close" and i + 1 < len(words)
                      and words[i + 1].low == "to"):
                return _unpossess(words[i - 1])
        return _unpossess(words[-1])

    def _speaks(self, head: Tok, name: bool = False) -> bool:
        """Whether a head noun can give a figure: a name, an agent noun, an authored work.
        `name`: the head ends a name of several capitalised words."""
        low = head.low
        if _acronym(head.text):
            return True
        if low in self.function or self._time(head) or low in self.determiners \
                or low in self.records:
            return False
        if low in self.heads or low in self.reports:
            return True
        if head.initial and not name and _common_noun(low):
            return _agent_noun(low)  # 'Officials said', 'Melancholia ... claimed'
        if head.text[0].isupper() or any(c.isupper() for c in head.text[1:]):
            return name or not _adjective(low)
        return low not in self.stops and _agent_noun(low)

    def _word(self, t: Tok, nxt: Tok | None) -> bool:
        """Whether the token can sit inside a noun phrase: a name, a noun, an adjective; a
        word ending in -ed/-ing only before another such word ('working paper')."""
        if not t.text[0].isalnum() or any(c.isdigit() for c in t.text):
            return False
        if _acronym(t.text):
            return True
        if t.low in self.determiners or self._time(t):
            return False
        if t.text[0].isupper():
            return t.low not in self.function
        if t.low in self.stops:
            return False
        if t.low in self.heads:
            return True
        if t.low.endswith(("ed", "ing")):  # only before a noun: 'working paper', 'unnamed source'
            return nxt is not None and nxt.text.isalpha() and nxt.text.islower() \
                and nxt.low not in self.stops and nxt.low not in LINKS \
                and nxt.low not in self.determiners and not self._time(nxt) \
                and (t.low.endswith("ing") or _modifier(t.low))
        return not _verb_only(t.low)

    def _time(self, t: Tok) -> bool:
        """A weekday, a month (capitalised: 'a march organiser' is no date), 'today', 'year'."""
        return t.low in self.time_words or t.low in self.months and t.text[0].isupper()

    def _abbreviation(self, t: Tok) -> bool:
        return t.low in self.titles or len(t.text) == 1 and t.text.isupper()


# ---------------------------------------------------------------------- helpers


def _substrings(words: Iterable[str]) -> re.Pattern[str]:
    """A regex finding any of the words (lower case) anywhere, inside other words too."""
    return re.compile(alternation({w.lower() for w in words}, space=r"\ ", ignore_case=False))


def _clauses(quote: str, ends: re.Pattern[str] = SENTENCE_END) -> list[tuple[int, int]]:
    """The quote's sentences and ';'-clauses (`ends`: where they end), as spans."""
    spans, start = [], 0
    for m in ends.finditer(quote):
        if m.group(0)[0] == "." and _ends_abbreviation(quote, m.start()):
            continue
        spans.append((start, m.start() + 1))
        start = m.end()
    spans.append((start, len(quote)))
    return spans


def _ends_abbreviation(quote: str, dot: int) -> bool:
    """'U.S. Park', 'Maj. Hines', 'J. Smith': a dot after a short capitalised word."""
    m = re.search(r"(?:^|[\s(])([A-Z][A-Za-z]{0,3}|(?:[A-Za-z]\.)+[A-Za-z])$", quote[:dot])
    return m is not None and (len(m.group(1)) <= 2 or "." in m.group(1)
                              or m.group(1).lower() in ("prof", "capt", "sgt", "gen", "maj",
                                                        "col", "sen", "rep", "gov", "rev"))


def _link_before(toks: list[Tok], j: int) -> int:
    """How many tokens before token j link two nouns: 'of', 'at'... (1), 'close to' (2)."""
    if j >= 1 and toks[j - 1].low in LINKS:
        return 1
    if j >= 2 and toks[j - 1].low == "to" and toks[j - 2].low == "close":
        return 2
    return 0


def _within_brackets(toks: list[Tok], k: int, s: int, e: int) -> tuple[int, int]:
    """The span an anchor at token k speaks for inside its clause s..e: up to the closing
    bracket when it stands in brackets ('from 4,000 (according to X) to 93,000 (...)': X
    gives the 4,000 only), from the previous closing bracket."""
    i = k - 1
    while i >= 0 and toks[i].start >= s and toks[i].text not in "()":
        i -= 1
    if i < 0 or toks[i].start < s or toks[i].text != "(":
        return s, e
    j = k + 1
    while j < len(toks) and toks[j].start < e and toks[j].text not in "()":
        j += 1
    if j >= len(toks) or toks[j].start >= e or toks[j].text != ")":
        return s, e
    b = i - 1
    while b >= 0 and toks[b].start >= s and toks[b].text != ")":
        b -= 1
    return (toks[b].end if b >= 0 and toks[b].start >= s else s), toks[j].end


def _clause_of(clauses: list[tuple[int, int]], at: int) -> tuple[int, int]:
    return next(((s, e) for s, e in clauses if s <= at < e), clauses[-1])


def _governs(gap: str) -> bool:
    """Whether a verb followed by `gap` and then a number says that number: after a clause
    ('said the figure was', 'said that', 'reckoned the march drew'), a quote, a few words, or
    'put the crowd at'; in a list, when it says the list's first number."""
    if digit := re.search(r"\d", gap):
        gap = gap[:digit.start()]
    if re.search(r"\bthat\b|[\"“”:]", gap):
        return True
    words = re.findall(r"[A-Za-z][\w'’-]*", gap)
    if len(words) <= 2 or any(w.lower() in SPEECH_GAP for w in words[-3:]):
        return True
    return any(w.lower() in FINITE or w.islower() and (
        _inflected_verb(w) or i and w.endswith("s") and words[i - 1].lower() not in DETERMINERS
        and _verb_form(w)) for i, w in enumerate(words))


def _text(words: list[Tok]) -> str:
    """The phrase as written (spaces collapsed), without a leading 'the' (kept: 'a', 'an',
    'this', in lower case where a sentence began with it)."""
    if words and words[0].low == "the":
        words = words[1:]
    if words and words[0].low in ("a", "an") and len(words) > 1:
        words = [words[0]._replace(text=words[0].low), *words[1:]]
    out = ""
    for i, w in enumerate(words):
        if i and w.start > words[i - 1].end:
            out += " "
        out += w.text
    return out


def _acronym(text: str) -> bool:
    """'WHO', 'UN', 'U.S.', 'LAPD': a name, whatever the same letters spell in lower case."""
    if text.isascii() and text.upper() != text:
        return False  # a lower-case ASCII letter: most words, told without a loop
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _with_article(words: list[Tok], role: str) -> str:
    """An appositive as written, its article kept: 'the centre's director'."""
    return f"the {role}" if words and words[0].low == "the" else role


def _split(words: list[Tok], link: str) -> list[list[Tok]]:
    parts: list[list[Tok]] = [[]]
    for w in words:
        if w.low == link and parts[-1]:
            parts.append([])
        elif w.low != link:
            parts[-1].append(w)
    return [p for p in parts if p]


def _possessed(t: Tok) -> bool:
    return t.low.endswith(("'s", "’s", "s'", "s’"))


def _unpossess(t: Tok) -> Tok:
    for tail in ("'s", "’s", "'", "’"):
        if t.text.endswith(tail) and len(t.text) > len(tail):
            text = t.text[:-len(tail)]
            return Tok(t.start, t.end - len(tail), text, text.lower())
    return t


def _adverb(t: Tok) -> bool:
    """'likewise', 'reportedly': a word WordNet knows only as an adverb."""
    return t.text.isalpha() and t.text.islower() and _is_adverb(t.low)


@lru_cache(maxsize=4096)
def _is_adverb(word: str) -> bool:
    from crosstally import wordnet
    return wordnet.parts_of_speech(word) == {"r"}


@lru_cache(maxsize=4096)
def _inflected_verb(word: str) -> bool:
    """A verb in the past ('drew', 'estimated'): a clause goes on ('reckoned the march drew')."""
    from crosstally import wordnet
    if word.endswith("ed"):
        return True
    return not word.endswith("s") and any(lemma != word for lemma in wordnet.lemmas(word, "v"))


@lru_cache(maxsize=4096)
def _verb_form(word: str) -> bool:
    """'holds', 'counts': a present-tense verb WordNet knows (inflected, not the lemma)."""
    from crosstally import wordnet
    return any(lemma != word for lemma in wordnet.lemmas(word, "v"))


@lru_cache(maxsize=4096)
def _unknown(word: str) -> bool:
    """A word WordNet does not know, nor (hyphenated) all its parts: most often a name."""
    from crosstally import wordnet
    return not wordnet.parts_of_speech(word) and (
        "-" not in word or any(not wordnet.parts_of_speech(p) for p in word.split("-") if p))


@lru_cache(maxsize=4096)
def _common_noun(word: str) -> bool:
    """A noun WordNet knows whose first sense is a kind, not one named thing ('Kazakhstan')."""
    from crosstally import wordnet
    first = wordnet.synsets(word, "n", senses=1)
    return bool(first) and not any(_instance(s) for s in first)


@lru_cache(maxsize=4096)
def _organisation(word: str) -> bool:
    """A word or name WordNet knows as an organisation ('greenpeace', 'red cross')."""
    from crosstally import wordnet
    return wordnet.is_a(word, "organization")


def _place(t: Tok) -> bool:
    """A place's name: WordNet's first sense a location, or initials ('L.A.') that name no
    organisation."""
    if re.fullmatch(r"(?:[A-Z]\.)+", t.text):
        return not _organisation(t.low.replace(".", ""))
    return t.text[0].isupper() and _location(t.low)


@lru_cache(maxsize=4096)
def _location(word: str) -> bool:
    from crosstally import wordnet
    first = wordnet.synsets(word, "n", senses=1)
    return any(s.lexname == "noun.location" for s in first)


@lru_cache(maxsize=4096)
def _has_adjective(word: str) -> bool:
    from crosstally import wordnet
    return "a" in wordnet.parts_of_speech(word)


@lru_cache(maxsize=4096)
def _noun(word: str) -> bool:
    from crosstally import wordnet
    return "n" in wordnet.parts_of_speech(word)


@lru_cache(maxsize=4096)
def _verb_only(word: str) -> bool:
    """A word WordNet knows only as a verb ('appear', 'compel'): no part of a noun phrase."""
    from crosstally import wordnet
    return wordnet.parts_of_speech(word) == {"v"}


@lru_cache(maxsize=4096)
def _modifier(word: str) -> bool:
    """An -ed/-ing word WordNet lists as an adjective or noun ('unnamed', 'working'), or
    does not know ('organising': a spelling it lacks)."""
    from crosstally import wordnet
    pos = wordnet.parts_of_speech(word)
    return not pos or bool(pos & {"a", "n"})


@lru_cache(maxsize=4096)
def _agent_noun(word: str) -> bool:
    """A noun whose first WordNet sense is a kind of person (not one person: 'More') or an
    organisation, or a thing whose second sense is the body that runs it ('hospital',
    'airline'): 'officials', 'team'; not 'crowd', not 'intelligence' (first a faculty)."""
    from crosstally import wordnet
    first = wordnet.synsets(word, "n", senses=1)
    if any(s.lexname == "noun.person" and not _instance(s) for s in first):
        return True
    if wordnet.is_a(word, "organization", senses=1):
        return True
    return any(s.lexname == "noun.artifact" for s in first) \
        and wordnet.is_a(word, "organization", senses=2)


def _instance(synset: object) -> bool:
    return any(p.relation == "instance hypernym" for p in getattr(synset, "pointers", ()))


@lru_cache(maxsize=4096)
def _adjective(word: str) -> bool:
    """A word that names no one by itself: an adjective with no sense of a person, group or
    place ('Western', 'Official' opening a sentence), or a nationality adjective ('Chinese
    data'). Unknown words (most names) are not adjectives."""
    from crosstally import wordnet
    senses = wordnet.synsets(word)
    if not any(s.pos == "a" for s in senses):
        return False
    if any(s.lexname == "adj.pert" for s in senses) and any(
            link.relation in ("pertainym", "derivation") and link.pos == "n"
            and "noun.location" in wordnet.lexnames(link.lemma)
            for link in wordnet.links(word, "a")):
        return True  # 'Chinese', 'Russian': a place's adjective, not a speaker
    return not any(s.lexname in ("noun.person", "noun.group", "noun.location") for s in senses)
