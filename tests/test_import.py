"""The importer: each sample spreadsheet of tests/fixtures/import becomes the canonical
rows written out here by hand; refused input writes nothing; rows outside an import's
scope stay byte for byte; every message comes from the catalog."""

from __future__ import annotations

import ast
import csv
import io
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from importing import TEST_SOURCE, source_args, with_test_source

from build_scripts import importer
from build_scripts.cli import main
from build_scripts.importer.base import catalog, norm
from build_scripts.importer.names import Names
from build_scripts.importer.read import Cell, decode
from build_scripts.importer.values import BadValue, number_style, parse_number
from build_scripts.paths import DATASETS, PACKAGE_DIR

SAMPLES = Path(__file__).parent / "fixtures" / "import"


# -- helpers ---------------------------------------------------------------------------


@pytest.fixture
def real_copy(tmp_path):
    """A copy of the real data package, safe to write into."""
    target = tmp_path / "datasets"
    shutil.copytree(DATASETS, target)
    return with_test_source(target / "datapackage.json")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["import", *map(str, args), *source_args(args)])
    out, err = capsys.readouterr()
    return code, out, err


def rows_where(path: Path, keep) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [line for line in text.splitlines()[1:] if keep(line.split(","))]


def snapshot(package: Path) -> dict[str, bytes]:
    root = package.parent
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def assert_outside_scope_untouched(before: dict[str, bytes], package: Path, name, in_scope):
    """Every file but `name` is identical; in `name`, the header and every line outside the
    scope are the same bytes in the same order."""
    after = snapshot(package)
    assert set(after) == set(before)
    for file, data in before.items():
        if file != name:
            assert after[file] == data, file
    old = before[name].splitlines(keepends=True)
    new = after[name].splitlines(keepends=True)
    assert new[0] == old[0]
    outside_old = [line for line in old[1:] if not in_scope(line.decode().split(","))]
    outside_new = [line for line in new[1:] if not in_scope(line.decode().split(","))]
    assert outside_new == outside_old
    assert len(outside_old) > 3000 if name == "services.csv" else len(outside_old) > 10000


# -- each sample becomes the canonical rows ---------------------------------------------

SERVICES_2024 = """\
70025,home_help,2024,csw,Centar za socijalni rad Aleksinac,true,120,,4560000,2100000,0,6660000,true,import-test-report
70513,personal_assistance,2024,ngo,Udruženje „Zajedno“ Doljevac,false,6,,1800000,0,600000,2400000,false,import-test-report
71064,home_help,2024,csw,Centar za socijalni rad Svrljig,true,35,,1250000,980000,0,2230000,false,import-test-report
71200,personal_companion,2024,ngo,Udruženje „Naša kuća“ Ćuprija,true,14,,2100000,1400000,0,3500000,false,import-test-report
79014,drop_in_centre,2024,public_institution,Gradski centar za socijalni rad – Svratište,true,64,70,18400000,0,0,18400000,false,import-test-report
79022,day_care,2024,ngo,Udruženje „Sunce“ Niš,false,38,45,9150000,0,1200000,10350000,false,import-test-report
79022,home_help,2024,public_institution,Gerontološki centar Niš,true,412,,21300000,8150000,0,29450000,false,import-test-report
""".splitlines()
SERVICES_2024_LSGS = {"70025", "70513", "71064", "71200", "79014", "79022"}


def test_services_xlsx_with_titles_merged_headers_and_totals(real_copy, capsys):
    before = snapshot(real_copy)
    file = SAMPLES / "services-2024.xlsx"
    code, out, _ = run(
        capsys, file, "--resource", "services", "--year", "2024", "--write", "--package", real_copy
    )
    assert code == 0, out
    in_scope = lambda r: r[0] in SERVICES_2024_LSGS and r[2] == "2024"  # noqa: E731
    assert rows_where(real_copy.parent / "services.csv", in_scope) == SERVICES_2024
    assert_outside_scope_untouched(before, real_copy, "services.csv", in_scope)
    assert "table: header in rows 4–5, data in rows 6–18" in out
    assert "    H 'Finansiranje (RSD) / Budžet JLS' → funding from the LSG budget (RSD)" in out
    assert "  row 8 'Niš - Mediana': part of Niš, whose own row is in the file (row 6)" in out
    assert "  row 12 'Nišavski okrug – ukupno': total or subtotal" in out
    assert "  row 14 'GO Zemun': part of Beograd, whose own row is in the file (row 13)" in out
    assert "  row 16 'Ukupno': total or subtotal" in out
    assert "  'Општина Сврљиг' → Svrljig (71064)" in out
    assert out.rstrip().endswith(
        "written: "
        + importer.display_path(real_copy.parent / "services.csv")
        + " updated and the package is valid. Review the change (git diff), then commit it"
        " and open a pull request."
    )


INDICATORS_2023 = """\
70017,financial_social_assistance_per_1000,2023,31.4,import-test-report
70017,population_65plus_share,2023,24.3,import-test-report
70025,financial_social_assistance_per_1000,2023,28.6,import-test-report
70025,population_65plus_share,2023,22.1,import-test-report
79014,financial_social_assistance_per_1000,2023,12.1,import-test-report
79014,population_65plus_share,2023,18.7,import-test-report
79022,population_65plus_share,2023,19.8,import-test-report
80438,financial_social_assistance_per_1000,2023,15.2,import-test-report
80438,population_65plus_share,2023,20.9,import-test-report
""".splitlines()


def test_indicators_xlsx_one_column_per_indicator(real_copy, capsys):
    before = snapshot(real_copy)
    code, out, _ = run(
        capsys,
        SAMPLES / "indicators-2023.xlsx",
        "--resource",
        "indicators",
        "--year",
        "2023",
        "--write",
        "--package",
        real_copy,
    )
    assert code == 0, out
    scope = {
        (lsg, ind, "2023")
        for lsg in ("70017", "70025", "79014", "79022", "80438")
        for ind in ("financial_social_assistance_per_1000", "population_65plus_share")
    }
    in_scope = lambda r: tuple(r[:3]) in scope  # noqa: E731
    assert rows_where(real_copy.parent / "indicators.csv", in_scope) == INDICATORS_2023
    assert_outside_scope_untouched(before, real_copy, "indicators.csv", in_scope)
    # the empty ('...') value of Niš removed the old value; 12,05 was rounded to 12.1
    assert "  - 79022,financial_social_assistance_per_1000,2023," in out
    assert "note: 1 values had more decimals than their indicator uses and were rounded" in out
    assert "    E 'Napomena' ignored: not a column the importer knows" in out


INDICATORS_BY_YEAR = {
    "80063": "12.4 13.1 13.8 14.0 14.6 15.2",
    "80136": "5.2 5.5 5.1 6.0 6.3 6.9",
    "80497": "- 9.0 9.4 9.9 10.3 10.8",
    "89010": "18.9 19.4 20.1 20.7 21.3 22.0",
}


def test_windows_1250_csv_one_column_per_year(real_copy, capsys):
    before = snapshot(real_copy)
    code, out, _ = run(
        capsys,
        SAMPLES / "indicators-by-year-cp1250.csv",
        "--resource",
        "indicators",
        "--write",
        "--package",
        real_copy,
    )
    assert code == 0, out
    expected = [
        f"{lsg},home_help_users_per_1000_65plus,{year},{value},{TEST_SOURCE}"
        for lsg, values in INDICATORS_BY_YEAR.items()
        for year, value in zip(range(2019, 2025), values.split(), strict=True)
        if value != "-"
    ]
    in_scope = lambda r: r[0] in INDICATORS_BY_YEAR and r[1] == "home_help_users_per_1000_65plus"  # noqa: E731
    assert rows_where(real_copy.parent / "indicators.csv", in_scope) == expected
    assert_outside_scope_untouched(before, real_copy, "indicators.csv", in_scope)
    assert "  CSV read as Windows-1250, cells separated by ';'" in out
    assert (
        "  indicator: home_help_users_per_1000_65plus (named in the title above the table)" in out
    )
    assert "  row 9 'Južnobački okrug': total or subtotal" in out


def test_needs_review_is_refused_with_a_clear_list(real_copy, capsys):
    before = snapshot(real_copy)
    code, out, _ = run(
        capsys,
        SAMPLES / "services-needs-review.csv",
        "--resource",
        "services",
        "--write",
        "--package",
        real_copy,
    )
    assert code == 1
    assert snapshot(real_copy) == before
    expected = [
        "  services-needs-review.csv, row 3, column A ('Opština'): 'Palilula' could be Palilula, part of Beograd (79014);"
        " Palilula, part of Niš (79022).",
        "  services-needs-review.csv, row 2, column A ('Opština'): 'Aleksinc' is not the name of an LSG in lsg.csv."
        " Did you mean Aleksinac (70025)?",
        "  services-needs-review.csv, row 5, column A ('Opština'): 'Priština' is not the name of an LSG in lsg.csv.",
        "  services-needs-review.csv, row 6, column B ('Usluga'): 'Pomoć u kući za starije' is not a code or name",
        "  services-needs-review.csv, row 4, column A ('Opština'): 'GO Zemun' is a part of Beograd (79014), and the data"
        " keeps one row per LSG",
        "  services-needs-review.csv, row 7, column G ('Broj korisnika'): '12,5' is not a whole number.",
        "    name,code\n    Aleksinc,70025\n",
    ]
    for text in expected:
        assert text in out
    assert "ambiguous: 1 " in out and "unmatched: 3 " in out and "parts of cities: 1 " in out
    assert out.rstrip().endswith(
        "not written: 6 row(s) above could not be placed or read. Correct the spreadsheet or"
        " confirm names with --names, then run the command again."
    )


LONG_TYPOS = """\
70459,financial_social_assistance_per_1000,2022,14.6,import-test-report
70459,population_65plus_share,2022,23.9,import-test-report
70483,population_65plus_share,2022,22.4,import-test-report
70653,financial_social_assistance_per_1000,2022,18.2,import-test-report
70653,population_65plus_share,2022,21.7,import-test-report
""".splitlines()


def test_fuzzy_matches_only_with_confirmation(real_copy, capsys):
    file = SAMPLES / "indicators-long-typos.csv"
    before = snapshot(real_copy)
    code, out, _ = run(capsys, file, "--resource", "indicators", "--write", "--package", real_copy)
    assert code == 1
    assert snapshot(real_copy) == before
    assert "    name,code\n    Kraljvo,70653\n    Gornji Milanovc,70483\n" in out
    names = SAMPLES / "indicators-long-typos.names.csv"
    code, out, _ = run(
        capsys,
        file,
        "--resource",
        "indicators",
        "--names",
        names,
        "--write",
        "--package",
        real_copy,
    )
    assert code == 0, out
    assert "  'Kraljvo' → Kraljevo (70653): confirmed in --names (input rows 2, 3)" in out
    scope = {(r.split(",")[0], r.split(",")[1]) for r in LONG_TYPOS}
    in_scope = lambda r: (r[0], r[1]) in scope and r[2] == "2022"  # noqa: E731
    assert rows_where(real_copy.parent / "indicators.csv", in_scope) == LONG_TYPOS
    assert_outside_scope_untouched(before, real_copy, "indicators.csv", in_scope)


def test_dry_run_writes_nothing_and_a_second_import_changes_nothing(real_copy, capsys):
    file = SAMPLES / "indicators-by-year-cp1250.csv"
    before = snapshot(real_copy)
    code, out, _ = run(capsys, file, "--resource", "indicators", "--package", real_copy)
    assert code == 0
    assert snapshot(real_copy) == before
    assert "0 added, 23 changed, 1 removed, 0 unchanged" in out
    assert "dry run: nothing written. Run the same command with --write" in out
    assert run(capsys, file, "--resource", "indicators", "--write", "--package", real_copy)[0] == 0
    written = snapshot(real_copy)
    code, out, _ = run(capsys, file, "--resource", "indicators", "--write", "--package", real_copy)
    assert code == 0
    assert "0 added, 0 changed, 0 removed, 23 unchanged" in out
    assert "nothing to change:" in out
    assert snapshot(real_copy) == written


# -- validation: nothing half-written ---------------------------------------------------

HEADER = (
    "Opština,Usluga,Godina,Vrsta pružaoca,Pružalac,Licenca,Broj korisnika,Kapacitet,"
    "Budžet JLS,Namenski transfer,Donatori,Ukupno finansiranje,MOS\n"
)


def test_result_that_fails_validation_is_not_written(tiny_package, tmp_path, capsys):
    package = tiny_package()
    file = tmp_path / "more-users-than-places.csv"
    file.write_text(
        HEADER + "Ada,Dnevni boravak,2024,Udruženje,Udruženje Ada,da,50,40,500,0,0,500,ne\n",
        encoding="utf-8",
    )
    before = snapshot(package)
    code, out, _ = run(capsys, file, "--resource", "services", "--write", "--package", package)
    assert code == 1
    assert snapshot(package) == before
    assert "More users than places" in out and "(input row 2)" in out
    assert "not written: the result would not pass validation (1 problem(s) above)." in out


def test_failed_validation_after_writing_puts_the_old_file_back(
    tiny_package, tmp_path, capsys, monkeypatch
):
    from build_scripts.errors import problem

    package = tiny_package()
    file = tmp_path / "ada.csv"
    file.write_text(
        HEADER + "Ada,Dnevni boravak,2024,Udruženje,Udruženje Ada,da,5,6,500,0,0,500,ne\n",
        encoding="utf-8",
    )
    before = snapshot(package)
    seen = {}

    def fails(path):
        seen["written"] = (package.parent / "services.csv").read_bytes()
        return [problem("no-data-rows", "services.csv", row=1)]

    monkeypatch.setattr(importer, "validate_written", fails)
    code, out, _ = run(capsys, file, "--resource", "services", "--write", "--package", package)
    assert code == 1
    assert seen["written"] != before["services.csv"]  # it was written, then put back
    assert snapshot(package) == before
    assert "so the previous file was put back. Nothing changed." in out


# -- file styles, shapes and rows -------------------------------------------------------


def test_new_rows_follow_the_files_own_style(tiny_package, tmp_path, capsys):
    """A file with a BOM and CRLF line endings keeps both; untouched lines stay as bytes."""
    original = (Path(__file__).parent / "fixtures" / "valid" / "services.csv").read_bytes()
    crlf = b"\xef\xbb\xbf" + original.replace(b"\n", b"\r\n")
    package = tiny_package({"services": crlf})
    file = tmp_path / "ada.csv"
    file.write_text(
        HEADER + 'ADA,Dnevni boravak,2024,NVO,"Udruženje ""Duga"", Ada",ne,3,4,10,0,0,10,da\n',
        encoding="utf-8",
    )
    code, out, _ = run(capsys, file, "--resource", "services", "--write", "--package", package)
    assert code == 0, out
    data = (package.parent / "services.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data[3:].split(b"\r\n")
    assert b"\n" not in b"".join(lines)
    new = (
        f'80012,day_care,2024,ngo,"Udruženje ""Duga"", Ada",false,3,4,10,0,0,10,true,{TEST_SOURCE}'
    )
    assert new.encode() in lines
    kept = [line for line in crlf[3:].split(b"\r\n") if not line.startswith(b"80012,")]
    assert [line for line in lines if not line.startswith(b"80012,")] == kept


def test_names_carried_down_and_duplicates(tiny_package, tmp_path, capsys):
    package = tiny_package()
    file = tmp_path / "carried.csv"
    file.write_text(
        HEADER
        + "Despotovac,Pomoć u kući,2024,JLS,Opštinska uprava Despotovac,ne,5,,10,0,0,10,ne\n"
        + ",Dnevni boravak,2024,JLS,Opštinska uprava Despotovac,ne,5,6,10,0,0,10,ne\n"
        + ",Dnevni boravak,2024,JLS,Opštinska uprava Despotovac,ne,5,6,10,0,0,10,ne\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, file, "--resource", "services", "--package", package)
    assert code == 1
    assert "  2 rows without a name took the LSG of the row above" in out
    assert (
        "  carried.csv, row 4: a second row for Despotovac (70491), day_care, 2024: row 3 already has it."
        in out
    )


def test_a_name_is_not_carried_past_a_total(tiny_package, tmp_path, capsys):
    package = tiny_package()
    file = tmp_path / "after-total.csv"
    file.write_text(
        HEADER
        + "Despotovac,Pomoć u kući,2024,JLS,Opštinska uprava Despotovac,ne,5,,10,0,0,10,ne\n"
        + "Ukupno,,,,,,5,,10,0,0,10,\n"
        + ",Dnevni boravak,2024,JLS,Opštinska uprava Despotovac,ne,5,6,10,0,0,10,ne\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, file, "--resource", "services", "--package", package)
    assert code == 1
    assert (
        "  after-total.csv, row 4, column A ('Opština'): no LSG name in this row, although it has values."
        in out
    )
    assert "took the LSG of the row above" not in out


def test_a_column_of_names_without_a_header(tiny_package, tmp_path, capsys):
    file = tmp_path / "no-name-header.csv"
    file.write_text(
        ";Godina;Udeo stanovnika starijih od 65 godina\nAda;2024;24,0\nĆuprija;2024;26,1\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, file, "--resource", "indicators", "--package", tiny_package())
    assert code == 0, out
    assert "    A '-' → LSG name" in out
    assert (
        "  ~ 71200,population_65plus_share,2024,25.8,demo-generator\n"
        f"    → 71200,population_65plus_share,2024,26.1,{TEST_SOURCE}" in out
    )


def test_year_filter_that_leaves_nothing(tiny_package, tmp_path, capsys):
    file = tmp_path / "other-year.csv"
    file.write_text("Opština,Godina,Udeo stanovnika starijih od 65 godina\nAda,2023,24\n")
    code, _, err = run(
        capsys, file, "--resource", "indicators", "--year", "2024", "--package", tiny_package()
    )
    assert code == 2 and "none for the year asked for" in err


def test_year_outside_coverage_and_code_that_contradicts_the_name(tiny_package, tmp_path, capsys):
    package = tiny_package()
    file = tmp_path / "codes.csv"
    file.write_text(
        "Šifra,Opština,Godina,Udeo stanovnika starijih od 65 godina\n"
        '80012,Ada,2031,"21,5"\n'
        '80012,Despotovac,2024,"21,5"\n',
        encoding="utf-8",
    )
    code, out, _ = run(capsys, file, "--resource", "indicators", "--package", package)
    assert code == 1
    assert (
        "  codes.csv, row 2, column C ('Godina'): the year 2031 is outside the package's coverage"
        in out
    )
    assert (
        "  codes.csv, row 3, column A ('Šifra'): the code 80012 is Ada (80012), but the name 'Despotovac'"
        " is Despotovac (70491)."
    ) in out


def test_windows_1251_cyrillic_csv(tiny_package, tmp_path, capsys):
    package = tiny_package()
    file = tmp_path / "cyrillic.csv"
    text = "Општина;Удео становника старијих од 65 година\nАда;21,5\nЋуприја;23,4%\n"
    file.write_bytes(text.encode("cp1251"))
    code, out, _ = run(
        capsys, file, "--resource", "indicators", "--year", "2024", "--package", package
    )
    assert code == 0, out
    assert "CSV read as Windows-1251" in out
    assert f"    → 80012,population_65plus_share,2024,21.5,{TEST_SOURCE}   (input row 2)" in out
    assert f"    → 71200,population_65plus_share,2024,23.4,{TEST_SOURCE}   (input row 3)" in out


# -- unusable input: exit 2 -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "args", "message"),
    [
        ("missing.xlsx", None, ["--resource", "services"], "does not exist"),
        ("old.xls", b"\xd0\xcf\x11\xe0", ["--resource", "services"], "save it as .xlsx"),
        (
            "words.csv",
            b"Dear colleagues,\nplease find attached\n",
            ["--resource", "services"],
            "no table found",
        ),
        (
            "no-year.csv",
            HEADER.replace("Godina,", "").encode(),
            ["--resource", "services"],
            "Add a column 'Godina' or give the year with --year YYYY",
        ),
        (
            "by-year.csv",
            b"Opstina,2023,2024\nAda,1,2\n",
            ["--resource", "indicators"],
            "Give it with --indicator CODE",
        ),
        (
            "no-provider.csv",
            b"Opstina,Usluga,Godina\nAda,SOS telefon,2024\n",
            ["--resource", "services"],
            "the table has no column for provider type",
        ),
    ],
)
def test_unusable_input_exits_2(tiny_package, tmp_path, capsys, name, content, args, message):
    file = tmp_path / name
    if content is not None:
        file.write_bytes(content)
    code, out, err = run(capsys, file, *args, "--package", tiny_package())
    assert code == 2
    assert err.count("cannot import: ") == 1 and message in err.split("cannot import: ")[1]
    assert "Traceback" not in err and out == ""


def test_indicator_option_for_a_table_by_year(tiny_package, tmp_path, capsys):
    file = tmp_path / "by-year.csv"
    file.write_text('Opština,2023,2024\nAda,"1,5","2,5"\n', encoding="utf-8")
    code, out, _ = run(
        capsys,
        file,
        "--resource",
        "indicators",
        "--indicator",
        "Udeo stanovnika starijih od 65 godina",
        "--year",
        "2024",
        "--package",
        tiny_package(),
    )
    assert code == 0, out
    assert "  indicator: population_65plus_share (from --indicator)" in out
    assert f"    → 80012,population_65plus_share,2024,2.5,{TEST_SOURCE}   (input row 2)" in out
    assert ",2023," not in out.split("changes to")[1]


# -- names and numbers ------------------------------------------------------------------


@pytest.fixture(scope="module")
def names():
    return Names(DATASETS)


@pytest.mark.parametrize(
    ("written", "how", "code", "part"),
    [
        ("Ćuprija", "exact", "71200", None),
        ("Ћуприја", "exact", "71200", None),
        ("Belgrade", "exact", "79014", None),
        ("CUPRIJA", "folded", "71200", None),
        ("Grad Niš", "folded", "79022", None),
        ("Opština Bač", "folded", "80055", None),
        ("Општина Бач", "folded", "80055", None),
        ("Opstina Backa Topola", "folded", "80071", None),
        ("Grad Beograd", "folded", "79014", None),
        ("Bor*", "folded", "70327", None),
        ("70017", "code", "70017", None),
        ("GO Zemun", "part", "79014", "Zemun"),
        ("ГО Земун", "part", "79014", "Zemun"),
        ("Gradska opština Novi Beograd", "part", "79014", "Novi Beograd"),
        ("Niš - Mediana", "part", "79022", "Mediana"),
        ("Niš-Medijana", "part", "79022", "Medijana"),
        ("Medijana", "part", "79022", "Medijana"),
        ("Kostolac", "part", "79049", "Kostolac"),
        ("Beograd - Palilula", "part", "79014", "Palilula"),
        ("70157", "code", "79014", "Zemun"),
    ],
)
def test_lsg_names(names, written, how, code, part):
    match = names.match_lsg(written)
    assert (match.how, match.place.code, match.place.part) == (how, code, part)


@pytest.mark.parametrize(
    "written",
    [
        "Ukupno",
        "УКУПНО",
        "Srbija",
        "Republika Srbija",
        "Nišavski okrug",
        "Region Vojvodine",
        "Beogradski region",
        "Zlatiborski upravni okrug",
        "Ukupno Srbija",
    ],
)
def test_totals_and_subtotals(names, written):
    assert names.match_lsg(written).how == "total"


def test_ambiguous_and_unmatched_names(names):
    palilula = names.match_lsg("Palilula")
    assert palilula.how == "ambiguous"
    assert {p.code for p in palilula.places} == {"79014", "79022"}
    typo = names.match_lsg("Aleksinc")
    assert typo.how == "unmatched" and typo.suggestions[0].code == "70025"
    assert names.match_lsg("Priština").how == "unmatched"
    assert names.match_lsg("Priština").suggestions == []


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Pomoć u kući", "home_help"),
        ("Помоћ у кући", "home_help"),
        ("POMOC U KUCI", "home_help"),
        ("Personal assistance", "personal_assistance"),
        ("sos_line", "sos_line"),
    ],
)
def test_service_type_names(names, written, code):
    assert names.service_types.match(written).place.code == code


@pytest.mark.parametrize(
    ("typed", "style", "value", "percent"),
    [
        ("1.234", "sr", "1234", False),
        ("1.234", "en", "1.234", False),
        ("1.234,5", "sr", "1234.5", False),
        ("1,234.5", "sr", "1234.5", False),
        ("12,5", "sr", "12.5", False),
        ("12.5", "sr", "12.5", False),
        ("1.234.567", "en", "1234567", False),
        ("1 234 567", "sr", "1234567", False),
        ("1\u00a0234", "sr", "1234", False),
        ("12%", "sr", "12", True),
        ("12,5 %", "sr", "12.5", True),
        ("5.000 RSD", "sr", "5000", False),
        ("-3", "sr", "-3", False),
    ],
)
def test_numbers_as_typed(typed, style, value, percent):
    assert parse_number(Cell(typed), style) == (Decimal(value), percent)


def test_numbers_that_cannot_be_read():
    with pytest.raises(BadValue) as ambiguous:
        parse_number(Cell("1.234"), "mixed")
    assert ambiguous.value.key == "value_ambiguous_number"
    with pytest.raises(BadValue) as words:
        parse_number(Cell("dvanaest"), "sr")
    assert words.value.key == "value_not_number"
    assert parse_number(Cell("..."), "sr") == (None, False)
    assert parse_number(Cell(0.125, percent=True), "sr") == (Decimal("12.500"), True)


def test_number_style_of_a_sheet():
    assert number_style(["12,5", "1.234"]) == "sr"
    assert number_style(["12.5", "1,234"]) == "en"
    assert number_style(["1.234", "300"]) == "sr"
    assert number_style(["12,5", "12.5"]) == "mixed"


def test_labels_fold_script_case_diacritics_and_units():
    assert norm("Finansiranje (RSD)") == norm("ФИНАНСИРАЊЕ") == "finansiranje"
    assert norm("Budžet JLS, u dinarima") == "budzet jls"


def test_decoding():
    assert decode("Šid".encode("cp1250")) == ("Šid", "Windows-1250")
    assert decode("Шид".encode("cp1251")) == ("Шид", "Windows-1251")
    assert decode("\ufeffŠid".encode()) == ("Šid", "UTF-8")
    assert decode("Šid".encode("utf-16")) == ("Šid", "UTF-16")


# -- progress ---------------------------------------------------------------------------


def test_progress_is_plain_lines_without_a_terminal(capsys):
    progress = importer.Progress(io.StringIO(), tty=False)
    progress.stage("progress_read", file="x.xlsx")
    progress.stage("progress_validate")
    assert progress.stream.getvalue() == "import: reading x.xlsx\nimport: validating the result\n"


def test_progress_is_a_bar_on_a_terminal():
    stream = io.StringIO()
    progress = importer.Progress(stream, tty=True)
    progress.stage("progress_read", file="x.xlsx")
    tick = progress.rows(3)
    for _ in range(3):
        tick()
    progress.close()
    text = stream.getvalue()
    assert "\r" in text and "reading x.xlsx" in text
    assert "import: reading" not in text


def test_cli_logs_stages_on_stderr(real_copy, capsys):
    _, _, err = run(
        capsys,
        SAMPLES / "indicators-2023.xlsx",
        "--resource",
        "indicators",
        "--year",
        "2023",
        "--package",
        real_copy,
    )
    assert err.splitlines() == [
        f"import: reading {importer.display_path(SAMPLES / 'indicators-2023.xlsx')}",
        "import: placing 8 rows",
        "import: comparing with the data package",
        "import: validating the result",
    ]


# -- conventions ------------------------------------------------------------------------


def _catalog_calls() -> tuple[set[str], set[str]]:
    """Keys passed as literals to say/text/ImportUnusable/BadValue/issue in the importer
    modules, the import of returned templates (and its reader) and cli.py, and the prefixes
    of keys built with f-strings."""
    literal, prefixes = set(), set()
    positions = {"say": 0, "text": 0, "stage": 0, "ImportUnusable": 0, "BadValue": 0, "issue": 3}
    files = [
        *(PACKAGE_DIR / "importer").glob("*.py"),
        PACKAGE_DIR / "collection" / "report_import.py",
        PACKAGE_DIR / "collection" / "template_reader.py",
    ]
    files.append(PACKAGE_DIR / "cli.py")
    for file in files:
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if file.name == "cli.py" and not (
                name in ("text", "importer_say")
                or (name == "say" and ast.unparse(func) == "importer.say")
            ):
                continue
            at = positions.get("say" if name == "importer_say" else name)
            if at is None or len(node.args) <= at:
                continue
            arg = node.args[at]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                literal.add(arg.value)
            elif isinstance(arg, ast.JoinedStr) and isinstance(arg.values[0], ast.Constant):
                prefixes.add(arg.values[0].value)
    return literal, prefixes


def test_every_message_is_in_the_catalog_and_every_entry_is_used():
    keys = set(catalog()) - {"_comment", "_vocabulary"}
    literal, prefixes = _catalog_calls()
    assert literal - keys == set(), "used in the code but missing from catalog/importer.json"
    assert {"field_", "how_", "report_", "verdict_"} <= prefixes | {"verdict_"}
    unused = {k for k in keys - literal if not k.startswith(tuple(prefixes))}
    assert unused == set(), "entries of catalog/importer.json that no code uses"
    # keys built from a prefix: every value the code can produce has its entry
    fields = {c for c in _vocabulary_fields()} | {"indicator", "value"}
    assert {f"field_{f}" for f in fields} <= keys
    for kind in ("ambiguous", "unmatched", "part", "value"):
        assert f"report_{kind}" in keys
    for how in ("code", "exact", "folded", "confirmed"):
        assert f"how_{how}" in keys


def _vocabulary_fields() -> set[str]:
    from build_scripts.importer.layout import SERVICE_FIELDS

    return set(SERVICE_FIELDS)


def test_import_is_documented():
    root = PACKAGE_DIR.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert re.search(
        r"^\| `import FILE \[--resource services\\\|indicators\]", readme, re.MULTILINE
    )
    for page in ("contribute.md", "contribute.en.md"):
        text = (root / "docs" / page).read_text(encoding="utf-8")
        assert "python -m build_scripts import" in text, page
        for option in ("--resource", "--year", "--sheet", "--indicator", "--names", "--write"):
            assert option in text, (page, option)


def test_samples_are_what_make_samples_makes(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    made = sorted(p.name for p in tmp_path.iterdir())
    committed = sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".csv", ".xlsx"))
    assert made == committed
    for name in made:
        assert (tmp_path / name).read_bytes() == (SAMPLES / name).read_bytes(), name


def test_names_file_needs_name_and_code(tmp_path, real_copy, capsys):
    names = tmp_path / "names.csv"
    names.write_text("naziv;šifra\nKraljvo;70653\n", encoding="utf-8")
    code, _, err = run(
        capsys,
        SAMPLES / "indicators-long-typos.csv",
        "--resource",
        "indicators",
        "--names",
        names,
        "--package",
        real_copy,
    )
    assert code == 2 and "needs a header row with the columns 'name' and 'code'" in err
    names.write_text("name,code\nKraljvo,99999\n", encoding="utf-8")
    code, _, err = run(
        capsys,
        SAMPLES / "indicators-long-typos.csv",
        "--resource",
        "indicators",
        "--names",
        names,
        "--package",
        real_copy,
    )
    assert code == 2 and "row 2: '99999' is not a code" in err


def test_canonical_csv_round_trips(real_copy, tmp_path, capsys):
    """The package's own services.csv, imported again from the report its rows name,
    changes nothing."""
    source = real_copy.parent / "services.csv"
    # the rows of 2022 as a first import from the tests' report wrote them
    source.write_text(
        re.sub(
            r"(?m)^([^\n]*,2022,[^\n]*),demo-generator$", rf"\1,{TEST_SOURCE}", source.read_text()
        ),
        encoding="utf-8",
    )
    rows = list(csv.reader(source.read_text(encoding="utf-8").splitlines()))
    sample = tmp_path / "canonical.csv"
    with sample.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([rows[0]] + [r for r in rows[1:] if r[2] == "2022"])
    before = snapshot(real_copy)
    code, out, _ = run(capsys, sample, "--resource", "services", "--write", "--package", real_copy)
    assert code == 0, out
    assert "0 added, 0 changed, 0 removed" in out
    assert snapshot(real_copy) == before


def _field_outputs(folder: Path, package: Path, capsys, monkeypatch) -> list[str]:
    """What the import prints (report and refusal) for the field spreadsheets the guide's
    section on refusals quotes, made by make_field_cases.py in `folder`."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("cases", SAMPLES / "make_field_cases.py")
    cases = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cases)
    folder.mkdir()
    for make in cases.ALL:
        make(folder)
    monkeypatch.chdir(folder)
    outputs = []
    for name, args in (
        ("qualifier-plan.xlsx", ["services", "--year", "2024"]),
        ("hidden-column.xlsx", ["services", "--year", "2024"]),
        ("hidden-rows.xlsx", ["services", "--year", "2024"]),
        ("hidden-sheet.xlsx", ["services", "--year", "2024"]),
        ("thousands-in-title.xlsx", ["services", "--year", "2024"]),
        ("euro-donors.xlsx", ["services", "--year", "2024"]),
        (
            "euro-donors.xlsx",
            ["services", "--year", "2024", "--rate", "EUR=117.2", "--rate-source", "NBS"],
        ),
        ("merged-amount.xlsx", ["services", "--year", "2024"]),
        ("shares.xlsx", ["indicators", "--year", "2024"]),
        ("unsure-encoding.csv", ["indicators"]),
        ("english-decimals.csv", ["indicators"]),
        ("password.xlsx", ["services"]),
        ("renamed.csv", ["services"]),
    ):
        _, out, err = run(capsys, name, "--resource", *args, "--package", package)
        outputs.append(out + err)
    return outputs


def test_the_guide_shows_what_the_import_prints(real_copy, capsys, monkeypatch, tmp_path):
    """The report excerpts in the contributor guide are real output (the lines that do not
    depend on the values already in the package), and so are the refusals it quotes."""
    root = PACKAGE_DIR.parent
    monkeypatch.chdir(root)
    outputs = []
    for sample, extra in (
        ("services-2024.xlsx", ["--year", "2024"]),
        ("services-needs-review.csv", []),
    ):
        _, out, _ = run(
            capsys,
            f"tests/fixtures/import/{sample}",
            "--resource",
            "services",
            *extra,
            "--package",
            real_copy,
        )
        copy = importer.display_path(real_copy.parent / "services.csv")
        outputs.append(out.replace(copy, "datasets/services.csv"))
    outputs += _field_outputs(tmp_path / "field", real_copy, capsys, monkeypatch)
    output = "\n".join(outputs)
    stable = (
        "cannot import:",
        "  hidden ",
        "  amounts in column",
        "  merged-amount.xlsx",
        "  english-decimals.csv",
        "import ",
        "  table:",
        "  year:",
        "  columns:",
        "    A '",
        "    B '",
        "    C '",
        "    H '",
        "matched:",
        "  '",
        "skipped:",
        "  row ",
        "ambiguous:",
        "unmatched:",
        "values that",
        "  services-needs-review.csv",
        "    name,code",
        "    Aleksinc",
        "dry run:",
    )
    for page in ("contribute.md", "contribute.en.md"):
        text = (root / "docs" / page).read_text(encoding="utf-8")
        blocks = re.findall(r"```text\n(.*?)```", text, flags=re.S)
        checked = 0
        for line in "\n".join(blocks).splitlines():
            if line.startswith(stable):
                assert line.removesuffix(" ...") in output, (page, line)
                checked += 1
        assert checked >= 30, page


def test_a_header_close_to_an_indicator_needs_confirmation(tiny_package, tmp_path, capsys):
    package = tiny_package()
    file = tmp_path / "typo-in-header.csv"
    file.write_text(
        "Opština,Godina,Udeo stanovnika starijih od 65 god,Broj usluga iz nadležnosti JLS\n"
        'Ada,2024,"24,0",3\n',
        encoding="utf-8",
    )
    code, out, _ = run(capsys, file, "--resource", "indicators", "--package", package)
    assert code == 1
    assert (
        "  typo-in-header.csv, row 1, column C ('Udeo stanovnika starijih od 65 god'): this"
        " column's header is not an indicator name, but close to 'Udeo stanovnika starijih od"
        " 65 godina' (population_65plus_share)."
    ) in out
    assert "    Udeo stanovnika starijih od 65 god,population_65plus_share\n" in out
    names = tmp_path / "names.csv"
    names.write_text("name,code\nUdeo stanovnika starijih od 65 god,population_65plus_share\n")
    code, out, _ = run(
        capsys, file, "--resource", "indicators", "--names", names, "--package", package
    )
    assert code == 0, out
    assert f"    → 80012,population_65plus_share,2024,24.0,{TEST_SOURCE}   (input row 2)" in out
    assert f"    → 80012,lsg_funded_service_types,2024,3,{TEST_SOURCE}   (input row 2)" in out


def test_formulas_without_saved_results_are_refused(tiny_package, tmp_path, capsys):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Opština", "Godina", "Udeo stanovnika starijih od 65 godina"])
    book.active.append(["Ada", 2024, "=20+4"])
    book.save(tmp_path / "formulas.xlsx")
    code, out, err = run(
        capsys, tmp_path / "formulas.xlsx", "--resource", "indicators", "--package", tiny_package()
    )
    assert code == 2 and out == ""
    assert "the cells C2 hold formulas whose results were never saved" in err
