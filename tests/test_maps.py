"""Maps (build_scripts/figures/maps/): links, accessibility, data in the alt text, determinism, cache.

Expected values are computed here from the CSV files with the standard library, not with the
code under test."""

from __future__ import annotations

import csv
import dataclasses
import re
import shutil
import statistics
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from build_scripts import derive
from build_scripts.figures import maps
from build_scripts.i18n import BY_CODE, LANGUAGES
from build_scripts.paths import DATAPACKAGE, DATASETS

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFIX = {"sr-Latn": "", "sr-Cyrl": "sr-Cyrl/", "en": "en/"}  # URL prefix of each language
NAME_COLUMN = {"sr-Latn": "name_lat", "sr-Cyrl": "name_cyr", "en": "name_en"}
ATTRIBUTION_EN = (
    "Municipal boundaries: © OpenStreetMap contributors (ODbL 1.0), via geoBoundaries "
    "(geoboundaries.org, Runfola et al. 2020), SRB ADM2, 2017."
)
CYRILLIC = re.compile("[\u0400-\u04ff]")


def read_csv(name: str) -> list[dict]:
    with open(DATASETS / name, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


LSG = {r["code"]: r for r in read_csv("lsg.csv") if r["kind"] in ("city", "municipality")}


@pytest.fixture(scope="module")
def data():
    return derive.run(DATAPACKAGE)


@pytest.fixture(scope="module")
def built(data, tmp_path_factory):
    root = tmp_path_factory.mktemp("maps")
    mapset = maps.MapSet(data, root / "charts", root / "cache")
    counts = mapset.render()
    return mapset, root, counts


def svg_files(out: Path) -> list[Path]:
    return sorted(out.glob("map-*.svg"))


def language_of(path: Path) -> str:
    return path.stem.rsplit("--", 1)[1]


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def test_every_map_is_written_for_every_language(built, data):
    mapset, root, counts = built
    files = svg_files(root / "charts")
    per_language = len(data.indicator_definitions) + len(data.service_types) + 1
    per_language += len(data.programmes) + 1  # the reporting status map
    assert len(files) == 3 * per_language
    assert sum(f.name.startswith("map-reporting-") for f in files) == 3
    assert {language_of(f) for f in files} == set(PREFIX)
    assert counts == {"rendered": len(files), "cached": 0, "files": 2 * len(files)}
    for path in files:  # a CSV next to every SVG
        assert path.with_suffix(".csv").exists()


def test_every_map_csv_starts_with_the_lsg_code_and_name_as_the_charts_name_them(built):
    _, root, _ = built
    for path in sorted((root / "charts").glob("map-*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        assert rows[0][:2] == ["lsg_code", "lsg_name"], path.name
        assert {row[0] for row in rows[1:]} <= set(LSG), path.name


def test_every_region_links_to_its_page_in_the_same_language(built):
    _, root, _ = built
    for path in svg_files(root / "charts"):
        lang = language_of(path)
        svg = ET.parse(path).getroot()
        links = list(svg.iter(f"{SVG}a"))
        codes = [a.get("id", "").removeprefix("lsg-") for a in links]
        assert sorted(codes) == sorted(LSG), path.name  # all 145 LSGs, each exactly once
        for code, a in zip(codes, links, strict=True):
            assert a.get(f"{XLINK}href") == f"../{PREFIX[lang]}lsg/{LSG[code]['slug']}/"
            assert a.get("target") == "_top"
            title = a.find(f"{SVG}title")
            assert title is not None and title.text, (path.name, code)
            # the accessible name starts with the LSG's name in the language's script
            assert title.text.startswith(LSG[code][NAME_COLUMN[lang]]), (path.name, title.text)
            assert a.find(f"{SVG}path") is not None


def test_root_has_title_and_description_for_screen_readers(built):
    _, root, _ = built
    for path in svg_files(root / "charts"):
        svg = ET.parse(path).getroot()
        first, second = list(svg)[:2]
        assert first.tag == f"{SVG}title" and first.text and first.get("id") == "map-title"
        assert second.tag == f"{SVG}desc" and len(second.text or "") > 40
        assert svg.get("aria-labelledby") == "map-title map-desc"
        assert svg.get(XML_LANG) == language_of(path)
        assert svg.get("role") is None  # it holds links: not a single image


def test_text_is_real_text_and_cyrillic_stays_cyrillic(built):
    _, root, _ = built
    for path in svg_files(root / "charts"):
        content = path.read_text(encoding="utf-8")
        svg = ET.fromstring(content)
        lines = texts(svg)
        assert lines and all(line.strip() for line in lines)
        assert "<use" not in content and "DejaVuSans" not in content  # no glyph outlines
        # one <metadata> (licences, source, version; tested in test_standalone_downloads),
        # no date: a re-render is byte-identical
        assert content.count("<metadata") == 1 and "Date" not in content
        cyrillic = any(CYRILLIC.search(line) for line in lines)
        assert cyrillic == (language_of(path) == "sr-Cyrl"), path.name
    ada = ET.parse(root / "charts" / "map-lsg--sr-Cyrl.svg").getroot()
    assert ada.find(f".//{SVG}a[@id='lsg-80012']/{SVG}title").text == "Ада"


def test_attribution_and_kosovo_note(built, data):
    mapset, root, _ = built
    for path in svg_files(root / "charts"):
        footer = " ".join(texts(ET.parse(path).getroot()))
        assert "OpenStreetMap" in footer and "ODbL 1.0" in footer, path.name
        assert "geoBoundaries" in footer
        assert "Kosov" in footer or "Косов" in footer
        if language_of(path) == "en":
            assert ATTRIBUTION_EN in footer
    figure = mapset.indicator("social_protection_budget_share", BY_CODE["en"])
    assert figure.notes[0] == ATTRIBUTION_EN
    assert "Kosovo and Metohija" in figure.notes[1] and "1999" in figure.notes[1]
    assert figure.interactive


def test_figures_point_at_their_files_and_tables(built, data):
    mapset, root, _ = built
    for lang in LANGUAGES:
        figures = [
            mapset.indicator(data.indicator_definitions["code"].iloc[0], lang),
            mapset.service("home_help", lang),
            mapset.programme("swiss-social-protection-34", lang),
            mapset.locator("80012", lang),
        ]
        for figure in figures:
            svg = root / figure.src.split("#")[0]
            assert figure.src.startswith("charts/map-") and svg.exists()
            assert figure.src.split("#")[0].endswith(f"--{lang.code}.svg")
            assert (root / figure.csv).exists()
            assert figure.interactive and figure.alt and figure.title
            assert figure.rows and all(len(r) == len(figure.columns) for r in figure.rows)
            root_svg = ET.parse(svg).getroot()
            assert int(root_svg.get("height")) == figure.height
            assert int(root_svg.get("width")) == figure.width
    assert mapset.locator("80012", BY_CODE["en"]).src == "charts/map-lsg--en.svg#lsg-80012"
    # a Belgrade city municipality shows Belgrade
    assert mapset.locator("70092", BY_CODE["en"]).src.endswith("#lsg-79014")


def test_indicator_alt_text_and_table_come_from_the_data(built):
    mapset, root, _ = built
    code = "social_protection_budget_share"
    latest = max(int(r["year"]) for r in read_csv("indicators.csv"))
    values = {
        r["lsg_code"]: float(r["value"])
        for r in read_csv("indicators.csv")
        if r["indicator_code"] == code and int(r["year"]) == latest and r["value"]
    }
    highest = max(values, key=values.get)
    lowest = min(values, key=values.get)
    median = statistics.median(values.values())
    for lang in LANGUAGES:
        figure = mapset.indicator(code, lang)
        name = NAME_COLUMN[lang.code]
        assert LSG[highest][name] in figure.alt and LSG[lowest][name] in figure.alt
        assert figure.alt.index(LSG[highest][name]) < figure.alt.index(LSG[lowest][name])
        assert figure.rows[0][0] == LSG[highest][name]  # the table is sorted by value
        assert len(figure.rows) == len(LSG)
    en = mapset.indicator(code, BY_CODE["en"])
    assert f"Median: {median:.1f}\u00a0%" in en.alt
    assert f"Highest: {LSG[highest]['name_en']} ({values[highest]:.1f}\u00a0%)" in en.alt
    sr = mapset.indicator(code, BY_CODE["sr-Latn"])
    assert f"Medijana: {median:.1f}\u00a0%".replace(".", ",") in sr.alt
    with open(root / en.csv, encoding="utf-8-sig", newline="") as handle:  # BOM: for Excel
        rows = list(csv.DictReader(handle))
    assert {r["lsg_code"] for r in rows} == set(LSG)
    assert {r["lsg_code"]: float(r["value"]) for r in rows} == values  # unformatted numbers


def test_service_alt_text_counts_the_lsgs(built):
    mapset, root, _ = built
    services = read_csv("services.csv")
    latest = max(int(r["year"]) for r in services)
    have = {
        r["lsg_code"]
        for r in services
        if r["service_type_code"] == "day_care" and int(r["year"]) == latest
    }
    figure = mapset.service("day_care", BY_CODE["en"])
    assert f"Available in {len(have)} of {len(LSG)} municipalities and cities" in figure.alt
    assert "districts" in figure.alt
    yes = [r for r in figure.rows if r[2] == "yes"]
    assert len(yes) == len(have)
    svg = (root / figure.src).read_text(encoding="utf-8")
    assert svg.count('class="yes"') == len(have)  # regions only (the swatch is "s yes")
    assert f"available ({len(have)})" in svg


def test_programme_alt_text_names_roles_and_members(built):
    mapset, _, _ = built
    members = [
        r for r in read_csv("programme_lsg.csv") if r["programme_code"] == "duga-imc-activation"
    ]
    figure = mapset.programme("duga-imc-activation", BY_CODE["sr-Cyrl"])
    assert f": {len({r['lsg_code'] for r in members})}." in figure.alt
    for r in members:
        assert LSG[r["lsg_code"]]["name_cyr"] in figure.alt
    swiss = [
        r
        for r in read_csv("programme_lsg.csv")
        if r["programme_code"] == "swiss-social-protection-34"
    ]
    leads = sum(1 for r in swiss if r["role"] == "imc_lead")
    figure = mapset.programme("swiss-social-protection-34", BY_CODE["en"])
    assert f"lead of inter-municipal cooperation: {leads}" in figure.alt
    assert len(figure.rows) == len({r["lsg_code"] for r in swiss})
    empty = mapset.programme("eu-ipa-2020-sctm", BY_CODE["en"])
    assert "do not name" in empty.alt and empty.rows == []


def test_locator_alt_text(built):
    mapset, root, _ = built
    ada = mapset.locator("80012", BY_CODE["sr-Latn"])
    assert ada.alt.startswith("Ada je opština na severu Srbije (Severnobanatski upravni okrug).")
    assert "Senta" in ada.alt and "Bečej" in ada.alt  # real neighbours
    assert ada.rows == [["Ada", "Severnobanatski upravni okrug", "Region Vojvodine"]]
    zemun = next(r for r in read_csv("lsg.csv") if r["name_lat"] == "Zemun")
    en = mapset.locator(zemun["code"], BY_CODE["en"])
    assert en.alt.startswith(
        "Zemun is a city municipality of Belgrade; the map highlights Belgrade"
    )
    # one base map per language; the fragment selects the region, a :target rule colours it
    svg = (root / "charts" / "map-lsg--en.svg").read_text(encoding="utf-8")
    assert "a:target path{" in svg


def test_same_data_gives_byte_identical_files(built, data, tmp_path):
    _, root, _ = built
    again = maps.MapSet(data, tmp_path / "charts", tmp_path / "cache")
    assert again.render()["cached"] == 0  # rendered from scratch, matplotlib included
    first = sorted(p.name for p in (root / "charts").iterdir())
    assert first == sorted(p.name for p in (tmp_path / "charts").iterdir())
    for name in first:
        assert (root / "charts" / name).read_bytes() == (tmp_path / "charts" / name).read_bytes()


def test_second_render_uses_the_cache_only(built, data, tmp_path, monkeypatch):
    _, root, _ = built
    cache = tmp_path / "cache"
    shutil.copytree(root / "cache", cache)
    out = tmp_path / "charts"
    out.mkdir()
    (out / "map-indicator-gone--en.svg").write_text("stale")
    (out / "lsg-80012-users--en.svg").write_text("someone else's chart")

    def fail(*_args, **_kwargs):
        raise AssertionError("rendered although cached")

    monkeypatch.setattr(maps.mapset, "render_base", fail)
    monkeypatch.setattr(maps.mapset, "assemble", fail)
    counts = maps.MapSet(data, out, cache).render()
    assert counts["rendered"] == 0 and counts["cached"] == counts["files"] // 2
    assert not (out / "map-indicator-gone--en.svg").exists()  # stale map removed
    assert (out / "lsg-80012-users--en.svg").exists()  # other files left alone
    assert sorted(p.name for p in out.glob("map-*")) == sorted(
        p.name for p in (root / "charts").glob("map-*")
    )


def test_render_forgets_unused_cache_entries_but_keeps_the_base(built, data, tmp_path):
    _, root, _ = built
    cache = tmp_path / "cache"
    shutil.copytree(root / "cache", cache)
    (cache / "maps" / "0123-stale.svg").write_text("a map no build makes any more")
    base = sorted(p.name for p in (cache / "maps").glob("*.json"))
    assert len(base) == 1
    counts = maps.MapSet(data, tmp_path / "charts", cache).render()
    assert counts["rendered"] == 0  # every map from the cache: the base was not read
    assert not (cache / "maps" / "0123-stale.svg").exists()
    assert sorted(p.name for p in (cache / "maps").glob("*.json")) == base
    assert len(list((cache / "maps").iterdir())) == counts["files"] + 1


def test_changed_data_reassembles_only_that_map_without_matplotlib(
    built, data, tmp_path, monkeypatch
):
    _, root, _ = built
    cache = tmp_path / "cache"
    shutil.copytree(root / "cache", cache)
    latest = data.indicator_latest.copy()
    code = "licensed_services_share"
    rows = latest.index[latest["indicator_code"] == code][:3]
    latest.loc[rows, "value"] = None  # three LSGs without data
    changed = dataclasses.replace(data, indicator_latest=latest)

    def fail(*_args, **_kwargs):
        raise AssertionError("matplotlib render although the base is cached")

    monkeypatch.setattr(maps.mapset, "render_base", fail)
    mapset = maps.MapSet(changed, tmp_path / "charts", cache)
    counts = mapset.render()
    assert counts["rendered"] == 3  # this indicator, in three languages
    figure = mapset.indicator(code, BY_CODE["en"])
    assert "Without data: 3." in figure.alt
    svg = (tmp_path / figure.src).read_text(encoding="utf-8")
    assert svg.count('<path class="nd"') == 3 and 'id="nd"' in svg  # hatched "no data"
    assert "no data (3)" in svg


def test_data_text_is_escaped(data, built, tmp_path):
    _, root, _ = built
    lsgs, lsg = data.lsgs.copy(), data.lsg.copy()
    for frame in (lsgs, lsg):
        frame.loc[frame["code"] == "80012", "name_en"] = "<script>&Ada"
    changed = dataclasses.replace(data, lsgs=lsgs, lsg=lsg)
    mapset = maps.MapSet(changed, tmp_path / "charts", root / "cache")
    spec = mapset.spec("locator", "", BY_CODE["en"])
    svg = maps.assemble(spec.svg, mapset.base()).decode("utf-8")
    assert "&lt;script&gt;&amp;Ada" in svg and "<script>" not in svg
    ET.fromstring(svg)


def test_quantile_classes_keep_ties_together():
    values = {str(i): v for i, v in enumerate([0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9])}
    classes, bounds = maps.quantile_classes(values)
    assert len({classes[str(i)] for i in range(6)}) == 1  # the six zeros share a class
    assert len(bounds) <= 5 and bounds[0] == (0, 0)
    assert all(high < low for (_, high), (low, _) in zip(bounds, bounds[1:], strict=False))
    assert sorted(set(classes.values())) == list(range(len(bounds)))
    assert maps.quantile_classes({}) == ({}, [])


def test_compact_path_round_trips_on_the_grid():
    rings = maps.parse_path(
        "M 10 20 L 10.04 20 L 13.25 20 L 13.25 17.5 L 10 20 z M 1 1 L 2 1 L 2 2 z"
    )
    assert rings == [
        [(100, 200), (133, 200), (133, 175), (100, 200)],
        [(10, 10), (20, 10), (20, 20)],
    ]
    assert maps.compact_path(rings) == "M10 20h3.3v-2.5zm-9-19h1v1z"


def test_small_package_links_only_its_lsgs(tiny_package, tmp_path):
    small = derive.run(tiny_package())
    mapset = maps.MapSet(small, tmp_path / "charts", tmp_path / "cache")
    assert mapset.render()["rendered"] > 0
    svg = ET.parse(tmp_path / "charts" / "map-lsg--en.svg").getroot()
    linked = {a.get("id") for a in svg.iter(f"{SVG}a")}
    assert linked == {f"lsg-{code}" for code in small.lsgs["code"]}
    regions = svg.find(f".//{SVG}g[@id='regions']")
    assert len(regions.findall(f"{SVG}path")) == len(LSG) - len(linked)  # drawn, unlinked
    assert "Ćuprija" in mapset.locator("70491", BY_CODE["en"]).alt  # neighbour in the data


def test_simplified_borders_stay_shared():
    """Every vertex kept by the simplification is kept by every region it bounds."""
    features = maps.load_features()
    owners: dict[tuple, set[str]] = {}
    for code, polygons in features:
        for ring in (ring for polygon in polygons for ring in polygon):
            for point in ring:
                owners.setdefault(tuple(point), set()).add(code)
    kept: dict[tuple, set[str]] = {}
    simplified = maps.simplify(features, maps.SIMPLIFY_PX / 126)
    for code, polygons in simplified:
        for ring in (ring for polygon in polygons for ring in polygon):
            assert len(ring) >= 4 and ring[0] == ring[-1]
            for point in ring:
                kept.setdefault(tuple(point), set()).add(code)
    assert len(kept) < len(owners) / 2
    assert all(kept[point] == owners[point] for point in kept)


def test_many_role_combinations_still_fit_the_legend(data, built, tmp_path):
    _, root, _ = built
    roles = ["imc_lead", "imc_partner", "grant_partner", "technical_assistance"]
    combos = [(a,) for a in roles] + [(a, b) for a in roles for b in roles if a < b]
    rows = [
        {"programme_code": "swiss-social-protection-34", "lsg_code": code, "role": role}
        for code, combo in zip(sorted(LSG), combos, strict=False)
        for role in combo
    ]
    changed = dataclasses.replace(data, programme_lsg=pd.DataFrame(rows))
    mapset = maps.MapSet(changed, tmp_path, root / "cache")
    spec = mapset.spec("programme", "swiss-social-protection-34", BY_CODE["en"])
    assert len(spec.svg["legend"]) == len(roles) + 1  # coloured by first role, plus "not"
    ET.fromstring(maps.assemble(spec.svg, mapset.base()))
    assert len(spec.rows) == len(combos)
