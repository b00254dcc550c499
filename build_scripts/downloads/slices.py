"""Per-LSG downloads: for each LSG, a zipped mini data package (UTF-8 CSVs) and a workbook
with its rows and the rows they refer to, so that each slice is a valid data package."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from build_scripts.address import public_address
from build_scripts.datapackage import (
    LSG_RESOURCE,
    Table,
    lsg_fields,
    references,
    release_time,
    zip_bytes,
)
from build_scripts.downloads.caches import lsg_cache
from build_scripts.downloads.formats import json_bytes, rows_csv, zip_comment
from build_scripts.downloads.names import Files
from build_scripts.downloads.workbook import label, workbook_bytes


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
    descriptor: dict, tables: dict[str, Table], files: Files, cache_root: Path | None = None
) -> Iterator[tuple[str, bytes]]:
    """Per LSG: a zipped mini data package (UTF-8 CSVs) and a workbook. With a cache, an
    LSG whose slice, package description and writing code are unchanged reuses its last
    files: one changed row writes one LSG's files, not every LSG's."""
    lsg = tables[LSG_RESOURCE]
    index = SliceIndex(tables)
    cache = lsg_cache(cache_root)
    # the description once, not once per LSG
    described = hashlib.sha256(json.dumps(descriptor, sort_keys=True).encode()).hexdigest()
    address = public_address()
    for values in lsg.rows:
        row = dict(zip(lsg.header, values, strict=True))
        chosen = index.slice(row["code"])
        names = (files.lsg_zip(row["slug"]), files.lsg_workbook(row["slug"]))
        key = cache.key(address, described, values, names, chosen)
        stored = cache.get_tree(key)
        if stored is not None:
            for name in names:
                yield name, (stored / PurePosixPath(name).name).read_bytes()
            continue
        made = _lsg_files(descriptor, tables, row, chosen)
        cache.put_tree(
            key, {PurePosixPath(name).name: data for name, data in zip(names, made, strict=True)}
        )
        yield from zip(names, made, strict=True)
    cache.prune()  # forget LSG files no longer part of the site


def _lsg_files(
    descriptor: dict, tables: dict[str, Table], row: dict, chosen: dict[str, list[list[str]]]
) -> tuple[bytes, bytes]:
    """One LSG's zipped mini data package and its workbook."""
    sliced = slice_descriptor(descriptor, chosen, row)
    folder = PurePosixPath(f"{row['slug']}-{descriptor['version']}")
    entries = [(str(folder / "datapackage.json"), json_bytes(sliced, indent=2))]
    for name, rows in chosen.items():
        table = tables[name]
        entries.append((str(folder / table.resource["path"]), rows_csv(table.header, rows)))
    extra = [[label("data.readme.lsg"), row["name_lat"], row["name_en"]]]
    sheets = [(tables[name], rows) for name, rows in chosen.items()]
    return (
        zip_bytes(entries, release_time(descriptor), zip_comment(sliced)),
        workbook_bytes(sliced, sheets, extra),
    )
