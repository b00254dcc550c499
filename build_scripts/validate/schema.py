"""Table Schema checks over whole columns with pandas: the errors Frictionless reports,
at a small multiple of the time pandas takes to read the file.

Frictionless reads and checks a table row by row in Python (40-50k rows a second). Here a
cell's verdict depends only on its text, so each column is factorized and Frictionless's own
cell reader (missing values, type, constraints) runs once per distinct text; strings whose
only constraints are required, pattern and enum get the same verdicts from a few lines of
our own (`cells`). Integer and number columns of large tables are parsed whole with numpy
when their cells are plain digits; every other cell, and every number exactly on a bound,
goes through Frictionless's reader (`numbers`). Primary keys, `unique` fields and foreign
keys are checked on the typed values, as Frictionless does, and a duplicate names the
previous row with the same key, as Frictionless does (`keys`).

The result is a list of error records shaped like Frictionless's (type, row_number,
field_name, cell, note, field_names), in Frictionless's order, cut at its error limit, so
`translate.problem_of` turns both into the same problems. tests/test_schema.py runs both
on the invalid fixtures, on tricky tables and on generated cells, and compares.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import frictionless
import numpy as np
import pandas as pd

from build_scripts.validate.cells import (
    PHASES,
    CellError,
    Column,
    Rows,
    exact,
    exact_once,
    free_text,
    frictionless_schema,
    verdict,
)
from build_scripts.validate.keys import (
    Lookups,
    foreign_key_errors,
    keyed_fields,
    lookup_values,
    primary_key_errors,
    unique_errors,
)
from build_scripts.validate.numbers import numeric
from build_scripts.validate.read import THREADS, Table
from build_scripts.validate.translate import problem_of

LIMIT_ERRORS = frictionless.settings.DEFAULT_LIMIT_ERRORS
# Below this many rows a column is always read cell by distinct cell.
VECTOR_ROWS = 1000
# Which rows lack a field's cell (a row shorter than the header), by field name.
Absent = dict[str, np.ndarray]


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
            return free_text(reader, spec, texts)
        if spec.type in ("integer", "number") and "enum" not in spec.constraints:
            column = numeric(reader, spec, texts)
            if column is not None:
                return column
    return exact(reader, texts, spec)


def check_table(schema: dict[str, Any], rows: Rows, lookups: Lookups, name: str) -> list[CellError]:
    """The errors Frictionless reports for `rows` against `schema`, in its order."""
    fields = frictionless_schema(schema).fields
    columns, errors = _cell_errors(fields, rows, keyed_fields(schema))
    errors += _shape_errors(rows, [spec.name for spec in fields])
    blank = _blank_rows(fields, columns, len(rows.frame))
    if blank:
        errors = [e for e in errors if e.order[0] not in blank]
        errors.extend(
            CellError("blank-row", r + 2, order=(r, PHASES["cell"], 0)) for r in sorted(blank)
        )
    errors += unique_errors(fields, columns)
    errors += primary_key_errors(schema.get("primaryKey", []), columns)
    errors += foreign_key_errors(schema, columns, lookups, name)
    errors.sort(key=lambda e: e.order)
    return errors[:LIMIT_ERRORS]


def _cell_errors(
    fields: list[frictionless.Field], rows: Rows, keyed: set[str]
) -> tuple[dict[str, Column], list[CellError]]:
    """Each field's verdicts, and the errors of its cells."""
    frame = rows.frame
    absent: Absent | None = None
    if rows.widths is not None:
        absent = {spec.name: rows.widths <= i for i, spec in enumerate(fields)}
    columns: dict[str, Column] = {}
    errors: list[CellError] = []
    for number, spec in enumerate(fields, start=1):
        if spec.name in keyed:  # what check_column does for a key, maybe done already
            column = exact_once(rows, spec)
        else:
            column = check_column(spec, frame[spec.name], False, vectorize=not rows.has_nul)
        if absent is not None and absent[spec.name].any():
            # A cell the row does not have is read as None, not as "".
            _, errs = verdict(spec.create_cell_reader(), None)
            missing = np.flatnonzero(absent[spec.name])
            column.groups[missing] = -1
            for position in missing:
                if errs:
                    column.errors[int(position)] = errs
                else:
                    column.errors.pop(int(position), None)
        columns[spec.name] = column
        if column.numbers is not None and absent is None:
            rows.numbers[spec.name] = column.numbers
        for row, errs in column.errors.items():
            cell = _cell(frame, row, spec.name, absent)
            for kind, note in errs:
                order = (row, PHASES["cell"], number)
                errors.append(CellError(kind, row + 2, spec.name, cell, note, order=order))
    return columns, errors


def _shape_errors(rows: Rows, names: list[str]) -> list[CellError]:
    """Cells beyond the header, and cells a row lacks."""
    if rows.widths is None:
        return []
    errors = []
    width = len(names)
    for row, cells in rows.extras.items():
        for offset, cell in enumerate(cells, start=width + 1):
            order = (row, PHASES["extra-cell"], offset)
            errors.append(CellError("extra-cell", row + 2, "", cell, order=order))
    for short in np.flatnonzero(rows.widths < width):
        for offset in range(int(rows.widths[short]), width):
            order = (int(short), PHASES["missing-cell"], offset + 1)
            errors.append(CellError("missing-cell", int(short) + 2, names[offset], order=order))
    return errors


def _blank_rows(
    fields: list[frictionless.Field], columns: dict[str, Column], count: int
) -> set[int]:
    """Rows where no field has a value and none has a type error."""
    blank = np.ones(count, dtype=bool)
    for spec in fields:
        column = columns[spec.name]
        blank &= column.groups < 0
        typed = [r for r, errs in column.errors.items() if errs[0][0] == "type-error"]
        blank[typed] = False
    return set(np.flatnonzero(blank).tolist())


def _cell(frame: pd.DataFrame, row: int, name: str, absent: Absent | None) -> str:
    if absent is not None and absent[name][row]:
        return "None"
    return frame.iat[row, frame.columns.get_loc(name)]


def usable_foreign_keys(
    schema: dict[str, Any], name: str, usable: set[str]
) -> list[dict[str, Any]]:
    """The foreign keys of resource `name` whose target could be read."""
    return [
        fk
        for fk in schema.get("foreignKeys", [])
        if (fk["reference"]["resource"] or name) in usable
    ]


def run_schema_checks(tables: dict[str, Table]) -> None:
    """The checks `reference.run_frictionless` runs, over whole columns."""
    usable = {name for name, t in tables.items() if t.usable}
    lookups: Lookups = {}
    for name in usable:
        table = tables[name]
        for fk in usable_foreign_keys(table.schema, name, usable):
            ref = fk["reference"]
            source = ref["resource"] or name
            fields = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
            if (source, tuple(fields)) not in lookups:
                lookups[source, tuple(fields)] = lookup_values(
                    tables[source].schema, tables[source].read_rows(), fields
                )

    def check(name: str) -> None:
        table = tables[name]
        schema = dict(table.schema)
        schema["foreignKeys"] = usable_foreign_keys(table.schema, name, usable)
        for error in check_table(schema, table.read_rows(), lookups, name):
            translated = problem_of(table, error)
            if translated is not None:
                table.problems.append(translated)

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        list(pool.map(check, sorted(usable)))
