"""Figures as the prose names them: claims (one figure, every source that gives it), who gives
each, and a count of how often each has been written, so no figure is repeated past twice.

`Context` is what every section reads: the claims, the sources, the answer and the figures
written so far. A claim is every finding with the same numbers and qualifier ("close to two
million" and "nearly 2 million" are one claim; "as many as 2 million" is another). Its text,
what it counts and who gives it are the sources' own words: the first finding's figure, the
counted phrase and actor most of its findings give.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from crosstally import wordnet
from crosstally.extract import default_extractor
from crosstally.types import RELATIONS, Answer, Estimate, Finding, Source, Target

LIMIT = 2  # a figure is written at most twice in the whole prose
WIDE = 10  # a broader or narrower figure within this factor of the range explains its spread
CHECKED_KINDS = ("count", "money", "percent", "fraction", "measure")
DETERMINERS = frozenset("a an the this that these those some one any each every its their his her "
                        "our my your most many few several all both other".split())
# The label for each kind of counter (Estimate.actor_type, reconcile/actors.py), as the subject
# of a sentence; None: the figure's words do not say who counted.
ACTOR_LABELS = {
    "government_concerned": "the government concerned",
    "foreign_government": "foreign governments and alliances",
    "international_body": "international bodies",
    "ngo": "NGOs and advocates",
    "researchers": "researchers",
    "media": "the media",
    "organisers": "the organisers",
    "police": "the police",
    "anonymous": "anonymous sources",
}
Key = tuple[float | None, float | None, float | None, str]


def figure_key(e: Estimate) -> Key:
    return (e.value, e.low, e.high, e.qualifier)


@dataclass(frozen=True)
class Claim:
    """One figure and every finding that gives it, in the order of the findings."""

    findings: tuple[Finding, ...]

    @property
    def estimate(self) -> Estimate:
        return self.findings[0].estimate

    @property
    def key(self) -> Key:
        return figure_key(self.estimate)

    @cached_property
    def relation(self) -> str:
        """The relation most of its findings have; ties go to the closer one (direct first)."""
        votes = Counter(f.relation for f in self.findings)
        return min(votes, key=lambda r: (-votes[r], RELATIONS.index(r)))

    @cached_property
    def sources(self) -> tuple[int, ...]:
        return tuple(sorted({f.source for f in self.findings}))

    @cached_property
    def counted(self) -> str | None:
        return _mostcommon(f.estimate.counted for f in self.findings)

    @cached_property
    def actor(self) -> str | None:
        return _mostcommon(f.estimate.actor for f in self.findings)

    @cached_property
    def actor_type(self) -> str | None:
        typed = [f.estimate.actor_type for f in self.findings
                 if f.estimate.actor == self.actor and f.estimate.actor_type]
        return typed[0] if typed else None

    @cached_property
    def time(self) -> str | None:
        return mid(self.timed.estimate.time) if self.timed and self.timed.estimate.time else None

    @cached_property
    def timed(self) -> Finding | None:
        """The first finding that names a time: cite its source with the time it names."""
        return next((f for f in self.findings if f.estimate.time), None)

    @cached_property
    def voiced(self) -> Finding:
        """The first finding that names the claim's actor: cite its source with the actor."""
        return next((f for f in self.findings if f.estimate.actor == self.actor), self.findings[0])

    @cached_property
    def place(self) -> str | None:
        return next((f.estimate.place for f in self.findings if f.estimate.place), None)

    @property
    def value(self) -> float | None:
        """A point for comparing sizes: the value, else the middle of the bounds."""
        e = self.estimate
        if e.value is not None:
            return e.value
        bounds = [b for b in (e.low, e.high) if b is not None]
        return sum(bounds) / len(bounds) if bounds else None

    def cite(self, only: Iterable[int] | None = None) -> str:
        ids = sorted(set(only)) if only is not None else self.sources
        return " ".join(f"[{n}]" for n in ids)


def claims(findings: Sequence[Finding]) -> list[Claim]:
    """Findings grouped by figure, in order of first appearance."""
    groups: dict[tuple[object, ...], list[Finding]] = {}
    for f in findings:
        e = f.estimate
        groups.setdefault((*figure_key(e), e.kind, e.per, e.unit), []).append(f)
    return [Claim(tuple(g)) for g in groups.values()]


def by_support(items: Sequence[Claim], stories: dict[int, int]) -> list[Claim]:
    """Claims given by the most independent stories first, then in order of appearance."""
    return sorted(items, key=lambda c: -len({stories.get(n, -n) for n in c.sources}))


class Mentions:
    """How often each figure has been written so far, as the verifier reads the prose (so
    'a minimum of 50 million' and '50 million' are one figure); a figure goes in at most
    LIMIT times."""

    def __init__(self) -> None:
        self.seen: Counter[Key] = Counter()

    def free(self, claim: Claim) -> bool:
        return self.allows(figure_words(claim))

    def unused(self, claim: Claim) -> bool:
        return all(self.seen[k] == 0 for k in keys_in(figure_words(claim)))

    def take(self, claim: Claim) -> bool:
        """Count the claim's words as written, if each of their figures may still be."""
        return self.admit(figure_words(claim))

    def admit(self, text: str) -> bool:
        if not self.allows(text):
            return False
        self.note(text)
        return True

    def note(self, text: str) -> None:
        """Count the figures written in `text` (a sentence composed elsewhere)."""
        for key in keys_in(text):
            self.seen[key] += 1

    def allows(self, text: str) -> bool:
        return all(self.seen[k] < LIMIT for k in keys_in(text))


def keys_in(text: str) -> list[Key]:
    """The figures in a sentence as the verifier reads them (a citation [n] is none)."""
    plain = CITATION.sub(" | ", text)
    return [figure_key(e) for e in default_extractor().extract(plain) if e.kind in CHECKED_KINDS]


CITATION = re.compile(r"\[\d+\]")


# ------------------------------------------------------------------ what every section reads

@dataclass(frozen=True)
class Context:
    """What every section reads: the claims, the sources and the figures written so far."""

    target: Target
    answer: Answer
    claims: tuple[Claim, ...]  # the figures related to the question
    by_id: dict[int, Source]
    mentions: Mentions
    findings: tuple[Finding, ...] = ()  # every finding, unrelated ones too

    @property
    def stories(self) -> dict[int, int]:
        return {n: s.story for n, s in self.by_id.items()}

    def related(self, *relations: str) -> list[Claim]:
        return [c for c in self.claims if c.relation in relations]

    def figure(self, claim: Claim) -> str | None:
        """The claim's words and citation if it may still be written, else None."""
        if not self.mentions.take(claim):
            return None
        return f"{figure_words(claim)} {claim.cite()}"

    def named(self, claim: Claim, only: Sequence[int] | None = None) -> str:
        """The figure when it may be written, else whose figure it is: 'the figure given by
        a senior NATO official [3]'."""
        if only is None and (shown := self.figure(claim)):
            return shown
        return self.reference(claim)

    def reference(self, claim: Claim) -> str:
        """'the count of protesters by the police [1]': whose figure, in words its source
        uses, so the citation can be checked without the number."""
        counted = counted_words(claim)
        what = f"the count of {counted}" if counted and claim.estimate.kind == "count" \
            else "the figure"
        by = ("by" if counted else "given by") if claim.actor else "reported by"
        return f"{what} {by} {who(claim, self.by_id)} [{claim.voiced.source}]"

    def all_named(self, items: Sequence[Claim]) -> list[str]:
        """Every claim's figure if each may still be written, else every one by reference: a
        sentence never mixes the two, since a reference's citation backs no number in it."""
        if all(self.mentions.free(c) for c in items):
            return [shown for c in items if (shown := self.figure(c))]
        return [self.reference(c) for c in items]

    def near_range(self, claim: Claim) -> bool:
        """A broader or narrower figure of the same order as the answer explains its spread;
        one far smaller (one town, one week) belongs to the breakdowns."""
        low, high, value = self.answer.low, self.answer.high, claim.value
        if low is None or high is None or value is None:
            return True
        return low / WIDE <= value <= high * WIDE


def plain_time(time: str | None) -> bool:
    """A time phrase that holds no figure the verifier would check ('in the 1920s' reads as
    one): safe in a sentence whose citations back no number."""
    return bool(time) and not keys_in(time or "")


# ------------------------------------------------------------------ words for a claim

def figure_words(claim: Claim) -> str:
    """'at least 150,000 men liable', 'up to 19,000 Russian arrivals a day', 'about 40 per cent
    of men', 'hundreds of thousands of people': the figure as the source words it, with what
    it counts."""
    e = claim.estimate
    text = inline(e.text)
    counted = _as_written(claim.counted) if counted_words(claim) else None
    if counted and counted.lower() in text.lower():
        counted = None
    if counted and GENERIC_HEAD.match(counted):
        counted = f"({counted})"
    elif counted and (e.kind in ("percent", "fraction") or e.qualifier == "vague"
                      and text.endswith("s")):
        counted = f"of {counted}"  # 'about 40 per cent of men', 'tens of thousands of people'
    per = f" {'per' if e.base else 'a'} {e.per}" if e.per and e.per not in text else ""
    return f"{text}{' ' + counted if counted else ''}{per}"


def counted_words(claim: Claim) -> str | None:
    """What the claim counts, without a tally's name ('number of men who left' -> 'men who
    left'); None when the words name only a tally ('figure', 'total') or are no noun phrase
    ('why someone', 'see the pope')."""
    counted = _as_written(GENERIC_HEAD.sub("", claim.counted or "").strip())
    if not counted or counted.lower() in PLACEHOLDERS or any(ch.isdigit() for ch in counted) \
            or counted.split()[0].lower() in WH_WORDS:
        return None
    # each word's leading letters ('farmers' of 'farmers_x'); a compound keeps its hyphen
    words = [m.group(0) for w in counted.lower().split() if (m := LEADING.match(w))]
    first = next((i for i, w in enumerate(words) if _noun(w)), None)
    if first is None or any(_verb(w) for w in words[:first] if "-" not in w):
        return None  # a modifier may be a compound ('work-related deaths'), not a verb
    return counted


def _noun(word: str) -> bool:
    """A word used mostly as a noun (WordNet has more noun senses than verb or adjective
    ones), and not an auxiliary: 'men', 'deaths', 'Americans'; not 'have', 'liable', 'low'."""
    low = word.lower()
    if low in AUXILIARY_VERBS:
        return False
    nouns = len(wordnet.synsets(low, "n"))
    others = max(len(wordnet.synsets(low, "v")), len(wordnet.synsets(low, "a")))
    return nouns > 0 and nouns >= others


LEADING = re.compile(r"[a-z][a-z-]*")
WH_WORDS = frozenset("why what who whom whose how where when which whether".split())
AUXILIARY_VERBS = frozenset("be is are was were been being have has had do does did can could may "
                            "might must shall should will would".split())


def _as_written(counted: str | None) -> str:
    """'Deaths' as it reads mid-sentence ('deaths'); 'Famine Deaths', 'Tutsi', 'Pope' as they
    are (a capitalised singular may be a name)."""
    if not counted:
        return ""
    first, _, rest = counted.partition(" ")
    if first[:1].isupper() and first[1:].islower() and not rest[:1].isupper() \
            and _pluralcommon(first):
        return f"{first.lower()} {rest}".strip()
    return counted


def _verb(word: str) -> bool:
    """A word used mostly as a verb ('see', 'drew'), by WordNet's count of senses."""
    verbs = len(wordnet.synsets(word, "v"))
    return verbs > 0 and verbs > len(wordnet.synsets(word, "n")) and word not in DETERMINERS


# A counted phrase that names a tally rather than what it counts ('number of men who left'):
# it reads after the figure in brackets.
GENERIC_HEAD = re.compile(r"(?:the )?(?:death toll|toll|number|total|tally|count|figure|"
                          r"population|estimate) of ", re.IGNORECASE)
# Nouns that name a figure itself, not what it counts ('the figure', 'a US$220 billion
# total'), and pronouns an extraction can leave ('more', 'those'): closed-class English.
PLACEHOLDERS = frozenset("figure figures number numbers total totals tally count counts estimate "
                         "estimates toll range headline amount sum cost costs more most those "
                         "others it them".split())


def inline(text: str) -> str:
    """'At least 150,000' as it reads mid-sentence; a code or name ('US$', 'Two Million
    Protesters') keeps its capitals unless only the first word has one."""
    first = text.split(" ", 1)[0]
    if " " in text and first[:1].isupper() and first[1:].islower() \
            and not any(w[:1].isupper() for w in text.split()[1:]):
        return text[0].lower() + text[1:]
    return text


def who(claim: Claim, by_id: dict[int, Source]) -> str:
    """Who gives the figure, as a noun phrase for mid-sentence: its actor ('the police',
    'a senior NATO official'), else the publication that carries it."""
    source = by_id[claim.voiced.source]
    if claim.actor:
        return actor_phrase(own_voice(claim.actor, source))
    return publication(source)


def own_voice(actor: str, source: Source) -> str:
    """'Our volunteers' in a brief of the Hill Relief Network is 'volunteers of Hill Relief
    Network'; 'We' is the publication itself."""
    first, _, rest = actor.partition(" ")
    if first.lower() in FIRST_PERSON:
        return f"{rest} of {publication(source)}" if rest else publication(source)
    return actor


FIRST_PERSON = frozenset(["we", "us", "our", "ours", "i", "my"])


def actor_phrase(actor: str) -> str:
    """'Organisers' -> 'the organisers', 'governor of X' -> 'the governor of X', 'Interior
    Ministry' -> 'the Interior Ministry'; names ('Farouk El-Baz, the center's director',
    'Kazakhstan's interior ministry', 'CHRF', 'Seltzer') as they are."""
    words = actor.split()
    first = words[0]
    if len(words) == 1 and _pluralcommon(first) or first[:1].isupper() and first[1:].islower() \
            and _pluralcommon(first) and not any(w[:1].isupper() for w in words[1:]):
        words[0] = first.lower()
    end = next((i for i, w in enumerate(words) if w in PREPOSITIONS or w.endswith(",")), len(words))
    head = [w.rstrip(",") for w in words[:end + (1 if end < len(words) else 0)]
            if w not in PREPOSITIONS]
    last = head[-1]
    possessed = head[0][:1].isupper() and head[0].endswith(("'s", "’s"))
    # a capitalised name takes 'the' when it names a body ('the Interior Ministry', 'the Civil
    # Human Rights Front'), not otherwise ('River Watch', 'Radio Free Ashford')
    common = last[:1].islower() or not last.isupper() and len(head) > 1 \
        and wordnet.is_a(last, "social group", "n")
    if common and head[0].lower() not in DETERMINERS and not possessed:
        words.insert(0, "the")
    return " ".join(words)


def _pluralcommon(word: str) -> bool:
    """'Organisers', 'Scientists': a plural common noun, which a sentence capitalised only
    because it began with it (a singular 'Seltzer' may be a name)."""
    low = word.lower()
    lemmas = wordnet.lemmas(low, "n")
    return bool(lemmas) and low not in lemmas and common(lemmas[0])


def mid(time: str) -> str:
    """A time phrase as it reads mid-sentence: 'In 2002' -> 'in 2002' (a sentence of the
    source began with it); 'January 2015' as it is."""
    first, _, rest = time.partition(" ")
    if first[:1].isupper() and first[1:].islower() and first.lower() in TIME_WORDS:
        return f"{first.lower()} {rest}".strip()
    return time


# Words a time phrase begins with that are never names (closed-class English).
TIME_WORDS = frozenset("in on at by since from during until till before after over between within "
                       "through throughout this that last next the a an".split())


def plural(phrase: str) -> bool:
    """Whether a noun phrase takes a plural verb: its head noun is a plural form ('the federal
    officials', 'the organisers'), not 'the ferry company'."""
    words = [w.rstrip(",") for w in phrase.split()]
    end = next((i for i, w in enumerate(words) if w in PREPOSITIONS or "," in w), len(words))
    head = words[:end][-1].lower() if words[:end] else ""
    lemmas = wordnet.lemmas(head, "n")
    return bool(lemmas) and head not in lemmas or head in {"police", "people"}


def subject(phrase: str) -> str:
    """A phrase with an apposition closes it before its verb: 'Farouk El-Baz, the center's
    director, gave'."""
    return f"{phrase}," if "," in phrase else phrase


PREPOSITIONS = frozenset(["of", "at", "in", "for", "from", "with", "on", "to", "by"])


def common(word: str) -> bool:
    """A common noun or adjective in WordNet, neither a name nor made from one ('Organisers'
    yes; 'Moscow', 'Russian' no)."""
    low = word.lower()
    forms = {low, *wordnet.lemmas(low)}
    if any(_named(d) for form in forms for d in wordnet.derived(form)):
        return False
    return any(not _instance(s) for s in wordnet.synsets(low))


def _named(lemma: str) -> bool:
    senses = wordnet.synsets(lemma, "n")
    return bool(senses) and all(_instance(s) for s in senses)


def _instance(synset: wordnet.Synset) -> bool:
    return any(p.relation == "instance hypernym" for p in synset.pointers)


def publication(source: Source) -> str:
    """The source as the prose names it: its publisher without the bracketed notes some
    carry ('Wikipedia copy', 'blog'), and without figures a sentence could misread as one
    of the report's ('WPLG Local 10' -> 'WPLG Local'); else its title, when that is a plain
    name (no figures, no quotation); else 'an untitled source'."""
    d = source.document
    title = d.title if d.title and not re.search(r"[\d“”\"]", d.title) else None
    for name in (d.publisher, title):
        words = []
        for word in BRACKETED.sub(" ", name or "").split():
            if word.strip(",.;:").isdigit():
                break
            words.append(word)
        if words:
            return re.sub(r"\s+,", ",", " ".join(words)).rstrip(",;:–—-")
    return "an untitled source"


BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def capital(text: str) -> str:
    """The sentence with its first letter a capital (after any opening quote)."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1:] if ch.islower() else text
        if ch.isdigit():
            return text
    return text


def join(items: Sequence[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def same_words(a: str, b: str) -> bool:
    """Whether two phrases have the same words, British and American spellings alike
    ('the organisers', 'organizers')."""
    return _folded(a) == _folded(b)


def _folded(text: str) -> set[str]:
    return {w.replace("z", "s") for w in re.findall(r"[a-z]+", text.lower())} - DETERMINERS


def _mostcommon(values: Iterable[str | None]) -> str | None:
    seen = [v for v in values if v]
    if not seen:
        return None
    votes = Counter(v.lower() for v in seen)
    best = max(votes.values())
    return next(v for v in seen if votes[v.lower()] == best)


WORDS = re.compile(r"[a-z]{5,}")


def speaks_of(text: str, source: Source) -> bool:
    """The verifier's test for a citation in a sentence without numbers: the sentence and the
    source share at least two content words (crosstally.verify)."""
    words = set(WORDS.findall(text.lower()))
    return len(words & set(WORDS.findall(source.document.text.lower()))) >= 2
