"""Stage 1: validate the data package.

Runs, in order: file checks we can explain better than Frictionless (missing file,
encoding, empty file, header), Frictionless on every usable resource (types,
constraints, primary and foreign keys), then the checks a Table Schema cannot express.
Every problem found is returned at once; nothing stops at the first.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frictionless
import numpy as np
import pandas as pd

from build_scripts.errors import Problem, UnusableInput, expected, problem
from build_scripts.paths import DATAPACKAGE
from build_scripts.validate.tablecheck import Rows, check_table, lookup_values

BELGRADE_CODE = "79014"
THREADS = min(2, os.cpu_count() or 1)
SERBIAN_LATIN_ONLY = r"^[^\u0400-\u04FF]*$"
CYRILLIC_ONLY = r"^[^A-Za-zčćšžđČĆŠŽĐ]*$"
PATTERN_NAMES = {
    r"^[0-9]{5}$": "code",
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "kebab",
    r"^[a-z][a-z0-9_]*$": "snake",
    r"^[0-9]{5}(;[0-9]{5})*$": "unit_codes",
}
CYRILLIC = re.compile(r"[\u0400-\u04FF]")


@dataclass
class Table:
    """One resource as read for the checks: its file, schema and rows as text."""

    name: str
    path: Path
    display: str
    schema: dict[str, Any]
    frame: pd.DataFrame | None = None
    usable: bool = True
    header_ok: bool = True
    comma_rows: set[int] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    rows: Rows | None = None


def display_path(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def load_descriptor(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise UnusableInput(problem("package-missing", display_path(path), path=display_path(path)))
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnusableInput(
            problem("package-unreadable", display_path(path), reason=str(exc))
        ) from exc
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise UnusableInput(
            problem("package-unreadable", display_path(path), reason="no 'resources' list")
        )
    return descriptor


# -- file-level checks -----------------------------------------------------------------


def _decode(table: Table, raw: bytes) -> str | None:
    """UTF-8 (with or without BOM) text of the file, or None with a problem recorded."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:2000]:
        table.problems.append(problem("encoding-utf16", table.display, row=1))
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        around = raw[max(line_start, exc.start - 30) : exc.start + 30].split(b"\n")[0]
        bad_line = around.decode("cp1250", errors="replace").strip()
        try:
            text = raw.decode("cp1250")
        except UnicodeDecodeError:
            text = ""
        code = "encoding-windows-1250" if re.search("[čćšžđČĆŠŽĐ]", text) else "encoding-not-utf8"
        table.problems.append(problem(code, table.display, row=line, found=bad_line[:80]))
        return None


def _check_header(table: Table, header: list[str]) -> None:
    names = [f["name"] for f in table.schema.get("fields", [])]
    listing = ", ".join(names)
    problems: list[Problem] = []
    seen: set[str] = set()
    for position, label in enumerate(header, start=1):
        if label != label.strip() and label.strip() in names:
            problems.append(
                problem(
                    "header-whitespace",
                    table.display,
                    row=1,
                    field=label.strip(),
                    found=label,
                    expected=label.strip(),
                )
            )
        elif label.strip() not in names:
            problems.append(
                problem(
                    "unknown-column",
                    table.display,
                    row=1,
                    field=label or f"#{position}",
                    found=label,
                    expected=listing,
                )
            )
        if label.strip() in seen:
            problems.append(
                problem(
                    "duplicate-column",
                    table.display,
                    row=1,
                    field=label.strip(),
                    found=label.strip(),
                )
            )
        seen.add(label.strip())
    stripped = [label.strip() for label in header]
    for name in names:
        if name not in stripped:
            problems.append(
                problem("missing-column", table.display, row=1, field=name, expected=listing)
            )
    if not problems and stripped != names:
        problems.append(
            problem(
                "column-order", table.display, row=1, found=", ".join(stripped), expected=listing
            )
        )
    table.problems.extend(problems)
    table.header_ok = not problems


def _find_decimal_commas(table: Table, header: list[str], records: list[list[str]]) -> None:
    """An unquoted decimal comma (12,5) splits a number in two: name the column.

    Of the places where two adjacent digit cells could be one number, take the one
    where joining them leaves every integer column holding an integer."""
    kinds = [_field(table, label.strip()).get("type") for label in header]
    for line, record in enumerate(records, start=2):
        if len(record) != len(header) + 1:
            continue
        for i, kind in enumerate(kinds):
            if kind != "number" or not (
                re.fullmatch(r"-?\d+", record[i]) and re.fullmatch(r"\d+", record[i + 1])
            ):
                continue
            joined = record[:i] + [f"{record[i]}.{record[i + 1]}"] + record[i + 2 :]
            if all(
                re.fullmatch(r"-?\d*", cell)
                for cell, k in zip(joined, kinds, strict=True)
                if k == "integer"
            ):
                found = f"{record[i]},{record[i + 1]}"
                table.problems.append(
                    problem(
                        "decimal-comma",
                        table.display,
                        line,
                        header[i].strip(),
                        found=found,
                        expected=found.replace(",", "."),
                    )
                )
                table.comma_rows.add(line)
                break


def read_table(table: Table) -> None:
    """File checks; on success `table.frame` holds every cell as text."""
    if not table.path.is_file():
        table.problems.append(
            problem("file-missing", table.display, resource=table.name, path=table.display)
        )
        table.usable = False
        return
    raw = table.path.read_bytes()
    names = ", ".join(f["name"] for f in table.schema.get("fields", []))
    if not raw or raw.isspace():
        table.problems.append(problem("empty-file", table.display, row=1, expected=names))
        table.usable = False
        return
    # The whole file is decoded here only when the fast read cannot take it (pandas
    # decodes it strictly itself); a plain first line is enough for the header.
    text = None
    head = _plain_first_line(raw)
    if head is None:
        text = _decode(table, raw)
        if text is None:
            table.usable = False
            return
        head = _first_row(text)
    header = next(csv.reader(io.StringIO(head, newline="")))
    _check_header(table, header)
    if not table.header_ok:
        table.usable = False
        return
    columns = [label.strip() for label in header]
    rows = _read_rectangular(raw, columns)
    if rows is None:
        if text is None:
            text = _decode(table, raw)
        if text is None:
            table.usable = False
            return
        rows = _read_any(table, text, header)
    rows.has_nul = b"\x00" in raw
    if rows.frame.empty:
        table.problems.append(problem("no-data-rows", table.display, row=1))
        table.usable = False
        return
    table.frame = rows.frame
    table.rows = rows


def _plain_first_line(raw: bytes) -> str | None:
    """The first line as text when it is UTF-8 without quotes and the file does not look
    like UTF-16; None when the whole file has to be decoded first."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:2000]:
        return None
    end = raw.find(b"\n")
    line = raw if end < 0 else raw[: end + 1]
    if b'"' in line:
        return None
    try:
        return line.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _first_row(text: str) -> str:
    """The text up to the end of the first line, or all of it when the first line has
    a quote (a quoted label may span lines)."""
    end = text.find("\n")
    if end < 0 or '"' in text[:end]:
        return text
    return text[: end + 1]


def _read_rectangular(raw: bytes, columns: list[str]) -> Rows | None:
    """The fast read: pandas' C parser, for a file that is one row per line with exactly
    as many cells as the header. None for anything else (quotes, lone carriage returns,
    rows too short or too long, blank lines), which `_read_any` reads like Python's csv
    module and Frictionless do.

    Exact width is proved without a pass over the lines of our own: the header has
    width - 1 commas, the file has (width - 1) x lines commas, and the C parser stops at
    any line with more cells than the header (or, for the first row, reads the extra
    cell as an index, caught below); so no line can have fewer either."""
    width = len(columns)
    if width < 2 or b'"' in raw or b"\x00" in raw:
        return None
    if b"\r" in raw and raw.count(b"\r") != raw.count(b"\r\n"):
        return None
    lines = raw.count(b"\n") + (1 if raw and not raw.endswith(b"\n") else 0)
    first_end = raw.find(b"\n")
    header = raw if first_end < 0 else raw[:first_end]
    if header.count(b",") != width - 1 or raw.count(b",") != (width - 1) * lines:
        return None
    try:
        frame = pd.read_csv(
            io.BytesIO(raw),
            encoding="utf-8-sig",
            encoding_errors="strict",
            dtype=object,  # Python strings: faster to read and to hash than pandas' str
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        )
    except UnicodeDecodeError:
        return None  # `_decode` says where and why
    except pd.errors.ParserError:
        return None  # a row longer than the header
    if not isinstance(frame.index, pd.RangeIndex) or len(frame) != lines - 1:
        return None
    frame.columns = columns
    return Rows(frame)


def _read_any(table: Table, text: str, header: list[str]) -> Rows:
    """Rows of any shape, as Python's csv module reads them; cells a row lacks are "" in
    the frame and counted in `widths`, cells beyond the header kept in `extras`."""
    records = list(csv.reader(io.StringIO(text, newline="")))[1:]
    width = len(header)
    _find_decimal_commas(table, header, records)
    widths = np.fromiter((len(record) for record in records), dtype=np.int64, count=len(records))
    extras = {i: record[width:] for i, record in enumerate(records) if len(record) > width}
    cells = [(record + [""] * width)[:width] for record in records]
    frame = pd.DataFrame(cells, columns=[label.strip() for label in header], dtype=str)
    ragged = bool((widths != width).any())
    return Rows(frame, widths if ragged else None, extras)


# -- Frictionless ----------------------------------------------------------------------


def _field(table: Table, name: str | None) -> dict[str, Any]:
    for f in table.schema.get("fields", []):
        if f["name"] == name:
            return f
    return {}


def _type_problem(table: Table, row: int, name: str, cell: str) -> Problem:
    kind = _field(table, name).get("type", "string")
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


def _constraint_problem(table: Table, row: int, name: str, cell: str, note: str) -> Problem:
    spec = _field(table, name)
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


def _translate(table: Table, error: frictionless.errors.Error) -> Problem | None:
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


def _foreign_key_problem(table: Table, error: frictionless.errors.Error) -> Problem:
    fields = error.field_names if hasattr(error, "field_names") else []
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
        error.row_number,
        ", ".join(fields),
        found=_cells(table, error.row_number, fields),
        expected=target,
    )


def run_frictionless(descriptor: dict[str, Any], base: Path, tables: dict[str, Table]) -> None:
    usable = {name for name, t in tables.items() if t.usable}
    resources = []
    for resource in descriptor["resources"]:
        if resource.get("name") not in usable:
            continue
        resource = json.loads(json.dumps(resource))
        schema = resource.get("schema", {})
        schema["foreignKeys"] = _usable_foreign_keys(schema, resource["name"], usable)
        resources.append(resource)
    if not resources:
        return
    package = frictionless.Package({"resources": resources}, basepath=str(base))
    report = package.validate()
    for task in report.tasks:
        table = tables[task.name]
        for error in task.errors:
            translated = _translate(table, error)
            if translated is not None:
                table.problems.append(translated)


def _usable_foreign_keys(schema: dict[str, Any], name: str, usable: set[str]) -> list[dict]:
    return [
        fk
        for fk in schema.get("foreignKeys", [])
        if (fk["reference"]["resource"] or name) in usable
    ]


def run_schema_checks(descriptor: dict[str, Any], tables: dict[str, Table]) -> None:
    """The checks `run_frictionless` runs, over whole columns (see `tablecheck`)."""
    usable = {name for name, t in tables.items() if t.usable}
    lookups: dict[tuple[str, tuple[str, ...]], set] = {}
    for name in usable:
        table = tables[name]
        for fk in _usable_foreign_keys(table.schema, name, usable):
            ref = fk["reference"]
            source = ref["resource"] or name
            fields = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
            if (source, tuple(fields)) not in lookups:
                lookups[source, tuple(fields)] = lookup_values(
                    tables[source].schema, tables[source].rows, fields
                )

    def check(name: str) -> None:
        table = tables[name]
        schema = dict(table.schema)
        schema["foreignKeys"] = _usable_foreign_keys(table.schema, name, usable)
        for error in check_table(schema, table.rows, lookups, name):
            translated = _translate(table, error)
            if translated is not None:
                table.problems.append(translated)

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        list(pool.map(check, sorted(usable)))


# -- checks a Table Schema cannot express -----------------------------------------------


def _lines(frame: pd.DataFrame, mask: pd.Series) -> list[int]:
    return [int(i) + 2 for i in frame.index[mask]]


def _numbers(table: Table, column: str) -> pd.Series:
    """The column's numbers (NaN where none), parsed once by the schema checks if they
    could."""
    if table.rows is not None and column in table.rows.numbers:
        return pd.Series(table.rows.numbers[column], index=table.frame.index)
    return pd.to_numeric(table.frame[column], errors="coerce")


def check_rules(descriptor: dict[str, Any], tables: dict[str, Table]) -> None:
    def frame(name: str) -> pd.DataFrame | None:
        table = tables.get(name)
        return table.frame if table is not None and table.usable else None

    coverage = descriptor.get("temporalCoverage", {})
    start, end = coverage.get("start"), coverage.get("end")
    city_municipalities: set[str] = set()
    lsg = frame("lsg")
    if lsg is not None:
        t = tables["lsg"]
        bcm = lsg["kind"] == "belgrade_city_municipality"
        city_municipalities = set(lsg.loc[bcm, "code"])
        for line, found in zip(
            _lines(lsg, bcm & (lsg["parent_code"] != BELGRADE_CODE)),
            lsg.loc[bcm & (lsg["parent_code"] != BELGRADE_CODE), "parent_code"],
            strict=False,
        ):
            t.problems.append(
                problem(
                    "parent-not-belgrade",
                    t.display,
                    line,
                    "parent_code",
                    found=found,
                    expected=BELGRADE_CODE,
                )
            )
        wrong = ~bcm & (lsg["parent_code"] != "")
        for line, (found, kind) in zip(
            _lines(lsg, wrong), lsg.loc[wrong, ["parent_code", "kind"]].values, strict=False
        ):
            t.problems.append(
                problem("parent-on-lsg", t.display, line, "parent_code", found=found, kind=kind)
            )

    for name in ("services", "indicators"):
        data = frame(name)
        if data is None:
            continue
        t = tables[name]
        if start is not None and end is not None:
            years = _numbers(t, "year")
            outside = years.notna() & ((years < start) | (years > end))
            for line, found in zip(_lines(data, outside), data.loc[outside, "year"], strict=True):
                t.problems.append(
                    problem(
                        "year-out-of-coverage",
                        t.display,
                        line,
                        "year",
                        found=found,
                        expected=f"{start}–{end}",
                    )
                )
        parts = data["lsg_code"].isin(city_municipalities)
        for line, found in zip(_lines(data, parts), data.loc[parts, "lsg_code"], strict=True):
            t.problems.append(
                problem(
                    "services-for-city-municipality",
                    t.display,
                    line,
                    "lsg_code",
                    found=found,
                    expected=BELGRADE_CODE,
                )
            )

    services = frame("services")
    if services is not None:
        t = tables["services"]
        users, places = _numbers(t, "beneficiaries"), _numbers(t, "capacity")
        above = users.notna() & places.notna() & (users > places)
        for line, u, c in zip(
            _lines(services, above),
            services.loc[above, "beneficiaries"],
            services.loc[above, "capacity"],
            strict=False,
        ):
            t.problems.append(
                problem(
                    "beneficiaries-above-capacity",
                    t.display,
                    line,
                    "beneficiaries",
                    found=u,
                    expected=c,
                )
            )
        parts = [
            _numbers(t, c)
            for c in ("funding_lsg_rsd", "funding_earmarked_rsd", "funding_donor_rsd")
        ]
        total = _numbers(t, "funding_total_rsd")
        added = parts[0] + parts[1] + parts[2]
        mismatch = added.notna() & total.notna() & ((added - total).abs() > 1)
        for line, a, tot in zip(
            _lines(services, mismatch), added[mismatch], total[mismatch], strict=True
        ):
            t.problems.append(
                problem(
                    "funding-sum-mismatch",
                    t.display,
                    line,
                    "funding_total_rsd",
                    found=f"{a:.0f}",
                    expected=f"{tot:.0f}",
                )
            )

    imc = frame("imc")
    if imc is not None:
        t = tables["imc"]
        same = imc["lead_lsg_code"] == imc["partner_lsg_code"]
        for line, found in zip(_lines(imc, same), imc.loc[same, "partner_lsg_code"], strict=True):
            t.problems.append(
                problem("imc-self-partner", t.display, line, "partner_lsg_code", found=found)
            )


# -- entry point -----------------------------------------------------------------------


def validate_package(
    path: Path = DATAPACKAGE, engine: str = "pandas"
) -> tuple[list[Problem], dict[str, Table]]:
    """Every problem in the package at `path` (empty list: valid) and the tables read.

    `engine` runs the Table Schema checks with pandas (`tablecheck`, the default) or with
    Frictionless itself, the reference the pandas checks are tested against."""
    path = Path(path)
    descriptor = load_descriptor(path)
    base = path.parent
    tables: dict[str, Table] = {}
    for resource in descriptor["resources"]:
        name = resource.get("name", "?")
        file_path = base / resource.get("path", "")
        tables[name] = Table(name, file_path, display_path(file_path), resource.get("schema", {}))
    # pandas' CSV parser and numpy let go of the interpreter lock for most of their work:
    # two threads read two files at once on a two-core machine.
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        list(pool.map(read_table, tables.values()))
    if engine == "frictionless":
        run_frictionless(descriptor, base, tables)
    else:
        run_schema_checks(descriptor, tables)
    check_rules(descriptor, tables)
    problems = [p for t in tables.values() for p in t.problems if not _shifted(t, p)]
    problems.sort(key=lambda p: (p.file, p.row or 0, p.field or "", p.code))
    return problems, tables


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
