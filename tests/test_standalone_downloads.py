"""Chart and map downloads stand on their own (decision 0012): every chart and map CSV and
SVG carries its licence(s); every CSV row names its place in the page's language beside the
code; demonstration values are flagged, and their SVG shows the notice, exactly when the
data they come from is demonstration data.

Expectations come from datapackage.json, lsg.csv and the message catalogs, read here; the
checks run over the built site and over the tiny package, rendered with and without the
demonstration flags."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from build_scripts import datapackage, derive, pages
from build_scripts.figures import Provenance, charts
from build_scripts.i18n import catalog

SVG = "{http://www.w3.org/2000/svg}"
DC = "{http://purl.org/dc/elements/1.1/}"
NAME_COLUMN = {"sr-Latn": "name_lat", "sr-Cyrl": "name_cyr", "en": "name_en"}
SERBIA = {"sr-Latn": "Srbija", "sr-Cyrl": "Србија", "en": "Serbia"}
ODBL = "ODbL-1.0 https://opendatacommons.org/licenses/odbl/1-0/"
# Which tables the values of each kind of file come from (by file name).
TABLES = [
    (re.compile(r"^lsg-\d+-(groups|users)--"), ["services"]),
    (re.compile(r"^lsg-\d+-(spending|ranks)--"), ["indicators"]),
    (re.compile(r"^indicator-"), ["indicators"]),
    (re.compile(r"^service-"), ["services"]),
    (re.compile(r"^programme-"), ["programmes", "programme_lsg"]),
    (re.compile(r"^map-indicator-"), ["indicators"]),
    (re.compile(r"^map-service-"), ["services"]),
    (re.compile(r"^map-programme-"), ["programmes", "programme_lsg"]),
    (re.compile(r"^map-lsg--"), ["lsg"]),
    # who reported, from the sources the rows name: a fact, not a demonstration value
    (re.compile(r"^map-reporting--"), ["lsg", "sources"]),
]


def language(path: Path) -> str:
    return path.stem.rsplit("--", 1)[1]


def tables_of(path: Path) -> list[str]:
    found = [tables for pattern, tables in TABLES if pattern.search(path.name)]
    assert len(found) == 1, f"{path.name}: no rule says which tables it shows"
    return found[0]


def licences(package_file: Path) -> list[str]:
    descriptor = json.loads(package_file.read_text(encoding="utf-8"))
    return [f"{x['name']} {x['path']}" for x in descriptor["licenses"]]


def demonstration(package_file: Path) -> set[str]:
    """The tables holding demonstration values, as the package says once loaded (the flag
    is derived from each row's source, never stored in datapackage.json)."""
    _, descriptor, _ = datapackage.load(package_file)
    return {r["name"] for r in descriptor["resources"] if r.get("demonstration")}


def visible_text(svg: ET.Element) -> str:
    return " ".join("".join(t.itertext()) for t in svg.iter(f"{SVG}text"))


def read(path: Path) -> pd.DataFrame:
    """As a journalist's pandas reads it: no arguments beyond the file."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


# -- the checks (each returns the problems it finds) ----------------------------------------


def licence_problems(charts_dir: Path, package_file: Path) -> list[str]:
    problems = []
    wanted = licences(package_file)
    for path in sorted(charts_dir.glob("*.csv")):
        frame = read(path)
        need = wanted + ([ODBL] if path.name.startswith("map-") else [])
        for i, value in enumerate(frame.get("licence", pd.Series(["no licence column"]))):
            missing = [x for x in need if x not in value]
            if missing:
                problems.append(f"{path.name} row {i + 2} licence: no {missing}")
                break
        if path.name.startswith("map-"):
            attribution = frame.get("attribution", pd.Series([""]))
            if not all("OpenStreetMap" in v and "geoBoundaries" in v for v in attribution):
                problems.append(f"{path.name}: the boundaries' ODbL attribution is missing")
    for path in sorted(charts_dir.glob("*.svg")):
        svg = ET.parse(path).getroot()
        need = wanted + ([ODBL] if path.name.startswith("map-") else [])
        rights = svg.find(f"{SVG}metadata//{DC}rights")
        if rights is None or any(x not in (rights.text or "") for x in need):
            problems.append(f"{path.name}: <metadata> has no dc:rights with {need}")
        shown = visible_text(svg)
        if any(x.split()[0] not in shown for x in need):
            problems.append(f"{path.name}: the licence is not drawn in the image")
    return problems


def place_problems(charts_dir: Path, lsg_file: Path) -> list[str]:
    """Every code column has its name in the file's language right after it, LSG names as
    in lsg.csv; a file without LSG codes says which area (Serbia) or programme it covers."""
    lsg = pd.read_csv(lsg_file, dtype=str, keep_default_na=False).set_index("code")
    problems = []
    for path in sorted(charts_dir.glob("*.csv")):
        frame, lang = read(path), language(path)
        columns = list(frame.columns)
        codes = [c for c in columns if c.endswith("_code") or c == "code"]
        for code_column in codes:
            name_column = code_column.removesuffix("code") + "name"
            at = columns.index(code_column) + 1
            if at == len(columns) or columns[at] != name_column:
                problems.append(f"{path.name}: no {name_column} beside {code_column}")
        places = [c for c in ("lsg_code", "code") if c in columns]
        if not places:
            national = "area" in columns and set(frame["area"]) == {SERBIA[lang]}
            if not national and "programme_code" not in columns:
                problems.append(f"{path.name}: no LSG, area or programme")
        for code_column in places:
            name_column = code_column.removesuffix("code") + "name"
            if name_column not in columns:
                continue
            for i, (code, name) in enumerate(
                zip(frame[code_column], frame[name_column], strict=True)
            ):
                if name != lsg.loc[code, NAME_COLUMN[lang]]:
                    problems.append(f"{path.name} row {i + 2}: {code} named {name!r}")
                    break
    return problems


def demonstration_problems(charts_dir: Path, package_file: Path) -> list[str]:
    """Flag, notice and (in the SVG) the visible notice exactly when a table the file shows
    holds demonstration values."""
    demo = demonstration(package_file)
    problems = []
    for path in sorted(charts_dir.glob("*.csv")):
        expected = bool(set(tables_of(path)) & demo)
        frame, lang = read(path), language(path)
        notice = catalog(lang)["data.demo.metadata"]
        if not {"demonstration", "notice"} <= set(frame.columns):
            problems.append(f"{path.name}: no demonstration or notice column")
        elif len(frame):  # a table without rows (a programme without LSGs) flags nothing
            flags = set(frame["demonstration"])
            if flags != {str(expected).lower()}:
                problems.append(f"{path.name}: demonstration {sorted(flags)}, expected {expected}")
            if set(frame["notice"]) != {notice if expected else ""}:
                problems.append(f"{path.name}: notice column wrong (expected {expected})")
        svg = ET.parse(path.with_suffix(".svg")).getroot()
        shown = visible_text(svg)
        drawn = catalog(lang)["map.demo" if path.name.startswith("map-") else "data.demo.metadata"]
        if (drawn in shown) != expected:
            problems.append(f"{path.name[:-4]}.svg: notice drawn: {not expected}")
        description = svg.find(f"{SVG}metadata//{DC}description")
        if description is None or (notice in (description.text or "")) != expected:
            problems.append(f"{path.name[:-4]}.svg: <metadata> notice wrong ({expected})")
    return problems


def encoding_problems(charts_dir: Path) -> list[str]:
    """UTF-8 with a byte order mark (Excel reads UTF-8 only with it), which pandas skips."""
    problems = []
    for path in sorted(charts_dir.glob("*.csv")):
        if not path.read_bytes().startswith("\ufeff".encode()):
            problems.append(f"{path.name}: no byte order mark")
        elif read(path).columns[0].startswith("\ufeff"):
            problems.append(f"{path.name}: pandas reads the byte order mark into the header")
    return problems


# -- the built site ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_charts(built_site):
    from build_scripts.paths import DATAPACKAGE

    files = list((built_site / "charts").glob("*.csv"))
    assert len(files) > 145 * 4 * 3  # four charts per LSG page in three languages, and more
    return built_site / "charts", DATAPACKAGE


def test_every_chart_and_map_file_of_the_site_carries_its_licences(site_charts):
    assert licence_problems(*site_charts) == []


def test_every_site_csv_row_names_its_place_in_the_page_language(site_charts):
    charts_dir, package = site_charts
    assert place_problems(charts_dir, package.parent / "lsg.csv") == []


def test_site_demonstration_flags_exactly_the_demonstration_values(site_charts):
    _, package = site_charts
    assert demonstration(package) == {"services", "indicators"}
    assert demonstration_problems(*site_charts) == []


def test_site_csvs_open_in_pandas_and_excel(site_charts):
    assert encoding_problems(site_charts[0]) == []


# -- the tiny package, with and without demonstration flags ------------------------------


def render(package_file: Path, out: Path) -> Path:
    writer = pages.PageWriter(derive.run(package_file), out, out / "cache")
    writer.run()
    writer.render_figures()  # charts and maps
    return out / "charts"


@pytest.fixture(scope="module", params=["as shipped", "no demonstration flags"])
def tiny_charts(request, tmp_path_factory):
    from fixtures_package import make_package

    tmp = tmp_path_factory.mktemp("tiny")
    package = make_package(tmp)
    if request.param == "no demonstration flags":
        descriptor = json.loads(package.read_text(encoding="utf-8"))
        for resource in descriptor["resources"]:
            resource.pop("demonstration", None)
        package.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    return render(package, tmp / "out"), package


def test_tiny_files_carry_their_licences(tiny_charts):
    assert licence_problems(*tiny_charts) == []


def test_tiny_csv_rows_name_their_places(tiny_charts):
    charts_dir, package = tiny_charts
    assert place_problems(charts_dir, package.parent / "lsg.csv") == []


def test_tiny_demonstration_flags_follow_the_package(tiny_charts):
    assert demonstration_problems(*tiny_charts) == []


def test_tiny_csvs_open_in_pandas_and_excel(tiny_charts):
    assert encoding_problems(tiny_charts[0]) == []


# -- escaping and the cache -------------------------------------------------------------


def test_data_text_in_chart_metadata_and_footer_is_escaped():
    hostile = "<script>&Ada"
    about = Provenance(
        lang="en",
        title=hostile,
        source=hostile,
        version="1.0.0",
        licence="CC-BY-4.0 https://creativecommons.org/licenses/by/4.0/",
        notice="DEMONSTRATION",
        credit=f"Source: {hostile}",
        attribution=hostile,
    )
    spec = {
        "kind": "histogram",
        "values": [1.0, 2.0, 3.0],
        "bins": 2,
        "median": 2.0,
        "median_label": "median",
        "xlabel": "x",
        "ylabel": "y",
        "title": hostile,
        "locale": "en",
        "about": about.as_dict(),
    }
    svg = charts.render(spec).decode("utf-8")
    assert "<script>" not in svg and "&lt;script&gt;&amp;Ada" in svg
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}metadata//{DC}source").text == hostile
    assert f"Source: {hostile}" in visible_text(root)


def test_a_new_data_version_renders_every_chart_again(tiny_package, tmp_path):
    package = tiny_package()
    first = pages.PageWriter(derive.run(package), tmp_path / "a", tmp_path / "cache")
    first.run()
    first.charts.render(tmp_path / "a" / "charts", workers=1)
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    descriptor["version"] = "9.9.9"
    package.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    second = pages.PageWriter(derive.run(package), tmp_path / "b", tmp_path / "cache")
    second.run()
    counts = second.charts.render(tmp_path / "b" / "charts", workers=1)
    assert counts["rendered"] == counts["charts"] > 0
    for svg in (tmp_path / "b" / "charts").glob("*.svg"):
        assert "9.9.9" in visible_text(ET.parse(svg).getroot()), svg.name
