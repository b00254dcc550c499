"""Write the Markdown pages, in every language, from the derived tables (see `pipeline`)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from build_scripts.datapackage.rowsource import STATUS_FILE
from build_scripts.derive import Derived, none_if_missing, slug
from build_scripts.figures.charts import ChartSet, split_by
from build_scripts.figures.maps import MapSet
from build_scripts.i18n import LANGUAGES, Language, Translator
from build_scripts.pages.opendata import OpenData
from build_scripts.paths import CACHE, TEMPLATES
from build_scripts.progress import progress
from build_scripts.translit import fold, names_field

MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!])")
CODE_SPAN = re.compile(r"`([^`]+)`")


def md(text: object) -> Markup:
    """Data text for a Markdown context: HTML-escaped, Markdown punctuation escaped."""
    return Markup(MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(str(text), quote=True)))


def abbreviations(tr: Translator, text: object) -> Markup:
    """Text HTML-escaped, with every abbreviation the catalog explains (`abbr.*`:
    "JLS — jedinica lokalne samouprave") in an <abbr title>."""
    found = tr.abbreviations()
    escaped = html.escape(str(text), quote=True)
    if not found:
        return Markup(escaped)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, found)) + r")\b")
    return Markup(
        pattern.sub(
            lambda m: f'<abbr title="{html.escape(found[m.group(1)])}">{m.group(1)}</abbr>',
            escaped,
        )
    )


def code_spans(text: object) -> Markup:
    """Data text HTML-escaped, its `code` spans (column names, code values, names kept
    as written) as <code>: the spans transliteration leaves alone."""
    return Markup(CODE_SPAN.sub(r"<code>\1</code>", html.escape(str(text), quote=True)))


def serbian_name(tr: Translator, name: str | None) -> Markup | str | None:
    """A Serbian name from the data (a provider): in the page's script on Serbian pages
    (foreign names in it stay as written), marked as Serbian on English pages."""
    if not name:
        return None
    if tr.lang.serbian:
        return tr.sr(name)
    return Markup('<span lang="sr-Latn">{}</span>').format(name)


def front_title(text: object) -> Markup:
    """A page title for YAML front matter. MkDocs themes put `page.meta.title` into
    <title> and elsewhere without escaping, so the title is HTML-escaped here, then
    written as a JSON (YAML double-quoted) string."""
    return Markup(json.dumps(html.escape(str(text), quote=False), ensure_ascii=False))


def front_text(text: object) -> Markup:
    """Plain text for YAML front matter that the theme escapes where it writes it (the search
    names, overrides/main.html): a JSON (YAML double-quoted) string, not HTML-escaped."""
    return Markup(json.dumps(str(text), ensure_ascii=False))


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md
    env.filters["front_title"] = front_title
    env.filters["front_text"] = front_text
    env.filters["code_spans"] = code_spans
    return env


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: none_if_missing(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _by_name(row: dict) -> str:
    return fold(row["name_lat"])


def filter_text(row: dict, *others: dict) -> str:
    """What the LSG list's filter matches a row by (docs/assets/filter.js folds it as it
    folds the query): the names in Latin, Cyrillic and English, without diacritics too,
    the district, and the names of `others` (a city's municipalities). dict.fromkeys:
    without repeats, in a fixed order (a set's order changes from run to run)."""
    words = [row["district_lat"]]
    for named in (row, *others):
        words += [named["name_lat"], named["name_cyr"], named["name_en"]]
    return " ".join(dict.fromkeys(form for w in words for form in (w.lower(), fold(w))))


LAW_ARTICLE = re.compile(r"ZSZ čl\. (\d+)")
LOCAL_MEASURE = "Lokalna mera"


def legal_basis(tr: Translator, service_type: dict) -> str:
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


class PageWriter:
    def __init__(self, data: Derived, out: Path, cache: Path = CACHE):
        self.data = data
        self.out = out
        self.charts = ChartSet(data, cache)
        self.maps = MapSet(data, out / "charts", cache)
        self.opendata = OpenData(data)
        self.env = environment()
        self.lsg_rows = {r["code"]: r for r in _records(data.lsg)}
        self.types = {r["code"]: r for r in _records(data.service_types)}
        self.definitions = _records(data.indicator_definitions)
        self.programmes = {r["code"]: r for r in _records(data.programmes)}
        self.written: list[Path] = []
        self.names = self.page_names()
        # Per-LSG rows, indexed once (a filter over whole tables per LSG page grew with N^2).
        self.services_of = split_by(data.services, "lsg_code")
        self.indicators_of = split_by(data.indicator_latest, "lsg_code")
        self.programme_roles_of = split_by(data.programme_lsg, "lsg_code")
        reporting = data.reporting
        demo_ids = reporting.demo if reporting is not None else set()
        # service types and indicators with any demonstration row: their pages carry the notice
        self.demo_types = set(
            data.services.loc[data.services["source_id"].isin(demo_ids), "service_type_code"]
        )
        self.demo_indicators = set(
            data.indicators.loc[data.indicators["source_id"].isin(demo_ids), "indicator_code"]
        )
        self.any_demo = bool(reporting and reporting.any_demo())
        # medians and ranks of the latest year mix reported and demonstration values
        self.mixed = bool(reporting and reporting.mixed(data.lsgs["code"], data.latest_year))
        self.children_of: dict[str, list[dict]] = {}
        for row in self.lsg_rows.values():
            if row["parent_code"]:
                self.children_of.setdefault(row["parent_code"], []).append(row)

    # -- helpers ------------------------------------------------------------------

    def write(self, lang: Language, rel: str, template: str, **context) -> None:
        tr = Translator(lang)
        depth = rel.count("/") + (0 if rel.endswith("index.md") else 1)
        context.update(
            t=tr.t,
            tn=tr.tn,
            th=tr.html,
            abbr=lambda text, tr=tr: abbreviations(tr, text),
            number=tr.number,
            name=tr.name,
            percent=lambda v, tr=tr: tr.value(None if v is None else 100 * v, "percent", 0),
            root="../" * depth,
            # the site root, where charts/ and data/ live once for every language
            site_root="../" * depth + ("../" if lang.prefix else ""),
            version=self.data.package["version"],
            year_label=self.data.latest_year,
            first_year=self.data.first_year,
            latest_year=self.data.latest_year,
            n_lsg=len(self.data.lsgs),
            search_names=names_field(self.names.get(rel, [])),
            any_demo=self.any_demo,
            mixed=self.mixed,
            reporting=self.data.package.get("reporting", {}),
        )
        context.update(self.opendata.page_context(lang, rel))
        text = self.env.get_template(template).render(**context)
        path = self.out / (rel[:-3] + lang.suffix + ".md")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.written.append(path)

    def district(self, tr: Translator, row: dict) -> str:
        return tr.name(row, "district_lat", "district_cyr", "district_en")

    def region(self, tr: Translator, row: dict) -> str:
        if tr.lang.cyrillic:
            return row["region_cyr"]
        return row["region_lat"] if tr.lang.serbian else row["region_en"]

    def lsg_is_demo(self, code: str) -> bool:
        reporting = self.data.reporting
        return reporting is None or reporting.lsg_is_demo(code)

    def last_reported(self, tr: Translator, code: str) -> dict | None:
        """When the LSG last reported figures and the titles of the sources they came from."""
        found = self.data.reporting.last_reported(code) if self.data.reporting else None
        if found is None:
            return None
        year, ids = found
        titles = [str(self.data.sources.loc[i, "title"]) for i in ids]
        return {"year": year, "sources": "; ".join(titles)}

    def key_facts(self, tr: Translator, lsg: dict, missing_names: list[str]) -> list[str]:
        """The sentences an LSG page opens with, from `Derived.lsg_facts`: its services,
        compared with its district and with comparable LSGs, what most of those have and
        it lacks, its users' trend."""
        facts = self.data.lsg_facts
        if lsg["code"] not in facts.index:
            return []  # Belgrade's city municipalities: data are kept for Belgrade
        f = facts.loc[lsg["code"]]
        year, first_year = self.data.latest_year, self.data.first_year
        services = int(f["services"])

        def typical(value: float) -> str:
            return tr.number(value, 1 if value % 1 else 0)

        def compare(value: float) -> str:
            return "more" if services > value else ("less" if services < value else "same")

        if services:
            sentences = [
                tr.tn("lsg.facts.services", services, count=tr.number(services), year=year)
            ]
        else:
            sentences = [tr.t("lsg.facts.services.none", year=year)]
        if int(f["district_count"]) > 1:
            median = float(f["district_median"])
            sentences.append(
                tr.t(
                    f"lsg.facts.district.{compare(median)}",
                    district=self.district(tr, lsg),
                    median=typical(median),
                )
            )
        else:  # a district of one (Belgrade): compared with Serbia instead
            median = float(f["national_median"])
            sentences.append(tr.t(f"lsg.facts.national.{compare(median)}", median=typical(median)))
        if int(f["comparable_count"]):
            median = float(f["comparable_median"])
            sentences.append(
                tr.t(
                    f"lsg.facts.comparable.{compare(median)}",
                    median=typical(median),
                    low=tr.number(int(f["comparable_low"])),
                    high=tr.number(int(f["comparable_high"])),
                )
            )
            if missing_names:
                count = len(missing_names)
                sentences.append(
                    tr.tn(
                        "lsg.facts.missing",
                        count,
                        count=tr.number(count),
                        names=tr.join(missing_names),
                    )
                )
            else:
                sentences.append(tr.t("lsg.facts.missing.none"))
        first, last = int(f["first_users"]), int(f["users"])
        trend = "up" if last > first else ("down" if last < first else "same")
        sentences.append(
            tr.t(
                f"lsg.facts.users.{trend}",
                first=tr.number(first),
                last=tr.number(last),
                first_year=first_year,
                year=year,
            )
        )
        return sentences

    def indicator_value(self, tr: Translator, definition: dict, value) -> str:
        return tr.value(none_if_missing(value), definition["unit"], definition["decimals"])

    # -- pages --------------------------------------------------------------------

    def run(self) -> list[Path]:
        for lang in LANGUAGES:
            tr = Translator(lang)
            self.home(lang, tr)
            self.lsg_index(lang, tr)
            codes = list(self.data.lsg["code"])
            for code in progress(codes, len(codes), f"pages ({lang.code})"):
                self.lsg_page(lang, tr, self.lsg_rows[code])
            self.services(lang, tr)
            self.indicators(lang, tr)
            self.programme_pages(lang, tr)
            self.reporting_page(lang, tr)
            self.write(lang, "404.md", "not_found.md.j2")
            self.opendata.write_pages(self, lang, tr)
        return self.written

    def render_figures(self) -> dict[str, int]:
        """Render (or take from the cache) every chart the written pages show."""
        self.chart_counts = self.charts.render(self.out / "charts")
        self.map_counts = self.maps.render()
        return {**self.chart_counts, "maps": self.map_counts["files"]}

    def page_names(self) -> dict[str, list[str]]:
        """Names a page is known by in every language and script, by page file (`lsg/ada.md`):
        search finds the page whichever form a reader types (see search.py)."""
        names: dict[str, list[str]] = {}
        for row in self.lsg_rows.values():
            names[f"lsg/{row['slug']}.md"] = [row["name_lat"], row["name_cyr"], row["name_en"]]
        for code, st in self.types.items():
            names[f"services/{slug(code)}.md"] = [st["name_sr"], st["name_en"]]
        for d in self.definitions:
            names[f"indicators/{slug(d['code'])}.md"] = [d["name_sr"], d["name_en"]]
        for code, p in self.programmes.items():
            names[f"programmes/{code}.md"] = [p["name_sr"], p["name_en"]]
        return names

    def reporting_page(self, lang: Language, tr: Translator) -> None:
        """Per LSG and year: reported, demonstration or missing; the map of the latest year."""
        reporting = self.data.reporting
        years = list(range(self.data.first_year, self.data.latest_year + 1))
        rows = []
        for lsg in sorted(_records(self.data.lsgs), key=lambda r: fold(r["name_lat"])):
            rows.append(
                {
                    "lsg": lsg,
                    "district": self.district(tr, lsg),
                    "statuses": [reporting.status(lsg["code"], y) for y in years],
                    "last": self.last_reported(tr, lsg["code"]),
                }
            )
        self.write(
            lang,
            "data/reporting.md",
            "reporting.md.j2",
            map=self.maps.reporting(lang),
            years=years,
            rows=rows,
            status_file=STATUS_FILE,
        )

    def home(self, lang: Language, tr: Translator) -> None:
        latest = self.data.services[self.data.services["year"] == self.data.latest_year]
        self.write(
            lang,
            "index.md",
            "home.md.j2",
            population=int(self.data.lsgs["population_2022"].sum()),
            n_services=len(latest),
            n_users=int(latest["beneficiaries"].sum()),
            n_programmes=len(self.data.programmes),
        )

    def lsg_index(self, lang: Language, tr: Translator) -> None:
        latest = self.data.services[self.data.services["year"] == self.data.latest_year]
        counts = latest.groupby("lsg_code").size()
        districts = []
        lsgs = self.data.lsgs.sort_values(["district_code", "name_lat"])
        for code, group in lsgs.groupby("district_code", sort=True):
            rows = []
            for row in _records(group):
                row["n_services"] = int(counts.get(row["code"], 0))
                children = sorted(self.children_of.get(row["code"], []), key=_by_name)
                # a city municipality's name also finds its city
                row["search"] = filter_text(row, *children)
                row["child"] = False
                rows.append(row)
                for child in children:  # Belgrade's city municipalities, under Belgrade
                    rows.append({**child, "child": True, "search": filter_text(child)})
            districts.append({"code": int(code), "name": self.district(tr, rows[0]), "rows": rows})
        self.write(lang, "lsg/index.md", "lsg_index.md.j2", lsgs=lsgs, districts=districts)

    def lsg_page(self, lang: Language, tr: Translator, lsg: dict) -> None:
        data = self.data
        code = lsg["code"]
        parent = self.lsg_rows.get(lsg["parent_code"]) if lsg["parent_code"] else None
        children = sorted(self.children_of.get(code, []), key=_by_name)
        mine = self.services_of(code)
        latest = _records(mine[mine["year"] == data.latest_year])
        groups: dict[str, list] = {}
        for s in latest:
            st = self.types[s["service_type_code"]]
            total = s["funding_total_rsd"] or 0
            s.update(
                slug=slug(st["code"]),
                type_name=tr.pick(st, "name"),
                provider_name=serbian_name(tr, s["provider_name"]),
                sort=st["sort_order"],
                share_lsg=s["funding_lsg_rsd"] / total if total else None,
                share_earmarked=s["funding_earmarked_rsd"] / total if total else None,
                share_donor=s["funding_donor_rsd"] / total if total else None,
            )
            groups.setdefault(st["group_code"], []).append(s)
        service_groups = [
            {"name": tr.t("group." + g), "rows": sorted(rows, key=lambda r: r["sort"])}
            for g, rows in sorted(groups.items(), key=lambda kv: min(r["sort"] for r in kv[1]))
        ]
        missing = dict(
            data.missing_services.get(code, {"count": 0, "low": 0, "high": 0, "missing": []})
        )
        missing["rows"] = [
            {"slug": slug(s), "name": tr.pick(self.types[s], "name"), "have": n}
            for s, n in missing["missing"]
        ]
        indicators = []
        mine_ind = self.indicators_of(code).set_index("indicator_code")
        for d in self.definitions:
            if d["code"] not in mine_ind.index:
                continue
            r = mine_ind.loc[d["code"]]
            first, value = none_if_missing(r["first_value"]), none_if_missing(r["value"])
            trend = (
                "flat" if first is None or value == first else ("up" if value > first else "down")
            )
            indicators.append(
                {
                    "slug": slug(d["code"]),
                    "name": tr.pick(d, "name"),
                    "value": self.indicator_value(tr, d, value),
                    "rank": f"{tr.number(int(r['rank']))}/{tr.number(int(r['count']))}",
                    "district_median": self.indicator_value(tr, d, r["district_median"]),
                    "national_median": self.indicator_value(tr, d, r["national_median"]),
                    "trend": tr.t("trend." + trend),
                }
            )
        history = [
            {
                "year": int(y),
                "services": len(g),
                "users": int(g["beneficiaries"].sum()),
                "funding": int(g["funding_total_rsd"].sum()),
            }
            for y, g in mine.groupby("year")
        ]
        roles: dict[str, list[str]] = {}
        for r in _records(self.programme_roles_of(code)):
            roles.setdefault(r["programme_code"], []).append(tr.t("role." + r["role"]))
        programmes = [
            {"code": p, "name": tr.pick(self.programmes[p], "name"), "roles": ", ".join(rs)}
            for p, rs in roles.items()
        ]
        partners = []
        for r in _records(
            data.imc[(data.imc["lead_lsg_code"] == code) | (data.imc["partner_lsg_code"] == code)]
        ):
            if r["lead_lsg_code"] == code:
                partners.append(
                    {
                        "lsg": self.lsg_rows[r["partner_lsg_code"]],
                        "role": "imc_partner",
                        "stage": r["stage"],
                    }
                )
            else:
                partners.append(
                    {
                        "lsg": self.lsg_rows[r["lead_lsg_code"]],
                        "role": "imc_lead",
                        "stage": r["stage"],
                    }
                )
        figures = self.charts.for_lsg(tr, lsg) if parent is None else []
        self.write(
            lang,
            f"lsg/{lsg['slug']}.md",
            "lsg.md.j2",
            figures=figures,
            key_facts=self.key_facts(tr, lsg, [item["name"] for item in missing["rows"]]),
            locator=self.maps.locator(code, lang),
            lsg=lsg,
            parent=parent,
            children=children,
            demo=parent is None and self.lsg_is_demo(code),
            last_reported=self.last_reported(tr, code) if parent is None else None,
            district_name=self.district(tr, lsg),
            region_name=self.region(tr, lsg),
            services=latest,
            service_groups=service_groups,
            missing=missing,
            total_users=sum(s["beneficiaries"] for s in latest),
            total_funding=sum(s["funding_total_rsd"] for s in latest),
            indicators=indicators,
            history=history,
            programmes=programmes,
            partners=partners,
            release=self.opendata.lsg_view(tr, lsg),
        )

    def services(self, lang: Language, tr: Translator) -> None:
        data = self.data
        svc = data.services
        latest = svc[svc["year"] == data.latest_year]
        groups: dict[str, list] = {}
        for st in self.types.values():
            rows_here = latest[latest["service_type_code"] == st["code"]]
            item = {
                "slug": slug(st["code"]),
                "name": tr.pick(st, "name"),
                "lsg_funded": st["lsg_funded"],
                "n_lsg": len(rows_here),
                "users": int(rows_here["beneficiaries"].sum()),
            }
            groups.setdefault(st["group_code"], []).append(item)
            rows = []
            for r in _records(rows_here.sort_values("beneficiaries", ascending=False)):
                lsg = self.lsg_rows[r["lsg_code"]]
                r.update(
                    lsg=lsg,
                    district=self.district(tr, lsg),
                    provider_name=serbian_name(tr, r["provider_name"]),
                )
                rows.append(r)
            history = [
                {
                    "year": int(y),
                    "n_lsg": len(g),
                    "users": int(g["beneficiaries"].sum()),
                    "funding": int(g["funding_total_rsd"].sum()),
                }
                for y, g in svc[svc["service_type_code"] == st["code"]].groupby("year")
            ]
            s = {
                "name": tr.pick(st, "name"),
                "definition": tr.pick(st, "definition"),
                "group": tr.t("group." + st["group_code"]),
                "lsg_funded": st["lsg_funded"],
                "targets": ", ".join(tr.t("target." + x) for x in st["target_groups"].split(";")),
                "legal_basis": legal_basis(tr, st),
            }
            self.write(
                lang,
                f"services/{slug(st['code'])}.md",
                "service.md.j2",
                demo=st["code"] in self.demo_types,
                figures=self.charts.for_service(tr, st),
                map=self.maps.service(st["code"], lang),
                s=s,
                rows=rows,
                history=history,
            )
        self.write(
            lang,
            "services/index.md",
            "services_index.md.j2",
            groups=[{"name": tr.t("group." + g), "rows": rows} for g, rows in groups.items()],
        )

    def indicators(self, lang: Language, tr: Translator) -> None:
        data = self.data
        index = []
        for d in self.definitions:
            latest = data.indicator_latest[data.indicator_latest["indicator_code"] == d["code"]]
            latest = latest.sort_values(["rank", "lsg_code"])
            median = latest["value"].median() if len(latest) else None
            unit = tr.t("unit." + d["unit"])
            index.append(
                {
                    "slug": slug(d["code"]),
                    "name": tr.pick(d, "name"),
                    "unit": unit,
                    "median": self.indicator_value(tr, d, median),
                }
            )
            ranking = []
            for r in _records(latest):
                lsg = self.lsg_rows[r["lsg_code"]]
                ranking.append(
                    {
                        "rank": tr.number(r["rank"]),
                        "lsg": lsg,
                        "district": self.district(tr, lsg),
                        "value": self.indicator_value(tr, d, r["value"]),
                    }
                )
            series = data.indicators[data.indicators["indicator_code"] == d["code"]]
            history = [
                {"year": int(y), "median": self.indicator_value(tr, d, g["value"].median())}
                for y, g in series.groupby("year")
            ]
            hib = d["higher_is_better"]
            i = {
                "name": tr.pick(d, "name"),
                "definition": tr.pick(d, "definition"),
                "source": tr.pick(d, "source"),
                "unit": unit,
                "direction": tr.t("higher." + ("none" if hib is None else str(bool(hib)).lower())),
            }
            self.write(
                lang,
                f"indicators/{slug(d['code'])}.md",
                "indicator.md.j2",
                demo=d["code"] in self.demo_indicators,
                figures=self.charts.for_indicator(tr, d),
                map=self.maps.indicator(d["code"], lang),
                i=i,
                ranking=ranking,
                history=history,
            )
        self.write(lang, "indicators/index.md", "indicators_index.md.j2", indicators=index)

    def programme_view(self, tr: Translator, p: dict) -> dict:
        def money(v):
            return (
                f"{tr.number(v, 2 if v % 1 else 0)}\u00a0{p['currency']}" if v is not None else None
            )

        start, end = p["start_year"], p["end_year"]
        period = f"{start or '…'}–{end or '…'}" if (start or end) else tr.t("not_given")
        source = self.data.sources.loc[p["source_id"]]
        source_lang = source["language"]
        serbian_source = source_lang.startswith("sr")
        members = self.data.programme_lsg[self.data.programme_lsg["programme_code"] == p["code"]]
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
            "n_lsg": members["lsg_code"].nunique(),
            "parent": None,
        }

    def programme_pages(self, lang: Language, tr: Translator) -> None:
        views = []
        for p in self.programmes.values():
            view = self.programme_view(tr, p)
            if p["parent_code"]:
                view["parent"] = self.programme_view(tr, self.programmes[p["parent_code"]])
            projects = [
                self.programme_view(tr, c)
                for c in self.programmes.values()
                if c["parent_code"] == p["code"]
            ]
            members: dict[str, list[str]] = {}
            for r in _records(
                self.data.programme_lsg[self.data.programme_lsg["programme_code"] == p["code"]]
            ):
                members.setdefault(r["lsg_code"], []).append(tr.t("role." + r["role"]))
            member_rows = sorted(
                (
                    {
                        "lsg": self.lsg_rows[c],
                        "district": self.district(tr, self.lsg_rows[c]),
                        "roles": ", ".join(rs),
                    }
                    for c, rs in members.items()
                ),
                key=lambda r: fold(r["lsg"]["name_lat"]),
            )
            self.write(
                lang,
                f"programmes/{p['code']}.md",
                "programme.md.j2",
                figures=self.charts.for_programme(tr, p),
                map=self.maps.programme(p["code"], lang),
                p=view,
                projects=projects,
                members=member_rows,
            )
            views.append(view)
        self.write(lang, "programmes/index.md", "programmes_index.md.j2", programmes=views)
        agreements = []
        for _agreement_id, g in self.data.imc.groupby("agreement_id", sort=True):
            first = _records(g)[0]
            service = first["service_type_code"]
            agreements.append(
                {
                    "lead": self.lsg_rows[first["lead_lsg_code"]],
                    "partners": [self.lsg_rows[c] for c in g["partner_lsg_code"]],
                    "service": tr.pick(self.types[service], "name")
                    if service
                    else tr.t("imc.service_unknown"),
                    "programme": self.programme_view(tr, self.programmes[first["programme_code"]]),
                    "stage": first["stage"],
                }
            )
        self.write(lang, "programmes/imc.md", "imc.md.j2", agreements=agreements)


def run(data: Derived, out: Path, cache: Path = CACHE) -> list[Path]:
    """Write every page, then the charts they show (into out/charts)."""
    writer = PageWriter(data, out, cache)
    written = writer.run()
    writer.render_figures()
    return written
