"""The three charts of an indicator page: the LSGs ranked in the latest year, how their
values spread (a histogram) and how the spread moved over the years (quartiles)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from build_scripts.derive import Derived, none_if_missing
from build_scripts.derive.indicator_series import (
    histogram,
    indicator_rows,
    ranking,
    yearly_quartiles,
)
from build_scripts.figures.charts.chart import Chart
from build_scripts.i18n import Translator

BINS = 12  # ranges of the histogram

Format = Callable[[Any], str]


class IndicatorCharts:
    def __init__(self, data: Derived):
        self.data = data
        self.years = list(range(data.first_year, data.latest_year + 1))

    def charts(self, tr: Translator, definition: dict[str, Any]) -> list[Chart]:
        unit, decimals = definition["unit"], int(definition["decimals"])

        def fmt(value: Any) -> str:
            return tr.value(none_if_missing(value), unit, decimals)

        rows = ranking(self.data.indicator_latest, definition["code"])
        lsg = self.data.lsg
        names = [tr.name(lsg.loc[c].to_dict() | {"code": c}) for c in rows["lsg_code"]]
        values = [float(v) for v in rows["value"]]
        median = float(rows["value"].median()) if len(rows) else 0.0
        return [
            self.ranking_chart(tr, definition, fmt, rows, names, values, median),
            self.distribution_chart(tr, definition, fmt, values, median),
            self.trend_chart(tr, definition, fmt),
        ]

    def ranking_chart(
        self,
        tr: Translator,
        definition: dict[str, Any],
        fmt: Format,
        rows: Any,
        names: list[str],
        values: list[float],
        median: float,
    ) -> Chart:
        code, name, year = definition["code"], tr.pick(definition, "name"), self.data.latest_year
        if values:
            alt = tr.t(
                "chart.indicator_ranking.alt",
                indicator=name,
                year=year,
                count=tr.number(len(values)),
                top=names[0],
                top_value=fmt(values[0]),
                bottom=names[-1],
                bottom_value=fmt(values[-1]),
                median=fmt(median),
            )
        else:
            alt = tr.t("chart.no_data", name=name)
        ranks = [int(r) for r in rows["rank"]]
        table = (
            [tr.t("field.rank"), tr.t("field.lsg"), tr.t("field.value")],
            [[tr.number(r), names[i], fmt(values[i])] for i, r in enumerate(ranks)],
        )
        unit = tr.t("unit." + definition["unit"])
        data = (
            ["indicator_code", "indicator_name", "year", "rank", "lsg_code", "lsg_name", "value"]
            + ["unit"],
            [
                [code, name, year, r, c, names[i], v, unit]
                for i, (r, c, v) in enumerate(zip(ranks, rows["lsg_code"], values, strict=True))
            ],
        )
        spec = {
            "kind": "ranking",
            "names": names,
            "values": values,
            "median": median,
            "median_label": tr.t("chart.series.national_median") + ": " + fmt(median),
            "xlabel": tr.t("chart.axis.value", unit=unit),
        }
        title = tr.t("chart.indicator_ranking.title", year=year)
        tables = ["indicators", "indicator_definitions", "lsg"]
        return Chart(f"indicator-{code}-ranking", spec, title, alt, table, data, tables)

    def distribution_chart(
        self,
        tr: Translator,
        definition: dict[str, Any],
        fmt: Format,
        values: list[float],
        median: float,
    ) -> Chart:
        code, name, year = definition["code"], tr.pick(definition, "name"), self.data.latest_year
        unit = tr.t("unit." + definition["unit"])
        serbia = tr.t("data.metadata.serbia")
        table_rows: list[list[str]] = []
        data_rows: list[list[Any]] = []
        if values:
            bins = histogram(values, BINS)
            modal = bins.iloc[int(bins["lsgs"].to_numpy().argmax())]
            alt = tr.tn(
                "chart.indicator_distribution.alt",
                len(values),
                indicator=name,
                low=fmt(modal["from"]),
                high=fmt(modal["to"]),
                count=tr.number(int(modal["lsgs"])),
                total=tr.number(len(values)),
                median=fmt(median),
            )
            for low, high, count in bins.itertuples(index=False):
                table_rows.append([f"{fmt(low)} – {fmt(high)}", tr.number(count)])
                data_rows.append([code, name, serbia, year, low, high, count, unit])
        else:
            alt = tr.t("chart.no_data", name=name)
        table = ([tr.t("chart.col.range"), tr.t("chart.col.lsg_count")], table_rows)
        data = (
            ["indicator_code", "indicator_name", "area", "year", "from", "to", "lsgs", "unit"],
            data_rows,
        )
        spec = {
            "kind": "histogram",
            "values": values,
            "bins": BINS,
            "median": median,
            "median_label": tr.t("chart.series.national_median"),
            "xlabel": tr.t("chart.axis.value", unit=unit),
            "ylabel": tr.t("chart.col.lsg_count"),
        }
        title = tr.t("chart.indicator_distribution.title", year=year)
        tables = ["indicators", "indicator_definitions"]
        return Chart(f"indicator-{code}-distribution", spec, title, alt, table, data, tables)

    def trend_chart(self, tr: Translator, definition: dict[str, Any], fmt: Format) -> Chart:
        code, name, years = definition["code"], tr.pick(definition, "name"), self.years
        quartiles = yearly_quartiles(indicator_rows(self.data.indicators, code), years)
        q1, medians, q3 = (
            [none_if_missing(v) for v in quartiles[column]]
            for column in ("quartile_1", "median", "quartile_3")
        )
        alt = tr.t(
            "chart.indicator_trend.alt",
            indicator=name,
            first_year=years[0],
            last_year=years[-1],
            first=fmt(medians[0]),
            last=fmt(medians[-1]),
        )
        labels = [
            tr.t("chart.series.quartile1"),
            tr.t("chart.series.national_median"),
            tr.t("chart.series.quartile3"),
        ]
        table = (
            [tr.t("field.year"), *labels],
            [[str(y), fmt(q1[i]), fmt(medians[i]), fmt(q3[i])] for i, y in enumerate(years)],
        )
        unit = tr.t("unit." + definition["unit"])
        serbia = tr.t("data.metadata.serbia")
        data = (
            ["indicator_code", "indicator_name", "area", "year", "quartile_1", "median"]
            + ["quartile_3", "unit"],
            [[code, name, serbia, y, q1[i], medians[i], q3[i], unit] for i, y in enumerate(years)],
        )
        spec = {
            "kind": "lines",
            "x": years,
            "series": [
                {"label": labels[2], "values": q3},
                {"label": labels[1], "values": medians},
                {"label": labels[0], "values": q1},
            ],
            "ylabel": tr.t("chart.axis.value", unit=unit),
        }
        title = tr.t("chart.indicator_trend.title")
        tables = ["indicators", "indicator_definitions"]
        return Chart(f"indicator-{code}-trend", spec, title, alt, table, data, tables)
