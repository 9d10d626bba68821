"""Issue 11 on news-style text: changes and the levels they reach, years that never join a
range, rates with a base, durations, and Indian grouping. Every sentence is invented.

Expectations follow CONTRACT.md ("An estimate", and the issue 11 extensions): `change` says a
figure's part in a change (up, down, unsigned: the size of a change; from, to: the levels
around it), `per` and `base` a rate's base, and durations are kind `duration`.
"""

from __future__ import annotations

import pytest

import crosstally
from crosstally.reconcile import parse_question, rules
from crosstally.reconcile.relate import relate_all
from crosstally.types import CHANGE_SIZES, Estimate


def extract(text: str, *, include_all: bool = False) -> list[Estimate]:
    records = crosstally.extract_estimates(text, include_all=include_all)
    for e in records:
        assert e.text == text[e.start:e.end]
        assert e.quote in text
    return records


def figures(text: str) -> list[tuple[str, float | None, str | None]]:
    """(text, value, change) of each estimate."""
    return [(e.text, e.value, e.change) for e in extract(text)]


# ------------------------------------------------------------------- the size of a change

CHANGES = [
    ("Unemployment fell 0.4 per cent last month.", "0.4 per cent", 0.4, "down"),
    ("Profits were up 9% from the prior year.", "9%", 9, "up"),
    ("The firm reported a 4.1 percent increase in revenue.", "4.1 percent", 4.1, "up"),
    ("Output was 1.7 percent more than in 2020.", "1.7 percent", 1.7, "up"),
    ("Ridership dropped by about 12% over the summer.", "about 12%", 12, "down"),
    ("The survey found a 5.1% decrease in visits.", "5.1%", 5.1, "down"),
    ("There was a drop of 27% in arrests.", "27%", 27, "down"),
    ("Enrolment is 300 lower than last year.", "300", 300, "down"),
    ("The new tally is 1.5 million higher.", "1.5 million", 1_500_000, "up"),
    ("Wheat prices climbed 32 percent in a year.", "32 percent", 32, "up"),
    ("Imports were down 3% on last year.", "3%", 3, "down"),
    ("Attendance shrank by 2,000 in a decade.", "2,000", 2000, "down"),
    ("The estimate is about 14% more than previously thought.", "about 14%", 14, "up"),
    ("Officials recorded a change of 5% in the count.", "5%", 5, "unsigned"),
    ("The county saw a milder four percent county-wide rise.", "four percent", 4, "up"),
    ("Rents had jumped by as much as 30% in a week.", "as much as 30%", 30, "up"),
]


@pytest.mark.parametrize(("sentence", "text", "value", "change"), CHANGES)
def test_a_change_is_marked_with_its_direction(sentence: str, text: str, value: float,
                                                change: str) -> None:
    assert (text, value, change) in figures(sentence)


@pytest.mark.parametrize("sentence", [
    "Police detained 2,000 people in 2020.",
    "The charity raised $5 million in 2020.",
    "They built 5,000 homes last year.",
    "About 10% of the vote went to the party.",
    "There were 3 larger cities nearby.",
    "Five more days passed before 4,000 people arrived.",
    "The census counted 12,500 residents.",
    "The number of visitors was 40,000.",
    "Between 46,000 and 85,000 people died.",
    "The crowd reached 250,000, organisers said.",
])
def test_a_level_is_no_change(sentence: str) -> None:
    assert [e.text for e in extract(sentence) if e.change in CHANGE_SIZES] == []


# ------------------------------------------------------------- a change and the level it reached

CHANGE_AND_LEVEL = [
    ("Exports rose 7% to $2.3 billion last year.",
     [("7%", 7, "up"), ("$2.3 billion", 2_300_000_000, "to")]),
    ("The index fell 0.4 per cent to 13,176.",
     [("0.4 per cent", 0.4, "down"), ("13,176", 13176, "to")]),
    ("Sales rose 60% in 2018 to 3.9 million.",
     [("60%", 60, "up"), ("3.9 million", 3_900_000, "to")]),
    ("The toll rose by 500 to 2,000.", [("500", 500, "up"), ("2,000", 2000, "to")]),
    ("Revenue rose $2 billion to $10 billion.",
     [("$2 billion", 2_000_000_000, "up"), ("$10 billion", 10_000_000_000, "to")]),
    ("Shares slumped 12% to $41.", [("12%", 12, "down"), ("$41", 41, "to")]),
    ("Tiger numbers rose 60% to 5,870.", [("60%", 60, "up"), ("5,870", 5870, "to")]),
    ("The population grew 2.5% to 1.2 million in 2022.",
     [("2.5%", 2.5, "up"), ("1.2 million", 1_200_000, "to")]),
    ("Arrivals plunged 40% to 120,000 in April.",
     [("40%", 40, "down"), ("120,000", 120_000, "to")]),
    ("Crude slipped 1.2% to $81.40 a barrel.", [("1.2%", 1.2, "down"), ("$81.40", 81.4, "to")]),
    ("Registered voters increased by 212,000 to 4.35 million.",
     [("212,000", 212_000, "up"), ("4.35 million", 4_350_000, "to")]),
    ("Its workforce was cut by 10% to 9,000.", [("10%", 10, "down"), ("9,000", 9000, "to")]),
    ("Visitor numbers were up 9% at 45,000.", [("9%", 9, "up"), ("45,000", 45000, None)]),
    ("The count rose by 9 percent (15,540 people).",
     [("9 percent", 9, "up"), ("15,540", 15540, "up")]),
]


@pytest.mark.parametrize(("sentence", "expected"), CHANGE_AND_LEVEL)
def test_a_change_and_its_level_are_two_records(
        sentence: str, expected: list[tuple[str, float, str | None]]) -> None:
    assert figures(sentence) == expected


def test_the_level_a_change_reaches_is_marked_to() -> None:
    assert figures("Gorgas later increased his estimate to 22,000.") == [("22,000", 22000, "to")]
    assert figures("It had risen to about 30 million.") == [("about 30 million", 30_000_000, "to")]


# ------------------------------------------------------------- from one level to another, over time

FROM_TO = [
    ("The population grew from 12,000 in 2010 to 15,500 in 2020.",
     [("12,000", 12000, "from"), ("15,500", 15500, "to")]),
    ("Deaths fell from 1,200 in 2019 to 900 in 2021.",
     [("1,200", 1200, "from"), ("900", 900, "to")]),
    ("The share climbed from 54 percent before the storm to 68 percent.",
     [("54 percent", 54, "from"), ("68 percent", 68, "to")]),
    ("Attendance rose from 2 to 3 million visitors.",
     [("2", 2_000_000, "from"), ("3 million", 3_000_000, "to")]),
    ("The rate rose from 5 to 10 percent.", [("5", 5, "from"), ("10 percent", 10, "to")]),
    ("Wild tigers numbered 4,500, up from 3,200 in 2010.",
     [("4,500", 4500, None), ("3,200", 3200, "from")]),
    ("Prices went from $3 to $5 within a year.", [("$3", 3, "from"), ("$5", 5, "to")]),
    ("Numbers in the camp increased from 800 to 2,400.",
     [("800", 800, "from"), ("2,400", 2400, "to")]),
    ("The count declined from about 90,000 to roughly 60,000.",
     [("about 90,000", 90000, "from"), ("roughly 60,000", 60000, "to")]),
    ("From 1,500 in 2015, the number of shelters rose to 2,100 by 2020.",
     [("1,500", 1500, "from"), ("2,100", 2100, "to")]),
    ("Enrolment went from 300 last year to 450 this year.",
     [("300", 300, "from"), ("450", 450, "to")]),
    ("The tally reached 3,682 in 2022, an increase from 2,967 in 2018.",
     [("3,682", 3682, None), ("2,967", 2967, "from")]),
    ("In the city, rough sleeping grew 10 percent from 41,000 to 46,000.",
     [("10 percent", 10, "up"), ("41,000", 41000, "from"), ("46,000", 46000, "to")]),
    ("Output dropped to 1,400 tonnes in 1960 from 2,000 tonnes in 1958.",
     [("1,400", 1400, "to"), ("2,000", 2000, "from")]),
]


@pytest.mark.parametrize("sentence", [
    "The debate comes down to four things.",
    "The totals add up to about 220,000.",
    "Aid has gone to more than 1 million households.",
    "Border statistics from five states were combined.",
    "For the second wave, published figures range from 200,000 to 700,000.",
])
def test_to_and_from_without_a_change_mark_no_level(sentence: str) -> None:
    assert [e.change for e in extract(sentence)] == [None] * len(extract(sentence))


@pytest.mark.parametrize(("sentence", "expected"), FROM_TO)
def test_from_a_to_b_over_time_is_two_levels(
        sentence: str, expected: list[tuple[str, float, str | None]]) -> None:
    records = extract(sentence)
    assert [(e.text, e.value, e.change) for e in records] == expected
    assert all(e.qualifier != "range" for e in records)


# ------------------------------------------------------------- ranges of uncertainty or scope stay

RANGES = [
    ("Between 46,000 and 85,000 people died.", 46000, 85000, None),
    ("46,000 to 85,000 people died in the famine.", 46000, 85000, None),
    ("Estimates ranged from 10 million to 100 million.", 10_000_000, 100_000_000, None),
    ("Estimates ran from 500 to 5,000.", 500, 5000, None),
    ("Shares fell 3 to 5 percent on Monday.", 3, 5, "down"),
    ("Prices rose 5%-7% this year.", 5, 7, "up"),
    ("Sales grew 20 to 30 over the year.", 20, 30, "up"),
    ("Output grew 2 to 3 million tonnes.", 2_000_000, 3_000_000, None),
    ("The device draws 5-10 watts.", 5, 10, None),
    ("Some 20,000-30,000 people marched.", 20000, 30000, None),
    ("The crowd was put at 200,000 to 300,000.", 200_000, 300_000, None),
    ("Between 1,000 and 1,500 homes were destroyed.", 1000, 1500, None),
    ("The toll is likely 10,000-20,000.", 10000, 20000, None),
]


@pytest.mark.parametrize(("sentence", "low", "high", "change"), RANGES)
def test_a_span_of_uncertainty_stays_one_range(sentence: str, low: float, high: float,
                                               change: str | None) -> None:
    [e] = extract(sentence)
    assert (e.qualifier, e.value, e.low, e.high, e.change) == ("range", None, low, high, change)


# ------------------------------------------------------------- years, dates and times in ranges

YEARS = [
    ("Sales rose 60% in 2018 to 3.9 million.", [60, 3_900_000]),
    ("There were 1,000 in 2019-2020.", [1000]),
    ("Cases climbed in 2019 to 4,500.", [4500]),
    ("It happened in 1998 to 12,000 families.", [12000]),
    ("By 2030 to 4 million users are expected.", [4_000_000]),
    ("From 2010 to 3 million in 2020 the count rose.", [3_000_000]),
    ("The survey of 2019 to 2020 found 2,500 cases.", [2500]),
    ("Deaths fell from 1,200 in 2019 to 900 in 2021.", [1200, 900]),
    ("In 2018-2019, 5,000 people left.", [5000]),
    ("Between 2015 and 2020 about 40,000 people left.", [40000]),
    ("The show ran from 9am to 5pm and drew 300 visitors.", [300]),
    ("On 12 May, 3,000 people marched.", [3000]),
    ("Since 2016 to 75,000 homes were connected.", [75000]),
    ("The 2022-23 season drew 14.1 million spectators.", [14_100_000]),
    ("Rates rose from 4.25% to 4.5% on Wednesday.", [4.25, 4.5]),
]


@pytest.mark.parametrize(("sentence", "values"), YEARS)
def test_years_dates_and_times_never_join_a_range_with_a_count(sentence: str,
                                                               values: list[float]) -> None:
    records = extract(sentence)
    assert [e.value for e in records] == values
    assert all(e.qualifier != "range" for e in records)


def test_a_four_digit_count_still_starts_a_range() -> None:
    [e] = extract("Some 1000-5000 people attended.")
    assert (e.low, e.high, e.kind) == (1000, 5000, "count")


def test_years_joined_by_to_stay_a_year_range_under_all() -> None:
    records = extract("The survey of 2019 to 2020 found 2,500 cases.", include_all=True)
    assert [(e.kind, e.low, e.high) for e in records if e.kind == "year"] == [
        ("year", 2019, 2020)]


# ------------------------------------------------------------- rates with a base

BASES = [
    ("Infant deaths were 45 per 1,000 live births.", "45", "1,000 live births", 1000),
    ("The rate reached 12 deaths per 100,000 people in 2020.", "12", "100,000 people", 100_000),
    ("The crude death rate was 30 per 1,000.", "30", "1,000", 1000),
    ("About 1 in 1,000 babies is affected.", "About 1", "1,000 babies", 1000),
    ("Roughly 3 in every 1,000 residents were displaced.", "Roughly 3", "1,000 residents", 1000),
    ("Some 7 out of every 100 workers quit.", "Some 7", "100 workers", 100),
    ("A rate of 2.5 per 10,000 was recorded.", "2.5", "10,000", 10_000),
    ("There were 8 homicides for every 100,000 inhabitants.", "8", "100,000 inhabitants",
     100_000),
    ("Around 60 per 1,000 children die before their first birthday.", "Around 60",
     "1,000 children", 1000),
    ("The study found 3.2 cases per 10,000 adults.", "3.2", "10,000 adults", 10_000),
]


@pytest.mark.parametrize(("sentence", "text", "per", "base"), BASES)
def test_a_rate_with_a_base_carries_per_and_base(sentence: str, text: str, per: str,
                                                 base: float) -> None:
    [e] = extract(sentence)  # the base itself is no estimate
    assert (e.text, e.per, e.base) == (text, per, base)
    base_records = [r for r in extract(sentence, include_all=True) if r.value == base]
    assert [r.kind for r in base_records] == ["other"]


def test_a_base_without_its_rate_is_no_count() -> None:
    assert figures("Deaths per 1,000 fell to 12.") == [("12", 12, "to")]


@pytest.mark.parametrize(("sentence", "value"), [
    ("One in five adults smoke.", 20),
    ("About 1 in 4 children are poor.", 25),
    ("Nearly one in three voters stayed home.", 100 / 3),
])
def test_one_in_five_is_a_share(sentence: str, value: float) -> None:
    [e] = extract(sentence)
    assert (e.kind, e.unit, e.per, e.base) == ("fraction", "%", None, None)
    assert e.value == pytest.approx(value, rel=1e-3)


def test_a_flow_per_day_keeps_its_time_unit_and_no_base() -> None:
    [e] = extract("The clinic sees 20 patients per day.")
    assert (e.per, e.base) == ("day", None)


def test_a_rate_with_a_base_is_related_as_a_rate() -> None:
    target = parse_question("How many children died in the famine?")
    text = "During the famine 60 children per 1,000 died before their first birthday."
    ests = extract(text)
    verdicts = rules.relate_all(ests, target, [text] * len(ests))
    assert [(e.text, v.relation) for e, v in zip(ests, verdicts)] == [("60", "rate")]


# ------------------------------------------------------------- durations

DURATIONS = [
    ("He waited three months for the result.", 3, "month"),
    ("She spent 15 years in prison.", 15, "year"),
    ("Two weeks later the plan was scrapped.", 2, "week"),
    ("The trial lasted 10 days.", 10, "day"),
    ("The road took two decades to build.", 2, "decade"),
    ("The film ran for 90 minutes.", 90, "minute"),
    ("The strike lasted six weeks.", 6, "week"),
    ("After 48 hours the fire was out.", 48, "hour"),
    ("The walls stood for three centuries.", 3, "century"),
    ("For 12 months the mine stayed shut.", 12, "month"),
    ("A 15-year sentence was handed down.", 15, "year"),
]


@pytest.mark.parametrize(("sentence", "value", "unit"), DURATIONS)
def test_a_duration_is_kind_duration_and_never_a_count(sentence: str, value: float,
                                                       unit: str) -> None:
    assert extract(sentence) == []  # not an estimate: never related as a count
    [e] = extract(sentence, include_all=True)
    assert (e.kind, e.value, e.unit) == ("duration", value, unit)


def test_a_range_of_durations_is_one_duration() -> None:
    assert extract("The repairs will take 6 to 8 weeks, the operator said.") == []
    [e] = extract("The repairs will take 6 to 8 weeks, the operator said.", include_all=True)
    assert (e.kind, e.low, e.high, e.unit) == ("duration", 6, 8, "week")


def test_a_season_is_a_year_range() -> None:
    [e] = [r for r in extract("The 2022-23 season drew 14.1 million spectators.",
                              include_all=True) if r.kind == "year"]
    assert (e.text, e.low, e.high) == ("2022-23", 2022, 2023)


def test_a_p_value_is_no_estimate() -> None:
    assert extract("The gap was significant (p < 0.05) and held at p=0.003.") == []


def test_an_age_is_still_a_measure() -> None:
    [e] = extract("He is 29 years old.")
    assert (e.kind, e.unit) == ("measure", "year")


# ------------------------------------------------------------- Indian grouping, lakh and crore

INDIAN = [
    ("The town has 2,70,000 residents.", 270_000, None),
    ("The state has 12,34,567 voters.", 1_234_567, None),
    ("The city counted 2,50,00,000 residents.", 25_000_000, None),
    ("The population is 12,34,567, according to the survey.", 1_234_567, None),
    ("The project costs Rs 2.5 lakh.", 250_000, "INR"),
    ("The budget is ₹3 crore.", 30_000_000, "INR"),
    ("About 25 lakh people attended.", 2_500_000, None),
    ("Around 10 lakhs people were affected.", 1_000_000, None),
    ("Spending reached 1.2 lakh crore rupees.", 1_200_000_000_000, "INR"),
    ("About 3 crore people voted.", 30_000_000, None),
    ("The scheme cost 2.5 lakh rupees.", 250_000, "INR"),
    ("Losses were put at Rs 1,25,000.", 125_000, "INR"),
    ("Nearly 1.5 crore households were covered.", 15_000_000, None),
]


@pytest.mark.parametrize(("sentence", "value", "unit"), INDIAN)
def test_indian_grouping_lakh_and_crore_read_right(sentence: str, value: float,
                                                   unit: str | None) -> None:
    [e] = extract(sentence)
    assert (e.value, e.unit) == (value, unit)


# ------------------------------------------------------------- reconcile: a change is no level

CHANGE_TEXT = ("The count of wild tigers rose 60% to 5,870 in 2022, the survey said. In "
               "India alone, wild tigers rose by 400 in four years.")


def test_a_percentage_change_is_a_rate_and_a_count_change_no_level() -> None:
    # As the gold annotations: a percentage change is a rate; the size of a change in a count
    # ('rose by 400') is no count of what is asked.
    target = parse_question("How many wild tigers are left in the world?")
    ests = extract(CHANGE_TEXT)
    verdicts = rules.relate_all(ests, target, [CHANGE_TEXT] * len(ests))
    got = {e.text: v.relation for e, v in zip(ests, verdicts)}
    assert (got["60%"], got["400"]) == ("rate", "unrelated")


def test_a_change_is_never_a_direct_count() -> None:
    target = parse_question("How many wild tigers are left in the world?")
    ests = extract(CHANGE_TEXT)
    relations = relate_all(ests, target, [CHANGE_TEXT] * len(ests))
    for e, r in zip(ests, relations):
        if e.change in CHANGE_SIZES:
            assert r.relation in ("rate", "unrelated"), (e.text, r)


def test_to_json_carries_change_and_base() -> None:
    [change, level] = extract("Exports rose 7% to $2.3 billion.")
    assert (change.to_json()["change"], level.to_json()["change"]) == ("up", "to")
    [rate] = extract("Infant deaths were 45 per 1,000 live births.")
    assert (rate.to_json()["per"], rate.to_json()["base"]) == ("1,000 live births", 1000)
