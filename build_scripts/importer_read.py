"""Import, step 1: read a spreadsheet as it comes from the field into a grid of cells.

XLSX through openpyxl (merged cells are filled with their top-left value, cells formatted
as percent are marked), CSV in UTF-8, UTF-16, Windows-1250 or Windows-1251 with a comma,
semicolon or tab between cells. Nothing is interpreted here: numbers stay as they were
typed, rows keep the numbers the spreadsheet program shows.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from .importer_base import ImportUnusable

SERBIAN_LATIN = set("čćšžđČĆŠŽĐ")
SERBIAN_CYRILLIC = set("абвгдђежзијклљмнњопрстћуфхцчџшАБВГДЂЕЖЗИЈКЛЉМНЊОПРСТЋУФХЦЧЏШ")


@dataclass
class Cell:
    value: object  # str, int, float, datetime or None
    percent: bool = False  # an XLSX number shown as a percentage (0.125 shown as 12.5%)

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


def read(path: Path, display: str, sheet: str | None = None) -> Grid:
    if not path.is_file():
        raise ImportUnusable("input_missing", path=display)
    suffix = path.suffix.lower()
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
    if sheet is None:
        ws = book.worksheets[0]
    elif sheet in names:
        ws = book[sheet]
    else:
        raise ImportUnusable("sheet_missing", path=display, sheet=sheet, sheets=", ".join(names))
    _check_formulas(path, display, ws.title, ws)
    filled: dict[tuple[int, int], object] = {}
    for merged in ws.merged_cells.ranges:
        top_left = ws.cell(merged.min_row, merged.min_col).value
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                filled[(row, col)] = top_left
    grid = Grid(display, ws.title, names)
    for row in ws.iter_rows():
        cells = []
        for c in row:
            value = filled.get((c.row, c.column), c.value)
            percent = isinstance(value, int | float) and "%" in (c.number_format or "")
            cells.append(Cell(value, percent))
        while cells and cells[-1].value in (None, ""):
            cells.pop()
        grid.rows.append((row[0].row if row else len(grid.rows) + 1, cells))
    return grid


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


def decode(raw: bytes) -> tuple[str, str]:
    """Text and the name of the encoding it was read in."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "UTF-8"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "UTF-16"
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    # Windows-1250 (Latin) or Windows-1251 (Cyrillic): whichever reads as Serbian letters.
    latin = raw.decode("cp1250", errors="replace")
    cyrillic = raw.decode("cp1251", errors="replace")
    latin_score = sum(ch in SERBIAN_LATIN for ch in latin)
    cyrillic_score = sum(ch in SERBIAN_CYRILLIC for ch in cyrillic)
    if cyrillic_score > latin_score:
        return cyrillic, "Windows-1251"
    return latin, "Windows-1250"


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
        text, encoding = decode(path.read_bytes())
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
