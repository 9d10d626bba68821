"""robots.txt as RFC 9309 reads it: the group for our product token (else `*`), `*` and `$`
in paths, the longest matching rule wins and `allow` wins a tie.

Patterns are matched without regular expressions, in time linear in the pattern and the path,
so a hostile rule (`Disallow: ` + thousands of `*`) cannot stall a run.

A robots.txt that is missing (any 4xx) allows everything; one that cannot be fetched (5xx,
timeout, network error) disallows everything, as the RFC asks.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

import httpx

from crosstally.errors import SourceError

MAX_ROBOTS_BYTES = 512 * 1024  # RFC 9309: parse at least the first 500 KiB


@dataclass(frozen=True, slots=True)
class Rule:
    allow: bool
    pattern: str  # as written: its length ranks the rule
    pieces: tuple[str, ...]  # the percent-encoded literals between `*`s
    anchored: bool  # ends with `$`: the path must end where the pattern does

    @classmethod
    def parse(cls, allow: bool, pattern: str) -> Rule:
        anchored = pattern.endswith("$")
        body = quote(pattern[:-1] if anchored else pattern, safe="/*?=&%:;@+,!~'()-._")
        return cls(allow, pattern, tuple(body.split("*")), anchored)

    def matches(self, path: str) -> bool:
        """Whether `path` matches: the first piece is a prefix, each later piece is found
        left to right after the one before (the leftmost place leaves the most room for the
        rest), and with `$` the last piece ends the path."""
        first, *rest = self.pieces
        if not path.startswith(first):
            return False
        at = len(first)
        if not rest:
            return at == len(path) or not self.anchored
        *middle, last = rest
        for piece in middle:
            found = path.find(piece, at)
            if found < 0:
                return False
            at = found + len(piece)
        if self.anchored:
            return path.endswith(last) and len(path) - len(last) >= at
        return path.find(last, at) >= 0


@dataclass(frozen=True, slots=True)
class RobotsTxt:
    """The rules that apply to one product token on one site."""

    rules: tuple[Rule, ...] = ()
    refuse_all: str | None = None  # why everything is disallowed (robots.txt unreachable)

    @classmethod
    def parse(cls, text: str, agent: str) -> RobotsTxt:
        groups: list[tuple[list[str], list[Rule]]] = []
        in_agents = False
        for raw in text.splitlines():
            key, sep, value = raw.split("#", 1)[0].partition(":")
            if not sep:
                continue
            key, value = key.strip().lower(), value.strip()
            if key == "user-agent":
                if not in_agents:
                    groups.append(([], []))
                groups[-1][0].append(value.lower())
                in_agents = True
            elif key in ("allow", "disallow") and groups:
                in_agents = False
                if value:
                    groups[-1][1].append(Rule.parse(key == "allow", value))
        token = agent.lower()
        mine = [r for agents, rules in groups if token in agents for r in rules]
        if not any(token in agents for agents, _ in groups):
            mine = [r for agents, rules in groups if "*" in agents for r in rules]
        return cls(tuple(mine))

    def allows(self, path: str) -> bool:
        """Whether `path` (path and query, percent-encoded) may be fetched."""
        if self.refuse_all is not None:
            return False
        if path == "/robots.txt":
            return True
        best: Rule | None = None
        for rule in self.rules:
            if rule.matches(path) and (
                    best is None or len(rule.pattern) > len(best.pattern)
                    or (len(rule.pattern) == len(best.pattern) and rule.allow)):
                best = rule
        return best is None or best.allow


# (status, text) of robots.txt at a URL; raises crosstally errors when it cannot be fetched.
RobotsFetch = Callable[[httpx.URL], tuple[int, str]]


class RobotsRules:
    """robots.txt per site (scheme, host, port), fetched once per run through `fetch`."""

    def __init__(self, fetch: RobotsFetch, agent: str) -> None:
        self._fetch = fetch
        self._agent = agent
        self._sites: dict[str, RobotsTxt] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def why_refused(self, url: httpx.URL) -> str | None:
        """None if robots.txt allows `url`, else a reason a person can act on."""
        site = f"{url.scheme}://{url.netloc.decode('ascii')}"
        robots = self._site(site)
        path = url.raw_path.decode("ascii") or "/"
        if robots.allows(path):
            return None
        if robots.refuse_all:
            return robots.refuse_all
        return (f"{site}/robots.txt disallows {self._agent} from fetching {path.split('?')[0]}; "
                "pass --ignore-robots only if the site owner allows it")

    def _site(self, site: str) -> RobotsTxt:
        with self._lock:
            lock = self._locks.setdefault(site, threading.Lock())
        with lock:  # one fetch per site, even with many threads asking at once
            if site not in self._sites:
                self._sites[site] = self._load(site)
            return self._sites[site]

    def _load(self, site: str) -> RobotsTxt:
        try:
            status, text = self._fetch(httpx.URL(site + "/robots.txt"))
        except SourceError as err:
            return RobotsTxt(refuse_all=f"{site}/robots.txt could not be fetched ({err}), so "
                             "crosstally assumes the site disallows crawling (RFC 9309); "
                             "pass --ignore-robots to fetch anyway")
        if 400 <= status < 500:
            return RobotsTxt()
        if status >= 500 or status < 200 or status >= 300:
            return RobotsTxt(refuse_all=f"{site}/robots.txt answered HTTP {status}, so "
                             "crosstally assumes the site disallows crawling (RFC 9309); "
                             "pass --ignore-robots to fetch anyway")
        return RobotsTxt.parse(text, self._agent)

