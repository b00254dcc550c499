"""Import, step 1: read a spreadsheet as it comes from the field into a grid of cells.

XLSX through openpyxl (merged cells are filled with their top-left value and keep the
range they belong to; each cell keeps its number format; hidden columns, rows and sheets
are noted), CSV in UTF-8, UTF-16, Windows-1250 or Windows-1251 (importer_encoding) with a
comma, semicolon or tab between cells. A file is recognised by its bytes, not its name: a
workbook renamed to .csv, an old .xls renamed to .xlsx and a password-protected workbook
are each refused with what to do. Nothing is interpreted here: numbers stay as they were
typed, rows keep the numbers the spreadsheet program shows.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from build_scripts.importer.base import ImportUnusable
from build_scripts.importer.encoding import decode

__all__ = ["Cell", "Grid", "column_letter", "decode", "read", "sample_rows"]
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: .xls, or an encrypted .xlsx
ZIP = b"PK\x03\x04"


@dataclass
class Cell:
    value: object  # str, int, float, datetime or None
    percent: bool = False  # an XLSX number shown as a percentage (0.125 shown as 12.5%)
    number_format: str = ""  # the XLSX number format ('#,##0', '"€" #,##0.00'); "" in CSV
    merged: str | None = None  # the merged range ('H6:H7') the cell belongs to, if any

    @property
    def text(self) -> str:
        if self.value is None:
            return ""
        if isinstance(self.value, float) and self.value.is_integer():
            return str(int(self.value))
        return str(self.value).strip()


@dataclass
class Grid:
    """One sheet: `rows` pairs each row's number as the spreadsheet shows it with its cells."""

    file: str
    sheet: str | None
    sheets: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    hidden_columns: set[int] = field(default_factory=set)  # column indexes
    hidden_rows: set[int] = field(default_factory=set)  # row numbers
    hidden_sheets: list[str] = field(default_factory=list)
    sheet_hidden: bool = False  # the sheet read is itself hidden

    @property
    def place(self) -> str:
        """The file, and the sheet when it has sheets: for messages."""
        return f"{self.file}, sheet '{self.sheet}'" if self.sheet else self.file

    def ref(self, column: int, row: int) -> str:
        """A cell as a spreadsheet names it: 'Usluge 2024'!F12, Usluge!F12; a CSV file's one
        sheet is named after the file, as Excel and LibreOffice name it (ada-2024!F12)."""
        cell = f"{column_letter(column)}{row}"
        name = self.sheet if self.sheet is not None else Path(self.file).stem
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", name):
            name = "'" + name.replace("'", "''") + "'"
        return f"{name}!{cell}"

    @property
    def width(self) -> int:
        return max((len(cells) for _, cells in self.rows), default=0)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _kind(path: Path) -> str:
    """What the bytes are, whatever the name: 'encrypted' (a password-protected workbook),
    'ole' (an old .xls), 'ods', 'zip' (.xlsx), 'html' or 'xml' (a web page or an Excel 2003
    XML file under an Excel name) or 'text'."""
    with path.open("rb") as handle:
        head = handle.read(512)
    if head.startswith(OLE):
        data = path.read_bytes()
        names = ("EncryptionInfo", "EncryptedPackage")
        if all(n.encode("utf-16-le") in data for n in names):
            return "encrypted"
        return "ole"
    if head.startswith(ZIP):
        return "ods" if b"application/vnd.oasis.opendocument" in head else "zip"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<table")):
        return "html"
    if start.startswith(b"<?xml"):
        return "xml"
    return "text"


def read(path: Path, display: str, sheet: str | None = None) -> Grid:
    if not path.is_file():
        raise ImportUnusable("input_missing", path=display)
    if path.stat().st_size == 0:
        raise ImportUnusable("file_empty", path=display)
    suffix = path.suffix.lower()
    kind = _kind(path)
    if kind == "encrypted":
        raise ImportUnusable("xlsx_encrypted", path=display)
    if kind == "ole" and suffix != ".xls":
        raise ImportUnusable("format_old_renamed", path=display, suffix=suffix or "-")
    if kind == "zip" and suffix in (".csv", ".txt", ".tsv"):
        raise ImportUnusable("csv_is_workbook", path=display, suffix=suffix)
    if kind == "ods" and suffix != ".ods":
        raise ImportUnusable("format_ods_renamed", path=display, suffix=suffix or "-")
    if kind in ("html", "xml"):
        raise ImportUnusable("format_markup", path=display, suffix=suffix or "-")
    if kind == "text" and suffix in (".xlsx", ".xlsm"):
        raise ImportUnusable("xlsx_is_text", path=display, suffix=suffix)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, display, sheet)
    if suffix in (".csv", ".txt", ".tsv"):
        if sheet:
            raise ImportUnusable("sheet_in_csv", path=display)
        return read_csv(path, display)
    if suffix in (".xls", ".ods"):
        raise ImportUnusable("format_old", path=display, suffix=suffix)
    raise ImportUnusable("format_unknown", path=display, suffix=suffix or "-")


def read_xlsx(path: Path, display: str, sheet: str | None) -> Grid:
    import zipfile

    import openpyxl

    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportUnusable("xlsx_unreadable", path=display, reason=str(exc)) from exc
    names = book.sheetnames
    hidden = [ws.title for ws in book.worksheets if ws.sheet_state != "visible"]
    if sheet is None:
        visible = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
        ws = book.active if book.active in visible else (visible or book.worksheets)[0]
    elif sheet in names:
        ws = book[sheet]
    else:
        raise ImportUnusable("sheet_missing", path=display, sheet=sheet, sheets=", ".join(names))
    _check_formulas(path, display, ws.title, ws)
    filled: dict[tuple[int, int], tuple[object, str, str]] = {}
    for merged in ws.merged_cells.ranges:
        top_left = ws.cell(merged.min_row, merged.min_col)
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                filled[(row, col)] = (top_left.value, top_left.number_format or "", merged.coord)
    grid = Grid(display, ws.title, names, hidden_sheets=hidden, sheet_hidden=ws.title in hidden)
    grid.hidden_columns = _hidden_columns(ws)
    grid.hidden_rows = {n for n, d in ws.row_dimensions.items() if d.hidden}
    for row in ws.iter_rows():
        cells = []
        for c in row:
            value, number_format, merged = filled.get(
                (c.row, c.column), (c.value, c.number_format or "", None)
            )
            percent = isinstance(value, int | float) and "%" in _numeric_part(number_format)
            cells.append(Cell(value, percent, number_format, merged))
        while cells and cells[-1].value in (None, ""):
            cells.pop()
        grid.rows.append((row[0].row if row else len(grid.rows) + 1, cells))
    return grid


def _numeric_part(number_format: str) -> str:
    """A number format without its quoted text and [..] codes ('"%" 0' has no percent)."""
    return re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format)


def _hidden_columns(ws) -> set[int]:
    """Hidden columns, and columns narrower than one character (width 0 hides as well)."""
    hidden: set[int] = set()
    for dimension in ws.column_dimensions.values():
        narrow = dimension.width is not None and dimension.width < 1
        if (dimension.hidden or narrow) and dimension.min and dimension.max:
            hidden.update(range(dimension.min - 1, dimension.max))
    return hidden


def _check_formulas(path: Path, display: str, title: str, values) -> None:
    """A formula whose result was never saved (a file written by a program, not by Excel
    or LibreOffice) reads as empty: refuse rather than import empty cells."""
    import openpyxl

    formulas = openpyxl.load_workbook(path, data_only=False)[title]
    missing = [
        cell.coordinate
        for row in formulas.iter_rows()
        for cell in row
        if cell.data_type == "f" and values[cell.coordinate].value is None
    ]
    if missing:
        shown = ", ".join(missing[:5]) + (", …" if len(missing) > 5 else "")
        raise ImportUnusable("xlsx_formulas_unsaved", path=display, cells=shown)


def _delimiter(text: str) -> str:
    """The delimiter that splits the most lines into the same number (>1) of cells."""
    sample = text.splitlines()[:60]
    best, best_score = ",", (-1, -1)
    for candidate in (";", ",", "\t"):
        widths = [len(r) for r in csv.reader(sample, delimiter=candidate) if any(r)]
        wide = [w for w in widths if w > 1]
        if not wide:
            continue
        mode = max(set(wide), key=wide.count)
        score = (wide.count(mode), mode)
        if score > best_score:
            best, best_score = candidate, score
    return best


def read_csv(path: Path, display: str) -> Grid:
    try:
        raw = path.read_bytes()
        if b"\x00" in raw and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ImportUnusable("csv_not_text", path=display)
        text, encoding = decode(raw, display)
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportUnusable("csv_unreadable", path=display, reason=str(exc)) from exc
    delimiter = _delimiter(text)
    grid = Grid(display, None, [], encoding=encoding, delimiter=delimiter)
    lines = re.findall(r"[^\n]*\n|[^\n]+$", text)
    reader = csv.reader(lines, delimiter=delimiter)
    start = 1
    try:
        for record in reader:
            cells = [Cell(value.strip() or None) for value in record]
            while cells and cells[-1].value is None:
                cells.pop()
            grid.rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportUnusable("csv_unreadable", path=display, reason=str(exc)) from exc
    return grid


def sample_rows(grid: Grid, limit: int = 5) -> str:
    """The first non-empty rows, for messages about a table that was not found."""
    shown = []
    for number, cells in grid.rows:
        texts = [c.text for c in cells if c.text]
        if texts:
            shown.append(f"  {number}: " + " | ".join(texts)[:120])
        if len(shown) >= limit:
            break
    return "\n".join(shown) or "  -"
