"""Frictionless-shaped errors turned into our problems: one vocabulary (catalog/errors.json)
whichever engine found them, with the file, row and column, and what was expected in the
reader's words (a decimal comma and a thousands separator are named as such).
"""

from __future__ import annotations

import re

import frictionless

from build_scripts.errors import Problem, expected, problem
from build_scripts.validate.cells import CellError
from build_scripts.validate.read import Table

SERBIAN_LATIN_ONLY = r"^[^\u0400-\u04FF]*$"
CYRILLIC_ONLY = r"^[^A-Za-zčćšžđČĆŠŽĐ]*$"
PATTERN_NAMES = {
    r"^[0-9]{5}$": "code",
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "kebab",
    r"^[a-z][a-z0-9_]*$": "snake",
    r"^[0-9]{5}(;[0-9]{5})*$": "unit_codes",
}
# An error as Frictionless reports it, or as the column-wise checks (`schema`) do.
ErrorRecord = frictionless.errors.Error | CellError


def _type_problem(table: Table, row: int | None, name: str | None, cell: str) -> Problem:
    kind = table.spec(name).get("type", "string")
    if kind in ("number", "integer") and re.fullmatch(r"-?\d+,\d+", cell.strip()):
        return problem(
            "decimal-comma",
            table.display,
            row,
            name,
            found=cell,
            expected=cell.strip().replace(",", "."),
        )
    if kind == "integer" and re.fullmatch(r"\d{1,3}([.,' ]\d{3})+", cell.strip()):
        return problem(
            "thousands-separator",
            table.display,
            row,
            name,
            found=cell,
            expected=re.sub(r"\D", "", cell),
        )
    return problem(
        "wrong-type",
        table.display,
        row,
        name,
        found=cell,
        expected=expected(kind if kind in ("integer", "number", "boolean") else "string"),
    )


def _constraint_problem(
    table: Table, row: int | None, name: str | None, cell: str, note: str
) -> Problem:
    spec = table.spec(name)
    constraints = spec.get("constraints", {})
    which = re.search(r'constraint "(\w+)"', note)
    kind = which.group(1) if which else ""
    if kind == "minimum" and constraints.get("minimum") == 0:
        return problem("negative-value", table.display, row, name, found=cell)
    if kind in ("minimum", "maximum"):
        bounds = f"{constraints.get('minimum', '…')}–{constraints.get('maximum', '…')}"
        return problem("out-of-range", table.display, row, name, found=cell, expected=bounds)
    if kind == "enum":
        return problem(
            "not-allowed-value",
            table.display,
            row,
            name,
            found=cell,
            expected=", ".join(map(str, constraints.get("enum", []))),
        )
    if kind == "required":
        return problem("required-value", table.display, row, name)
    if kind == "unique":
        return problem(
            "duplicate-key", table.display, row, name, found=cell, other_row="?", expected=name
        )
    if kind == "pattern":
        pattern = constraints.get("pattern", "")
        if pattern in (SERBIAN_LATIN_ONLY, CYRILLIC_ONLY):
            latin = pattern == SERBIAN_LATIN_ONLY
            return problem(
                "wrong-script",
                table.display,
                row,
                name,
                found=cell,
                found_script=expected("cyrillic" if latin else "latin"),
                expected=expected("latin" if latin else "cyrillic"),
            )
        key = PATTERN_NAMES.get(pattern)
        description = expected(key) if key else expected("pattern", pattern=pattern)
        return problem(
            "pattern-mismatch", table.display, row, name, found=cell, expected=description
        )
    return problem("frictionless-error", table.display, row, name, found=note)


def _cells(table: Table, row: int | None, names: list[str]) -> str:
    """The values of `names` in file row `row` (header = 1), as '(a, b)'."""
    if table.frame is None or row is None or not 2 <= row < len(table.frame) + 2:
        return "?"
    values = [str(table.frame.iloc[row - 2].get(n, "")) for n in names]
    return values[0] if len(values) == 1 else f"({', '.join(values)})"


def problem_of(table: Table, error: ErrorRecord) -> Problem | None:
    """The problem an error of Frictionless (or of `schema`, shaped alike) is; None when
    another check reports it with clearer words."""
    code = error.type
    row = getattr(error, "row_number", None)
    name = getattr(error, "field_name", None)
    cell = str(getattr(error, "cell", ""))
    if code == "type-error":
        return _type_problem(table, row, name, cell)
    if code == "constraint-error":
        return _constraint_problem(table, row, name, cell, error.note)
    if code == "missing-cell":
        return problem("missing-cell", table.display, row, name)
    if code == "blank-row":
        return problem("blank-row", table.display, row)
    if code == "extra-cell":
        if row in table.comma_rows:
            return None
        return problem("extra-cell", table.display, row, None, found=cell)
    if code == "primary-key" and 'all "None"' in (error.note or ""):
        return None  # an empty key: reported as empty required cells or as a blank row
    if code in ("primary-key", "unique-error"):
        other = re.search(r"position (\d+)", error.note or "")
        keys = table.schema.get("primaryKey", [])
        return problem(
            "duplicate-key",
            table.display,
            row,
            ", ".join(keys) if code == "primary-key" else name,
            found=_cells(table, row, keys) if code == "primary-key" else cell,
            other_row=other.group(1) if other else "?",
            expected=" + ".join(keys) if code == "primary-key" else name,
        )
    if code == "foreign-key":
        return _foreign_key_problem(table, error)
    if code in (
        "blank-label",
        "duplicate-label",
        "missing-label",
        "extra-label",
        "incorrect-label",
    ):
        return None  # reported by _check_header with clearer words
    return problem("frictionless-error", table.display, row, name, found=error.message)


def _foreign_key_problem(table: Table, error: ErrorRecord) -> Problem:
    fields = getattr(error, "field_names", [])
    row = getattr(error, "row_number", None)
    reference = next(
        (
            fk
            for fk in table.schema.get("foreignKeys", [])
            if fk["fields"] == fields or [fk["fields"]] == fields
        ),
        None,
    )
    target = "?"
    if reference:
        ref = reference["reference"]
        ref_fields = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
        target = f"{ref['resource'] or table.name}.{', '.join(ref_fields)}"
    return problem(
        "unknown-reference",
        table.display,
        row,
        ", ".join(fields),
        found=_cells(table, row, fields),
        expected=target,
    )
