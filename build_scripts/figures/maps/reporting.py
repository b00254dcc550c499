"""Per LSG: whether its figures for the latest year are reported, demonstration values or
missing. The map shows statuses, not figures: no demonstration notice."""

from __future__ import annotations

from build_scripts.datapackage.rowsource import STATUSES
from build_scripts.derive.regional import reporting_status, status_counts
from build_scripts.figures.maps.context import Drawing, MapContext, MapSpec
from build_scripts.figures.maps.style import OKABE_ITO, OUTSIDE, outlined
from build_scripts.i18n import Translator
from build_scripts.translit import fold

COLOURS = {"reported": OKABE_ITO[2], "demonstration": OKABE_ITO[1], "missing": OUTSIDE}


def spec(ctx: MapContext, _code: str, tr: Translator) -> MapSpec:
    year = ctx.data.latest_year
    status = reporting_status(ctx.data.reporting, ctx.codes, year)
    counts = status_counts(status)
    present = [s for s in STATUSES if counts[s]]

    def label(s: str) -> str:
        return tr.t("reporting.status." + s)

    drawing = Drawing(
        heading=tr.t("map.reporting.heading"),
        legend=ctx.legend(tr, [(s, label(s), counts[s]) for s in present]),
        classes=[[s, outlined(COLOURS[s])] for s in present],
        regions={c: (ctx.region_title(tr, c, label(v)), v) for c, v in status.items()},
    )
    order = sorted(
        ctx.codes, key=lambda c: (STATUSES.index(status[c]), fold(ctx.lsgs[c]["name_lat"]))
    )
    table = ctx.lsg_table(
        tr,
        order,
        columns=[tr.t("reporting.col.status")],
        csv_header=["status"],
        cells=lambda c: [label(status[c])],
        raw=lambda c: [status[c]],
    )
    return ctx.region_map(
        tr,
        "map-reporting",
        title=tr.t("map.reporting.title", year=year),
        alt=tr.t("map.reporting.alt", year=year, **{s: tr.number(k) for s, k in counts.items()}),
        drawing=drawing,
        table=table,
        tables=["services", "indicators", "sources", "lsg"],
        demonstration=False,
    )
