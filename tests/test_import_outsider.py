"""The importer on the spreadsheets of the outside review
(tests/fixtures/import/outsider/make_outsider_cases.py, files in files/): a number whose
meaning the importer is not sure of is never written; it is imported as meant, or
refused with a message that names the file, the sheet, the cells and what to do."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from importing import copy_of_datasets, records, run, snapshot

FILES = Path(__file__).parent / "fixtures" / "import" / "outsider" / "files"
INDICATORS = ("--resource", "indicators", "--year", "2024")
SERVICES = ("--resource", "services", "--year", "2024")


@pytest.fixture
def package(tmp_path):
    return copy_of_datasets(tmp_path)


def refused(capsys, package, file, *args, code=2) -> str:
    """Refused with --write: nothing written, no traceback; the message."""
    before = snapshot(package)
    found, out, err = run(capsys, package, file, *args, "--write")
    assert found == code, (out, err)
    assert "Traceback" not in out + err and snapshot(package) == before
    return out + err


def sheet(path: Path, rows: list[list], formats: dict[str, str] | None = None) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "Pokazatelji"
    for row in rows:
        book.active.append(row)
    for ref, number_format in (formats or {}).items():
        book.active[ref].number_format = number_format
    book.save(path)
    return path


DONORS = "Udeo donatorskih sredstava u finansiranju usluga"

# -- 1-2. small percentages are not shares -------------------------------------------------


def test_small_percentages_with_a_percent_header_are_read_as_written(package, capsys):
    report, by_key = records(capsys, package, FILES / "u-small-percents.xlsx", *INDICATORS)
    assert by_key[("80012", "donor_funding_share")]["values"]["value"] == "0.9"
    assert by_key[("80365", "donor_funding_share")]["values"]["value"] == "0.0"
    assert by_key[("80217", "donor_funding_share")]["values"]["value"] == "0.4"
    assert any("the header says" in n and "read as written" in n for n in report["notes"])


def test_values_within_0_1_that_nothing_explains_are_refused(package, capsys):
    message = refused(capsys, package, FILES / "u-percent-mixed.xlsx", *INDICATORS)
    assert (
        "u-percent-mixed.xlsx, sheet 'Pokazatelji', column D ('Udeo namenskih transfera u"
        " finansiranju usluga'): every value of earmarked_transfer_share (Pokazatelji!D2,"
        " Pokazatelji!D3, Pokazatelji!D4) is between 0 and 1" in message
    )
    assert "format the cells as percentages" in message and "'(%)' in the header" in message


def test_shares_stated_in_the_header_are_multiplied(package, capsys, tmp_path):
    file = sheet(tmp_path / "s.xlsx", [["Opština", f"{DONORS} (udeo 0–1)"], ["Ada", 0.125]])
    report, by_key = records(capsys, package, file, *INDICATORS)
    assert by_key[("80012", "donor_funding_share")]["values"]["value"] == "12.5"
    assert any("the header says" in n and "read as shares" in n for n in report["notes"])


def test_a_header_and_a_title_that_disagree_are_refused(package, capsys, tmp_path):
    rows = [["Udeli (0–1)"], ["Opština", f"{DONORS} (%)"], ["Ada", 0.125]]
    message = refused(capsys, package, sheet(tmp_path / "c.xlsx", rows), *INDICATORS)
    assert "column B" in message and "title row 1 ('Udeli (0–1)')" in message


def test_per_year_table_follows_its_title(package, capsys):
    _, by_key = records(capsys, package, FILES / "u-by-year-shares.xlsx", *INDICATORS)
    assert by_key[("80012", "donor_funding_share")]["values"]["value"] == "0.9"
    assert by_key[("80217", "donor_funding_share")]["values"]["value"] == "0.6"


def test_another_year_column_is_no_evidence(package, capsys, tmp_path):
    rows = [[DONORS], ["Opština", "2023", "2024"], ["Ada", 2.5, 0.9], ["Senta", 1.2, 0.6]]
    message = refused(capsys, package, sheet(tmp_path / "y.xlsx", rows), *INDICATORS)
    assert "column C ('2024')" in message and "Pokazatelji!C3, Pokazatelji!C4" in message


# -- 3. a share cannot be above 100 % ---------------------------------------------------------


def test_a_percentage_above_100_is_refused(package, capsys):
    message = refused(capsys, package, FILES / "u-percent-format-whole.xlsx", *INDICATORS, code=1)
    assert (
        "u-percent-format-whole.xlsx, sheet 'P', row 2, column B ('Udeo licenciranih usluga'):"
        " '75' reads as 7500 %" in message
    )


def test_a_rate_per_1000_is_not_bounded(package, capsys, tmp_path):
    header = "Korisnici novčane socijalne pomoći na 1.000 stanovnika"
    file = sheet(tmp_path / "r.xlsx", [["Opština", header], ["Ada", 120.5]])
    _, by_key = records(capsys, package, file, *INDICATORS)
    assert by_key[("80012", "financial_social_assistance_per_1000")]["values"]["value"]


# -- 4. a header unit that the title contradicts -------------------------------------------------


def test_a_header_unit_and_a_title_scale_that_disagree_are_refused(package, capsys):
    message = refused(capsys, package, FILES / "u-title-vs-header.xlsx", *SERVICES)
    assert (
        "u-title-vs-header.xlsx, sheet 'Usluge', column I ('Donatori (RSD)'): the header"
        " (Usluge!I3) gives the amounts in RSD as written, but title row 2 (Usluge!A2:"
        " '(u hiljadama dinara)') gives them in thousands of RSD" in message
    )


def test_a_scale_is_attributed_to_the_row_that_states_it(package, capsys, tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Usluge"
    head = ["Opština", "Usluga", "Vrsta pružaoca", "Pružalac usluge", "Licenca"]
    for row in (
        ["(u hiljadama)"],
        ["Iznosi u RSD"],
        [*head, "Broj korisnika", "Budžet JLS", "Namenski transfer", "Donatori"],
        ["Ada", "Pomoć u kući", "Udruženje", "Caritas Ada", "da", 14, 400, 700, 0],
    ):
        book.active.append(row)
    book.save(tmp_path / "t.xlsx")
    report, by_key = records(capsys, package, tmp_path / "t.xlsx", *SERVICES)
    assert by_key[("80012", "home_help")]["values"]["funding_lsg_rsd"] == "400000"
    assert {u["from"] for u in report["units"]} == {"title row 1"}


# -- 5. a year merged over a block of columns ----------------------------------------------------


def test_a_year_merged_over_a_block_qualifies_each_column(package, capsys):
    report, by_key = records(capsys, package, FILES / "q-group-years.xlsx", *SERVICES)
    ada = by_key[("80012", "home_help")]
    assert ada["values"]["beneficiaries"] == "14" and ada["values"]["funding_lsg_rsd"] == "400000"
    assert ada["cells"]["beneficiaries"] == "'Usluge 2023-2024'!J4"
    assert ada["cells"]["funding_donor_rsd"] == "'Usluge 2023-2024'!M4"
    notes = {c["column"]: c["note"] for c in report["ignored_columns"]}
    assert set(notes) == set("FGHI") and "for 2023" in notes["F"]


def test_a_merged_plan_block_is_still_a_choice(package, capsys):
    message = refused(capsys, package, FILES / "q-plan-group.xlsx", *SERVICES)
    assert "G ('Plan / Budžet JLS'); J ('Ostvareno / Budžet JLS')" in message


# -- 6. a column of width 0 is hidden ---------------------------------------------------------


def _width(path: Path, width: str) -> Path:
    """h-width0.xlsx (column F of width 0) with column F at `width`."""
    import zipfile

    with zipfile.ZipFile(FILES / "h-width0.xlsx") as source, zipfile.ZipFile(path, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert b'width="0"' in data
                data = data.replace(b'width="0"', f'width="{width}"'.encode())
            out.writestr(item, data)
    return path


@pytest.mark.parametrize("width", ["0", "0.3"])
def test_a_column_of_width_0_is_hidden_content(package, capsys, tmp_path, width):
    message = refused(capsys, package, _width(tmp_path / "w.xlsx", width), *SERVICES)
    assert "F ('Broj korisnika') (hidden); G ('Broj korisnika')" in message
    assert "so narrow they cannot be seen" in message


# -- 7. parts without their total ----------------------------------------------------------------


def test_women_and_men_without_a_total_ask_for_the_total(package, capsys):
    message = refused(capsys, package, FILES / "q-sex-no-total.xlsx", *SERVICES)
    assert (
        "the columns F ('Broj korisnika - žene'); G ('Broj korisnika - muškarci') each hold"
        " only a part of beneficiaries" in message
    )
    assert "Add a column with the total" in message and "--column" not in message


# -- 8-9. files that cannot be read as they are ---------------------------------------------------


def test_letters_lost_in_a_wrong_encoding_save_are_named(package, capsys):
    message = refused(capsys, package, FILES / "e-lost-letters.csv", *SERVICES)
    assert "e-lost-letters.csv, line 1: '\"Izve\ufffdtaj o uslugama" in message
    assert "the letters (such as č, ć, š, ž, đ) were lost" in message


@pytest.mark.parametrize("name", ["x-empty.xlsx", "empty.csv"])
def test_an_empty_file_is_said_to_be_empty(package, capsys, tmp_path, name):
    file = FILES / name if name.startswith("x-") else tmp_path / name
    if not file.exists():
        file.write_bytes(b"")
    message = refused(capsys, package, file, *SERVICES)
    assert f"{name} is empty (0 bytes)" in message


def test_another_years_rows_are_no_evidence(package, capsys, tmp_path):
    """A long table: 2023 rows above 1 do not make the 2024 rows percentages."""
    file = tmp_path / "long.csv"
    file.write_text(
        f"Opština;Godina;Pokazatelj;Vrednost\nAda;2023;{DONORS};2,5\nAda;2024;{DONORS};0,9\n",
        encoding="utf-8",
    )
    message = refused(capsys, package, file, *INDICATORS)
    assert "column D ('Vrednost'): every value of donor_funding_share (long!D3)" in message
