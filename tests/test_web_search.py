"""Web search: each provider against loopback endpoints that answer in its documented JSON
format, `crosstally providers`, and `ask --web` end to end. All figures are invented."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from test_web_site import BRAVE_KEY, Site, cli_env, crosstally, site_server  # noqa: F401  (fixture)

from crosstally.errors import ConfigError
from crosstally.web.gather import find_pages
from crosstally.web.search import (
    PROVIDERS,
    ProviderSpec,
    SearchError,
    SearchHit,
    provider_statuses,
    register_provider,
)
from crosstally.web.search.providers import Wikipedia
from crosstally.web.search.queries import search_queries

QUESTION = "How many men have left Russia to avoid conscription?"
ENDPOINTS = {
    "searxng": ("CROSSTALLY_SEARXNG_URL", "/searxng"),
    "wikipedia": ("CROSSTALLY_WIKIPEDIA_URL", "/w/api.php"),
    "gdelt": ("CROSSTALLY_GDELT_URL", "/api/v2/doc/doc"),
    "brave": ("CROSSTALLY_BRAVE_URL", "/res/v1/web/search"),
}
# What each loopback endpoint lists (see tests/fixtures/site/search/), and which of those pages
# cannot be read (a 404), per provider.
PAGES = {
    "searxng": (["/news/exodus-monitor.html", "/news/exodus-analysis.html"], ["/missing"]),
    "wikipedia": (["/wiki/Emigration_from_Russia_(2022)"], ["/wiki/Missing_article"]),
    "gdelt": (["/news/exodus-monitor.html", "/article.html"], []),
    "brave": (["/news/exodus-analysis.html", "/article.html"], []),
}


def provider_env(site: Site, name: str) -> dict[str, str]:
    variable, path = ENDPOINTS[name]
    env = {variable: site.url(path)}
    if name == "brave":
        env["CROSSTALLY_BRAVE_API_KEY"] = BRAVE_KEY
    return env


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(trust_env=False) as c:
        yield c


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ---------------------------------------------------------------------- providers


@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_each_provider_reads_its_documented_answer(site: Site, client: httpx.Client,
                                                   name: str) -> None:
    provider = PROVIDERS[name].create(client, provider_env(site, name))
    hits = provider.search("men left Russia avoid conscription", 5)

    good, bad = PAGES[name]
    assert [h.url for h in hits] == [site.url(p) for p in good + bad]
    assert all(h.provider == name and h.title for h in hits[:1])
    assert "<" not in (hits[0].snippet or "")  # markup from the API is stripped


@pytest.mark.parametrize(("name", "expected"), [
    ("searxng", {"q": ["men left Russia"], "format": ["json"]}),
    ("wikipedia", {"action": ["query"], "list": ["search"], "srsearch": ["men left Russia"],
                   "format": ["json"], "srlimit": ["5"]}),
    ("gdelt", {"query": ["men left Russia"], "mode": ["ArtList"], "format": ["json"],
               "maxrecords": ["5"]}),
    ("brave", {"q": ["men left Russia"], "count": ["5"]}),
])
def test_each_provider_sends_the_documented_request(site: Site, client: httpx.Client, name: str,
                                                    expected: dict[str, list[str]]) -> None:
    path = ENDPOINTS[name][1] + ("/search" if name == "searxng" else "")
    before = len(site.seen(path))
    PROVIDERS[name].create(client, provider_env(site, name)).search("men left Russia", 5)

    [request] = site.seen(path)[before:]
    assert expected.items() <= request.query.items()
    if name == "brave":
        assert request.headers["x-subscription-token"] == BRAVE_KEY
        assert request.headers["accept"] == "application/json"


def test_brave_with_a_wrong_key_says_which_variable_to_check(site: Site,
                                                             client: httpx.Client) -> None:
    env = {**provider_env(site, "brave"), "CROSSTALLY_BRAVE_API_KEY": "wrong-secret-key"}
    with pytest.raises(SearchError) as caught:
        PROVIDERS["brave"].create(client, env).search("men", 3)

    assert "check CROSSTALLY_BRAVE_API_KEY" in str(caught.value)
    assert "wrong-secret-key" not in str(caught.value)


def test_unconfigured_providers_say_what_to_set(client: httpx.Client) -> None:
    with pytest.raises(ConfigError, match="searxng is not configured: set "
                                          "CROSSTALLY_SEARXNG_URL"):
        PROVIDERS["searxng"].create(client, {})
    with pytest.raises(ConfigError, match="set CROSSTALLY_BRAVE_API_KEY to your API key"):
        PROVIDERS["brave"].create(client, {})


def test_gdelt_plain_text_errors_become_a_clear_search_error(site: Site,
                                                             client: httpx.Client) -> None:
    env = {"CROSSTALLY_GDELT_URL": site.url("/gdelt-error/api/v2/doc/doc")}
    with pytest.raises(SearchError, match="gdelt did not answer with JSON: 'Your search "
                                          "contained a keyword that was too short.'"):
        PROVIDERS["gdelt"].create(client, env).search("men", 3)


def test_an_unreachable_provider_fails_fast_and_says_to_check_the_network(
        client: httpx.Client) -> None:
    env = {"CROSSTALLY_WIKIPEDIA_URL": f"http://127.0.0.1:{closed_port()}/w/api.php"}
    started = time.monotonic()
    with pytest.raises(SearchError, match="cannot reach the search provider wikipedia .* "
                                          "check your network connection"):
        PROVIDERS["wikipedia"].create(client, env).search("men", 3)

    assert time.monotonic() - started < 1.0


def test_wikipedia_article_urls_are_where_mediawiki_shows_them(client: httpx.Client) -> None:
    wikipedia = Wikipedia(client, "https://en.wikipedia.org/w/api.php")
    other = Wikipedia(client, "https://wiki.example.org/api.php")

    assert wikipedia.article_url("Emigration from Russia (2022)") == (
        "https://en.wikipedia.org/wiki/Emigration_from_Russia_(2022)")
    assert other.article_url("A B") == "https://wiki.example.org/index.php?title=A_B"


def test_provider_statuses_come_from_the_environment() -> None:
    statuses = {s.name: s for s in provider_statuses({"CROSSTALLY_BRAVE_API_KEY": "s3cr3t-k3y"})}

    assert set(statuses) == {"searxng", "wikipedia", "gdelt", "brave"}
    assert not statuses["searxng"].configured
    assert statuses["wikipedia"].configured and statuses["gdelt"].configured
    assert statuses["brave"].configured and "s3cr3t" not in statuses["brave"].detail


# ---------------------------------------------------------------------- queries and candidates


def test_the_question_becomes_key_words_then_the_question_itself() -> None:
    assert search_queries(QUESTION) == ["men left Russia avoid conscription",
                                        "How many men have left Russia to avoid conscription"]


class ListedProvider:
    """A provider answering from a table: a fake through the Protocol, not a patch."""

    name = "listed"

    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = answers

    def search(self, query: str, limit: int) -> list[SearchHit]:
        return [SearchHit(u, provider=self.name) for u in self.answers.get(query, [])][:limit]


def test_candidates_interleave_the_queries_and_drop_duplicates() -> None:
    provider = ListedProvider({
        "men left Russia avoid conscription": ["https://a.example/1", "https://a.example/2"],
        "How many men have left Russia to avoid conscription": [
            "https://A.example/1#top", "https://b.example/1", "https://b.example/2"],
    })

    pages = find_pages(provider, QUESTION, 3)

    assert [p.url for p in pages] == ["https://a.example/1", "https://a.example/2",
                                      "https://b.example/1"]


def test_no_candidates_is_an_error_that_suggests_another_provider() -> None:
    with pytest.raises(SearchError, match="listed found no pages for .* choose another "
                                          "--provider"):
        find_pages(ListedProvider({}), QUESTION, 3)


# ---------------------------------------------------------------------- the commands


def test_providers_command_lists_each_and_whether_configured(tmp_path: Path) -> None:
    env = cli_env(tmp_path, CROSSTALLY_SEARXNG_URL="http://localhost:8888")
    lines = crosstally("providers", env=env).stdout.splitlines()

    assert [ln.split()[0] for ln in lines] == ["searxng", "wikipedia", "gdelt", "brave"]
    assert lines[0].split()[1] == "configured" and "http://localhost:8888" in lines[0]
    assert "not configured" in lines[3] and "set CROSSTALLY_BRAVE_API_KEY" in lines[3]
    listed = json.loads(crosstally("providers", "--json", env=env).stdout)
    assert [p["configured"] for p in listed] == [True, True, True, False]


@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_ask_web_works_end_to_end_with_each_provider(site: Site, tmp_path: Path,
                                                     name: str) -> None:
    env = cli_env(tmp_path / "home", **provider_env(site, name))
    result = crosstally("ask", QUESTION, "--web", "--provider", name, "--max-sources", "3",
                        "--allow-private", "--format", "json", env=env)

    assert result.exit_code in (0, 3), result.stderr
    report = json.loads(result.stdout)
    good, bad = PAGES[name]
    assert sorted(s["url"] for s in report["sources"]) == sorted(site.url(p) for p in good)
    assert all(s["retrieved"] for s in report["sources"])
    assert report["estimates"], "the pages have figures that answer the question"
    assert [f["doc"] for f in report["sources_not_used"]] == [site.url(p) for p in bad]
    warnings = [ln for ln in result.stderr.splitlines() if ln.startswith("warning:")]
    assert len(warnings) == len(bad) and all("HTTP 404" in w for w in warnings)


def test_ask_web_refuses_loopback_results_without_allow_private(site: Site, tmp_path: Path
                                                                ) -> None:
    # The provider is the user's own configured endpoint (loopback is fine for it); the pages
    # it points at are ordinary URLs and go through the address check.
    env = cli_env(tmp_path / "home", **provider_env(site, "gdelt"))
    result = crosstally("ask", QUESTION, "--web", "--provider", "gdelt", "--format", "json",
                        env=env)

    # no page could be read: nothing to answer from, so no report; each page and why (issue 10)
    assert result.exit_code == 1 and result.stdout == ""
    summary, *pages = result.stderr.splitlines()
    assert summary == "Error: nothing to answer from: none of the 2 sources could be read"
    assert len(pages) == 2
    assert all("loopback address" in line and "--allow-private" in line for line in pages)


def test_ask_web_without_network_fails_fast_with_a_clear_message(tmp_path: Path) -> None:
    env = cli_env(tmp_path / "home",
                  CROSSTALLY_WIKIPEDIA_URL=f"http://127.0.0.1:{closed_port()}/w/api.php")
    started = time.monotonic()
    result = crosstally("ask", QUESTION, "--web", env=env)

    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("Error: cannot reach the search provider wikipedia")
    assert "offline, use --corpus, --source or your library" in result.stderr
    assert time.monotonic() - started < 1.5


def test_ask_web_with_an_unconfigured_provider_says_what_to_set(tmp_path: Path) -> None:
    result = crosstally("ask", QUESTION, "--web", "--provider", "searxng",
                        env=cli_env(tmp_path / "home"))

    assert result.exit_code == 1
    assert "set CROSSTALLY_SEARXNG_URL" in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["--provider", "wikipedia"], "--provider and --max-sources go with --web"),
    (["--web", "--provider", "nope"], "no search provider 'nope'"),
])
def test_provider_options_are_checked_as_usage(tmp_path: Path, args: list[str],
                                               message: str) -> None:
    result = crosstally("ask", QUESTION, *args, env=cli_env(tmp_path / "home"))

    assert result.exit_code == 2 and message in result.stderr


def test_a_registered_provider_is_usable_by_name(site: Site, tmp_path: Path) -> None:
    def make(client: httpx.Client, base: str, key: str | None) -> ListedProvider:
        return ListedProvider({q: [site.url("/notes.txt")] for q in search_queries(QUESTION)})

    register_provider(ProviderSpec("listed", "a table of answers", make,
                                   url_env="CROSSTALLY_LISTED_URL", default_url="table:"))
    try:
        result = crosstally("ask", QUESTION, "--web", "--provider", "listed", "--allow-private",
                            "--format", "json", env=cli_env(tmp_path / "home"))
    finally:
        del PROVIDERS["listed"]

    report = json.loads(result.stdout)
    assert [s["url"] for s in report["sources"]] == [site.url("/notes.txt")]
