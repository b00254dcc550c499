"""Import, step 4: the rows below the header -> canonical records, with every row that
could not be placed said so.

A row is data (its LSG matched), a total or subtotal (skipped), a note (no values:
skipped), a part of a city (skipped when the city's own row is in the file, otherwise
refused: the data keeps one row per LSG), or an issue (unmatched, ambiguous, a value
that cannot be read). The values of a data row are read by `services.py` or
`indicators.py`.
"""

from __future__ import annotations

from collections.abc import Callable

from build_scripts.datapackage.demo_data import SERVICE_AMOUNTS
from build_scripts.importer.base import say
from build_scripts.importer.indicators import IndicatorRows
from build_scripts.importer.layout import Column
from build_scripts.importer.names import Match, Place, lsg_key
from build_scripts.importer.percent import share_columns
from build_scripts.importer.read import Cell
from build_scripts.importer.records import Key, Matched, Outcome, Record, Row, Skipped
from build_scripts.importer.services import ServiceRows
from build_scripts.importer.values import (
    BadValue,
    ambiguous,
    column_style,
    number_style,
    parse_year,
    style_evidence,
)

__all__ = ["Extractor", "Key", "Outcome", "Record"]
NUMERIC = {
    *SERVICE_AMOUNTS,
    "value",
    "indicator_column",
    "year_column",
}


class Extractor(ServiceRows, IndicatorRows):
    """Every row below the header, placed: its LSG matched, its values read by the services
    or indicators reader, parts of cities settled once every row is known."""

    def run(self, tick: Callable[[], None] = lambda: None) -> Outcome:
        layout = self.layout
        rows = self.grid.rows[layout.first_data :]
        self.read_styles(rows)
        self.shares = share_columns(self, rows)
        carry = layout.shape in ("services", "long")
        last: Place | None = None
        for number, cells in rows:
            tick()
            if not any(c.text for c in cells):
                self.out.blank += 1
                last = None  # a name is carried down only within a block of rows
                continue
            if number in self.grid.hidden_rows:
                self.out.hidden_rows.append(number)
            place, part, no_label = self.place_of(number, cells)
            if no_label:
                if carry and last is not None:
                    place = last
                    self.out.carried += 1
                else:
                    column = self.layout.column("lsg_name") or self.layout.column("lsg_code")
                    self.issue("unmatched", number, column, "lsg_missing")
            last = place if place is not None and not part else None
            if place is None:
                continue
            row = Row(number, cells, place, part)
            if part:
                self.parts.append(row)
                continue
            if self.resource == "services":
                self.service_row(row)
            else:
                self.indicator_row(row)
        self.settle_parts()
        return self.out

    def read_styles(self, rows: list[tuple[int, list[Cell]]]) -> None:
        """The number style of the sheet and of each numeric column (what '1,234' means)."""
        numeric = [c for c in self.layout.columns if c.field in NUMERIC]
        typed = {
            c.index: [
                self.cell(cells, c).text
                for _, cells in rows
                if isinstance(self.cell(cells, c).value, str)
            ]
            for c in numeric
        }
        every = [t for texts in typed.values() for t in texts]
        self.out.style = number_style(every)
        sheet = style_evidence(every)
        for c in numeric:
            own = style_evidence(typed[c.index])
            self.styles[c.index] = column_style(own, sheet, self.whole_numbers(c))
            if own is None and sheet not in ("sr", "en") and any(map(ambiguous, typed[c.index])):
                self.out.notes.append(
                    say(f"note_style_{self.styles[c.index]}", column=c.letter, label=c.label)
                )

    def whole_numbers(self, column: Column) -> bool:
        if column.field in SERVICE_AMOUNTS:
            return True
        code = column.indicator or (
            self.layout.indicator if column.field == "year_column" else None
        )
        return code is not None and self.names.indicators.rows[code]["decimals"] == "0"

    def place_of(self, number: int, cells: list[Cell]) -> tuple[Place | None, bool, bool]:
        """The LSG of a row and whether the row is only a part of it; None with the row
        skipped or an issue recorded. The third value is True for a row with values but
        no LSG name (the name may be carried down from the row above)."""
        name_column = self.layout.column("lsg_name")
        code_column = self.layout.column("lsg_code")
        name = self.cell(cells, name_column).text
        code = self.cell(cells, code_column).text
        label = name or code
        if not label:
            if not self.has_values(cells):
                return None, False, False
            if any(self.names.is_total(lsg_key(c.text)) for c in cells if c.text):
                self.out.skipped.append(Skipped(number, "-", say("skip_total")))
                return None, False, False
            return None, False, True
        column = code_column if code else name_column
        match = self.names.match_lsg(code or name)
        if code and name and match.place:
            by_name = self.names.match_lsg(name)
            if by_name.place and by_name.place != match.place:
                self.issue(
                    "ambiguous",
                    number,
                    code_column,
                    "lsg_code_name_differ",
                    code=code,
                    code_name=match.place.label(),
                    name=name,
                    name_place=by_name.place.label(),
                )
                return None, False, False
        place, part = self.judge(number, label, match, column, cells)
        return place, part, False

    def judge(
        self, number: int, label: str, match: Match, column: Column | None, cells: list[Cell]
    ) -> tuple[Place | None, bool]:
        out = self.out
        if match.how == "total":
            out.skipped.append(Skipped(number, label, say("skip_total")))
            return None, False
        if match.how == "ambiguous":
            self.issue(
                "ambiguous",
                number,
                column,
                "lsg_ambiguous",
                found=label,
                candidates="; ".join(p.label() for p in match.places),
            )
            return None, False
        if match.how == "unmatched":
            if not self.has_values(cells):
                out.skipped.append(Skipped(number, label, say("skip_note")))
                return None, False
            if match.suggestions:
                out.suggestions.setdefault(label, match.suggestions[0].code)
                self.issue(
                    "unmatched",
                    number,
                    column,
                    "lsg_unmatched_close",
                    found=label,
                    candidates="; ".join(p.label() for p in match.suggestions),
                )
            else:
                self.issue("unmatched", number, column, "lsg_unmatched", found=label)
            return None, False
        place = match.place
        assert place is not None
        if match.how == "part" or place.part is not None:  # settled later: skipped or refused
            return place, True
        out.counts[match.how] += 1
        out.lsgs.add(place.code)
        if match.how not in ("exact", "code"):
            entry = out.matched.setdefault((label, match.how), Matched(label, match.how, place))
            entry.rows.append(number)
        return place, False

    # -- parts of cities ---------------------------------------------------------------

    def part_keys(self, row: Row) -> set[Key]:
        """The keys a part-of-city row would have as its city's row (no issues recorded)."""
        layout, city = self.layout, row.place.code
        column = layout.column("year")
        try:
            year = parse_year(self.cell(row.cells, column)) if column else self.year
        except BadValue:
            year = None
        if layout.shape == "by_year":
            return {
                (city, layout.indicator or "", c.year)
                for c in layout.columns
                if c.field == "year_column" and c.year is not None
                if self.year is None or c.year == self.year
            }
        if year is None:
            return set()
        if layout.shape == "wide":
            return {
                (city, c.indicator, year)
                for c in layout.columns
                if c.field == "indicator_column" and c.indicator
            }
        field_name = "service_type" if layout.shape == "services" else "indicator"
        code_list = (
            self.names.service_types if field_name == "service_type" else self.names.indicators
        )
        match = code_list.match(self.cell(row.cells, layout.column(field_name)).text)
        return {(city, match.place.code, year)} if match.place else set()

    def settle_parts(self) -> None:
        for row in self.parts:
            label = self.label(row.cells)
            keys = self.part_keys(row)
            if self.year is not None and keys and all(k[2] != self.year for k in keys):
                year = next(iter(keys))[2]
                self.out.skipped.append(
                    Skipped(row.number, label, say("skip_other_year", year=year))
                )
                continue
            if keys and all(k in self.city_keys for k in keys):
                city_rows = sorted({self.city_keys[k] for k in keys})
                self.out.skipped.append(
                    Skipped(
                        row.number,
                        label,
                        say(
                            "skip_part",
                            city=row.place.name,
                            rows=", ".join(map(str, city_rows)),
                        ),
                    )
                )
                continue
            self.issue(
                "part",
                row.number,
                self.layout.column("lsg_name") or self.layout.column("lsg_code"),
                "part_without_city",
                found=label,
                city=row.place.name,
                code=row.place.code,
            )
