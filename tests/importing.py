"""Running the importer from tests: on a copy of datasets/, through the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from build_scripts.cli import main
from build_scripts.paths import DATASETS

# The source the import tests name (a row of tests/fixtures/valid/sources.csv, added to
# every copy of datasets/ by `copy_of_datasets`).
TEST_SOURCE = "import-test-report"
TEST_SOURCE_ROW = (
    f"{TEST_SOURCE},Izveštaj za testove uvoza,Test,report,sr-Latn,"
    "A report the import tests name as the source of what they import.\n"
)


def with_test_source(package: Path) -> Path:
    """The package with the import tests' source in its sources.csv."""
    sources = package.parent / "sources.csv"
    text = sources.read_text(encoding="utf-8")
    if f"\n{TEST_SOURCE}," not in text:
        sources.write_text(text + TEST_SOURCE_ROW, encoding="utf-8")
    return package


def copy_of_datasets(tmp_path: Path) -> Path:
    """A copy of datasets/ to import into (with the tests' source); its datapackage.json."""
    target = tmp_path / "datasets"
    shutil.copytree(DATASETS, target)
    return with_test_source(target / "datapackage.json")


def source_args(args) -> list[str]:
    """`--source TEST_SOURCE` unless the test names a source itself."""
    return [] if any(str(a).startswith("--source") for a in args) else ["--source", TEST_SOURCE]


def run(capsys, package, file, *args):
    args = [*map(str, args), *source_args(args)]
    code = main(["import", str(file), *args, "--package", str(package)])
    out, err = capsys.readouterr()
    return code, out, err


def records(capsys, package, file, *args):
    """The records the import would write, from its JSON report."""
    code, out, err = run(capsys, package, file, *args, "--json")
    report = json.loads(out)
    assert code == 0 and report["status"] == "dry_run", (out, err)
    return report, {tuple(r["key"][:2]): r for r in report["records"]}


def snapshot(package: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in package.parent.iterdir() if p.is_file()}
