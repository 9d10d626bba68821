"""Numbers that are never estimates (issue 11, point 4), on invented news sentences.

Each case is a sentence, the words holding the number that is no estimate, and the values of
the estimates the sentence still has: the name's, score's, marker's, age's, magnitude's or
statistic's number never comes out as an estimate, comes out under `include_all` with its
kind, and the ordinary counts, sums and shares beside it are still estimates.
"""

from __future__ import annotations

import pytest

import crosstally
from crosstally.extract.nonestimates import non_estimate
from crosstally.types import OTHER_KINDS, Estimate

Value = float | tuple[float, float]

NAMES: list[tuple[str, str, list[Value]]] = [
    ("The Nasdaq 100 gained as 600 companies reported results.", "100", [600]),
    ("Shoppers bought 2 million Galaxy 24 phones in the first week.", "24", [2_000_000]),
    ("Engineers inspected 9 Airbus 350 aircraft overnight.", "350", [9]),
    ("About 800 drivers were stuck on Highway 401 after the crash.", "401", [800]),
    ("The Pac 12 conference lost 4 members last summer.", "12", [4]),
    ("The laptop ships with Android 14 and costs $499.", "14", [499]),
    ("Some 250 workers assemble the Model 3 at the plant.", "3", [250]),
    ("Viewers of Channel 5 numbered 1.2 million on Sunday.", "5", [1_200_000]),
    ("The Euro Stoxx 50 rose as 600 companies reported results.", "50", [600]),
    ("Flights on the Boeing 777 carry up to 350 passengers.", "777", [350]),
    ("Boeing 747 freighters carried 40,000 tonnes of cargo.", "747", [40_000]),
]

SCORES: list[tuple[str, str, list[Value]]] = [
    ("Rovers won 3-1 before a crowd of 8,000.", "3-1", [8_000]),
    ("The Giants lost 24-17 in front of 60,000 fans.", "24-17", [60_000]),
    ("She took the opening set 7-5 before 12,000 spectators.", "7-5", [12_000]),
    ("A 0-0 draw kept 5 teams level on points.", "0-0", [5]),
    ("Leinster led 20-6 at half-time and scored 4 tries.", "20-6", [4]),
    ("The Celtics won 118-109 in front of 19,000 fans.", "118-109", [19_000]),
    ("After a 2-2 draw, 3 players were booked.", "2-2", [3]),
    ("The council rejected the plan in a 7-2 vote, and 150 residents protested.", "7-2",
     [150]),
    ("India beat Pakistan 4-0 and 30,000 fans celebrated.", "4-0", [30_000]),
    ("They were 3-0 up when 2 of their players were sent off.", "3-0", [2]),
    ("The champions trailed 10–7 at the break before 45,000 supporters.", "10–7", [45_000]),
]

MARKERS: list[tuple[str, str, list[Value]]] = [
    ("The refinery processes 200,000 barrels a day.[14]", "[14]", [200_000]),
    ("Exports reached $12 billion in 2021.[3][5]", "[3][5]", [12_000_000_000]),
    ("The forest shelters 60 species.[8]", "[8]", [60]),
    ("Roughly 30% of the fleet is electric.^2", "^2", [30]),
    ("The town had 5,200 inhabitants.[note 4]", "[note 4]", [5_200]),
    ("Some 90 people work there [11] and 12 more are hired each year.", "[11]", [90, 12]),
    ("The museum holds 8,000 paintings.[1–3]", "[1–3]", [8_000]),
    ("Nearly 700 ships pass through each month. (4)", "(4)", [700]),
    ("The island has 3 airports and 41 hotels.[17][18]", "[17][18]", [3, 41]),
    ("At least 120 people were evacuated from the valley.[6]", "[6]", [120]),
]

LIST_NUMBERS: list[tuple[str, str, list[Value]]] = [
    ("The plan sets out: (1) 500 new homes, (2) a new school and (3) 2 parks.", "(1)",
     [500, 2]),
    ("(2) A tax of 3% will apply to imports.", "(2)", [3]),
]

AGES: list[tuple[str, str, list[Value]]] = [
    ("Petrova, 36, and 14 other activists were detained.", "36", [14]),
    ("A 45-year-old teacher was among 9 people injured.", "45", [9]),
    ("The patient, aged 81, was among 200 people treated.", "81", [200]),
    ("The survey covered 3,000 women aged 20 to 35.", "20 to 35", [3_000]),
    ("Voters aged 18 and over numbered 41 million.", "18", [41_000_000]),
    ("The author, who is 70, has written 25 novels.", "70", [25]),
    ("Adults over 65 make up 19% of the population.", "65", [19]),
    ("The new coach, 44, inherits a squad of 28 players.", "44", [28]),
    ("An eight-year-old boy was among 3 survivors.", "eight", [3]),
    ("Garcia (52) told the court he had paid $9,000.", "52", [9_000]),
    ("She was 19 when she joined the 40-member orchestra.", "19", [40]),
    ("The 6-month-old panda weighs 11 kg.", "6", [11]),
    ("A man over 50 was arrested with 3 others.", "50", [3]),
]

MAGNITUDES: list[tuple[str, str, list[Value]]] = [
    ("A magnitude 6.1 earthquake damaged 700 homes.", "6.1", [700]),
    ("The 5.9-magnitude tremor was felt by 2 million residents.", "5.9", [2_000_000]),
    ("A 4.7 magnitude aftershock struck 30 km east of the town.", "4.7", [30]),
    ("The tremor registered 6.3 on the Richter scale and 11 people were hurt.", "6.3", [11]),
    ("Authorities raised the alert to level 3 as 2,000 people left.", "3", [2_000]),
    ("A strong 7.2 quake shook the island, cutting power to 50,000 homes.", "7.2", [50_000]),
    ("Regulators moved 12 banks to tier 2 status.", "tier 2", [12]),
    ("Only quakes above magnitude 5 trigger alerts in the 40 towns.", "5", [40]),
    ("Patients with stage 4 cancer made up 15% of the cohort.", "4", [15]),
    ("The grade 2 building houses 80 flats.", "2", [80]),
    ("A magnitude of 6.6 was recorded, and 14 villages lost power.", "6.6", [14]),
]

STATISTICS: list[tuple[str, str, list[Value]]] = [
    ("The treatment reduced relapse by 30% (95% CI 18–40%).", "95%", [30, (18, 40)]),
    ("Results held at the 90 per cent confidence level for 8 regions.", "90", [8]),
    ("The poll of 2,000 adults has a margin of error of 2.2 percentage points.", "2.2",
     [2_000]),
    ("Turnout is put at 61%, plus or minus 3 points.", "3", [61]),
    ("Scores rose with income (r = 0.4) across 40 schools.", "0.4", [40]),
    ("Mean weight loss was 4.2 kg (SD 1.9) in the 120 patients.", "1.9", [4.2, 120]),
    ("Support stands at 52% ± 3 across the 6 regions.", "3", [52, 6]),
    ("With 99% confidence, researchers put the figure at 1,200.", "99%", [1_200]),
    ("The survey of 900 firms has a margin of error of ±4 points.", "4", [900]),
    ("Turnout was 58%, with a 95% confidence interval of 55% to 61%.", "95%",
     [58, (55, 61)]),
    ("The gap (p = 0.2) was found in 3 of the 5 trials.", "0.2", [3, 5]),
    ("Night workers slept 40 minutes less (p < 0.05) over 6 weeks.", "0.05", []),
    ("The link held (P<0.001) in a sample of 9,000 births.", "0.001", [9_000]),
]

CASES = ([(*case, "name") for case in NAMES] + [(*case, "score") for case in SCORES]
         + [(*case, "marker") for case in MARKERS]
         + [(*case, "list_number") for case in LIST_NUMBERS]
         + [(*case, "age") for case in AGES] + [(*case, "magnitude") for case in MAGNITUDES]
         + [(*case, "statistic") for case in STATISTICS])


def overlapping(text: str, phrase: str, records: list[Estimate]) -> list[Estimate]:
    start = text.index(phrase)
    end = start + len(phrase)
    return [e for e in records if e.start < end and start < e.end]


def values(records: list[Estimate]) -> list[Value]:
    return sorted((e.value if e.value is not None else (e.low, e.high) for e in records),
                  key=lambda v: v if isinstance(v, float) else v[0])


def sort_values(expected: list[Value]) -> list[Value]:
    return sorted(expected, key=lambda v: v if isinstance(v, (int, float)) else v[0])


@pytest.mark.parametrize(("sentence", "phrase", "estimates", "kind"), CASES)
def test_a_number_that_is_no_estimate_is_kept_with_its_kind_and_its_neighbours_stay(
        sentence: str, phrase: str, estimates: list[Value], kind: str) -> None:
    found = crosstally.extract_estimates(sentence)
    assert overlapping(sentence, phrase, found) == [], [(e.text, e.kind) for e in found]
    assert values(found) == sort_values(estimates), [(e.text, e.kind) for e in found]
    records = overlapping(sentence, phrase,
                          crosstally.extract_estimates(sentence, include_all=True))
    assert records and {e.kind for e in records} == {kind}, [(e.text, e.kind) for e in records]


def test_each_class_has_ten_invented_sentences() -> None:
    for cases in (NAMES, SCORES, MARKERS, AGES, MAGNITUDES, STATISTICS):
        assert len(cases) >= 10


def test_the_new_kinds_are_kinds_of_the_contract() -> None:
    assert {"name", "score", "marker", "age", "magnitude", "statistic"} <= set(OTHER_KINDS)


@pytest.mark.parametrize(("sentence", "estimates"), [
    # a capitalised word before a count that names no thing with a number
    ("Officials told Reuters 40 people had died.", [40]),
    ("On Tuesday 120 people marched through the capital.", [120]),
    ("In Lagos 300 homes were flooded overnight.", [300]),
    ("Officials said that in Kharkiv 12 people were hurt.", [12]),
    ("Officials said that in Smallville 12 people were hurt.", [12]),
    ("Nearly 700 ships and Some 40 boats were counted.", [700, 40]),
    ("Texas 12, Ohio 9, Florida 30.", [12, 9, 30]),
    ("Earthquake Kills 300", [300]),
    ("Read 3 free articles a month.", [3]),
    # a range runs from the smaller end to the larger: no score
    ("Officials expect 20-30 arrivals a day.", [(20, 30)]),
    ("The Great Leap Forward 30-40% figure is disputed.", [(30, 40)]),
    # a predicate age stays a measure in years (the number suites read it as an interval)
    ("He is more than thirty years old.", [30]),
    # a table's empty cell: '2 - 2' is two figures, not a score
    ("Kenya 1 - 1 Malaysia", [(1, 1)]),
    # an apposition after no person: 'the results, 12,'
    ("The results, 12, were disputed.", [12]),
    ("She was 3 points behind the leader.", [3]),
    ("Sea level rose 3 metres in the bay.", [3]),
    # 'ages of' before a count of people, not an age
    ("Officials released the ages of 12 victims.", [12]),
])
def test_counts_beside_look_alikes_are_still_estimates(sentence: str,
                                                       estimates: list[Value]) -> None:
    found = crosstally.extract_estimates(sentence)
    assert values(found) == sort_values(estimates), [(e.text, e.kind) for e in found]


@pytest.mark.parametrize(("text", "number", "kind"), [
    ("The gap was significant (p < 0.05) in both arms.", "0.05", "statistic"),
    ("Heavy users were more anxious (P=0.003).", "0.003", "statistic"),
    ("The link held (p<0.001) in the larger sample.", "0.001", "statistic"),
    ("Uncertainty was large (95% UI 3,400-72,000).", "95%", "statistic"),
    ("Goals came late: the visitors won 2–1.", "2", "score"),
    ("Flights resumed at Terminal 5 on Friday.", "5", "name"),
    ("The 2022 census counted 48,000 people.", "2022", None),
    ("Flights resumed on 5 October.", "5", None),
])
def test_non_estimate_reads_the_words_around_one_number(text: str, number: str,
                                                        kind: str | None) -> None:
    start = text.index(number)
    assert non_estimate(text, start, start + len(number)) == kind


@pytest.mark.parametrize(("sentence", "counts"), [
    ("It only covers data from 2009 up to 2014.", []),
    ("The survey ran from 1998 to 2003 in every district.", []),
    ("Deaths between 1959 and 1961 were never counted.", []),
    ("Official 2009 estimates put 1,200 to 1,500 tigers on the reserves.", [(1200, 1500)]),
    ("The 2020 figures showed 4,000 arrivals.", [(4000, 4000)]),
    ("Compared with 1990 levels, 30,000 more people work there.", [(30000, 30000)]),
    ("Up to 2000 people were evacuated.", [(2000, 2000)]),
    ("About 2000 residents marched on Sunday.", [(2000, 2000)]),
])
def test_a_year_ending_a_span_of_years_or_labelling_a_report_is_no_count(
        sentence: str, counts: list[tuple[float, float]]) -> None:
    found = [(e.low or e.value, e.high or e.value) for e in crosstally.extract_estimates(sentence)
             if e.kind == "count"]
    assert found == counts
