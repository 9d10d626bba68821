"""The answer's range and most-likely band, on invented findings: the weight of independent
stories between its tails (5% each side for the range, the middle half for the band)."""

from __future__ import annotations

import crosstally
from crosstally.reconcile import derive_answer
from crosstally.types import Finding
from crosstally.write.render import chart


def finding(i: int, text: str, source: int | None = None) -> Finding:
    est = crosstally.extract_estimates(text)[0]
    return Finding(f"e{i}", est, source or i, "direct", "test")


def own_stories(findings: list[Finding]) -> dict[int, int]:
    return {f.source: f.source for f in findings}


def test_the_band_lies_inside_the_range() -> None:
    fs = [finding(1, "at least 150,000 farmers left"), finding(2, "about 200,000 farmers left"),
          finding(3, "about 230,000 farmers left"), finding(4, "up to 700,000 farmers left")]
    a = derive_answer(fs, own_stories(fs))
    assert a.low is not None and a.high is not None
    assert a.likely_low is not None and a.likely_high is not None
    assert a.low <= a.likely_low <= a.likely_high <= a.high
    assert (a.likely_low, a.likely_high) == (200000, 230000)


def test_copies_of_one_story_count_once() -> None:
    wire = [finding(i, "about 200,000 farmers left", source=i) for i in (1, 2, 3)]
    others = [finding(4, "about 500,000 farmers left"), finding(5, "about 510,000 farmers left"),
              finding(6, "about 520,000 farmers left")]
    fs = wire + others
    one_story = {1: 1, 2: 1, 3: 1, 4: 4, 5: 5, 6: 6}
    a = derive_answer(fs, one_story)
    assert (a.likely_low, a.likely_high) == (500000, 510000)
    # Counted as three independent stories, the wire copy would pull the band down to itself.
    a = derive_answer(fs, own_stories(fs))
    assert (a.likely_low, a.likely_high) == (200000, 510000)


def test_a_lone_outlier_does_not_drag_the_band() -> None:
    fs = [finding(1, "about 200,000 farmers left"), finding(2, "about 210,000 farmers left"),
          finding(3, "about 220,000 farmers left"), finding(4, "about 900,000 farmers left")]
    a = derive_answer(fs, own_stories(fs))
    assert (a.low, a.high) == (200000, 900000)
    assert (a.likely_low, a.likely_high) == (210000, 220000)


def test_several_figures_of_one_story_share_its_weight() -> None:
    # One history lists three older totals; two other stories agree on a fourth.
    fs = [finding(1, "first 100,000 farmers left", source=1),
          finding(2, "then 120,000 farmers left", source=1),
          finding(3, "later 140,000 farmers left", source=1),
          finding(4, "about 300,000 farmers left"), finding(5, "about 310,000 farmers left")]
    a = derive_answer(fs, own_stories(fs))
    # The history weighs one in all (a third a figure), so the band starts at its last figure;
    # as three stories it would start at its second (120,000).
    assert (a.likely_low, a.likely_high) == (140000, 310000)


def test_a_range_drops_a_lone_extreme_claim_among_many_stories() -> None:
    fs = [finding(i, f"about {v:,} farmers left") for i, v in
          enumerate((90_000, 200_000, 210_000, 220_000, 230_000, 240_000, 250_000, 260_000,
                     270_000, 280_000, 290_000, 300_000, 310_000, 320_000, 330_000, 340_000,
                     350_000, 360_000, 370_000, 380_000, 900_000), 1)]
    a = derive_answer(fs, own_stories(fs))
    assert (a.low, a.high) == (200000, 380000)


def test_the_one_line_names_the_band_in_the_sources_words_with_citations() -> None:
    fs = [finding(1, "at least 150,000 farmers left"), finding(2, "about 200,000 farmers left"),
          finding(3, "some 230,000 farmers left"), finding(4, "up to 700,000 farmers left")]
    a = derive_answer(fs, own_stories(fs))
    assert "at least 150,000 [1] to up to 700,000 [4]" in a.one_line
    assert "most likely between about 200,000 [2] and some 230,000 [3]" in a.one_line


def test_a_band_ending_on_one_side_of_a_range_takes_in_the_whole_range() -> None:
    # The densest majority runs from 420,000 to the range's top; the band quotes it whole.
    fs = [finding(1, "about 100,000 farmers left"), finding(2, "between 400,000 and 450,000 left"),
          finding(3, "about 420,000 farmers left"), finding(4, "about 430,000 farmers left"),
          finding(5, "about 900,000 farmers left")]
    a = derive_answer(fs, own_stories(fs))
    assert (a.likely_low, a.likely_high) == (400000, 450000)
    assert "most likely between 400,000 and 450,000 [2];" in a.one_line


def test_figures_that_do_not_cluster_say_so() -> None:
    fs = [finding(1, "about 100,000 farmers left"), finding(2, "about 800,000 farmers left")]
    a = derive_answer(fs, own_stories(fs))
    assert (a.likely_low, a.likely_high) == (a.low, a.high)
    assert "do not cluster" in a.one_line


def test_no_answer_means_no_band() -> None:
    f = Finding("e1", crosstally.extract_estimates("about 200,000 farmers left")[0], 1,
                "broader", "test")
    a = derive_answer([f], {1: 1})
    assert a.likely_low is None and a.likely_high is None
    assert a.to_json()["likely_low"] is None and a.to_json()["likely_high"] is None


def test_the_chart_shades_the_band_inside_the_answer_range() -> None:
    fs = [finding(1, "at least 150,000 farmers left"), finding(2, "about 200,000 farmers left"),
          finding(3, "about 230,000 farmers left"), finding(4, "up to 700,000 farmers left")]
    a = derive_answer(fs, own_stories(fs))
    data = {"answer": a.to_json(), "estimates": [f.to_json() for f in fs],
            "sources": [{"id": f.source, "doc": f"{f.source}.txt", "story": f.source}
                        for f in fs]}
    c = chart(data)
    assert c["band"]["x1"] < c["likely"]["x1"] < c["likely"]["x2"] < c["band"]["x2"]
    assert "most likely 200,000–230,000" in c["band"]["label"]
    assert "most likely 200,000–230,000" in c["aria"]


def test_a_range_end_quoted_whole_is_the_whole_figure() -> None:
    # The low end is the vague figure: the range starts where its words start, not midway.
    fs = [finding(1, "tens of thousands of farmers left"), finding(2, "hundreds of farmers left")]
    a = derive_answer(fs, own_stories(fs))
    assert a.low == 100 and a.high == 100000
    assert "tens of thousands [1]" in a.one_line and "hundreds [2]" in a.one_line


def test_one_figure_gives_a_range_without_a_band_clause() -> None:
    fs = [finding(1, "about 230,000 farmers left")]
    a = derive_answer(fs, own_stories(fs))
    assert (a.low, a.high, a.likely_low, a.likely_high) == (230000, 230000, 230000, 230000)
    assert "cluster" not in a.one_line and "most likely" not in a.one_line



def test_a_money_range_keeps_to_the_currency_most_sources_use() -> None:
    fs = [finding(1, "US$220 billion was spent"), finding(2, "about US$200 billion was spent"),
          finding(3, "QAR 800 billion was spent")]
    a = derive_answer(fs, own_stories(fs))
    assert (a.low, a.high) == (200e9, 220e9)
    assert "QAR" not in a.one_line and "US$220 billion [1]" in a.one_line
