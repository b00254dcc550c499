"""Import: the records a row gives — services (one per row) and indicators (one per value
cell) — with each value read into the package's format, and the shapes the import
passes between its steps.

`Fields` is mixed into the row extractor (importer_rows.Extractor), which supplies
the cells, the layout and where issues go.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from build_scripts.datapackage.demo_data import SERVICE_AMOUNTS
from build_scripts.importer.base import Issue, say
from build_scripts.importer.layout import Column
from build_scripts.importer.names import Place
from build_scripts.importer.percent import check_bound
from build_scripts.importer.read import Cell, column_letter
from build_scripts.importer.values import (
    BadValue,
    ambiguous,
    parse_bool,
    parse_number,
    parse_provider_type,
    parse_year,
    whole,
)
from build_scripts.translit import to_latin

Key = tuple[str, str, int]
CYRILLIC = re.compile("[\u0400-\u04ff]")


@dataclass
class Record:
    key: Key  # (lsg_code, service_type_code or indicator_code, year)
    values: dict[str, str]
    row: int
    cells: dict[str, str] = field(default_factory=dict)  # field -> 'Usluge!F12'
    source: str = ""  # the row ('Usluge!A6:L6') or cell ('Pokazatelji!D7') it came from


@dataclass
class Skipped:
    row: int
    label: str
    reason: str


@dataclass
class Matched:
    label: str
    how: str
    place: Place
    rows: list[int] = field(default_factory=list)


@dataclass
class Outcome:
    records: dict[Key, Record] = field(default_factory=dict)
    scope: set[tuple] = field(default_factory=set)
    issues: list[Issue] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    matched: dict[tuple[str, str], Matched] = field(default_factory=dict)
    counts: Counter = field(default_factory=Counter)
    suggestions: dict[str, str] = field(default_factory=dict)  # name as written -> code
    lsgs: set[str] = field(default_factory=set)  # the LSGs of the rows matched
    rounded: int = 0
    transliterated: int = 0
    carried: int = 0
    blank: int = 0
    style: str = "sr"
    notes: list[str] = field(default_factory=list)  # how a column was read, said in the report
    hidden_rows: list[int] = field(default_factory=list)  # hidden rows with values, imported


@dataclass
class Row:
    number: int
    cells: list[Cell]
    place: Place
    part: bool


class Fields:
    """Reading the values of a row; needs the attributes and helpers of the Extractor."""

    layout: Any
    names: Any
    grid: Any
    units: Any
    out: Outcome
    year: int | None
    coverage: tuple[int, int] | None
    styles: dict[int, str]
    shares: set[tuple[int, str]]

    def amount(self, column: Column, cell: Cell, row: int, money: bool) -> Decimal | None:
        """A number of a value column: never a merged cell, read in the column's number
        style, and for money in dinars (scale and currency applied); None when empty."""
        if cell.merged and cell.value is not None:
            raise BadValue("value_merged", found=cell.text, range=cell.merged)
        value, _ = parse_number(cell, self.styles.get(column.index, self.out.style))
        if value is not None and money and self.units is not None:
            value = self.units.dinars(column, cell, value, row)
        return value

    # -- services ---------------------------------------------------------------------

    def year_of(self, row: Row) -> int | None:
        column = self.layout.column("year")
        if column is None:
            return self.year
        try:
            year = parse_year(self.cell(row.cells, column))
        except BadValue as exc:
            self.bad(row.number, column, exc)
            return None
        if year is None:
            self.issue("value", row.number, column, "value_required")
        return year

    def in_scope_year(self, row: Row, year: int, column: Column | None) -> bool:
        if self.year is not None and year != self.year:
            self.out.skipped.append(
                Skipped(row.number, self.label(row.cells), say("skip_other_year", year=year))
            )
            return False
        if self.coverage and not self.coverage[0] <= year <= self.coverage[1]:
            self.issue(
                "value",
                row.number,
                column,
                "value_year_outside",
                found=year,
                start=self.coverage[0],
                end=self.coverage[1],
            )
            return False
        return True

    def service_row(self, row: Row) -> None:
        layout, number = self.layout, row.number
        year = self.year_of(row)
        if year is None or not self.in_scope_year(row, year, layout.column("year")):
            return
        before = len(self.out.issues)
        st_column = layout.column("service_type")
        st_text = self.cell(row.cells, st_column).text
        service_type = None
        if not st_text:
            self.issue("value", number, st_column, "value_required")
        else:
            match = self.names.service_types.match(st_text)
            if match.place:
                service_type = match.place.code
            else:
                self.code_unmatched(number, st_column, st_text, match, self.names.service_types)
        values: dict[str, str] = {}
        cells: dict[str, str] = {}
        for column in layout.columns:
            if column.field not in ("lsg_name", "lsg_code") and column.field:
                cells.setdefault(column.field, self.grid.ref(column.index, number))
        for name, parse in (("provider_type", parse_provider_type), ("licensed", parse_bool)):
            column = layout.column(name)
            try:
                parsed = parse(self.cell(row.cells, column))
            except BadValue as exc:
                self.bad(number, column, exc)
                continue
            if parsed is None:
                self.issue("value", number, column, "value_required")
                continue
            values[name] = parsed if isinstance(parsed, str) else str(parsed).lower()
        provider = self.cell(row.cells, layout.column("provider_name")).text
        if not provider:
            self.issue("value", number, layout.column("provider_name"), "value_required")
        provider = " ".join(provider.split())
        if CYRILLIC.search(provider):
            provider = to_latin(provider)
            self.out.transliterated += 1
        values["provider_name"] = provider
        for name in SERVICE_AMOUNTS:
            column = layout.column(name)
            if column is None:
                values[name] = ""
                continue
            cell = self.cell(row.cells, column)
            try:
                money = name.startswith("funding_")
                number_value = self.amount(column, cell, number, money)
                cells[name] = self.grid.ref(column.index, number)
                if number_value is None:
                    if name not in ("capacity", "funding_total_rsd"):
                        self.issue("value", number, column, "value_required")
                    values[name] = ""
                    continue
                if number_value < 0:
                    raise BadValue("value_negative", found=cell.text)
                values[name] = str(whole(number_value, cell.text))
            except BadValue as exc:
                self.bad(number, column, exc)
        parts = [values.get(f, "") for f in ("funding_lsg_rsd", "funding_earmarked_rsd")]
        parts.append(values.get("funding_donor_rsd", ""))
        if not values.get("funding_total_rsd") and all(parts):
            values["funding_total_rsd"] = str(sum(int(p) for p in parts))
        imc_column = layout.column("imc")
        try:
            imc = parse_bool(self.cell(row.cells, imc_column)) if imc_column else False
        except BadValue as exc:
            self.bad(number, imc_column, exc)
            imc = False
        values["imc"] = "true" if imc else "false"
        if service_type is None or len(self.out.issues) > before:
            return
        first, last = min(c.index for c in layout.columns), max(c.index for c in layout.columns)
        source = f"{self.grid.ref(first, number)}:{column_letter(last)}{number}"
        self.add(row, (row.place.code, service_type, year), values, scope=(row.place.code, year))
        record = self.out.records.get((row.place.code, service_type, year))
        if record is not None and record.row == number:
            record.cells, record.source = cells, source

    def code_unmatched(self, number, column, text, match, code_list) -> None:
        if match.suggestions:
            code = match.suggestions[0].code
            self.out.suggestions.setdefault(text, code)
            self.issue(
                "unmatched",
                number,
                column,
                "code_unmatched_close",
                found=text,
                candidates="; ".join(
                    f"{code_list.name(p.code)} ({p.code})" for p in match.suggestions
                ),
            )
        else:
            self.issue("unmatched", number, column, "code_unmatched", found=text)

    # -- indicators -------------------------------------------------------------------

    def indicator_row(self, row: Row) -> None:
        layout = self.layout
        cells: list[tuple[str, int, Column]] = []  # (indicator, year, value column)
        if layout.shape == "by_year":
            assert layout.indicator is not None
            for column in layout.columns:
                if column.field == "year_column" and column.year is not None:
                    if self.year is None or column.year == self.year:
                        if self.in_scope_year(row, column.year, column):
                            cells.append((layout.indicator, column.year, column))
        else:
            year = self.year_of(row)
            if year is None or not self.in_scope_year(row, year, layout.column("year")):
                return
            if layout.shape == "long":
                column = layout.column("indicator")
                text = self.cell(row.cells, column).text
                match = self.names.indicators.match(text)
                if not text:
                    self.issue("value", row.number, column, "value_required")
                    return
                if not match.place:
                    self.code_unmatched(row.number, column, text, match, self.names.indicators)
                    return
                cells.append((match.place.code, year, layout.column("value")))
            else:
                for column in layout.columns:
                    if column.field == "indicator_column" and column.indicator:
                        cells.append((column.indicator, year, column))
        for indicator, year, column in cells:
            value = self.indicator_value(row.number, indicator, column, row.cells)
            key = (row.place.code, indicator, year)
            if value is False:
                continue
            if value is None:
                self.add(row, key, None, scope=key)
            else:
                self.add(row, key, {"value": value}, scope=key)
                record = self.out.records.get(key)
                if record is not None and record.row == row.number:
                    record.source = self.grid.ref(column.index, row.number)
                    record.cells = {"value": record.source}

    def indicator_value(self, number: int, indicator: str, column: Column, cells) -> str | None:
        """The value as the package writes it, None for an empty cell, False on a problem."""
        definition = self.names.indicators.rows[indicator]
        cell = self.cell(cells, column)
        try:
            money = definition["unit"] == "rsd"
            value = self.amount(column, cell, number, money)
            percent = cell.percent or cell.text.rstrip().endswith("%")
            if value is None:
                return None
            if (column.index, indicator) in self.shares and not percent:
                value, percent = value * 100, True
            if percent and definition["unit"] != "percent":
                raise BadValue(
                    "value_percent_not_allowed", found=cell.text, unit=definition["unit"]
                )
            if value < 0:
                raise BadValue("value_negative", found=cell.text)
            check_bound(definition, value, cell.text)
            decimals = int(definition["decimals"])
            rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
            if rounded != value and definition["unit"] == "count":
                raise BadValue("value_not_whole", found=cell.text)
            if rounded != value and isinstance(cell.value, str) and ambiguous(cell.text):
                # '2,410' read as 2.410 by the file's style, then rounded: never silently
                raise BadValue(
                    "value_ambiguous_rounded", found=cell.text, read=value, decimals=decimals
                )
        except BadValue as exc:
            self.bad(number, column, exc)
            return False  # type: ignore[return-value]
        if rounded != value:
            self.out.rounded += 1
        return f"{rounded:.{decimals}f}"
