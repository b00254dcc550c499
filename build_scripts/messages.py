"""Maintainer text: the messages the command line, the build and the release tools print,
one JSON catalog per tool under `catalog/` (reader text is in `locales/`, see i18n)."""

from __future__ import annotations

import json
from functools import cache

from build_scripts.paths import CATALOG


@cache
def catalog(name: str) -> dict[str, str]:
    return json.loads((CATALOG / f"{name}.json").read_text(encoding="utf-8"))


def say(name: str, key: str, **params: object) -> str:
    """The message `key` of catalog `name`, its placeholders filled."""
    return catalog(name)[key].format(**params)
