"""The built-in search providers. Each knows only its own request and answer format; the
HTTP call and its errors are shared (`JsonSearch`).

- searxng:   a self-hosted SearXNG instance, `GET /search?q=...&format=json` -> `results[]`
- wikipedia: the MediaWiki search API, `action=query&list=search` -> `query.search[]`
- gdelt:     the GDELT DOC 2.0 API, `mode=ArtList&format=json` -> `articles[]`
- brave:     the Brave Search web API, header `X-Subscription-Token` -> `web.results[]`
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx

from crosstally.web.safety import redact
from crosstally.web.search.base import ProviderSpec, SearchError, SearchHit

TAG = re.compile(r"<[^>]+>")


class JsonSearch:
    """GET the endpoint with the provider's parameters, parse its JSON into hits."""

    name = ""

    def __init__(self, client: httpx.Client, base_url: str, key: str | None = None) -> None:
        self._client = client
        self._base = base_url.rstrip("/")
        self._key = key

    def search(self, query: str, limit: int) -> list[SearchHit]:
        params, headers = self.request(query, limit)
        data = self._get(self.endpoint(), params, headers)
        hits: list[SearchHit] = []
        for hit in self.parse(data):
            if hit.url.startswith(("http://", "https://")) and hit.url not in {
                    h.url for h in hits}:
                hits.append(hit)
        return hits[:limit]

    def endpoint(self) -> str:
        return self._base

    def request(self, query: str, limit: int) -> tuple[dict[str, str], dict[str, str]]:
        raise NotImplementedError

    def parse(self, data: Any) -> list[SearchHit]:
        raise NotImplementedError

    def problem(self, response: httpx.Response) -> str:
        """What an HTTP error from this provider means, and what to try."""
        return (f"the search provider {self.name} answered HTTP {response.status_code} "
                f"{response.reason_phrase}; try again later or choose another --provider")

    def _get(self, url: str, params: dict[str, str], headers: dict[str, str]) -> Any:
        try:
            response = self._client.get(url, params=params, headers=headers)
        except httpx.HTTPError as err:
            raise SearchError(
                f"cannot reach the search provider {self.name} at {redact(url)} "
                f"({type(err).__name__}: {err or 'no detail'}); check your network connection "
                "(offline, use --corpus, --source or your library instead of --web)") from err
        if response.status_code >= 400:
            raise SearchError(self.problem(response))
        try:
            return response.json()
        except ValueError:
            first = response.text.strip().splitlines()[0][:200] if response.text.strip() else ""
            raise SearchError(f"the search provider {self.name} did not answer with JSON"
                              f"{': ' + repr(first) if first else ''}; "
                              "check its URL or rephrase the question") from None

    def hit(self, url: Any, title: Any = None, snippet: Any = None) -> SearchHit:
        return SearchHit(str(url or ""), _clean(title), _clean(snippet), self.name)


class SearXNG(JsonSearch):
    name = "searxng"

    def endpoint(self) -> str:
        return self._base if self._base.endswith("/search") else self._base + "/search"

    def request(self, query: str, limit: int) -> tuple[dict[str, str], dict[str, str]]:
        return {"q": query, "format": "json"}, {"Accept": "application/json"}

    def parse(self, data: Any) -> list[SearchHit]:
        return [self.hit(r.get("url"), r.get("title"), r.get("content"))
                for r in _items(data, "results")]

    def problem(self, response: httpx.Response) -> str:
        if response.status_code == 403:
            return ("the SearXNG instance refused format=json (HTTP 403); enable it by adding "
                    "json to search.formats in its settings.yml")
        return super().problem(response)


class Wikipedia(JsonSearch):
    name = "wikipedia"

    def request(self, query: str, limit: int) -> tuple[dict[str, str], dict[str, str]]:
        return ({"action": "query", "list": "search", "srsearch": query,
                 "srlimit": str(min(limit, 50)), "format": "json", "formatversion": "2"}, {})

    def parse(self, data: Any) -> list[SearchHit]:
        if isinstance(data, dict) and isinstance(data.get("error"), dict):
            error = data["error"]
            raise SearchError(f"the search provider wikipedia answered an error: "
                              f"{error.get('code')}: {error.get('info')}")
        query = data.get("query") if isinstance(data, dict) else None
        return [self.hit(self.article_url(str(r["title"])), r.get("title"), r.get("snippet"))
                for r in _items(query, "search") if r.get("title")]

    def article_url(self, title: str) -> str:
        """Where MediaWiki shows the article: /wiki/Title on Wikipedia, index.php elsewhere."""
        url = httpx.URL(self._base)
        origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
        name = quote(title.replace(" ", "_"), safe="()_,:'!*-.~")
        if url.path.endswith("/w/api.php"):
            return f"{origin}/wiki/{name}"
        return f"{origin}{url.path.removesuffix('api.php')}index.php?title={name}"


class Gdelt(JsonSearch):
    name = "gdelt"

    def request(self, query: str, limit: int) -> tuple[dict[str, str], dict[str, str]]:
        words = [w for w in re.findall(r"[\w'-]+", query) if len(w) >= 3]
        return ({"query": " ".join(words), "mode": "ArtList", "format": "json",
                 "maxrecords": str(min(limit, 250)), "sort": "HybridRel"}, {})

    def parse(self, data: Any) -> list[SearchHit]:
        return [self.hit(a.get("url"), a.get("title")) for a in _items(data, "articles")]


class Brave(JsonSearch):
    name = "brave"

    def request(self, query: str, limit: int) -> tuple[dict[str, str], dict[str, str]]:
        return ({"q": query, "count": str(min(limit, 20))},
                {"Accept": "application/json", "X-Subscription-Token": self._key or ""})

    def parse(self, data: Any) -> list[SearchHit]:
        web = data.get("web") if isinstance(data, dict) else None
        return [self.hit(r.get("url"), r.get("title"), r.get("description"))
                for r in _items(web, "results")]

    def problem(self, response: httpx.Response) -> str:
        if response.status_code in (401, 403, 422):
            return (f"Brave Search refused the API key (HTTP {response.status_code}); check "
                    "CROSSTALLY_BRAVE_API_KEY")
        if response.status_code == 429:
            return "Brave Search rate limit reached (HTTP 429); wait a moment and try again"
        return super().problem(response)


def register_builtins(register: Callable[[ProviderSpec], None]) -> None:
    register(ProviderSpec(
        "searxng", "SearXNG, a self-hosted metasearch engine (JSON API)", SearXNG,
        url_env="CROSSTALLY_SEARXNG_URL",
        url_hint="your SearXNG instance's base URL, e.g. http://localhost:8888"))
    register(ProviderSpec(
        "wikipedia", "Wikipedia articles (MediaWiki search API)", Wikipedia,
        url_env="CROSSTALLY_WIKIPEDIA_URL", default_url="https://en.wikipedia.org/w/api.php"))
    register(ProviderSpec(
        "gdelt", "news articles worldwide (GDELT DOC 2.0 API)", Gdelt,
        url_env="CROSSTALLY_GDELT_URL",
        default_url="https://api.gdeltproject.org/api/v2/doc/doc"))
    register(ProviderSpec(
        "brave", "Brave Search web results (needs an API key)", Brave,
        url_env="CROSSTALLY_BRAVE_URL",
        default_url="https://api.search.brave.com/res/v1/web/search",
        key_env="CROSSTALLY_BRAVE_API_KEY"))


def _items(container: Any, key: str) -> list[dict[str, Any]]:
    items = container.get(key) if isinstance(container, dict) else None
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def _clean(text: Any) -> str | None:
    if not text:
        return None
    return " ".join(TAG.sub("", str(text)).split()) or None
