"""Open-data pages: the data page, the data dictionary and the release history in
every language, the "downloads and changes" section of each LSG page, and the citation
under the hand-written pages. The files these pages link to are written by `downloads`
after MkDocs ran, once, into site/data/ (linked with plain `<a href>`, so MkDocs does not
look for them in docs/).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from babel.lists import format_list

from build_scripts.address import public_address
from build_scripts.datapackage import is_tabular
from build_scripts.downloads import metadata, releases
from build_scripts.downloads.metadata import Files
from build_scripts.i18n import Language, Translator
from build_scripts.pages.changes import ChangedRows
from build_scripts.pages.dictionary import CODE_WORDS, description, dictionary, title

if TYPE_CHECKING:
    from jinja2 import Environment

    from build_scripts.derive import Derived


DATA_PAGE = "data/index.md"
DICTIONARY_PAGE = "data/dictionary.md"
CHANGELOG_PAGE = "data/changelog.md"
# What changed in a release besides the package's rows and columns (files the site
# publishes beside the package), as catalog messages, by version.
RELEASE_NOTES = {"1.0.0": ("release.note.figure_columns",)}
MAX_LSG_CHANGES = 40  # rows listed on an LSG page; the files hold them all


def page_depth(rel: str) -> int:
    return rel.count("/") + (0 if rel.endswith("index.md") else 1)


def page_path(rel: str) -> str:
    """URL path of a page (directory URLs): 'lsg/x.md' -> 'lsg/x/', 'index.md' -> ''."""
    stem = rel[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


class OpenData:
    """What the open-data pages need, computed once for all languages."""

    def __init__(self, data: Derived, releases_dir: Path | None = None):
        self.data = data
        self.descriptor = data.package
        self.files = Files.of(self.descriptor)
        self.site = public_address()
        frames = {
            r["name"]: getattr(data, r["name"], None)
            for r in self.descriptor["resources"]
            if isinstance(getattr(data, r["name"], None), pd.DataFrame)
        }
        self.rows = releases.rows_of_frames(self.descriptor, frames)
        folder = releases.RELEASES_DIR if releases_dir is None else releases_dir
        self.history = releases.history((self.descriptor, self.rows), folder)
        self.comparison = self.history[0].comparison
        self.resources = {r["name"]: r for r in self.descriptor["resources"]}
        self.changes = ChangedRows(self.resources, self.rows, self.history)
        self.licence_short = ", ".join(
            x["name"].replace("-", " ") for x in self.descriptor.get("licenses", [])
        )

    # -- context for every page ------------------------------------------------------------

    def page_context(self, lang: Language, rel: str) -> dict:
        """Added to every generated page: its public URL (for the citation; None when the
        site has no public address: the page then cites the address it is read at), the
        licence and the relative path to site/data/ (one tree for all languages)."""
        up = "../" * (page_depth(rel) + lang.prefix.count("/"))
        path = f"{lang.prefix}{page_path(rel)}"
        return {
            "page_url": f"{self.site}{path}" if self.site else None,
            "page_path": "/" + path,
            "data_root": f"{up}data/",
            "licence": self.licence_short,
            "files": self.files,
            "words": metadata.WORDS,
            "code_words": CODE_WORDS,
        }

    # -- pages -----------------------------------------------------------------------------

    def pages(self, tr: Translator) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """The data page, the dictionary and the changelog: (path, template, context)."""
        yield DATA_PAGE, "data.md.j2", self.data_page(tr)
        yield DICTIONARY_PAGE, "dictionary.md.j2", {"tables": dictionary(tr, self.descriptor)}
        yield CHANGELOG_PAGE, "changelog.md.j2", {"releases": self.changelog(tr)}

    def released(self, tr: Translator, created: str | None) -> str:
        if not created:
            return tr.t("not_available")
        return tr.date(pd.Timestamp(created).date())

    def data_page(self, tr: Translator) -> dict:
        resources = []
        for r in self.descriptor["resources"]:
            resources.append(
                {
                    "name": r["name"],
                    "title": title(tr, r),
                    "description": description(tr, r),
                    "demonstration": bool(r.get("demonstration")),
                    "tabular": is_tabular(r),
                    "file": r["path"].rsplit("/", 1)[-1],
                    "rows": len(self.rows[r["name"]]) if r["name"] in self.rows else None,
                    "licences": [x.get("title", x["name"]) for x in r.get("licenses", [])],
                }
            )
        demo = [tr.t("data.quoted", name=x["title"]) for x in resources if x["demonstration"]]
        sources = []
        if isinstance(getattr(self.data, "sources", None), pd.DataFrame):
            for s in self.data.sources.to_dict("records"):
                # A document's title is its own: Serbian ones in the page's script,
                # others kept and marked with their language.
                serbian = str(s.get("language") or "").startswith("sr")
                text_lang = "sr-Latn" if serbian else "en"
                sources.append(
                    {
                        "title": tr.sr(s["title"]) if serbian else s["title"],
                        "publisher": tr.sr(s["publisher"]) if serbian else s["publisher"],
                        "lang": None if serbian == tr.lang.serbian else text_lang,
                    }
                )
        lsg = self.data.lsgs.iloc[0] if len(self.data.lsgs) else None
        return {
            "resources": resources,
            "demo_names": format_list(demo, locale=tr.lang.babel) if demo else "",
            "released": self.released(tr, self.descriptor.get("created")),
            "licences": self.descriptor.get("licenses", []),
            "package_sources": self.descriptor.get("sources", []),
            "sources": sources,
            "example": self.files.lsg_workbook(lsg["slug"]) if lsg is not None else "",
            "schema_org": metadata.schema_org(
                self.descriptor,
                self.files,
                tr.lang.code,
                "../" * (page_depth(DATA_PAGE) + tr.lang.prefix.count("/")),
            ),
            "site_title": tr.t("site_name"),
        }

    # -- dictionary ------------------------------------------------------------------------

    # -- releases ----------------------------------------------------------------------------

    def changelog(self, tr: Translator) -> list[dict]:
        out = []
        for entry in self.history:
            c = entry.comparison
            counts = c.counts()
            out.append(
                {
                    "version": entry.version,
                    "anchor": "v" + entry.version.replace(".", "-"),
                    "current": entry.current,
                    "released": self.released(tr, entry.created),
                    "previous": c.previous,
                    "zip": self.files.release_zip(entry.version),
                    "report": self.files.validation_report(entry.version),
                    "notes": [tr.t(key) for key in RELEASE_NOTES.get(entry.version, ())],
                    "tables": [
                        {"name": name, "title": self.changes.resource_title(tr, name), **per}
                        for name, per in counts.items()
                    ],
                    "resources_added": [
                        self.changes.resource_title(tr, n) for n in c.resources_added
                    ],
                    "resources_removed": c.resources_removed,
                    "fields_added": {
                        self.changes.resource_title(tr, n): ", ".join(f)
                        for n, f in c.fields_added.items()
                        if f
                    },
                    "fields_removed": {
                        self.changes.resource_title(tr, n): ", ".join(f)
                        for n, f in c.fields_removed.items()
                        if f
                    },
                    "lsgs": [
                        {"lsg": self.data.lsg.loc[code].to_dict(), "count": len(changes)}
                        for code, changes in sorted(c.by_lsg.items())
                        if code in self.data.lsg.index
                    ]
                    if entry.current
                    else [],
                }
            )
        return out

    def lsg_view(self, tr: Translator, lsg: dict) -> dict:
        """The LSG page's section: its files and what changed for it since the previous
        release."""
        c = self.comparison
        changes = c.for_lsg(lsg["code"])
        totals = dict.fromkeys(releases.KINDS, 0)
        for per in c.counts(changes).values():
            for kind, n in per.items():
                totals[kind] += n
        return {
            "xlsx": self.files.lsg_workbook(lsg["slug"]),
            "zip": self.files.lsg_zip(lsg["slug"]),
            "previous": c.previous,
            "totals": {k: tr.number(v) for k, v in totals.items()},
            "count": len(changes),
            "more": tr.number(len(changes) - MAX_LSG_CHANGES)
            if len(changes) > MAX_LSG_CHANGES
            else None,
            "changes": [
                self.changes.change_view(tr, ch, lsg["code"]) for ch in changes[:MAX_LSG_CHANGES]
            ],
        }

    # -- citation under hand-written pages -----------------------------------------------------

    def cite_hand_written(
        self, env: Environment, out: Path, generated: Iterable[Path], lang: Language
    ) -> None:
        """Hand-written pages (copied from docs/ into the build tree `out`) end with the
        same citation as the generated ones, in their language."""
        generated = set(generated)
        for page in sorted(out.rglob("*.md")):
            if page in generated:
                continue
            rel = page.relative_to(out).as_posix()
            stem = rel[:-3]
            suffix = stem[stem.rfind(".") :] if "." in Path(stem).name else ""
            if suffix != lang.suffix:
                continue
            text = page.read_text(encoding="utf-8")
            if 'class="citation"' in text:
                continue
            plain = stem[: len(stem) - len(suffix)] + ".md"
            tr = Translator(lang)
            block = env.get_template("data_cite.md.j2").render(
                t=tr.t, version=self.descriptor["version"], **self.page_context(lang, plain)
            )
            page.write_text(text.rstrip("\n") + "\n\n" + block, encoding="utf-8")
