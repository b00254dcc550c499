"""The page writer: the Jinja environment, and every page written in every language
from the views (`home`, `lsg`, `services`, `indicators`, `programmes`, `opendata`), then
the charts and maps those pages show."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from build_scripts.derive import Derived, slug
from build_scripts.i18n import LANGUAGES, Language, Translator
from build_scripts.pages.home import home_page, reporting_page
from build_scripts.pages.indicators import indicator_pages
from build_scripts.pages.lookups import Lookups, Pages
from build_scripts.pages.lsg import lsg_index, lsg_pages
from build_scripts.pages.markup import (
    abbreviations,
    code_spans,
    explain_first_uses,
    front_text,
    front_title,
    md,
)
from build_scripts.pages.opendata import OpenData
from build_scripts.pages.programmes import programme_pages
from build_scripts.pages.services import service_pages
from build_scripts.paths import CACHE, TEMPLATES
from build_scripts.progress import progress
from build_scripts.translit import names_field


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


class PageWriter:
    """Writes every page of `data` into `out` (`opendata`: the open-data pages' source,
    by default the releases kept in the repository)."""

    def __init__(
        self, data: Derived, out: Path, cache: Path = CACHE, opendata: OpenData | None = None
    ):
        self.data = data
        self.out = out
        self.site = Lookups(data, out, cache, opendata)
        self.charts = self.site.charts
        self.maps = self.site.maps
        self.opendata = self.site.opendata
        self.env = environment()
        self.written: list[Path] = []
        self.names = self.page_names()

    def write(self, lang: Language, rel: str, template: str, **context: Any) -> None:
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
            any_demo=self.site.any_demo,
            mixed=self.site.mixed,
            reporting=self.data.package.get("reporting", {}),
        )
        context.update(self.opendata.page_context(lang, rel))
        text = explain_first_uses(tr, self.env.get_template(template).render(**context))
        path = self.out / (rel[:-3] + lang.suffix + ".md")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.written.append(path)

    def write_all(self, lang: Language, pages: Pages) -> None:
        for rel, template, context in pages:
            self.write(lang, rel, template, **context)

    def run(self) -> list[Path]:
        site = self.site
        codes = list(self.data.lsg["code"])
        for lang in LANGUAGES:
            tr = Translator(lang)
            self.write_all(lang, iter([home_page(site), lsg_index(site, tr)]))
            self.write_all(
                lang, progress(lsg_pages(site, tr, codes), len(codes), f"pages ({lang.code})")
            )
            self.write_all(lang, service_pages(site, tr))
            self.write_all(lang, indicator_pages(site, tr))
            self.write_all(lang, programme_pages(site, tr))
            self.write_all(
                lang, iter([reporting_page(site, tr), ("404.md", "not_found.md.j2", {})])
            )
            self.write_all(lang, self.opendata.pages(tr))
            self.opendata.cite_hand_written(self.env, self.out, self.written, lang)
        return self.written

    def render_figures(self) -> dict[str, int]:
        """Render (or take from the cache) every chart the written pages show."""
        self.chart_counts = self.charts.render(self.out / "charts")
        self.map_counts = self.maps.render()
        return {**self.chart_counts, "maps": self.map_counts["files"]}

    def page_names(self) -> dict[str, list[str]]:
        """Names a page is known by in every language and script, by page file (`lsg/ada.md`):
        search finds the page whichever form a reader types (see search.py)."""
        site = self.site
        names: dict[str, list[str]] = {}
        for row in site.lsg_rows.values():
            names[f"lsg/{row['slug']}.md"] = [row["name_lat"], row["name_cyr"], row["name_en"]]
        for code, st in site.types.items():
            names[f"services/{slug(code)}.md"] = [st["name_sr"], st["name_en"]]
        for d in site.definitions:
            names[f"indicators/{slug(d['code'])}.md"] = [d["name_sr"], d["name_en"]]
        for code, p in site.programmes.items():
            names[f"programmes/{code}.md"] = [p["name_sr"], p["name_en"]]
        return names


def run(data: Derived, out: Path, cache: Path = CACHE) -> list[Path]:
    """Write every page, then the charts they show (into out/charts)."""
    writer = PageWriter(data, out, cache)
    written = writer.run()
    writer.render_figures()
    return written
