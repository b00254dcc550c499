"""Stage 4, open-data pages: the data page, the data dictionary and the release history in
every language, the "downloads and changes" section of each LSG page, and the citation
under the hand-written pages. The files these pages link to are written by `downloads`
after MkDocs ran, once, into site/data/ (linked with plain `<a href>`, so MkDocs does not
look for them in docs/).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pandas as pd
from babel.lists import format_list
from markupsafe import Markup

from build_scripts.address import public_address
from build_scripts.datapackage import LSG_RESOURCE, is_tabular, lsg_fields, references
from build_scripts.downloads import metadata, releases
from build_scripts.downloads.metadata import Files
from build_scripts.i18n import Language, Translator
from build_scripts.validate import CYRILLIC_ONLY, PATTERN_NAMES, SERBIAN_LATIN_ONLY

if TYPE_CHECKING:
    from jinja2 import Environment

    from build_scripts.derive import Derived


class PageWriter(Protocol):
    """What these pages need of the page writer (pages.PageWriter), which calls them."""

    env: Environment
    out: Path
    written: list[Path]

    def write(self, lang: Language, rel: str, template: str, **context: object) -> None: ...


# metadata.WORDS that are typed as they are (a command, literal values, a program's name)
CODE_WORDS = ("command", "values", "frictionless")
DATA_PAGE = "data/index.md"
DICTIONARY_PAGE = "data/dictionary.md"
CHANGELOG_PAGE = "data/changelog.md"
# What changed in a release besides the package's rows and columns (files the site
# publishes beside the package), as catalog messages, by version.
RELEASE_NOTES = {"1.0.0": ("release.note.figure_columns",)}
MAX_LSG_CHANGES = 40  # rows listed on an LSG page; the files hold them all
# Fields whose values have labels in the message catalogs: field name -> key prefix.
VALUE_LABELS = {
    "kind": "kind",
    "provider_type": "provider",
    "role": "role",
    "stage": "stage",
    "group_code": "group",
    "unit": "unit",
    "target_groups": "target",
}
# A pattern allowing a list of codes separated by ';', as target_groups has.
CODE_LIST = re.compile(r"^\^\(([a-z0-9_|]+)\)\(;\(\1\)\)\*\$$")
PATTERN_KEYS = {SERBIAN_LATIN_ONLY: "latin", CYRILLIC_ONLY: "cyrillic", **PATTERN_NAMES}


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
        self._indexes: dict[tuple, dict] = {}
        self.resources = {r["name"]: r for r in self.descriptor["resources"]}
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

    def write_pages(self, writer: PageWriter, lang: Language, tr: Translator) -> None:
        writer.write(lang, DATA_PAGE, "data.md.j2", **self.data_page(tr))
        writer.write(lang, DICTIONARY_PAGE, "dictionary.md.j2", tables=self.dictionary(tr))
        writer.write(lang, CHANGELOG_PAGE, "changelog.md.j2", releases=self.changelog(tr))
        self.cite_hand_written(writer.env, writer.out, writer.written, lang)

    def released(self, tr: Translator, created: str | None) -> str:
        if not created:
            return tr.t("not_available")
        return tr.date(pd.Timestamp(created).date())

    def title(self, tr: Translator, item: dict) -> str:
        return tr.sr(item.get("title_sr") or item["title"]) if tr.lang.serbian else item["title"]

    def description(self, tr: Translator, item: dict) -> str:
        if tr.lang.serbian and item.get("description_sr"):
            return tr.sr(item["description_sr"])
        return item.get("description", "")

    def data_page(self, tr: Translator) -> dict:
        resources = []
        for r in self.descriptor["resources"]:
            resources.append(
                {
                    "name": r["name"],
                    "title": self.title(tr, r),
                    "description": self.description(tr, r),
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

    def dictionary(self, tr: Translator) -> list[dict]:
        tables = []
        for r in self.descriptor["resources"]:
            schema = r.get("schema")
            if not schema:
                continue
            missing = [
                tr.t("dict.missing.empty") if v == "" else f"“{v}”"
                for v in schema.get("missingValues", [""])
            ]
            key = schema.get("primaryKey", [])
            links = [
                {"field": f, "table": target, "target_field": tf} for f, target, tf in references(r)
            ]
            tables.append(
                {
                    "name": r["name"],
                    "title": self.title(tr, r),
                    "description": self.description(tr, r),
                    "demonstration": bool(r.get("demonstration")),
                    "file": r["path"],
                    "key": [key] if isinstance(key, str) else key,
                    "links": links,
                    "missing": ", ".join(missing),
                    "fields": [self.field_view(tr, f) for f in schema["fields"]],
                }
            )
        return tables

    def field_view(self, tr: Translator, spec: dict) -> dict:
        constraints = spec.get("constraints", {})
        allowed = []
        for value in constraints.get("enum", []):
            allowed.append({"code": str(value), "label": self.value_label(tr, spec["name"], value)})
        rules = []
        pattern = constraints.get("pattern")
        codes = CODE_LIST.match(pattern or "")
        if codes:
            for value in codes.group(1).split("|"):
                allowed.append({"code": value, "label": self.value_label(tr, spec["name"], value)})
            rules.append(tr.t("dict.pattern.list"))
        elif pattern:
            key = PATTERN_KEYS.get(pattern)
            rules.append(
                tr.t(f"dict.pattern.{key}")
                if key
                else tr.html("dict.pattern.other", ("pattern",), pattern=pattern)
            )
        low, high = constraints.get("minimum"), constraints.get("maximum")
        if low is not None and high is not None:
            rules.append(tr.t("dict.range.between", min=tr.number(low), max=tr.number(high)))
        elif low is not None:
            rules.append(tr.t("dict.range.min", min=tr.number(low)))
        elif high is not None:
            rules.append(tr.t("dict.range.max", max=tr.number(high)))
        if constraints.get("unique"):
            rules.append(tr.t("dict.unique"))
        unit = spec.get("unit")
        return {
            "name": spec["name"],
            "title": self.title(tr, spec) if spec.get("title") else "",
            "description": self.description(tr, spec),
            "type": tr.html(
                "dict.type." + spec.get("type", "string"), CODE_WORDS, **metadata.WORDS
            ),
            "unit": tr.t("dict.unit." + unit, column="currency") if unit else "",
            "allowed": allowed,
            "rules": Markup("; ").join(rules),  # a pattern is shown as code
            "required": bool(constraints.get("required")),
        }

    def value_label(self, tr: Translator, field: str, value: object) -> str | None:
        """The catalog's label of a coded value ('city' -> 'grad'), if it says more."""
        prefix = VALUE_LABELS.get(field)
        label = tr.messages.get(f"{prefix}.{value}") if prefix else None
        return label if label != str(value) else None

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
                        {"name": name, "title": self.resource_title(tr, name), **per}
                        for name, per in counts.items()
                    ],
                    "resources_added": [self.resource_title(tr, n) for n in c.resources_added],
                    "resources_removed": c.resources_removed,
                    "fields_added": {
                        self.resource_title(tr, n): ", ".join(f)
                        for n, f in c.fields_added.items()
                        if f
                    },
                    "fields_removed": {
                        self.resource_title(tr, n): ", ".join(f)
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

    def resource_title(self, tr: Translator, name: str) -> str:
        resource = self.resources.get(name)
        return self.title(tr, resource) if resource else name

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
            "changes": [self.change_view(tr, ch, lsg["code"]) for ch in changes[:MAX_LSG_CHANGES]],
        }

    def change_view(self, tr: Translator, change: releases.RowChange, code: str) -> dict:
        """One changed row on the page of LSG `code`: which row (named as readers know it,
        without this LSG's own name where the key has more) and what changed."""
        resource = self.resources.get(change.resource, {"name": change.resource})
        specs = {f["name"]: f for f in resource.get("schema", {}).get("fields", [])}
        where = set(lsg_fields(resource)) if resource.get("schema") else set()
        others = [(n, v) for n, v in change.key if not (n in where and str(v) == code)]
        parts = [self.key_label(tr, resource, n, v) for n, v in others or change.key]
        details = []
        for name in change.fields:
            spec = specs.get(name, {"name": name})
            details.append(
                {
                    "field": self.title(tr, spec) if spec.get("title") else name,
                    "before": self.show(tr, spec, change.before.get(name)),
                    "after": self.show(tr, spec, change.after.get(name)),
                }
            )
        return {
            "table": self.resource_title(tr, change.resource),
            "row": ", ".join(parts),
            "kind": tr.t("release.kind." + change.kind),
            "details": details,
        }

    def key_label(self, tr: Translator, resource: dict, field: str, value: object) -> str:
        """A key value as a reader knows it: a referenced row's name, a label, the year."""
        targets = {f: (target, tf) for f, target, tf in references(resource)}
        if resource["name"] == LSG_RESOURCE and field in lsg_fields(resource):
            targets[field] = (LSG_RESOURCE, field)
        if field in targets:
            row = self.lookup(*targets[field], value)
            if row is not None:
                if "name_lat" in row:
                    return tr.name(row)
                if "name_sr" in row:
                    return tr.pick(row, "name")
        label = self.value_label(tr, field, value)
        return label or str(value)

    def lookup(self, resource: str, field: str, value: object) -> dict | None:
        """The row of `resource` whose `field` is `value`, in this release or, for a row
        that is gone, in the previous one."""
        for rows in (self.rows, self.history[1].rows if len(self.history) > 1 else {}):
            index = self._index(id(rows), resource, field, rows)
            if value in index:
                return index[value]
        return None

    def _index(self, tag: int, resource: str, field: str, rows: dict) -> dict:
        key = (tag, resource, field)
        if key not in self._indexes:
            self._indexes[key] = {r.get(field): r for r in rows.get(resource, [])}
        return self._indexes[key]

    def show(self, tr: Translator, spec: dict, value: object) -> str:
        if value is None:
            return tr.t("release.empty")
        kind = spec.get("type", "string")
        if kind == "boolean":
            return tr.t("yes") if value else tr.t("no")
        if kind in ("integer", "number") and isinstance(value, int | float):
            text = repr(float(value))
            decimals = 0 if float(value).is_integer() else len(text.split(".")[1])
            return tr.number(value, min(decimals, 6))
        return self.value_label(tr, spec.get("name", ""), value) or str(value)

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
