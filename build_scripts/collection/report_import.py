"""Import returned reporting templates (made by `report_template.py`), cell by cell.

A template is recognised by its very hidden `_obrazac` sheet; nothing is matched by name
and nothing is guessed: the LSG and year come from that sheet, each service type from its
row, each field from its column. Every file is its own unit: a file whose template version,
package, schema or year does not fit, whose locked cells were edited, or whose figures break
a rule (not a whole number, users above places, parts not adding up to the total, a provider
type not on the list) is refused with every reason, and nothing of it is written. The rows of
the accepted files replace their LSG's rows of that year (services: the LSG-year; indicators:
every indicator of the LSG-year), name the file's source, and the package is validated before
and after writing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import openpyxl

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
from build_scripts.importer.base import ImportUnusable, say
from build_scripts.importer.merge import (
    Merger,
    resource_path,
    validate_with,
    validate_written,
    write_atomic,
)
from build_scripts.importer.names import Names
from build_scripts.importer.records import Key, Record
from build_scripts.importer.source import resolve
from build_scripts.validate import display_path


def is_template(path: Path) -> bool:
    """Whether `path` is a reporting template (an XLSX with the `_obrazac` sheet)."""
    if path.suffix.lower() != ".xlsx" or not path.is_file():
        return False
    try:
        wb = openpyxl.load_workbook(path, read_only=True)
    except Exception:  # not a workbook at all: the ordinary importer explains why
        return False
    try:
        return META_SHEET in wb.sheetnames
    finally:
        wb.close()


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


@dataclass
class FolderResult:
    files: list[FileResult]
    not_returned: list[dict]  # LSG rows without a file (when a year is known)
    year: int | None
    written: bool = False
    problems: list = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if any(f.status == "refused" for f in self.files) or self.problems else 0


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _whole(value, where: str, reasons: list[str], required: bool = True) -> str:
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
        if reasons:
            return result
        lsg = self.lsgs[code]
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
        result.services = self._services(wb[SERVICES_SHEET], code, result.year, services, reasons)
        result.indicators = self._indicators(
            wb[INDICATORS_SHEET], code, result.year, indicators, reasons
        )
        return result

    def _check_locked(self, ws, lsg: dict, year: int, codes: list[str], reasons: list[str]):
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

    def _services(self, ws, code: str, year: int, types: list[str], reasons: list[str]):
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

    def _indicators(self, ws, code: str, year: int, codes: list[str], reasons: list[str]):
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


def source_for(reader: TemplateReader, result: FileResult, given: str | None, sources: Path):
    """The file's source: `--source` when given, else the LSG's report for the year (a row of
    sources.csv, created when new)."""
    if given:
        return resolve(sources, given)
    lsg = reader.lsgs[result.lsg_code]
    return resolve(
        sources,
        f"report-{result.year}-{result.lsg_code}",
        say("tpl_source_title", year=result.year, name=lsg["name_lat"]),
        lsg["name_lat"],
    )


def run(
    paths: list[Path],
    package: Path,
    year: int | None = None,
    write: bool = False,
    source: str | None = None,
    folder: bool = False,
) -> FolderResult:
    reader = TemplateReader(package)
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    names = Names(package.parent)
    targets = {n: resource_path(descriptor, package, n) for n in ("services", "indicators")}
    sources_path = resource_path(descriptor, package, "sources")
    staged = {path: path.read_bytes() for path in (*targets.values(), sources_path)}
    results = []
    seen: dict[tuple[str, int], Path] = {}
    for path in sorted(paths):
        result = reader.read(path, year)
        results.append(result)
        key = (result.lsg_code, result.year)
        if not result.reasons and key in seen:
            result.reasons.append(say("tpl_duplicate", other=display_path(seen[key])))
        if result.reasons:
            continue
        seen[key] = path
        try:
            src = source_for(reader, result, source, sources_path)
        except ImportUnusable as exc:
            result.reasons.append(str(exc))
            continue
        result.source_id = src.id
        if src.new_data is not None and f"\n{src.id},".encode() not in staged[sources_path]:
            line = src.new_data[len(sources_path.read_bytes()) :]
            staged[sources_path] = staged[sources_path] + line
        for name, records in (("services", result.services), ("indicators", result.indicators)):
            for record in records.values():
                record.values["source_id"] = src.id
            merger = Merger(names, name)
            if name == "services":
                scope = {(result.lsg_code, result.year)}
            else:
                scope = {(result.lsg_code, c, result.year) for c in reader.decimals}
            data, change = merger.plan(targets[name], records, scope, staged[targets[name]])
            staged[targets[name]] = data
            result.added += len(change.added)
            result.changed += len(change.changed)
            result.removed += len(change.removed)
        result.status = (
            "imported" if result.added + result.changed + result.removed else "unchanged"
        )
    received = {r.lsg_code for r in results}
    years = {r.year for r in results if r.year is not None}
    the_year = year if year is not None else (years.pop() if len(years) == 1 else None)
    missing = [lsg for c, lsg in reader.lsgs.items() if c not in received] if folder else []
    outcome = FolderResult(results, missing, the_year)
    changed = {p: d for p, d in staged.items() if d != p.read_bytes()}
    if not changed:
        return outcome
    outcome.problems = validate_with(package, descriptor, changed)
    if outcome.problems or not write:
        return outcome
    originals = {p: p.read_bytes() for p in changed}
    for path, data in changed.items():
        write_atomic(path, data)
    outcome.problems = validate_written(package)
    if outcome.problems:
        for path, data in originals.items():
            write_atomic(path, data)
        return outcome
    outcome.written = True
    return outcome


def render(outcome: FolderResult, write: bool) -> str:
    lines = []
    for r in outcome.files:
        shown = display_path(r.path)
        if r.status == "refused":
            lines.append(say("tpl_file_refused", file=shown, lsg=r.lsg_code or "?"))
            lines += [say("tpl_reason", reason=reason) for reason in r.reasons]
        else:
            lines.append(
                say(
                    "tpl_file_ok",
                    file=shown,
                    lsg=r.lsg_code,
                    year=r.year,
                    source=r.source_id,
                    added=r.added,
                    changed=r.changed,
                    removed=r.removed,
                )
            )
    counts = {
        s: sum(f.status == s for f in outcome.files) for s in ("imported", "unchanged", "refused")
    }
    lines.append("")
    lines.append(say("tpl_summary", missing=len(outcome.not_returned), **counts))
    if outcome.not_returned:
        names = ", ".join(f"{r['name_lat']} ({r['code']})" for r in outcome.not_returned)
        lines.append(say("tpl_not_returned", names=names))
    for p in outcome.problems:
        where = ":".join(str(x) for x in (p.file, p.row, p.field) if x is not None)
        lines.append(say("tpl_reason", reason=f"{where}: {p.message}"))
    if outcome.problems:
        lines.append(say("tpl_invalid"))
    elif outcome.written:
        lines.append(say("tpl_written"))
    elif not write and counts["imported"]:
        lines.append(say("tpl_dry_run"))
    return "\n".join(lines)


def to_json(outcome: FolderResult) -> dict:
    return {
        "year": outcome.year,
        "written": outcome.written,
        "files": [
            {
                "file": display_path(r.path),
                "lsg_code": r.lsg_code,
                "year": r.year,
                "status": r.status,
                "reasons": r.reasons,
                "source_id": r.source_id,
                "added": r.added,
                "changed": r.changed,
                "removed": r.removed,
            }
            for r in outcome.files
        ],
        "not_returned": [r["code"] for r in outcome.not_returned],
        "problems": [p.message for p in outcome.problems],
    }
