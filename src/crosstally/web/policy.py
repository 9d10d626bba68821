"""What a run may fetch and how politely: `FetchPolicy`, the limits and manners of one run.

Apart from `fetch` (which loads httpx) so that a command given only local files, such as
`crosstally add` of a folder, builds its policy without loading the web stack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from crosstally.errors import ConfigError

if TYPE_CHECKING:
    import httpx

MAX_BYTES = 20 * 1024 * 1024
AGENT_TOKEN = "crosstally"


def _user_agent() -> str:
    from importlib.metadata import PackageNotFoundError, version  # 40 ms: only when fetching

    try:
        v = version("crosstally")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        v = "dev"
    return (f"{AGENT_TOKEN}/{v} (reads pages to cite the figures in them; "
            "honours robots.txt; python-httpx)")


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """Limits and manners for one run. The defaults are what the CLI uses."""

    max_bytes: int = MAX_BYTES
    max_redirects: int = 5
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 120.0  # a whole request, so a trickling server cannot hold us
    retries: int = 2              # after the first try, on 429 and 5xx
    backoff: float = 1.0          # seconds before the first retry, doubled each time
    max_retry_after: float = 30.0
    per_host: int = 2
    fresh_for: timedelta = timedelta(days=1)  # when the server says nothing about freshness
    allow_private: bool = False
    ignore_robots: bool = False
    refresh: bool = False
    user_agent: str = field(default_factory=_user_agent)

    def __post_init__(self) -> None:
        for name in ("max_bytes", "per_host", "connect_timeout", "read_timeout", "total_timeout"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"fetch setting {name} must be positive, not "
                                  f"{getattr(self, name)!r}")
        if self.max_redirects < 0 or self.retries < 0:
            raise ConfigError("fetch settings max_redirects and retries cannot be negative")

    def timeout(self) -> httpx.Timeout:
        import httpx

        return httpx.Timeout(self.read_timeout, connect=self.connect_timeout)
