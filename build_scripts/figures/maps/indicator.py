"""The choropleth of one indicator in the latest year: quantile classes, "no data" hatched."""

from __future__ import annotations

from build_scripts.derive import slug
from build_scripts.derive.regional import IndicatorValues, indicator_values
from build_scripts.figures.maps.classes import class_name, quantile_classes
from build_scripts.figures.maps.context import Drawing, LsgTable, MapContext, MapSpec
from build_scripts.figures.maps.style import CLASS_SUBSETS, YLGNBU
from build_scripts.i18n import Translator
from build_scripts.translit import fold


class _Words:
    """How one indicator's values read in one language."""

    def __init__(self, tr: Translator, unit: str, decimals: int) -> None:
        self.tr, self.unit, self.decimals = tr, unit, decimals

    def value(self, value: float) -> str:
        return self.tr.value(value, self.unit, self.decimals)

    def raw(self, value: float) -> float | int:
        """An unformatted number for the CSV: 2130, not 2130.0."""
        return int(value) if self.decimals == 0 and value == int(value) else value

    def range(self, low: float, high: float) -> str:
        if low == high:
            return self.value(low)
        tr = self.tr
        text = tr.t(
            "map.range", low=tr.number(low, self.decimals), high=tr.number(high, self.decimals)
        )
        return text if self.unit == "count" else f"{text}\u00a0{tr.t('unit.' + self.unit)}"


def _alt(ctx: MapContext, tr: Translator, words: _Words, found: IndicatorValues, name: str) -> str:
    """The highest and lowest values (or the value many LSGs share), the median, how many
    LSGs have no value."""
    year, values = ctx.data.latest_year, found.values
    if not values or found.median is None:
        return tr.t("map.indicator.alt.empty", name=name, year=year)
    ranked = sorted(values, key=lambda c: (-values[c], fold(ctx.lsgs[c]["name_lat"])))
    low_first = sorted(values, key=lambda c: (values[c], fold(ctx.lsgs[c]["name_lat"])))

    def extreme(order: list[str]) -> str:
        """The three highest (lowest) values, or the value many LSGs share."""
        tied = [c for c in order if values[c] == values[order[0]]]
        if len(tied) > 3:
            return tr.tn(
                "map.indicator.alt.tied",
                len(tied),
                value=words.value(values[order[0]]),
                count=tr.number(len(tied)),
            )
        named = [f"{ctx.name(tr, c)} ({words.value(values[c])})" for c in order[:3]]
        return ctx.join(tr, named)

    alt = tr.tn(
        "map.indicator.alt",
        len(ctx.lsgs),
        name=name,
        year=year,
        top=extreme(ranked),
        bottom=extreme(low_first),
        median=words.value(found.median),
        n=tr.number(len(values)),
        total=tr.number(len(ctx.lsgs)),
    )
    missing = len(ctx.codes) - len(values)
    if missing:
        alt += " " + tr.t("map.indicator.alt.missing", count=tr.number(missing))
    return alt + " " + tr.t("map.indicator.alt.classes")


Classed = tuple[dict[str, int], list[tuple[float, float]]]  # as quantile_classes returns


def _drawing(
    ctx: MapContext, tr: Translator, words: _Words, values: dict[str, float], classed: Classed
) -> Drawing:
    """Legend, region classes and regions."""
    classes_of, bounds = classed
    palette = [YLGNBU[i] for i in CLASS_SUBSETS[len(bounds)]] if bounds else []
    counts = [sum(1 for c in classes_of.values() if c == i) for i in range(len(bounds))]
    labels = [words.range(low, high) for low, high in bounds]
    entries = [(f"k{i}", labels[i], counts[i]) for i in range(len(bounds))]
    missing = [c for c in ctx.codes if c not in values]
    if missing:
        entries.append(("nd", tr.t("map.no_data"), len(missing)))
    regions = {}
    for c in ctx.codes:
        text = words.value(values[c]) if c in values else tr.t("map.no_data")
        regions[c] = (ctx.region_title(tr, c, text), class_name(classes_of, c))
    return Drawing(
        heading=tr.t("map.indicator.heading", year=ctx.data.latest_year),
        legend=ctx.legend(tr, entries),
        classes=[[f"k{i}", f"fill:{colour}"] for i, colour in enumerate(palette)]
        + ([["nd", "fill:url(#nd)"]] if missing else []),
        regions=regions,
    )


def _table(
    ctx: MapContext, tr: Translator, words: _Words, values: dict[str, float], classed: Classed
) -> LsgTable:
    """Highest value first, then the LSGs without one; each value's class and its range."""
    classes_of, bounds = classed
    labels = [words.range(low, high) for low, high in bounds]
    ranked = sorted(values, key=lambda c: (-values[c], fold(ctx.lsgs[c]["name_lat"])))
    order = ranked + [c for c in ctx.codes if c not in values]
    no_data = tr.t("map.no_data")

    def cells(c: str) -> list[str]:
        cls = classes_of.get(c)
        return [
            words.value(values[c]) if c in values else no_data,
            labels[cls] if cls is not None else no_data,
        ]

    def raw(c: str) -> list[object]:
        cls = classes_of.get(c)
        if cls is None:
            return [words.raw(values[c]) if c in values else "", "", "", ""]
        low, high = bounds[cls]
        return [words.raw(values[c]), cls + 1, words.raw(low), words.raw(high)]

    return ctx.lsg_table(
        tr,
        order,
        columns=[tr.t("field.value"), tr.t("map.column.class")],
        csv_header=["value", "class", "class_min", "class_max"],
        cells=cells,
        raw=raw,
    )


def spec(ctx: MapContext, code: str, tr: Translator) -> MapSpec:
    definitions = ctx.data.indicator_definitions.set_index("code", drop=False)
    if code not in definitions.index:
        raise KeyError(f"unknown indicator {code!r}")
    d = definitions.loc[code]
    words = _Words(tr, d["unit"], int(d["decimals"]))
    name = tr.pick(d, "name")
    found = indicator_values(ctx.data.indicator_latest, ctx.lsgs, code)
    classed = quantile_classes(found.values)
    return ctx.region_map(
        tr,
        f"map-indicator-{slug(code)}",
        title=tr.t("map.indicator.title", name=name, year=ctx.data.latest_year),
        alt=_alt(ctx, tr, words, found, name),
        drawing=_drawing(ctx, tr, words, found.values, classed),
        table=_table(ctx, tr, words, found.values, classed),
        tables=["indicators", "indicator_definitions", "lsg"],
    )
