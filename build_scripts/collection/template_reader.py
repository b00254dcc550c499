"""Read one returned reporting template (made by `report_template.py`), cell by cell,
against the package it was made from.

Nothing is matched by name and nothing is guessed: the LSG and year come from the very hidden
`_obrazac` sheet, each service type from its row, each field from its column. A file whose
template version, package, schema or year does not fit, whose locked cells were edited, or
whose figures break a rule (not a whole number, users above places, parts not adding up to
the total, a provider type not on the list) gets every reason; `report_import.py` then
refuses it whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from build_scripts import derive
from build_scripts.collection.report_template import (
    FIRST_ROW,
    INDICATOR_VALUE,
    INDICATORS_SHEET,
    META_SHEET,
    NO,
    PROVIDERS,
    SERVICE_INPUTS,
    SERVICES_SHEET,
    TEMPLATE_VERSION,
    YES,
    TemplateData,
    provider_label,
    schema_digest,
)
from build_scripts.importer.base import say
from build_scripts.importer.records import Key, Record


@dataclass
class FileResult:
    path: Path
    lsg_code: str = ""
    year: int | None = None
    status: str = "refused"  # imported | unchanged | refused
    reasons: list[str] = field(default_factory=list)
    services: dict[Key, Record] = field(default_factory=dict)
    indicators: dict[Key, Record] = field(default_factory=dict)
    source_id: str = ""
    added: int = 0
    changed: int = 0
    removed: int = 0


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _whole(value: object, where: str, reasons: list[str], required: bool = True) -> str:
    text = _text(value)
    if text == "":
        if required:
            reasons.append(say("tpl_required", cell=where))
        return ""
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or number != number.to_integral_value() or number < 0:
        reasons.append(say("tpl_whole", cell=where, found=text))
        return ""
    return str(int(number))


class TemplateReader:
    """Reads returned templates against the package they were made from."""

    def __init__(self, package: Path):
        self.package = package
        self.data = derive.run(package)
        self.td = TemplateData(self.data)
        self.lsgs = {r["code"]: r for r in self.data.lsgs.to_dict("records")}
        self.decimals = {
            r["code"]: int(r["decimals"])
            for r in self.data.indicator_definitions.to_dict("records")
        }
        self.providers = {provider_label(p): p for p in PROVIDERS} | {p: p for p in PROVIDERS}
        coverage = self.data.package.get("temporalCoverage", {})
        self.span = (coverage.get("start"), coverage.get("end"))

    def read(self, path: Path, year: int | None) -> FileResult:
        result = FileResult(path)
        wb = openpyxl.load_workbook(path, data_only=True)
        meta = {
            _text(a): b for a, b in wb[META_SHEET].iter_rows(min_col=1, max_col=2, values_only=True)
        }
        reasons = result.reasons
        self._check_meta(result, meta, year)
        if reasons or result.year is None:  # a missing year is among the reasons
            return result
        lsg = self.lsgs[result.lsg_code]
        for sheet in (SERVICES_SHEET, INDICATORS_SHEET):
            if sheet not in wb.sheetnames:
                reasons.append(say("tpl_sheet_missing", sheet=sheet))
        if reasons:
            return result
        services = _text(meta.get("services")).split(";")
        indicators = _text(meta.get("indicators")).split(";")
        self._check_locked(wb[SERVICES_SHEET], lsg, result.year, services, reasons)
        self._check_locked(wb[INDICATORS_SHEET], lsg, result.year, indicators, reasons)
        if reasons:
            return result
        code = result.lsg_code
        result.services = self._services(wb[SERVICES_SHEET], code, result.year, services, reasons)
        result.indicators = self._indicators(
            wb[INDICATORS_SHEET], code, result.year, indicators, reasons
        )
        return result

    def _check_meta(self, result: FileResult, meta: dict[str, object], year: int | None) -> None:
        """The LSG and year of the file, and reasons when the file was not made from this
        package (version, name, schema) or its LSG or year do not fit."""
        reasons = result.reasons
        code, file_year = _text(meta.get("lsg_code")), meta.get("year")
        result.lsg_code = code
        result.year = int(file_year) if isinstance(file_year, int | float) else None
        expected = {
            "template_version": TEMPLATE_VERSION,
            "package": self.data.package["name"],
            "schema": schema_digest(self.data.package),
        }
        for key, value in expected.items():
            if _text(meta.get(key)) != value:
                reasons.append(
                    say("tpl_meta", field=key, found=_text(meta.get(key)), expected=value)
                )
        if code not in self.lsgs:
            reasons.append(say("tpl_lsg_unknown", found=code))
        if result.year is None or (year is not None and result.year != year):
            reasons.append(say("tpl_year", found=_text(file_year), expected=year or "—"))
        elif not (self.span[0] or result.year) <= result.year <= (self.span[1] or result.year):
            reasons.append(
                say("tpl_year_coverage", year=result.year, start=self.span[0], end=self.span[1])
            )

    def _check_locked(
        self, ws: Worksheet, lsg: dict[str, Any], year: int, codes: list[str], reasons: list[str]
    ) -> None:
        """The identity cells and the code column as the template wrote them."""
        identity = {"B2": lsg["name_lat"], "B3": lsg["name_cyr"], "B4": lsg["code"], "B5": year}
        for ref, value in identity.items():
            if _text(ws[ref].value) != _text(value):
                reasons.append(
                    say(
                        "tpl_locked",
                        cell=f"{ws.title}!{ref}",
                        found=_text(ws[ref].value),
                        expected=_text(value),
                    )
                )
        for offset, expected in enumerate(codes):
            ref = f"A{FIRST_ROW + offset}"
            if _text(ws[ref].value) != expected:
                reasons.append(
                    say(
                        "tpl_locked",
                        cell=f"{ws.title}!{ref}",
                        found=_text(ws[ref].value),
                        expected=expected,
                    )
                )
        extra = ws[f"A{FIRST_ROW + len(codes)}"].value
        if _text(extra):
            reasons.append(say("tpl_extra_row", cell=f"{ws.title}!A{FIRST_ROW + len(codes)}"))

    def _services(
        self, ws: Worksheet, code: str, year: int, types: list[str], reasons: list[str]
    ) -> dict[Key, Record]:
        records: dict[Key, Record] = {}
        for offset, service_type in enumerate(types):
            r = FIRST_ROW + offset
            cells = {name: ws[f"{column}{r}"].value for name, column in SERVICE_INPUTS}
            if all(_text(v) == "" for v in cells.values()):
                continue
            where = {name: f"{ws.title}!{column}{r}" for name, column in SERVICE_INPUTS}
            values: dict[str, str] = {}
            provider = _text(cells["provider_type"])
            if provider not in self.providers:
                reasons.append(
                    say(
                        "tpl_choice",
                        cell=where["provider_type"],
                        found=provider,
                        expected=", ".join(provider_label(p) for p in PROVIDERS),
                    )
                )
            values["provider_type"] = self.providers.get(provider, "")
            values["provider_name"] = _text(cells["provider_name"])
            if not values["provider_name"]:
                reasons.append(say("tpl_required", cell=where["provider_name"]))
            for name in ("licensed", "imc"):
                answer = _text(cells[name]).lower()
                if answer not in (YES, NO):
                    reasons.append(
                        say("tpl_choice", cell=where[name], found=answer, expected=f"{YES}, {NO}")
                    )
                values[name] = "true" if answer == YES else "false"
            for name in ("beneficiaries", "funding_lsg_rsd", "funding_earmarked_rsd"):
                values[name] = _whole(cells[name], where[name], reasons)
            values["funding_donor_rsd"] = _whole(
                cells["funding_donor_rsd"], where["funding_donor_rsd"], reasons
            )
            values["funding_total_rsd"] = _whole(
                cells["funding_total_rsd"], where["funding_total_rsd"], reasons
            )
            values["capacity"] = _whole(cells["capacity"], where["capacity"], reasons, False)
            users, places = values["beneficiaries"], values["capacity"]
            if users and places and int(users) > int(places):
                reasons.append(
                    say("tpl_users_places", cell=where["beneficiaries"], users=users, places=places)
                )
            parts = [
                values[f] for f in ("funding_lsg_rsd", "funding_earmarked_rsd", "funding_donor_rsd")
            ]
            total = values["funding_total_rsd"]
            if all(parts) and total and sum(int(p) for p in parts) != int(total):
                reasons.append(
                    say(
                        "tpl_total",
                        cell=where["funding_total_rsd"],
                        total=total,
                        parts=sum(int(p) for p in parts),
                    )
                )
            key = (code, service_type, year)
            records[key] = Record(key, values, r, dict(where), f"{ws.title}!A{r}:M{r}")
        return records

    def _indicators(
        self, ws: Worksheet, code: str, year: int, codes: list[str], reasons: list[str]
    ) -> dict[Key, Record]:
        records: dict[Key, Record] = {}
        for offset, indicator in enumerate(codes):
            r = FIRST_ROW + offset
            ref = f"{ws.title}!{INDICATOR_VALUE}{r}"
            text = _text(ws[f"{INDICATOR_VALUE}{r}"].value)
            if text == "":
                continue
            try:
                number = Decimal(text)
            except InvalidOperation:
                number = None
            if number is None or number < 0:
                reasons.append(say("tpl_number", cell=ref, found=text))
                continue
            decimals = self.decimals[indicator]
            value = f"{number:.{decimals}f}"
            key = (code, indicator, year)
            records[key] = Record(key, {"value": value}, r, {"value": ref}, ref)
        return records
