"""The tiny valid data package the tests build on (importable from every test folder)."""

import shutil
from pathlib import Path

from build_scripts.paths import DATAPACKAGE

FIXTURES = Path(__file__).parent / "fixtures"


def make_package(tmp: Path, replace: dict[str, Path | bytes] | None = None) -> Path:
    """A tiny valid package (the real datapackage.json + tests/fixtures/valid CSVs) in tmp,
    with some resource files replaced."""
    target = tmp / f"pkg{len(list(tmp.glob('pkg*')))}"
    shutil.copytree(FIXTURES / "valid", target)
    shutil.copy(DATAPACKAGE, target / "datapackage.json")
    for resource, content in (replace or {}).items():
        data = content.read_bytes() if isinstance(content, Path) else content
        (target / f"{resource}.csv").write_bytes(data)
    return target / "datapackage.json"
