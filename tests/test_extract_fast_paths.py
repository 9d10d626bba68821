"""Fast paths of the extractor find exactly what the plain search finds (bench/extract.py
measures the time they save)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from crosstally.extract import rules

PIECES = ["www.", "http://", "https://x", ".com", ".org/a?b=1", "@", "a@b.io", ".example",
          "mail", "-", ".", "_", "/", " ", "\n", "\t", "\u00a0", "\u2028", "é", "ü", "1", "q"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_urls_are_those_a_search_of_the_whole_text_finds(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert [m.span() for m in rules._urls(text)] == \
        [m.span() for m in rules.URLISH.finditer(text)]


def test_urls_in_running_text() -> None:
    text = ("See https://example.org/a-b?c=1 or www.stats.gov.uk/x, write to press@agency.int "
            "or visit agency.io/report\u00a0now; no.url here, a.b@c and e-mail.example.")
    assert [m.group() for m in rules._urls(text)] == \
        [m.group() for m in rules.URLISH.finditer(text)] != []
