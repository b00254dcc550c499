"""Import, step 4 (indicators): one record per value cell — a row of a long table names
its indicator, a wide table has a column per indicator, a table of one indicator a column
per year — with each value checked against the indicator's unit and decimals."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from build_scripts.importer.layout import Column
from build_scripts.importer.percent import check_bound
from build_scripts.importer.read import Cell
from build_scripts.importer.records import Row
from build_scripts.importer.row_reader import RowReader
from build_scripts.importer.values import BadValue, ambiguous


class Unreadable(Exception):
    """A value cell that could not be read (its issue is recorded)."""


class IndicatorRows(RowReader):
    def indicator_row(self, row: Row) -> None:
        for indicator, year, column in self.value_cells(row):
            try:
                value = self.indicator_value(row.number, indicator, column, row.cells)
            except Unreadable:
                continue
            key = (row.place.code, indicator, year)
            if value is None:
                self.add(row, key, None, scope=key)
            else:
                self.add(row, key, {"value": value}, scope=key)
                record = self.out.records.get(key)
                if record is not None and record.row == row.number:
                    record.source = self.grid.ref(column.index, row.number)
                    record.cells = {"value": record.source}

    def indicator_of(self, cells: list[Cell]) -> str | None:
        """The indicator a row of a long table names, if it names one."""
        text = self.cell(cells, self.layout.column("indicator")).text
        place = self.names.indicators.match(text).place
        return place.code if place else None

    def value_cells(self, row: Row) -> list[tuple[str, int, Column]]:
        """(indicator, year, value column) of each value the row holds in scope."""
        layout = self.layout
        cells: list[tuple[str, int, Column]] = []
        if layout.shape == "by_year":
            assert layout.indicator is not None
            for column in layout.columns:
                if column.field == "year_column" and column.year is not None:
                    if self.year is None or column.year == self.year:
                        if self.in_scope_year(row, column.year, column):
                            cells.append((layout.indicator, column.year, column))
            return cells
        year = self.year_of(row)
        if year is None or not self.in_scope_year(row, year, layout.column("year")):
            return cells
        if layout.shape == "long":
            named_by = layout.column("indicator")
            text = self.cell(row.cells, named_by).text
            match = self.names.indicators.match(text)
            if not text:
                self.issue("value", row.number, named_by, "value_required")
                return cells
            if not match.place:
                self.code_unmatched(row.number, named_by, text, match, self.names.indicators)
                return cells
            value_column = layout.column("value")
            assert value_column is not None  # a long table has its value column
            cells.append((match.place.code, year, value_column))
        else:
            for column in layout.columns:
                if column.field == "indicator_column" and column.indicator:
                    cells.append((column.indicator, year, column))
        return cells

    def indicator_value(
        self, number: int, indicator: str, column: Column, cells: list[Cell]
    ) -> str | None:
        """The value as the package writes it, None for an empty cell; `Unreadable` (the
        issue recorded) when it cannot be read."""
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
            raise Unreadable from exc
        if rounded != value:
            self.out.rounded += 1
        return f"{rounded:.{decimals}f}"
