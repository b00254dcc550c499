import os
import tempfile

# Tests never touch the developer's build/ and site/: every build goes to a scratch tree.
_SCRATCH = tempfile.mkdtemp(prefix="socprot-tests-")
os.environ.setdefault("SOCPROT_BUILD", os.path.join(_SCRATCH, "build"))
os.environ.setdefault("SOCPROT_SITE", os.path.join(_SCRATCH, "site"))
os.environ.setdefault("SOCPROT_CACHE", os.path.join(_SCRATCH, "cache"))
# Tests build as a newcomer's `make site` does: with the address mkdocs.yml configures
# (none), whatever the environment says; tests of addressed output set SITE_URL themselves.
os.environ.pop("SITE_URL", None)

from pathlib import Path

import pytest
from fixtures_package import FIXTURES, make_package  # noqa: F401  (re-exported to tests)

from build_scripts.paths import DATAPACKAGE


@pytest.fixture(scope="session")
def built_site():
    """The real site, built once per test session from datasets/ (as `make site` does)."""
    from build_scripts import site
    from build_scripts.paths import SITE

    # While working on tests, SOCPROT_TEST_SITE=<built site> skips the build.
    if os.environ.get("SOCPROT_TEST_SITE"):
        return Path(os.environ["SOCPROT_TEST_SITE"])
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
