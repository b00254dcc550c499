"""Open data for journalists: the downloads in site/data/, their checksums and metadata
(DCAT-AP, CSVW, schema.org), and the data pages that link to them."""

import csv
import hashlib
import io
import json
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path
from urllib.parse import urljoin

import frictionless
import openpyxl
import pytest
import rdflib
from libreoffice import LOCALES, Comparison, compare_sheet, open_in_libreoffice, soffice
from tools import required

from build_scripts import downloads
from build_scripts.datapackage import load
from build_scripts.downloads import dcat, metadata
from build_scripts.i18n import LANGUAGES
from build_scripts.pages import opendata
from build_scripts.paths import DATAPACKAGE

SHAPES = Path(__file__).parent / "fixtures" / "dcat-ap-mandatory.shapes.ttl"
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
FOAF = rdflib.Namespace("http://xmlns.com/foaf/0.1/")
RDF_TYPE = rdflib.RDF.type
VERSION = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))["version"]
NAME = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))["name"]


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """Every download for the real data, as written into site/data/."""
    out = tmp_path_factory.mktemp("data")
    downloads.write(DATAPACKAGE, out, cache=None)
    return out


@pytest.fixture(scope="module")
def data_pages(tmp_path_factory):
    """The data page, the dictionary and the changelog, in every language."""
    from build_scripts import derive
    from build_scripts.i18n import Translator
    from build_scripts.pages import PageWriter

    out = tmp_path_factory.mktemp("pages")
    writer = PageWriter(derive.run(DATAPACKAGE), out)
    for lang in LANGUAGES:
        writer.write_all(lang, writer.opendata.pages(Translator(lang)))
        writer.opendata.cite_hand_written(writer.env, writer.out, writer.written, lang)
    return out


def unzip(data: bytes, target: Path) -> Path:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(target)
    return next(target.glob("*/datapackage.json"))


# -- files and checksums ------------------------------------------------------------------


def test_every_resource_in_every_format(real):
    for name in ("lsg", "service_types", "services", "indicators", "programmes", "sources"):
        for path in (f"{name}.csv", f"{name}.xlsx", f"{name}.json"):
            assert (real / path).stat().st_size > 0, path
    # no CSV meant for spreadsheets: none opens right in every regional setting (0010)
    assert not list(real.glob("*.excel.csv"))
    for path in (
        "datapackage.json",
        "catalog.jsonld",
        "csv-metadata.json",
        f"{NAME}-{VERSION}.xlsx",
        f"releases/{NAME}-{VERSION}.zip",
        f"releases/{NAME}-{VERSION}.validation.json",
        f"lsg/cuprija-{VERSION}.xlsx",
        f"lsg/cuprija-{VERSION}.zip",
        f"lsg/zemun-{VERSION}.zip",
    ):
        assert (real / path).is_file(), path
    # the UTF-8 CSVs are the published files, byte for byte
    assert (real / "services.csv").read_bytes() == (
        DATAPACKAGE.parent / "services.csv"
    ).read_bytes()


def test_checksums_match_every_file(real):
    listed = {}
    for line in (real / "SHA256SUMS").read_text(encoding="ascii").splitlines():
        digest, path = line.split("  ", 1)
        listed[path] = digest
    files = {p.relative_to(real).as_posix() for p in real.rglob("*") if p.is_file()} - {
        "SHA256SUMS"
    }
    assert set(listed) == files
    for path, digest in listed.items():
        assert hashlib.sha256((real / path).read_bytes()).hexdigest() == digest, path
    assert list(listed) == sorted(listed)


def sha256sum() -> str:
    return required("sha256sum", how="GNU coreutils")


def test_sha256sum_accepts_every_checksum(real):
    subprocess.run([sha256sum(), "--quiet", "-c", "SHA256SUMS"], cwd=real, check=True)


def test_a_changed_file_fails_its_checksum(real, tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(real, copy)
    (copy / "lsg.json").write_bytes(b"{}")
    result = subprocess.run(
        [sha256sum(), "--quiet", "-c", "SHA256SUMS"], cwd=copy, capture_output=True, text=True
    )
    assert result.returncode != 0 and "lsg.json" in result.stdout


def test_same_data_gives_byte_identical_files(tiny_package, tmp_path):
    package = tiny_package()
    first = downloads.render(package)
    time.sleep(2.1)  # zip timestamps have a two-second resolution
    second = downloads.render(package)
    assert sorted(first) == sorted(second)
    differ = [path for path in first if first[path] != second[path]]
    assert not differ
    # and through the cache, the same bytes again
    downloads.write(package, tmp_path / "a", cache=tmp_path / "cache")
    downloads.write(package, tmp_path / "b", cache=tmp_path / "cache")
    for path, data in first.items():
        assert (tmp_path / "a" / path).read_bytes() == data, path
        assert (tmp_path / "b" / path).read_bytes() == data, path


def test_one_changed_row_rewrites_only_that_lsgs_files(tiny_package, tmp_path):
    package = tiny_package()
    cache = tmp_path / "cache" / "downloads-lsg"  # the per-LSG files' cache
    downloads.render(package, tmp_path / "cache")
    before = {entry.name for entry in cache.iterdir()}
    services = package.parent / "services.csv"
    lines = services.read_text(encoding="utf-8").splitlines(keepends=True)
    cells = lines[1].split(",")
    cells[6] = str(int(cells[6]) - 1)  # beneficiaries of the first row
    lines[1] = ",".join(cells)
    services.write_text("".join(lines), encoding="utf-8")
    cached = downloads.render(package, tmp_path / "cache")
    after = {entry.name for entry in cache.iterdir()}
    assert len(after - before) == 1, "one LSG's files written again"
    assert len(after) == len(before), "the replaced entry is dropped"
    assert cached == downloads.render(package), "the same bytes as without a cache"


def test_other_data_gives_other_files(tiny_package):
    package = tiny_package()
    before = downloads.render(package)
    services = package.parent / "services.csv"
    services.write_text(
        services.read_text(encoding="utf-8").replace("Despotovac", "Despotovac 2"),
        encoding="utf-8",
    )
    after = downloads.render(package)
    changed = {path for path in before if before[path] != after.get(path)}
    assert {"services.csv", "services.json", "SHA256SUMS", "catalog.jsonld"} <= changed
    assert f"releases/{NAME}-{VERSION}.zip" in changed
    assert "lsg.csv" not in changed


# -- Excel, LibreOffice, openpyxl ----------------------------------------------------------------


def test_workbook_opens_with_serbian_letters(real):
    book = openpyxl.load_workbook(real / f"{NAME}-{VERSION}.xlsx")
    resources = [
        r["name"] for r in json.loads(DATAPACKAGE.read_text(encoding="utf-8"))["resources"]
    ]
    assert book.sheetnames == ["README", *resources]
    lsg = book["lsg"]
    header = [c.value for c in lsg[1]]
    rows = {r[header.index("slug")]: r for r in lsg.iter_rows(min_row=2, values_only=True)}
    cuprija = rows["cuprija"]
    assert cuprija[header.index("name_lat")] == "Ćuprija"
    assert cuprija[header.index("name_cyr")] == "Ћуприја"
    assert cuprija[header.index("code")] == "71200"  # codes stay text
    assert cuprija[header.index("population_2022")] == 25325  # numbers are numbers
    assert lsg.max_row == 163
    services = book["services"]
    assert services.cell(2, 6).data_type == "b"  # licensed: a boolean
    readme = " ".join(str(c) for row in book["README"].iter_rows(values_only=True) for c in row)
    assert "DEMONSTRATION DATA" in readme and "DEMONSTRACIONI PODACI" in readme
    assert "creativecommons.org/licenses/by/4.0" in readme
    created = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))["created"][:10]
    assert book.properties.created.date().isoformat() == created
    assert book.properties.modified == book.properties.created
    assert {p.name: p.value for p in book.custom_doc_props.props}["Version"] == VERSION


def test_data_text_is_never_a_formula(tiny_package, tmp_path):
    package = tiny_package()
    services = package.parent / "services.csv"
    text = services.read_text(encoding="utf-8")
    first_name = next(csv.DictReader(io.StringIO(text)))["provider_name"]
    services.write_text(text.replace(first_name, "=HYPERLINK(1)", 1), encoding="utf-8")
    out = downloads.render(package)
    book = openpyxl.load_workbook(io.BytesIO(out[f"{NAME}-{VERSION}.xlsx"]))
    cells = [c for row in book["services"].iter_rows() for c in row if c.value == "=HYPERLINK(1)"]
    assert cells and all(c.data_type == "s" for c in cells)
    table = openpyxl.load_workbook(io.BytesIO(out["services.xlsx"]))["services"]
    cells = [c for row in table.iter_rows() for c in row if c.value == "=HYPERLINK(1)"]
    assert cells and all(c.data_type == "s" for c in cells)


def test_table_workbook_is_a_readme_and_the_table_with_typed_cells(real):
    book = openpyxl.load_workbook(real / "indicators.xlsx")
    assert book.sheetnames == ["README", "indicators"]
    readme = " ".join(str(c) for row in book["README"].iter_rows(values_only=True) for c in row)
    assert "DEMONSTRATION DATA" in readme and "DEMONSTRACIONI PODACI" in readme
    sheet = book["indicators"]
    header = [c.value for c in sheet[1]]
    assert header == ["lsg_code", "indicator_code", "year", "value", "source_id"]
    first = next(csv.DictReader((DATAPACKAGE.parent / "indicators.csv").open(encoding="utf-8")))
    row = [c for c in sheet[2]]
    assert row[0].value == first["lsg_code"] and row[0].data_type == "s"  # codes stay text
    assert row[2].value == int(first["year"]) and row[2].data_type == "n"
    assert row[3].value == float(first["value"]) and row[3].data_type == "n"
    with (DATAPACKAGE.parent / "indicators.csv").open(encoding="utf-8") as f:
        assert sheet.max_row == len(list(csv.reader(f)))


@pytest.mark.parametrize(("name", "options"), [("lsg.csv", "44,34,76,1")], ids=["utf8"])
def test_csv_opens_in_libreoffice_with_serbian_letters(real, tmp_path, name, options):
    """LibreOffice's CSV import, told each file's delimiter and encoding (UTF-8 = 76,
    UTF-16 = 65535), converts it to a spreadsheet with č, ć, š, ž, đ and Cyrillic intact."""
    source = tmp_path / name
    shutil.copy(real / name, source)
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            f"--infilter=CSV:{options}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    sheet = openpyxl.load_workbook(next((tmp_path / "out").glob("*.xlsx"))).active
    values = {str(c) for row in sheet.iter_rows(values_only=True) for c in row}
    assert {"Ćuprija", "Ћуприја", "Šabac", "Čačak", "Žabalj"} <= values
    assert sheet.max_row == 163


def spreadsheets_as_opened(data: Path, package: Path, locale: str, work: Path, slugs=()):
    """Every spreadsheet download in `data` (each table's workbook, the whole workbook and
    the workbooks of `slugs`), opened in LibreOffice under `locale`, compared cell by cell
    with the package's tables."""
    _, descriptor, tables = load(package)
    tabular = [t for t in tables.values() if t.tabular]
    whole = data / downloads.Files.of(descriptor).workbook
    code_at, slug_at = (tables["lsg"].header.index(c) for c in ("code", "slug"))
    lsg = {row[slug_at]: row[code_at] for row in tables["lsg"].rows}
    lsg_books = {slug: data / downloads.Files.of(descriptor).lsg_workbook(slug) for slug in slugs}
    files = [data / downloads.Files.xlsx(t.name) for t in tabular]
    saved = open_in_libreoffice([*files, whole, *lsg_books.values()], locale, work)
    result = Comparison()
    for table, path in zip(tabular, files, strict=True):
        result.add(compare_sheet(saved[path], table.name, table))
        result.add(compare_sheet(saved[whole], table.name, table))
    index = downloads.SliceIndex(tables)
    for slug, path in lsg_books.items():
        for name, rows in index.slice(lsg[slug]).items():
            result.add(compare_sheet(saved[path], name, tables[name], rows))
    return result


@pytest.mark.parametrize("locale", LOCALES)
def test_spreadsheets_open_right_in_serbian_and_english_settings(real, tmp_path, locale):
    """Each workbook offered, opened in LibreOffice with Serbian or English regional
    settings: every cell holds the published value, numbers as numbers, codes and names
    as text (a CSV fails this: 3.2 turns into 3 February, 70017 into a number)."""
    result = spreadsheets_as_opened(
        real, DATAPACKAGE, locale, tmp_path, slugs=("cuprija", "zemun", "beograd")
    )
    print(f"{locale}: {result.cells} cells compared, {len(result.mismatches)} mismatches")
    assert result.cells > 2 * 88_000  # every table twice (own workbook and the whole one)
    assert not result.mismatches, result.mismatches[:10]


TRICKY_TEXT = [
    "3.2",  # a date with Serbian settings, a number with English ones
    "3,2",  # a number with Serbian settings
    "1.2.2020",
    "2020-02-01",
    "007",
    "-5",
    "=1+1",
    "@SUM(A1)",
    "TRUE",
    "1e5",
    "Ђурђевдан: č ć š ž đ Č Ć Š Ž Đ",
]


@pytest.mark.parametrize("locale", LOCALES)
def test_text_that_looks_like_a_number_date_or_formula_stays_text(tiny_package, tmp_path, locale):
    package = tiny_package()
    services = package.parent / "services.csv"
    rows = list(csv.reader(io.StringIO(services.read_text(encoding="utf-8"))))
    name = rows[0].index("provider_name")
    assert len(rows) - 1 >= len(TRICKY_TEXT)
    for row, text in zip(rows[1:], TRICKY_TEXT, strict=False):
        row[name] = text
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    services.write_text(out.getvalue(), encoding="utf-8")
    data = tmp_path / "data"
    downloads.write(package, data, cache=None)
    result = spreadsheets_as_opened(data, package, locale, tmp_path / "lo")
    assert not result.mismatches, result.mismatches[:10]
    as_opened = openpyxl.load_workbook(tmp_path / "lo" / f"opened-{locale}" / "services.xlsx")
    names = {r[name] for r in as_opened["services"].iter_rows(min_row=2, values_only=True)}
    assert set(TRICKY_TEXT) <= names


# -- the data package zip, per-LSG slices ------------------------------------------------------


def test_zip_unpacks_into_a_valid_data_package(real, tmp_path):
    descriptor = unzip((real / f"releases/{NAME}-{VERSION}.zip").read_bytes(), tmp_path)
    assert descriptor.parent.name == f"{NAME}-{VERSION}"
    report = frictionless.validate(str(descriptor))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    published = json.loads((descriptor.parent / "validation-report.json").read_text())
    assert published["valid"] and published["version"] == VERSION and not published["problems"]
    assert published == json.loads(
        (real / f"releases/{NAME}-{VERSION}.validation.json").read_text()
    )
    with zipfile.ZipFile(real / f"releases/{NAME}-{VERSION}.zip") as archive:
        times = {i.date_time for i in archive.infolist()}
    assert len(times) == 1  # the release date, not the build time


@pytest.mark.parametrize("slug", ["cuprija", "zemun", "beograd"])
def test_lsg_slice_is_a_valid_data_package(real, tmp_path, slug):
    descriptor = unzip((real / f"lsg/{slug}-{VERSION}.zip").read_bytes(), tmp_path)
    assert frictionless.validate(str(descriptor)).valid
    tables = {r["name"]: r for r in json.loads(descriptor.read_text())["resources"]}
    lsg = list(csv.DictReader((descriptor.parent / "lsg.csv").open(encoding="utf-8")))
    code = next(r["code"] for r in lsg if r["slug"] == slug)
    if "services" in tables:
        services = list(csv.DictReader((descriptor.parent / "services.csv").open(encoding="utf-8")))
        assert services and {r["lsg_code"] for r in services} == {code}
    book = openpyxl.load_workbook(real / f"lsg/{slug}-{VERSION}.xlsx")
    assert book.sheetnames[0] == "README" and set(book.sheetnames[1:]) == set(tables)


def test_lsg_slice_carries_what_it_refers_to(real, tmp_path):
    descriptor = unzip((real / f"lsg/zemun-{VERSION}.zip").read_bytes(), tmp_path)
    slugs = {
        r["slug"] for r in csv.DictReader((descriptor.parent / "lsg.csv").open(encoding="utf-8"))
    }
    assert slugs == {"zemun", "beograd"}  # a city municipality, and the city it belongs to


# -- machine-readable metadata ------------------------------------------------------------------


# Where the catalog is read in these tests: links of a build without a public address are
# relative to data/catalog.jsonld and resolve against wherever the site is served.
SERVED_CATALOG = "http://served.invalid/data/catalog.jsonld"
# A public address, for tests of output that carries one.
ADDRESS = "https://owner.github.io/socprot/"


def catalog_graph(path_or_data) -> rdflib.Graph:
    data = path_or_data if isinstance(path_or_data, str) else path_or_data.read_text()
    return rdflib.Graph().parse(data=data, format="json-ld", publicID=SERVED_CATALOG)


def dataset_node(name: str) -> rdflib.URIRef:
    return rdflib.URIRef(urljoin(SERVED_CATALOG, metadata.identifier(name)))


@pytest.fixture(scope="module")
def addressed(tmp_path_factory):
    """The downloads of a build with a public address."""
    out = tmp_path_factory.mktemp("addressed")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITE_URL", ADDRESS)
        downloads.write(DATAPACKAGE, out, cache=None)
    return out


def test_without_an_address_the_catalog_links_resolve_where_it_is_served(real):
    graph = catalog_graph(real / "catalog.jsonld")
    served = SERVED_CATALOG.rsplit("data/", 1)[0]
    nodes = {str(n) for n in graph.all_nodes() if isinstance(n, rdflib.URIRef)}
    local = {n for n in nodes if n.startswith("http://served.invalid")}
    assert local and all(n.startswith(served) for n in local)
    datasets = list(graph.subjects(RDF_TYPE, DCAT.Dataset))
    assert len(datasets) == 10
    assert all(graph.value(d, DCT.identifier) is None for d in datasets)  # relative: none
    for distribution in graph.subjects(RDF_TYPE, DCAT.Distribution):
        url = str(graph.value(distribution, DCAT.downloadURL))
        assert (real / url.removeprefix(served + "data/")).is_file(), url


def test_with_an_address_every_link_is_absolute(addressed):
    graph = rdflib.Graph().parse(addressed / "catalog.jsonld", format="json-ld")
    datasets = set(graph.subjects(RDF_TYPE, DCAT.Dataset))
    assert {str(graph.value(d, DCT.identifier)) for d in datasets} == {str(d) for d in datasets}
    assert all(str(d).startswith(ADDRESS + "data/#") for d in datasets)
    for distribution in graph.subjects(RDF_TYPE, DCAT.Distribution):
        url = str(graph.value(distribution, DCAT.downloadURL))
        assert url.startswith(ADDRESS + "data/") and (addressed / url[len(ADDRESS) + 5 :]).is_file()
    csvw = json.loads((addressed / "csv-metadata.json").read_text())
    assert {t["dc:identifier"] for t in csvw["tables"]} == {
        f"{ADDRESS}data/#{t['url'][:-4]}" for t in csvw["tables"]
    }


def test_dcat_catalog_has_the_mandatory_properties(real):
    graph = catalog_graph(real / "catalog.jsonld")
    catalogs = list(graph.subjects(RDF_TYPE, DCAT.Catalog))
    assert len(catalogs) == 1
    catalog = catalogs[0]
    for prop in (DCT.title, DCT.description, DCT.publisher, DCAT.dataset):
        assert graph.value(catalog, prop) is not None, prop
    assert graph.value(graph.value(catalog, DCT.publisher), FOAF.name) is not None
    datasets = set(graph.subjects(RDF_TYPE, DCAT.Dataset))
    assert set(graph.objects(catalog, DCAT.dataset)) == datasets
    assert len(datasets) == 10  # the package and its nine tables
    for dataset in datasets:
        for prop in (DCT.title, DCT.description, DCAT.distribution):
            assert graph.value(dataset, prop) is not None, (dataset, prop)
        titles = {t.language for t in graph.objects(dataset, DCT.title)}
        assert titles == {"sr-Latn", "sr-Cyrl", "en"}
    sums = dict(
        line.split("  ", 1)[::-1] for line in (real / "SHA256SUMS").read_text().splitlines()
    )
    distributions = set(graph.subjects(RDF_TYPE, DCAT.Distribution))
    assert len(distributions) == 9 * 3 + 2
    for distribution in distributions:
        url = str(graph.value(distribution, DCAT.accessURL))
        assert graph.value(distribution, DCT.license) is not None
        path = url.split("/data/", 1)[1]
        assert (real / path).is_file(), url
        checksum = graph.value(distribution, rdflib.URIRef("http://spdx.org/rdf/terms#checksum"))
        value = graph.value(checksum, rdflib.URIRef("http://spdx.org/rdf/terms#checksumValue"))
        assert str(value) == sums[path]


def test_dcat_catalog_conforms_to_the_shapes(addressed):
    # What portals harvest: the catalog of the published site, which has an address (a
    # build without one has no stable identifiers to promise, decision 0008).
    from pyshacl import validate

    shapes = rdflib.Graph().parse(SHAPES, format="turtle")
    conforms, _, text = validate(catalog_graph(addressed / "catalog.jsonld"), shacl_graph=shapes)
    assert conforms, text
    # the shapes do catch a distribution without a licence
    document = json.loads((addressed / "catalog.jsonld").read_text())
    for node in document["@graph"]:
        for distribution in node.get("dcat:distribution", []):
            distribution.pop("dct:license")
    conforms, _, _ = validate(catalog_graph(json.dumps(document)), shacl_graph=shapes)
    assert not conforms


def test_identifiers_do_not_change_between_releases(monkeypatch):
    monkeypatch.setenv("SITE_URL", ADDRESS)
    raw, descriptor, _ = load(DATAPACKAGE)

    def identifiers(version: str) -> set[str]:
        d = {**descriptor, "version": version}
        files = downloads.Files.of(d)
        sizes = _AnySize()
        graph = catalog_graph(dcat.dcat(d, files, sizes).decode())
        datasets = graph.subjects(RDF_TYPE, DCAT.Dataset)
        return {str(graph.value(d, DCT.identifier)) for d in datasets}

    now, later = identifiers(VERSION), identifiers("9.9.9")
    assert now == later and len(now) == 10
    assert all(VERSION not in i for i in now)
    assert metadata.identifier("services") in now


class _AnySize(dict):
    def __missing__(self, key):
        return (1, "00")


def test_demonstration_is_said_in_every_file_metadata(real):
    demo = {"services", "indicators"}
    graph = catalog_graph(real / "catalog.jsonld")
    for name in demo:
        dataset = dataset_node(name)
        texts = {str(d) for d in graph.objects(dataset, DCT.description)}
        assert any("DEMONSTRATION DATA" in t for t in texts)
        assert any("DEMONSTRACIONI PODACI" in t for t in texts)
        assert any("ДЕМОНСТРАЦИОНИ ПОДАЦИ" in t for t in texts)
        assert json.loads((real / f"{name}.json").read_text())["demonstration"] is True
    csvw = json.loads((real / "csv-metadata.json").read_text())
    noted = {t["url"] for t in csvw["tables"] if t.get("notes")}
    assert noted == {f"{name}.csv" for name in demo}
    real_lsg = dataset_node("lsg")
    assert not any("DEMONSTRATION" in str(d) for d in graph.objects(real_lsg, DCT.description))


def test_licence_is_in_each_file_metadata(real):
    licence = "https://creativecommons.org/licenses/by/4.0/"
    assert json.loads((real / "lsg.json").read_text())["licenses"][0]["path"] == licence
    assert json.loads((real / "csv-metadata.json").read_text())["dc:license"] == [{"@id": licence}]
    with zipfile.ZipFile(real / f"releases/{NAME}-{VERSION}.zip") as archive:
        assert b"CC-BY-4.0" in archive.comment
    book = openpyxl.load_workbook(real / f"{NAME}-{VERSION}.xlsx")
    assert {p.name: p.value for p in book.custom_doc_props.props}["License"] == licence


def test_csvw_metadata_describes_the_csvs(real, tmp_path):
    from csvw import CSVW

    assert CSVW(str(real / "csv-metadata.json"), validate=True, strict=False).is_valid
    # and it does check the data: a year that is not a number fails
    copy = tmp_path / "data"
    shutil.copytree(real, copy)
    indicators = copy / "indicators.csv"
    lines = indicators.read_text(encoding="utf-8").splitlines(True)
    lines[1] = re.sub(r",20\d\d,", ",20x9,", lines[1])
    indicators.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ValueError, match="year"):
        assert not CSVW(str(copy / "csv-metadata.json"), validate=True, strict=False).is_valid


# -- the pages --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_data_page_links_to_files_that_exist(data_pages, real, lang):
    page = (data_pages / f"data/index{lang.suffix}.md").read_text(encoding="utf-8")
    root = "../../data/" if lang.prefix else "../data/"
    links = re.findall(r'href="([^"]+)"', page)
    files = [
        link[len(root) :]
        for link in links
        if link.startswith(root) and not link.endswith("/") and "#" not in link
    ]
    assert len(files) >= 9 * 3 + 7
    missing = [f for f in files if not (real / f).is_file()]
    assert not missing
    assert f"releases/{NAME}-{VERSION}.zip" in files and "SHA256SUMS" in files


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_data_page_says_which_file_to_take_for_excel(data_pages, lang):
    page = (data_pages / f"data/index{lang.suffix}.md").read_text(encoding="utf-8")
    plainly = {
        "sr-Latn": "<strong>Za Excel i LibreOffice uzmite fajl XLSX:",
        "sr-Cyrl": "<strong>За Excel и LibreOffice узмите фајл XLSX:",
        "en": "<strong>For Excel and LibreOffice, take the XLSX file:",
    }
    assert plainly[lang.code] in page
    root = "../../data/" if lang.prefix else "../data/"
    for resource in json.loads(DATAPACKAGE.read_text(encoding="utf-8"))["resources"]:
        if resource["path"].endswith(".csv"):
            assert f'href="{root}{resource["name"]}.xlsx"' in page, resource["name"]
    assert ".excel.csv" not in page


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_data_page_carries_schema_org_dataset(data_pages, real, lang):
    page = (data_pages / f"data/index{lang.suffix}.md").read_text(encoding="utf-8")
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(found) == 1
    dataset = json.loads(found[0])
    assert dataset["@type"] == "Dataset" and dataset["version"] == VERSION
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "identifier" not in dataset  # no public address: no stable identifier either
    expected = {
        "sr-Latn": "Lokalna socijalna",
        "sr-Cyrl": "Локална социјална",
        "en": "Local social",
    }
    assert dataset["name"].startswith(expected[lang.code])
    page_url = f"http://served.invalid/{lang.prefix}data/"
    for download in dataset["distribution"]:
        url = urljoin(page_url, download["contentUrl"])
        assert url.startswith("http://served.invalid/data/"), download
        assert (real / url.split("/data/", 1)[1]).is_file()
    graph = rdflib.Graph().parse(
        data=found[0].replace('"https://schema.org"', '{"@vocab": "https://schema.org/"}'),
        format="json-ld",
    )
    assert len(list(graph.subjects(RDF_TYPE, rdflib.URIRef("https://schema.org/Dataset")))) == 10


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_dictionary_describes_every_field(data_pages, lang):
    page = (data_pages / f"data/dictionary{lang.suffix}.md").read_text(encoding="utf-8")
    descriptor = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        assert f"{{ #{resource['name']} }}" in page
        for field in resource["schema"]["fields"]:
            assert f'id="{resource["name"]}-{field["name"]}"' in page, field["name"]
    words = {
        "sr-Latn": ("ceo broj", "osobe", "prazna ćelija", "gradska opština Beograda", "od 0 do 24"),
        "sr-Cyrl": ("цео број", "особе", "празна ћелија", "градска општина Београда", "од 0 до 24"),
        "en": (
            "whole number",
            "persons",
            "an empty cell",
            "city municipality of Belgrade",
            "from 0 to 24",
        ),
    }[lang.code]
    for word in words:
        assert word in page, word
    demo = {
        "sr-Latn": "DEMONSTRACIONI PODACI",
        "sr-Cyrl": "ДЕМОНСТРАЦИОНИ ПОДАЦИ",
        "en": "DEMONSTRATION DATA",
    }
    assert page.count(demo[lang.code]) >= 2


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_every_page_ends_with_the_citation(generated_pages, lang):
    expected = {"sr-Latn": "Izvor: ", "sr-Cyrl": "Извор: ", "en": "Source: "}[lang.code]
    accessed = {"sr-Latn": "pristupljeno", "sr-Cyrl": "приступљено", "en": "accessed"}[lang.code]
    pages = [
        p
        for p in generated_pages.rglob(f"*{lang.suffix}.md")
        if lang.suffix or p.name.count(".") == 1
    ]
    assert len(pages) > 200
    for page in pages:
        if page.name.startswith("404"):
            continue
        text = page.read_text(encoding="utf-8")
        citation = re.search(r'<p class="citation">(.*?)</p>', text, re.S)
        assert citation, page
        assert expected in citation.group(1) and accessed in citation.group(1), page
        assert VERSION in citation.group(1), page


@pytest.mark.parametrize("address", [None, ADDRESS], ids=["no-address", "address"])
def test_hand_written_pages_get_the_citation(tmp_path, monkeypatch, address):
    from build_scripts import derive
    from build_scripts.pages import environment

    if address:
        monkeypatch.setenv("SITE_URL", address)

    out = tmp_path / "docs"
    out.mkdir()
    for name in ("about.md", "about.sr-Cyrl.md", "about.en.md"):
        (out / name).write_text("# About\n\nText.\n", encoding="utf-8")
    data = opendata.OpenData(derive.run(DATAPACKAGE))
    for lang in LANGUAGES:
        data.cite_hand_written(environment(), out, [], lang)
        data.cite_hand_written(environment(), out, [], lang)  # twice: still one citation
    # with an address, the page's URL; without, a link to the page itself showing its path
    # (cite.js shows the address it is read at)
    cites = {"": "about/", "sr-Cyrl/": "sr-Cyrl/about/", "en/": "en/about/"}
    if address:
        cites = {k: f'<a href="{address}{v}">{address}{v}</a>' for k, v in cites.items()}
    else:
        cites = {k: f'<a class="cite-here" href="">/{v}</a>' for k, v in cites.items()}
    latin = (out / "about.md").read_text(encoding="utf-8")
    assert latin.count('class="citation"') == 1 and cites[""] in latin
    assert "Izvor: Lokalna socijalna zaštita u Srbiji" in latin
    cyrillic = (out / "about.sr-Cyrl.md").read_text(encoding="utf-8")
    assert "Извор: Локална социјална заштита у Србији" in cyrillic
    assert cites["sr-Cyrl/"] in cyrillic
    english = (out / "about.en.md").read_text(encoding="utf-8")
    assert "Source: Local social protection in Serbia" in english and cites["en/"] in english


def test_built_site_has_the_downloads_once(built_site):
    data = built_site / "data"
    assert (data / "SHA256SUMS").is_file() and (data / "index.html").is_file()
    for lang in LANGUAGES:
        if lang.prefix:
            assert (built_site / lang.prefix / "data" / "index.html").is_file()
            assert not (built_site / lang.prefix / "data" / "lsg.csv").exists()
    for lang in LANGUAGES:
        html = (built_site / lang.prefix / "data" / "index.html").read_text(encoding="utf-8")
        base = built_site / lang.prefix / "data"
        for link in re.findall(r'href="(\.\./[^"#?]+)"', html):
            target = (base / link).resolve()
            assert target.exists(), (lang.code, link)
