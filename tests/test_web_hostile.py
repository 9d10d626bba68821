"""A hostile web server or robots.txt cannot hang a run or reach inside the network: robots
rules built to make a regex backtrack, response headers trickled a byte at a time, and IPv6
spellings of loopback and link-local addresses. Servers here are real sockets on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import httpx
import pytest

from crosstally.web.fetch import Fetcher, FetchError, make_client
from crosstally.web.gather import find_pages, search_client
from crosstally.web.policy import FetchPolicy
from crosstally.web.safety import GuardedTransport, UrlRefused, check_address, parse_url
from crosstally.web.search import PROVIDERS, SearchError

T = TypeVar("T")


def finishes_within(seconds: float, call: Callable[[], T]) -> T:
    """What `call` returns or raises; the test fails if it has not finished after `seconds`
    (the call is then left running in its thread)."""
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(call).result(timeout=seconds)
    except TimeoutError:
        pytest.fail(f"still running after {seconds:g} s")
    finally:
        pool.shutdown(wait=False)


# ---------------------------------------------------------------------- robots.txt


STARS = """
import json, time
from crosstally.web.robots import RobotsTxt
started = time.monotonic()
robots = RobotsTxt.parse("User-agent: *\\nDisallow: /" + "*" * 50_000 + "a$\\n"
                         "Allow: /" + "*b" * 20_000 + "\\n", "crosstally")
path = "/" + "xb" * 20_000
answers = [robots.allows(path), robots.allows(path + "a"), robots.allows(path[:-1] + "a")]
print(json.dumps({"answers": answers, "seconds": time.monotonic() - started}))
"""


def test_a_rule_of_50000_stars_is_answered_in_under_a_second() -> None:
    # In a child process: a backtracking regex holds the GIL, so a thread running it could be
    # neither abandoned nor stopped; a child process can be.
    try:
        child = subprocess.run([sys.executable, "-c", STARS], capture_output=True, text=True,
                               timeout=30, check=True)
    except subprocess.TimeoutExpired:
        pytest.fail("robots.txt with 50,000 stars still being matched after 30 s")
    result = json.loads(child.stdout)

    # the allow rule matches the path; with an `a` at the end the longer disallow rule wins;
    # with one `b` too few only the disallow rule matches
    assert result["answers"] == [True, False, False]
    assert result["seconds"] < 1.0


# ---------------------------------------------------------------------- slow headers


@pytest.fixture
def trickling_server() -> Iterator[str]:
    """A server that answers every connection with a status line and then header bytes, one
    every 0.5 s, never finishing the headers: each byte comes well within any read timeout."""
    stop = threading.Event()
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)

    def trickle(conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5.0)
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            while not stop.wait(0.5):
                try:
                    conn.sendall(b"a")
                except OSError:  # the client gave up
                    return

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=trickle, args=(conn,), daemon=True).start()

    server = threading.Thread(target=serve, daemon=True)
    server.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    server.join()
    listener.close()


def test_headers_trickled_a_byte_at_a_time_are_abandoned_at_the_total_timeout(
        trickling_server: str) -> None:
    policy = FetchPolicy(allow_private=True, ignore_robots=True, total_timeout=2.0)
    url = trickling_server + "/page.html"
    with make_client(policy) as client:
        fetcher = Fetcher(client, policy=policy)
        started = time.monotonic()
        with pytest.raises(FetchError) as caught:
            finishes_within(2.0 + 3.0, lambda: fetcher.fetch(url))

    assert str(caught.value) == (
        f"{url}: download took longer than 2 s (connecting, headers and body together); the "
        "server is slow or stuck, try again later")
    assert time.monotonic() - started >= 1.5  # stopped by the total limit, not a read timeout


def test_a_trickled_robots_txt_is_abandoned_and_the_site_treated_as_disallowing(
        trickling_server: str) -> None:
    policy = FetchPolicy(allow_private=True, total_timeout=1.0)
    with make_client(policy) as client:
        fetcher = Fetcher(client, policy=policy)
        with pytest.raises(FetchError) as caught:
            finishes_within(1.0 + 3.0, lambda: fetcher.fetch(trickling_server + "/page.html"))

    assert "robots.txt could not be fetched" in str(caught.value)
    assert "download took longer than 1 s" in str(caught.value)


def test_a_search_provider_trickling_its_answer_is_abandoned_at_the_total_timeout(
        trickling_server: str) -> None:
    policy = FetchPolicy(total_timeout=1.0)
    env = {"CROSSTALLY_SEARXNG_URL": trickling_server}
    with search_client(policy) as client:
        provider = PROVIDERS["searxng"].create(client, env)
        with pytest.raises(SearchError) as caught:
            finishes_within(1.0 + 3.0, lambda: find_pages(
                provider, "How many people marched?", 3, policy.total_timeout))

    assert "cannot reach the search provider searxng" in str(caught.value)


# ---------------------------------------------------------------------- IPv6 forms of IPv4

EMBEDDED = [
    # (URL host, message): loopback and link-local written in each IPv6 form carrying IPv4
    ("[::127.0.0.1]", "a loopback address (127.0.0.1 as an IPv4-compatible IPv6 address)"),
    ("[::a9fe:a9fe]",
     "a cloud metadata address (169.254.169.254 as an IPv4-compatible IPv6 address)"),
    ("[::ffff:127.0.0.1]", "a loopback address (127.0.0.1 as an IPv4-mapped IPv6 address)"),
    ("[::ffff:169.254.1.1]",
     "a link-local address (169.254.1.1 as an IPv4-mapped IPv6 address)"),
    ("[::ffff:0:7f00:1]", "a loopback address (127.0.0.1 as an SIIT IPv6 address)"),
    ("[::ffff:0:a9fe:101]", "a link-local address (169.254.1.1 as an SIIT IPv6 address)"),
    ("[64:ff9b::7f00:1]", "a loopback address (127.0.0.1 as a NAT64 IPv6 address)"),
    ("[64:ff9b::a9fe:a9fe]",
     "a cloud metadata address (169.254.169.254 as a NAT64 IPv6 address)"),
    ("[64:ff9b:1::a9fe:a9fe]",
     "a cloud metadata address (169.254.169.254 as a local-use NAT64 IPv6 address)"),
    ("[64:ff9b:1::7f00:1]",
     "a loopback address (127.0.0.1 as a local-use NAT64 IPv6 address)"),
    ("[2002:7f00:1::1]", "a loopback address (127.0.0.1 as a 6to4 IPv6 address)"),
    ("[2002:a9fe:101::1]", "a link-local address (169.254.1.1 as a 6to4 IPv6 address)"),
    # Teredo: server 8.8.8.8 (public); the client address is stored inverted
    ("[2001:0:808:808::80ff:fffe]", "a loopback address (127.0.0.1 as a Teredo client)"),
    ("[2001:0:808:808::5601:5601]",
     "a cloud metadata address (169.254.169.254 as a Teredo client)"),
    ("[2001:0:7f00:1::f7f7:f7f7]", "a loopback address (127.0.0.1 as a Teredo server)"),
    # a public IPv4 behind a prefix that is never public still goes nowhere
    ("[64:ff9b:1::808:808]", "a local-use NAT64 address (RFC 8215), not public"),
]


@pytest.mark.parametrize(("host", "problem"), EMBEDDED)
def test_ipv6_forms_of_non_public_ipv4_are_refused_before_any_request(host: str,
                                                                       problem: str) -> None:
    url = f"http://{host}/latest/meta-data/"
    policy = FetchPolicy()
    with make_client(policy) as client, pytest.raises(UrlRefused) as caught:
        Fetcher(client, policy=policy).fetch(url)

    message = str(caught.value)
    assert message.startswith(f"{url}: refused: {host.strip('[]')} is {problem}; ")
    assert message.endswith("if you trust this address, pass --allow-private")


@pytest.mark.parametrize(("host", "problem"), EMBEDDED)
def test_ipv6_forms_of_non_public_ipv4_are_refused_at_connect_time(host: str,
                                                                    problem: str) -> None:
    with httpx.Client(transport=GuardedTransport()) as client, \
            pytest.raises(httpx.ConnectError) as caught:
        client.get(f"http://{host}/")

    assert problem in str(caught.value) and "refused at connect time" in str(caught.value)


@pytest.mark.parametrize("host", ["[2606:4700::1111]", "93.184.216.34", "[::ffff:93.184.216.34]",
                                  "[64:ff9b::5db8:d822]", "[2002:5db8:d822::1]",
                                  "[2001:0:808:808::a247:27dd]"])
def test_a_public_address_in_any_of_these_forms_still_passes(host: str) -> None:
    assert check_address(parse_url(f"http://{host}/")) is None
