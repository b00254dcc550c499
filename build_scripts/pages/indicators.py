"""The indicator pages and their index."""

from __future__ import annotations

from build_scripts.derive import slug
from build_scripts.i18n import Translator
from build_scripts.pages.lookups import Lookups, Pages, Row, records


def _ranking(site: Lookups, tr: Translator, d: Row) -> list[Row]:
    latest = site.data.indicator_latest
    latest = latest[latest["indicator_code"] == d["code"]].sort_values(["rank", "lsg_code"])
    ranking = []
    for r in records(latest):
        lsg = site.lsg_rows[r["lsg_code"]]
        ranking.append(
            {
                "rank": tr.number(r["rank"]),
                "lsg": lsg,
                "district": site.district(tr, lsg),
                "value": site.indicator_value(tr, d, r["value"]),
            }
        )
    return ranking


def indicator_pages(site: Lookups, tr: Translator) -> Pages:
    """A page per indicator, then the index of them all."""
    totals = site.data.totals
    index = []
    for d in site.definitions:
        unit = tr.t("unit." + d["unit"])
        index.append(
            {
                "slug": slug(d["code"]),
                "name": tr.pick(d, "name"),
                "unit": unit,
                "median": site.indicator_value(tr, d, totals.indicator_median.get(d["code"])),
            }
        )
        medians = totals.indicator_year[totals.indicator_year["indicator_code"] == d["code"]]
        history = [
            {"year": int(h["year"]), "median": site.indicator_value(tr, d, h["median"])}
            for h in records(medians)
        ]
        hib = d["higher_is_better"]
        i = {
            "name": tr.pick(d, "name"),
            "definition": tr.pick(d, "definition"),
            "source": tr.pick(d, "source"),
            "unit": unit,
            "direction": tr.t("higher." + ("none" if hib is None else str(bool(hib)).lower())),
        }
        yield (
            f"indicators/{slug(d['code'])}.md",
            "indicator.md.j2",
            {
                "demo": d["code"] in site.demo_indicators,
                "figures": site.charts.for_indicator(tr, d),
                "map": site.maps.indicator(d["code"], tr.lang),
                "i": i,
                "ranking": _ranking(site, tr, d),
                "history": history,
            },
        )
    yield "indicators/index.md", "indicators_index.md.j2", {"indicators": index}
