"""Periods: dates, years, decades and relative times ("last year", "every year"), with
since/between/before/after/until/when and what follows them."""

from __future__ import annotations

from collections.abc import Sequence

from crosstally.reconcile.question.english import (
    AUX,
    DATE_MODIFIERS,
    FIXED_TIMES,
    MONTH_LEADS,
    MONTHS,
    OPEN_TIME_LEADS,
    PLACE_PREPOSITIONS,
    RELATIVE_LEADS,
    TIME_LEADS,
    TIME_PREPOSITIONS,
)
from crosstally.reconcile.question.phrases import noun_phrase
from crosstally.reconcile.question.tokens import DAY, YEAR, Roles, Span, Token
from crosstally.reconcile.question.words import pos_of, time_word


def find_period(words: Sequence[Token], roles: Roles, purpose: Span | None = None
                ) -> Span | None:
    """The first time named; a lead such as "since" is kept with the phrase or clause it
    opens, up to the purpose, a comma, or a place after a phrase ("after the 2016 coup
    attempt | in Turkey"). Of the roles found so far only places count."""
    stop = purpose.start if purpose else len(words)
    roles = {k: v for k, v in roles.items() if v == "place"}
    for i, w in enumerate(words):
        if w.low in TIME_LEADS and i + 1 < len(words):
            if w.low == "between" and (span := date_at(words, i + 1)) \
                    and span.end < len(words) and words[span.end].low == "and" \
                    and (second := date_at(words, span.end + 1)):
                return Span(i, second.end)
            if span := date_at(words, i + 1) or relative_at(words, i + 1):
                return _coordinated(words, Span(i, span.end))
            if w.low in OPEN_TIME_LEADS and i:
                limit = stop if stop > i else len(words)
                return _open_period(words, i, limit, roles)
            continue
        if w.low in TIME_PREPOSITIONS and (span := _time_phrase(words, i + 1, roles)):
            return span
        if span := date_at(words, i) or relative_at(words, i):
            return _coordinated(words, span)
    return None


def time_spans(words: Sequence[Token]) -> list[Span]:
    """Every date and relative time ("2011", "last winter"), for the clause to skip."""
    spans: list[Span] = []
    i = 0
    while i < len(words):
        span = date_at(words, i) or relative_at(words, i)
        if span:
            spans.append(span)
        i = span.end if span else i + 1
    return spans


def _open_period(words: Sequence[Token], i: int, limit: int, roles: Roles) -> Span | None:
    """since/after/before/when + a clause ("since the war began in April 2023") or a phrase
    ("after the 2016 coup attempt"), which ends at a place phrase."""
    clause = words[i].low == "when" or any(
        words[k].low in AUX or words[k].is_word and pos_of(words[k].low) == {"v"}
        for k in range(i + 1, limit))
    end = i + 1
    while end < limit and words[end].text not in ",;":
        if not clause and words[end].low in PLACE_PREPOSITIONS and roles.get(end + 1) == "place":
            break
        end += 1
    return Span(i, end) if end > i + 1 else None


def _coordinated(words: Sequence[Token], span: Span) -> Span:
    """ "2019 and 2020": a date coordinated with another is part of the period."""
    if span.end + 1 < len(words) and words[span.end].low == "and" \
            and (second := date_at(words, span.end + 1)):
        return Span(span.start, second.end)
    return span


def _time_phrase(words: Sequence[Token], i: int, roles: Roles) -> Span | None:
    """ "the main bathing day [in 2019]", "election day": a phrase headed by a time noun."""
    phrase = noun_phrase(words, i, roles)
    if phrase is None or not time_word(words[phrase.head].low) or words[phrase.head].low in MONTHS \
            or any(date_at(words, k) or relative_at(words, k) or roles.get(k) == "place"
                   for k in range(i, phrase.end)):
        return None
    end = phrase.end
    if end + 1 < len(words) and words[end].low in {"in", "of"} and (
            date := date_at(words, end + 1)):
        end = date.end
    return Span(i, end)


def date_at(words: Sequence[Token], i: int) -> Span | None:
    """[day] month [day][,] [year] | year | decade | "the 1990s" | season "of" year."""
    if i >= len(words):
        return None
    w = words[i]
    if w.low in DATE_MODIFIERS and i + 1 < len(words) and YEAR.match(words[i + 1].text):
        return Span(i, i + 2)  # "early 2020"
    if YEAR.match(w.text):
        return Span(i, i + 1)
    if w.low == "the" and i + 1 < len(words) and YEAR.match(words[i + 1].text) \
            and words[i + 1].text.endswith("s"):
        return Span(i, i + 2)
    j = i
    if DAY.match(w.text) and j + 1 < len(words) and words[j + 1].low in MONTHS:
        j += 1
    if words[j].low not in MONTHS:
        if time_word(w.low) and j + 2 < len(words) and words[j + 1].low == "of" \
                and YEAR.match(words[j + 2].text):
            return Span(i, j + 3)  # "summer of 2003"
        return None
    month, j = j, j + 1
    if j < len(words) and DAY.match(words[j].text):
        j += 1
        if j + 1 < len(words) and words[j].text == "," and YEAR.match(words[j + 1].text):
            j += 2
        elif j < len(words) and YEAR.match(words[j].text):
            j += 1
    elif j < len(words) and YEAR.match(words[j].text):
        j += 1
    if j == month + 1 and month == i:  # a bare month name: only after a time preposition
        before = words[i - 1].low if i else ""
        if before not in MONTH_LEADS or not words[month].capitalised:
            return None
    return Span(i, j)


def relative_at(words: Sequence[Token], i: int) -> Span | None:
    """A fixed time ("so far", "today") or a lead and a time noun ("last year", "every winter")."""
    for fixed in FIXED_TIMES:
        end = i + len(fixed)
        if tuple(w.low for w in words[i:end]) == fixed \
                and not (end < len(words) and words[end].low == "'s"):  # "today's dollars"
            return Span(i, end)
    if words[i].low in RELATIVE_LEADS and i + 1 < len(words) and words[i + 1].is_word \
            and time_word(words[i + 1].low) and words[i + 1].low not in MONTHS:
        return Span(i, i + 2)
    return None

