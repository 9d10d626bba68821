"""The rule extractor, one phenomenon per test, on invented sentences.

Expectations follow CONTRACT.md ("An estimate"). A test marked xfail(strict=True) records
something the extractor gets wrong today; fixing the extractor turns it into a failure
(XPASS), and the mark should then be removed.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crosstally
from crosstally.types import ESTIMATE_KINDS, OTHER_KINDS, QUALIFIERS, Estimate

PERS = (None, "day", "week", "month", "year")


# ---------------------------------------------------------------------------- helpers


def extract(text: str, *, include_all: bool = False) -> list[Estimate]:
    """All records for `text`, each checked against the offset invariant."""
    records = crosstally.extract_estimates(text, include_all=include_all)
    for e in records:
        assert_offsets(text, e)
    return records


def assert_offsets(source: str, e: Estimate) -> None:
    assert 0 <= e.start < e.end <= len(source)
    assert e.text == source[e.start:e.end]
    assert e.quote in source
    assert e.text in e.quote


def only(text: str, *, include_all: bool = False) -> Estimate:
    records = extract(text, include_all=include_all)
    assert len(records) == 1, [(e.text, e.kind) for e in records]
    return records[0]


def spans(text: str, *, include_all: bool = False) -> list[tuple[str, str]]:
    return [(e.text, e.kind) for e in extract(text, include_all=include_all)]


def within(text: str, phrase: str, records: list[Estimate]) -> list[Estimate]:
    """Records lying inside the first occurrence of `phrase` in `text`."""
    start = text.index(phrase)
    end = start + len(phrase)
    return [e for e in records if start <= e.start and e.end <= end]


def overlapping(text: str, phrase: str, records: list[Estimate]) -> list[Estimate]:
    start = text.index(phrase)
    end = start + len(phrase)
    return [e for e in records if e.start < end and start < e.end]


# ---------------------------------------------------------------------------- digits


@pytest.mark.parametrize("number", [
    "12,500",
    "12 500",
    "12\u00a0500",  # no-break space
    "12\u202f500",  # narrow no-break space
    "12\u2009500",  # thin space
], ids=["comma", "space", "nbsp", "narrow-nbsp", "thin-space"])
def test_thousands_separators_are_read_as_one_number(number: str) -> None:
    e = only(f"The ferry carried {number} passengers last season.")
    assert e.text == number
    assert (e.value, e.low, e.high) == (12500, None, None)
    assert (e.qualifier, e.kind) == ("exact", "count")


def test_several_comma_groups_are_read_as_one_number() -> None:
    assert only("The choir sang for 1,234,567 listeners.").value == 1234567


@pytest.mark.parametrize(("phrase", "value"), [
    ("1.2 million", 1_200_000),
    ("1.15 million", 1_150_000),
    ("0.3 million", 300_000),
    ("2.75 billion", 2_750_000_000),
])
def test_decimals_with_a_scale_word_are_exact(phrase: str, value: int) -> None:
    e = only(f"The valley is home to {phrase} goats.")
    assert e.text == phrase
    assert e.value == value  # exact: 1200000, not 1199999.9999


# ---------------------------------------------------------------------------- abbreviations


@pytest.mark.parametrize(("phrase", "value", "kind", "unit"), [
    ("700k", 700_000, "count", None),
    ("5mn", 5_000_000, "count", None),
    ("5 mn", 5_000_000, "count", None),
    ("$6.5bn", 6_500_000_000, "money", "USD"),
    ("£1.2m", 1_200_000, "money", "GBP"),
])
def test_scale_abbreviations_multiply_the_number(phrase: str, value: int, kind: str,
                                                 unit: str | None) -> None:
    e = only(f"The lottery paid out {phrase} in prizes.")
    assert e.text == phrase
    assert (e.value, e.kind, e.unit) == (value, kind, unit)


# ---------------------------------------------------------------------------- words


@pytest.mark.parametrize(("phrase", "value"), [
    ("seven hundred thousand", 700_000),
    ("five and a half million", 5_500_000),
    ("half a million", 500_000),
    ("a dozen", 12),
    ("two dozen", 24),
    ("twenty-five thousand", 25_000),
])
def test_spelled_out_numbers_are_parsed(phrase: str, value: int) -> None:
    e = only(f"Volunteers planted {phrase} tulips along the canal.")
    assert e.text == phrase
    assert (e.value, e.qualifier, e.kind) == (value, "exact", "count")


# ---------------------------------------------------------------------------- ranges


def test_en_dash_range_gives_low_and_high_and_no_point_value() -> None:
    e = only("Attendance was 700,000–800,000 over the week.")
    assert e.text == "700,000–800,000"
    assert (e.value, e.low, e.high, e.qualifier) == (None, 700_000, 800_000, "range")


def test_between_and_range_includes_the_words() -> None:
    e = only("Attendance was between 500,000 and 700,000 over the week.")
    assert e.text == "between 500,000 and 700,000"
    assert (e.value, e.low, e.high, e.qualifier) == (None, 500_000, 700_000, "range")


def test_from_to_range_applies_the_scale_to_both_ends() -> None:
    # issue 11: "rose from 2 to 3 million" is a change between two levels (test_extract_news)
    e = only("Attendance estimates ranged from 2 to 3 million visitors.")
    assert e.text == "from 2 to 3 million"
    assert (e.value, e.low, e.high, e.qualifier) == (None, 2_000_000, 3_000_000, "range")


def test_en_dash_range_applies_the_scale_to_both_ends() -> None:
    e = only("The census found 50–100 million beetles.")
    assert e.text == "50–100 million"
    assert (e.value, e.low, e.high, e.qualifier) == (None, 50_000_000, 100_000_000, "range")


def test_hyphen_range_applies_the_scale_to_both_ends() -> None:
    e = only("The census found 50-100 million beetles.")
    assert e.text == "50-100 million"
    assert (e.value, e.low, e.high, e.qualifier) == (None, 50_000_000, 100_000_000, "range")


# ---------------------------------------------------------------------------- qualifiers


@pytest.mark.parametrize(("phrase", "qualifier", "value", "low", "high"), [
    ("at least 150,000", "at_least", 150_000, 150_000, None),
    ("more than 150,000", "more_than", 150_000, 150_000, None),
    ("up to 150,000", "up_to", 150_000, None, 150_000),
    ("about 200,000", "about", 200_000, None, None),
    ("nearly 200,000", "at_most", 200_000, None, 200_000),
    ("150,000 or more", "at_least", 150_000, 150_000, None),
])
def test_qualifier_sets_the_interval(phrase: str, qualifier: str, value: int,
                                     low: int | None, high: int | None) -> None:
    e = only(f"The archive holds {phrase} letters.")
    assert e.text == phrase
    assert (e.qualifier, e.value, e.low, e.high) == (qualifier, value, low, high)


def test_or_more_after_the_noun_is_a_lower_bound() -> None:
    e = only("The archive holds 150,000 letters or more.")
    assert (e.qualifier, e.value, e.low, e.high) == ("at_least", 150_000, 150_000, None)


@pytest.mark.parametrize(("phrase", "low", "high"), [
    ("Tens of thousands", 10_000, 100_000),
    ("Hundreds of thousands", 100_000, 1_000_000),
])
def test_vague_quantities_give_an_order_of_magnitude(phrase: str, low: int, high: int) -> None:
    e = only(f"{phrase} of birds migrated south.")
    assert e.text == phrase
    assert (e.value, e.low, e.high, e.qualifier, e.kind) == (None, low, high, "vague", "count")


# ---------------------------------------------------------------------------- money, percent


@pytest.mark.parametrize(("phrase", "unit"), [
    ("$3,000", "USD"),
    ("US$3,000", "USD"),
    ("£3,000", "GBP"),
    ("€3,000", "EUR"),
    ("3,000 riyals", "QAR"),
    ("QAR 3,000", "QAR"),
    ("3,000 QAR", "QAR"),
])
def test_money_carries_its_iso_currency(phrase: str, unit: str) -> None:
    e = only(f"The club raised {phrase} for the new roof.")
    assert e.text == phrase
    assert (e.kind, e.unit, e.value) == ("money", unit, 3000)


@pytest.mark.parametrize("phrase", ["40%", "40 per cent", "40 percent"])
def test_percentages_have_kind_percent_and_unit_percent_sign(phrase: str) -> None:
    e = only(f"Turnout reached {phrase} in the northern wards.")
    assert e.text == phrase
    assert (e.kind, e.unit, e.value) == ("percent", "%", 40)


# ---------------------------------------------------------------------------- rates


@pytest.mark.parametrize(("sentence", "per"), [
    ("Ferries carried 19,000 passengers a day during the festival.", "day"),
    ("The market draws 1,200 visitors per week in summer.", "week"),
    ("The depot ships 4,000 crates a month to the coast.", "month"),
    ("The lodge earns 3 million riyals a year from tourists.", "year"),
])
def test_rates_name_their_period(sentence: str, per: str) -> None:
    assert only(sentence).per == per


def test_a_plain_count_has_no_period() -> None:
    assert only("The ferry carried 19,000 passengers in total.").per is None


# ---------------------------------------------------------------------------- years, dates


@pytest.mark.parametrize(("sentence", "span", "kind"), [
    ("The harbour reopened in 2022.", "2022", "year"),
    ("The harbour reopened on 21 September after repairs.", "21 September", "date"),
    ("The harbour reopened on 5 October 2022 after repairs.", "5 October 2022", "date"),
])
def test_years_and_dates_are_not_estimates_but_are_listed_with_all(
        sentence: str, span: str, kind: str) -> None:
    assert extract(sentence) == []
    assert spans(sentence, include_all=True) == [(span, kind)]


def test_a_year_before_an_unrelated_plural_is_still_a_year() -> None:
    sentence = "The harbour reopened in 2022 after repairs."
    assert extract(sentence) == []
    assert spans(sentence, include_all=True) == [("2022", "year")]


def test_iso_dates_are_not_estimates() -> None:
    assert extract("The harbour reopened on 2022-10-05 after repairs.") == []


def test_an_iso_date_is_one_date_record_with_all() -> None:
    sentence = "The harbour reopened on 2022-10-05 after repairs."
    assert spans(sentence, include_all=True) == [("2022-10-05", "date")]


def test_a_date_span_stops_before_the_full_stop() -> None:
    assert spans("The harbour reopened on 21 September.", include_all=True) == [
        ("21 September", "date")]


# ---------------------------------------------------------------------------- identifiers


def test_disease_code_digits_are_identifiers_only_with_all() -> None:
    sentence = "The clinic tested for COVID-19 in the spring."
    assert overlapping(sentence, "COVID-19", extract(sentence)) == []
    found = within(sentence, "COVID-19", extract(sentence, include_all=True))
    assert found and all(e.kind == "identifier" for e in found)


def test_letter_digit_codes_are_not_estimates() -> None:
    sentence = "The clinic tested for H1N1 in the spring."
    assert extract(sentence) == []


def test_letter_digit_codes_are_identifiers_with_all() -> None:
    sentence = "The clinic tested for H1N1 in the spring."
    found = within(sentence, "H1N1", extract(sentence, include_all=True))
    assert found and all(e.kind == "identifier" for e in found)


# ---------------------------------------------------------------------------- page furniture


@pytest.mark.parametrize("line", ["Top 10 stories", "12 comments", "© 2022 Harbour Gazette"])
def test_page_furniture_is_not_an_estimate(line: str) -> None:
    assert extract(line) == []
    assert all(e.kind not in ESTIMATE_KINDS for e in extract(line, include_all=True))


def test_furniture_does_not_hide_a_real_number_beside_it() -> None:
    assert spans("Top 10 stories: volunteers counted 4,000 herons.") == [("4,000", "count")]


# ---------------------------------------------------------------------------- context


def test_counted_actor_time_and_place_are_read_from_the_sentence() -> None:
    e = only("Kazakhstan's interior ministry said 98,000 Russian citizens entered Kazakhstan "
             "in the first week after the announcement.")
    assert e.counted == "Russian citizens"
    assert e.place == "Kazakhstan"
    assert e.time is not None and "first week" in e.time
    assert e.actor is not None and "interior ministry" in e.actor


def test_counted_time_and_place_in_another_domain() -> None:
    e = only("Norway's fisheries directorate said 4,300 Danish trawlers entered Norway "
             "in the first month after the quota change.")
    assert e.counted == "Danish trawlers"
    assert e.place == "Norway"
    assert e.time is not None and "first month" in e.time


def test_actor_with_an_unlisted_institution_noun() -> None:
    e = only("Norway's fisheries directorate said 4,300 Danish trawlers entered Norway "
             "in the first month after the quota change.")
    assert e.actor is not None and "fisheries directorate" in e.actor


# ---------------------------------------------------------------------------- offsets


def test_offsets_and_quotes_point_into_the_input() -> None:
    text = ("The first sentence mentions 10 goats.  The second one counts 2,000 sheep,\n\n"
            "and about 40% of them are black. Ferries:\t19,000 a day.")
    records = extract(text)
    assert [e.text for e in records] == ["10", "2,000", "about 40%", "19,000"]
    assert [text[e.start:e.end] for e in records] == [e.text for e in records]
    assert records[1].quote == "The second one counts 2,000 sheep,"


def test_a_hard_wrapped_sentence_is_quoted_whole() -> None:
    text = ("The harbour authority said on Friday that\n"
            "2,000 sheep crossed the bridge in the first week.")
    e = only(text)
    assert e.quote == text
    assert e.actor is not None and "harbour authority" in e.actor


def test_quotes_are_whole_sentences() -> None:
    text = "Alpha had 10 goats. Beta had 2,000 sheep."
    assert [e.quote for e in extract(text)] == ["Alpha had 10 goats.", "Beta had 2,000 sheep."]


# ---------------------------------------------------------------------------- property

TOKENS = st.sampled_from([
    "1", "12", "2022", "0.5", "1,200", "3 500", "7\u00a0000", "1.2", " ", "  ", "\n", "\t", "\x00",
    "\x1b", "\u200b", "-", "–", "—", "/", ".", ",", "%", "$", "£", "€", "US$", "QAR", "k", "bn",
    "million", "thousand", "half", "a", "dozen", "seven", "and", "between", "from", "to", "at least",
    "up to", "or more", "tens of thousands", "per cent", "a day", "riyals", "September", "COVID-",
    "H1N1", "©", "Top", "comments", "said", "ministry", "Россия", "100 тысяч", "مليون", "١٢٣",
    "百万", "２０２２", "①", "½", "Kazakhstan", "(", ")", "\"", "http://x.example/1", "+7 495 123 45 67",
])


@settings(max_examples=200, deadline=None)
@given(text=st.one_of(st.text(), st.lists(TOKENS, max_size=30).map("".join)),
       include_all=st.booleans())
def test_any_text_gives_well_formed_records(text: str, include_all: bool) -> None:
    for e in crosstally.extract_estimates(text, include_all=include_all):
        assert_offsets(text, e)
        assert e.qualifier in QUALIFIERS
        assert e.kind in (ESTIMATE_KINDS + OTHER_KINDS if include_all else ESTIMATE_KINDS)
        assert e.per in PERS


# ---------------------------------------------------------------------------- issue 3: more forms


@pytest.mark.parametrize(("phrase", "value"), [
    ("1.3e6", 1_300_000),
    ("10 bln", 10_000_000_000),
    ("2mil", 2_000_000),
    ("13 lakh", 1_300_000),
    ("1 crore", 10_000_000),
    ("three thousand millions", 3_000_000_000),
    ("4 thousand 3 hundred and 21", 4321),
    ("two hundred point zero three", 200.03),
    ("3 dozens", 36),
    ("half a dozen", 6),
    ("quarter million", 250_000),
    ("3 million and a half", 3_500_000),
    ("five billion and three quarters", 5_750_000_000),
    ("one hundred and three quarters", 100.75),
])
def test_more_written_forms_are_read(phrase: str, value: float) -> None:
    e = only(f"The register lists {phrase} entries.")
    assert e.text == phrase
    assert e.value == pytest.approx(value)


@pytest.mark.parametrize(("phrase", "value"), [
    ("-1,200", -1200), ("minus 5", -5), ("negative one", -1)])
def test_negative_numbers_keep_their_sign(phrase: str, value: float) -> None:
    e = only(f"The balance stood at {phrase} that year.")
    assert e.value == pytest.approx(value)


@pytest.mark.parametrize(("phrase", "percent"), [
    ("two-thirds", 66.6666666667), ("a fifth", 20), ("1/3", 33.3333333333), ("⅔", 66.6666666667),
    ("one in five", 20), ("three out of four", 75)])
def test_fractions_and_shares_are_percentages(phrase: str, percent: float) -> None:
    e = only(f"Officials said {phrase} of the voters stayed home.")
    assert (e.kind, e.unit) == ("fraction", "%")
    assert e.value == pytest.approx(percent)


def test_more_than_half_is_a_share_but_the_first_half_of_a_year_is_not() -> None:
    e = only("More than half of the voters stayed home.")
    assert (e.kind, e.qualifier, e.value) == ("fraction", "more_than", 50)
    assert extract("Prices rose in the first half of 2022.") == []


def test_a_mixed_number_is_a_count() -> None:
    e = only("The ferry takes 2 1/4 hours... no, it carried 2 1/4 tonnes of mail."[-35:])
    assert e.value == pytest.approx(2.25)


def test_the_pronoun_one_is_not_a_number() -> None:
    assert extract("The one you mentioned is invalid.", include_all=True) == []


@pytest.mark.parametrize(("phrase", "low", "high"), [
    ("between about 20 and 50 million", 20_000_000, 50_000_000),
    ("from under 20 million to as many as 100 million", 20_000_000, 100_000_000),
    ("more than 10 and less than 20", 10, 20),
    ("at most 100 and at least 20", 20, 100),
    ("20 through 100", 20, 100),
    ("5k-20k", 5000, 20000),
])
def test_ranges_with_qualified_ends_are_one_range(phrase: str, low: int, high: int) -> None:
    e = only(f"Estimates have ranged {phrase} deaths.")
    assert (e.value, e.low, e.high, e.qualifier) == (None, low, high, "range")


def test_two_bounds_that_do_not_overlap_stay_two_estimates() -> None:
    records = extract("More than 40 and less than 10 are two ranges.")
    assert [(e.qualifier, e.value) for e in records][:2] == [("more_than", 40), ("less_than", 10)]


@pytest.mark.parametrize(("phrase", "qualifier"), [
    ("something like 70k", "about"), ("could exceed 1,000", "more_than"),
    ("a total much closer to 7,000", "about"), ("the 6,500-plus", "more_than"),
    ("roughly $200 billion or more", "at_least"), ("> 30", "more_than"), ("<= 30", "at_most")])
def test_more_qualifier_wordings(phrase: str, qualifier: str) -> None:
    records = extract(f"The figure was {phrase} in all.")
    assert records and records[0].qualifier == qualifier


def test_a_few_dozen_is_vague() -> None:
    e = only("The catalogue added a few dozen entries.")
    assert (e.qualifier, e.low, e.high) == ("vague", 12, 100)


def test_glued_currency_prefix_is_money() -> None:
    e = only("The budget was around QR800 billion.")
    assert (e.kind, e.unit, e.value, e.qualifier) == ("money", "QAR", 800_000_000_000, "about")


def test_ages_are_measures_not_durations() -> None:
    e = only("He is more than thirty years old.")
    assert (e.kind, e.unit, e.qualifier, e.low) == ("measure", "year", "more_than", 30)


def test_a_year_range_after_over_is_two_years_not_a_bound() -> None:
    assert extract("Work-related deaths over 2014 to 2020 were counted.") == []


def test_5g_and_24_7_are_not_numbers() -> None:
    assert extract("The 5G network runs 24/7.") == []


# ---------------------------------------------------------------------------- counted


def test_counted_is_shared_with_a_neighbour_in_the_same_sentence() -> None:
    records = extract("They estimated between 24.7 and 39.3 million deaths worldwide, "
                      "settling on about 30 million as a central figure.")
    assert [e.counted for e in records] == ["deaths worldwide", "deaths worldwide"]


def test_counted_from_put_x_at() -> None:
    assert only("We put worldwide deaths at a minimum of 50 million.").counted == "worldwide deaths"


def test_counted_from_how_many() -> None:
    e = only("Ask how many languages are spoken and you will hear about 7,000.")
    assert e.counted == "languages"


def test_counted_refers_back_to_the_tally_of_the_sentence_before() -> None:
    text = ("For a century the death toll of the pandemic has behaved like a mood. "
            "In the 1920s it was 21.5 million.")
    assert only(text).counted == "toll"


def test_run_on_text_is_quoted_around_the_number_only() -> None:
    text = "word " * 2000 + "about 12,500 people left " + "word " * 2000
    e = only(text)
    assert len(e.quote) <= 700 and e.text in e.quote
