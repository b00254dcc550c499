import os
import tempfile

# Tests never touch the developer's build/ and site/: every build goes to a scratch tree.
_SCRATCH = tempfile.mkdtemp(prefix="socprot-tests-")
os.environ.setdefault("SOCPROT_BUILD", os.path.join(_SCRATCH, "build"))
os.environ.setdefault("SOCPROT_SITE", os.path.join(_SCRATCH, "site"))
os.environ.setdefault("SOCPROT_CACHE", os.path.join(_SCRATCH, "cache"))

import shutil
from pathlib import Path

import pytest

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


@pytest.fixture(scope="session")
def built_site():
    """The real site, built once per test session from datasets/ (as `make site` does)."""
    from build_scripts import site
    from build_scripts.paths import SITE

    site.build(DATAPACKAGE)
    return SITE


@pytest.fixture(scope="session")
def generated_pages(tmp_path_factory):
    """The generated Markdown tree for the real data (no MkDocs run)."""
    from build_scripts import derive, pages

    out = tmp_path_factory.mktemp("generated")
    pages.run(derive.run(DATAPACKAGE), out)
    return out


@pytest.fixture
def tiny_package(tmp_path):
    return lambda replace=None: make_package(tmp_path, replace)
