"""Tests for reading source files (crosstally.sources). All texts and figures are invented."""

from __future__ import annotations

import hashlib
import tracemalloc
from pathlib import Path

import pytest
from fpdf import FPDF

from crosstally.errors import SourceError
from crosstally.sources import MAX_BYTES, read_file, read_sources
from crosstally.types import Document, SourceFailure

# ---------------------------------------------------------------------- builders

BODY = (
    "Officials said about 12,000 people crossed the northern border in the first week.\n"
    "\n"
    "Monitors gave a lower estimate of 9,500 crossings.\n"
)

ARTICLE_PARAGRAPHS = (
    "Officials in the region said that about 12,000 people crossed the northern border "
    "during the first week of October, far more than in any week before.",
    "A spokesperson for the border service added that queues at the main checkpoint "
    "stretched for several kilometres and that the figure could rise further.",
    "Independent monitors gave a lower estimate of 9,500 crossings, citing gaps in how "
    "the service counts people who return on the same day.",
)


# Bytes no encoding makes text of (hashes, no NUL byte): what binary looks like past its header.
NOISE = b"".join(hashlib.sha256(bytes([i])).digest() for i in range(64)).replace(b"\0", b"\1")


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def html_page(*, meta: bool = True) -> str:
    head = "<title>  Page title from the title tag  </title>\n"
    if meta:
        head += (
            '<meta name="url" content="https://news.example/2022/10/border">\n'
            '<meta name="title" content="Border crossings rise">\n'
            '<meta name="publisher" content="Example Evening Post">\n'
            '<meta name="date" content="2022-10-05T10:00:00Z">\n'
        )
    paragraphs = "\n".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS)
    return f"""<!doctype html>
<html><head>{head}</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li></ul></nav>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience.
 Accept all cookies.</div>
<main><article><h1>Border crossings rise</h1>
{paragraphs}
</article></main>
<aside class="sidebar"><h3>Top 10 stories</h3>
<ul><li><a href="/x">Something else entirely</a></li></ul></aside>
<div class="comments"><a href="#c">12 comments</a></div>
<footer><p>&copy; 2022 Example Evening Post. All rights reserved.</p></footer>
</body></html>
"""


def pdf_bytes(*pages: str) -> bytes:
    """A PDF with one line of text per page (an empty string draws only a rectangle)."""
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        if text:
            pdf.cell(text=text)
        else:
            pdf.rect(20, 20, 80, 40)
    return bytes(pdf.output())


def reason_of(path: Path) -> str:
    with pytest.raises(SourceError) as info:
        read_file(path)
    return str(info.value)


def assert_one_line_naming(reason: str, path: Path) -> None:
    assert str(path) in reason
    assert "\n" not in reason


# ---------------------------------------------------------------------- plain text, Markdown


def test_email_style_header_becomes_metadata_and_is_taken_off_the_body(tmp_path: Path) -> None:
    header = (
        "URL: https://wire.example/2022/10/04/border\n"
        "title: Russians crowd border crossings\n"
        "Publisher: Kestrel Wire\n"
        "DATE: 2022-10-04\n"
        "\n"
    )
    doc = read_file(write(tmp_path / "wire.txt", header + BODY))

    assert doc.url == "https://wire.example/2022/10/04/border"
    assert doc.title == "Russians crowd border crossings"
    assert doc.publisher == "Kestrel Wire"
    assert doc.date == "2022-10-04"
    assert doc.text == BODY
    assert "Kestrel" not in doc.text
    assert doc.format == "text"


def test_offsets_refer_to_the_body_text_that_is_stored(tmp_path: Path) -> None:
    doc = read_file(write(tmp_path / "wire.txt", "TITLE: Border\nDATE: 2022-10-04\n\n" + BODY))

    start = doc.text.index("9,500")
    assert doc.text[start:start + 5] == "9,500"
    assert start == BODY.index("9,500")


def test_windows_line_endings_and_bom_are_normalised(tmp_path: Path) -> None:
    raw = ("\ufeffTitle: Border\r\n\r\n" + BODY.replace("\n", "\r\n")).encode("utf-8")
    doc = read_file(write(tmp_path / "crlf.txt", raw))

    assert doc.title == "Border"
    assert doc.text == BODY


def test_yaml_front_matter_becomes_metadata(tmp_path: Path) -> None:
    text = (
        "---\n"
        'url: "https://notes.example/2022/12/12/newcomers"\n'
        "title: The newcomers next door\n"
        "publisher: Notes from Vake\n"
        "date: 2022-12-12\n"
        "author: Tamar Example\n"
        "tags: [rent, housing]\n"
        "---\n"
        "\n" + BODY
    )
    doc = read_file(write(tmp_path / "oped.md", text))

    assert doc.url == "https://notes.example/2022/12/12/newcomers"
    assert doc.title == "The newcomers next door"
    assert doc.publisher == "Notes from Vake"
    assert doc.date == "2022-12-12"
    assert doc.author == "Tamar Example"
    assert doc.text == BODY
    assert doc.format == "markdown"


@pytest.mark.parametrize("name, text", [
    ("stamp.md", "---\ndate: 2022-12-01T09:30:00Z\n---\nAbout 5,000 people left.\n"),
    ("quoted.md", '---\ndate: "2022-12-01 09:30"\n---\nAbout 5,000 people left.\n'),
    ("header.txt", "Date: 2022-12-01T09:30:00+03:00\n\nAbout 5,000 people left.\n"),
])
def test_timestamp_dates_are_kept_as_the_day(tmp_path: Path, name: str, text: str) -> None:
    assert read_file(write(tmp_path / name, text)).date == "2022-12-01"


def test_front_matter_with_invalid_yaml_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "broken.md", "---\ntitle: [unclosed\ndate: : :\n---\n" + BODY)

    reason = reason_of(path)

    assert str(path) in reason
    assert "YAML" in reason


def test_text_without_header_is_kept_whole(tmp_path: Path) -> None:
    text = "Note: this first line has a colon but is not metadata.\n\n" + BODY
    doc = read_file(write(tmp_path / "plain.txt", text))

    assert doc.text == text
    assert (doc.url, doc.publisher, doc.date, doc.author) == (None,) * 4
    assert doc.title == "Untitled, beginning “Note: this first line has a colon but is not " \
        "metadata.”"  # no header: the source is described by its opening words


def test_header_block_with_an_unknown_key_is_treated_as_body(tmp_path: Path) -> None:
    text = "Title: Border\nWeather: fine\n\n" + BODY
    doc = read_file(write(tmp_path / "odd.txt", text))

    assert doc.text == text
    assert doc.title is not None and "Border" not in doc.title


# ---------------------------------------------------------------------- HTML


def test_html_boilerplate_is_left_out_and_article_kept(tmp_path: Path) -> None:
    doc = read_file(write(tmp_path / "page.html", html_page()))

    for paragraph in ARTICLE_PARAGRAPHS:
        assert paragraph in doc.text
    assert doc.text.index(ARTICLE_PARAGRAPHS[0]) < doc.text.index(ARTICLE_PARAGRAPHS[2])
    for boilerplate in ("World news", "cookies", "Top 10 stories", "Something else",
                        "© 2022", "All rights reserved", "12 comments"):
        assert boilerplate not in doc.text
    assert doc.format == "html"


def test_html_metadata_comes_from_meta_tags(tmp_path: Path) -> None:
    doc = read_file(write(tmp_path / "page.htm", html_page()))

    assert doc.url == "https://news.example/2022/10/border"
    assert doc.title == "Border crossings rise"
    assert doc.publisher == "Example Evening Post"
    assert doc.date == "2022-10-05"


def test_html_title_falls_back_to_the_title_tag(tmp_path: Path) -> None:
    doc = read_file(write(tmp_path / "page.html", html_page(meta=False)))

    assert doc.title == "Page title from the title tag"
    assert doc.url is None and doc.publisher is None and doc.date is None


# ---------------------------------------------------------------------- PDF


def test_pdf_text_of_every_page_in_order(tmp_path: Path) -> None:
    path = write(tmp_path / "brief.pdf", pdf_bytes(
        "First page: about 150,000 people left.", "Second page: up to 700,000 left."))

    doc = read_file(path)

    first = doc.text.index("First page: about 150,000 people left.")
    second = doc.text.index("Second page: up to 700,000 left.")
    assert first < second
    assert doc.format == "pdf"


def test_pdf_without_text_layer_is_reported_as_such(tmp_path: Path) -> None:
    path = write(tmp_path / "scan.pdf", pdf_bytes(""))

    reason = reason_of(path)

    assert_one_line_naming(reason, path)
    assert "no text layer" in reason


def test_truncated_pdf_is_an_error(tmp_path: Path) -> None:
    data = pdf_bytes("First page.", "Second page.")
    path = write(tmp_path / "cut.pdf", data[: len(data) // 2])

    assert_one_line_naming(reason_of(path), path)


def test_pdf_with_damaged_stream_filter_is_an_error_not_a_crash(tmp_path: Path) -> None:
    data = pdf_bytes("First page.").replace(b"/FlateDecode", b"/FlateDecodX")
    path = write(tmp_path / "damaged.pdf", data)

    assert_one_line_naming(reason_of(path), path)


def test_non_pdf_bytes_with_pdf_extension_are_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "fake.pdf", b"this is not a PDF at all")

    assert_one_line_naming(reason_of(path), path)


# ---------------------------------------------------------------------- bad inputs


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "empty.txt", b"")

    reason = reason_of(path)

    assert_one_line_naming(reason, path)
    assert "empty" in reason


def test_whitespace_only_file_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "blank.txt", "  \n\n\t\n")

    assert_one_line_naming(reason_of(path), path)


def test_binary_file_with_nul_bytes_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "binary.txt", b"PK\x03\x04\x00\x00\x08\x00 200 people")

    reason = reason_of(path)

    assert_one_line_naming(reason, path)
    assert "binary" in reason


def test_binary_bytes_without_nul_are_still_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "noise.txt", NOISE)

    reason = reason_of(path)

    assert_one_line_naming(reason, path)
    assert "binary content" in reason and "UTF-8" in reason


def test_oversized_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:  # sparse: no 21 MB actually written
        f.seek(21 * 2**20)
        f.write(b"x")
    assert path.stat().st_size > MAX_BYTES

    tracemalloc.start()
    try:
        reason = reason_of(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert_one_line_naming(reason, path)
    assert "too large" in reason
    assert peak < 2**20


def test_unsupported_extension_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "report.docx", b"PK\x03\x04 not really a document")

    reason = reason_of(path)

    assert_one_line_naming(reason, path)
    assert ".docx" in reason


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"

    assert_one_line_naming(reason_of(path), path)


# ---------------------------------------------------------------------- folders


def test_folder_gives_documents_and_failures_nothing_dropped(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    good = [
        write(root / "a.txt", "TITLE: A\n\n" + BODY),
        write(root / "b.md", "---\ntitle: B\n---\nAbout 3,000 people left.\n"),
        write(root / "sub" / "deeper" / "c.html", html_page()),
        write(root / "sub" / "d.pdf", pdf_bytes("At least 40,000 people left.")),
    ]
    bad = [
        write(root / "empty.txt", b""),
        write(root / "noise.txt", NOISE),
        write(root / "sub" / "notes.docx", b"PK\x03\x04"),
        write(root / "sub" / "scan.pdf", pdf_bytes("")),
    ]
    write(root / ".hidden.txt", "About 99 people.\n")
    write(root / ".cache" / "e.txt", "About 98 people.\n")
    write(root / "sub" / ".git" / "f.txt", "About 97 people.\n")

    items = list(read_sources([root]))

    docs = [i for i in items if isinstance(i, Document)]
    failures = [i for i in items if isinstance(i, SourceFailure)]
    assert len(items) == len(good) + len(bad)
    assert sorted(d.path for d in docs) == sorted(str(p) for p in good)
    assert sorted(f.path for f in failures) == sorted(str(p) for p in bad)
    for f in failures:
        assert_one_line_naming(f.reason, Path(f.path))


def test_folder_is_read_in_sorted_order(tmp_path: Path) -> None:
    for name in ("c.txt", "a.txt", "b/z.txt"):
        write(tmp_path / name, f"About 1,000 people in {name}.\n")

    paths = [i.path for i in read_sources([tmp_path])]

    assert paths == sorted(paths)


def test_file_paths_are_read_as_given(tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", BODY)
    bad = write(tmp_path / "x.docx", b"PK")

    items = list(read_sources([a, bad]))

    assert isinstance(items[0], Document) and items[0].path == str(a)
    assert isinstance(items[1], SourceFailure) and items[1].path == str(bad)


# ---------------------------------------------------------------------- ids


def test_same_bytes_in_two_paths_have_the_same_id(tmp_path: Path) -> None:
    a = read_file(write(tmp_path / "one" / "a.txt", BODY))
    b = read_file(write(tmp_path / "two" / "copy.txt", BODY))

    assert a.id == b.id
    assert a.path != b.path


def test_different_bytes_have_different_ids(tmp_path: Path) -> None:
    a = read_file(write(tmp_path / "a.txt", BODY))
    b = read_file(write(tmp_path / "b.txt", BODY + "One more line.\n"))

    assert a.id != b.id
