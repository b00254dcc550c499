"""The LSG pages and their index: every view formats what `derive` computed (the key facts
and their comparisons, the totals per year, the funding shares, the indicator ranks)."""

from __future__ import annotations

from typing import Any

from build_scripts.derive import slug
from build_scripts.i18n import Translator
from build_scripts.pages.lookups import Lookups, Page, Pages, Row, by_name, records
from build_scripts.pages.markup import serbian_name
from build_scripts.translit import fold


def filter_text(row: Row, *others: Row) -> str:
    """What the LSG list's filter matches a row by (docs/assets/filter.js folds it as it
    folds the query): the names in Latin, Cyrillic and English, without diacritics too,
    the district, and the names of `others` (a city's municipalities). dict.fromkeys:
    without repeats, in a fixed order (a set's order changes from run to run)."""
    words = [row["district_lat"]]
    for named in (row, *others):
        words += [named["name_lat"], named["name_cyr"], named["name_en"]]
    return " ".join(dict.fromkeys(form for w in words for form in (w.lower(), fold(w))))


def lsg_index(site: Lookups, tr: Translator) -> Page:
    counts = site.data.lsg_facts["services"]
    districts = []
    lsgs = site.data.lsgs.sort_values(["district_code", "name_lat"])
    for code, group in lsgs.groupby("district_code", sort=True):
        rows = []
        for row in records(group):
            row["n_services"] = int(counts.get(row["code"], 0))
            children = sorted(site.children_of.get(row["code"], []), key=by_name)
            # a city municipality's name also finds its city
            row["search"] = filter_text(row, *children)
            row["child"] = False
            rows.append(row)
            for child in children:  # Belgrade's city municipalities, under Belgrade
                rows.append({**child, "child": True, "search": filter_text(child)})
        districts.append({"code": int(str(code)), "name": site.district(tr, rows[0]), "rows": rows})
    context = {"lsgs": lsgs, "districts": districts, "cyrillic": tr.lang.cyrillic}
    return "lsg/index.md", "lsg_index.md.j2", context


def _typical(tr: Translator, value: float) -> str:
    """A median as the key facts state it: with one decimal only when it has one."""
    return tr.number(value, 1 if value % 1 else 0)


def key_facts(site: Lookups, tr: Translator, lsg: Row, missing_names: list[str]) -> list[str]:
    """The sentences an LSG page opens with, from `Derived.lsg_facts`: its services,
    compared with its district and with comparable LSGs, what most of those have and
    it lacks, its users' trend."""
    facts = site.data.lsg_facts
    if lsg["code"] not in facts.index:
        return []  # Belgrade's city municipalities: data are kept for Belgrade
    f = facts.loc[lsg["code"]]
    year, first_year = site.data.latest_year, site.data.first_year
    services = int(f["services"])

    if services:
        sentences = [tr.tn("lsg.facts.services", services, count=tr.number(services), year=year)]
    else:
        sentences = [tr.t("lsg.facts.services.none", year=year)]
    if int(f["district_count"]) > 1:
        sentences.append(
            tr.t(
                f"lsg.facts.district.{f['vs_district']}",
                district=site.district(tr, lsg),
                median=_typical(tr, float(f["district_median"])),
            )
        )
    else:  # a district of one (Belgrade): compared with Serbia instead
        sentences.append(
            tr.t(
                f"lsg.facts.national.{f['vs_national']}",
                median=_typical(tr, float(f["national_median"])),
            )
        )
    if int(f["comparable_count"]):
        sentences.append(
            tr.t(
                f"lsg.facts.comparable.{f['vs_comparable']}",
                median=_typical(tr, float(f["comparable_median"])),
                low=tr.number(int(f["comparable_low"])),
                high=tr.number(int(f["comparable_high"])),
            )
        )
        if missing_names:
            count = len(missing_names)
            sentences.append(
                tr.tn(
                    "lsg.facts.missing", count, count=tr.number(count), names=tr.join(missing_names)
                )
            )
        else:
            sentences.append(tr.t("lsg.facts.missing.none"))
    sentences.append(
        tr.t(
            f"lsg.facts.users.{f['users_trend']}",
            first=tr.number(int(f["first_users"])),
            last=tr.number(int(f["users"])),
            first_year=first_year,
            year=year,
        )
    )
    return sentences


def _services(site: Lookups, tr: Translator, code: str) -> list[Row]:
    """The LSG's services in the latest year, with their funding shares."""
    data = site.data
    mine = site.services_of(code)
    mine = mine[mine["year"] == data.latest_year]
    shares = records(data.funding_shares.loc[mine.index])
    latest = []
    for s, share in zip(records(mine), shares, strict=True):
        st = site.types[s["service_type_code"]]
        s.update(
            slug=slug(st["code"]),
            type_name=tr.pick(st, "name"),
            provider_name=serbian_name(tr, s["provider_name"]),
            sort=st["sort_order"],
            **share,
        )
        latest.append(s)
    return latest


def _service_groups(site: Lookups, tr: Translator, latest: list[Row]) -> list[dict[str, Any]]:
    groups: dict[str, list[Row]] = {}
    for s in latest:
        groups.setdefault(site.types[s["service_type_code"]]["group_code"], []).append(s)
    return [
        {"name": tr.t("group." + g), "rows": sorted(rows, key=lambda r: r["sort"])}
        for g, rows in sorted(groups.items(), key=lambda kv: min(r["sort"] for r in kv[1]))
    ]


def _indicators(site: Lookups, tr: Translator, code: str) -> list[Row]:
    indicators = []
    mine = site.indicators_of(code).set_index("indicator_code")
    for d in site.definitions:
        if d["code"] not in mine.index:
            continue
        r = mine.loc[d["code"]]
        indicators.append(
            {
                "slug": slug(d["code"]),
                "name": tr.pick(d, "name"),
                "value": site.indicator_value(tr, d, r["value"]),
                "rank": f"{tr.number(int(r['rank']))}/{tr.number(int(r['count']))}",
                "district_median": site.indicator_value(tr, d, r["district_median"]),
                "national_median": site.indicator_value(tr, d, r["national_median"]),
                "trend": tr.t("trend." + r["trend"]),
            }
        )
    return indicators


def _programmes(site: Lookups, tr: Translator, code: str) -> list[Row]:
    roles: dict[str, list[str]] = {}
    for r in records(site.programme_roles_of(code)):
        roles.setdefault(r["programme_code"], []).append(tr.t("role." + r["role"]))
    return [
        {"code": p, "name": tr.pick(site.programmes[p], "name"), "roles": ", ".join(rs)}
        for p, rs in roles.items()
    ]


def _partners(site: Lookups, code: str) -> list[Row]:
    imc = site.data.imc
    partners = []
    for r in records(imc[(imc["lead_lsg_code"] == code) | (imc["partner_lsg_code"] == code)]):
        lead = r["lead_lsg_code"] == code
        other = r["partner_lsg_code"] if lead else r["lead_lsg_code"]
        partners.append(
            {
                "lsg": site.lsg_rows[other],
                "role": "imc_partner" if lead else "imc_lead",
                "stage": r["stage"],
            }
        )
    return partners


def lsg_page(site: Lookups, tr: Translator, lsg: Row) -> Page:
    data = site.data
    code = lsg["code"]
    parent = site.lsg_rows.get(lsg["parent_code"]) if lsg["parent_code"] else None
    latest = _services(site, tr, code)
    missing = dict(
        data.missing_services.get(code, {"count": 0, "low": 0, "high": 0, "missing": []})
    )
    missing["rows"] = [
        {"slug": slug(s), "name": tr.pick(site.types[s], "name"), "have": n}
        for s, n in missing["missing"]
    ]
    history = [
        {
            "year": int(h["year"]),
            "services": int(h["services"]),
            "users": int(h["beneficiaries"]),
            "funding": int(h["funding"]),
        }
        for h in records(site.totals_of(code))
    ]
    this_year = [h for h in history if h["year"] == data.latest_year]
    context = {
        "figures": site.charts.for_lsg(tr, lsg) if parent is None else [],
        "key_facts": key_facts(site, tr, lsg, [item["name"] for item in missing["rows"]]),
        "locator": site.maps.locator(code, tr.lang),
        "lsg": lsg,
        "parent": parent,
        "children": sorted(site.children_of.get(code, []), key=by_name),
        "demo": parent is None and site.lsg_is_demo(code),
        "last_reported": site.last_reported(code) if parent is None else None,
        "district_name": site.district(tr, lsg),
        "region_name": site.region(tr, lsg),
        "services": latest,
        "service_groups": _service_groups(site, tr, latest),
        "missing": missing,
        "total_users": this_year[0]["users"] if this_year else 0,
        "total_funding": this_year[0]["funding"] if this_year else 0,
        "indicators": _indicators(site, tr, code),
        "history": history,
        "programmes": _programmes(site, tr, code),
        "partners": _partners(site, code),
        "release": site.opendata.lsg_view(tr, lsg),
    }
    return f"lsg/{lsg['slug']}.md", "lsg.md.j2", context


def lsg_pages(site: Lookups, tr: Translator, codes: list[str]) -> Pages:
    for code in codes:
        yield lsg_page(site, tr, site.lsg_rows[code])
