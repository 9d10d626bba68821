"""The question -> its reading (Target): what is counted, by which event, where, when and why.

The reader is a small grammar of English quantitative questions. Word classes come from
WordNet (`crosstally.wordnet`); the only lists are closed classes of English (question words,
auxiliaries, prepositions, connectives, time words) and the few nouns that stand for verbs,
kept as data in en.yaml.

    question := [filler] FRAME [clause]        "roughly how many ...", "do you know how many ..."
    FRAME    := "how many" NP                  count; money for a currency, other for a unit
              | "how much" [NP]                money; other when the verb changes a magnitude
              | "how large/big" be "the" TALLY "how large was the crowd at ..."
              | "how long/far/big ..."         other ("in square kilometres" names the unit)
              | [what be | estimate] [the] [adjectives] TALLY (of|in|at|for|from|that) ...
    TALLY    := number | total | toll | crowd | attendance | turnout | population | cost | rate
    clause   := [PP] verb-group complements    "people [in Belarus] have been detained ..."
              | aux subject verb complements   "did Joe Biden get", "has Russia lost"
              | "be there" | be PP             a static count: no event
    verb-group := aux* ["thought to have" | "had to" | "forced to"] verb [particle | adjective]
                  [("and"|"or") verb]           "take part", "go extinct", "kill or wound"
    complements := (object NP | preposition NP)* then a purpose ("to avoid ...", "because of ...")

A question asks nothing a number answers when it opens with why/who/when/where/which, or
compares ("more ... than"), or has no frame ("How did ...", "Is ...", "What is a ...").

The event is the verb's lemma plus the head of the participant that identifies it: an
oblique naming an act, event, phenomenon or state (WordNet lexnames: "died in the earthquake"),
else the object ("left Russia"), else another oblique ("spend on refugees"), else the agent
("displaced by the hurricane", "did Joe Biden get"); a place as subject or agent is the
question's place, not its event ("how many trees has Ethiopia planted": plant). A name keeps
its words unless a common noun heads it as a kind ("Hurricane Katrina" -> hurricane, "World
War I" -> war, but "Black Death", "World Cup"). Noun frames stand for verbs: a death toll or
deaths is "die X", a crowd or attendance "attend X", an election turnout "vote X".

Places are WordNet location instances (and bodies of water and landforms), the extractor's
gazetteer, and a capitalised or unknown name where English puts a place: after "in/at/from"
("in Tahrir Square") or before an event noun ("the Kahramanmaras earthquake").
Periods are dates, years, decades and relative times ("last year", "every year"), with
since/between/before/after/until/when and what follows them. Purposes start at a connective
("to avoid", "because of", "in search of", "for protesting ...") after the verb.

The modules, each using only those above it:

    en.yaml, english.py   the closed classes of English, loaded once
    words.py              what WordNet and the gazetteer say about a word
    tokens.py             tokens (typos and shorthand mended) and what each can be
    phrases.py            noun phrases, and the participant a phrase names
    places.py, periods.py the places and the period a question names
    clause.py             the verb group, its complements and the purpose
    frames.py             where the quantity is asked; questions that ask none
    reading.py            read / read_question: the reading, frame by frame
    bank.py, __main__.py  scoring against a question bank

    python -m crosstally.reconcile.question --bank PATH   prints per-field accuracy and misses
"""

from __future__ import annotations

from crosstally.reconcile.question.bank import (
           BANK_FIELDS,
           Score,
           bank_reading,
           field_matches,
           score,
)
from crosstally.reconcile.question.reading import Reading, read, read_question

__all__ = ["BANK_FIELDS", "Reading", "Score", "bank_reading", "field_matches", "read",
           "read_question", "score"]
