"""The evidence that relates an estimate to the question, as named features.

Every feature is general English: what the estimate counts against what the question counts
(same thing, a kind of it, a whole that contains it, per WordNet), whether its clause speaks of
the question's event (a WordNet synonym, derivation, entailment or cause of the event's verb or
noun), scope words (place, short windows, 'alone', 'including'), modality (a forecast, a
target, a capacity), the kind of number, and, in a second pass, how far the figure sits from
the figures that first read as direct answers. `model.py` weighs them with weights fit on
annotated topics (bench/fit_relations.py); no topic is special here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from crosstally import wordnet
from crosstally.types import CHANGE_SIZES, Estimate, Target

NAME = re.compile(r"(?<![.!?]\s)\b[A-Z][a-z]{2,}\b")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
CLAUSE_BREAK = re.compile(r"[;:()\"“”]|,\s+(?:while|but|and|whereas|although|though|which|who)\b|"
                          r"\s(?:while|whereas|but)\s")

# Closed-class cue words, each group reasoned from ordinary English, none from a topic.
MODALITY = frozenset(["expected", "expect", "expects", "forecast", "forecasts", "projected", "projection", "target", "targets", "targeted", "goal", "aim", "aims", "aimed", "plan", "plans", "planned", "quota", "capacity", "could", "would", "might", "potential", "potentially", "hypothetical", "intended", "intends", "pledge", "pledged", "promised", "threshold", "ceiling", "limit", "maximum", "minimum"])
HEDGES = frozenset(["could", "would", "might", "potential", "potentially"])  # an estimate's doubt
HARM_OTHER = frozenset(["injured", "injuries", "wounded", "hurt", "missing", "affected", "sick", "ill"])
INCLUDING = frozenset(["including", "includes", "included", "inclusive", "plus", "combined", "together", "overall"])
PART = frozenset(["alone", "only", "solely", "merely", "partly", "part", "portion", "share", "fraction"])
OF_THEM = re.compile(r"^\s*(?:of|among)\s+(?:them|those|these|whom|which)\b", re.IGNORECASE)
AGE = re.compile(r"^\s*(?:-|\s)?(?:years?[\s-]+old|year-old|-year-old)|\b(?:aged|age of|ages)\s*$",
                 re.IGNORECASE)
RATE_WORDS = frozenset(["daily", "weekly", "monthly", "yearly", "annually", "annual", "per", "each", "every"])
SHORT_TIME = re.compile(r"\b(?:days?|weekend|week|hours?|night|morning|afternoon|evening)\b", re.IGNORECASE)
CHANGE = frozenset(["additional", "extra", "fewer", "more", "new", "added", "increase", "increased", "rise", "rose", "fell", "decrease", "decreased", "drop", "dropped"])
META_NOUNS = frozenset(["figure", "figures", "number", "numbers", "estimate", "estimates", "total", "totals", "count", "tally", "toll", "range"])
STOP = frozenset(["the", "a", "an", "of", "to", "in", "on", "at", "for", "from", "by", "with", "and", "or", "not", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had", "do", "does", "did", "this", "that", "these", "those", "it", "its", "their", "there", "some", "about", "around", "over", "under", "than", "as", "into", "per", "all", "any", "each"])

# High-frequency light verbs: WordNet links them to almost any event ("die" to "go", "pass").
LIGHT = frozenset(["go", "pass", "get", "make", "take", "leave", "come", "give", "put", "end", "break", "see", "look", "fail", "run", "do", "have", "be"])
# Suppletive plurals WordNet's exception list leaves out.
SUPPLETIVE = {"people": "person", "peoples": "people"}

AUXILIARY = frozenset(["be", "is", "are", "was", "were", "been", "being", "have", "has", "had", "do", "does", "did", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "also", "still", "already", "reportedly", "estimated", "some", "about", "around", "nearly", "almost", "roughly", "approximately", "more", "less", "than", "least", "most", "over", "under", "up"])
YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b")
PREVIOUS = frozenset(["previous", "earlier", "prior", "former", "preceding"])
# Scope words of ordinary English: a count of the whole world, or of a whole country.
WIDER = frozenset(["worldwide", "global", "globally", "international", "internationally", "abroad", "overseas"])
WORLD = re.compile(r"\b(?:around|across|throughout|all over|round) the (?:world|globe)\b", re.IGNORECASE)
WORLD_WORDS = frozenset(["world", "globe", "worldwide", "global", "globally"])
WHOLE = frozenset(["nationwide", "countrywide", "nationally", "statewide", "altogether", "total"])
LOCATIVE = re.compile(r"\b(in|at|across|throughout|around|within|inside|outside|beyond|all over)"
                      r"\s+(?:the\s+)?$", re.IGNORECASE)
MODIFIER_USE = re.compile(r"\b(?:a|an)\s+$", re.IGNORECASE)  # "a Moscow newspaper"
TITLED = re.compile(r"\b([A-Z][a-z]+)\s+(?:St\.\s+)?([A-Z][a-z]+)")  # "Pope John", "Hurricane Rita"
CAPITALISED = re.compile(r"[A-Z][A-Za-z.'’-]*(?:\s+(?:of\s+)?[A-Z][A-Za-z.'’-]*){0,3}")
LABEL = re.compile(r"^\W*[A-Z][\w.,' -]{0,40}:\s*$")  # "Memphis, Tenn.: 6,000"

MEASURE_OF_KIND = {"count": "count", "money": "money", "percent": "share", "fraction": "share",
                   "measure": "measure"}


@dataclass(frozen=True, slots=True)
class Question:
    """The question's words prepared once: lemma sets to look for near each figure."""

    target: Target
    head: frozenset[str]  # the counted thing and its synonyms
    event: frozenset[str]  # lemmas that speak of the event (verb and participant, related forms)
    participant: frozenset[str]  # the event's identifying noun(s) and names
    place: frozenset[str]
    purpose: frozenset[str]
    people_of_place: frozenset[str]  # demonyms of the question's places ("Russians", "Filipinos")
    modifiers: frozenset[str]  # words of the counted phrase before its head ("wild", "migrant")
    place_senses: frozenset[int] = frozenset()  # WordNet senses of the question's places
    place_around: frozenset[int] = frozenset()  # the wholes they lie in
    worldwide: bool = False  # asked of the whole world: every place named is a part


def prepare(target: Target) -> Question:
    head = _expand([target.head] if target.head else [], pos="n")
    event_words = (target.event or "").split()
    verbs = event_words[:1]
    participants = event_words[1:]
    # Names and content words of the predicate identify the event too ("Katrina", "canal").
    for w in WORD.findall(target.predicate or ""):
        if w.lower() not in STOP and w.lower() not in head:
            participants.append(w.lower())
    event = _expand(verbs, pos="v") | _expand(participants, pos="n")
    place = frozenset(w.lower() for p in (target.places or ((target.place,) if target.place else ()))
                      for w in WORD.findall(p) if w.lower() not in STOP)
    purpose = _expand([w for w in WORD.findall((target.purpose or "").lower()) if w not in STOP
                       and len(w) > 3], pos=None)
    modifiers = frozenset(_lemma(w) for w in WORD.findall(target.population or "")[:-1]
                          if w.lower() not in STOP)
    demonyms = frozenset(d for p in place for d in wordnet.derived(p) if " " not in d)
    senses = [s for p in (target.places or ((target.place,) if target.place else ()))
              for s in _place_senses(re.sub(r"^the\s+", "", p.strip(), flags=re.IGNORECASE))]
    return Question(target, head, event, frozenset(_lemma_all(participants)), place, purpose,
                    demonyms, modifiers, frozenset(s.id for s in senses),
                    frozenset(i for s in senses for i in wordnet.wholes(s)),
                    not senses and bool(set(target.terms) & WORLD_WORDS))


def features(est: Estimate, q: Question, document: str = "") -> dict[str, float]:
    """First-pass features of one estimate (no knowledge of the other estimates)."""
    t = q.target
    f: dict[str, float] = {}
    kind = MEASURE_OF_KIND.get(est.kind, "other")
    f[f"kind={kind}"] = 1
    wanted = {"money": "money", "count": "count"}.get(t.measure, "measure")
    f["kind_matches"] = float(kind == wanted)
    f[f"qualifier={est.qualifier}"] = 1
    before, after = est.around
    left, right = _clause(before, after)
    near = _lemmas(left[-60:] + " " + right[:60])
    sentence = _lemmas(est.quote)
    counted = [w for w in _lemma_list(est.counted or "") if w not in META_NOUNS]
    counted_head = counted[-1] if counted else None

    # What is counted: the question's thing, a kind of it, or something else.
    f["counted_none"] = float(counted_head is None)
    if counted_head:
        f["counted_is_head"] = float(counted_head in q.head)
        f["counted_kind_of_head"] = float(bool(t.head) and counted_head not in q.head
                                          and _is_a(counted_head, t.head or ""))
        f["head_kind_of_counted"] = float(bool(t.head) and counted_head not in q.head
                                          and _is_a(t.head or "", counted_head))
        f["counted_is_event"] = float(counted_head in q.event)
        # 'Russians' for 'men who left Russia': the people of the question's place.
        f["counted_people_of_place"] = float(counted_head in q.people_of_place
                                             and _is_a(t.head or "", "person"))
    if counted_head:
        lex = _lexname(counted_head)
        f["counted_same_lex"] = float(bool(t.head) and lex == _lexname(t.head or ""))
    nxt = WORD.match(after.lstrip())
    if nxt:  # the noun right after the number ("2,226 tigers"), whatever `counted` says
        word = _lemma(nxt.group(0))
        f["next_is_head"] = float(word in q.head)
        f["next_kind_of_head"] = float(word not in q.head and _is_a(word, t.head or ""))
        f["next_is_event"] = float(word in q.event)
    extra = [w for w in counted[:-1] if w not in q.modifiers and w not in q.event
             and w not in q.place and w not in STOP and w not in _cues(CHANGE)]
    f["counted_extra_modifier"] = float(bool(extra) and counted_head in q.head)
    f["question_modifier_missing"] = float(bool(q.modifiers) and not (q.modifiers & sentence))
    f["near_head"] = float(bool(near & q.head) or _any_kind_of(near, t.head))
    f["near_event"] = float(bool(near & q.event))
    f["sentence_event"] = float(bool(sentence & q.event))
    f["sentence_head"] = float(bool(sentence & q.head))
    f["sentence_participant"] = float(bool(sentence & q.participant))
    f["sentence_place"] = float(bool(sentence & q.place))
    if q.purpose:
        f["purpose_in_sentence"] = float(bool(sentence & q.purpose))
        f["purpose_in_document"] = float(bool(_doc_lemmas(document) & q.purpose))
    if document:
        doc = _doc_lemmas(document)
        f["document_participant"] = float(bool(doc & q.participant))
        f["document_event"] = float(bool(doc & q.event))
        f["document_place"] = float(bool(doc & q.place))

    # The words that say what happened to the counted: the first content word after the
    # number ("14,100 are missing", "338,000 joined") and the last one before it ("killed
    # 800,000", "a death toll of 230,000").
    after_word = next((w for w in _lemma_list(right[:40])
                       if w not in STOP and w not in AUXILIARY), None)
    before_word = next((w for w in reversed(_lemma_list(left[-40:]))
                        if w not in STOP and w not in AUXILIARY), None)
    for side, w in (("after", after_word), ("before", before_word)):
        if w:
            f[f"{side}_word_event"] = float(w in q.event)
            f[f"{side}_word_head"] = float(w in q.head or _is_a(w, t.head or ""))
            f[f"{side}_word_other_harm"] = float(w in _cues(HARM_OTHER) and w not in q.event)

    # Another occurrence: a year the question does not name, 'the previous week'.
    years = set(YEAR.findall(est.quote)) - {est.text}
    asked_years = set(YEAR.findall(f"{t.period or ''} {t.predicate or ''} {t.population or ''}"))
    f["other_year"] = float(bool(asked_years) and bool(years) and not (years & asked_years))
    f["previous_near"] = float(bool(near & _cues(PREVIOUS)))
    f["other_named_instance"] = float(_other_named_instance(est.quote, frozenset(t.terms)))
    line = before.rsplit("\n", 1)[-1]
    f["line_label"] = float(bool(LABEL.search(line)))
    # A headline: a line of its own without a full stop, most of its words capitalised.
    words = est.quote.split()
    f["headline"] = float("\n" not in est.quote.strip() and not est.quote.rstrip().endswith(".")
                          and len(words) <= 16 and sum(w[:1].isupper() for w in words) > len(words) / 2)
    asked_words = q.head | q.event | q.participant | q.place | q.modifiers
    f["question_overlap"] = len(sentence & asked_words) / max(1, len(asked_words))

    # Scope and modality, read in the figure's own clause.
    f["modality_near"] = float(bool(near & _cues(MODALITY)))
    f["plan_near"] = float(bool(near & _cues(MODALITY - HEDGES)))
    f["other_harm_near"] = float(bool(near & _cues(HARM_OTHER))
                                 and not (q.head & _cues(HARM_OTHER)))
    f["including_near"] = float(bool(_lemmas(est.quote) & _cues(INCLUDING)))
    f["part_near"] = float(bool(near & _cues(PART)) or bool(OF_THEM.match(after)))
    f["change_word"] = float(est.change in CHANGE_SIZES
                             or bool(counted and counted[0] in _cues(CHANGE))
                             or bool(_lemmas(left[-25:]) & _cues(CHANGE)))
    f["age"] = float(bool(AGE.search(after[:20]) or AGE.search(before[-12:])))
    f["rate_word"] = float(bool(est.per) or bool(_lemmas(left[-30:]) & _cues(RATE_WORDS))
                           or bool(re.match(r"^\s*(?:a|an|per|each)\s+(?:day|week|month|year|"
                                            r"person|head|capita)\b", after, re.IGNORECASE)))
    f["short_time"] = float(bool(est.time and SHORT_TIME.search(est.time)))
    other_place = bool(est.place) and not (_lemmas(est.place or "") & q.place)
    f["other_place"] = float(other_place and bool(q.place))
    f["some_place_no_question_place"] = float(other_place and not q.place)
    f["sentence_other_place"] = float(any(
        w.lower() not in q.place and _is_place_name(w) for w in NAME.findall(est.quote[1:])))
    # The question's own predicate in the figure's clause: its verb (light verbs too: "had
    # left") with its place or a noun the place is a kind of ("left their country").
    verb = (t.event or "").split()[:1]
    right_lemmas = _lemma_list(right[:80])
    f["clause_is_question_predicate"] = float(bool(verb) and bool(q.place) and any(
        _kind_of_verb(w, verb[0]) for w in WORD.findall(right[:80])) and any(
        w in q.place or _names_question_place(w, q) for w in right_lemmas))
    f["near_location_word"] = float(any(_lexname(w) == "noun.location" for w in near
                                        if w not in q.place and w not in q.participant
                                        and not _names_question_place(w, q)))
    # Places named beside the figure, against the question's: one inside it (a city of the
    # country asked about) makes a part, one around it (a continent, the world) a wider count.
    if q.place_senses or q.worldwide:
        clause = _place_scopes(left[-80:] + " " + right[:80], q.place_senses, q.place_around)
        whole = (_place_scopes(est.quote, q.place_senses, q.place_around)
                 | _place_scopes(line, q.place_senses, q.place_around))
        if q.worldwide:  # a country or a city of the world
            clause = frozenset("inside" if s == "elsewhere" else s for s in clause)
            whole = frozenset("inside" if s == "elsewhere" else s for s in whole)
        f["place_inside_clause"] = float("inside" in clause)
        f["place_inside_sentence"] = float("inside" in whole and "inside" not in clause)
        f["place_around"] = float("around" in whole)
        f["place_elsewhere_clause"] = float("elsewhere" in clause and "same" not in clause)
        f["place_same_clause"] = float("same" in clause)
    f["wider_scope_near"] = float(bool(sentence & _cues(WIDER)) or bool(WORLD.search(est.quote)))
    f["whole_scope_near"] = float(bool(near & _cues(WHOLE)))
    value = max((v for v in (est.value, est.high, est.low) if v), default=0.0)
    f["tiny"] = float(0 < value < 10 and kind == "count")
    f["year_like"] = float(est.text.isdigit() and 1500 <= value <= 2100)
    f["bracketed"] = float(before.endswith("[") or after.startswith("]"))
    f["bias"] = 1
    return f


def magnitude_features(est: Estimate, centre: float | None) -> dict[str, float]:
    """Second-pass features: the figure against the centre of the first-pass direct figures.
    A share or a change in per cent is on another scale than any level: no distance."""
    if est.kind in ("percent", "fraction") or est.change in CHANGE_SIZES:
        return {"other_scale": 1.0}
    values = [math.log10(v) for v in (est.value, est.low, est.high) if v and v > 0]
    if centre is None or not values:
        return {"no_centre": 1.0}
    d = sum(values) / len(values) - centre
    return {"order_gap": min(abs(d), 4.0), "far_below": float(d < -1), "far_above": float(d > 1),
            "same_order": float(abs(d) <= 0.5), "below": float(d < -0.3)}


def repeat_features(documents: int) -> dict[str, float]:
    """A figure several sources give is one the debate turns on (an answer or a rival)."""
    return {"repeated": float(documents >= 2), "repeated_widely": float(documents >= 4)}


def crossed(f: dict[str, float]) -> dict[str, float]:
    """A few products the linear model needs: a figure well below the direct ones is a part
    when it speaks of the question's thing or event, and noise when it does not."""
    about = max(f.get("near_event", 0), f.get("near_head", 0), f.get("counted_is_head", 0),
                f.get("next_is_head", 0))
    return {**f, "below&about": f.get("below", 0) * about,
            "below&label": f.get("below", 0) * f.get("line_label", 0),
            "same_order&about": f.get("same_order", 0) * about,
            "other_harm&event": f.get("other_harm_near", 0) * f.get("near_event", 0),
            "other_harm&no_event": f.get("other_harm_near", 0) * (1 - f.get("near_event", 0))}


def _clause(before: str, after: str) -> tuple[str, str]:
    left = CLAUSE_BREAK.split(before)[-1]
    right = CLAUSE_BREAK.split(after)[0]
    return left, right


def _lemmas(text: str) -> frozenset[str]:
    return frozenset(_lemma_list(text))


def _lemma_list(text: str) -> list[str]:
    return [_lemma(w) for w in WORD.findall(text)]


@cache
def _cues(words: frozenset[str]) -> frozenset[str]:
    """A cue list as the lemmas it is compared with: 'including' is read as 'include'."""
    return words | frozenset(_lemma(w) for w in words)


@cache
def _lemma(word: str) -> str:
    w = word.lower().replace("’", "'").strip("'-")
    if w in SUPPLETIVE:
        return SUPPLETIVE[w]
    found = wordnet.lemmas(w, "n") or wordnet.lemmas(w, "v") or wordnet.lemmas(w)
    return found[0] if found else w


def _lemma_all(words: Iterable[str]) -> set[str]:
    return {_lemma(w) for w in words}


@lru_cache(maxsize=256)  # the documents of one question; unbounded would keep every text
def _doc_lemmas_cached(text: str) -> frozenset[str]:
    return frozenset(_lemma(w) for w in set(WORD.findall(text)))


def _doc_lemmas(text: str) -> frozenset[str]:
    return _doc_lemmas_cached(text) if text else frozenset()


def _expand(words: Sequence[str], pos: str | None) -> frozenset[str]:
    """Each word's lemma with its WordNet relatives (synonyms, derivations, causes and
    entailments), single words only, without the light verbs that relate to everything."""
    out: set[str] = set()
    for w in words:
        base = _lemma(w)
        out |= {w.lower(), base, *wordnet.related(base)}
        if pos == "n":
            out |= wordnet.synonyms(base, "n", senses=2)
    return frozenset(x for x in out if x and " " not in x and x not in STOP and x not in LIGHT)


@cache
def _kind_of_verb(word: str, verb: str) -> bool:
    """The verb form `word` is `verb` or a way of doing it ("fled" for "leave")."""
    return any(lemma == verb or wordnet.is_a(lemma, verb, "v", senses=2)
               for lemma in wordnet.lemmas(word.lower(), "v"))


@cache
def _is_a(word: str, ancestor: str) -> bool:
    return bool(word) and bool(ancestor) and wordnet.is_a(word, ancestor, "n", senses=2)


@cache
def _lexname(lemma: str) -> str:
    """The lexicographer file of a noun's first sense ('noun.person', 'noun.time'), else none."""
    for synset in wordnet.synsets(lemma, "n", senses=1)[:1]:
        return synset.lexname
    return "none"


@cache
def _is_place_name(word: str) -> bool:
    """A capitalised word WordNet knows as a place (an instance under 'location')."""
    return any(s.lexname == "noun.location" for s in wordnet.synsets(word, "n", senses=2))


@cache
def _place_senses(name: str) -> tuple[wordnet.Synset, ...]:
    """The senses of a name that are places (WordNet's noun.location, and noun.object for
    oceans and continents), among its first five."""
    if not name[:1].isupper():
        return ()
    senses = wordnet.synsets(name, "n", senses=5) or wordnet.synsets(name.rstrip(".'’"), "n",
                                                                     senses=5)
    places = [s for s in senses if s.lexname in ("noun.location", "noun.object")]
    # The senses the name is the first word for: Russia the country, not the Soviet Union
    # that WordNet also calls "Russia".
    low = name.lower().rstrip(".'’")
    return tuple([s for s in places if s.lemmas[0] == low] or places)


@lru_cache(maxsize=65536)
def _place_scopes(text: str, question: frozenset[int], around: frozenset[int]
                  ) -> frozenset[str]:
    """How each place `text` puts a figure in stands to the question's places: 'same',
    'inside' (a part of one, any depth), 'around' (one lies inside it) or 'elsewhere'. A place
    counts where English puts a scope: after a locative preposition ("in Denver", "across the
    United States") or first on a line ("Boston, Mass.: 100,000"); "beyond" and "outside"
    turn it into elsewhere. A name used as a modifier ("a Moscow newspaper") is no scope."""
    found: set[str] = set()
    last_end = -1
    for run in CAPITALISED.finditer(text):
        if text[last_end:run.start()] == ", ":
            continue  # "Boston, Mass.": the larger place names which Boston
        before = LOCATIVE.search(text, max(0, run.start() - 30), run.start())
        if before is None and MODIFIER_USE.search(text, max(0, run.start() - 30), run.start()):
            continue
        words = run.group(0).split()
        for j in range(len(words), 0, -1):
            senses = _place_senses(" ".join(words[:j]))
            if senses:
                outside = before is not None and before.group(1).lower() in ("beyond", "outside")
                found.add("elsewhere" if outside else _scope(senses, question, around))
                last_end = run.end()
                break
    return frozenset(found)


def _scope(senses: Sequence[wordnet.Synset], question: frozenset[int],
           around: frozenset[int]) -> str:
    ids = {s.id for s in senses}
    if ids & question:
        return "same"
    if any(wordnet.wholes(s) & question for s in senses):
        return "inside"
    return "around" if ids & around else "elsewhere"


def _other_named_instance(text: str, asked: frozenset[str]) -> bool:
    """Another of the question's kind of named thing: a title the question uses before a name
    it does not ("Pope John Paul" when Pope Francis is asked about, "Hurricane Rita")."""
    for m in TITLED.finditer(text):
        title, name = m.group(1).lower(), m.group(2).lower()
        if title in asked and name not in asked and _is_name(name):
            return True
    return False


@cache
def _is_name(word: str) -> bool:
    """A word WordNet does not know, or knows as a person's name."""
    senses = wordnet.synsets(word, "n")
    return not senses or any(s.lexname == "noun.person" and not wordnet.synsets(word, "v")
                             for s in senses[:3])


def _names_question_place(word: str, q: Question) -> bool:
    """A location noun the question's place is a kind of: 'their country' for Russia."""
    places = q.target.places or ((q.target.place,) if q.target.place else ())
    return any(_is_a(p.lower(), word) for p in places)


def _any_kind_of(words: Iterable[str], head: str | None) -> bool:
    return bool(head) and any(w not in STOP and len(w) > 2 and _is_a(w, head or "") for w in words)
