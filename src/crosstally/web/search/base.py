"""The search seam: a provider Protocol, its hits, and how a provider is described."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

import httpx

from crosstally.errors import ConfigError, CrosstallyError


class SearchError(CrosstallyError):
    """A search provider that cannot be reached or answered with an error."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    url: str
    title: str | None = None
    snippet: str | None = None
    provider: str = ""


class SearchProvider(Protocol):
    name: str

    def search(self, query: str, limit: int) -> list[SearchHit]:
        """Up to `limit` hits for `query`, best first; SearchError when the provider fails."""
        ...


ProviderFactory = Callable[[httpx.Client, str, str | None], SearchProvider]


@dataclass(frozen=True, slots=True)
class ProviderStatus:
    name: str
    configured: bool
    detail: str
    summary: str


@dataclass(frozen=True, slots=True)
class ProviderSpec:
    """How to make a provider and how to tell whether it is configured."""

    name: str
    summary: str
    factory: ProviderFactory
    url_env: str
    default_url: str | None = None
    key_env: str | None = None
    url_hint: str = ""

    def base_url(self, env: Mapping[str, str]) -> str | None:
        return env.get(self.url_env, "").strip() or self.default_url

    def status(self, env: Mapping[str, str]) -> ProviderStatus:
        base = self.base_url(env)
        if base is None:
            return ProviderStatus(self.name, False,
                                  f"set {self.url_env} to {self.url_hint}", self.summary)
        if self.key_env and not env.get(self.key_env, "").strip():
            return ProviderStatus(self.name, False,
                                  f"set {self.key_env} to your API key", self.summary)
        key_note = f"key from {self.key_env}" if self.key_env else "no key needed"
        return ProviderStatus(self.name, True, f"{base} ({key_note})", self.summary)

    def create(self, client: httpx.Client, env: Mapping[str, str]) -> SearchProvider:
        status = self.status(env)
        if not status.configured:
            raise ConfigError(f"the search provider {self.name} is not configured: "
                              f"{status.detail}; `crosstally providers` lists the others")
        key = env.get(self.key_env, "").strip() if self.key_env else None
        return self.factory(client, self.base_url(env) or "", key)
