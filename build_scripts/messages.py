"""Maintainer text: the messages the command line, validation, the build, the importer and
the release tools print, one JSON catalog per tool under `catalog/` (reader text is in
`locales/`, see i18n). This module is the one loader and the one lookup of those catalogs.

A catalog maps keys to message templates. Keys starting with `_` hold what is not a message
of its own: a comment, the importer's vocabulary, the phrases validation uses for what a
column expects. In `errors.json` each key is a problem code holding a `title` and a
`message`.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from build_scripts.paths import CATALOG


@cache
def catalog(name: str) -> dict[str, Any]:
    """The catalog `name` as written (`catalog/<name>.json`), read once."""
    loaded: dict[str, Any] = json.loads((CATALOG / f"{name}.json").read_text(encoding="utf-8"))
    return loaded


def files() -> list[Path]:
    """Every catalog file, sorted: what an output made with maintainer text is keyed on."""
    return sorted(CATALOG.glob("**/*.json"))


def say(name: str, /, *keys: str, **params: object) -> str:
    """The message at `keys` in catalog `name` (a key, or a section and a key within it),
    its placeholders filled: `say("cli", "valid", ...)`, `say("errors", code, "message",
    ...)`. `name` and `keys` are positional only, so a placeholder may be called `name`."""
    entry: Any = catalog(name)
    for key in keys:
        entry = entry[key]
    if not isinstance(entry, str):
        raise TypeError(f"catalog/{name}.json: {'/'.join(keys)} is not a message")
    return entry.format(**params)
