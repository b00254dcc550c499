"""The programme pages, their index and the inter-municipal cooperation page."""

from __future__ import annotations

from typing import Any

from build_scripts.i18n import Translator
from build_scripts.pages.lookups import Lookups, Page, Pages, Row, records
from build_scripts.translit import fold


def programme_view(site: Lookups, tr: Translator, p: Row) -> dict[str, Any]:
    def money(v: float | None) -> str | None:
        return f"{tr.number(v, 2 if v % 1 else 0)}\u00a0{p['currency']}" if v is not None else None

    start, end = p["start_year"], p["end_year"]
    period = f"{start or '…'}–{end or '…'}" if (start or end) else tr.t("not_given")
    source = site.data.sources.loc[p["source_id"]]
    source_lang = source["language"]
    serbian_source = source_lang.startswith("sr")
    return {
        "code": p["code"],
        "name": tr.pick(p, "name"),
        "description": tr.pick(p, "description"),
        "funder": tr.pick(p, "funder"),
        "implementer": tr.pick(p, "implementer"),
        "budget": money(p["budget"]),
        "contribution": money(p["funder_contribution"]),
        "period": period,
        # A document's title is its own: in the page's script when Serbian, else kept
        # as it is, marked with its language and said to be in that language.
        "source": tr.sr(source["title"]) if serbian_source else source["title"],
        "source_lang": None
        if serbian_source == tr.lang.serbian
        else ("sr-Latn" if serbian_source else source_lang),
        "duration": f"{p['duration_months']} {tr.t('unit.months')}"
        if p["duration_months"]
        else None,
        "lsg_count_reported": tr.number(p["lsg_count_reported"])
        if p["lsg_count_reported"] is not None
        else None,
        "n_lsg": site.data.totals.programme_lsgs[p["code"]],
        "parent": None,
    }


def _members(site: Lookups, tr: Translator, code: str) -> list[Row]:
    members: dict[str, list[str]] = {}
    programme_lsg = site.data.programme_lsg
    for r in records(programme_lsg[programme_lsg["programme_code"] == code]):
        members.setdefault(r["lsg_code"], []).append(tr.t("role." + r["role"]))
    return sorted(
        (
            {
                "lsg": site.lsg_rows[c],
                "district": site.district(tr, site.lsg_rows[c]),
                "roles": ", ".join(rs),
            }
            for c, rs in members.items()
        ),
        key=lambda r: fold(r["lsg"]["name_lat"]),
    )


def programme_pages(site: Lookups, tr: Translator) -> Pages:
    """A page per programme, the index of them, then the cooperation agreements."""
    views = []
    for p in site.programmes.values():
        view = programme_view(site, tr, p)
        if p["parent_code"]:
            view["parent"] = programme_view(site, tr, site.programmes[p["parent_code"]])
        projects = [
            programme_view(site, tr, c)
            for c in site.programmes.values()
            if c["parent_code"] == p["code"]
        ]
        yield (
            f"programmes/{p['code']}.md",
            "programme.md.j2",
            {
                "figures": site.charts.for_programme(tr, p),
                "map": site.maps.programme(p["code"], tr.lang),
                "p": view,
                "projects": projects,
                "members": _members(site, tr, p["code"]),
            },
        )
        views.append(view)
    yield "programmes/index.md", "programmes_index.md.j2", {"programmes": views}
    yield imc_page(site, tr)


def imc_page(site: Lookups, tr: Translator) -> Page:
    agreements = []
    for _agreement_id, g in site.data.imc.groupby("agreement_id", sort=True):
        first = records(g)[0]
        service = first["service_type_code"]
        agreements.append(
            {
                "lead": site.lsg_rows[first["lead_lsg_code"]],
                "partners": [site.lsg_rows[c] for c in g["partner_lsg_code"]],
                "service": tr.pick(site.types[service], "name")
                if service
                else tr.t("imc.service_unknown"),
                "programme": programme_view(site, tr, site.programmes[first["programme_code"]]),
                "stage": first["stage"],
            }
        )
    return "programmes/imc.md", "imc.md.j2", {"agreements": agreements}
