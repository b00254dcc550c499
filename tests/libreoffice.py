"""LibreOffice headless as the reader of the spreadsheet downloads: files opened under a
given locale (what a user's regional settings give), saved again as XLSX and read back
cell by cell, to compare with the package in datasets/."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest

from build_scripts.datapackage import Table

# Serbian (Latin script) and English regional settings: "3.2" is a date, or a number.
LOCALES = ("sr-Latn-RS", "en-US")

# The locale a new LibreOffice profile starts with ("Locale setting" in the options); the
# CSV import filter and number recognition follow it.
PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">
<value>{locale}</value></prop></item>
</oor:items>
"""


def soffice() -> str:
    """LibreOffice's command; a test that needs it fails under CI (CI=true) when it is
    missing, and is skipped only on a developer's machine."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is not installed (.ci/run installs libreoffice-calc-nogui)")
        pytest.skip("LibreOffice is not installed")
    return found


def csv_filter(separator: str, encoding: int, locale: str) -> str:
    """LibreOffice's CSV import options, as a double click would use them: tokens are
    separator, text delimiter, character set, first line, column formats (none given),
    language, quoted field as text (no), detect special numbers such as dates (yes)."""
    return f"{ord(separator)},34,{encoding},1,,{locale},false,true"


def open_in_libreoffice(
    files: Iterable[Path], locale: str, work: Path, infilter: str | None = None
) -> dict[Path, Path]:
    """Each file as LibreOffice opens it with `locale` as its regional settings, saved
    again as XLSX: {file: the saved copy}. One LibreOffice run for all the files."""
    files = list(files)
    stems = [f.stem for f in files]
    assert len(set(stems)) == len(stems), f"two files would be saved as one: {stems}"
    profile = work / f"profile-{locale}"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(
        PROFILE.format(locale=locale), encoding="utf-8"
    )
    probe = work / f"locale-probe-{locale}.csv"
    probe.write_text("3.2\n", encoding="utf-8")
    out = work / f"opened-{locale}"
    command = [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", "xlsx", "--outdir", str(out), *map(str, [*files, probe])]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    saved = {f: out / f"{f.stem}.xlsx" for f in [*files, probe]}
    missing = [str(f) for f, s in saved.items() if not s.is_file()]
    assert run.returncode == 0 and not missing, (missing, run.stdout[-2000:], run.stderr[-2000:])
    # the regional settings took effect: "3.2" is a number only with a decimal point
    probed = openpyxl.load_workbook(saved.pop(probe), data_only=True).active["A1"].value
    assert (probed == 3.2) == (locale.startswith("en")), (locale, probed)
    return saved


@dataclass
class Comparison:
    """Cells compared and the ones that differ ("file sheet!cell: expected ..., found ...")."""

    cells: int = 0
    mismatches: list[str] = field(default_factory=list)

    def add(self, other: Comparison) -> None:
        self.cells += other.cells
        self.mismatches += other.mismatches


def same(expected: object, value: object, formula: bool) -> bool:
    """A cell as published: a number as a number of the same value, a boolean as a
    boolean, text as the same text (never a formula), a missing value as an empty cell.
    LibreOffice keeps booleans as TRUE()/FALSE() formulas; `value` is the saved result."""
    if expected is None:
        return value is None and not formula
    if isinstance(expected, bool):
        return isinstance(value, bool) and value == expected
    if formula:
        return False
    if isinstance(expected, int | float):
        return isinstance(value, int | float) and not isinstance(value, bool) and value == expected
    return isinstance(value, str) and value == expected


def compare_sheet(
    path: Path, sheet: str | None, table: Table, rows: list[list[str]] | None = None
) -> Comparison:
    """Every cell of a sheet (the first one when `sheet` is None) against the table's header
    and rows (all of them unless `rows`), typed by the table's schema."""
    values = openpyxl.load_workbook(path, data_only=True, read_only=True)
    formulas = openpyxl.load_workbook(path, read_only=True)
    name = sheet or values.sheetnames[0]
    expected = [list(table.header), *table.records(rows)]
    found = list(values[name].iter_rows(values_only=True))
    kinds = [[c.data_type for c in row] for row in formulas[name].iter_rows()]
    values.close()
    formulas.close()
    result = Comparison()
    width = len(table.header)
    for r in range(max(len(expected), len(found))):
        want = expected[r] if r < len(expected) else [None] * width
        got = list(found[r]) if r < len(found) else []
        kind = kinds[r] if r < len(kinds) else []
        got += [None] * (max(width, len(got)) - len(got))
        kind += ["n"] * (len(got) - len(kind))
        want = want + [None] * (len(got) - len(want))
        for c, (w, g, k) in enumerate(zip(want, got, kind, strict=True)):
            result.cells += 1
            if not same(w, g, k == "f"):
                cell = f"{openpyxl.utils.get_column_letter(c + 1)}{r + 1}"
                result.mismatches.append(
                    f"{path.name} {name}!{cell}: expected {w!r}, found {g!r}"
                    + (" (a formula)" if k == "f" else "")
                )
    return result
