"""Import, step 4 (shared): what reading the rows of a table needs whatever the resource —
the cells of a row, issues said at a row and column, amounts read in the column's number
style and unit, the year of a row and whether it is in scope, and the records kept.

`RowReader` is the base of the services and indicators readers (`services.py`,
`indicators.py`), which the row extractor (`rows.py`) combines.
"""

from __future__ import annotations

from decimal import Decimal

from build_scripts.importer.base import Issue, say
from build_scripts.importer.layout import Column, Layout
from build_scripts.importer.names import CodeList, Match, Names
from build_scripts.importer.read import Cell, Grid
from build_scripts.importer.records import Key, Outcome, Record, Row, Skipped
from build_scripts.importer.units import Units
from build_scripts.importer.values import BadValue, parse_number, parse_year

LSG_FIELDS = ("lsg_name", "lsg_code")
EMPTY = Cell(None)


class RowReader:
    """The table being read, the outcome so far, and the helpers every row needs."""

    def __init__(
        self,
        grid: Grid,
        layout: Layout,
        names: Names,
        resource: str,
        year: int | None,
        coverage: tuple[int, int] | None,
        units: Units | None = None,
    ):
        self.grid, self.layout, self.names = grid, layout, names
        self.resource, self.year, self.coverage = resource, year, coverage
        self.units = units
        self.out = Outcome()
        self.styles: dict[int, str] = {}
        self.shares: set[tuple[int, str]] = set()  # a percentage indicator written as 0.37
        self.city_keys: dict[Key, int] = {}
        self.parts: list[Row] = []

    # -- cells and issues ---------------------------------------------------------------

    def cell(self, cells: list[Cell], column: Column | None) -> Cell:
        if column is None or column.index >= len(cells):
            return EMPTY
        return cells[column.index]

    def issue(self, kind: str, row: int, column: Column | None, key: str, **params: object) -> None:
        self.out.issues.append(
            Issue(
                kind,
                row,
                column.letter if column else None,
                column.label if column else None,
                say(key, **params),
            )
        )

    def bad(self, row: int, column: Column | None, exc: BadValue) -> None:
        self.issue("value", row, column, exc.key, **exc.params)

    def label(self, cells: list[Cell]) -> str:
        name = self.cell(cells, self.layout.column("lsg_name")).text
        return name or self.cell(cells, self.layout.column("lsg_code")).text

    def has_values(self, cells: list[Cell]) -> bool:
        return any(
            self.cell(cells, c).text for c in self.layout.columns if c.field not in LSG_FIELDS
        )

    def code_unmatched(
        self, number: int, column: Column | None, text: str, match: Match, code_list: CodeList
    ) -> None:
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

    # -- values -------------------------------------------------------------------------

    def amount(self, column: Column, cell: Cell, row: int, money: bool) -> Decimal | None:
        """A number of a value column: never a merged cell, read in the column's number
        style, and for money in dinars (scale and currency applied); None when empty."""
        if cell.merged and cell.value is not None:
            raise BadValue("value_merged", found=cell.text, range=cell.merged)
        value, _ = parse_number(cell, self.styles.get(column.index, self.out.style))
        if value is not None and money and self.units is not None:
            value = self.units.dinars(column, cell, value, row)
        return value

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

    # -- keys and duplicates ------------------------------------------------------------

    def add(self, row: Row, key: Key, values: dict[str, str] | None, scope: tuple) -> None:
        other = self.city_keys.get(key)
        if other is not None:
            self.issue(
                "value",
                row.number,
                None,
                "value_duplicate",
                other=other,
                lsg=row.place.label(),
                code=key[1],
                year=key[2],
            )
            return
        self.city_keys[key] = row.number
        self.out.scope.add(scope)
        if values is not None:
            self.out.records[key] = Record(key, values, row.number)
