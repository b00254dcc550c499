"""Import: the shapes the rows give and the steps pass on — a record (services: one per
row; indicators: one per value cell), a row skipped and why, a name matched other than
exactly, and the outcome of reading every row."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from build_scripts.importer.base import Issue
from build_scripts.importer.names import Place
from build_scripts.importer.read import Cell

Key = tuple[str, str, int]  # (lsg_code, service_type_code or indicator_code, year)


@dataclass
class Record:
    key: Key  # (lsg_code, service_type_code or indicator_code, year)
    values: dict[str, str]
    row: int
    cells: dict[str, str] = field(default_factory=dict)  # field -> 'Usluge!F12'
    source: str = ""  # the row ('Usluge!A6:L6') or cell ('Pokazatelji!D7') it came from


@dataclass
class Skipped:
    row: int
    label: str
    reason: str


@dataclass
class Matched:
    label: str
    how: str
    place: Place
    rows: list[int] = field(default_factory=list)


@dataclass
class Outcome:
    records: dict[Key, Record] = field(default_factory=dict)
    scope: set[tuple] = field(default_factory=set)  # services (LSG, year); indicators Key
    issues: list[Issue] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    matched: dict[tuple[str, str], Matched] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    suggestions: dict[str, str] = field(default_factory=dict)  # name as written -> code
    lsgs: set[str] = field(default_factory=set)  # the LSGs of the rows matched
    rounded: int = 0
    transliterated: int = 0
    carried: int = 0
    blank: int = 0
    style: str = "sr"
    notes: list[str] = field(default_factory=list)  # how a column was read, said in the report
    hidden_rows: list[int] = field(default_factory=list)  # hidden rows with values, imported


@dataclass
class Row:
    number: int
    cells: list[Cell]
    place: Place
    part: bool
