"""Web search: providers behind one small Protocol, registered by name.

A provider turns a query into candidate URLs (`SearchHit`s); the fetcher then reads them like
any other URL, with the same safety checks. Each provider's endpoint can be moved with an
environment variable (`CROSSTALLY_<NAME>_URL`), which is also how tests point them at a
loopback server. API keys are read from the environment when a provider is made and are never
stored, logged or shown.
"""

from __future__ import annotations

from collections.abc import Mapping

from crosstally.errors import ConfigError
from crosstally.web.search.base import (
    ProviderFactory,
    ProviderSpec,
    ProviderStatus,
    SearchError,
    SearchHit,
    SearchProvider,
)
from crosstally.web.search.providers import register_builtins

__all__ = ["DEFAULT_PROVIDER", "PROVIDERS", "ProviderFactory", "ProviderSpec", "ProviderStatus",
           "SearchError", "SearchHit", "SearchProvider", "provider_spec", "provider_statuses",
           "register_provider"]

PROVIDERS: dict[str, ProviderSpec] = {}
DEFAULT_PROVIDER = "wikipedia"


def register_provider(spec: ProviderSpec) -> None:
    PROVIDERS[spec.name] = spec


def provider_spec(name: str) -> ProviderSpec:
    try:
        return PROVIDERS[name]
    except KeyError:
        raise ConfigError(f"no search provider named {name!r}; choose one of "
                          f"{', '.join(sorted(PROVIDERS))}") from None


def provider_statuses(env: Mapping[str, str]) -> list[ProviderStatus]:
    return [spec.status(env) for spec in PROVIDERS.values()]


register_builtins(register_provider)
