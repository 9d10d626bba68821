"""Changes and the levels they join: "exports rose 7% to $2.3 billion" is a change (+7%) and
the level it reached ($2.3 billion), never one range 7..2,300,000,000.

A figure's part in a change is `Estimate.change` (CONTRACT.md):

  up / down / unsigned   the figure is the size of a change (a rise, a fall, a change the words
                         give no direction): "rose 7%", "a 4.1 percent increase", "down 3%",
                         "1.7 percent more than in 2020", "1.5 million higher". Never a level.
  from / to              the figure is a level, the one a change starts from or the one it
                         reaches: "up from 3,200", "grew from 12,000 in 2010 to 15,500 in 2020",
                         "fell 0.4 per cent to 13,176".

The cues are general English, read from WordNet 3.0 (nothing here names a topic):
- a verb with a sense below "become bigger" or "become smaller" (increase, rise, go up;
  decrease, descend, go down): "rose", "climbed", "soared", "fell", "declined", "plunged".
  Such a verb takes a number as the size of the change ("rose 7%"). A verb of the causing
  senses ("make bigger", "make smaller": "raised", "cut", "reduced") takes its object there
  ("raised $5 million"), so its number is a change only after "by" ("cut by 10%");
- a noun below "increase" or "decrease" ("a 10 percent jump", "a drop of 27%"), except "loss",
  whose number counts what is lost (lives, jobs), a total rather than a change of a level;
- the adverbs "up" and "down", and the comparatives of amount before "than" ("more", "fewer",
  "less") or ending a clause ("higher", "lower", "greater", "smaller", "larger", "bigger").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import NamedTuple

from crosstally import wordnet

UP, DOWN, UNSIGNED, FROM, TO = "up", "down", "unsigned", "from", "to"
SIZES = frozenset({UP, DOWN, UNSIGNED})  # the figure is a change's size, never a level

# WordNet senses (0-based, most frequent first) whose hyponyms are verbs of change.
# become bigger, move or go up, get better again ('rallied', 'rebounded'); become smaller,
# go down, get worse ('slipped', 'declined')
BECOME = {UP: (("increase", 0), ("rise", 0), ("rise", 1), ("recover", 2)),
          DOWN: (("decrease", 0), ("descend", 0), ("go down", 2), ("worsen", 0))}
MAKE = {UP: (("increase", 1),), DOWN: (("decrease", 1),)}  # make bigger, make smaller
NOUN_SENSES = {UP: (("increase", (0, 1, 2, 3, 4)), ("rise", (0, 3))),
               DOWN: (("decrease", (0, 1, 2, 3)), ("fall", (2,)), ("drop", (2, 5)))}
VERB_FILES = ("verb.change", "verb.motion")  # a change of amount or of height
NOT_A_CHANGE_NOUN = frozenset({"loss", "losses"})  # see the module docstring
# Verbs that move a figure between two levels without saying which way ("went from 12,000 to
# 15,500", "changed from"): general verbs of moving between states.
MOVE_VERBS = frozenset({"go", "change", "shift", "move", "swing"})
ADVERBS = {"up": UP, "down": DOWN}
COMPARATIVE_THAN = {"more": UP, "fewer": DOWN, "less": DOWN}
COMPARATIVE = {"higher": UP, "greater": UP, "larger": UP, "bigger": UP,
               "lower": DOWN, "smaller": DOWN}

WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
# After the figure: up to two modifiers and a noun ("a 4.1 percent increase", "a 5% county-wide
# rise"); a comparative ("1.7 percent more than", "1.5 million higher"); "up/down on|from".
NOUN_AFTER = re.compile(r"\s*(?:[A-Za-z][\w-]*\s+){0,2}?(?P<noun>[A-Za-z]+)\b(?!-)")
THAN_AFTER = re.compile(r"\s+(?P<w>more|fewer|less)\b(?:\s+[\w'’-]+){0,3}?\s+than\b",
                        re.IGNORECASE)
COMPARATIVE_AFTER = re.compile(  # not before a noun: '3 larger cities' are three cities
    r"\s+(?P<w>higher|lower|greater|smaller|larger|bigger)\b(?![\w-])"
    r"(?=\s*(?:$|[,.;:)!?]|than\b|in\b|on\b|from\b|at\b|since\b|by\b|and\b|or\b|as\b))",
    re.IGNORECASE)
ADVERB_AFTER = re.compile(r"\s+(?P<w>up|down)\s+(?:on|from)\b", re.IGNORECASE)
# What follows a count that is the size of a change after a bare verb of change: the level
# it reached, the level or time it is measured from ("rose 500 to 2,000", "fell 300,000 from
# a year earlier", "climbed 5,000 since Monday"). Anything else may make the number the verb's
# object or an age ("added 2,000 jobs", "aged 65 and over", "raised $5 million in 2020").
OPEN_AFTER = re.compile(
    r"\s+(?:to|from|since|on|compared|against|year-on-year|over\s+the|last|this)\b",
    re.IGNORECASE)
# 'a 10 percent jump', 'an estimated 2,000 rise': an indefinite article (and up to one word)
# before a count makes the noun after it the change the count measures.
ARTICLE_BEFORE = re.compile(r"(?:^|\s)an?\s+(?:[A-Za-z][\w-]*\s+)?$", re.IGNORECASE)


@cache
def _senses(pairs: tuple[tuple[str, int], ...], pos: wordnet.Pos) -> frozenset[int]:
    """The ids of the given (word, sense number) senses."""
    return frozenset(wordnet.synsets(word, pos)[sense].id for word, sense in pairs)


def _below(synset: wordnet.Synset, roots: frozenset[int]) -> bool:
    """Whether the sense is one of `roots` or lies below one (a walk up from the sense, so that
    only the senses asked about are read)."""
    return synset.id in roots or not roots.isdisjoint(wordnet.kinds_of(synset))


@cache
def verb(word: str) -> tuple[str, bool] | None:
    """(direction, becomes) for a verb of change: becomes is True for the 'become bigger /
    smaller' senses ("rose", "fell"), False for 'make bigger / smaller' ("raised", "cut")."""
    low = word.lower()
    if low in ("change", "changed", "changes", "changing"):
        return UNSIGNED, True
    senses = wordnet.synsets(low, "v")
    tables = [(becomes, d, _senses(table[d], "v")) for becomes, table in ((True, BECOME),
                                                                          (False, MAKE))
              for d in (UP, DOWN)]
    for lexname in VERB_FILES:  # a change of amount before one of height ('jumped')
        for s in senses:  # the most frequent sense of change decides ('raised': make bigger)
            if s.lexname == lexname:
                for becomes, d, ids in tables:
                    if _below(s, ids):
                        return d, becomes
    return None


@cache
def verb_here(word: str, by: bool = False) -> tuple[str, bool] | None:
    """`verb(word)` where the word, as written, is read as that verb: a form that is also a
    noun ("number", "numbers") and names a causing sense ('reduce in number') is read as the
    noun, unless 'by' follows it ("cut by 10%")."""
    found = verb(word)
    if found is None or found[1] or by:
        return found
    low = word.lower()
    if low in wordnet.lemmas(low, "v") or (low.endswith("s") and wordnet.lemmas(low, "n")):
        return None if wordnet.synsets(low, "n") else found
    return found


@cache
def noun(word: str) -> str | None:
    """The direction of a noun of change ("increase", "jump", "decline"), else None."""
    low = word.lower()
    if low in NOT_A_CHANGE_NOUN:
        return None
    if low in ("change", "changes"):
        return UNSIGNED
    senses = wordnet.synsets(low, "n")
    for d in (UP, DOWN):
        roots = _senses(tuple((w, i) for w, numbers in NOUN_SENSES[d] for i in numbers), "n")
        if any(_below(s, roots) for s in senses):
            return d
    return None


@cache
def moves(word: str) -> bool:
    """A verb that moves a figure between two levels: a verb of change, or 'go', 'shift'..."""
    low = word.lower()
    return verb_here(low) is not None or bool(set(wordnet.lemmas(low, "v")) & MOVE_VERBS)


class Cue(NamedTuple):
    """What the words just before a figure say of a change: `direction`, whether 'by' came
    between ('rose by 5%'), and whether the word was a verb of becoming ('rose', not 'raised')."""

    direction: str
    by: bool
    becomes: bool


def cue_before(before: str) -> Cue | None:
    """The change the words right before a figure name: 'rose (sharply) (by)', 'up (by)',
    'an increase of'. `before` ends where the figure (with its qualifier) starts."""
    if not before[-1:].isspace():
        return None
    words: list[str] = []
    for token in reversed(before[-40:].split()[-4:]):  # the words up to a punctuation mark
        if not token.isalpha():
            break
        words.insert(0, token.lower())
    by = bool(words) and words[-1] == "by"
    if by:
        words.pop()
    if words and words[-1] in ("further", "additional", "another"):
        words = words[:-1] if words[-1] == "another" else words[:-2]
    if not words:
        return None
    last = words[-1]
    if last == "of" and len(words) > 1 and not by:
        direction = noun(words[-2])
        return Cue(direction, False, True) if direction else None
    if last in ADVERBS:
        return Cue(ADVERBS[last], by, True)
    if last.endswith("ly") and len(words) > 1 and not wordnet.lemmas(last, "v"):
        last = words[-2]  # 'rose sharply', 'fell slightly'
    found = verb_here(last, by)
    if found is None:
        return None
    return Cue(found[0], by, found[1])


# Closed-class words a modifier before a change noun is never ('5% of people saw an increase').
FUNCTION_WORDS = frozenset(
    "a an the of to in on at by for from with and or but as than that which who this these those "
    "its their his her our your my it they he she we you is are was were be been has have had "
    "not no per each every".split())


def size_after(after: str, noun_after: bool = True) -> str | None:
    """The change named right after a figure: 'a 4.1 percent increase', '1.7 percent more than
    in 2020', '1.5 million higher', '7% up on last year'. `noun_after`: whether a noun of
    change after the figure may say it (for a count only after 'a': 'a 2,000 rise', where
    'in three waves' or '100,000 casualties' count waves and casualties)."""
    if m := COMPARATIVE_AFTER.match(after):
        return COMPARATIVE[m.group("w").lower()]
    if m := THAN_AFTER.match(after):
        return COMPARATIVE_THAN[m.group("w").lower()]
    if m := ADVERB_AFTER.match(after):
        return ADVERBS[m.group("w").lower()]
    if noun_after and (m := NOUN_AFTER.match(after)) and after[:1] in " -":
        words = [w.lower() for w in WORD.findall(after[:m.end()])]
        if any(w in FUNCTION_WORDS for w in words):
            return None
        return noun(m.group("noun"))
    return None


DETERMINERS = frozenset("the his her its their our this that".split())
CLAUSE_MARK = re.compile(r"[,;:.!?()\[\]\"“”]")


def _clause_words(before: str, preposition: str) -> list[str] | None:
    """The words of the clause ending `before`, without its last word, if that word is
    `preposition` ('from', 'to') and stands right before the figure."""
    clause = CLAUSE_MARK.split(before[-60:])[-1]
    words = [w.lower() for w in WORD.findall(clause)]
    if not words or words[-1] != preposition or not clause.rstrip().lower().endswith(preposition):
        return None
    return words[:-1]


def _verb_before(words: list[str], test: Callable[[str], bool]) -> bool:
    """Whether the words end in a verb `test` accepts, with an adverb ('rose sharply') or an
    object ('increased his estimate', 'raised the official tally')."""
    k = len(words) - 1
    if k > 0 and words[k].endswith("ly"):
        k -= 1
    if k >= 0 and test(words[k]):
        return True
    return any(d >= 1 and words[d] in DETERMINERS and test(words[d - 1])
               for d in (k - 1, k - 2))


def _changes(word: str) -> bool:
    return verb_here(word) is not None


def levels_between(before: str) -> bool:
    """Whether 'from' (ending `before`) follows words of change: 'rose from', 'up from',
    'an increase from', 'went from', 'has grown steadily from'."""
    words = _clause_words(before, "from")
    if not words:
        return False
    return words[-1] in ADVERBS or noun(words[-1]) is not None or _verb_before(words, moves)


def reaches(before: str) -> bool:
    """Whether 'to' (ending `before`) follows a verb of change: 'rose to', 'increased his
    estimate to', 'revised the figure down to'; not 'adds up to' (amounts to), 'comes down
    to' or 'has gone to' (a verb of moving alone: 'went from 3 to 5' is read from 'from')."""
    words = _clause_words(before, "to")
    if not words:
        return False
    k = len(words) - 1
    if k > 0 and words[k].endswith("ly"):
        k -= 1  # 'down slightly to'
    if words[k] in ADVERBS:
        if k > 0 and words[k] == "up" and "add" in wordnet.lemmas(words[k - 1], "v"):
            return False
        head = words[:k]
        return _verb_before(head, _changes) or any(w.endswith("ed") and wordnet.lemmas(w, "v")
                                                   for w in head[-4:])
    return _verb_before(words, _changes)
