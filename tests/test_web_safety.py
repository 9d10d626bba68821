"""Safety: non-public addresses are refused unless --allow-private (after DNS resolution, on
every redirect, and again at connect time), only http/https, no credentials shown."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from test_web_site import Site, site_server  # noqa: F401  (fixture)

from crosstally.errors import SourceError
from crosstally.web.fetch import Fetcher, make_client
from crosstally.web.policy import FetchPolicy
from crosstally.web.safety import (
    GuardedTransport,
    UrlRefused,
    address_problem,
    canonical_url,
    check_address,
    parse_url,
    redact,
)

PUBLIC = "93.184.216.34"


def resolver(table: dict[str, list[list[str]]]) -> object:
    """A DNS resolver answering from `table`: each name's answers are used in turn."""
    calls: dict[str, int] = {}

    def resolve(host: str, port: int) -> list[str]:
        answers = table[host]
        n = calls.get(host, 0)
        calls[host] = n + 1
        return answers[min(n, len(answers) - 1)]

    return resolve


@pytest.fixture
def guarded() -> Iterator[Fetcher]:
    policy = FetchPolicy()
    with make_client(policy) as client:
        yield Fetcher(client, policy=policy)


@pytest.mark.parametrize(("address", "problem"), [
    ("127.0.0.1", "a loopback address"),
    ("::1", "a loopback address"),
    ("10.1.2.3", "a private address"),
    ("172.16.5.4", "a private address"),
    ("192.168.1.1", "a private address"),
    ("fd12:3456::1", "a private address"),
    ("169.254.169.254", "a cloud metadata address"),
    ("fd00:ec2::254", "a cloud metadata address"),
    ("169.254.10.10", "a link-local address"),
    ("fe80::1", "a link-local address"),
    ("0.0.0.0", "the unspecified address"),
    ("224.0.0.1", "a multicast address"),
    ("100.64.0.1", "a reserved, non-public address"),
    ("::ffff:127.0.0.1", "a loopback address (127.0.0.1 as an IPv4-mapped IPv6 address)"),
    ("64:ff9b::a00:1", "a private address (10.0.0.1 as a NAT64 IPv6 address)"),
    ("2002:c0a8:101::", "a private address (192.168.1.1 as a 6to4 IPv6 address)"),
    ("64:ff9b:1::808:808", "a local-use NAT64 address (RFC 8215), not public"),
    ("2001:db8::1", "a private address"),          # documentation
    ("100::1", "a private address"),               # discard-only
    ("fec0::1", "a private address"),              # site-local, retired
    ("400::1", "a reserved, non-public address"),  # unassigned
    (PUBLIC, None),
    ("2606:4700::1111", None),
    ("::ffff:93.184.216.34", None),                # a public IPv4 written as IPv6
    ("64:ff9b::5db8:d822", None),
    ("2002:5db8:d822::1", None),
])
def test_address_classes(address: str, problem: str | None) -> None:
    assert address_problem(address) == problem


def test_loopback_url_is_refused_without_a_request_and_says_how_to_allow(
        site: Site, guarded: Fetcher) -> None:
    before = site.count("/article.html")
    with pytest.raises(UrlRefused) as caught:
        guarded.fetch(site.url("/article.html"))

    message = str(caught.value)
    assert message.startswith(site.url("/article.html") + ": refused: 127.0.0.1 is a loopback")
    assert "--allow-private" in message
    assert site.count("/article.html") == before


def test_a_name_resolving_to_a_private_address_is_refused_after_resolution() -> None:
    resolve = resolver({"intranet.example": [["10.0.0.7"]]})

    with pytest.raises(UrlRefused, match="intranet.example resolves to 10.0.0.7, a private"):
        check_address(httpx.URL("http://intranet.example/"), resolve)  # type: ignore[arg-type]


def test_a_name_with_any_private_address_is_refused() -> None:
    resolve = resolver({"mixed.example": [[PUBLIC, "127.0.0.1"]]})

    with pytest.raises(UrlRefused, match="resolves to 127.0.0.1"):
        check_address(httpx.URL("http://mixed.example/"), resolve)  # type: ignore[arg-type]


def test_a_redirect_to_loopback_is_refused(site: Site) -> None:
    # "localhost" passes the check as a public address (the injected resolver says so), is
    # really reached on 127.0.0.1, and redirects to a 127.0.0.1 URL: that hop is refused.
    port = site.base.rsplit(":", 1)[1]
    resolve = resolver({"localhost": [[PUBLIC]]})
    before = site.count("/article.html")
    with httpx.Client(trust_env=False) as client:
        fetcher = Fetcher(client, policy=FetchPolicy(), resolve=resolve)  # type: ignore[arg-type]
        with pytest.raises(UrlRefused) as caught:
            fetcher.fetch(f"http://localhost:{port}/to-loopback")

    assert str(caught.value) == (
        f"http://localhost:{port}/to-loopback: redirected to {site.url('/article.html')}: "
        "refused: 127.0.0.1 is a loopback address; crosstally does not fetch from loopback, "
        "private, link-local or cloud-metadata addresses; if you trust this address, pass "
        "--allow-private")
    assert site.count("/article.html") == before


def test_dns_rebinding_is_refused_at_connect_time(site: Site) -> None:
    # The name resolves to a public address for the check, then to 127.0.0.1 for the connection.
    port = site.base.rsplit(":", 1)[1]
    resolve = resolver({"rebind.example": [[PUBLIC], ["127.0.0.1"]]})
    before = site.count("/article.html")
    with httpx.Client(transport=GuardedTransport(resolve)) as client:  # type: ignore[arg-type]
        fetcher = Fetcher(client, policy=FetchPolicy(ignore_robots=True),
                          resolve=resolve)  # type: ignore[arg-type]
        with pytest.raises(UrlRefused, match="refused at connect time: rebind.example "
                                             "resolves to 127.0.0.1, a loopback address"):
            fetcher.fetch(f"http://rebind.example:{port}/article.html")

    assert site.count("/article.html") == before


def test_the_guarded_transport_alone_refuses_loopback(site: Site) -> None:
    with httpx.Client(transport=GuardedTransport()) as client, \
            pytest.raises(httpx.ConnectError, match="loopback"):
        client.get(site.url("/notes.txt"))


def test_allow_private_lets_loopback_through(site: Site) -> None:
    policy = FetchPolicy(allow_private=True)
    with make_client(policy) as client:
        fetched = Fetcher(client, policy=policy).fetch(site.url("/notes.txt"))

    assert b"150,000" in fetched.body


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://files.example/a.txt",
                                 "gopher://old.example/", "javascript:alert(1)"])
def test_only_http_and_https_are_fetched(url: str) -> None:
    with pytest.raises(UrlRefused, match="only http and https URLs are fetched"):
        parse_url(url)


def test_a_redirect_to_another_scheme_is_refused(site: Site) -> None:
    policy = FetchPolicy(allow_private=True)
    with make_client(policy) as client, pytest.raises(UrlRefused) as caught:
        Fetcher(client, policy=policy).fetch(site.url("/to-ftp"))

    assert "redirected to ftp://files.example/article.txt: refused: only http and https" in str(
        caught.value)


def test_credentials_never_appear_in_urls_or_messages(site: Site) -> None:
    url = site.url("/missing").replace("http://", "http://reader:hunter2@")
    policy = FetchPolicy(allow_private=True)
    with make_client(policy) as client, pytest.raises(SourceError) as caught:
        Fetcher(client, policy=policy).fetch(url)

    assert "hunter2" not in str(caught.value) and "reader" not in str(caught.value)
    assert canonical_url(url) == site.url("/missing")


def test_secret_query_values_are_masked() -> None:
    assert redact("https://u:p@api.example/x?q=men&api_key=abc123&token=zz") == (
        "https://api.example/x?q=men&api_key=REDACTED&token=REDACTED")
    assert redact("https://example.org/a?q=1") == "https://example.org/a?q=1"


def test_canonical_urls_drop_default_ports_fragments_and_case() -> None:
    assert canonical_url("HTTPS://Example.ORG:443/a?b=1#top") == "https://example.org/a?b=1"
    assert canonical_url("http://example.org") == "http://example.org/"
