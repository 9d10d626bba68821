"""Fetching and reading URLs against the loopback site: one test per case the issue lists
(article, PDF, text, redirects, 404, 500-then-200, slow, too large, windows-1251, robots.txt),
plus the limits around them. All figures in the fixture pages are invented."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_web_site import ARTICLE_ETAG, FIXTURES, Site, site_server  # noqa: F401  (fixture)

from crosstally.errors import ConfigError, SourceError
from crosstally.types import SourceFailure
from crosstally.web.cache import HttpCache
from crosstally.web.content import decode, sniff_kind
from crosstally.web.fetch import Fetched, Fetcher, FetchError, make_client
from crosstally.web.page import read_fetched
from crosstally.web.policy import MAX_BYTES, FetchPolicy
from crosstally.web.robots import RobotsTxt

T0 = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def make_fetcher(sleeps: list[float]) -> Iterator[object]:
    clients: list[httpx.Client] = []

    def make(cache: HttpCache | None = None, clock: Clock | None = None,
             **policy: object) -> Fetcher:
        settings = FetchPolicy(**{"allow_private": True, **policy})  # type: ignore[arg-type]
        client = make_client(settings)
        clients.append(client)
        return Fetcher(client, policy=settings, cache=cache, now=clock or Clock(),
                       sleep=sleeps.append)

    yield make
    for client in clients:
        client.close()


def fetch(make_fetcher: object, url: str, **policy: object) -> Fetched:
    return make_fetcher(**policy).fetch(url)  # type: ignore[operator, no-any-return]


def error_of(make_fetcher: object, url: str, **policy: object) -> str:
    with pytest.raises(SourceError) as caught:
        fetch(make_fetcher, url, **policy)
    message = str(caught.value)
    assert "\n" not in message, "a failed source is one line"
    return message


# ---------------------------------------------------------------------- pages


def test_article_main_text_is_kept_and_boilerplate_left_out(site: Site, make_fetcher: object
                                                            ) -> None:
    doc = read_fetched(fetch(make_fetcher, site.url("/article.html")))

    assert "About 200,000 men have left Russia to avoid conscription" in doc.text
    for boilerplate in ("cookies", "Subscribe now", "Most read", "All rights reserved", "Sport"):
        assert boilerplate not in doc.text
    assert (doc.title, doc.publisher, doc.date, doc.author) == (
        "Men crowd the borders", "Example Wire", "2022-10-04", "Jane Reporter")
    assert doc.format == "html"


def test_a_fetched_document_keeps_its_provenance(site: Site, make_fetcher: object) -> None:
    fetched = fetch(make_fetcher, site.url("/article.html"))
    doc = read_fetched(fetched)

    assert doc.path == doc.url == site.url("/article.html")
    assert doc.retrieved == fetched.retrieved == "2024-05-06T07:08:09Z"
    assert fetched.body == (FIXTURES / "article.html").read_bytes()
    assert len(doc.id) == 12 and doc.id == read_fetched(fetched).id


def test_pdf_gives_the_text_of_every_page(site: Site, make_fetcher: object) -> None:
    doc = read_fetched(fetch(make_fetcher, site.url("/report.pdf")))

    assert doc.format == "pdf"
    assert "About 200,000 men have left Russia" in doc.text
    assert "At least 150,000 of them crossed by land." in doc.text
    assert doc.title == "Departures report"


def test_pdf_behind_a_generic_content_type_is_sniffed(site: Site, make_fetcher: object) -> None:
    doc = read_fetched(fetch(make_fetcher, site.url("/download")))

    assert doc.format == "pdf" and "Departures report" in doc.text


def test_plain_text_keeps_its_header_block_as_metadata(site: Site, make_fetcher: object) -> None:
    doc = read_fetched(fetch(make_fetcher, site.url("/notes.txt")))

    assert doc.format == "text"
    assert doc.text.startswith("At least 150,000 men fled Russia")
    assert (doc.title, doc.publisher, doc.date) == (
        "Field notes from the Upper Lars crossing", "Example Monitor", "2022-10-20")


def test_windows_1251_page_without_charset_is_decoded_correctly(site: Site,
                                                                make_fetcher: object) -> None:
    fetched = fetch(make_fetcher, site.url("/cyrillic.html"))
    doc = read_fetched(fetched)

    assert fetched.content_type == "text/html"  # no charset in the header, none in the page
    assert b"charset" not in fetched.body
    assert decode(fetched.body, fetched.content_type, html=True)[1] == "cp1251"
    assert "Около 200 000 мужчин покинули Россию" in doc.text
    assert doc.title == "Очереди на границе: мужчины уезжают из России"


def test_no_date_is_guessed_from_a_copyright_line(site: Site, make_fetcher: object) -> None:
    doc = read_fetched(fetch(make_fetcher, site.url("/cyrillic.html")))

    assert "2022" in fetch(make_fetcher, site.url("/cyrillic.html")).body.decode("cp1251")
    assert doc.date is None


@pytest.mark.parametrize(("body", "header", "encoding"), [
    ("Grüße".encode("latin-1"), "text/plain; charset=ISO-8859-1", "cp1252"),
    ('<meta charset="koi8-r"><p>привет</p>'.encode("koi8-r"), "text/html", "koi8-r"),
    ("\ufeffhello".encode("utf-8"), "text/plain; charset=latin-1", "utf-8-sig"),
    (b"plain ascii", None, "utf-8"),
])
def test_charset_comes_from_bom_then_header_then_meta_then_utf8(
        body: bytes, header: str | None, encoding: str) -> None:
    assert decode(body, header, html=b"<" in body)[1] == encoding


@pytest.mark.parametrize(("body", "header", "kind"), [
    (b"%PDF-1.7 ...", "text/html", "pdf"),
    (b"<!DOCTYPE html><p>x</p>", None, "html"),
    (b"  <html><body>x</body></html>", "application/octet-stream", "html"),
    (b"Just words, 12 of them.", None, "text"),
    (b"<p>shown as text</p>", "text/plain", "text"),
    (b"anything", "application/xhtml+xml", "html"),
])
def test_content_type_is_sniffed_from_bytes_and_header(body: bytes, header: str | None,
                                                       kind: str) -> None:
    assert sniff_kind(body, header, "u") == kind


@pytest.mark.parametrize(("path", "reason"), [
    ("/image.png", "binary content (image/png), not text"),
    ("/data.json", "unsupported content type application/json"),
    ("/empty.html", "the server sent an empty page"),
])
def test_other_content_is_refused_with_the_reason(site: Site, make_fetcher: object, path: str,
                                                  reason: str) -> None:
    with pytest.raises(SourceError, match="reads HTML pages, PDF files and plain text|empty"):
        read_fetched(fetch(make_fetcher, site.url(path)))
    with pytest.raises(SourceError) as caught:
        read_fetched(fetch(make_fetcher, site.url(path)))
    assert str(caught.value).startswith(site.url(path)) and reason in str(caught.value)


# ---------------------------------------------------------------------- redirects and errors


def test_redirect_chain_is_followed_to_the_final_page(site: Site, make_fetcher: object) -> None:
    fetched = fetch(make_fetcher, site.url("/redirect/1"))
    doc = read_fetched(fetched)

    assert fetched.url == site.url("/redirect/1")
    assert fetched.final_url == doc.url == site.url("/article.html")
    assert "About 200,000 men" in doc.text
    assert [site.count(f"/redirect/{n}") >= 1 for n in (1, 2, 3, 4)] == [True] * 4


def test_redirects_beyond_the_limit_are_an_error(site: Site, make_fetcher: object) -> None:
    before = site.count("/redirect/loop")
    reason = error_of(make_fetcher, site.url("/redirect/loop"), max_redirects=3)

    assert "more than 3 redirects" in reason
    assert site.count("/redirect/loop") - before == 4


def test_404_is_an_error_naming_the_url(site: Site, make_fetcher: object) -> None:
    reason = error_of(make_fetcher, site.url("/missing"))

    assert reason == f"{site.url('/missing')}: HTTP 404 Not Found; check the URL"


def test_500_then_200_is_retried_after_a_backoff(site: Site, make_fetcher: object,
                                                 sleeps: list[float]) -> None:
    doc = read_fetched(fetch(make_fetcher, site.url("/flaky?case=retry"), backoff=0.5))

    assert "At least 150,000 men" in doc.text
    assert site.count("flaky:retry") == 2
    assert sleeps == [0.5]


def test_429_waits_as_long_as_retry_after_says(site: Site, make_fetcher: object,
                                               sleeps: list[float]) -> None:
    fetch(make_fetcher, site.url("/busy?case=wait"))

    assert sleeps == [7.0]


def test_persistent_5xx_gives_up_after_the_retries_with_growing_backoff(
        site: Site, make_fetcher: object, sleeps: list[float]) -> None:
    before = site.count("/always-503")
    reason = error_of(make_fetcher, site.url("/always-503"), retries=2, backoff=1.0)

    assert "HTTP 503 Service Unavailable after 3 tries" in reason and "try again later" in reason
    assert site.count("/always-503") - before == 3
    assert sleeps == [1.0, 2.0]


def test_response_slower_than_the_read_timeout_is_an_error(site: Site,
                                                           make_fetcher: object) -> None:
    started = time.monotonic()
    reason = error_of(make_fetcher, site.url("/slow?delay=1.5"), read_timeout=0.2)

    assert "timed out" in reason and "0.2 s" in reason
    assert time.monotonic() - started < 1.0


def test_a_trickling_body_is_cut_off_by_the_total_time_limit(site: Site,
                                                             make_fetcher: object) -> None:
    started = time.monotonic()
    reason = error_of(make_fetcher, site.url("/trickle"), total_timeout=0.3)

    assert "download took longer than 0.3 s (connecting, headers and body together)" in reason
    assert time.monotonic() - started < 1.0


# ---------------------------------------------------------------------- size cap


def test_default_cap_is_20_mb() -> None:
    assert FetchPolicy().max_bytes == MAX_BYTES == 20 * 1024 * 1024


def test_declared_size_over_the_cap_is_refused_before_reading(site: Site,
                                                              make_fetcher: object) -> None:
    reason = error_of(make_fetcher, site.url("/huge-declared"))

    assert "too large (20.1 MB declared, the limit is 20 MB)" in reason


def test_streamed_body_over_the_default_20_mb_cap_is_refused_while_streaming(
        site: Site, make_fetcher: object) -> None:
    # The server generates the body chunk by chunk without a Content-Length.
    reason = error_of(make_fetcher, site.url("/huge"))

    assert "too large (more than the 20 MB limit; stopped reading)" in reason


def test_a_small_cap_applies_to_ordinary_pages(site: Site, make_fetcher: object) -> None:
    reason = error_of(make_fetcher, site.url("/article.html"), max_bytes=1000)

    assert "too large" in reason and "1000 bytes" in reason


def test_policy_rejects_nonsense_limits() -> None:
    with pytest.raises(ConfigError, match="max_bytes must be positive"):
        FetchPolicy(max_bytes=0)


# ---------------------------------------------------------------------- robots.txt


def test_robots_txt_disallowing_a_path_refuses_it(site: Site, make_fetcher: object) -> None:
    before = site.count("/private/secret.html")
    reason = error_of(make_fetcher, site.url("/private/secret.html"))

    assert "robots.txt disallows crosstally from fetching /private/secret.html" in reason
    assert "--ignore-robots" in reason
    assert site.count("/private/secret.html") == before


def test_ignore_robots_fetches_a_disallowed_path(site: Site, make_fetcher: object) -> None:
    doc = read_fetched(fetch(make_fetcher, site.url("/private/secret.html"), ignore_robots=True))

    assert "999,999" in doc.text


def test_robots_txt_is_fetched_once_per_site_per_run(site: Site, make_fetcher: object) -> None:
    fetcher = make_fetcher()  # type: ignore[operator]
    before = site.count("/robots.txt")
    fetcher.fetch(site.url("/notes.txt"))
    fetcher.fetch(site.url("/article.html"))

    assert site.count("/robots.txt") - before == 1


def test_robots_rules_follow_rfc_9309() -> None:
    robots = RobotsTxt.parse(
        "User-agent: *\nDisallow: /private/\nAllow: /private/open$\nDisallow: /*.pdf$\n\n"
        "User-agent: OtherBot\nDisallow: /\n", "crosstally")

    assert not robots.allows("/private/x")
    assert robots.allows("/private/open") and not robots.allows("/private/open/more")
    assert not robots.allows("/files/a.pdf") and robots.allows("/files/a.pdf?page=2")
    assert robots.allows("/public") and robots.allows("/robots.txt")


@pytest.mark.parametrize(("pattern", "path", "matches"), [
    ("/fish", "/fish", True),                  # a plain pattern is a prefix
    ("/fish", "/fish.html", True),
    ("/fish", "/fish/salmon.html", True),
    ("/fish", "/Fish.asp", False),             # paths are case-sensitive
    ("/fish", "/catfish", False),
    ("/fish*", "/fishheads", True),            # a trailing * changes nothing
    ("/*.php", "/folder/filename.php", True),  # * in the middle spans any characters
    ("/*.php", "/filename.php?parameters", True),
    ("/*.php", "/windows.PHP", False),
    ("/*.php$", "/filename.php", True),        # $ anchors the end
    ("/*.php$", "/filename.php?parameters", False),
    ("/*.php$", "/filename.php5", False),
    ("/fish*.php", "/fish.php", True),
    ("/fish*.php", "/fishheads/catfish.php?parameters", True),
    ("/fish*.php", "/Fish.PHP", False),
    ("/a*b*c", "/aXbYc", True),
    ("/a*b*c", "/aXcYb", False),               # pieces must come in order
    ("/a*bb$", "/abbbb", True),                # the last piece may overlap earlier finds
    ("/a*ab$", "/ab", False),                  # ... but not the first one
    ("/a**b$", "/axb", True),                  # consecutive stars are one star
    ("/$", "/", True),
    ("/$", "/x", False),
    ("*", "/anything", True),
    ("/%7Ejoe", "/%7Ejoe/index.html", True),   # percent-encoded on both sides
    ("/~joe", "/%7Ejoe/index.html", False),    # ~ is kept as written in the pattern
])
def test_robots_patterns_match_as_google_documents(pattern: str, path: str,
                                                   matches: bool) -> None:
    robots = RobotsTxt.parse(f"User-agent: *\nDisallow: {pattern}\n", "crosstally")

    assert robots.allows(path) is not matches


@settings(max_examples=300, deadline=None)
@given(pattern=st.text("/ab*", max_size=8).map(lambda s: "/" + s) | st.text("/ab*", max_size=8)
       .map(lambda s: "/" + s + "$"), path=st.text("/ab", max_size=10).map(lambda s: "/" + s))
def test_robots_matching_agrees_with_the_regular_expression_reading(pattern: str,
                                                                    path: str) -> None:
    # Each * is any run of characters, $ at the end anchors: the textbook reading, as a regex
    # (fine for these short patterns; the real matcher must not backtrack on long ones).
    body = pattern.removesuffix("$")
    regex = ".*".join(re.escape(piece) for piece in body.split("*"))
    expected = re.match(regex + ("$" if pattern.endswith("$") else ""), path) is not None
    robots = RobotsTxt.parse(f"User-agent: *\nDisallow: {pattern}\n", "crosstally")

    assert robots.allows(path) is not expected


def test_the_longest_matching_rule_wins_and_allow_wins_a_tie() -> None:
    robots = RobotsTxt.parse("User-agent: *\nAllow: /p\nDisallow: /\n"
                             "Allow: /folder\nDisallow: /folder\n"
                             "Allow: /page\nDisallow: /*.htm\n"
                             "Allow: /$\nDisallow: /$x\n", "crosstally")

    assert robots.allows("/page")            # /p (allow, 2) beats / (disallow, 1)
    assert robots.allows("/folder/page")     # same length: allow wins
    assert not robots.allows("/page.htm")    # /*.htm (6) beats /page (5)
    assert robots.allows("/")                # /$ (allow) beats / (disallow)
    assert not robots.allows("/x")


def test_robots_group_for_our_token_replaces_the_star_group() -> None:
    robots = RobotsTxt.parse("User-agent: *\nDisallow: /\n\nUser-agent: CrossTally\n"
                             "Disallow: /drafts\n", "crosstally")

    assert robots.allows("/news") and not robots.allows("/drafts/1")


def test_unreachable_robots_txt_disallows_and_says_so(make_fetcher: object) -> None:
    with socket_closed_port() as port:
        reason = error_of(make_fetcher, f"http://127.0.0.1:{port}/page.html")

    assert "robots.txt could not be fetched" in reason and "RFC 9309" in reason


# ---------------------------------------------------------------------- cache


def test_a_fresh_cache_entry_makes_no_request(site: Site, make_fetcher: object,
                                              tmp_path: Path) -> None:
    with HttpCache(tmp_path / "cache.sqlite") as cache:
        first = make_fetcher(cache=cache).fetch(site.url("/article.html"))  # type: ignore
        before = site.count("/article.html")
        again = make_fetcher(cache=cache).fetch(site.url("/article.html"))  # type: ignore

    assert site.count("/article.html") == before
    assert again.from_cache and not first.from_cache
    assert again.body == first.body and again.retrieved == first.retrieved


def test_refresh_revalidates_with_the_etag(site: Site, make_fetcher: object,
                                           tmp_path: Path) -> None:
    later = Clock(T0 + timedelta(minutes=5))
    with HttpCache(tmp_path / "cache.sqlite") as cache:
        first = make_fetcher(cache=cache).fetch(site.url("/article.html"))  # type: ignore
        before = len(site.seen("/article.html"))
        again = make_fetcher(cache=cache, clock=later, refresh=True).fetch(  # type: ignore
            site.url("/article.html"))

    request = site.seen("/article.html")[before:]
    assert len(request) == 1 and request[0].headers["if-none-match"] == ARTICLE_ETAG
    assert "if-modified-since" in request[0].headers
    assert again.body == first.body
    assert again.retrieved == "2024-05-06T07:13:09Z"  # confirmed by the server just now


def test_a_stale_entry_is_revalidated_without_refresh(site: Site, make_fetcher: object,
                                                      tmp_path: Path) -> None:
    with HttpCache(tmp_path / "cache.sqlite") as cache:
        make_fetcher(cache=cache).fetch(site.url("/article.html"))  # type: ignore
        before = site.count("/article.html")
        make_fetcher(cache=cache, clock=Clock(T0 + timedelta(hours=2))).fetch(  # type: ignore
            site.url("/article.html"))

    assert site.count("/article.html") == before + 1


def test_no_cache_responses_are_revalidated_every_time(site: Site, make_fetcher: object,
                                                       tmp_path: Path) -> None:
    with HttpCache(tmp_path / "cache.sqlite") as cache:
        make_fetcher(cache=cache).fetch(site.url("/nocache.html"))  # type: ignore
        make_fetcher(cache=cache).fetch(site.url("/nocache.html"))  # type: ignore

    second = site.seen("/nocache.html")[-1]
    assert second.headers.get("if-none-match") == '"nocache-v1"'


# ---------------------------------------------------------------------- manners


def test_requests_carry_a_polite_user_agent(site: Site, make_fetcher: object) -> None:
    fetch(make_fetcher, site.url("/notes.txt"))

    agent = site.seen("/notes.txt")[-1].headers["user-agent"]
    assert agent.startswith("crosstally/") and "robots.txt" in agent


def test_no_more_than_per_host_requests_are_open_at_once(site: Site, make_fetcher: object
                                                         ) -> None:
    fetcher = make_fetcher(per_host=2)  # type: ignore[operator]
    fetcher.fetch(site.url("/robots.txt"))  # robots.txt read before the burst
    site.max_in_flight = 0
    started = time.monotonic()
    results = fetcher.fetch_all([site.url(f"/slowish?n={n}") for n in range(6)])

    assert all(isinstance(r, Fetched) for r in results)
    assert site.max_in_flight == 2
    assert time.monotonic() - started >= 0.7  # three rounds of 0.25 s


def test_fetch_all_keeps_order_and_turns_failures_into_rows(site: Site, make_fetcher: object
                                                            ) -> None:
    urls = [site.url("/notes.txt"), site.url("/missing"), "ftp://files.example/a.txt"]
    results = make_fetcher().fetch_all(urls)  # type: ignore[operator]

    assert isinstance(results[0], Fetched)
    assert results[1] == SourceFailure(site.url("/missing"),
                                       f"{site.url('/missing')}: HTTP 404 Not Found; "
                                       "check the URL")
    assert isinstance(results[2], SourceFailure)
    assert "only http and https" in results[2].reason


class socket_closed_port:
    """A loopback port nothing listens on."""

    def __enter__(self) -> int:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return int(s.getsockname()[1])

    def __exit__(self, *exc: object) -> None:
        pass


def test_fetch_error_is_a_source_error() -> None:
    assert issubclass(FetchError, SourceError)
