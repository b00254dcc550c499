"""Filling reporting templates from tests and benchmarks, as a clerk would: the figures of
the package for the template's LSG and year typed into the input cells."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl

from build_scripts.collection.report_template import (
    FIRST_ROW,
    INDICATOR_VALUE,
    INDICATORS_SHEET,
    META_SHEET,
    NO,
    SERVICE_INPUTS,
    SERVICES_SHEET,
    YES,
    provider_label,
)


def package_rows(datasets: Path, name: str) -> dict[tuple[str, str, int], dict[str, str]]:
    code = "service_type_code" if name == "services" else "indicator_code"
    with (datasets / f"{name}.csv").open(encoding="utf-8") as handle:
        return {(r["lsg_code"], r[code], int(r["year"])): r for r in csv.DictReader(handle)}


def typed(name: str, value: str):
    """A cell as a clerk types it: numbers as numbers, choices as the dropdown shows them."""
    if value == "":
        return None
    if name == "provider_type":
        return provider_label(value)
    if name in ("licensed", "imc"):
        return YES if value == "true" else NO
    if name == "provider_name":
        return value
    return int(value)


def fill(path: Path, services: dict, indicators: dict, out: Path | None = None) -> Path:
    """Type the package's figures for the template's LSG and year into it."""
    wb = openpyxl.load_workbook(path)
    meta = {a: b for a, b in wb[META_SHEET].iter_rows(min_col=1, max_col=2, values_only=True)}
    code, year = meta["lsg_code"], int(meta["year"])
    ws = wb[SERVICES_SHEET]
    for offset, service_type in enumerate(meta["services"].split(";")):
        row = services.get((code, service_type, year))
        if row is None:
            continue
        for name, column in SERVICE_INPUTS:
            ws[f"{column}{FIRST_ROW + offset}"].value = typed(name, row[name])
    ws = wb[INDICATORS_SHEET]
    for offset, indicator in enumerate(meta["indicators"].split(";")):
        row = indicators.get((code, indicator, year))
        if row is not None:
            ws[f"{INDICATOR_VALUE}{FIRST_ROW + offset}"].value = float(row["value"])
    target = out or path
    wb.save(target)
    return target
