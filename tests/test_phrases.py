"""Time phrases are whole constituents: a name is taken whole, a clause's words are left out,
and a phrase that names no time is no time."""

from __future__ import annotations

import pytest

import crosstally


@pytest.mark.parametrize(("text", "time"), [
    ("About 9,000 left in the week since President Vladimir Putin spoke.",
     "in the week since President Vladimir Putin"),
    ("About 98,000 crossed in the first week after the mobilization was announced.",
     "in the first week after the mobilization"),
    ("Some 2 million marched on June 16th, police said.", "on June 16th"),
    ("About 12,000 left since the storm.", "since the storm"),
    ("About 70 left since Monday.", "since Monday"),
    ("About 700 left in May.", "in May"),
    # no time is named
    ("Police have since offered a lower figure of 338,000.", None),
    ("Some 300,000 left since Britain returned the city.", None),
])
def test_time_is_a_whole_phrase(text: str, time: str | None) -> None:
    assert crosstally.extract_estimates(text)[0].time == time
