"""Import: what every step shares — its messages and input vocabulary (both in
catalog/importer.json, read through `messages`), the normalisation that makes labels
comparable, and the shapes of issues and errors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from build_scripts import messages
from build_scripts.translit import fold

CATALOG = "importer"


def catalog() -> dict[str, Any]:
    """The importer's catalog: its messages and the `_vocabulary` section."""
    return messages.catalog(CATALOG)


def say(key: str, **params: object) -> str:
    """The importer's message `key`, its placeholders filled."""
    return messages.say(CATALOG, key, **params)


def vocabulary() -> dict[str, Any]:
    """Words the importer recognises in spreadsheets (catalog section `_vocabulary`)."""
    words: dict[str, Any] = catalog()["_vocabulary"]
    return words


_PARENTHESES = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_NOT_WORD = re.compile(r"[^0-9a-z\u00c0-\u024f]+")


def norm(text: object) -> str:
    """A label folded for comparison: script, case, diacritics, punctuation and anything
    in parentheses do not count; units such as 'RSD' or 'u dinarima' are dropped.

    norm('Finansiranje (RSD)') == norm('ФИНАНСИРАЊЕ') == 'finansiranje'"""
    s = fold(str(text or ""))
    s = _PARENTHESES.sub(" ", s)
    s = _NOT_WORD.sub(" ", s)
    words = s.split()
    units = _unit_words()
    while words and " ".join(words[-2:]) in units:
        words = words[:-2]
    while words and words[-1] in units:
        words = words[:-1]
    return " ".join(words)


@cache
def _unit_words() -> frozenset[str]:
    return frozenset(_NOT_WORD.sub(" ", fold(u)).strip() for u in vocabulary()["units"])


@cache
def norm_set(key: str) -> frozenset[str]:
    """A vocabulary list, normalised."""
    return frozenset(norm(word) for word in vocabulary()[key])


class ImportUnusable(Exception):
    """The input cannot be imported at all (missing file, no table found): exit 2."""

    def __init__(self, key: str, **params: object):
        self.key = key
        self.params = params
        super().__init__(say(key, **params))


@dataclass
class Issue:
    """One thing that stops the import, at a row and column of the input."""

    kind: str  # unmatched | ambiguous | value
    row: int | None
    column: str | None  # column letter as the spreadsheet shows it
    label: str | None  # the column's header
    message: str

    def where(self, file: str, sheet: str | None) -> str:
        parts = [file]
        if sheet:
            parts.append(say("where_sheet", sheet=sheet))
        if self.row:
            parts.append(say("where_row", row=self.row))
        if self.column:
            parts.append(
                say("where_column_label", column=self.column, label=self.label)
                if self.label
                else say("where_column", column=self.column)
            )
        return ", ".join(parts)
