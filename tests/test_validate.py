"""Validation: each bad input of tests/fixtures/invalid gives its own problem code at
the right file, line and column; the shipped package and the tiny valid one pass."""

import json
import subprocess
import sys
from pathlib import Path

import frictionless
import pytest

from build_scripts.cli import annotation, main
from build_scripts.paths import DATAPACKAGE, ROOT
from build_scripts.validate import validate_package

INVALID = Path(__file__).parent / "fixtures" / "invalid"

# fixture file -> (problem code, line, column)
CASES = {
    "unknown-lsg-code--services.csv": ("unknown-reference", 2, "lsg_code"),
    "duplicate-primary-key--services.csv": (
        "duplicate-key",
        5,
        "lsg_code, service_type_code, year",
    ),
    "missing-required-column--lsg.csv": ("missing-column", 1, "name_cyr"),
    "unknown-column--services.csv": ("unknown-column", 1, "notes"),
    "empty-file--services.csv": ("empty-file", 1, None),
    "negative-count--services.csv": ("negative-value", 4, "beneficiaries"),
    "decimal-comma--indicators.csv": ("decimal-comma", 4, "value"),
    "decimal-comma-quoted--indicators.csv": ("decimal-comma", 4, "value"),
    "windows-1250--lsg.csv": ("encoding-windows-1250", 2, None),
    "utf-16--lsg.csv": ("encoding-utf16", 1, None),
    "header-trailing-space--services.csv": ("header-whitespace", 1, "beneficiaries"),
    "name-wrong-script--lsg.csv": ("wrong-script", 5, "name_cyr"),
    "beneficiaries-above-capacity--services.csv": (
        "beneficiaries-above-capacity",
        6,
        "beneficiaries",
    ),
    "funding-sum-mismatch--services.csv": ("funding-sum-mismatch", 3, "funding_total_rsd"),
    "imc-self-partner--imc.csv": ("imc-self-partner", 2, "partner_lsg_code"),
    "parent-not-belgrade--lsg.csv": ("parent-not-belgrade", 6, "parent_code"),
    "year-out-of-coverage--indicators.csv": ("year-out-of-coverage", 6, "year"),
    "services-for-city-municipality--services.csv": (
        "services-for-city-municipality",
        2,
        "lsg_code",
    ),
}


def test_every_invalid_fixture_has_a_case():
    assert sorted(p.name for p in INVALID.glob("*.csv") if "bom" not in p.name) == sorted(CASES)


def test_shipped_package_is_valid():
    problems, tables = validate_package(DATAPACKAGE)
    assert problems == []
    assert len(tables["lsg"].frame) == 162


def test_shipped_package_passes_the_reference_tool():
    report = frictionless.validate(str(DATAPACKAGE))
    assert report.valid, report.flatten(["type", "message"])[:5]


def test_tiny_package_is_valid(tiny_package):
    assert validate_package(tiny_package())[0] == []


def test_utf8_bom_is_accepted(tiny_package):
    package = tiny_package({"lsg": INVALID / "utf-8-bom--lsg.csv"})
    assert validate_package(package)[0] == []


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_bad_input_is_reported_at_file_line_and_column(tiny_package, fixture):
    resource = fixture.split("--")[1].removesuffix(".csv")
    package = tiny_package({resource: INVALID / fixture})
    problems, _ = validate_package(package)
    code, line, column = CASES[fixture]
    assert [(p.code, p.row, p.field) for p in problems] == [(code, line, column)]
    assert problems[0].file.endswith(f"{resource}.csv")


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_cli_exits_non_zero_and_names_file_line_column(tiny_package, fixture, capsys):
    resource = fixture.split("--")[1].removesuffix(".csv")
    package = tiny_package({resource: INVALID / fixture})
    assert main(["validate", "--package", str(package)]) == 1
    out = capsys.readouterr().out
    code, line, column = CASES[fixture]
    assert f"{resource}.csv" in out
    assert f"  {line}  " in out
    if column:
        assert column in out


def test_all_problems_are_reported_at_once(tiny_package):
    package = tiny_package(
        {
            "services": INVALID / "negative-count--services.csv",
            "imc": INVALID / "imc-self-partner--imc.csv",
            "lsg": INVALID / "name-wrong-script--lsg.csv",
        }
    )
    codes = sorted(p.code for p in validate_package(package)[0])
    assert codes == ["imc-self-partner", "negative-value", "wrong-script"]


def test_exact_messages(tiny_package, capsys):
    package = tiny_package({"services": INVALID / "unknown-lsg-code--services.csv"})
    main(["validate", "--package", str(package)])
    out = capsys.readouterr().out
    assert "Unknown code: '99999' in 'lsg_code' is not a code in lsg.code." in out
    assert "invalid: 1 problem(s) in 1 file(s)." in out

    package = tiny_package({"lsg": INVALID / "windows-1250--lsg.csv"})
    main(["validate", "--package", str(package)])
    out = capsys.readouterr().out
    assert "it looks like Windows-1250" in out and "CSV UTF-8 (Comma delimited)" in out


def test_json_records(tiny_package, capsys):
    package = tiny_package({"services": INVALID / "negative-count--services.csv"})
    assert main(["validate", "--package", str(package), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["valid"] is False
    (record,) = data["problems"]
    assert record["code"] == "negative-value"
    assert record["row"] == 4 and record["field"] == "beneficiaries"
    assert record["file"].endswith("services.csv")
    assert set(record) == {"code", "file", "row", "field", "message", "title"}


def test_valid_json(tiny_package, capsys):
    assert main(["validate", "--package", str(tiny_package()), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"valid": True, "problems": []}


def test_github_annotations(tiny_package, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    package = tiny_package({"services": INVALID / "negative-count--services.csv"})
    main(["validate", "--package", str(package)])
    lines = [x for x in capsys.readouterr().out.splitlines() if x.startswith("::error")]
    assert len(lines) == 1
    assert (
        lines[0].startswith("::error file=")
        and "services.csv,line=4,title=Negative value::" in lines[0]
    )


def test_annotation_escapes_newlines_and_commas(tiny_package):
    package = tiny_package({"services": INVALID / "negative-count--services.csv"})
    p = validate_package(package)[0][0]
    weird = type(p)(p.code, "a,b:c.csv", 3, None, "line1\nline2 100%")
    assert (
        annotation(weird)
        == "::error file=a%2Cb%3Ac.csv,line=3,title=Negative value::line1%0Aline2 100%25"
    )


def test_missing_package_exits_2(tmp_path, capsys):
    assert main(["validate", "--package", str(tmp_path / "nope.json")]) == 2
    assert "There is no data package" in capsys.readouterr().err


def test_unreadable_package_exits_2(tmp_path, capsys):
    bad = tmp_path / "datapackage.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["validate", "--package", str(bad)]) == 2
    assert "cannot be read" in capsys.readouterr().err


def test_missing_resource_file_exits_2(tiny_package, capsys):
    package = tiny_package()
    (package.parent / "imc.csv").unlink()
    assert main(["validate", "--package", str(package)]) == 2
    assert "points at" in capsys.readouterr().out


def test_no_traceback_without_debug(tiny_package, monkeypatch, capsys):
    from build_scripts import cli

    def boom(*args, **kwargs):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(cli, "validate_package", boom)
    assert main(["validate", "--package", str(tiny_package())]) == 2
    err = capsys.readouterr().err
    assert "internal error: kaputt" in err and "Traceback" not in err
    assert main(["--debug", "validate", "--package", str(tiny_package())]) == 2
    assert "Traceback" in capsys.readouterr().err


def test_module_entry_point_runs():
    result = subprocess.run(
        [sys.executable, "-m", "build_scripts", "validate"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("valid: 9 resources")


def test_every_command_is_documented_in_the_readme():
    from build_scripts.cli import parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sub = next(a for a in parser()._actions if a.dest == "command")
    for name in sub.choices:
        assert f"`{name}" in readme, name
    assert readme.splitlines()[3].startswith("make site") and readme.splitlines()[4].startswith(
        "make test"
    )
