"""The checks across rows, on typed values as Frictionless compares them: `unique`
fields, the primary key and foreign keys. A duplicate names the previous row with the
same key, as Frictionless does (see `schema` for how the checks fit together).
"""

from __future__ import annotations

from typing import Any

import frictionless
import numpy as np
import pandas as pd

from build_scripts.validate.cells import (
    PHASES,
    CellError,
    Column,
    Rows,
    exact_once,
    frictionless_schema,
)

# (resource, fields) -> the typed values of those fields in that resource's rows.
Lookups = dict[tuple[str, tuple[str, ...]], set[tuple[Any, ...]]]


def _combined(keys: pd.DataFrame) -> pd.Series:
    """One int64 per row that is equal exactly when the rows' groups are all equal."""
    sizes = [int(keys[c].max()) + 2 if len(keys) else 1 for c in keys.columns]
    if np.prod([float(size) for size in sizes]) >= 2**62:  # too many to pack: let pandas
        numbers = keys.groupby(list(keys.columns), sort=False, dropna=False).ngroup()
        return numbers.astype(np.int64)
    combined = np.zeros(len(keys), dtype=np.int64)
    for name, size in zip(keys.columns, sizes, strict=True):
        combined = combined * size + (keys[name].to_numpy() + 1)
    return pd.Series(combined, index=keys.index)


def _previous(keys: pd.DataFrame, present: np.ndarray) -> dict[int, int]:
    """Row position -> position of the previous row with the same key, among `present`."""
    subset = _combined(keys)[present]
    if subset.empty:
        return {}
    repeated = subset.duplicated(keep=False)
    if not repeated.any():
        return {}
    grouped = subset[repeated]
    positions = pd.Series(grouped.index.to_numpy(), index=grouped.index)
    before = positions.groupby(grouped, sort=False).shift(1).dropna()
    return {int(row): int(prev) for row, prev in before.items()}


def _key_frame(columns: dict[str, Column], names: list[str]) -> pd.DataFrame:
    return pd.DataFrame({name: columns[name].groups for name in names})


def keyed_fields(schema: dict[str, Any]) -> set[str]:
    """Fields whose typed values are compared across rows: keys, references, unique."""
    keyed = set(schema.get("primaryKey", []))
    for fk in schema.get("foreignKeys", []):
        keyed.update(fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]])
    keyed.update(
        f["name"] for f in schema.get("fields", []) if f.get("constraints", {}).get("unique")
    )
    return keyed


def unique_errors(fields: list[frictionless.Field], columns: dict[str, Column]) -> list[CellError]:
    """A value of a `unique` field seen in an earlier row."""
    errors = []
    for number, spec in enumerate(fields, start=1):
        if not spec.constraints.get("unique"):
            continue
        column = columns[spec.name]
        present = column.groups >= 0
        for row, prev in _previous(_key_frame(columns, [spec.name]), present).items():
            errors.append(
                CellError(
                    "unique-error",
                    row + 2,
                    spec.name,
                    str(column.values[column.groups[row]]),  # the typed value, as Frictionless
                    f"the same as in the row at position {prev + 2}",
                    order=(row, PHASES["unique"], number),
                )
            )
    return errors


def primary_key_errors(primary: list[str], columns: dict[str, Column]) -> list[CellError]:
    """Rows whose key is empty, and keys seen in an earlier row."""
    if not primary:
        return []
    errors = []
    keys = _key_frame(columns, primary)
    none = (keys < 0).all(axis=1).to_numpy()
    for empty in np.flatnonzero(none):
        errors.append(
            CellError(
                "primary-key",
                int(empty) + 2,
                note='cells composing the primary keys are all "None"',
                order=(int(empty), PHASES["primary"], 0),
            )
        )
    for row, prev in _previous(keys, ~none).items():
        errors.append(
            CellError(
                "primary-key",
                row + 2,
                note=f"the same as in the row at position {prev + 2}",
                order=(row, PHASES["primary"], 0),
            )
        )
    return errors


def foreign_key_errors(
    schema: dict[str, Any], columns: dict[str, Column], lookups: Lookups, name: str
) -> list[CellError]:
    """Rows whose references are not in the table they refer to (references to a table
    without a lookup, one that could not be read, are not checked)."""
    errors = []
    for index, fk in enumerate(schema.get("foreignKeys", [])):
        fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
        ref = fk["reference"]
        source = ref["resource"] or name
        source_fields = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
        lookup = lookups.get((source, tuple(source_fields)))
        if lookup is None:
            continue
        hit = _unknown_references(columns, fields, lookup)
        for row in np.flatnonzero(hit):
            errors.append(
                CellError(
                    "foreign-key",
                    int(row) + 2,
                    note=f"not found in the lookup table {source!r}",
                    field_names=fields,
                    order=(int(row), PHASES["foreign"], index),
                )
            )
    return errors


def _unknown_references(
    columns: dict[str, Column], fields: list[str], lookup: set[tuple[Any, ...]]
) -> np.ndarray:
    """Rows whose typed values of `fields` are not in `lookup` (rows where all of them
    are missing are not checked, as in Frictionless)."""
    if len(fields) == 1:  # one membership test per distinct value
        column = columns[fields[0]]
        present = column.groups >= 0
        if not present.any():
            return present
        known = np.fromiter(
            ((value,) in lookup for value in column.values), dtype=bool, count=len(column.values)
        )
        return present & ~known[np.where(present, column.groups, 0)]
    keys = _key_frame(columns, fields)
    none = (keys < 0).all(axis=1).to_numpy()
    combined = _combined(keys)
    firsts = combined[~none].drop_duplicates()
    table = keys.to_numpy()
    unknown = []
    for key, row in zip(firsts.to_numpy(), firsts.index, strict=True):
        value = tuple(
            columns[f].values[g] if g >= 0 else None
            for f, g in zip(fields, table[row], strict=True)
        )
        if value not in lookup:
            unknown.append(key)
    if not unknown:
        return np.zeros(len(keys), dtype=bool)
    return combined.isin(unknown).to_numpy() & ~none


def lookup_values(schema: dict[str, Any], rows: Rows, fields: list[str]) -> set[tuple[Any, ...]]:
    """The typed values of `fields` in every row, as Frictionless builds a foreign key's
    lookup (rows where all of them are missing left out)."""
    fs = frictionless_schema(schema)
    columns = {}
    for spec in fs.fields:
        if spec.name in fields:
            column = exact_once(rows, spec)
            if rows.widths is not None:
                position = [f.name for f in fs.fields].index(spec.name)
                column.groups[rows.widths <= position] = -1
            columns[spec.name] = column
    if len(fields) == 1:
        column = columns[fields[0]]
        present = np.unique(column.groups[column.groups >= 0])
        return {(column.values[g],) for g in present}
    keys = _key_frame(columns, fields)
    firsts = _combined(keys).drop_duplicates().index
    table = keys.to_numpy()
    found = set()
    for row in firsts:
        value = tuple(
            columns[f].values[g] if g >= 0 else None
            for f, g in zip(fields, table[row], strict=True)
        )
        if set(value) != {None}:
            found.add(value)
    return found
