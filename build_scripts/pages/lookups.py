"""What every page view reads: the derived tables' rows indexed once, the figure sets
that queue each page's charts and maps, and the few lookups the views share."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from build_scripts.derive import Derived, none_if_missing
from build_scripts.figures.charts import ChartSet, split_by
from build_scripts.figures.maps import MapSet
from build_scripts.i18n import Translator
from build_scripts.pages.opendata import OpenData
from build_scripts.translit import fold

Row = dict[str, Any]
# One page to write: its path under the docs tree (as for the default language), its
# template and the template's context.
Page = tuple[str, str, dict[str, Any]]
Pages = Iterator[Page]


def records(frame: pd.DataFrame) -> list[Row]:
    """A frame's rows as dicts, missing values as None."""
    return [
        {str(k): none_if_missing(v) for k, v in row.items()} for row in frame.to_dict("records")
    ]


def by_name(row: Row) -> str:
    return fold(row["name_lat"])


class Lookups:
    """The derived tables indexed for the views, computed once for every language."""

    def __init__(self, data: Derived, out: Path, cache: Path, opendata: OpenData | None = None):
        self.data = data
        self.charts = ChartSet(data, cache)
        self.maps = MapSet(data, out / "charts", cache)
        self.opendata = OpenData(data) if opendata is None else opendata
        self.lsg_rows = {r["code"]: r for r in records(data.lsg)}
        self.types = {r["code"]: r for r in records(data.service_types)}
        self.definitions = records(data.indicator_definitions)
        self.programmes = {r["code"]: r for r in records(data.programmes)}
        # Per-LSG rows, indexed once (a filter over whole tables per LSG page grew with N^2).
        self.services_of: Callable[[str], pd.DataFrame] = split_by(data.services, "lsg_code")
        self.indicators_of: Callable[[str], pd.DataFrame] = split_by(
            data.indicator_latest, "lsg_code"
        )
        self.programme_roles_of: Callable[[str], pd.DataFrame] = split_by(
            data.programme_lsg, "lsg_code"
        )
        self.totals_of: Callable[[str], pd.DataFrame] = split_by(data.totals.lsg_year, "lsg_code")
        reporting = data.reporting
        demo_ids = reporting.demo if reporting is not None else set()
        # service types and indicators with any demonstration row: their pages carry the notice
        self.demo_types = set(
            data.services.loc[data.services["source_id"].isin(demo_ids), "service_type_code"]
        )
        self.demo_indicators = set(
            data.indicators.loc[data.indicators["source_id"].isin(demo_ids), "indicator_code"]
        )
        self.any_demo = bool(reporting and reporting.any_demo())
        # medians and ranks of the latest year mix reported and demonstration values
        self.mixed = bool(reporting and reporting.mixed(data.lsgs["code"], data.latest_year))
        self.children_of: dict[str, list[Row]] = {}
        for row in self.lsg_rows.values():
            if row["parent_code"]:
                self.children_of.setdefault(row["parent_code"], []).append(row)

    def district(self, tr: Translator, row: Row) -> str:
        return tr.name(row, "district_lat", "district_cyr", "district_en")

    def region(self, tr: Translator, row: Row) -> str:
        if tr.lang.cyrillic:
            return str(row["region_cyr"])
        return str(row["region_lat"] if tr.lang.serbian else row["region_en"])

    def lsg_is_demo(self, code: str) -> bool:
        reporting = self.data.reporting
        return reporting is None or reporting.lsg_is_demo(code)

    def last_reported(self, code: str) -> dict[str, object] | None:
        """When the LSG last reported figures and the titles of the sources they came from."""
        found = self.data.reporting.last_reported(code) if self.data.reporting else None
        if found is None:
            return None
        year, ids = found
        titles = [str(self.data.sources.loc[i, "title"]) for i in ids]
        return {"year": year, "sources": "; ".join(titles)}

    def indicator_value(self, tr: Translator, definition: Row, value: object) -> str:
        return tr.value(none_if_missing(value), definition["unit"], definition["decimals"])
