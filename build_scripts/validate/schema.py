"""Table Schema checks over whole columns with pandas: the errors Frictionless reports,
at a small multiple of the time pandas takes to read the file.

Frictionless reads and checks a table row by row in Python (40-50k rows a second). Here a
cell's verdict depends only on its text, so each column is factorized and Frictionless's own
cell reader (missing values, type, constraints) runs once per distinct text; strings whose
only constraints are required, pattern and enum get the same verdicts from a few lines of
our own. Integer and number columns of large tables are parsed whole with numpy when their
cells are plain digits; every other cell, and every number exactly on a bound, goes through
Frictionless's reader. Primary keys, `unique` fields and foreign keys are checked on the
typed values, as Frictionless does, and a duplicate names the previous row with the same
key, as Frictionless does.

The result is a list of error records shaped like Frictionless's (type, row_number,
field_name, cell, note, field_names), in Frictionless's order, cut at its error limit, so
`validate._translate` turns both into the same problems. tests/test_tablecheck.py runs both
on the invalid fixtures, on tricky tables and on generated cells, and compares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import frictionless
import numpy as np
import pandas as pd

LIMIT_ERRORS = frictionless.settings.DEFAULT_LIMIT_ERRORS
BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
# Order of errors within one row, as Frictionless emits them.
PHASES = {"cell": 0, "extra-cell": 1, "missing-cell": 2, "unique": 3, "primary": 4, "foreign": 5}


@dataclass
class CellError:
    """One error, with the attributes `validate._translate` reads from Frictionless's."""

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
    errors: dict[int, list[tuple[str, str]]]
    numbers: np.ndarray | None = None


def _copy(column: Column) -> Column:
    return Column(
        column.groups.copy(),
        list(column.values),
        {row: list(errs) for row, errs in column.errors.items()},
        None if column.numbers is None else column.numbers.copy(),
    )


def _exact_once(rows: Rows, spec: frictionless.Field) -> Column:
    """`_exact` of a column, computed once per table read (a copy each time)."""
    if spec.name not in rows.exact:
        rows.exact[spec.name] = _exact(spec.create_cell_reader(), rows.frame[spec.name], spec)
    return _copy(rows.exact[spec.name])


def _schema(descriptor: dict[str, Any]) -> frictionless.Schema:
    schema = dict(descriptor)
    schema.pop("foreignKeys", None)
    schema.pop("primaryKey", None)
    return frictionless.Schema.from_descriptor(schema)


def _verdict(reader, cell: str | None) -> tuple[Any, list[tuple[str, str]]]:
    value, notes = reader(cell)
    if not notes:
        return value, []
    if "type" in notes:
        return None, [("type-error", notes["type"])]
    return value, [("constraint-error", note) for note in notes.values()]


def _string_verdicts(spec: frictionless.Field, uniques) -> list[tuple[Any, list]] | None:
    """Frictionless's verdicts for a string field whose only constraints are required,
    pattern and enum (and unique, which Frictionless checks across rows, not per cell),
    computed without its per-cell machinery; None for other fields."""
    constraints = spec.constraints
    if spec.type != "string" or spec.format not in (None, "default"):
        return None
    if not set(constraints) <= {"required", "pattern", "enum", "unique"}:
        return None
    missing = set(_missing_values(spec))
    pattern = re.compile(f"^{constraints['pattern']}$") if "pattern" in constraints else None
    allowed = set(constraints["enum"]) if "enum" in constraints else None

    def note(name: str) -> tuple[str, str]:
        return ("constraint-error", f'constraint "{name}" is "{constraints[name]}"')

    required = [note("required")] if constraints.get("required") else []
    verdicts = []
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


def _exact(reader, texts: pd.Series, spec: frictionless.Field | None = None) -> Column:
    """Frictionless's verdict once per distinct text."""
    codes, uniques = pd.factorize(texts, sort=False)
    uniques = uniques.tolist()
    verdicts = _string_verdicts(spec, uniques) if spec is not None else None
    if verdicts is None:
        verdicts = [_verdict(reader, text) for text in uniques]
    values = [value for value, _ in verdicts]
    # Distinct texts can type to the same value ("7" and "07"): group by typed value.
    value_codes, typed = pd.factorize(pd.Series(values, dtype=object), sort=False)
    groups = value_codes[codes] if len(codes) else np.empty(0, dtype=np.int64)
    bad = [index for index, (_, errs) in enumerate(verdicts) if errs]
    errors: dict[int, list[tuple[str, str]]] = {}
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


COMPARE = {
    "minimum": np.less,
    "maximum": np.greater,
    "exclusiveMinimum": np.less_equal,
    "exclusiveMaximum": np.greater_equal,
}
# Below this many rows a column is always read cell by distinct cell.
VECTOR_ROWS = 1000
# Most digits of a plain integer (fits an int64) and of a plain number (an exact float).
INT64_DIGITS = 18
FLOAT_DIGITS = 15
POWERS_OF_TEN = 10.0 ** np.arange(FLOAT_DIGITS + 1)


def _missing_values(spec: frictionless.Field) -> list[str]:
    if spec.has_defined("missing_values") or spec.schema is None:
        return spec.missing_values
    return spec.schema.missing_values


def _points(cells: np.ndarray) -> np.ndarray:
    """numpy fixed-width (unicode) strings as a matrix of code points, zero after each
    end."""
    width = cells.dtype.itemsize // 4
    return cells.view(np.uint32).reshape(len(cells), width)


def _parse_plain(points: np.ndarray, integer: bool) -> tuple[np.ndarray, np.ndarray]:
    """Which cells are plain numbers, and their values, without a Python loop per cell.

    Plain: ASCII digits only for an integer (at most 18, so it fits an int64); for a
    number also one leading minus and one decimal point, with at most 15 digits, so the
    digits make an exact integer and dividing it by a power of ten gives the same float as
    parsing the text. Python's int() and Decimal() read every plain cell, and read it to
    this value; everything else is left to Frictionless's reader."""
    count, width = points.shape
    values = np.zeros(count, dtype=np.int64)
    if count == 0 or width == 0:
        return np.zeros(count, dtype=bool), values
    plain = points[:, 0] != 0
    digits = np.zeros(count, dtype=np.int64)
    negative = points[:, 0] == ord("-")
    seen_point = np.zeros(count, dtype=bool)
    decimals = np.zeros(count, dtype=np.int64)
    for j in range(width):
        point = points[:, j]
        digit = (point >= ord("0")) & (point <= ord("9"))
        allowed = digit | (point == 0)
        if not integer:
            dot = point == ord(".")
            allowed |= dot & ~seen_point
            if j == 0:
                allowed |= negative
        plain &= allowed
        values = np.where(digit, values * 10 + (point.astype(np.int64) - ord("0")), values)
        digits += digit
        if not integer:
            decimals += digit & seen_point
            seen_point |= dot
    if integer:
        return plain & (digits <= INT64_DIGITS), values
    plain &= (digits > 0) & (digits <= FLOAT_DIGITS)
    numbers = values / POWERS_OF_TEN[np.minimum(decimals, FLOAT_DIGITS)]
    return plain, np.where(negative, -numbers, numbers)


def _parse_column(texts: pd.Series, integer: bool) -> tuple[np.ndarray, np.ndarray]:
    """`_parse_plain` of every cell, parsing each distinct text once (number columns
    repeat values a lot: a million indicator values have a few thousand texts)."""
    codes, uniques = pd.factorize(texts, sort=False)
    if len(codes) and codes.min() < 0:  # no missing cells in a frame read as text
        uniques, codes = texts, np.arange(len(texts))
    try:  # one byte per character when every cell is ASCII, as numbers are
        cells = np.asarray(uniques, dtype=object).astype("S")
        points = cells.view(np.uint8).reshape(len(cells), cells.dtype.itemsize)
    except UnicodeEncodeError:
        points = _points(np.asarray(uniques, dtype=object).astype(str))
    plain, numbers = _parse_plain(points, integer)
    return plain[codes], numbers[codes]


def _numeric(reader, spec: frictionless.Field, texts: pd.Series) -> Column | None:
    """An integer or number column parsed whole by numpy; every cell that is not plain
    digits, or that sits exactly on a bound (where float rounding could decide), goes to
    Frictionless's reader. None when a bound is not a number (left to the exact path)."""
    bounds = {}
    value_reader = spec.create_value_reader()
    for name in BOUNDS:
        if spec.constraints.get(name) is not None:
            bound = value_reader(spec.constraints[name])  # as Frictionless reads a bound
            if bound is None:
                return None
            bounds[name] = bound
    kind = np.int64 if spec.type == "integer" else np.float64
    plain, numbers = _parse_column(texts, spec.type == "integer")
    unsure = ~plain
    limits = {}
    for name, bound in bounds.items():
        limits[name] = int(bound) if kind is np.int64 else float(bound)
        if kind is np.float64:
            unsure |= plain & (numbers == limits[name])
    errors: dict[int, list[tuple[str, str]]] = {}
    for name in BOUNDS:  # Frictionless checks constraints in this order
        if name not in limits:
            continue
        fails = ~unsure & COMPARE[name](numbers, limits[name])
        note = f'constraint "{name}" is "{spec.constraints[name]}"'
        for row in np.flatnonzero(fails):
            errors.setdefault(int(row), []).append(("constraint-error", note))
    # Typed values are only needed for keys, which never take this path: one group for
    # every value, -1 where there is none (missing, or not a number).
    groups = np.zeros(len(texts), dtype=np.int64)
    rest = np.flatnonzero(unsure)
    if len(rest):
        exact = _exact(reader, texts.iloc[rest])
        for position, errs in exact.errors.items():
            errors[int(rest[position])] = errs
        groups[rest] = np.where(exact.groups < 0, -1, 0)
    # The numbers as pandas.to_numeric(errors="coerce") reads the column, for the checks
    # that follow the schema.
    parsed = numbers.astype(np.float64)
    odd = np.flatnonzero(~plain)
    if len(odd):
        parsed[odd] = pd.to_numeric(texts.iloc[odd], errors="coerce").to_numpy(dtype=float)
    return Column(groups, [], errors, parsed)


def _free_text(reader, spec: frictionless.Field, texts: pd.Series) -> Column:
    """A string column with no constraint but `required`: only missing cells matter."""
    missing = texts.isin(_missing_values(spec)).to_numpy()
    _, errs = _verdict(reader, _missing_values(spec)[0]) if missing.any() else (None, [])
    errors = {int(row): errs for row in np.flatnonzero(missing)} if errs else {}
    return Column(np.where(missing, -1, 0).astype(np.int64), [], errors)


def check_column(
    spec: frictionless.Field, texts: pd.Series, keyed: bool, vectorize: bool = True
) -> Column:
    reader = spec.create_cell_reader()
    if vectorize and not keyed and len(texts) > VECTOR_ROWS:
        if (
            spec.type == "string"
            and spec.format in (None, "default")
            and set(spec.constraints) <= {"required"}
        ):
            return _free_text(reader, spec, texts)
        if spec.type in ("integer", "number") and "enum" not in spec.constraints:
            column = _numeric(reader, spec, texts)
            if column is not None:
                return column
    return _exact(reader, texts, spec)


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


def check_table(
    schema: dict[str, Any],
    rows: Rows,
    lookups: dict[tuple[str, tuple[str, ...]], set[tuple[Any, ...]]],
    name: str,
) -> list[CellError]:
    """The errors Frictionless reports for `rows` against `schema`, in its order."""
    frame = rows.frame
    fs = _schema(schema)
    names = [f.name for f in fs.fields]
    keyed = keyed_fields(schema)
    count = len(frame)
    absent = None
    if rows.widths is not None:
        absent = {n: rows.widths <= i for i, n in enumerate(names)}
    columns: dict[str, Column] = {}
    errors: list[CellError] = []
    for number, spec in enumerate(fs.fields, start=1):
        if spec.name in keyed:  # what check_column does for a key, maybe done already
            column = _exact_once(rows, spec)
        else:
            column = check_column(spec, frame[spec.name], False, vectorize=not rows.has_nul)
        if absent is not None and absent[spec.name].any():
            # A cell the row does not have is read as None, not as "".
            value, errs = _verdict(spec.create_cell_reader(), None)
            missing = np.flatnonzero(absent[spec.name])
            column.groups[missing] = -1
            for row in missing:
                if errs:
                    column.errors[int(row)] = errs
                else:
                    column.errors.pop(int(row), None)
        columns[spec.name] = column
        if column.numbers is not None and absent is None:
            rows.numbers[spec.name] = column.numbers
        for row, errs in column.errors.items():
            for kind, note in errs:
                errors.append(
                    CellError(
                        kind,
                        row + 2,
                        spec.name,
                        _cell(frame, row, spec.name, absent),
                        note,
                        order=(row, PHASES["cell"], number),
                    )
                )
    # A row is blank when no field has a value and none has a type error.
    blank = np.ones(count, dtype=bool)
    for spec in fs.fields:
        column = columns[spec.name]
        blank &= column.groups < 0
        typed = [r for r, errs in column.errors.items() if errs[0][0] == "type-error"]
        blank[typed] = False
    if rows.widths is not None:
        width = len(names)
        for row, cells in rows.extras.items():
            for offset, cell in enumerate(cells, start=width + 1):
                errors.append(
                    CellError(
                        "extra-cell",
                        row + 2,
                        "",
                        cell,
                        order=(row, PHASES["extra-cell"], offset),
                    )
                )
        for row in np.flatnonzero(rows.widths < width):
            for offset in range(int(rows.widths[row]), width):
                errors.append(
                    CellError(
                        "missing-cell",
                        int(row) + 2,
                        names[offset],
                        order=(int(row), PHASES["missing-cell"], offset + 1),
                    )
                )
    if blank.any():
        blank_rows = set(np.flatnonzero(blank).tolist())
        errors = [e for e in errors if e.order[0] not in blank_rows]
        errors.extend(
            CellError("blank-row", int(r) + 2, order=(int(r), PHASES["cell"], 0))
            for r in sorted(blank_rows)
        )
    for number, spec in enumerate(fs.fields, start=1):
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
    primary = schema.get("primaryKey", [])
    if primary:
        keys = _key_frame(columns, primary)
        none = (keys < 0).all(axis=1).to_numpy()
        for row in np.flatnonzero(none):
            errors.append(
                CellError(
                    "primary-key",
                    int(row) + 2,
                    note='cells composing the primary keys are all "None"',
                    order=(int(row), PHASES["primary"], 0),
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
    errors.sort(key=lambda e: e.order)
    return errors[:LIMIT_ERRORS]


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


def _cell(frame: pd.DataFrame, row: int, name: str, absent) -> str:
    if absent is not None and absent[name][row]:
        return "None"
    return frame.iat[row, frame.columns.get_loc(name)]


def lookup_values(schema: dict[str, Any], rows: Rows, fields: list[str]) -> set[tuple[Any, ...]]:
    """The typed values of `fields` in every row, as Frictionless builds a foreign key's
    lookup (rows where all of them are missing left out)."""
    fs = _schema(schema)
    columns = {}
    for spec in fs.fields:
        if spec.name in fields:
            column = _exact_once(rows, spec)
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
