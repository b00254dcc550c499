"""Where an LSG lies in Serbia: one map per language with every LSG, the one a page
shows picked by the URL fragment (`#lsg-<code>`, a `:target` rule colours it)."""

from __future__ import annotations

from build_scripts.figures import Figure
from build_scripts.figures.maps.context import (
    LSG_CODE,
    LSG_NAME,
    Drawing,
    LsgTable,
    MapContext,
    MapSpec,
)
from build_scripts.figures.maps.style import BASE, HIGHLIGHT
from build_scripts.i18n import Translator
from build_scripts.translit import fold

BELGRADE = "79014"  # a Belgrade city municipality is shown as Belgrade


def _table(ctx: MapContext, tr: Translator) -> LsgTable:
    """The CSV lists every LSG with where it lies and its neighbours; the page's table
    (filled in by `figure`) shows the one LSG."""
    order = sorted(ctx.codes, key=lambda c: fold(ctx.lsgs[c]["name_lat"]))
    return LsgTable(
        columns=[tr.t("field.lsg"), tr.t("field.district"), tr.t("field.region")],
        rows=[],
        csv_header=[LSG_CODE, LSG_NAME, "kind", "district", "region", "position", "neighbours"],
        csv_rows=[
            [
                c,
                ctx.name(tr, c),
                ctx.lsgs[c]["kind"],
                ctx.district(tr, ctx.lsgs[c]),
                ctx.region(tr, ctx.lsgs[c]),
                ctx.positions[c],
                ";".join(sorted(ctx.neighbours[c])),
            ]
            for c in order
        ],
    )


def spec(ctx: MapContext, _code: str, tr: Translator) -> MapSpec:
    desc = tr.tn("map.locator.desc", len(ctx.codes), total=tr.number(len(ctx.codes)))
    drawing = Drawing(
        heading="",
        legend=[["t", tr.t("map.locator.selected")]],
        classes=[["b", f"fill:{BASE}"], ["t", f"fill:{HIGHLIGHT}"]],
        regions={c: (ctx.name(tr, c), "b") for c in ctx.codes},
        css=f"a:target path{{fill:{HIGHLIGHT};stroke:#000;stroke-width:1}}"
        f".m{{display:none;fill:none;stroke:{HIGHLIGHT};stroke-width:2;pointer-events:none}}",
        markers=True,
    )
    return ctx.region_map(
        tr,
        "map-lsg",
        title=tr.t("map.locator.title"),
        alt=desc,
        drawing=drawing,
        table=_table(ctx, tr),
        tables=["lsg"],
    )


def _alt(ctx: MapContext, tr: Translator, code: str, shown: str) -> str:
    row = ctx.units[code]
    position = tr.t("map.position." + ctx.positions[shown])
    if shown != code:
        return tr.t(
            "map.locator.alt.part",
            name=tr.name(row),
            kind=tr.t("kind." + row["kind"]),
            city=ctx.name(tr, shown),
            position=position,
        )
    alt = tr.t(
        "map.locator.alt",
        name=tr.name(row),
        kind=tr.t("kind." + row["kind"]),
        position=position,
        district=ctx.district(tr, row),
    )
    around = sorted((ctx.name(tr, c) for c in ctx.neighbours[shown] if c in ctx.lsgs), key=fold)
    if around:
        alt += " " + tr.t("map.locator.alt.neighbours", names=ctx.join(tr, around))
    return alt


def figure(ctx: MapContext, spec: MapSpec, code: str, tr: Translator) -> Figure:
    """The locator of one LSG (or of a Belgrade city municipality: then Belgrade)."""
    row = ctx.units[code]
    shown = code if code in ctx.lsgs else (row.get("parent_code") or BELGRADE)
    shown_row = ctx.lsgs[shown]
    result = ctx.figure(spec, src_suffix=f"#lsg-{shown}")
    result.title = tr.t("map.locator.figure", name=tr.name(row))
    result.alt = _alt(ctx, tr, code, shown)
    result.rows = [[ctx.name(tr, shown), ctx.district(tr, shown_row), ctx.region(tr, shown_row)]]
    return result
