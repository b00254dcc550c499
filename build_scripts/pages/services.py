"""The service-type pages and their index."""

from __future__ import annotations

import re
from typing import Any

from build_scripts.derive import slug
from build_scripts.i18n import Translator
from build_scripts.pages.lookups import Lookups, Pages, Row, records
from build_scripts.pages.markup import serbian_name

LAW_ARTICLE = re.compile(r"ZSZ čl\. (\d+)")
LOCAL_MEASURE = "Lokalna mera"


def legal_basis(tr: Translator, service_type: Row) -> str:
    """`legal_basis` of service_types.csv ("ZSZ čl. 40", "Lokalna mera") spelled out in
    the page's language: "Zakon o socijalnoj zaštiti, član 40", "Law on Social Protection,
    art. 40"."""
    value = service_type["legal_basis"]
    article = LAW_ARTICLE.fullmatch(value)
    if article:
        return tr.t("legal.law_article", article=article.group(1))
    if value == LOCAL_MEASURE:
        return tr.t("legal.local_measure")
    raise ValueError(
        f"datasets/service_types.csv, row {service_type['code']!r}, column legal_basis: "
        f"{value!r}; expected 'ZSZ čl. <article>' or '{LOCAL_MEASURE}'"
    )


def _history(site: Lookups, code: str) -> list[dict[str, int]]:
    totals = site.data.totals.service_year
    return [
        {
            "year": int(h["year"]),
            "n_lsg": int(h["lsgs"]),
            "users": int(h["beneficiaries"]),
            "funding": int(h["funding"]),
        }
        for h in records(totals[totals["service_type_code"] == code])
    ]


def _latest(site: Lookups, tr: Translator, rows_here: Any) -> list[Row]:
    rows = []
    for r in records(rows_here.sort_values("beneficiaries", ascending=False)):
        lsg = site.lsg_rows[r["lsg_code"]]
        r.update(
            lsg=lsg,
            district=site.district(tr, lsg),
            provider_name=serbian_name(tr, r["provider_name"]),
        )
        rows.append(r)
    return rows


def service_pages(site: Lookups, tr: Translator) -> Pages:
    """A page per service type, then the index of them all by group."""
    data = site.data
    latest = data.services[data.services["year"] == data.latest_year]
    this_year = data.totals.service_year
    this_year = this_year[this_year["year"] == data.latest_year].set_index("service_type_code")
    groups: dict[str, list[Row]] = {}
    for st in site.types.values():
        known = st["code"] in this_year.index
        groups.setdefault(st["group_code"], []).append(
            {
                "slug": slug(st["code"]),
                "name": tr.pick(st, "name"),
                "lsg_funded": st["lsg_funded"],
                "n_lsg": int(this_year.loc[st["code"], "lsgs"]) if known else 0,
                "users": int(this_year.loc[st["code"], "beneficiaries"]) if known else 0,
            }
        )
        s = {
            "name": tr.pick(st, "name"),
            "definition": tr.pick(st, "definition"),
            "group": tr.t("group." + st["group_code"]),
            "lsg_funded": st["lsg_funded"],
            "targets": ", ".join(tr.t("target." + x) for x in st["target_groups"].split(";")),
            "legal_basis": legal_basis(tr, st),
        }
        yield (
            f"services/{slug(st['code'])}.md",
            "service.md.j2",
            {
                "demo": st["code"] in site.demo_types,
                "figures": site.charts.for_service(tr, st),
                "map": site.maps.service(st["code"], tr.lang),
                "s": s,
                "rows": _latest(site, tr, latest[latest["service_type_code"] == st["code"]]),
                "history": _history(site, st["code"]),
            },
        )
    yield (
        "services/index.md",
        "services_index.md.j2",
        {"groups": [{"name": tr.t("group." + g), "rows": rows} for g, rows in groups.items()]},
    )
