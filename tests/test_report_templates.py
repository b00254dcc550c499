"""Reporting templates: what a clerk gets (openpyxl and LibreOffice read the same), same
inputs same bytes, and returned templates import exactly, one file at a time."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

import openpyxl
import pytest
from importing import copy_of_datasets
from libreoffice import open_in_libreoffice
from reporting import fill, package_rows

from build_scripts.cli import main, parser
from build_scripts.collection import report_template
from build_scripts.collection.report_template import (
    FIRST_ROW,
    INDICATORS_SHEET,
    META_SHEET,
    SERVICES_SHEET,
)
from build_scripts.paths import DATAPACKAGE, DATASETS
from build_scripts.translit import to_cyrillic

ADA, KANJIZA, SENTA = "80012", "80195", "80365"
YEAR = 2024


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    out = tmp_path_factory.mktemp("templates")
    report_template.write(DATAPACKAGE, YEAR, out, [ADA, KANJIZA])
    return {p.name.split("-")[2]: p for p in out.glob("*.xlsx")}


def test_same_inputs_same_bytes(tmp_path, templates):
    again = report_template.write(DATAPACKAGE, YEAR, tmp_path, [ADA])
    assert again[0].read_bytes() == templates[ADA].read_bytes()
    # and it is not a constant: another LSG, another file
    assert templates[KANJIZA].read_bytes() != templates[ADA].read_bytes()


def test_template_as_openpyxl_reads_it(templates):
    wb = openpyxl.load_workbook(templates[ADA])
    assert wb.sheetnames == ["Uputstvo", SERVICES_SHEET, INDICATORS_SHEET, META_SHEET]
    meta = wb[META_SHEET]
    assert meta.sheet_state == "veryHidden" and meta.protection.sheet
    values = {a: b for a, b in meta.iter_rows(min_col=1, max_col=2, values_only=True)}
    assert values["lsg_code"] == ADA and values["year"] == YEAR
    assert values["template_version"] == report_template.TEMPLATE_VERSION
    assert values["schema"] == report_template.schema_digest(
        json.loads(DATAPACKAGE.read_text(encoding="utf-8"))
    )
    ws = wb[SERVICES_SHEET]
    assert ws.protection.sheet
    assert [ws["B2"].value, ws["B3"].value, ws["B4"].value] == ["Ada", "Ада", ADA]
    assert all(ws[ref].protection.locked for ref in ("B2", "B3", "B4", "B5", f"A{FIRST_ROW}"))
    assert not ws[f"D{FIRST_ROW}"].protection.locked  # an input cell
    header = [c.value for c in ws[FIRST_ROW - 1]]
    assert all("(RSD)" in h for h in header[8:12]) and "(osobe)" in header[6]
    # one row per LSG-funded service type, at least
    types = list(csv.DictReader((DATASETS / "service_types.csv").open(encoding="utf-8")))
    funded = [t["code"] for t in types if t["lsg_funded"] == "true"]
    codes = values["services"].split(";")
    assert set(funded) <= set(codes)
    assert [ws[f"A{FIRST_ROW + i}"].value for i in range(len(codes))] == codes
    # last year's values beside the empty cells
    last = package_rows(DATASETS, "services")
    for i, code in enumerate(codes):
        row = last.get((ADA, code, YEAR - 1))
        if row:
            assert ws[f"O{FIRST_ROW + i}"].value == int(row["beneficiaries"])
            assert ws[f"Q{FIRST_ROW + i}"].value == int(row["funding_total_rsd"])
            assert ws[f"G{FIRST_ROW + i}"].value is None
    rules = {str(v.sqref): v for v in ws.data_validations.dataValidation}
    kinds = {v.type for v in rules.values()}
    assert {"list", "whole", "custom"} <= kinds
    providers = next(v for v in rules.values() if "D" in str(v.sqref))
    assert "centar za socijalni rad" in providers.formula1
    total = next(v for v in rules.values() if str(v.sqref).startswith("L"))
    assert total.formula1 == f"L{FIRST_ROW}=I{FIRST_ROW}+J{FIRST_ROW}+K{FIRST_ROW}"
    ind = wb[INDICATORS_SHEET]
    definitions = list(
        csv.DictReader((DATASETS / "indicator_definitions.csv").open(encoding="utf-8"))
    )
    assert [ind[f"A{FIRST_ROW + i}"].value for i in range(len(definitions))] == [
        d["code"] for d in definitions
    ]
    assert ind[f"D{FIRST_ROW}"].value == definitions[0]["definition_sr"]
    text = "\n".join(str(c.value) for c in wb["Uputstvo"]["A"] if c.value)
    assert "Kako se popunjava" in text and to_cyrillic("Kako se popunjava") in text
    assert "How to fill in" in text


def test_template_as_libreoffice_opens_it(templates, tmp_path):
    """LibreOffice opens the template, keeps the LSG, the rows and the hidden sheet, and a
    template it saved again is still imported."""
    saved = open_in_libreoffice([templates[ADA]], "sr-Latn-RS", tmp_path)[templates[ADA]]
    wb = openpyxl.load_workbook(saved)
    assert META_SHEET in wb.sheetnames and wb[META_SHEET].sheet_state != "visible"
    ws = wb[SERVICES_SHEET]
    assert [ws["B2"].value, ws["B3"].value, str(ws["B4"].value)] == ["Ada", "Ада", ADA]
    original = openpyxl.load_workbook(templates[ADA])
    for sheet in (SERVICES_SHEET, INDICATORS_SHEET):
        a = [[c.value for c in row] for row in original[sheet].iter_rows()]
        b = [[c.value for c in row] for row in wb[sheet].iter_rows()]
        assert [r[:2] for r in a] == [r[:2] for r in b], sheet
    package = copy_of_datasets(tmp_path / "pkg")
    filled = fill(
        saved,
        package_rows(DATASETS, "services"),
        package_rows(DATASETS, "indicators"),
        tmp_path / "filled.xlsx",
    )
    assert main(["import", str(filled), "--package", str(package), "--write"]) == 0


def without_source(text: str) -> str:
    return "".join(line.rsplit(",", 1)[0] + "\n" for line in text.splitlines())


def test_round_trip_all_145_templates(tmp_path, capsys):
    """Fill every template with today's figures, import the folder: datasets/ is the same,
    byte for byte, but for the source column (each row now names its LSG's report) and the
    145 report rows added to sources.csv."""
    package = copy_of_datasets(tmp_path)
    folder = tmp_path / "returned"
    written = report_template.write(package, YEAR, folder)
    assert len(written) == 145
    services, indicators = package_rows(DATASETS, "services"), package_rows(DATASETS, "indicators")
    for path in written:
        fill(path, services, indicators)
    code = main(["import", str(folder), "--package", str(package), "--write"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "summary: 145 imported, 0 unchanged, 0 refused, 0 not yet returned" in out
    for name in ("services.csv", "indicators.csv"):
        before = (DATASETS / name).read_text(encoding="utf-8")
        after = (package.parent / name).read_text(encoding="utf-8")
        assert without_source(after) == without_source(before), name
        assert after.splitlines()[0].endswith(",source_id")
    rows = list(csv.DictReader(io.StringIO((package.parent / "services.csv").read_text())))
    assert {r["source_id"] for r in rows if int(r["year"]) == YEAR} == {
        f"report-{YEAR}-{c}" for c in {r["lsg_code"] for r in rows if int(r["year"]) == YEAR}
    }
    assert {r["source_id"] for r in rows if int(r["year"]) < YEAR} == {"demo-generator"}
    for name in set(p.name for p in DATASETS.iterdir() if p.is_file()) - {
        "services.csv",
        "indicators.csv",
        "sources.csv",
    }:
        assert (package.parent / name).read_bytes() == (DATASETS / name).read_bytes(), name
    sources = (package.parent / "sources.csv").read_text(encoding="utf-8")
    assert sources.startswith((DATASETS / "sources.csv").read_text(encoding="utf-8"))
    assert sources.count(f"\nreport-{YEAR}-") == 145


def set_cell(path, sheet, ref, value):
    wb = openpyxl.load_workbook(path)
    wb[sheet][ref].value = value
    wb.save(path)


@pytest.fixture
def returned(tmp_path):
    """Three returned templates in a folder (Ada, Kanjiža, Senta), filled with today's figures."""
    package = copy_of_datasets(tmp_path)
    folder = tmp_path / "returned"
    files = report_template.write(package, YEAR, folder, [ADA, KANJIZA, SENTA])
    services, indicators = package_rows(DATASETS, "services"), package_rows(DATASETS, "indicators")
    for path in files:
        fill(path, services, indicators)
    by_code = {p.name.split("-")[2]: p for p in files}
    return package, folder, by_code


def row_of(path, code: str) -> int:
    wb = openpyxl.load_workbook(path)
    codes = dict(wb[META_SHEET].iter_rows(min_col=1, max_col=2, values_only=True))["services"]
    return FIRST_ROW + codes.split(";").index(code)


def lsg_lines(path, code):
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith(code)]


@pytest.mark.parametrize(
    "defect, reason",
    [
        ("name", "Usluge!B2: a locked cell was changed"),
        ("code_row", "a locked cell was changed"),
        ("year", "the template is for year 2023, the import is for 2024"),
        ("schema", "template schema is"),
        ("users_places", "users, more than the"),
        ("total", "is not the sum of its parts"),
        ("provider", "is not one of"),
        ("fraction", "is not a whole number"),
    ],
)
def test_an_invalid_template_is_refused_and_the_others_written(returned, capsys, defect, reason):
    package, folder, files = returned
    bad = files[KANJIZA]
    home_help = row_of(bad, "home_help")
    if defect == "name":
        set_cell(bad, SERVICES_SHEET, "B2", "Kanjiža (grad)")
    elif defect == "code_row":
        set_cell(bad, SERVICES_SHEET, f"A{FIRST_ROW}", "something_else")
    elif defect == "year":
        set_cell(bad, META_SHEET, "B4", 2023)
    elif defect == "schema":
        set_cell(bad, META_SHEET, "B5", "0000000000000000")
    elif defect == "users_places":
        set_cell(bad, SERVICES_SHEET, f"G{row_of(bad, 'day_care')}", 10_000)
        set_cell(bad, SERVICES_SHEET, f"H{row_of(bad, 'day_care')}", 5)
        set_cell(bad, SERVICES_SHEET, f"D{row_of(bad, 'day_care')}", "udruženje")
        set_cell(bad, SERVICES_SHEET, f"E{row_of(bad, 'day_care')}", "Udruženje X")
        for col, value in zip("FIJKLM", ("da", 1, 0, 0, 1, "ne"), strict=True):
            set_cell(bad, SERVICES_SHEET, f"{col}{row_of(bad, 'day_care')}", value)
    elif defect == "total":
        set_cell(bad, SERVICES_SHEET, f"L{home_help}", 1)
    elif defect == "provider":
        set_cell(bad, SERVICES_SHEET, f"D{home_help}", "opština")
    elif defect == "fraction":
        set_cell(bad, SERVICES_SHEET, f"G{home_help}", 12.5)
    services = package.parent / "services.csv"
    kanjiza_before = lsg_lines(services, KANJIZA)
    sources_before = (package.parent / "sources.csv").read_text(encoding="utf-8")
    code = main(["import", str(folder), "--package", str(package), "--write", "--year", str(YEAR)])
    out = capsys.readouterr().out
    assert code == 1, out
    refused = [line for line in out.splitlines() if line.startswith("REFUSED")]
    assert len(refused) == 1 and bad.name in refused[0], out
    assert reason in out, out
    assert "summary: 2 imported, 0 unchanged, 1 refused, 142 not yet returned" in out
    # the refused file wrote nothing; the two others were written, under their own source
    assert lsg_lines(services, KANJIZA) == kanjiza_before
    ada = [line for line in lsg_lines(services, ADA) if f",{YEAR}," in line]
    assert ada and all(line.endswith(f",report-{YEAR}-{ADA}") for line in ada)
    sources = (package.parent / "sources.csv").read_text(encoding="utf-8")
    assert f"report-{YEAR}-{KANJIZA}" not in sources and f"report-{YEAR}-{SENTA}" in sources
    assert sources.startswith(sources_before)
    assert main(["validate", "--package", str(package)]) == 0


def test_a_template_is_recognised_without_resource_and_dry_run_writes_nothing(returned, capsys):
    package, folder, files = returned
    before = {p.name: p.read_bytes() for p in package.parent.iterdir() if p.is_file()}
    assert main(["import", str(files[ADA]), "--package", str(package)]) == 0
    out = capsys.readouterr().out
    assert "summary: 1 imported" in out and "--write" in out
    assert {p.name: p.read_bytes() for p in package.parent.iterdir() if p.is_file()} == before


def test_ordinary_import_still_needs_a_resource(tmp_path, capsys):
    file = tmp_path / "x.csv"
    file.write_text("Opština,Vrednost\nAda,1\n", encoding="utf-8")
    assert main(["import", str(file), "--package", str(copy_of_datasets(tmp_path))]) == 2
    shutil.rmtree(tmp_path / "datasets")


def test_the_guide_shows_what_the_annual_cycle_prints(tmp_path, capsys, monkeypatch):
    """The commands and outputs of the guide's annual cycle, run for real: three templates,
    two returned as they are and one with its name changed."""
    root = DATASETS.parent
    package = copy_of_datasets(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert (
        main(["templates", "--year", "2024", "--out", "obrasci-2024", "--package", str(package)])
        == 0
    )
    outputs = [capsys.readouterr().out]
    returned = tmp_path / "vraceni-2024"
    services, indicators = package_rows(DATASETS, "services"), package_rows(DATASETS, "indicators")
    for code in (ADA, KANJIZA, SENTA):
        made = next((tmp_path / "obrasci-2024").glob(f"obrazac-2024-{code}-*.xlsx"))
        returned.mkdir(exist_ok=True)
        fill(made, services, indicators, returned / made.name)
    set_cell(next(returned.glob(f"*-{KANJIZA}-*")), SERVICES_SHEET, "B2", "Kanjiža (grad)")
    main(["import", "vraceni-2024", "--package", str(package)])
    outputs.append(capsys.readouterr().out)
    output = "\n".join(outputs)
    for page in ("contribute.md", "contribute.en.md"):
        text = (root / "docs" / page).read_text(encoding="utf-8")
        cycle = text.split("\n## ")[
            next(i for i, s in enumerate(text.split("\n## ")) if "obrasci-2024" in s)
        ]
        blocks = re.findall(r"```text\n(.*?)```", cycle, flags=re.S)
        lines = [line for block in blocks for line in block.splitlines()]
        assert len(lines) >= 7, page
        for line in lines:
            assert line.removesuffix(", ...").removesuffix(" ...") in output, (page, line)
        for command in re.findall(r"```sh\n(.*?)```", cycle, flags=re.S):
            for line in command.splitlines():
                assert line.startswith(".venv/bin/python -m build_scripts "), line
                parser_args = line.split()[3:]
                parser().parse_args(parser_args)  # every option the guide shows exists
