"""Source metadata (issue 10, point 1): each field from the next place that gives it, and
citations that keep URL and title in every mode. All pages, outlets and figures are invented."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from test_web_site import cli_env, crosstally

import crosstally as api
from crosstally.sources import read_file
from crosstally.sources.dates import dateline, iso_date
from crosstally.sources.fields import Fields
from crosstally.sources.metadata import complete, headline, host, untitled
from crosstally.write import render_report
from crosstally.write.render import shown_paths

FLOODS = Path(__file__).parent / "golden" / "floods"
QUESTION = (FLOODS / "question.txt").read_text(encoding="utf-8").strip()
STORY = ("About 250 people died in the Marsh River floods, regional health officials said on "
         "Thursday, as rescue teams reached villages cut off for a week.\n")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def page(head: str, body: str = f"<p>{STORY * 3}</p>") -> str:
    return (f"<!doctype html><html><head>{head}</head><body><article>{body}</article>"
            "</body></html>")


# ---------------------------------------------------------------------- title


def test_the_header_title_comes_first(tmp_path: Path) -> None:
    doc = read_file(write(tmp_path / "a.txt", f"TITLE: Flood toll rises\n\nRiver news\n\n{STORY}"))

    assert doc.title == "Flood toll rises"


def test_a_placeholder_in_the_header_is_no_value(tmp_path: Path) -> None:
    text = "TITLE: unknown\nPUBLISHER: n/a\nDATE: unknown\n\nFlood Toll Rises In Valley Towns\n\n"
    doc = read_file(write(tmp_path / "a.txt", text + STORY))

    assert doc.title == "Flood Toll Rises In Valley Towns"
    assert doc.publisher is None and doc.date is None


def test_og_title_comes_before_the_title_tag(tmp_path: Path) -> None:
    head = ('<title>Valley floods: live coverage | Valley Courier</title>'
            '<meta property="og:title" content="Flood toll rises as waters recede">')
    doc = read_file(write(tmp_path / "a.html", page(head)))

    assert doc.title == "Flood toll rises as waters recede"


def test_the_title_tag_loses_the_site_name_it_ends_with(tmp_path: Path) -> None:
    head = ('<title>Flood toll rises as waters recede - Valley Courier</title>'
            '<meta property="og:site_name" content="Valley Courier">')
    doc = read_file(write(tmp_path / "a.html", page(head)))

    assert (doc.title, doc.publisher) == ("Flood toll rises as waters recede", "Valley Courier")


def test_meta_name_title_is_read(tmp_path: Path) -> None:
    doc = read_file(write(tmp_path / "a.html", page('<meta name="title" content="Toll rises">')))

    assert doc.title == "Toll rises"


def test_a_capitalised_first_line_is_the_title_and_stays_in_the_text(tmp_path: Path) -> None:
    text = f"Flood Toll Rises As Waters Recede\n{STORY}"
    doc = read_file(write(tmp_path / "a.txt", text))

    assert doc.title == "Flood Toll Rises As Waters Recede"
    assert doc.text == text  # offsets of estimates still hold
    [est] = [e for e in api.extract_estimates(doc.text, doc.path) if e.text == "About 250"]
    assert doc.text[est.start:est.end] == "About 250"


def test_a_sentence_case_line_set_apart_by_blank_lines_is_the_title() -> None:
    assert headline(f"Counting the flood dead is proving hard\n\n{STORY}") == \
        "Counting the flood dead is proving hard"


def test_a_first_line_that_is_a_sentence_is_not_a_title() -> None:
    assert headline(STORY) is None
    assert headline(f"The river rose overnight.\n\n{STORY}") is None  # a final full stop


def test_a_byline_is_not_the_title() -> None:
    text = f"By Jane Roe & John Doe.\n\n{STORY}"

    assert headline(text) is None
    assert headline(f"By Jane Roe\n\nFlood Toll Rises In The Valley\n\n{STORY}") == \
        "Flood Toll Rises In The Valley"
    assert headline(f"Jane Roe, John Doe & Ann Poe\n\n{STORY}") is None


def test_site_furniture_and_a_date_line_are_not_the_title() -> None:
    text = ("Skip to main content\nValley Courier Homepage\nJune 17, 2031\n"
            f"Flood Toll Rises In The Valley\n{STORY}")

    assert headline(text) == "Flood Toll Rises In The Valley"


def test_words_of_the_url_pick_the_headline_among_capitalised_lines() -> None:
    text = f"Regional Desk Notes\nFlood Toll Rises In The Valley\n{STORY}"

    assert headline(text) == "Regional Desk Notes"
    assert headline(text, "https://courier.example/2031/flood-toll-rises") == \
        "Flood Toll Rises In The Valley"


def test_an_untitled_source_is_described_by_its_opening_words(tmp_path: Path) -> None:
    doc = read_file(write(tmp_path / "a.txt", STORY))

    assert doc.title == ("Untitled, beginning “About 250 people died in the Marsh River floods, "
                         "regional health officials…”")
    assert untitled("Short note here today friends") == \
        "Untitled, beginning “Short note here today friends”"


# ---------------------------------------------------------------------- publisher


def test_publisher_from_og_site_name_or_application_name(tmp_path: Path) -> None:
    og = read_file(write(tmp_path / "a.html",
                         page('<meta property="og:site_name" content="Valley Courier">')))
    app = read_file(write(tmp_path / "b.html",
                          page('<meta name="application-name" content="River Watch">')))

    assert (og.publisher, app.publisher) == ("Valley Courier", "River Watch")


def test_publisher_from_the_url_host_without_www(tmp_path: Path) -> None:
    text = "URL: https://www.valley-courier.example/news/floods\nPUBLISHER: unknown\n\n"
    doc = read_file(write(tmp_path / "a.txt", text + STORY))
    canonical = read_file(write(tmp_path / "b.html", page(
        '<link rel="canonical" href="https://news.river.example/a">')))

    assert doc.publisher == "valley-courier.example"
    assert (canonical.url, canonical.publisher) == ("https://news.river.example/a",
                                                    "news.river.example")
    assert host("file:///tmp/x") is None and host(None) is None


# ---------------------------------------------------------------------- date


def test_dates_in_any_common_form_become_iso_days() -> None:
    assert iso_date("2031-05-02T10:00:00+08:00") == "2031-05-02"
    assert iso_date("Fri, 2 May 2031 10:00:00 GMT") == "2031-05-02"
    assert iso_date("May 2nd, 2031") == "2031-05-02"
    assert iso_date("2031") is None and iso_date("31 June 2031") is None


def test_date_from_the_header_in_words(tmp_path: Path) -> None:
    doc = read_file(write(tmp_path / "a.txt", f"DATE: October 4, 2031\n\n{STORY}"))

    assert doc.date == "2031-10-04"


def test_date_from_meta_tags_and_from_json_ld(tmp_path: Path) -> None:
    meta = read_file(write(tmp_path / "a.html", page(
        '<meta property="article:published_time" content="2031-05-02T09:00:00Z">')))
    dc = read_file(write(tmp_path / "b.html", page('<meta name="DC.date" content="2031-05-03">')))
    ld = read_file(write(tmp_path / "c.html", page(
        '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", '
        '"datePublished": "2031-05-04T08:00:00+02:00"}]}</script>')))

    assert (meta.date, dc.date, ld.date) == ("2031-05-02", "2031-05-03", "2031-05-04")


@pytest.mark.parametrize("top", [
    "WASHINGTON, Oct. 16, 2031 — About 250 people died, officials said.",
    "Published 16 October 2031",
    "October 16, 2031",
    "Jane Roe | Oct 16, 2031, 06:57 PM",
    "Page last updated at 15:45 GMT on Thursday, 16 October, 2031",
])
def test_date_from_a_dateline_near_the_top(top: str) -> None:
    assert dateline(f"Flood Toll Rises\n{top}\n{STORY}") == "2031-10-16"


@pytest.mark.parametrize("top", [
    "On 16 October 2031 the river burst its banks and flooded the valley towns.",
    "Founded May 19, 1883",
    "The 16 October 2031 Valley Floods",
])
def test_a_date_the_text_mentions_is_not_the_page_date(top: str) -> None:
    assert dateline(f"{top}\n{STORY}") is None


def test_no_date_anywhere_gives_none(tmp_path: Path) -> None:
    doc = read_file(write(tmp_path / "a.txt", f"TITLE: Flood toll\nDATE: unknown\n\n{STORY}"))

    assert doc.date is None


def test_completing_keeps_what_the_fields_already_say() -> None:
    fields = Fields(text=STORY, url="https://a.example/x", title="T", publisher="P",
                    date="2031-05-02")

    assert complete(fields) == fields


# ---------------------------------------------------------------------- reports


def floods_without_metadata(folder: Path) -> Path:
    """The golden floods corpus with headers that give no date, and one file with none at all."""
    for src in sorted((FLOODS / "docs").glob("*.txt")):
        text = src.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^DATE: .*$", "DATE: unknown", text)
        if src.name.startswith("01"):
            text = text.split("\n\n", 1)[1]  # no header: no URL, no title
        write(folder / src.name, text)
    return folder


def test_no_prose_says_unknown_and_undated_sources_are_not_dated(tmp_path: Path) -> None:
    report = api.ask(QUESTION, [floods_without_metadata(tmp_path / "docs")]).to_json()
    prose = " ".join(s["text"] for s in report["sections"])

    assert not re.search(r"\bunknown\b", prose, re.IGNORECASE)
    assert "published on" not in prose
    assert all(s["title"] and s["date"] is None for s in report["sources"])


def test_local_paths_are_shown_relative_to_the_corpus(tmp_path: Path) -> None:
    corpus = floods_without_metadata(tmp_path / "corpus" / "docs")
    write(corpus / "notes.csv", "a,b\n")
    report = api.ask(QUESTION, [corpus.resolve()])

    for fmt in ("md", "html"):
        text = render_report(report, fmt)
        assert str(tmp_path) not in text
        assert "notes.csv" in text  # 'Sources not used', relative
    md = render_report(report, "md")
    assert re.search(r"\. File 01\\?_official\\?_toll\.txt \(story", md)  # no URL: its file
    assert shown_paths(["/a/b/c.txt", "/a/d/e.txt", "https://x.example/f"]) == {
        "/a/b/c.txt": "b/c.txt", "/a/d/e.txt": "d/e.txt"}


def test_citations_keep_url_and_title_in_library_mode(tmp_path: Path) -> None:
    corpus = tmp_path / "docs"
    shutil.copytree(FLOODS / "docs", corpus)
    env = cli_env(tmp_path / "home")

    assert crosstally("add", str(corpus), env=env).exit_code == 0
    done = crosstally("ask", QUESTION, "--format", "json", env=env)
    sources = json.loads(done.stdout)["sources"]
    headers = {p.read_text(encoding="utf-8").split("\n")[0].removeprefix("URL: ")
               for p in corpus.glob("*.txt")}

    assert sources and all(s["url"] in headers and s["title"] for s in sources)
    md = crosstally("ask", QUESTION, env=env).stdout
    assert all(s["url"] in md for s in sources)


def test_adding_an_unchanged_file_again_brings_its_metadata_up_to_date(tmp_path: Path) -> None:
    from crosstally.library import Library

    path = write(tmp_path / "a.txt", f"URL: https://a.example/x\nTITLE: Toll\n\n{STORY}")
    env = cli_env(tmp_path / "home")
    crosstally("add", str(path), env=env)
    with Library(tmp_path / "home" / "library.sqlite") as library:  # as an older version left it
        library._db.execute("UPDATE library_sources SET url = NULL, title = 'unknown'")
        library._db.commit()
        [stale] = library.documents()
    assert stale.url is None and stale.title != "unknown"  # a placeholder is never shown

    assert crosstally("add", str(path), env=env).exit_code == 0
    with Library(tmp_path / "home" / "library.sqlite") as library:
        [doc] = library.documents()
    assert (doc.url, doc.title) == ("https://a.example/x", "Toll")
