"""Where crosstally keeps its library and web cache: `CROSSTALLY_HOME`, else the user data
folder (platformdirs). Read when asked, never at import time."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

HOME_ENV = "CROSSTALLY_HOME"


def data_home(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if home := env.get(HOME_ENV, "").strip():
        return Path(home).expanduser()
    return platformdirs.user_data_path("crosstally", appauthor=False)


def library_path(env: Mapping[str, str] | None = None) -> Path:
    return data_home(env) / "library.sqlite"


def cache_path(env: Mapping[str, str] | None = None) -> Path:
    return data_home(env) / "web-cache.sqlite"
