"""Every input of every cache invalidates it (decision 0016).

The build keeps six things between runs, each keyed by what it was made from:

| cache | where | inputs in its key |
| --- | --- | --- |
| build fingerprint | `pipeline.fingerprint` | package folder (data, descriptor, kept releases), `build_scripts/` (code, templates, catalogs), `docs/`, `overrides/`, `mkdocs.yml`, installed library versions, target, strict, site address |
| charts | `charts.ChartSet.render` (`storage.ContentCache`) | the chart's spec (data, texts, locale), every module of `figures/charts/` and `figures/__init__.py` (`chartset.CODE`), matplotlib and Babel versions |
| maps | `maps.MapSet.cache` (`storage.ContentCache`) | the map's spec and CSV rows, boundaries file, every module of `figures/maps/` and `figures/__init__.py` (`maps.mapset.CODE`), matplotlib version |
| MkDocs pages | `page_cache.PageCache` | page Markdown, path, URL, every file of the build, the config file given, `page_cache.py`, versions of the Markdown stack |
| downloads, whole set | `downloads.cache_key` | package descriptor, resources, kept releases, site address, and the code (`downloads.caches.CODE`), message catalogs and libraries that write them |
| downloads, per LSG | `downloads.slices.lsg_files` | the LSG's slice, descriptor, file names, site address and the same code |

A changed input whose real effect would be invisible here (a library version, a comment in
the code) is shown by poisoning: the cached entries are overwritten with a marker, a rebuild
with nothing changed must show the marker (the cache is used), and a rebuild after the
change must not (the cache was bypassed).
"""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import pickle
import re
import shutil
import zlib
from pathlib import Path

import pytest

from build_scripts import derive, downloads, i18n, messages, pages, pipeline, storage
from build_scripts.address import public_address
from build_scripts.downloads import caches
from build_scripts.figures import charts, maps
from build_scripts.figures.charts import chartset
from build_scripts.mkdocs_build import page_cache
from build_scripts.mkdocs_build.page_cache import PageCache
from build_scripts.mkdocs_build.run import mkdocs_build
from build_scripts.paths import DOCS, MKDOCS_YML, PACKAGE_DIR

POISON = "POISONED-CACHE-ENTRY"


@pytest.fixture
def other_version(tmp_path, monkeypatch):
    """other_version(name): from now on importlib.metadata sees another version of the
    distribution `name` (a dist-info folder put first on sys.path)."""

    def install(name: str) -> None:
        real = importlib.metadata.distribution(name)
        folder = tmp_path / f"dist-{name}"
        info = folder / f"{name.replace('-', '_')}-0.0.0.post999.dist-info"
        info.mkdir(parents=True)
        metadata = re.sub(
            r"^Version: .*$", "Version: 0.0.0.post999", real.read_text("METADATA"), flags=re.M
        )
        (info / "METADATA").write_text(metadata, encoding="utf-8")
        # its plugins and themes stay registered (MkDocs finds them by entry point)
        (info / "entry_points.txt").write_text(
            real.read_text("entry_points.txt") or "", encoding="utf-8"
        )
        monkeypatch.syspath_prepend(str(folder))
        assert importlib.metadata.version(name) == "0.0.0.post999"

    return install


@pytest.fixture
def fresh_catalogs():
    i18n.catalog.cache_clear()
    yield
    i18n.catalog.cache_clear()


def edit(path: Path, text: str) -> None:
    """A change that keeps the file working: text appended."""
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def reword(catalog: Path) -> None:
    """Every message of a catalog changed."""
    data = json.loads(catalog.read_text(encoding="utf-8"))
    for key in [k for k in data if not k.startswith("_")]:
        data[key] = f"{data[key]} (changed)"
    catalog.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def copy_of_code(tmp_path: Path) -> Path:
    """build_scripts/ copied, to change its files without touching the real ones."""
    copy = tmp_path / "code" / "build_scripts"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def module_copy(code: Path, module: str, monkeypatch) -> Path:
    """The copy (in `code`, see copy_of_code) of a module of build_scripts, which the caches
    read from now on in place of the module's own file."""
    loaded = importlib.import_module(f"build_scripts.{module}")
    assert loaded.__file__ is not None
    copy = code / Path(loaded.__file__).relative_to(PACKAGE_DIR)
    monkeypatch.setattr(loaded, "__file__", str(copy))
    return copy


def marked(folder: Path) -> list[str]:
    """Files under folder that came from a poisoned cache entry."""
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and POISON.encode() in p.read_bytes()
    )


# -- the build fingerprint ----------------------------------------------------------------


@pytest.fixture
def project(tmp_path, monkeypatch, tiny_package):
    """A copy of everything the fingerprint reads, the module pointed at it."""
    root = tmp_path / "project"
    shutil.copytree(PACKAGE_DIR, root / "build_scripts", ignore=shutil.ignore_patterns("__py*"))
    shutil.copytree(DOCS, root / "docs")
    shutil.copytree(pipeline.HAND_WRITTEN_OVERRIDES, root / "overrides")
    shutil.copy(MKDOCS_YML, root / "mkdocs.yml")
    monkeypatch.setattr(pipeline, "ROOT", root)
    monkeypatch.setattr(pipeline, "DOCS", root / "docs")
    monkeypatch.setattr(pipeline, "HAND_WRITTEN_OVERRIDES", root / "overrides")
    monkeypatch.setattr(pipeline, "MKDOCS_YML", root / "mkdocs.yml")
    return root, tiny_package()


FINGERPRINT_FILES = [
    "package/services.csv",
    "package/datapackage.json",
    "package/releases/socprot-1.0.0.zip",  # a kept release (new file)
    "build_scripts/pages/__init__.py",
    "build_scripts/templates/lsg.md.j2",
    "build_scripts/locales/en.json",
    "build_scripts/locales/charts/sr-Latn.json",
    "build_scripts/catalog/releases.json",
    "docs/about.md",
    "docs/assets/site.css",
    "overrides/main.html",
    "mkdocs.yml",
]
LIBRARIES = [
    "mkdocs",
    "mkdocs-material",
    "mkdocs-static-i18n",
    "markdown",
    "pymdown-extensions",
    "jinja2",
    "matplotlib",
    "pandas",
    "babel",
    "openpyxl",
    "frictionless",
]


def test_every_input_changes_the_build_fingerprint(project, tmp_path, monkeypatch, other_version):
    root, package = project
    target = tmp_path / "site"
    before = pipeline.fingerprint(package, target, True, None)
    assert pipeline.fingerprint(package, target, True, None) == before
    for name in FINGERPRINT_FILES:
        path = package.parent / name[8:] if name.startswith("package/") else root / name
        if path.suffix == ".zip":  # a new file
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"PK\x05\x06" + bytes(18))
        else:
            assert path.is_file(), name
            edit(path, "\n")
        after = pipeline.fingerprint(package, target, True, None)
        assert after != before, f"{name} changed, the fingerprint did not"
        before = after
    for name in LIBRARIES:
        other_version(name)
        after = pipeline.fingerprint(package, target, True, None)
        assert after != before, f"another {name} version, the same fingerprint"
        before = after
    settings = {
        "target": (package, tmp_path / "elsewhere", True, None),
        "strict": (package, target, False, None),
        "site address": (package, target, True, "https://owner.github.io/socprot/"),
    }
    for name, arguments in settings.items():
        assert pipeline.fingerprint(*arguments) != before, f"{name} changed, the same fingerprint"
    # the build passes the address address.py reads (mkdocs.yml or SITE_URL)
    monkeypatch.setenv("SITE_URL", "https://owner.github.io/other/")
    assert pipeline.fingerprint(package, target, True, public_address()) != before, (
        "SITE_URL changed"
    )


# -- charts ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny_data(tmp_path_factory):
    from fixtures_package import make_package

    return derive.run(make_package(tmp_path_factory.mktemp("tiny")))


def a_few_charts(data, docs: Path, cache: Path) -> charts.ChartSet:
    """The tiny package's charts, cut to three in English (a rendered chart takes time)."""
    writer = pages.PageWriter(data, docs, cache)
    writer.run()
    chosen = sorted(name for name in writer.charts.queue if name.endswith("--en"))[:3]
    writer.charts.queue = {name: writer.charts.queue[name] for name in chosen}
    return writer.charts


def test_every_input_of_the_chart_cache_invalidates_it(
    tiny_data, tmp_path, monkeypatch, other_version, fresh_catalogs
):
    cache = tmp_path / "cache"
    chart_set = a_few_charts(tiny_data, tmp_path / "docs", cache)
    out = tmp_path / "out"

    def render_poisoned() -> list[str]:
        for entry in (cache / "charts").glob("*.svg"):
            entry.write_text(f"<svg>{POISON}</svg>", encoding="utf-8")
        shutil.rmtree(out, ignore_errors=True)
        chart_set.render(out, workers=1)
        return marked(out)

    chart_set.render(out, workers=1)
    assert len(render_poisoned()) == 3  # nothing changed: all three from the cache
    code = copy_of_code(tmp_path)
    for module in chartset.CODE:
        loaded = importlib.import_module(f"build_scripts.{module}")
        name = Path(loaded.__file__).relative_to(PACKAGE_DIR)
        edit(code / name, "# changed\n")
        monkeypatch.setattr(loaded, "__file__", str(code / name))
        assert render_poisoned() == [], f"{name} changed, the cached charts were used"
    for name in ("matplotlib", "babel"):
        other_version(name)
        assert render_poisoned() == [], f"another {name} version, the cached charts were used"
    locales = tmp_path / "locales"
    shutil.copytree(PACKAGE_DIR / "locales", locales)
    reword(locales / "charts" / "en.json")
    monkeypatch.setattr(i18n, "LOCALES", locales)
    i18n.catalog.cache_clear()
    chart_set = a_few_charts(tiny_data, tmp_path / "docs", cache)
    assert render_poisoned() == [], "chart texts changed, the cached charts were used"


def test_the_chart_cache_names_every_module_that_draws_a_chart():
    """A module added to figures/charts/ is in the code the chart cache digests."""
    folder = PACKAGE_DIR / "figures" / "charts"
    modules = {"figures", "figures.charts"} | {
        f"figures.charts.{path.stem}" for path in folder.glob("*.py") if path.stem != "__init__"
    }
    assert set(chartset.CODE) == modules


# -- maps -----------------------------------------------------------------------------------


def test_every_input_of_the_map_cache_invalidates_it(
    tmp_path, monkeypatch, other_version, tiny_package, fresh_catalogs
):
    package = tiny_package()
    cache, out = tmp_path / "cache", tmp_path / "out"

    def render_poisoned(base: bool = True) -> list[str]:
        for entry in [*(cache / "maps").glob("*.svg"), *(cache / "maps").glob("*.csv")]:
            entry.write_text(POISON, encoding="utf-8")
        for entry in (cache / "maps").glob("*.json") if base else []:
            geometry = json.loads(entry.read_text(encoding="utf-8"))  # the drawn boundaries
            geometry["regions"] = dict.fromkeys(geometry["regions"], POISON)
            entry.write_text(json.dumps(geometry), encoding="utf-8")
        shutil.rmtree(out, ignore_errors=True)
        maps.MapSet(derive.run(package), out, cache).render()
        return marked(out)

    maps.MapSet(derive.run(package), out, cache).render()
    poisoned = render_poisoned()
    assert len(poisoned) > 20 and len(poisoned) == len(list(out.iterdir()))
    boundaries = package.parent / "boundaries" / maps.GEOJSON.name
    boundaries.parent.mkdir(exist_ok=True)
    shutil.copy(maps.GEOJSON, boundaries)
    edit(boundaries, " ")  # the package's own boundaries file (same shapes, other bytes)
    assert render_poisoned() == [], "the boundaries changed, the cached maps were used"
    code = copy_of_code(tmp_path)
    declared = {
        name: code.joinpath(*Path(storage.source_file(name)).relative_to(PACKAGE_DIR).parts)
        for name in maps.mapset.CODE
    }
    assert {p.relative_to(code).as_posix() for p in declared.values()} >= {
        "figures/__init__.py",
        *(f"figures/maps/{p.name}" for p in (PACKAGE_DIR / "figures" / "maps").glob("*.py")),
    }, "a module of the maps is not declared in the maps' cache"
    for name, path in declared.items():
        monkeypatch.setattr(importlib.import_module(f"build_scripts.{name}"), "__file__", str(path))
    for name, path in declared.items():
        edit(path, "# changed\n")
        assert render_poisoned() == [], f"{name} changed, the cached maps were used"
    other_version("matplotlib")
    assert render_poisoned() == [], "another matplotlib version, the cached maps were used"
    locales = tmp_path / "locales"
    shutil.copytree(PACKAGE_DIR / "locales", locales)
    reword(locales / "maps" / "en.json")
    monkeypatch.setattr(i18n, "LOCALES", locales)
    i18n.catalog.cache_clear()
    left = render_poisoned(base=False)  # the same boundaries: the base may be reused
    assert left and not [name for name in left if "--en." in name], "map texts changed"


# -- the MkDocs page cache ------------------------------------------------------------------

MINI = """
site_name: mini
docs_dir: docs
theme:
  name: material
plugins: []
markdown_extensions:
  - toc:
      permalink: false
"""


def mini_site(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(MINI, encoding="utf-8")
    (project / "docs" / "index.md").write_text("# Home\n\n## Part\n\nText.\n", encoding="utf-8")
    return project


def mini_build(project: Path, cache_dir: Path) -> str:
    mkdocs_build(
        project / "site",
        strict=True,
        docs=project / "docs",
        cache=PageCache(cache_dir),
        config_file=project / "mkdocs.yml",
    )
    return (project / "site" / "index.html").read_text(encoding="utf-8")


def test_the_page_cache_follows_the_config_file_it_is_given(tmp_path):
    """Markdown extension settings live in the config: change them, get other pages (the
    cache used to hash the project's mkdocs.yml whatever file the build was given)."""
    project = mini_site(tmp_path)
    assert "headerlink" not in mini_build(project, tmp_path / "cache")
    config = project / "mkdocs.yml"
    config.write_text(MINI.replace("permalink: false", "permalink: true"), encoding="utf-8")
    assert "headerlink" in mini_build(project, tmp_path / "cache")


def test_every_input_of_the_page_cache_invalidates_it(tmp_path, monkeypatch, other_version):
    project = mini_site(tmp_path)
    cache = tmp_path / "cache"

    def build_poisoned() -> bool:
        for entry in cache.rglob("*.pickle.z"):
            value = pickle.loads(zlib.decompress(entry.read_bytes()))
            value["content"] = f"<p>{POISON}</p>"  # a page's conversion
            entry.write_bytes(zlib.compress(pickle.dumps(value)))
        return POISON in mini_build(project, cache)

    mini_build(project, cache)
    assert build_poisoned()  # nothing changed: the page from the cache
    code = tmp_path / "page_cache.py"
    code.write_text(Path(page_cache.__file__).read_text(encoding="utf-8") + "# changed\n")
    monkeypatch.setattr(page_cache, "__file__", str(code))
    assert not build_poisoned(), "page_cache.py changed, the cached page was used"
    stack = ["mkdocs", "markdown", "pymdown-extensions", "mkdocs-material", "mkdocs-static-i18n"]
    for name in stack:
        other_version(name)
        assert not build_poisoned(), f"another {name} version, the cached page was used"
    edit(project / "mkdocs.yml", "extra:\n  note: changed\n")
    assert not build_poisoned(), "the config changed, the cached page was used"


# -- downloads --------------------------------------------------------------------------------


def test_every_input_of_the_download_caches_invalidates_them(
    tiny_package, tmp_path, monkeypatch, other_version
):
    package = tiny_package()
    cache, out = tmp_path / "cache", tmp_path / "out"

    def write_poisoned() -> list[str]:
        for entry in cache.rglob("*"):
            if entry.is_file():
                entry.write_text(POISON, encoding="utf-8")
        shutil.rmtree(out, ignore_errors=True)
        downloads.write(package, out, cache)
        return marked(out)

    downloads.write(package, out, cache)
    assert len(write_poisoned()) == len([p for p in out.rglob("*") if p.is_file()]) > 20
    services = package.parent / "services.csv"
    services.write_text(
        services.read_text(encoding="utf-8").replace(",13,", ",14,", 1), encoding="utf-8"
    )
    left = write_poisoned()
    assert left and not [name for name in left if not name.startswith("lsg/")], "data"
    assert len(left) < len(list((out / "lsg").iterdir())), "the changed LSG's files were kept"
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    descriptor["title"] += " (changed)"
    package.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    assert write_poisoned() == [], "datapackage.json changed, the cached downloads were used"
    code = copy_of_code(tmp_path)
    written_by = {
        "downloads" if p.stem == "__init__" else f"downloads.{p.stem}"
        for p in (PACKAGE_DIR / "downloads").glob("*.py")
    }
    assert written_by <= set(caches.CODE), "every module of downloads/ is declared"
    for module in caches.CODE:
        copy = module_copy(code, module, monkeypatch)
        edit(copy, "# changed\n")
        assert write_poisoned() == [], f"{module} changed, the cached downloads were used"
    monkeypatch.setattr(i18n, "LOCALES", code / "locales")
    monkeypatch.setattr(messages, "CATALOG", code / "catalog")
    for name in ("locales/opendata/en.json", "catalog/releases.json"):
        edit(code / name, " ")
        assert write_poisoned() == [], f"{name} changed, the cached downloads were used"
    for name in ("openpyxl", "frictionless", "babel"):
        other_version(name)
        assert write_poisoned() == [], f"another {name} version, the cached downloads were used"
    monkeypatch.setenv("SITE_URL", "https://owner.github.io/other/")
    assert write_poisoned() == [], "the site address changed, the cached downloads were used"


def test_a_kept_release_changes_the_download_cache_key(tiny_package):
    package = tiny_package()
    before = downloads.cache_key(package)
    releases = package.parent / "releases"
    releases.mkdir()
    (releases / "socprot-0.9.0.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    assert downloads.cache_key(package) != before
