"""What a page needs to show one chart or map: shared by `figures.charts` and `figures.maps`.

A figure is an SVG file plus everything that makes it readable without seeing it: a title,
a text alternative written from the data, the data table behind it and that table as CSV.
Files live under `charts/` at the site root (one copy, not one per language tree); `src` and
`csv` are paths relative to the site root.

A downloaded file must stand on its own (decision 0012): its `Provenance` (title, source
tables, data version, licence, demonstration notice) goes into every row of its CSV and
into its SVG's `<metadata>`; the SVG also shows the source line, and the notice, as text.
"""

from __future__ import annotations

import csv
import html
import io
from dataclasses import asdict, dataclass, field

from build_scripts.i18n import Translator

CHARTS_DIR = "charts"
# Columns every chart and map CSV ends with, the same value in every row of a file.
PROVENANCE_COLUMNS = [
    "demonstration",
    "notice",
    "title",
    "data_version",
    "source",
    "licence",
    "attribution",
]


@dataclass
class Figure:
    id: str  # unique per page and language, also the HTML id
    src: str  # SVG path relative to the site root, e.g. "charts/lsg-80012-users--en.svg"
    title: str
    alt: str  # the text alternative: what the figure shows, in words, from the data
    columns: list[str]  # data table header (in the page's language)
    rows: list[list[str]]  # data table cells, formatted for the page's locale
    csv: str  # CSV path relative to the site root
    interactive: bool = False  # maps: regions are links, embedded with <object>
    width: int = 640
    height: int = 320
    notes: list[str] = field(default_factory=list)  # e.g. attribution, territory without data


@dataclass(frozen=True)
class Provenance:
    """What a chart or map file says about itself, in its page's language."""

    lang: str  # BCP 47 code of the page's language
    title: str
    source: str  # the package and the tables the figure is drawn from
    version: str  # the data package's version
    licence: str  # licence name(s) and URL(s)
    notice: str  # the demonstration notice; empty when no value is a demonstration value
    credit: str  # source, data version and licence in one sentence, drawn in the image
    attribution: str  # the line other owners' licences require (maps: the boundaries' ODbL)

    @property
    def demonstration(self) -> bool:
        return bool(self.notice)

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def provenance(
    tr: Translator,
    package: dict,
    title: str,
    tables: list[str],
    licence: str | None = None,
    attribution: str = "",
    demonstration: bool | None = None,
) -> Provenance:
    """The provenance of a figure drawn from `tables` (resource names of `package`): a
    demonstration notice when any of them holds demonstration values; `licence` defaults
    to the package's licence(s); `attribution` is the line other owners' licences require
    (the boundaries' ODbL attribution on maps); `demonstration` overrides the tables' flag
    when the figure shows only some rows of them (one LSG's own values)."""
    resources = {r["name"]: r for r in package["resources"]}
    unknown = sorted(set(tables) - set(resources))
    if unknown:
        raise KeyError(f"datapackage.json: no resource named {unknown}")
    name = tr.sr(package["title_sr"]) if tr.lang.serbian else package["title"]
    source = f"{name} ({', '.join(resources[t]['path'] for t in tables)})"
    licence = licence if licence is not None else package_licence(package)
    if demonstration is None:
        demonstration = any(resources[t].get("demonstration") for t in tables)
    credit = tr.t("figure.credit", source=source, version=package["version"], licence=licence)
    return Provenance(
        lang=tr.lang.code,
        title=title,
        source=source,
        version=package["version"],
        licence=licence,
        notice=tr.t("data.demo.metadata") if demonstration else "",
        credit=credit,
        attribution=attribution,
    )


def package_licence(package: dict) -> str:
    """The package's licence(s) as 'NAME URL', e.g. 'CC-BY-4.0 https://…/by/4.0/'."""
    licences = package.get("licenses") or []
    if not licences:
        raise ValueError("datapackage.json: no licence in 'licenses'")
    return "; ".join(f"{x['name']} {x['path']}" for x in licences)


def table_csv(header: list[str], rows: list[list[object]], about: Provenance) -> bytes:
    """A figure's data as CSV: UTF-8 with a byte order mark (Excel then reads Cyrillic and
    č/ć/š/ž right; pandas and csv with utf-8-sig skip it), comma-separated, unformatted
    numbers, LF line ends; the provenance columns end every row."""
    tail = [
        str(about.demonstration).lower(),
        about.notice,
        about.title,
        about.version,
        about.source,
        about.licence,
        about.attribution,
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header + PROVENANCE_COLUMNS)
    writer.writerows(list(row) + tail for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def svg_metadata(about: Provenance) -> str:
    """The SVG `<metadata>` element: Dublin Core title, description (demonstration notice
    and credit: source, data version, licence; other owners' attribution), source, rights
    (licence) and language; all text escaped."""
    fields = [
        ("title", about.title),
        ("description", " ".join(x for x in (about.notice, about.credit, about.attribution) if x)),
        ("source", about.source),
        ("rights", about.licence),
        ("language", about.lang),
    ]
    body = "".join(f"<dc:{tag}>{html.escape(value)}</dc:{tag}>" for tag, value in fields)
    return (
        "<metadata><rdf:RDF "
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:cc="http://creativecommons.org/ns#">'
        f"<cc:Work>{body}</cc:Work></rdf:RDF></metadata>"
    )
