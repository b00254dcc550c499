"""What every kind of map shares: the LSGs and their boundaries, names in each script,
links, notes and provenance, and the skeleton (`MapContext.region_map`) that turns one
kind's regions, legend and table into a `MapSpec`."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from babel.lists import format_list

from build_scripts.derive import Derived
from build_scripts.figures import (
    CHARTS_DIR,
    Figure,
    package_licence,
    provenance,
)
from build_scripts.figures.maps.assemble import Spec, figure_height
from build_scripts.figures.maps.base import scale_and_height
from build_scripts.figures.maps.geometry import GEOJSON, Feature, load_features
from build_scripts.figures.maps.geometry import neighbours as find_neighbours
from build_scripts.figures.maps.geometry import positions as find_positions
from build_scripts.figures.maps.style import WIDTH
from build_scripts.i18n import Language, Translator

# The LSG's code and name columns in every map CSV, as in every chart CSV.
LSG_CODE, LSG_NAME = "lsg_code", "lsg_name"
ATTRIBUTION_PARAMS = {
    "osm": "OpenStreetMap",
    "licence": "ODbL 1.0",
    "gb": "geoBoundaries",
    "gb_site": "geoboundaries.org",
    "author": "Runfola",  # the citation "Runfola et al. 2020", in each language's form
    "year": "2020",
    "dataset": "SRB ADM2, 2017",
}
BOUNDARY_LICENCE = "ODbL-1.0 https://opendatacommons.org/licenses/odbl/1-0/"
Row = dict[str, Any]  # a row of the lsg table, as a dict


@dataclass
class LsgTable:
    """A map's data table: on the page (formatted, in the page's language) and as CSV."""

    columns: list[str]
    rows: list[list[str]]
    csv_header: list[str]
    csv_rows: list[list[object]]


@dataclass
class MapSpec:
    """One map file (SVG and CSV, both in the cache key) and what its Figure shows."""

    stem: str  # file name without extension, e.g. "map-indicator-x--en"
    svg: Spec
    csv_header: list[str]
    csv_rows: list[list[object]]
    fig_id: str
    alt: str
    columns: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)

    @property
    def key_parts(self) -> list:
        return [self.svg, self.csv_header, self.csv_rows]


@dataclass(frozen=True)
class Drawing:
    """What differs between the kinds of map, drawn: the legend (heading and [class,
    label] entries), the CSS of each region class, and each region's (title, class)."""

    heading: str
    legend: list[list[str]]
    classes: list[list[str]]
    regions: dict[str, tuple[str, str]]
    css: str = ""
    markers: bool = False
    on_top: frozenset[str] = frozenset()  # regions drawn last (their outline stays whole)


class MapContext:
    """The LSGs of the data, their boundaries and how each map names and links them."""

    def __init__(self, data: Derived) -> None:
        self.data = data
        self.lsgs: dict[str, Row] = {r["code"]: r for r in data.lsgs.to_dict("records")}
        self.units: dict[str, Row] = dict(data.lsg.to_dict("index"))  # all 162 units
        # A package may carry its own boundaries (synthetic benchmark packages do).
        own = data.base / "boundaries" / GEOJSON.name if data.base else None
        self.geojson = own if own is not None and own.exists() else GEOJSON

    @cached_property
    def features(self) -> list[Feature]:
        """All boundaries. An LSG of the data without one is an error; a boundary without an
        LSG in the data (a small test package) is drawn grey and unlinked."""
        features = load_features(self.geojson)
        codes = [code for code, _ in features]
        if len(set(codes)) != len(codes) or set(self.lsgs) - set(codes):
            missing = sorted(set(self.lsgs) - set(codes))
            raise ValueError(f"{self.geojson}: duplicate codes, or no boundary for LSGs {missing}")
        return features

    @cached_property
    def base_codes(self) -> list[str]:
        return [code for code, _ in self.features]

    @cached_property
    def base_height(self) -> int:
        """Height of the map body, known without rendering (from the extent)."""
        return math.ceil(scale_and_height(self.features)[1])

    @cached_property
    def neighbours(self) -> dict[str, set[str]]:
        return find_neighbours(self.features)

    @cached_property
    def positions(self) -> dict[str, str]:
        return find_positions(self.features)

    @cached_property
    def codes(self) -> list[str]:
        """The LSGs' codes, sorted."""
        return sorted(self.lsgs)

    # -- words --------------------------------------------------------------------------

    def name(self, tr: Translator, code: str) -> str:
        return tr.name(self.units[code])

    def district(self, tr: Translator, row: Row) -> str:
        return tr.name(row, "district_lat", "district_cyr", "district_en")

    def region(self, tr: Translator, row: Row) -> str:
        if tr.lang.cyrillic:
            return row["region_cyr"]
        return row["region_lat"] if tr.lang.serbian else row["region_en"]

    def join(self, tr: Translator, items: list[str]) -> str:
        return format_list(items, locale=tr.lang.babel) if items else ""

    def notes(self, tr: Translator) -> list[str]:
        return [tr.t("map.attribution", **ATTRIBUTION_PARAMS), tr.t("map.kosovo")]

    def region_title(self, tr: Translator, code: str, value: str) -> str:
        return tr.t("map.region", name=self.name(tr, code), value=value)

    def legend(self, tr: Translator, entries: Iterable[tuple[str, str, int]]) -> list[list[str]]:
        """Legend entries [class, "label (count)"] from (class, label, count)."""
        return [
            [cls, tr.t("map.legend.entry", label=label, count=tr.number(count))]
            for cls, label, count in entries
        ]

    def href(self, lang: Language, code: str) -> str:
        return f"../{lang.prefix}lsg/{self.lsgs[code]['slug']}/"

    # -- the skeleton -------------------------------------------------------------------

    def lsg_table(
        self,
        tr: Translator,
        order: list[str],
        columns: list[str],
        csv_header: list[str],
        cells: Callable[[str], list[str]],
        raw: Callable[[str], list[object]],
    ) -> LsgTable:
        """A table of LSGs in `order`: name and district, then `cells(code)` on the page;
        code, name and district, then `raw(code)` in the CSV."""

        def lsg(c: str) -> list[str]:
            return [self.name(tr, c), self.district(tr, self.lsgs[c])]

        return LsgTable(
            columns=[tr.t("field.lsg"), tr.t("field.district"), *columns],
            rows=[[*lsg(c), *cells(c)] for c in order],
            csv_header=[LSG_CODE, LSG_NAME, "district", *csv_header],
            csv_rows=[[c, *lsg(c), *raw(c)] for c in order],
        )

    def svg_spec(
        self,
        tr: Translator,
        *,
        title: str,
        desc: str,
        drawing: Drawing,
        tables: list[str],
        demonstration: bool | None = None,
    ) -> Spec:
        """The SVG spec of one map drawn from `tables` (resources of the package). Regions
        are drawn in code order, those in `drawing.on_top` last."""
        lang = tr.lang
        licence = tr.t(
            "figure.licence.map",
            data=package_licence(self.data.package),
            boundaries=BOUNDARY_LICENCE,
        )
        attribution = tr.t("map.attribution", **ATTRIBUTION_PARAMS)
        about = provenance(
            tr, self.data.package, title, tables, licence, attribution, demonstration
        )
        notes = self.notes(tr) + ([tr.t("map.demo")] if about.demonstration else [])
        return {
            "about": about.as_dict(),
            "lang": lang.code,
            "title": title,
            "desc": f"{desc} {tr.t('map.links')}",
            "heading": drawing.heading,
            "legend": drawing.legend,
            "classes": drawing.classes,
            "css": drawing.css,
            "regions": [
                [code, self.href(lang, code), *drawing.regions[code]]
                for code in sorted(self.codes, key=lambda c: c in drawing.on_top)
            ],
            "unlinked": sorted(set(self.base_codes) - set(drawing.regions)),
            "notes": notes + [about.credit],
            "markers": drawing.markers,
        }

    def region_map(
        self,
        tr: Translator,
        name: str,
        *,
        title: str,
        alt: str,
        drawing: Drawing,
        table: LsgTable,
        tables: list[str],
        demonstration: bool | None = None,
    ) -> MapSpec:
        """One map of every LSG: `name` is its file name without language
        ("map-indicator-x"), `alt` its text alternative, `tables` the resources it shows."""
        svg = self.svg_spec(
            tr, title=title, desc=alt, drawing=drawing, tables=tables, demonstration=demonstration
        )
        return MapSpec(
            stem=f"{name}--{tr.lang.code}",
            svg=svg,
            csv_header=table.csv_header,
            csv_rows=table.csv_rows,
            fig_id=f"fig-{name}",
            alt=alt,
            columns=table.columns,
            rows=table.rows,
            notes=self.notes(tr),
        )

    def figure(self, spec: MapSpec, src_suffix: str = "") -> Figure:
        return Figure(
            id=spec.fig_id,
            src=f"{CHARTS_DIR}/{spec.stem}.svg{src_suffix}",
            title=spec.svg["title"],
            alt=spec.alt,
            columns=spec.columns,
            rows=spec.rows,
            csv=f"{CHARTS_DIR}/{spec.stem}.csv",
            interactive=True,
            width=WIDTH,
            height=figure_height(spec.svg, self.base_height),
            notes=spec.notes,
        )
