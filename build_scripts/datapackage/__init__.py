"""The data package as files: resources read as published (rows as text, values typed by
their Table Schema), the foreign keys that name an LSG, and deterministic zips.

Shared by the downloads and the release history (the stages' order: `pipeline`).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from build_scripts.datapackage import rowsource

LSG_RESOURCE = "lsg"
TRUE_VALUES = ["true", "True", "TRUE", "1"]


@dataclass
class Table:
    """One resource as published: its descriptor, its raw bytes and its rows as text."""

    name: str
    resource: dict
    raw: bytes
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)

    @property
    def tabular(self) -> bool:
        return is_tabular(self.resource)

    @property
    def fields(self) -> list[dict]:
        return self.resource["schema"]["fields"]

    def records(self, rows: Iterable[list[str]] | None = None) -> list[list[object]]:
        """Rows with typed values (None for a missing value), in header order."""
        by_name = {f["name"]: f for f in self.fields}
        specs = [by_name.get(h, {}) for h in self.header]
        missing = set(self.resource["schema"].get("missingValues", [""]))
        return [
            [typed(v, f, missing) for v, f in zip(row, specs, strict=True)]
            for row in (self.rows if rows is None else rows)
        ]


def is_tabular(resource: dict) -> bool:
    return bool(resource.get("schema")) and str(resource.get("path", "")).endswith(".csv")


def typed(value: str, spec: dict, missing: set[str]) -> object:
    """A cell as JSON/XLSX value, by its Table Schema type; missing values become None."""
    if value in missing:
        return None
    kind = spec.get("type", "string")
    if kind == "integer":
        return int(value)
    if kind == "number":
        return int(value) if value.lstrip("-").isdigit() else float(value)
    if kind == "boolean":
        return value in spec.get("trueValues", TRUE_VALUES)
    return value


def parse_csv(raw: bytes) -> tuple[list[str], list[list[str]]]:
    records = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    header, rows = records[0], records[1:]
    width = len(header)
    return header, [(r + [""] * width)[:width] for r in rows if r]


def read_tables(descriptor: dict, read: Callable[[str], bytes]) -> dict[str, Table]:
    """Every resource of the package; `read(path)` returns a file's bytes."""
    tables = {}
    for resource in descriptor["resources"]:
        table = Table(resource["name"], resource, read(resource["path"]))
        if table.tabular:
            table.header, table.rows = parse_csv(table.raw)
        tables[table.name] = table
    return tables


def load(package_path: Path) -> tuple[bytes, dict, dict[str, Table]]:
    """datapackage.json's bytes, its descriptor and every resource."""
    raw = package_path.read_bytes()
    descriptor = json.loads(raw)
    base = package_path.parent
    tables = read_tables(descriptor, lambda p: (base / p).read_bytes())
    return raw, rowsource.annotate(descriptor, rowsource.from_text_tables(tables)), tables


def references(resource: dict) -> list[tuple[str, str, str]]:
    """(field, referenced resource, referenced field) of the single-field foreign keys."""
    out = []
    for fk in resource.get("schema", {}).get("foreignKeys", []):
        fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
        ref = fk["reference"]
        ref_fields = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
        if len(fields) == 1:
            out.append((fields[0], ref["resource"] or resource["name"], ref_fields[0]))
    return out


def lsg_fields(resource: dict) -> list[str]:
    """The fields of a resource that name an LSG: lsg's own key, else foreign keys to it."""
    if resource["name"] == LSG_RESOURCE:
        return list(resource["schema"]["primaryKey"][:1])
    return [f for f, target, _ in references(resource) if target == LSG_RESOURCE]


# -- deterministic containers ---------------------------------------------------------------


# A zip entry's time: year, month, day, hour, minute, second
ZipTime = tuple[int, int, int, int, int, int]


def release_time(descriptor: dict) -> ZipTime:
    """The package's `created` date as zip timestamp (1980-01-01 when absent): never the
    build time, so that the same data gives the same bytes."""
    created = descriptor.get("created")
    if not created:
        return (1980, 1, 1, 0, 0, 0)
    when = dt.datetime.fromisoformat(created.replace("Z", "+00:00"))
    return (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)


def zip_bytes(entries: Iterable[tuple[str, bytes]], when: ZipTime, comment: str = "") -> bytes:
    """A zip whose bytes depend only on the entries: fixed times, modes and order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            archive.writestr(info, data, compresslevel=9)
        archive.comment = comment.encode("utf-8")
    return buffer.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
