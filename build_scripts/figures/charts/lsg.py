"""The four charts of an LSG page: services by group, beneficiaries over the years, spending
per resident, and where it ranks on each indicator. Each compares the LSG with the median
LSG of its district and of Serbia; every figure comes from `derive`, computed once for all
LSGs (per-LSG filters and medians over whole tables made the pages stage quadratic)."""

from __future__ import annotations

from functools import cached_property
from typing import Any

import pandas as pd

from build_scripts.derive import Derived, none_if_missing
from build_scripts.derive.indicator_series import indicator_rows, quarter, yearly_quartiles
from build_scripts.derive.lsg_services import (
    beneficiaries_by_year,
    service_groups,
    services_by_group,
    totals_by_lsg_year,
)
from build_scripts.derive.peer_medians import peer_medians
from build_scripts.derive.split import split_by
from build_scripts.figures.charts.chart import Chart
from build_scripts.i18n import Translator

SPENDING = "social_protection_spending_per_capita"


def _number(tr: Translator, value: float) -> str:
    """A median: one decimal only when it is not whole."""
    return tr.number(value, 1 if value % 1 else 0)


class LsgCharts:
    """The charts of every LSG page, from figures derived once for all LSGs."""

    def __init__(self, data: Derived):
        self.data = data
        self.years = list(range(data.first_year, data.latest_year + 1))
        self.district_of = data.lsgs.set_index("code")["district_code"]
        codes = list(data.lsgs["code"])
        self.groups = service_groups(data.service_types)
        self.group_counts = services_by_group(
            data.services, data.service_types, codes, data.latest_year
        )
        with_total = self.group_counts.assign(total=self.group_counts.sum(axis=1))
        self.group_medians = peer_medians(with_total, self.district_of)
        totals = totals_by_lsg_year(data.services)
        self.totals_by_lsg = split_by(totals, "lsg_code")
        beneficiaries = beneficiaries_by_year(totals, codes, self.years)
        self.beneficiary_medians = peer_medians(beneficiaries, self.district_of)
        self.latest_by_lsg = split_by(data.indicator_latest, "lsg_code")

    def charts(self, tr: Translator, lsg: dict[str, Any]) -> list[Chart | None]:
        code = lsg["code"]
        name = tr.name(lsg)
        district = tr.name(lsg, "district_lat", "district_cyr", "district_en")
        return [
            self.groups_chart(tr, code, name, district),
            self.beneficiaries_chart(tr, code, name, district),
            self.spending_chart(tr, code, name),
            self.ranks_chart(tr, code, name),
        ]

    def groups_chart(self, tr: Translator, code: str, name: str, district: str) -> Chart:
        year = self.data.latest_year
        mine = [int(self.group_counts.loc[code, g]) for g in self.groups]
        *district_median, district_total = self.group_medians.of_district(self.district_of[code])
        *national, national_total = self.group_medians.of_serbia()
        labels = [tr.t("group." + g) for g in self.groups]
        alt = tr.t(
            "chart.lsg_groups.alt",
            name=name,
            year=year,
            total=tr.number(sum(mine)),
            district=district,
            district_total=_number(tr, district_total),
            national_total=_number(tr, national_total),
        )
        compared = [
            name,
            tr.t("chart.series.district_median"),
            tr.t("chart.series.national_median"),
        ]
        table = (
            [tr.t("chart.col.group"), *compared],
            [
                [labels[i], tr.number(mine[i]), tr.number(district_median[i], 1)]
                + [tr.number(national[i], 1)]
                for i in range(len(labels))
            ],
        )
        data = (
            ["lsg_code", "lsg_name", "district", "year", "group_code", "group_name", "services"]
            + ["district_median", "national_median"],
            [
                [code, name, district, year, g, labels[i], mine[i], district_median[i], national[i]]
                for i, g in enumerate(self.groups)
            ],
        )
        spec = {
            "kind": "bars_compare",
            "categories": [tr.t("chart.group_short." + g) for g in self.groups],
            "series": [
                {"label": label, "values": values}
                for label, values in zip(compared, [mine, district_median, national], strict=True)
            ],
            "xlabel": tr.t("chart.axis.services"),
        }
        title = tr.t("chart.lsg_groups.title", year=year)
        tables = ["services", "service_types", "lsg"]
        return Chart(f"lsg-{code}-groups", spec, title, alt, table, data, tables, lsg=code)

    def beneficiaries_chart(self, tr: Translator, code: str, name: str, district: str) -> Chart:
        years = self.years
        mine = self.totals_by_lsg(code).set_index("year")["beneficiaries"]
        values = [int(mine.get(y, 0)) for y in years]
        district_median = self.beneficiary_medians.of_district(self.district_of[code])
        national = self.beneficiary_medians.of_serbia()
        alt = tr.t(
            "chart.lsg_users.alt",
            name=name,
            first_year=years[0],
            last_year=years[-1],
            first=tr.number(values[0]),
            last=tr.number(values[-1]),
            district=_number(tr, district_median[-1]),
            national=_number(tr, national[-1]),
        )
        compared = [
            name,
            tr.t("chart.series.district_median"),
            tr.t("chart.series.national_median"),
        ]
        table = (
            [tr.t("field.year"), *compared],
            [
                [str(y), tr.number(values[i]), tr.number(district_median[i], 1)]
                + [tr.number(national[i], 1)]
                for i, y in enumerate(years)
            ],
        )
        data = (
            ["lsg_code", "lsg_name", "district", "year", "beneficiaries", "district_median"]
            + ["national_median"],
            [
                [code, name, district, y, values[i], district_median[i], national[i]]
                for i, y in enumerate(years)
            ],
        )
        spec = {
            "kind": "lines",
            "x": years,
            "series": [
                {"label": label, "values": series}
                for label, series in zip(compared, [values, district_median, national], strict=True)
            ],
            "ylabel": tr.t("chart.axis.users"),
            "counts": True,
        }
        title = tr.t("chart.lsg_users.title")
        tables = ["services", "lsg"]
        return Chart(f"lsg-{code}-users", spec, title, alt, table, data, tables, lsg=code)

    @cached_property
    def _spending(self) -> tuple[pd.Series, Any, list[float | None]] | None:
        """(definition, rows by LSG, Serbia median per year) of spending per resident."""
        definitions = self.data.indicator_definitions.set_index("code")
        if SPENDING not in definitions.index:
            return None
        rows = indicator_rows(self.data.indicators, SPENDING)
        medians = yearly_quartiles(rows, self.years)["median"]
        return definitions.loc[SPENDING], split_by(rows, "lsg_code"), _optional(medians)

    def spending_chart(self, tr: Translator, code: str, name: str) -> Chart | None:
        if self._spending is None:
            return None
        definition, by_lsg, national = self._spending
        years = self.years
        mine = by_lsg(code).set_index("year")["value"]
        values = [none_if_missing(mine.get(y)) for y in years]
        unit_code, decimals = definition["unit"], int(definition["decimals"])

        def fmt(value: float | None) -> str:
            return tr.value(value, unit_code, decimals)

        known = [(y, v) for y, v in zip(years, values, strict=True) if v is not None]
        if known:
            alt = tr.t(
                "chart.lsg_spending.alt",
                name=name,
                first_year=known[0][0],
                last_year=known[-1][0],
                first=fmt(known[0][1]),
                last=fmt(known[-1][1]),
                national=fmt(national[years.index(known[-1][0])]),
            )
        else:
            alt = tr.t("chart.no_data", name=name)
        table = (
            [tr.t("field.year"), name, tr.t("chart.series.national_median")],
            [[str(y), fmt(values[i]), fmt(national[i])] for i, y in enumerate(years)],
        )
        unit = tr.t("unit." + unit_code)
        indicator_name = tr.pick(definition, "name")
        data = (
            ["lsg_code", "lsg_name", "indicator_code", "indicator_name", "year", "value"]
            + ["national_median", "unit"],
            [
                [code, name, SPENDING, indicator_name, y, values[i], national[i], unit]
                for i, y in enumerate(years)
            ],
        )
        spec = {
            "kind": "lines",
            "x": years,
            "series": [
                {"label": name, "values": values},
                {"label": tr.t("chart.series.national_median"), "values": national},
            ],
            "ylabel": tr.t("chart.axis.rsd_per_resident"),
        }
        title = tr.t("chart.lsg_spending.title")
        tables = ["indicators", "indicator_definitions", "lsg"]
        return Chart(f"lsg-{code}-spending", spec, title, alt, table, data, tables, lsg=code)

    @cached_property
    def _definitions(self) -> list[dict[str, Any]]:
        ordered = self.data.indicator_definitions.sort_values("sort_order")
        return list(ordered.to_dict("records"))

    def ranks_chart(self, tr: Translator, code: str, name: str) -> Chart:
        mine = self.latest_by_lsg(code).set_index("indicator_code")
        definitions = [
            d
            for d in self._definitions
            if d["code"] in mine.index and none_if_missing(mine.loc[d["code"], "rank"]) is not None
        ]
        n = len(self.data.lsgs)
        labels = [tr.pick(d, "name") for d in definitions]
        ranks = [int(mine.loc[d["code"], "rank"]) for d in definitions]
        counts = [int(mine.loc[d["code"], "count"]) for d in definitions]
        quarters = [quarter(r, c) for r, c in zip(ranks, counts, strict=True)]
        alt = tr.t(
            "chart.lsg_ranks.alt",
            name=name,
            count=tr.number(len(ranks)),
            top=", ".join(x for x, q in zip(labels, quarters, strict=True) if q == "top")
            or tr.t("chart.none"),
            bottom=", ".join(x for x, q in zip(labels, quarters, strict=True) if q == "bottom")
            or tr.t("chart.none"),
        )
        table = (
            [tr.t("field.indicator"), tr.t("field.rank")],
            [
                [labels[i], f"{tr.number(ranks[i])}/{tr.number(counts[i])}"]
                for i in range(len(labels))
            ],
        )
        year = self.data.latest_year
        data = (
            ["lsg_code", "lsg_name", "year", "indicator_code", "indicator_name", "rank"]
            + ["ranked_lsgs"],
            [
                [code, name, year, d["code"], labels[i], ranks[i], counts[i]]
                for i, d in enumerate(definitions)
            ],
        )
        spec = {
            "kind": "ranks",
            "labels": labels,
            "ranks": ranks,
            "n": n,
            "first": tr.t("chart.rank.first"),
            "middle": tr.t("chart.rank.middle"),
            "last": tr.t("chart.rank.last", n=n),
        }
        title = tr.t("chart.lsg_ranks.title", year=year)
        tables = ["indicators", "indicator_definitions", "lsg"]
        return Chart(f"lsg-{code}-ranks", spec, title, alt, table, data, tables, lsg=code)


def _optional(values: pd.Series) -> list[float | None]:
    """A series as a list, None where a value is missing."""
    return [none_if_missing(v) for v in values]
