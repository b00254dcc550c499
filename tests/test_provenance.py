"""Provenance per row: real figures for one LSG, imported from its report, make that LSG's
page real while its neighbour's stays a demonstration page; everything that counts or compares
says how much is real."""

from __future__ import annotations

import csv
import json
import re

import pytest
from importing import copy_of_datasets, run
from pagetext import text

from build_scripts import datapackage, derive, downloads, pages
from build_scripts.downloads import metadata, workbook
from build_scripts.i18n import LANGUAGES, Translator
from build_scripts.pages.markup import abbreviations
from build_scripts.paths import DATASETS

ADA, KANJIZA = "80012", "80195"  # both in the North Banat district
SERVICE_HEADER = ["LSG code", "Service type", "Year", "Provider type", "Provider", "Licensed"]
SERVICE_HEADER += ["Users", "Places", "LSG budget", "Earmarked transfer", "Donors"]
SERVICE_HEADER += ["Total funding", "IMC"]
SERVICE_FIELDS = ["lsg_code", "service_type_code", "year", "provider_type", "provider_name"]
SERVICE_FIELDS += ["licensed", "beneficiaries", "capacity", "funding_lsg_rsd"]
SERVICE_FIELDS += ["funding_earmarked_rsd", "funding_donor_rsd", "funding_total_rsd", "imc"]
NOTICE = '<div class="admonition warning demo-notice"'


def rows_of(name: str, code: str) -> list[dict[str, str]]:
    with (DATASETS / name).open(encoding="utf-8") as handle:
        return [r for r in csv.DictReader(handle) if r["lsg_code"] == code]


def report_files(tmp_path):
    """Ada's report: its figures for every year, as a spreadsheet (CSV) per table."""
    services, indicators = tmp_path / "ada-services.csv", tmp_path / "ada-indicators.csv"
    with services.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(SERVICE_HEADER)
        writer.writerows([r[f] for f in SERVICE_FIELDS] for r in rows_of("services.csv", ADA))
    with indicators.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["LSG code", "Indicator", "Year", "Value"])
        writer.writerows(
            [r["lsg_code"], r["indicator_code"], r["year"], r["value"]]
            for r in rows_of("indicators.csv", ADA)
        )
    return services, indicators


SOURCE = ["--source", "ada-report", "--source-title", "Izveštaj opštine Ada o socijalnoj zaštiti"]
SOURCE += ["--source-publisher", "Opština Ada"]


@pytest.fixture(scope="module")
def reported(tmp_path_factory):
    """A copy of datasets/ with Ada's real figures imported; its pages (no charts)."""
    tmp = tmp_path_factory.mktemp("reported")
    package = copy_of_datasets(tmp)
    services, indicators = report_files(tmp)
    for file, resource in ((services, "services"), (indicators, "indicators")):
        code, out, err = run(_Quiet(), package, file, "--resource", resource, "--write", *SOURCE)
        assert code == 0, (out, err)
    writer = pages.PageWriter(derive.run(package), tmp / "out", tmp / "cache")
    writer.run()
    return package, writer


class _Quiet:
    """A stand-in for capsys in a module-scoped fixture (the output is not checked)."""

    def readouterr(self):
        return "", ""


def page(writer, rel: str, lang) -> str:
    return (writer.out / (rel + lang.suffix + ".md")).read_text(encoding="utf-8")


def shown(writer, rel: str, lang) -> str:
    """What a reader reads of a page: tags dropped (an abbreviation stands in an <abbr>)."""
    return text(page(writer, rel, lang))


def test_imported_rows_name_their_source(reported):
    package, _ = reported
    services = list(csv.DictReader((package.parent / "services.csv").open(encoding="utf-8")))
    assert {r["source_id"] for r in services if r["lsg_code"] == ADA} == {"ada-report"}
    assert {r["source_id"] for r in services if r["lsg_code"] == KANJIZA} == {"demo-generator"}
    sources = (package.parent / "sources.csv").read_text(encoding="utf-8")
    assert "ada-report,Izveštaj opštine Ada o socijalnoj zaštiti,Opština Ada,report," in sources


def test_reported_lsg_page_has_no_notice_its_neighbour_has(reported):
    _, writer = reported
    for lang in LANGUAGES:
        tr = Translator(lang)
        ada, kanjiza = page(writer, "lsg/ada", lang), page(writer, "lsg/kanjiza", lang)
        assert NOTICE not in ada, lang.code
        assert NOTICE in kanjiza, lang.code
        sources = "Izveštaj opštine Ada o socijalnoj zaštiti"
        # as the page writes them: abbreviations (JLS, LSG) explained in an <abbr>
        assert abbreviations(tr, tr.t("reporting.last", year=2024, sources=sources)) in ada
        assert abbreviations(tr, tr.t("reporting.never")) in kanjiza


def test_comparisons_say_they_mix_real_and_demonstration_values(reported, page_writer):
    _, writer = reported
    for lang in LANGUAGES:
        mixed = Translator(lang).t("reporting.mixed")
        for rel in ("lsg/ada", "lsg/kanjiza", "indicators/population-65plus-share"):
            assert mixed in shown(writer, rel, lang), (rel, lang.code)
            # all demonstration values: nothing is mixed
            assert mixed not in shown(page_writer, rel, lang), (rel, lang.code)


def test_counts_sentence_on_home_and_data_pages_and_in_metadata(reported, page_writer):
    package, writer = reported
    for lang in LANGUAGES:
        tr = Translator(lang)
        one = tr.t("reporting.share", real=tr.number(1), total=tr.number(145), year=2024)
        none = tr.t("reporting.share", real=tr.number(0), total=tr.number(145), year=2024)
        for rel in ("index", "data/index", "lsg/index"):
            assert one in shown(writer, rel, lang), (rel, lang.code)
            assert none in shown(page_writer, rel, lang), (rel, lang.code)
    _, descriptor, _ = datapackage.load(package)
    assert descriptor["reporting"] == {
        "year": 2024,
        "lsg_total": 145,
        "lsg_reported": 1,
        "lsg_demonstration": 144,
        "lsg_missing": 0,
    }
    assert descriptor["resources"][2]["demonstration"] is True  # 144 LSGs still are


def test_lsg_charts_carry_the_notice_only_for_demonstration_values(reported):
    _, writer = reported
    notices = {}
    for name, (spec, data) in writer.charts.queue.items():
        match = re.match(r"lsg-(\d{5})-\w+--en$", name)
        if match and match.group(1) in (ADA, KANJIZA):
            notices.setdefault(match.group(1), set()).add(bool(spec["about"]["notice"]))
            assert (b",true," in data) == bool(spec["about"]["notice"]), name
    assert notices == {ADA: {False}, KANJIZA: {True}}


def test_import_without_a_source_is_refused_and_writes_nothing(tmp_path, capsys):
    package = copy_of_datasets(tmp_path)
    services, _ = report_files(tmp_path)
    before = (package.parent / "services.csv").read_bytes()
    for source in ([], ["--source", "nowhere"], ["--source", "demo-generator"]):
        code, out, err = run(
            capsys,
            package,
            services,
            "--resource",
            "services",
            "--write",
            *(source or ["--source", ""]),
        )
        assert code == 2, (source, out, err)
        assert (package.parent / "services.csv").read_bytes() == before
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    assert not any("demonstration" in r for r in descriptor["resources"])


def test_the_workbooks_say_how_much_is_demonstration(reported):
    """Every download's metadata says how much is real: the README sheet of a table's
    workbook too, in Serbian and English."""
    package, _ = reported
    _, descriptor, tables = datapackage.load(package)
    rows = downloads.readme_rows(descriptor, [(t, 0) for t in tables.values()], None)
    said = metadata.texts("reporting.share", real=1, total=145, year=2024)
    notice = next(r for r in rows if r[0] == workbook.label("data.readme.demonstration"))
    assert said["sr-Latn"] in notice[1] and said["en"] in notice[2]
