"""Where a service type is offered in the latest year, and in which districts most and
least often."""

from __future__ import annotations

from build_scripts.derive import slug
from build_scripts.derive.regional import DistrictShare, district_shares, offering
from build_scripts.figures.maps.context import Drawing, MapContext, MapSpec
from build_scripts.figures.maps.style import AVAILABLE, UNAVAILABLE
from build_scripts.i18n import Translator
from build_scripts.translit import fold


def _districts(ctx: MapContext, tr: Translator, offered: set[str]) -> str:
    """The three districts where the most LSGs offer it (by share), and the three where
    the fewest do."""
    shares = district_shares(ctx.data.lsgs, offered)

    def name(share: DistrictShare) -> str:
        return fold(ctx.lsgs[share.first_lsg]["district_lat"])

    def item(share: DistrictShare) -> str:
        return tr.t(
            "map.share",
            district=ctx.district(tr, ctx.lsgs[share.first_lsg]),
            count=tr.number(share.have),
            total=tr.number(share.size),
        )

    most = sorted(shares, key=lambda s: (-s.share, -s.have, name(s)))[:3]
    least = [s for s in sorted(shares, key=lambda s: (s.share, s.have, name(s))) if s not in most]
    return tr.t(
        "map.service.alt.districts",
        most=ctx.join(tr, [item(s) for s in most]),
        least=ctx.join(tr, [item(s) for s in least[:3]]),
    )


def _alt(ctx: MapContext, tr: Translator, offered: set[str], name: str) -> str:
    n, total = len(offered), len(ctx.codes)
    alt = tr.tn(
        "map.service.alt",
        total,
        name=name,
        year=ctx.data.latest_year,
        n=tr.number(n),
        total=tr.number(total),
    )
    if n == 0:
        return alt + " " + tr.t("map.service.alt.none")
    if n == total:
        return alt + " " + tr.t("map.service.alt.all")
    return alt + " " + _districts(ctx, tr, offered)


def spec(ctx: MapContext, code: str, tr: Translator) -> MapSpec:
    types = ctx.data.service_types.set_index("code", drop=False)
    if code not in types.index:
        raise KeyError(f"unknown service type {code!r}")
    name = tr.pick(types.loc[code], "name")
    year = ctx.data.latest_year
    offered = offering(ctx.data.services, ctx.lsgs, code, year)
    n, total = len(offered), len(ctx.codes)
    drawing = Drawing(
        heading=tr.t("map.service.heading", year=year),
        legend=[
            ["yes", tr.t("map.service.yes", count=tr.number(n))],
            ["no", tr.t("map.service.no", count=tr.number(total - n))],
        ],
        classes=[["yes", f"fill:{AVAILABLE}"], ["no", f"fill:{UNAVAILABLE}"]],
        regions={
            c: (
                tr.t(
                    "map.service.region." + ("yes" if c in offered else "no"),
                    name=ctx.name(tr, c),
                ),
                "yes" if c in offered else "no",
            )
            for c in ctx.codes
        },
    )
    order = sorted(
        ctx.codes,
        key=lambda c: (
            c not in offered,
            int(ctx.lsgs[c]["district_code"]),
            fold(ctx.lsgs[c]["name_lat"]),
        ),
    )
    table = ctx.lsg_table(
        tr,
        order,
        columns=[tr.t("map.column.available", year=year)],
        csv_header=["available"],
        cells=lambda c: [tr.t("yes") if c in offered else tr.t("no")],
        raw=lambda c: [str(c in offered).lower()],
    )
    return ctx.region_map(
        tr,
        f"map-service-{slug(code)}",
        title=tr.t("map.service.title", name=name, year=year),
        alt=_alt(ctx, tr, offered, name),
        drawing=drawing,
        table=table,
        tables=["services", "service_types", "lsg"],
    )
