"""The verdict on each cell of a column, as Frictionless gives it, computed once per
distinct text (see `schema` for how the checks fit together).

`CellError` is one error shaped like Frictionless's, `Rows` a table as read, `Column` a
field's verdicts for every row. `exact` asks Frictionless's own cell reader (missing
values, type, constraints) about each distinct text of a column; strings whose only
constraints are required, pattern and enum get the same verdicts from a few lines of our
own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import frictionless
import numpy as np
import pandas as pd

# Frictionless's cell reader: a cell's text (None: no cell) -> (typed value, notes by kind).
CellReader = Callable[[Any], tuple[Any, dict[str, str] | None]]
# The errors of one cell: (Frictionless error type, note).
Verdicts = list[tuple[str, str]]
# Order of errors within one row, as Frictionless emits them.
PHASES = {"cell": 0, "extra-cell": 1, "missing-cell": 2, "unique": 3, "primary": 4, "foreign": 5}


@dataclass
class CellError:
    """One error, with the attributes `translate.problem_of` reads from Frictionless's."""

    type: str
    row_number: int
    field_name: str | None = None
    cell: str = ""
    note: str = ""
    field_names: list[str] = field(default_factory=list)
    order: tuple[int, ...] = (0,)

    @property
    def message(self) -> str:
        return f"{self.type}: {self.note}".rstrip(": ")


@dataclass
class Rows:
    """A table as read: every cell as text, plus what did not fit the header.

    `widths` is None when every row had as many cells as the header; otherwise the
    number of cells of each row. `extras` maps a row position to the cells beyond the
    header."""

    frame: pd.DataFrame
    widths: np.ndarray | None = None
    extras: dict[int, list[str]] = field(default_factory=dict)
    # Number columns as pandas.to_numeric(errors="coerce") reads them, when the checks
    # parsed them anyway.
    numbers: dict[str, np.ndarray] = field(default_factory=dict)
    # numpy's fixed-width strings drop trailing NUL characters: a file with any is
    # checked cell by distinct cell only.
    has_nul: bool = False
    # Key columns read by `lookup_values` (another table's foreign key) before this
    # table's own checks, which take them from here instead of reading them again.
    exact: dict[str, Column] = field(default_factory=dict)


@dataclass
class Column:
    """A field's verdict for each row: the typed value's group (equal typed values share
    a group; -1 for no value) and the errors, by row position."""

    groups: np.ndarray
    values: list[Any]
    errors: dict[int, Verdicts]
    numbers: np.ndarray | None = None


def _copy(column: Column) -> Column:
    return Column(
        column.groups.copy(),
        list(column.values),
        {row: list(errs) for row, errs in column.errors.items()},
        None if column.numbers is None else column.numbers.copy(),
    )


def exact_once(rows: Rows, spec: frictionless.Field) -> Column:
    """`exact` of a column, computed once per table read (a copy each time)."""
    if spec.name not in rows.exact:
        rows.exact[spec.name] = exact(spec.create_cell_reader(), rows.frame[spec.name], spec)
    return _copy(rows.exact[spec.name])


def frictionless_schema(descriptor: dict[str, Any]) -> frictionless.Schema:
    """The fields of a Table Schema, without the keys (checked across rows, not per cell)."""
    schema = dict(descriptor)
    schema.pop("foreignKeys", None)
    schema.pop("primaryKey", None)
    return frictionless.Schema.from_descriptor(schema)


def verdict(reader: CellReader, cell: str | None) -> tuple[Any, Verdicts]:
    value, notes = reader(cell)
    if not notes:
        return value, []
    if "type" in notes:
        return None, [("type-error", notes["type"])]
    return value, [("constraint-error", note) for note in notes.values()]


def missing_values(spec: frictionless.Field) -> list[str]:
    if spec.has_defined("missing_values") or spec.schema is None:
        return spec.missing_values
    return spec.schema.missing_values


def _string_verdicts(
    spec: frictionless.Field, uniques: Sequence[Any]
) -> list[tuple[Any, Verdicts]] | None:
    """Frictionless's verdicts for a string field whose only constraints are required,
    pattern and enum (and unique, which Frictionless checks across rows, not per cell),
    computed without its per-cell machinery; None for other fields."""
    constraints = spec.constraints
    if spec.type != "string" or spec.format not in (None, "default"):
        return None
    if not set(constraints) <= {"required", "pattern", "enum", "unique"}:
        return None
    missing = set(missing_values(spec))
    pattern = re.compile(f"^{constraints['pattern']}$") if "pattern" in constraints else None
    allowed = set(constraints["enum"]) if "enum" in constraints else None

    def note(name: str) -> tuple[str, str]:
        return ("constraint-error", f'constraint "{name}" is "{constraints[name]}"')

    required = [note("required")] if constraints.get("required") else []
    verdicts: list[tuple[Any, Verdicts]] = []
    for text in uniques:
        if text in missing:
            verdicts.append((None, required))
            continue
        errs = []
        if pattern is not None and not pattern.match(text):
            errs.append(note("pattern"))
        if allowed is not None and text not in allowed:
            errs.append(note("enum"))
        verdicts.append((text, errs))
    return verdicts


def exact(reader: CellReader, texts: pd.Series, spec: frictionless.Field | None = None) -> Column:
    """Frictionless's verdict once per distinct text."""
    codes, found = pd.factorize(texts, sort=False)
    uniques = found.tolist()
    verdicts = _string_verdicts(spec, uniques) if spec is not None else None
    if verdicts is None:
        verdicts = [verdict(reader, text) for text in uniques]
    values = [value for value, _ in verdicts]
    # Distinct texts can type to the same value ("7" and "07"): group by typed value.
    value_codes, typed = pd.factorize(pd.Series(values, dtype=object), sort=False)
    groups = value_codes[codes] if len(codes) else np.empty(0, dtype=np.int64)
    bad = [index for index, (_, errs) in enumerate(verdicts) if errs]
    errors: dict[int, Verdicts] = {}
    if bad:
        rows = np.flatnonzero(np.isin(codes, bad))
        for row in rows:
            errors[int(row)] = verdicts[codes[row]][1]
    numbers = None
    if spec is not None and spec.type in ("integer", "number"):
        # As pandas.to_numeric(errors="coerce") reads the column, for later checks.
        parsed = pd.to_numeric(pd.Series(uniques, dtype=object), errors="coerce")
        numbers = parsed.to_numpy(dtype=float)[codes]
    return Column(groups, list(typed), errors, numbers)


def free_text(reader: CellReader, spec: frictionless.Field, texts: pd.Series) -> Column:
    """A string column with no constraint but `required`: only missing cells matter."""
    missing = texts.isin(missing_values(spec)).to_numpy()
    _, errs = verdict(reader, missing_values(spec)[0]) if missing.any() else (None, [])
    errors = {int(row): errs for row in np.flatnonzero(missing)} if errs else {}
    return Column(np.where(missing, -1, 0).astype(np.int64), [], errors)
