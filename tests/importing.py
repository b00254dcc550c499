"""Running the importer from tests: on a copy of datasets/, through the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from build_scripts.cli import main
from build_scripts.paths import DATASETS


def copy_of_datasets(tmp_path: Path) -> Path:
    """A copy of datasets/ to import into; its datapackage.json."""
    target = tmp_path / "datasets"
    shutil.copytree(DATASETS, target)
    return target / "datapackage.json"


def run(capsys, package, file, *args):
    code = main(["import", str(file), *map(str, args), "--package", str(package)])
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
