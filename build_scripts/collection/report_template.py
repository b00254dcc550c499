"""`python -m build_scripts templates --year Y --out DIR [--lsg CODE ...]`: one reporting
workbook (XLSX) per LSG, for the annual collection of figures.

A template holds, for one LSG and year:
- `Uputstvo`: how to fill it in, in Serbian (Latin and Cyrillic) and English;
- `Usluge`: the LSG's name in both scripts and its code (locked), one row per LSG-funded
  service type (plus any other type the LSG had rows for), dropdowns from the code lists
  (provider type, licence, IMC), whole non-negative numbers, users not above places,
  funding parts adding up to the total, units in every header, last year's values beside;
- `Pokazatelji`: every indicator with its unit and definition, last year's value beside;
- `_obrazac` (very hidden, protected): template version, LSG, year, schema digest, and the
  layout the importer reads cell by cell (`report_import.py`).

Same inputs, same bytes: fixed document dates (the package's `created`), fixed zip times.
Every sheet is protected (no password: protection marks what is not to be edited; the
importer refuses a file whose locked cells changed). User-facing text comes from
`locales/templates/<lang>.json`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from build_scripts import derive
from build_scripts.datapackage import release_time, zip_bytes
from build_scripts.datapackage.rowsource import ROW_TABLES
from build_scripts.i18n import LANGUAGES, Translator

TEMPLATE_VERSION = "1"
META_SHEET = "_obrazac"
SERVICES_SHEET = "Usluge"
INDICATORS_SHEET = "Pokazatelji"
INSTRUCTIONS_SHEET = "Uputstvo"
FIRST_ROW = 7  # first service / indicator row (rows 1-5: identity, 6: header)
PROVIDERS = ("csw", "public_institution", "ngo", "private", "lsg_body")
YES, NO = "da", "ne"
# Input columns of the services sheet, in order, and the package field each one fills.
SERVICE_INPUTS = (
    ("provider_type", "D"),
    ("provider_name", "E"),
    ("licensed", "F"),
    ("beneficiaries", "G"),
    ("capacity", "H"),
    ("funding_lsg_rsd", "I"),
    ("funding_earmarked_rsd", "J"),
    ("funding_donor_rsd", "K"),
    ("funding_total_rsd", "L"),
    ("imc", "M"),
)
LAST_YEAR_COLUMNS = ("N", "O", "P", "Q")  # provider, users, places, total funding
INDICATOR_VALUE, INDICATOR_LAST = "E", "F"
LOCKED_FILL = PatternFill("solid", fgColor="EEEEEE")
INPUT_FILL = PatternFill("solid", fgColor="FFFDE7")
BOLD = Font(bold=True)


TRANSLATORS = {lang.code: Translator(lang) for lang in LANGUAGES}


def text(key: str, lang: str = "sr-Latn", **params: object) -> str:
    """A template message (`tpl.*` in the site's catalogs; Cyrillic derived from Latin)."""
    return TRANSLATORS[lang].t("tpl." + key, **params)


def provider_label(code: str) -> str:
    """What the provider dropdown shows for a code (Serbian Latin, as on the site)."""
    return Translator(LANGUAGES[0]).t("provider." + code)


def schema_digest(package: dict) -> str:
    """What the template's layout depends on: the services and indicators schemas."""
    schemas = {r["name"]: r["schema"] for r in package["resources"] if r["name"] in ROW_TABLES}
    blob = json.dumps(schemas, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:16]


@dataclass
class TemplateData:
    """What every template is made from: the package, read once."""

    data: derive.Derived

    @property
    def package(self) -> dict:
        return self.data.package

    def service_types(self, code: str, year: int) -> list[dict]:
        """LSG-funded types, plus any other type the LSG has rows for in `year` or the year
        before, in the code list's order."""
        st = self.data.service_types
        mine = self.data.services[
            (self.data.services["lsg_code"] == code)
            & self.data.services["year"].isin([year, year - 1])
        ]
        used = set(mine["service_type_code"])
        keep = st[(st["lsg_funded"]) | (st["code"].isin(used))]
        return keep.to_dict("records")


def _rows(frame: pd.DataFrame, code: str, year: int, key: str) -> dict[str, dict]:
    mine = frame[(frame["lsg_code"] == code) & (frame["year"] == year)]
    return {r[key]: r for r in mine.to_dict("records")}


def _none(value):
    return derive.none_if_missing(value)


def _cell(ws, ref: str, value, *, locked: bool = True, bold: bool = False, wrap: bool = False):
    cell = ws[ref]
    cell.value = value
    cell.protection = Protection(locked=locked)
    cell.fill = LOCKED_FILL if locked else INPUT_FILL
    if bold:
        cell.font = BOLD
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _identity(ws, lsg: dict, year: int, title_key: str) -> None:
    ws["A1"].value = text(title_key, year=year)
    ws["A1"].font = Font(bold=True, size=14)
    labels = (
        ("A2", "id.name_lat", lsg["name_lat"]),
        ("A3", "id.name_cyr", lsg["name_cyr"]),
        ("A4", "id.code", lsg["code"]),
        ("A5", "id.year", year),
    )
    for ref, key, value in labels:
        _cell(ws, ref, text(key), bold=True)
        _cell(ws, ref.replace("A", "B"), value)


def write_services(ws, td: TemplateData, lsg: dict, year: int) -> list[str]:
    """The services sheet; returns the service type codes, one per row from FIRST_ROW."""
    _identity(ws, lsg, year, "services.title")
    headers = ["code", "service", "group"] + [f for f, _ in SERVICE_INPUTS] + ["last_provider"]
    headers += ["last_users", "last_places", "last_total"]
    for i, key in enumerate(headers):
        ref = f"{chr(ord('A') + i)}{FIRST_ROW - 1}"
        _cell(ws, ref, text("services.col." + key, year=year - 1), bold=True, wrap=True)
    last_year = _rows(td.data.services, lsg["code"], year - 1, "service_type_code")
    codes = []
    tr = Translator(LANGUAGES[0])
    for offset, st in enumerate(td.service_types(lsg["code"], year)):
        r = FIRST_ROW + offset
        codes.append(st["code"])
        _cell(ws, f"A{r}", st["code"])
        _cell(ws, f"B{r}", st["name_sr"], wrap=True)
        _cell(ws, f"C{r}", tr.t("group." + st["group_code"]), wrap=True)
        for _, column in SERVICE_INPUTS:
            _cell(ws, f"{column}{r}", None, locked=False)
        last = last_year.get(st["code"])
        if last:
            values = (
                provider_label(last["provider_type"]) + ": " + str(last["provider_name"]),
                _none(last["beneficiaries"]),
                _none(last["capacity"]),
                _none(last["funding_total_rsd"]),
            )
        else:
            values = (text("services.none_last_year"), None, None, None)
        for column, value in zip(LAST_YEAR_COLUMNS, values, strict=True):
            _cell(ws, f"{column}{r}", value)
    last_row = FIRST_ROW + len(codes) - 1
    _validations(ws, last_row)
    widths = {"A": 22, "B": 34, "C": 22, "D": 24, "E": 34, "N": 40}
    for column in "ABCDEFGHIJKLMNOPQ":
        ws.column_dimensions[column].width = widths.get(column, 14)
    ws.freeze_panes = f"D{FIRST_ROW}"
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    return codes


def _validations(ws, last_row: int) -> None:
    """Dropdowns from the code lists and rules on every number."""
    span = lambda c: f"{c}{FIRST_ROW}:{c}{last_row}"  # noqa: E731
    labels = ",".join(provider_label(p) for p in PROVIDERS)
    providers = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True)
    yes_no = DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=True)
    whole = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    first = FIRST_ROW
    users = DataValidation(
        type="custom",
        formula1=f'AND(ISNUMBER(G{first}),G{first}>=0,OR(H{first}="",G{first}<=H{first}))',
    )
    places = DataValidation(
        type="custom", formula1=f"AND(ISNUMBER(H{first}),H{first}>=0,G{first}<=H{first})"
    )
    total = DataValidation(type="custom", formula1=f"L{first}=I{first}+J{first}+K{first}")
    rules = (
        (providers, "D", "rule.provider"),
        (yes_no, "F", "rule.yes_no"),
        (yes_no, "M", "rule.yes_no"),
        (users, "G", "rule.users"),
        (places, "H", "rule.places"),
        (whole, "I", "rule.whole"),
        (whole, "J", "rule.whole"),
        (whole, "K", "rule.whole"),
        (total, "L", "rule.total"),
    )
    for rule, column, key in rules:
        rule.error = text(key)
        rule.errorTitle = text("rule.title")
        rule.showErrorMessage = True
        rule.add(span(column))
    for rule in (providers, yes_no, whole, users, places, total):
        ws.add_data_validation(rule)


def write_indicators(ws, td: TemplateData, lsg: dict, year: int) -> list[str]:
    _identity(ws, lsg, year, "indicators.title")
    tr = Translator(LANGUAGES[0])
    headers = ("code", "name", "unit", "definition", "value", "last")
    for i, key in enumerate(headers):
        label = text("indicators.col." + key, year=year, last=year - 1)
        _cell(ws, f"{chr(ord('A') + i)}{FIRST_ROW - 1}", label, bold=True, wrap=True)
    last_year = _rows(td.data.indicators, lsg["code"], year - 1, "indicator_code")
    codes = []
    decimal = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
    decimal.error, decimal.errorTitle = text("rule.decimal"), text("rule.title")
    decimal.showErrorMessage = True
    for offset, d in enumerate(td.data.indicator_definitions.to_dict("records")):
        r = FIRST_ROW + offset
        codes.append(d["code"])
        _cell(ws, f"A{r}", d["code"])
        _cell(ws, f"B{r}", d["name_sr"], wrap=True)
        _cell(ws, f"C{r}", tr.t("unit." + d["unit"]))
        _cell(ws, f"D{r}", d["definition_sr"], wrap=True)
        _cell(ws, f"{INDICATOR_VALUE}{r}", None, locked=False)
        last = last_year.get(d["code"])
        _cell(ws, f"{INDICATOR_LAST}{r}", _none(last["value"]) if last else None)
    decimal.add(f"{INDICATOR_VALUE}{FIRST_ROW}:{INDICATOR_VALUE}{FIRST_ROW + len(codes) - 1}")
    ws.add_data_validation(decimal)
    for column, width in zip("ABCDEF", (34, 40, 14, 70, 16, 16), strict=True):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = f"E{FIRST_ROW}"
    ws.protection.sheet = True
    return codes


def write_instructions(ws, lsg: dict, year: int) -> None:
    ws.column_dimensions["A"].width = 110
    row = 1
    for lang in (language.code for language in LANGUAGES):
        lines = [text("instructions.heading", lang, year=year)]
        lines += [
            text(f"instructions.{i}", lang, year=year, last=year - 1, name=lsg["name_lat"])
            for i in range(1, 8)
        ]
        for i, line in enumerate(lines):
            cell = _cell(ws, f"A{row}", line, bold=i == 0, wrap=True)
            cell.fill = PatternFill(fill_type=None)
            row += 1
        row += 1
    ws.protection.sheet = True


def write_meta(ws, td: TemplateData, lsg: dict, year: int, services: list, indicators: list):
    values = (
        ("template_version", TEMPLATE_VERSION),
        ("package", td.package["name"]),
        ("lsg_code", lsg["code"]),
        ("year", year),
        ("schema", schema_digest(td.package)),
        ("services", ";".join(services)),
        ("indicators", ";".join(indicators)),
    )
    for i, (key, value) in enumerate(values, start=1):
        ws[f"A{i}"].value = key
        ws[f"B{i}"].value = value
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


def template_bytes(td: TemplateData, lsg: dict, year: int) -> bytes:
    wb = Workbook()
    instructions = wb.active
    instructions.title = INSTRUCTIONS_SHEET
    write_instructions(instructions, lsg, year)
    services = write_services(wb.create_sheet(SERVICES_SHEET), td, lsg, year)
    indicators = write_indicators(wb.create_sheet(INDICATORS_SHEET), td, lsg, year)
    write_meta(wb.create_sheet(META_SHEET), td, lsg, year, services, indicators)
    wb.active = 1
    when = dt.datetime(*release_time(td.package))
    props = wb.properties
    props.created = props.modified = when
    props.creator = props.lastModifiedBy = "socprot"
    props.title = text("file.title", year=year, name=lsg["name_lat"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        entries = [(i.filename, archive.read(i)) for i in archive.infolist()]
    return zip_bytes(entries, release_time(td.package))


def file_name(lsg: dict, year: int) -> str:
    return f"obrazac-{year}-{lsg['code']}-{lsg['slug']}.xlsx"


def write(package_path: Path, year: int, out: Path, codes: list[str] | None = None) -> list[Path]:
    """Write the templates of `codes` (every LSG when None) into `out`."""
    data = derive.run(package_path)
    td = TemplateData(data)
    lsgs = data.lsgs.to_dict("records")
    known = {r["code"] for r in lsgs}
    unknown = sorted(set(codes or []) - known)
    if unknown:
        raise KeyError(", ".join(unknown))
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for lsg in lsgs:
        if codes and lsg["code"] not in codes:
            continue
        path = out / file_name(lsg, year)
        path.write_bytes(template_bytes(td, lsg, year))
        written.append(path)
    return written
