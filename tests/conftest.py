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
    from build_scripts import pipeline
    from build_scripts.paths import SITE

    # While working on tests, SOCPROT_TEST_SITE=<built site> skips the build.
    if os.environ.get("SOCPROT_TEST_SITE"):
        return Path(os.environ["SOCPROT_TEST_SITE"])
    pipeline.build(DATAPACKAGE)
    return SITE


@pytest.fixture(scope="session")
def generated_pages(tmp_path_factory):
    """The generated Markdown tree for the real data (no MkDocs run)."""
    from build_scripts import derive, pages

    out = tmp_path_factory.mktemp("generated")
    pages.run(derive.run(DATAPACKAGE), out)
    return out


@pytest.fixture(scope="session")
def page_writer(tmp_path_factory):
    """The real data's pages written as Markdown, charts queued but not rendered (fast):
    `.out` is the Markdown tree, `.charts.queue` each chart's spec and CSV bytes."""
    from build_scripts import derive, pages

    tmp = tmp_path_factory.mktemp("markdown")
    writer = pages.PageWriter(derive.run(DATAPACKAGE), tmp / "out", tmp / "cache")
    writer.run()
    return writer


@pytest.fixture(scope="session")
def tied_writer(tmp_path_factory):
    """The tiny package with ties and missing values (fixtures_package.make_tied_package),
    written like `page_writer`; `.package` is its datapackage.json."""
    from fixtures_package import make_tied_package

    from build_scripts import derive, pages

    tmp = tmp_path_factory.mktemp("tied")
    package = make_tied_package(tmp)
    writer = pages.PageWriter(derive.run(package), tmp / "out", tmp / "cache")
    writer.run()
    writer.package = package
    return writer


@pytest.fixture
def tiny_package(tmp_path):
    return lambda replace=None: make_package(tmp_path, replace)
