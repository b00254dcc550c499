"""The importer on spreadsheets as ministries, municipalities and the Statistical Office
send them (tests/fixtures/import/make_field_cases.py): each class of input it once
turned into wrong figures without a warning now gives the right value, or a refusal
that names the file, the sheet, the cells and what to do, writing nothing."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from importing import copy_of_datasets, records, run, snapshot

from build_scripts.importer.base import ImportUnusable
from build_scripts.importer.read import decode

SAMPLES = Path(__file__).parent / "fixtures" / "import"
sys.path.insert(0, str(SAMPLES))
import make_field_cases as cases  # noqa: E402


@pytest.fixture
def package(tmp_path):
    return copy_of_datasets(tmp_path)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("field")
    return {make.__name__: make(folder) for make in cases.ALL} | {"folder": folder}


def refused_cleanly(capsys, package, file, *args) -> str:
    """Refused with --write: exit 2, nothing written, no traceback; the message."""
    before = snapshot(package)
    code, out, err = run(capsys, package, file, *args, "--write")
    assert code == 2 and out == "", (out, err)
    assert "Traceback" not in err and snapshot(package) == before
    return err


# -- 1. columns that differ only by a qualifier -------------------------------------------------


def test_total_wins_over_its_parts_when_it_says_so(made, package, capsys):
    report, by_key = records(
        capsys, package, made["qualifier_sex"], "--resource", "services", "--year", "2024"
    )
    ada = by_key[("80012", "home_help")]
    assert ada["values"]["beneficiaries"] == "14"  # not the women's 9
    assert ada["cells"]["beneficiaries"] == "Usluge!H4"
    notes = {c["column"]: c["note"] for c in report["ignored_columns"]}
    assert notes["F"] == notes["G"] == "the same field as column H, which is read"


def test_a_year_qualifier_must_be_the_year_imported(made, package, capsys):
    _, by_key = records(
        capsys, package, made["qualifier_years"], "--resource", "services", "--year", "2023"
    )
    ada = by_key[("80012", "home_help")]["values"]
    assert (ada["beneficiaries"], ada["funding_lsg_rsd"]) == ("14", "400000")
    err = refused_cleanly(
        capsys, package, made["qualifier_years"], "--resource", "services", "--year", "2024"
    )
    assert "the table has no column for beneficiaries" in err


def test_competing_columns_are_refused_naming_both_and_how_to_choose(made, package, capsys):
    err = refused_cleanly(
        capsys, package, made["qualifier_plan"], "--resource", "services", "--year", "2024"
    )
    assert (
        "qualifier-plan.xlsx, sheet 'Usluge', row 1: the columns G ('Budžet JLS (plan)');"
        " H ('Budžet JLS (ostvareno)') all hold funding from the LSG budget (RSD)" in err
    )
    assert "--column G" in err and "delete the other columns" in err
    _, by_key = records(
        capsys,
        package,
        made["qualifier_plan"],
        "--resource",
        "services",
        "--year",
        "2024",
        "--column",
        "H",
    )
    assert by_key[("80012", "home_help")]["values"]["funding_lsg_rsd"] == "400000"


@pytest.mark.parametrize("name", ["qualifier_second_row", "qualifier_centered"])
def test_a_qualifier_in_the_second_header_row(made, package, capsys, name):
    _, by_key = records(capsys, package, made[name], "--resource", "services", "--year", "2024")
    assert by_key[("80012", "home_help")]["values"]["beneficiaries"] == "14"
    assert by_key[("80012", "home_help")]["cells"]["beneficiaries"] == "Usluge!H3"


# -- 2. hidden content ---------------------------------------------------------------------------


def test_a_hidden_column_competing_with_a_visible_one_is_refused(made, package, capsys):
    err = refused_cleanly(
        capsys, package, made["hidden_column"], "--resource", "services", "--year", "2024"
    )
    assert "the columns F ('Broj korisnika') (hidden); G ('Broj korisnika')" in err


def test_hidden_rows_are_listed(made, package, capsys):
    code, out, _ = run(
        capsys, package, made["hidden_rows"], "--resource", "services", "--year", "2024"
    )
    assert code == 0
    assert "  hidden rows read: 1 (input rows 3): unhide them and check" in out


def test_a_hidden_sheet_is_not_read_by_default_and_is_listed(made, package, capsys):
    report, by_key = records(
        capsys, package, made["hidden_sheet"], "--resource", "services", "--year", "2024"
    )
    assert report["sheet"] == "Usluge 2024" and report["hidden"]["sheets"] == ["Stari podaci"]
    assert by_key[("80012", "home_help")]["values"]["beneficiaries"] == "14"
    _, out, _ = run(
        capsys, package, made["hidden_sheet"], "--resource", "services", "--year", "2024"
    )
    assert "  hidden sheets not read: 'Stari podaci' (choose one with --sheet)" in out


# -- 3. units and currency -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["thousands_in_title", "thousands_in_header", "lo"])
def test_a_stated_scale_is_applied_and_shown(made, package, capsys, name):
    file = SAMPLES / "libreoffice" / "lo-thousands.xlsx" if name == "lo" else made[name]
    report, by_key = records(capsys, package, file, "--resource", "services", "--year", "2024")
    ada = by_key[("80012", "home_help")]["values"]
    assert (ada["funding_lsg_rsd"], ada["funding_earmarked_rsd"]) == ("400000", "700000")
    assert ada["beneficiaries"] == "14"  # counts are never scaled
    assert {u["column"]: u["scale"] for u in report["units"]}["G"] == 1000
    _, out, _ = run(capsys, package, file, "--resource", "services", "--year", "2024")
    assert re.search(
        r"amounts in column G \(from (title row \d|the header)\): multiplied by"
        r" 1,000; \S+!G\d 400 → 400000",
        out,
    )


def test_another_currency_needs_a_rate_and_its_source(made, package, capsys):
    file = made["euro_donors"]
    err = refused_cleanly(capsys, package, file, "--resource", "services", "--year", "2024")
    assert (
        "euro-donors.xlsx, sheet 'Usluge', column I ('Donatori (EUR)'): the amounts are in"
        " EUR (from the header)"
        in err
        and "--rate EUR=" in err
    )
    err = refused_cleanly(
        capsys, package, file, "--resource", "services", "--year", "2024", "--rate", "EUR=117.2"
    )
    assert "--rate needs --rate-source" in err
    args = [
        "--resource",
        "services",
        "--year",
        "2024",
        "--rate",
        "EUR=117.2",
        "--rate-source",
        "NBS srednji kurs 31.12.2024",
    ]
    _, by_key = records(capsys, package, file, *args)
    assert by_key[("80012", "home_help")]["values"]["funding_donor_rsd"] == "175800"
    _, out, _ = run(capsys, package, file, *args)
    assert "EUR converted to dinars at 117.2 (source: NBS srednji kurs 31.12.2024)" in out
    assert "Usluge!I2 1500 → 175800" in out


def test_euros_in_a_cells_format_or_text_are_refused(made, package, capsys):
    before = snapshot(package)
    code, out, _ = run(
        capsys, package, made["euro_formats"], "--resource", "services", "--year", "2024", "--write"
    )
    assert code == 1 and snapshot(package) == before
    for row, found in ((2, "1500"), (3, "2000"), (4, "1.700 €")):
        assert (
            f"euro-formats.xlsx, sheet 'Usluge', row {row}, column I ('Donatori'): '{found}'"
            " is in EUR" in out
        )


def test_a_share_and_a_percentage_are_the_same_value(made, package, capsys):
    file = made["folder"] / "percent-formatted.xlsx"
    report, by_key = records(capsys, package, file, "--resource", "indicators", "--year", "2024")
    assert by_key[("80012", "population_65plus_share")]["values"]["value"] == "24.3"
    assert by_key[("80365", "population_65plus_share")]["source"] == "Pokazatelji!B3"
    assert not any("read as shares" in n for n in report["notes"])


def test_a_share_that_nothing_states_is_refused_not_guessed(made, package, capsys):
    """0.243 unformatted, under a header that says neither '%' nor 'share': 24.3 % or
    0.243 %? The size of the values is no evidence, so the column is refused."""
    err = refused_cleanly(
        capsys, package, made["shares"], "--resource", "indicators", "--year", "2024"
    )
    assert (
        "shares.xlsx, sheet 'Pokazatelji', column B ('Udeo stanovnika starijih od 65 godina'):"
        " every value of population_65plus_share (Pokazatelji!B2, Pokazatelji!B3) is between"
        " 0 and 1" in err
    )


# -- 4. merged value cells -----------------------------------------------------------------------


def test_a_merged_amount_is_never_copied_into_several_records(made, package, capsys):
    before = snapshot(package)
    code, out, _ = run(
        capsys,
        package,
        made["merged_amount"],
        "--resource",
        "services",
        "--year",
        "2024",
        "--write",
    )
    assert code == 1 and snapshot(package) == before
    assert (
        "merged-amount.xlsx, sheet 'Usluge', row 2, column G ('Budžet JLS'): '1200000' is a"
        " merged cell (G2:G3)"
        in out
        and "Unmerge G2:G3" in out
    )


def test_a_merged_name_over_rows_of_one_lsg_is_fine(made, package, capsys):
    _, by_key = records(
        capsys, package, made["merged_name_only"], "--resource", "services", "--year", "2024"
    )
    assert by_key[("80012", "day_care")]["values"]["funding_lsg_rsd"] == "800000"


# -- 5. encoding ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, key, provider",
    [
        ("hungarian_cp1250", ("80012", "home_help"), "Szociális Gondozó Központ Ada"),
        ("hungarian_cp1250", ("80365", "day_care"), "Öregek Otthona Szenta"),
        ("slovak_romanian_cp1250", ("80217", "home_help"), "Spolok Ľudová pomoc Kovačica"),
        ("slovak_romanian_cp1250", ("80039", "home_help"), "Asociaţia Bătrâni Alibunar"),
    ],
)
def test_minority_language_letters_in_windows_1250(made, package, capsys, name, key, provider):
    report, by_key = records(
        capsys, package, made[name], "--resource", "services", "--year", "2024"
    )
    assert report["encoding"] == "Windows-1250"
    assert by_key[key]["values"]["provider_name"] == provider


def test_mojibake_is_never_accepted(made, package, capsys):
    err = refused_cleanly(
        capsys, package, made["double_encoded"], "--resource", "services", "--year", "2024"
    )
    assert "double-encoded.csv read as UTF-8 gives garbled letters ('OpĹˇtina'" in err


def test_two_plausible_encodings_are_refused_showing_both(made, package, capsys):
    err = refused_cleanly(capsys, package, made["unsure_encoding"], "--resource", "indicators")
    assert (
        "Line 2 read as Windows-1250: Ada;2024;Ž;24,3 — read as Windows-1251:"
        " Ada;2024;Ћ;24,3" in err
    )


def test_rusyn_and_serbian_cyrillic_in_windows_1251():
    assert decode("Руски Керестур; Ђурђево".encode("cp1251")) == (
        "Руски Керестур; Ђурђево",
        "Windows-1251",
    )
    assert decode("Szabó Öreg; Kovačica".encode("cp1250"))[1] == "Windows-1250"
    with pytest.raises(ImportUnusable):
        decode("Nagy Ödön".encode("cp1250").decode("cp1251").encode("utf-8"))


# -- 6. number conventions -----------------------------------------------------------------------


def test_an_english_export_is_read_per_column(made, package, capsys):
    _, by_key = records(capsys, package, made["english_export"], "--resource", "indicators")
    key = "social_protection_spending_per_capita"
    assert by_key[("80012", key)]["values"]["value"] == "2410"  # not 2.41 rounded to 2
    assert by_key[("80012", key)]["source"] == "'english-export'!C2"  # Excel's sheet name
    assert by_key[("80365", key)]["values"]["value"] == "1985"


def test_an_ambiguous_decimal_is_refused_not_rounded(made, package, capsys):
    code, out, _ = run(capsys, package, made["english_decimals"], "--resource", "indicators")
    assert code == 1
    assert (
        "english-decimals.csv, row 2, column C ('Share of residents aged 65+'): '2,410' can"
        " be read as 2.410 (Serbian style) or 2410 (English style)" in out
    )


def test_each_column_keeps_its_own_convention(made, package, capsys):
    _, by_key = records(capsys, package, made["styles_per_column"], "--resource", "indicators")
    assert by_key[("80012", "social_protection_spending_per_capita")]["values"]["value"] == "2410"
    assert by_key[("80365", "social_protection_spending_per_capita")]["values"]["value"] == (
        "1234567"
    )
    assert by_key[("80012", "population_65plus_share")]["values"]["value"] == "24.3"


# -- 7. the names file ---------------------------------------------------------------------------


def test_a_names_file_saved_by_excel_in_serbian_settings(made, package, capsys):
    code, out, err = run(
        capsys,
        package,
        SAMPLES / "indicators-long-typos.csv",
        "--resource",
        "indicators",
        "--names",
        made["names_serbian_excel"],
    )
    assert "needs a header row" not in err
    assert "  'Kraljvo' → Kraljevo (70653): confirmed in --names" in out


# -- 8. unusable files ---------------------------------------------------------------------------


def test_a_password_protected_workbook_is_named_as_such(made, package, capsys):
    err = refused_cleanly(capsys, package, made["encrypted"], "--resource", "services")
    assert "password.xlsx is a password-protected (encrypted) workbook" in err
    assert "save it again" not in err


def test_a_workbook_renamed_to_csv_is_named_as_such(made, package, capsys):
    err = refused_cleanly(capsys, package, made["workbook_named_csv"], "--resource", "services")
    assert "renamed.csv ends in '.csv' but is a workbook (XLSX or ODS)" in err
    assert "rename it to .xlsx" in err


# -- every number traced; the report as JSON -----------------------------------------------------


def test_every_record_is_traced_to_its_sheet_and_cell(package, capsys):
    report, _ = records(
        capsys, package, SAMPLES / "services-2024.xlsx", "--resource", "services", "--year", "2024"
    )
    assert len(report["records"]) == 7
    for record in report["records"]:
        row = record["input_row"]
        assert record["source"] == f"'Usluge 2024'!A{row}:L{row}"
        assert record["cells"]["beneficiaries"] == f"'Usluge 2024'!F{row}"
    _, out, _ = run(
        capsys, package, SAMPLES / "services-2024.xlsx", "--resource", "services", "--year", "2024"
    )
    assert "   (input row 9)  ← 'Usluge 2024'!A9:L9" in out
    report, _ = records(
        capsys,
        package,
        SAMPLES / "indicators-2023.xlsx",
        "--resource",
        "indicators",
        "--year",
        "2023",
    )
    assert all(re.fullmatch(r"'Pokazatelji 2023'![C-F]\d+", r["source"]) for r in report["records"])


def test_a_refusal_as_json(made, package, capsys):
    code, out, err = run(
        capsys, package, made["merged_amount"], "--resource", "services", "--year", "2024", "--json"
    )
    report = json.loads(out)
    assert code == 1 and report["status"] == "refused" and report["exit_code"] == 1
    assert {i["where"] for i in report["issues"]} == {
        "merged-amount.xlsx, sheet 'Usluge', row 2, column G ('Budžet JLS')",
        "merged-amount.xlsx, sheet 'Usluge', row 3, column G ('Budžet JLS')",
    }
    code, out, _ = run(capsys, package, made["encrypted"], "--resource", "services", "--json")
    assert code == 2 and json.loads(out)["status"] == "unusable"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("export.xls", b"<html><body><table><tr><td>Opstina</td></tr></table>", "a web page"),
        ("export.xlsx", b"<?xml version='1.0'?><Workbook/>", "Excel 2003 XML file"),
        ("data.xlsx", "Opština;Godina\nAda;2024\n".encode(), "is a text file, not a workbook"),
        ("empty-bytes.csv", b"Op\x00\x00tina", "is not a text file"),
    ],
)
def test_files_whose_name_lies(package, capsys, tmp_path, name, content, message):
    file = tmp_path / name
    file.write_bytes(content)
    err = refused_cleanly(capsys, package, file, "--resource", "services")
    assert f"{name} " in err and message in err


def test_a_long_table_of_shares_is_judged_per_indicator(package, capsys, tmp_path):
    file = tmp_path / "long-shares.csv"
    file.write_text(
        "Opština;Godina;Pokazatelj;Vrednost (udeo 0–1)\n"
        "Ada;2024;Udeo stanovnika starijih od 65 godina;0,243\n"
        "Ada;2024;Korisnici novčane socijalne pomoći na 1.000 stanovnika;0,5\n",
        encoding="utf-8",
    )
    _, by_key = records(capsys, package, file, "--resource", "indicators")
    assert by_key[("80012", "population_65plus_share")]["values"]["value"] == "24.3"
    assert by_key[("80012", "financial_social_assistance_per_1000")]["values"]["value"] == "0.5"


def test_a_unit_in_a_note_below_the_table(package, capsys, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(cases.SERVICE_HEADER)
    book.active.append([*cases.ADA, 14, 400, 700, 0])
    book.active.append([])
    book.active.append(["Napomena: iznosi su u hiljadama dinara"])
    book.save(tmp_path / "note.xlsx")
    _, by_key = records(
        capsys, package, tmp_path / "note.xlsx", "--resource", "services", "--year", "2024"
    )
    assert by_key[("80012", "home_help")]["values"]["funding_lsg_rsd"] == "400000"


def test_a_thousands_separator_read_as_decimals_is_never_rounded(package, capsys, tmp_path):
    """'2,410' in a column that alone shows no style, in a file whose other column is
    Serbian ('24,3'): read as 2.410 it would be rounded to 2, so it is refused."""
    file = tmp_path / "mixed-export.csv"
    file.write_text(
        "Opština;Godina;Udeo stanovnika starijih od 65 godina;"
        "Rashodi JLS za socijalnu zaštitu po stanovniku\n"
        "Ada;2024;24,3;2,410\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, package, file, "--resource", "indicators")
    assert code == 1
    assert (
        "column D ('Rashodi JLS za socijalnu zaštitu po stanovniku'): '2,410' reads as"
        " 2.410 in this file's number style" in out
    )
