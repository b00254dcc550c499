"""The XLSX workbooks: typed cells (what spreadsheets open right whatever their regional
settings, see docs/decisions/0010-spreadsheets-as-xlsx.md), a README sheet first, in
Serbian and English: what the workbook holds, the demonstration notice, version, licence,
how to cite, sources and the list of sheets. Same data, same bytes: the package's
`created` date is the workbook's created/modified date and its zip entries' time.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence

from babel.lists import format_list
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.writer.excel import ExcelWriter

from build_scripts.address import public_address
from build_scripts.datapackage import Table, release_time, zip_bytes
from build_scripts.downloads.metadata import WORDS, publisher, texts
from build_scripts.i18n import catalog

README_LANGUAGES = ("sr-Latn", "en")
# A row of the README sheet: a label, then a value per language (and, in the list of
# sheets, counts).
Row = Sequence[object]


def readme_texts(key: str, **params: object) -> list[str]:
    """A catalog message in each language of the README sheet."""
    params = {**WORDS, **params}
    return [catalog(code)[key].format(**params) for code in README_LANGUAGES]


def label(key: str) -> str:
    """A README label: the message in Serbian and English, side by side."""
    return " / ".join(readme_texts(key))


def readme_rows(
    descriptor: dict, sheets: list[tuple[Table, int]], extra: Sequence[Row] | None
) -> list[Row]:
    """The README sheet, in Serbian and English: what the workbook holds, the demonstration
    notice, version, licence, how to cite, sources and the list of sheets."""
    site = public_address()
    licences = "; ".join(
        f"{x.get('title', x['name'])} <{x['path']}>" for x in descriptor["licenses"]
    )
    rows: list[Row] = [
        ["", *readme_texts("data.readme.language")],
        [label("data.readme.title"), descriptor.get("title_sr", ""), descriptor["title"]],
        [
            label("data.readme.description"),
            descriptor.get("description_sr", ""),
            descriptor["description"],
        ],
        *(extra or []),
    ]
    demo = [t.resource for t, _ in sheets if t.resource.get("demonstration")]
    if demo:
        rows.append([label("data.readme.demonstration"), *_demonstration_notes(descriptor, demo)])
    rows += [
        [label("data.readme.version"), descriptor["version"], descriptor["version"]],
        [label("data.readme.created"), *[descriptor.get("created", "")[:10]] * 2],
        [label("data.readme.licence"), licences, licences],
    ]
    if site:  # without a public address, no link at all rather than a made-up one
        rows.append(
            [
                label("data.readme.dictionary"),
                f"{site}data/dictionary/",
                f"{site}en/data/dictionary/",
            ]
        )
    rows.append(_cite_row(descriptor, site))
    for source in descriptor.get("sources", []):
        rows.append([label("data.readme.source"), source["title"], source["title"]])
    rows.append([])
    return rows + _sheet_rows(sheets)


def _demonstration_notes(descriptor: dict, demo: list[dict]) -> list[str]:
    """Which sheets hold demonstration data, and how many LSGs' figures are real."""
    notes = []
    for code, locale, stem in zip(
        README_LANGUAGES, ("sr_Latn", "en"), ("title_sr", "title"), strict=True
    ):
        names = [catalog(code)["data.quoted"].format(name=r.get(stem, r["name"])) for r in demo]
        notes.append(
            catalog(code)["data.demo.files"].format(names=format_list(names, locale=locale))
        )
    share = descriptor.get("reporting")
    if share and share.get("year"):  # how much is real: "Real figures for 3 of 145 LSGs"
        counts = {"real": share["lsg_reported"], "total": share["lsg_total"]}
        said = texts("reporting.share", year=share["year"], **counts)
        notes = [f"{note} {said[code]}" for note, code in zip(notes, README_LANGUAGES, strict=True)]
    return notes


def _cite_row(descriptor: dict, site: str | None) -> Row:
    cite_key = "data.readme.cite_text" if site else "data.readme.cite_text_no_address"
    return [
        label("data.readme.cite"),
        *(
            catalog(code)[cite_key].format(
                title=title, version=descriptor["version"], url=f"{site}{prefix}data/"
            )
            for code, title, prefix in zip(
                README_LANGUAGES,
                (descriptor.get("title_sr", descriptor["title"]), descriptor["title"]),
                ("", "en/"),
                strict=True,
            )
        ),
    ]


def _sheet_rows(sheets: list[tuple[Table, int]]) -> list[Row]:
    rows: list[Row] = [
        [
            label("data.readme.sheet"),
            catalog("sr-Latn")["data.readme.title"],
            catalog("en")["data.readme.title"],
            label("data.readme.rows"),
            label("data.readme.demonstration"),
        ]
    ]
    for table, count in sheets:
        r = table.resource
        yes_no = "yes" if r.get("demonstration") else "no"
        rows.append([table.name, r.get("title_sr", ""), r.get("title", ""), count, label(yes_no)])
    return rows


def _cells(
    ws: WriteOnlyWorksheet, values: Iterable[object], font: Font | None = None
) -> list[WriteOnlyCell]:
    cells = []
    for value in values:
        cell = WriteOnlyCell(ws, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # data text is never run as a formula
        if font is not None:
            cell.font = font
        cells.append(cell)
    return cells


def workbook_bytes(
    descriptor: dict,
    sheets: list[tuple[Table, list[list[str]]]],
    extra_readme: Sequence[Row] | None = None,
) -> bytes:
    """One workbook: README first, then a sheet per resource with typed cells; the release
    date as created/modified date and the licence as a document property."""
    wb = Workbook(write_only=True)
    when = dt.datetime(*release_time(descriptor))
    props = wb.properties
    props.created = props.modified = when
    props.creator = props.lastModifiedBy = publisher(descriptor)
    props.title = descriptor["title"]
    props.description = descriptor["description"]
    props.version = descriptor["version"]
    props.keywords = ", ".join(descriptor.get("keywords", []))
    for licence in descriptor.get("licenses", []):
        wb.custom_doc_props.append(StringProperty(name="License", value=licence["path"]))
    wb.custom_doc_props.append(StringProperty(name="Version", value=descriptor["version"]))
    bold = Font(bold=True)
    readme = wb.create_sheet("README")
    for column, width in zip("ABCDE", (30, 70, 70, 14, 24), strict=True):
        readme.column_dimensions[column].width = width
    for row in readme_rows(descriptor, [(t, len(rows)) for t, rows in sheets], extra_readme):
        cells = _cells(readme, row)
        if cells:
            cells[0].font = bold
        readme.append(cells)
    for table, rows in sheets:
        ws = wb.create_sheet(table.name[:31])
        if table.resource.get("demonstration"):
            ws.sheet_properties.tabColor = "C62828"
        ws.freeze_panes = "A2"
        for i, name in enumerate(table.header):
            ws.column_dimensions[get_column_letter(i + 1)].width = max(10, len(name) + 2)
        ws.append(_cells(ws, table.header, bold))
        for record in table.records(rows):
            ws.append(_cells(ws, record))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        entries = [(i.filename, archive.read(i)) for i in archive.infolist()]
    return zip_bytes(entries, release_time(descriptor))
