"""After MkDocs: the data downloads, written once into site/data/ for every language.

Every tabular resource as CSV (UTF-8, as published in datasets/, for code), as an XLSX
workbook (typed cells: what spreadsheets open right whatever their regional settings, see
docs/decisions/0010-spreadsheets-as-xlsx.md) and as JSON; one XLSX workbook of every table;
the data package as a zip (with its validation report); per-LSG slices (XLSX and a zipped
mini data package); DCAT-AP, CSVW and the package descriptor; SHA256SUMS. Every workbook
has a README sheet.

Same data, same bytes: zip entries carry the package's `created` date, never the build
time; workbooks carry it as created/modified date; JSON keys are in a fixed order.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import logging
import shutil
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

import frictionless
from babel.lists import format_list
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from build_scripts import messages
from build_scripts.address import public_address
from build_scripts.datapackage import (
    LSG_RESOURCE,
    Table,
    load,
    lsg_fields,
    references,
    release_time,
    sha256,
    zip_bytes,
)
from build_scripts.datapackage.rowsource import ROW_TABLES, STATUS_FILE, status_csv
from build_scripts.downloads import metadata, releases
from build_scripts.downloads.metadata import Files
from build_scripts.errors import ValidationFailed
from build_scripts.i18n import catalog
from build_scripts.paths import CACHE
from build_scripts.validate import validate_package

log = logging.getLogger("build_scripts")

README_LANGUAGES = ("sr-Latn", "en")


# -- formats ---------------------------------------------------------------------------


def resource_json(table: Table, descriptor: dict, rows: list[list[str]] | None = None) -> bytes:
    """The resource's metadata (licence, version, demonstration flag, schema) and its rows
    as objects, typed by the schema."""
    r = table.resource
    head = {
        "name": r["name"],
        "title": r.get("title"),
        "title_sr": r.get("title_sr"),
        "description": r.get("description"),
        "description_sr": r.get("description_sr"),
        "demonstration": bool(r.get("demonstration")),
        # how many LSGs reported the figures of the latest year (rows with provenance only)
        **({"reporting": descriptor["reporting"]} if r["name"] in ROW_TABLES else {}),
        "package": descriptor["name"],
        "version": descriptor["version"],
        "created": descriptor.get("created"),
        "licenses": metadata.licences(r, descriptor),
        "sources": r.get("sources", []),
        "schema": r["schema"],
    }
    data = [dict(zip(table.header, rec, strict=True)) for rec in table.records(rows)]
    return (json.dumps({**head, "data": data}, ensure_ascii=False) + "\n").encode("utf-8")


def rows_csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    return out.getvalue().encode("utf-8")


# -- workbook ---------------------------------------------------------------------------


def _bilingual(key: str, **params: object) -> list[str]:
    params = {**metadata.WORDS, **params}
    return [catalog(code)[key].format(**params) for code in README_LANGUAGES]


def _label(key: str) -> str:
    return " / ".join(_bilingual(key))


def readme_rows(descriptor: dict, sheets: list[tuple[Table, int]], extra: list | None) -> list:
    """The README sheet, in Serbian and English: what the workbook holds, the demonstration
    notice, version, licence, how to cite, sources and the list of sheets."""
    site = public_address()
    licences = "; ".join(
        f"{x.get('title', x['name'])} <{x['path']}>" for x in descriptor["licenses"]
    )
    rows: list[list] = [
        ["", *_bilingual("data.readme.language")],
        [_label("data.readme.title"), descriptor.get("title_sr", ""), descriptor["title"]],
        [
            _label("data.readme.description"),
            descriptor.get("description_sr", ""),
            descriptor["description"],
        ],
        *(extra or []),
    ]
    demo = [t.resource for t, _ in sheets if t.resource.get("demonstration")]
    if demo:
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
            said = metadata.texts("reporting.share", year=share["year"], **counts)
            notes = [
                f"{note} {said[code]}" for note, code in zip(notes, README_LANGUAGES, strict=True)
            ]
        rows.append([_label("data.readme.demonstration"), *notes])
    rows += [
        [_label("data.readme.version"), descriptor["version"], descriptor["version"]],
        [_label("data.readme.created"), *[descriptor.get("created", "")[:10]] * 2],
        [_label("data.readme.licence"), licences, licences],
    ]
    if site:  # without a public address, no link at all rather than a made-up one
        rows.append(
            [
                _label("data.readme.dictionary"),
                f"{site}data/dictionary/",
                f"{site}en/data/dictionary/",
            ]
        )
    cite_key = "data.readme.cite_text" if site else "data.readme.cite_text_no_address"
    rows += [
        [
            _label("data.readme.cite"),
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
        ],
    ]
    for source in descriptor.get("sources", []):
        rows.append([_label("data.readme.source"), source["title"], source["title"]])
    rows.append([])
    rows.append(
        [
            _label("data.readme.sheet"),
            catalog("sr-Latn")["data.readme.title"],
            catalog("en")["data.readme.title"],
            _label("data.readme.rows"),
            _label("data.readme.demonstration"),
        ]
    )
    for table, count in sheets:
        r = table.resource
        yes_no = "yes" if r.get("demonstration") else "no"
        rows.append([table.name, r.get("title_sr", ""), r.get("title", ""), count, _label(yes_no)])
    return rows


def _cells(ws, values: Iterable[object], font: Font | None = None) -> list[WriteOnlyCell]:
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
    extra_readme: list | None = None,
) -> bytes:
    """One workbook: README first, then a sheet per resource with typed cells; the release
    date as created/modified date and the licence as a document property."""
    wb = Workbook(write_only=True)
    when = dt.datetime(*release_time(descriptor))
    props = wb.properties
    props.created = props.modified = when
    props.creator = props.lastModifiedBy = metadata.publisher(descriptor)
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


# -- per-LSG slices ----------------------------------------------------------------------


class SliceIndex:
    """Where each LSG's rows are, found in one pass over the tables (a slice per LSG by
    scanning every table would grow with the square of the number of LSGs)."""

    def __init__(self, tables: dict[str, Table]):
        self.tables = tables
        self.rows: dict[str, dict[str, list[list[str]]]] = {}
        for table in tables.values():
            if not table.tabular or table.name == LSG_RESOURCE:
                continue
            columns = [table.header.index(c) for c in lsg_fields(table.resource)]
            if not columns:
                continue
            by_code: dict[str, list[list[str]]] = {}
            for row in table.rows:
                for code in dict.fromkeys(row[i] for i in columns):
                    by_code.setdefault(code, []).append(row)
            self.rows[table.name] = by_code
        lsg = tables[LSG_RESOURCE]
        self.key = lsg.header.index(lsg_fields(lsg.resource)[0])
        self.position = {row[self.key]: i for i, row in enumerate(lsg.rows)}
        self.parents = [
            lsg.header.index(f)
            for f, target, _ in references(lsg.resource)
            if target == LSG_RESOURCE
        ]

    def slice(self, code: str) -> dict[str, list[list[str]]]:
        """The rows about one LSG, plus the rows they refer to, so that the slice is a
        valid data package: code lists in full, referenced LSGs (IMC partners, Belgrade)."""
        tables = self.tables
        chosen: dict[str, list[list[str]]] = {}
        for name, by_code in self.rows.items():
            if code in by_code:
                chosen[name] = by_code[code]
        pending = list(chosen)
        while pending:  # code lists referenced by what is included, transitively
            for _, target, _ in references(tables[pending.pop()].resource):
                if target not in chosen and target != LSG_RESOURCE and target in tables:
                    chosen[target] = tables[target].rows
                    pending.append(target)
        lsg = tables[LSG_RESOURCE]
        codes = {code}
        for name, rows in chosen.items():
            for column in lsg_fields(tables[name].resource):
                i = tables[name].header.index(column)
                codes.update(r[i] for r in rows if r[i])
        while True:  # the LSGs those LSGs belong to (a Belgrade city municipality: Belgrade)
            more = {
                lsg.rows[self.position[c]][p]
                for c in codes
                if c in self.position
                for p in self.parents
                if lsg.rows[self.position[c]][p]
            } - codes
            if not more:
                break
            codes |= more
        chosen[LSG_RESOURCE] = [
            lsg.rows[i] for i in sorted(self.position[c] for c in codes if c in self.position)
        ]
        return {name: chosen[name] for name in tables if name in chosen}


def slice_descriptor(descriptor: dict, names: Iterable[str], lsg_row: dict) -> dict:
    names = set(names)
    sliced = json.loads(json.dumps(descriptor))
    sliced["name"] = f"{descriptor['name']}-{lsg_row['slug']}"
    sliced["title"] = f"{descriptor['title']}: {lsg_row['name_en']}"
    if "title_sr" in sliced:
        sliced["title_sr"] = f"{descriptor['title_sr']}: {lsg_row['name_lat']}"
    sliced["resources"] = [r for r in sliced["resources"] if r["name"] in names]
    return sliced


def lsg_files(
    descriptor: dict, tables: dict[str, Table], files: Files, cache: Path | None = None
) -> Iterable[tuple[str, bytes]]:
    """Per LSG: a zipped mini data package (UTF-8 CSVs) and a workbook. With a cache, an
    LSG whose slice, package description and writing code are unchanged reuses its last
    files: one changed row writes one LSG's files, not every LSG's."""
    lsg = tables[LSG_RESOURCE]
    when = release_time(descriptor)
    index = SliceIndex(tables)
    code_digest = _code_digest() if cache is not None else ""
    used = set()
    for values in lsg.rows:
        row = dict(zip(lsg.header, values, strict=True))
        chosen = index.slice(row["code"])
        names = (files.lsg_zip(row["slug"]), files.lsg_workbook(row["slug"]))
        stored = None
        if cache is not None:
            key = hashlib.sha256(
                json.dumps([code_digest, descriptor, values, names, chosen]).encode()
            ).hexdigest()[:32]
            used.add(key)
            stored = cache / key
            if stored.is_dir():
                for name in names:
                    yield name, (stored / PurePosixPath(name).name).read_bytes()
                continue
        sliced = slice_descriptor(descriptor, chosen, row)
        folder = PurePosixPath(f"{row['slug']}-{descriptor['version']}")
        entries = [(str(folder / "datapackage.json"), _json(sliced, indent=2))]
        for name, rows in chosen.items():
            table = tables[name]
            entries.append((str(folder / table.resource["path"]), rows_csv(table.header, rows)))
        extra = [[" / ".join(_bilingual("data.readme.lsg")), row["name_lat"], row["name_en"]]]
        sheets = [(tables[name], rows) for name, rows in chosen.items()]
        made = (
            zip_bytes(entries, when, _zip_comment(sliced)),
            workbook_bytes(sliced, sheets, extra),
        )
        if stored is not None:
            fresh = stored.with_name(stored.name + ".tmp")
            fresh.mkdir(parents=True, exist_ok=True)
            for name, data in zip(names, made, strict=True):
                (fresh / PurePosixPath(name).name).write_bytes(data)
            fresh.rename(stored)
        yield from zip(names, made, strict=True)
    if cache is not None and cache.is_dir():  # forget LSG files no longer part of the site
        for old in cache.iterdir():
            if old.name not in used:
                shutil.rmtree(old, ignore_errors=True)


LIBRARIES = ("openpyxl", "frictionless", "babel")  # workbooks, validation report, lists
CODE = (
    "downloads/__init__",
    "downloads/metadata",
    "datapackage/__init__",
    "downloads/releases",
    "i18n",
    "translit",
    "datapackage/rowsource",
)


def _code_digest() -> str:
    """The code, message catalogs, libraries and site address that go into the downloads
    (the per-LSG files' cache key and, with the package, the whole set's)."""
    from importlib.metadata import version

    libraries = [f"{name}={version(name)}" for name in LIBRARIES]
    digest = hashlib.sha256("\0".join([*libraries, str(public_address())]).encode())
    here = Path(__file__).parent.parent
    paths = [here / f"{module}.py" for module in CODE]
    paths += sorted((here / "locales").glob("**/*.json")) + sorted(
        (here / "catalog").glob("**/*.json")
    )
    for path in paths:
        digest.update(str(path.relative_to(here)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


# -- the whole set -------------------------------------------------------------------------


def _json(document: object, indent: int | None = None) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=indent) + "\n").encode("utf-8")


def validation_report(package_path: Path, descriptor: dict, tables: dict[str, Table]) -> bytes:
    """Our validator's verdict on this release, as published (no dates: same data, same
    bytes). The build never gets here with invalid data; a snapshot refuses it."""
    problems, _ = validate_package(package_path)
    if problems:
        raise ValidationFailed(problems)
    report = {
        "package": descriptor["name"],
        "version": descriptor["version"],
        "valid": True,
        "validator": "python -m build_scripts validate",
        "frictionless": frictionless.__version__,
        "resources": [
            {
                "name": t.name,
                "path": t.resource["path"],
                "rows": len(t.rows) if t.tabular else None,
                "bytes": len(t.raw),
                "hash": "sha256:" + sha256(t.raw),
            }
            for t in tables.values()
        ],
        "problems": [],
    }
    return _json(report, indent=2)


def _zip_comment(descriptor: dict) -> str:
    licences = ", ".join(x["name"] for x in descriptor.get("licenses", []))
    return f"{descriptor['title']} {descriptor['version']} ({licences})"


def package_zip(package_path: Path, loaded: tuple | None = None) -> bytes:
    """The data package as released: datapackage.json, every resource file as published in
    datasets/ and the validation report, in a folder named after package and version."""
    raw, descriptor, tables = loaded or load(package_path)
    folder = PurePosixPath(f"{descriptor['name']}-{descriptor['version']}")
    entries = [(str(folder / "datapackage.json"), raw)]
    entries += [(str(folder / t.resource["path"]), t.raw) for t in tables.values()]
    report = validation_report(package_path, descriptor, tables)
    entries.append((str(folder / releases.REPORT_NAME), report))
    return zip_bytes(entries, release_time(descriptor), comment=_zip_comment(descriptor))


def render(package_path: Path, lsg_cache: Path | None = None) -> dict[str, bytes]:
    """Every download, by path under site/data/ (`lsg_cache`: see `lsg_files`)."""
    loaded = load(package_path)
    raw, descriptor, tables = loaded
    files = Files.of(descriptor)
    out: dict[str, bytes] = {Files.DATAPACKAGE: raw}
    for table in tables.values():
        if not table.tabular:  # published as it is, e.g. boundaries
            out[PurePosixPath(table.resource["path"]).name] = table.raw
            continue
        out[files.csv(table.name)] = table.raw
        out[files.xlsx(table.name)] = workbook_bytes(descriptor, [(table, table.rows)])
        out[files.json(table.name)] = resource_json(table, descriptor)
    out[files.workbook] = workbook_bytes(
        descriptor, [(t, t.rows) for t in tables.values() if t.tabular]
    )
    for release in releases.published(package_path, lambda: package_zip(package_path, loaded)):
        out[files.release_zip(release.version)] = release.data
        if release.report is not None:
            out[files.validation_report(release.version)] = release.report
    out.update(lsg_files(descriptor, tables, files, lsg_cache))
    out[STATUS_FILE] = status_csv(descriptor, tables)
    sizes = {path: (len(data), sha256(data)) for path, data in out.items()}
    out[Files.CSVW] = metadata.csvw(descriptor, files)
    out[Files.DCAT] = metadata.dcat(descriptor, files, sizes)
    out[Files.SUMS] = checksums(out)
    return out


def checksums(files: dict[str, bytes]) -> bytes:
    """`sha256sum -c SHA256SUMS` format, sorted by path."""
    return "".join(f"{sha256(data)}  {path}\n" for path, data in sorted(files.items())).encode()


def cache_key(package_path: Path) -> str:
    """Everything the downloads depend on: the package and its kept releases, plus the
    code, catalogs, library and site address (`_code_digest`)."""
    digest = hashlib.sha256(_code_digest().encode())
    base = package_path.parent
    descriptor = json.loads(package_path.read_bytes())
    inputs = [package_path] + [base / r["path"] for r in descriptor["resources"]]
    inputs += sorted((base / releases.FOLDER).glob("*.zip"))
    for path in inputs:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def write(package_path: Path, target: Path, cache: Path | None = CACHE) -> int:
    """Write every download into `target` (site/data/ of the new site, next to the data
    pages MkDocs wrote there). With a cache, unchanged inputs reuse the last files."""
    stored = cache / "downloads" / cache_key(package_path) if cache else None
    if stored is None or not stored.is_dir():
        out = render(package_path, cache / "downloads-lsg" if cache else None)
        if stored is not None:
            fresh = stored.with_name(stored.name + ".tmp")
            shutil.rmtree(fresh, ignore_errors=True)
            _write_files(out, fresh)
            for old in stored.parent.iterdir():
                if old != fresh:
                    shutil.rmtree(old, ignore_errors=True)
            fresh.rename(stored)
        else:
            _write_files(out, target)
            log.info("downloads written: %d files into %s", len(out), target)
            return len(out)
    shutil.copytree(stored, target, dirs_exist_ok=True)
    count = sum(1 for p in stored.rglob("*") if p.is_file())
    log.info("downloads written: %d files into %s", count, target)
    return count


def _write_files(out: dict[str, bytes], target: Path) -> None:
    for path, data in out.items():
        destination = target / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(data)


def keep_release(package_path: Path) -> tuple[Path, bool]:
    """Keep the current release's zip (the download, byte for byte) in datasets/releases/,
    so the next version's changes are computed against it; (path, newly written)."""
    data = package_zip(package_path)
    release = releases.release_from_zip(data)
    descriptor, _ = release.contents
    target = package_path.parent / releases.FOLDER / f"{descriptor['name']}-{release.version}.zip"
    if target.exists():
        if target.read_bytes() != data:
            raise ValueError(
                messages.say("releases", "snapshot_differs", path=target, version=release.version)
            )
        return target, False
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target, True
