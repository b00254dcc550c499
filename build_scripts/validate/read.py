"""Reading the package for the checks: the descriptor, then each resource's file, with the
file checks we can explain better than Frictionless (missing file, encoding, empty file,
header, an unquoted decimal comma). A table that passes holds every cell as text.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from build_scripts.errors import Problem, UnusableInput, problem
from build_scripts.validate.cells import Rows

# pandas' CSV parser and numpy let go of the interpreter lock for most of their work:
# two threads read (and check) two files at once on a two-core machine.
THREADS = min(2, os.cpu_count() or 1)


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

    def spec(self, name: str | None) -> dict[str, Any]:
        """The schema's field `name` ({} when there is none)."""
        for f in self.schema.get("fields", []):
            if f["name"] == name:
                return f
        return {}

    def read_rows(self) -> Rows:
        """The rows of a table that could be read."""
        assert self.rows is not None, f"{self.name} was not read"
        return self.rows


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
    kinds = [table.spec(label.strip()).get("type") for label in header]
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
