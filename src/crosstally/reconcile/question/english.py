"""Closed classes of English, read once from en.yaml (which says why each list is there)."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml


def _load() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("en.yaml").read_text(encoding="utf-8")
    # libyaml's safe loader where PyYAML was built with it (its wheels are): 1/10 the time
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    if not isinstance(data, dict):
        raise TypeError("question/en.yaml must be a mapping of names to word lists")
    return data


_EN = _load()


def _words(name: str) -> frozenset[str]:
    return frozenset(_strings(name, _EN[name]))


def _phrases(name: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(_strings(name, phrase)) for phrase in _EN[name])


def _mapping(name: str) -> dict[str, str]:
    table = _EN[name]
    return dict(zip(_strings(name, table), _strings(name, table.values()), strict=True))


def _strings(name: str, values: Any) -> list[str]:
    """The values as strings; YAML reads a bare "on" or "no" as a boolean, so say which list."""
    out = list(values)
    if not all(isinstance(v, str) for v in out):
        raise TypeError(f"question/en.yaml: {name} holds a value that is not a string "
                        f"({out!r}); quote it")
    return out


# Question words and frames
WH_NOT_NUMERIC = _words("wh_not_numeric")
HOW_MAGNITUDE = _words("how_magnitude")
MAGNITUDE_UNITS = _mapping("magnitude_units")
DEFAULT_MAGNITUDE_UNIT = _strings("default_magnitude_unit", [_EN["default_magnitude_unit"]])[0]
FILLERS = _words("fillers")
REQUESTS = _words("requests")
IMPERATIVES = _words("imperatives")
OPENERS = _words("openers")
COMPARATIVES = _words("comparatives")

# Function words
BE = _words("be")
DO = _words("do")
HAVE = _words("have")
GET = _words("get")
MODALS = _words("modals")
AUX = BE | DO | HAVE | GET | MODALS
DETERMINERS = _words("determiners")
PREPOSITIONS = _words("prepositions")
CONJUNCTIONS = _words("conjunctions")
RELATIVES = _words("relatives")
ADVERBS = _words("adverbs")

# Verbs
COPULAR_VERBS = _words("copular_verbs")
RAISING = _words("raising")
ADVERBIAL_PARTICLES = _words("adverbial_particles")

# Tallies and the nouns that stand for verbs
COUNTS = _words("count_nouns")
MONEY_NOUNS = _words("money_nouns")
RATE_NOUNS = _words("rate_nouns")
TRANSPARENT = _words("transparent_nouns")
TALLIES = COUNTS | MONEY_NOUNS | RATE_NOUNS | _words("people_nouns") | TRANSPARENT
TALLY_ADJECTIVES = _words("tally_adjectives")
TALLY_PREPOSITIONS = _words("tally_prepositions")
NOUN_FRAMES = {verb: frozenset(_strings(f"noun_frames.{verb}", nouns))
               for verb, nouns in _EN["noun_frames"].items()}
DEATH_NOUNS = NOUN_FRAMES["die"]  # a death toll: die X
ATTEND_NOUNS = NOUN_FRAMES["attend"]  # a crowd: attend X
SPEND_NOUNS = NOUN_FRAMES["spend"]  # spending: spend on X
COST_NOUNS = NOUN_FRAMES["cost"]  # a cost: cost X
VOTING_WORDS = _words("voting_words")

# Nouns
PERSON_WORDS = _words("person_words")
IRREGULAR_PLURALS = _words("irregular_plurals")
UNIT_MODIFIERS = _words("unit_modifiers")
ROMAN = _words("roman_numerals")

# Places
NOT_PLACES = _words("not_places")
PLACE_PREPOSITIONS = _words("place_prepositions")
DIRECTIONS = _words("directions")

# Times
MONTHS = _words("months")
TIME_LEADS = _words("time_leads")
OPEN_TIME_LEADS = _words("open_time_leads")
TIME_PREPOSITIONS = _words("time_prepositions")
RELATIVE_LEADS = _words("relative_leads")
FIXED_TIMES = _phrases("fixed_times")
DATE_MODIFIERS = _words("date_modifiers")
MONTH_LEADS = _words("month_leads")

# Purposes
PURPOSE_LEADS = _phrases("purpose_leads")

# Typing
SHORTHAND = _mapping("shorthand")
MENDABLE = tuple(_strings("mendable", _EN["mendable"]))

# Never a name, a place or a verb
FUNCTION_WORDS = (WH_NOT_NUMERIC | AUX | DETERMINERS | PREPOSITIONS | CONJUNCTIONS | RELATIVES
                  | HOW_MAGNITUDE | _words("other_function_words"))
