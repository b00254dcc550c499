"""Import, step 4 (services): one record per row — the service type, the provider, the
answers (licensed, IMC) and the amounts (users, places, funding in dinars), each read into
the package's format."""

from __future__ import annotations

import re

from build_scripts.datapackage.demo_data import SERVICE_AMOUNTS
from build_scripts.importer.read import column_letter
from build_scripts.importer.records import Row
from build_scripts.importer.row_reader import RowReader
from build_scripts.importer.values import (
    BadValue,
    parse_bool,
    parse_provider_type,
    whole,
)
from build_scripts.translit import to_latin

CYRILLIC = re.compile("[\u0400-\u04ff]")
FUNDING_PARTS = ("funding_lsg_rsd", "funding_earmarked_rsd", "funding_donor_rsd")


class ServiceRows(RowReader):
    def service_row(self, row: Row) -> None:
        layout, number = self.layout, row.number
        year = self.year_of(row)
        if year is None or not self.in_scope_year(row, year, layout.column("year")):
            return
        before = len(self.out.issues)
        service_type = self.service_type(row)
        cells: dict[str, str] = {}
        for column in layout.columns:
            if column.field not in ("lsg_name", "lsg_code") and column.field:
                cells.setdefault(column.field, self.grid.ref(column.index, number))
        values = self.answers(row)
        values["provider_name"] = self.provider_name(row)
        self.amounts(row, values, cells)
        parts = [values.get(f, "") for f in FUNDING_PARTS]
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

    def service_type(self, row: Row) -> str | None:
        """The row's service type code; None with an issue recorded."""
        column = self.layout.column("service_type")
        text = self.cell(row.cells, column).text
        if not text:
            self.issue("value", row.number, column, "value_required")
            return None
        match = self.names.service_types.match(text)
        if match.place:
            return match.place.code
        self.code_unmatched(row.number, column, text, match, self.names.service_types)
        return None

    def answers(self, row: Row) -> dict[str, str]:
        """The provider type and whether the service is licensed, as the package writes
        them (left out, with an issue, when missing or unreadable)."""
        values: dict[str, str] = {}
        parsers = (("provider_type", parse_provider_type), ("licensed", parse_bool))
        for name, parse in parsers:
            column = self.layout.column(name)
            try:
                parsed = parse(self.cell(row.cells, column))
            except BadValue as exc:
                self.bad(row.number, column, exc)
                continue
            if parsed is None:
                self.issue("value", row.number, column, "value_required")
                continue
            values[name] = parsed if isinstance(parsed, str) else str(parsed).lower()
        return values

    def provider_name(self, row: Row) -> str:
        """The provider's name, spaces collapsed, in Latin script."""
        column = self.layout.column("provider_name")
        provider = self.cell(row.cells, column).text
        if not provider:
            self.issue("value", row.number, column, "value_required")
        provider = " ".join(provider.split())
        if CYRILLIC.search(provider):
            provider = to_latin(provider)
            self.out.transliterated += 1
        return provider

    def amounts(self, row: Row, values: dict[str, str], cells: dict[str, str]) -> None:
        """Users, places and funding into `values` (whole numbers, funding in dinars), the
        cell each came from into `cells`."""
        number = row.number
        for name in SERVICE_AMOUNTS:
            column = self.layout.column(name)
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
