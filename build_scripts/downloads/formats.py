"""The plain formats of a download: a resource as JSON (metadata and typed rows), rows as
UTF-8 CSV, a JSON document's bytes, and the comment a zip carries."""

from __future__ import annotations

import csv
import io
import json

from build_scripts.datapackage import Table
from build_scripts.datapackage.rowsource import ROW_TABLES
from build_scripts.downloads.metadata import licences


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
        "licenses": licences(r, descriptor),
        "sources": r.get("sources", []),
        "schema": r["schema"],
    }
    data = [dict(zip(table.header, rec, strict=True)) for rec in table.records(rows)]
    return (json.dumps({**head, "data": data}, ensure_ascii=False) + "\n").encode("utf-8")


def rows_csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    return out.getvalue().encode("utf-8")


def json_bytes(document: object, indent: int | None = None) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=indent) + "\n").encode("utf-8")


def zip_comment(descriptor: dict) -> str:
    licences = ", ".join(x["name"] for x in descriptor.get("licenses", []))
    return f"{descriptor['title']} {descriptor['version']} ({licences})"
