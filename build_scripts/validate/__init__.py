"""Validate the data package (its place in the build: `pipeline`).

Runs, in order: reading, with the file checks we can explain better than Frictionless
(`read`: missing file, encoding, empty file, header); the Table Schema checks on every
usable resource (`schema`, column-wise, proven equal to Frictionless, `reference`: types,
constraints, primary and foreign keys), whose errors `translate` words as our problems;
then the checks a Table Schema cannot express (`rules`). Every problem found is returned
at once; nothing stops at the first.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from build_scripts.errors import Problem, ValidationFailed
from build_scripts.paths import DATAPACKAGE
from build_scripts.validate.read import THREADS, Table, display_path, load_descriptor, read_table
from build_scripts.validate.reference import run_frictionless
from build_scripts.validate.rules import BELGRADE_CODE, check_rules
from build_scripts.validate.schema import run_schema_checks
from build_scripts.validate.translate import CYRILLIC_ONLY, PATTERN_NAMES, SERBIAN_LATIN_ONLY

__all__ = [
    "BELGRADE_CODE",
    "CYRILLIC_ONLY",
    "PATTERN_NAMES",
    "SERBIAN_LATIN_ONLY",
    "Table",
    "ValidPackage",
    "display_path",
    "load_descriptor",
    "require_valid",
    "row_count",
    "validate_package",
]


def validate_package(
    path: Path = DATAPACKAGE, engine: str = "pandas"
) -> tuple[list[Problem], dict[str, Table]]:
    """Every problem in the package at `path` (empty list: valid) and the tables read.

    `engine` runs the Table Schema checks with pandas (`schema`, the default) or with
    Frictionless itself, the reference the pandas checks are tested against."""
    path = Path(path)
    descriptor = load_descriptor(path)
    base = path.parent
    tables: dict[str, Table] = {}
    for resource in descriptor["resources"]:
        name = resource.get("name", "?")
        file_path = base / resource.get("path", "")
        tables[name] = Table(name, file_path, display_path(file_path), resource.get("schema", {}))
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        list(pool.map(read_table, tables.values()))
    if engine == "frictionless":
        run_frictionless(descriptor, base, tables)
    else:
        run_schema_checks(tables)
    check_rules(descriptor, tables)
    problems = [p for t in tables.values() for p in t.problems if not _shifted(t, p)]
    problems.sort(key=lambda p: (p.file, p.row or 0, p.field or "", p.code))
    return problems, tables


@dataclass(frozen=True)
class ValidPackage:
    """A package that passed validation, handed on by the stage that validated it: what
    the downloads ask for before they publish a validation report that says "valid"."""

    path: Path


def require_valid(package: Path | ValidPackage) -> ValidPackage:
    """The package validated (ValidationFailed when it has any problem); one that already
    was is handed back as it is."""
    if isinstance(package, ValidPackage):
        return package
    problems, _ = validate_package(package)
    if problems:
        raise ValidationFailed(problems)
    return ValidPackage(Path(package))


def _shifted(table: Table, p: Problem) -> bool:
    """A problem in a row split by an unquoted decimal comma, in a column after the split:
    a consequence of the decimal comma (the cells moved one column right), not of its own."""
    if p.row not in table.comma_rows or p.code == "decimal-comma" or p.field is None:
        return False
    split = next(
        (x.field for x in table.problems if x.code == "decimal-comma" and x.row == p.row), None
    )
    names = [f["name"] for f in table.schema.get("fields", [])]
    if split not in names or p.field not in names:
        return False
    return names.index(p.field) > names.index(split)


def row_count(tables: dict[str, Table]) -> int:
    return sum(len(t.frame) for t in tables.values() if t.frame is not None)
