"""Language tables for the extractor, kept as data (lang/<code>.json)."""

from __future__ import annotations

import json
import pkgutil
from dataclasses import dataclass
from functools import cache
from typing import Any


@dataclass(frozen=True)
class Lexicon:
    units: dict[str, int]
    tens: dict[str, int]
    groups: dict[str, int]
    scales: dict[str, int]
    scale_abbreviations: dict[str, int]
    fractions: dict[str, int]
    vague: list[dict[str, Any]]
    qualifiers_before: dict[str, str]
    qualifiers_after: dict[str, str]
    currency_symbols: dict[str, str]
    currency_codes: list[str]
    currency_words: dict[str, str]
    percent_words: list[str]
    per: dict[str, str]
    measure_units: dict[str, str]
    # Unit symbols written against a number ('256GB', '50mph', '164p'), case as written, by
    # dimension; 'duration' and 'money' give those kinds, every other dimension a measure.
    # A money symbol names a currency's hundredth: '164p' is GBP 1.64.
    unit_symbols: dict[str, dict[str, str]]
    dimension_words: list[str]  # '3m high', '108m long': a glued 'm' is metres, not million
    months: list[str]
    furniture_before: list[str]
    furniture_after: list[str]
    places: list[str]
    method_cues: dict[str, str]
    speech_verbs: list[str]
    actor_heads: list[str]
    fraction_compound_units: dict[str, int]
    unicode_fractions: dict[str, str]
    negative_words: list[str]
    point_words: list[str]
    fraction_connectors: dict[str, str]
    small_counts: dict[str, int]
    pronoun_one_before: list[str]
    function_words: list[str]
    # Attribution (extract/attribution.py): closed-class English, whoever the topic.
    denial_verbs: list[str]  # 'X denied/disputed ...': X disputes a figure, never gives it
    citing_words: list[str]  # 'citing X': X is where a relayed figure comes from
    agent_participles: list[str]  # 'a report published by X': X made it
    report_nouns: list[str]  # authored works: 'the study found' speaks for its authors
    record_nouns: list[str]  # what a figure is kept in ('data', 'figures'): never an actor
    time_words: list[str]  # weekdays and time nouns: 'said Tuesday' names no speaker
    title_abbreviations: list[str]  # 'Maj.', 'Dr.': a dot that ends no sentence
    subordinators: list[str]  # 'since X announced': X's verb governs only its own clause


@cache
def load_lexicon(lang: str = "en") -> Lexicon:
    # pkgutil rather than importlib.resources: the same package data, a third of the import
    # time, which `crosstally extract` pays on every start
    raw = pkgutil.get_data("crosstally.extract", f"lang/{lang}.json")
    assert raw is not None  # the package's own loader always reads files
    return Lexicon(**json.loads(raw.decode("utf-8")))
