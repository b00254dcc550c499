"""The pandas schema checks (build_scripts/validate/schema.py) report exactly what Frictionless,
the reference, reports: on every invalid fixture, on packages with tricky cells, ragged and
blank rows, repeated keys and unknown references, and on generated number cells."""

from __future__ import annotations

from pathlib import Path

import frictionless
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_scripts.validate import schema, validate_package
from build_scripts.validate.cells import exact
from build_scripts.validate.numbers import numeric

FIXTURES = Path(__file__).parent / "fixtures"
INVALID = FIXTURES / "invalid"
VALID = FIXTURES / "valid"


@pytest.fixture(params=["small tables exact", "every table column-wise"])
def column_wise(request, monkeypatch):
    """Run each comparison twice: as shipped (tables under VECTOR_ROWS rows are read cell
    by distinct cell) and with every column of every table taking the column-wise paths."""
    if request.param == "every table column-wise":
        monkeypatch.setattr(schema, "VECTOR_ROWS", 0)


def both(package: Path) -> tuple[list, list]:
    def records(engine):
        problems, _ = validate_package(package, engine=engine)
        return [(p.code, p.file, p.row, p.field, p.message) for p in problems]

    return records("frictionless"), records("pandas")


@pytest.mark.parametrize("fixture", sorted(p.name for p in INVALID.glob("*.csv")))
def test_same_problems_as_frictionless_on_every_invalid_fixture(tiny_package, fixture, column_wise):
    resource = fixture.split("--")[1].removesuffix(".csv")
    reference, ours = both(tiny_package({resource: INVALID / fixture}))
    assert ours == reference


def lines_of(resource: str) -> list[str]:
    return (VALID / f"{resource}.csv").read_text(encoding="utf-8").splitlines(keepends=True)


def set_cell(line: str, column: int, value: str) -> str:
    cells = line.rstrip("\n").split(",")
    cells[column] = value
    return ",".join(cells) + "\n"


INDICATOR_VALUES = [
    "",
    " 1.5",
    "1.5 ",
    "1e3",
    "1E-2",
    "1_000",
    "NaN",
    "nan",
    "-0",
    "-0.0",
    "Infinity",
    "-inf",
    '"1,5"',
    "\u0661\u0662",
    "+3",
    ".5",
    "5.",
    "0x10",
    "1 000",
    "abc",
    "-1",
    "-0.000001",
    "1.5.2",
    "\u00a012",
]
YEARS = ["2023.0", " 2023", "02023", "+2023", "2023_0", "1999", "2101", "", "x", "2e3"]
BOOLEANS = ["True", "TRUE", "1", "0", "yes", "t", "", "false ", "False"]


def mutated(resource: str, column: int, values: list[str]) -> bytes:
    lines = lines_of(resource)
    body = lines[1:]
    out = [lines[0]]
    for index, value in enumerate(values):
        out.append(set_cell(body[index % len(body)], column, value))
    return "".join(out).encode("utf-8")


CASES = {
    "indicator values": ("indicators", mutated("indicators", 3, INDICATOR_VALUES)),
    "years": ("indicators", mutated("indicators", 2, YEARS)),
    "booleans": ("services", mutated("services", 5, BOOLEANS)),
    "code patterns": (
        "services",
        mutated("services", 0, ["7049", "704911", "70491 ", "", "7o491", '"70491\n"', "71200"]),
    ),
    "free text": ("services", mutated("services", 4, ["", " ", "Centar", "", "x"])),
    "enums": ("services", mutated("services", 3, ["ngo", "NGO", " ngo", "", "csw", "other"])),
    "ragged rows": (
        "services",
        b"".join(
            [
                lines_of("services")[0].encode(),
                lines_of("services")[1].encode(),
                b"70491,roma_mobile_team\n",
                b"\n",
                b",,,,,,,,,,,,\n",
                lines_of("services")[2].rstrip("\n").encode() + b",extra,cells\n",
                b"70491\n",
            ]
        ),
    ),
    "repeated keys": (
        "indicators",
        "".join(lines_of("indicators") + lines_of("indicators")[1:4]).encode()
        + set_cell(lines_of("indicators")[1], 2, "02023").encode(),
    ),
    "unknown references": (
        "indicators",
        mutated("indicators", 0, ["70491", "99999", "71200", "12345"])
        + b"99999,no_such_indicator,2023,1\n",
    ),
    "self reference": ("lsg", mutated("lsg", 6, ["", "99999", "70491", "7049"])),
    "unique fields": (
        "lsg",
        mutated("lsg", 1, ["despotovac", "despotovac", "cuprija", "Bad Slug", ""]),
    ),
    "unique integers": ("service_types", mutated("service_types", 2, ["1", "01", "1", "-1"])),
    # One row a cell too long and one a cell too short: the file's comma count is right.
    "balanced ragged rows, long first": (
        "services",
        "".join(
            [
                lines_of("services")[0],
                lines_of("services")[1].rstrip("\n") + ",extra\n",
                lines_of("services")[2].rstrip("\n").rsplit(",", 1)[0] + "\n",
                *lines_of("services")[3:],
            ]
        ).encode(),
    ),
    "balanced ragged rows, short first": (
        "services",
        "".join(
            [
                lines_of("services")[0],
                lines_of("services")[1].rstrip("\n").rsplit(",", 1)[0] + "\n",
                *lines_of("services")[2:4],
                lines_of("services")[4].rstrip("\n") + ",extra\n",
            ]
        ).encode(),
    ),
    "blank last line": ("services", ("".join(lines_of("services")) + "\n").encode()),
    "crlf": ("services", "".join(lines_of("services")).replace("\n", "\r\n").encode()),
    "lone cr": ("services", "".join(lines_of("services")[:3]).replace("\n", "\r").encode()),
    "no final newline": ("services", "".join(lines_of("services")).rstrip("\n").encode()),
}


VALID_CASES = {"crlf", "lone cr", "no final newline"}


@pytest.mark.parametrize("case", sorted(CASES))
def test_same_problems_as_frictionless_on_tricky_tables(tiny_package, case, column_wise):
    resource, content = CASES[case]
    reference, ours = both(tiny_package({resource: content}))
    assert ours == reference
    if case not in VALID_CASES:
        assert reference, "the case is meant to be invalid"


def test_the_error_limit_is_frictionless_limit(tiny_package):
    header, line = lines_of("indicators")[0], lines_of("indicators")[1]
    rows = [set_cell(line, 3, "x") for _ in range(schema.LIMIT_ERRORS + 50)]
    reference, ours = both(tiny_package({"indicators": (header + "".join(rows)).encode()}))
    schema_problems = [p for p in ours if p[0] != "duplicate-key"]
    assert ours == reference
    assert len(schema_problems) <= schema.LIMIT_ERRORS


NUMBER_TEXT = st.one_of(
    st.text(alphabet="0123456789.-+eE _,xinfaINFA\u0661\u00a0", max_size=8),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(-(10**30), 10**30).map(str),
    st.sampled_from(
        ["0", "-0", "0.0", "1e-400", "1e400", "5e-324", "2100", "2000", "2100.0", "-1.5"]
        + ["0.000000000000001", "123456789012345.6", "999999999999999999", "1" * 19]
    ),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(NUMBER_TEXT, min_size=1, max_size=40),
    st.sampled_from(["integer", "number"]),
    st.sampled_from([0, -1.5, 2000, 10**18]),
)
def test_column_wise_number_parse_agrees_with_frictionless_reader(texts, kind, minimum):
    constraints = {"required": True, "minimum": minimum, "maximum": 2100}
    spec = frictionless.Schema.from_descriptor(
        {"fields": [{"name": "value", "type": kind, "constraints": constraints}]}
    ).fields[0]
    reader = spec.create_cell_reader()
    series = pd.Series(texts, dtype=object)
    column = numeric(reader, spec, series)
    if column is None:  # a bound the field's type cannot read: the exact path is used
        assert kind == "integer" and minimum == -1.5
        return
    reference = exact(reader, series, spec)
    assert column.errors == reference.errors
    assert ((column.groups < 0) == (reference.groups < 0)).all()
    # The numbers kept for the business rules are what pandas.to_numeric reads.
    expected = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)
    assert pd.Series(column.numbers).equals(pd.Series(expected))


def test_shipped_package_same_result_with_both_engines():
    reference, ours = both(Path("datasets/datapackage.json"))
    assert ours == reference == []


def test_cli_engine_option_prints_the_same_report(tiny_package, capsys):
    from build_scripts.cli import main

    package = tiny_package({"services": INVALID / "unknown-lsg-code--services.csv"})
    assert main(["validate", "--package", str(package)]) == 1
    ours = capsys.readouterr().out
    assert main(["validate", "--package", str(package), "--engine", "frictionless"]) == 1
    assert capsys.readouterr().out == ours
    assert "99999" in ours
