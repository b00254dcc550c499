"""Data releases: the published versions kept as snapshots, and what changed between them.

A release is the data package at one `version`. When a version is published, its zip (the
same bytes as the download: datapackage.json, the CSVs, the validation report) is kept in
`datasets/releases/<package>-<version>.zip` by

    python -m build_scripts release-snapshot

The data package and the validator never read that folder (resources are named in
datapackage.json). The current release is always built from `datasets/` itself; its
previous release is the newest snapshot with a lower version. Changes are computed row by
row on the primary keys: rows added, removed and changed (with the fields that changed),
and indexed by the LSGs the rows name. See docs/decisions/0003-releases.md.
"""

from __future__ import annotations

import io
import json
import logging
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import SupportsFloat

from build_scripts import messages
from build_scripts.datapackage import is_tabular, lsg_fields, read_tables
from build_scripts.paths import DATASETS

log = logging.getLogger("build_scripts")

FOLDER = "releases"  # beside datapackage.json
REPORT_NAME = "validation-report.json"
RELEASES_DIR = DATASETS / FOLDER
KINDS = ("added", "removed", "changed")
Rows = dict[str, list[dict[str, object]]]  # resource name -> rows as typed dicts


def version_key(version: str) -> tuple:
    """'1.10.0' sorts after '1.9.2'; anything that is not a number sorts as text."""
    return tuple(
        (0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.\-+]", version)
    )


@dataclass(frozen=True)
class Release:
    """One published version: its zip (as downloaded) and its validation report."""

    version: str
    created: str | None
    data: bytes
    report: bytes | None

    @cached_property
    def contents(self) -> tuple[dict, Rows]:
        return load_release(self.data)


def _package_member(archive: zipfile.ZipFile) -> str:
    names = [n for n in archive.namelist() if PurePosixPath(n).name == "datapackage.json"]
    return min(names, key=lambda n: n.count("/"))


def release_from_zip(data: bytes) -> Release:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        descriptor = json.loads(archive.read(_package_member(archive)))
    return Release(descriptor["version"], descriptor.get("created"), data, report_from_zip(data))


def report_from_zip(data: bytes) -> bytes | None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        folder = PurePosixPath(_package_member(archive)).parent
        name = str(folder / REPORT_NAME) if str(folder) != "." else REPORT_NAME
        return archive.read(name) if name in archive.namelist() else None


def load_release(data: bytes) -> tuple[dict, Rows]:
    """A release zip's descriptor and rows."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        member = PurePosixPath(_package_member(archive))
        descriptor = json.loads(archive.read(str(member)))

        def read(path: str) -> bytes:
            return archive.read(str(member.parent / path) if str(member.parent) != "." else path)

        tables = read_tables(descriptor, read)
    return descriptor, rows_of_tables(tables)


def snapshots(folder: Path) -> list[Release]:
    """The releases kept in `folder` (datasets/releases/), oldest first."""
    found = [release_from_zip(p.read_bytes()) for p in sorted(folder.glob("*.zip"))]
    return sorted(found, key=lambda r: version_key(r.version))


def published(package_path: Path, current_zip: Callable[[], bytes]) -> list[Release]:
    """Every release to publish: the kept snapshots of earlier versions and the current one
    (built by `current_zip`), oldest first."""
    current = release_from_zip(current_zip())
    kept = snapshots(package_path.parent / FOLDER)
    earlier = [r for r in kept if r.version != current.version]
    kept = [r for r in kept if r.version == current.version]
    if kept and kept[0].data != current.data:
        log.warning(messages.say("releases", "changed_after_release", version=current.version))
    return sorted([*earlier, current], key=lambda r: version_key(r.version))


# -- rows --------------------------------------------------------------------------------------


def rows_of_tables(tables: dict) -> Rows:
    rows: Rows = {}
    for table in tables.values():
        if table.tabular:
            rows[table.name] = [dict(zip(table.header, r, strict=True)) for r in table.records()]
    return rows


def _plain(value: object, missing: set[str]) -> object:
    if value is None or value != value or str(value) == "<NA>":  # None, NaN, pd.NA
        return None
    if isinstance(value, str) and value in missing:
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def rows_of_frames(descriptor: dict, frames: dict) -> Rows:
    """Rows of pandas frames (the derived tables), typed like `rows_of_tables`."""
    rows: Rows = {}
    for resource in descriptor["resources"]:
        frame = frames.get(resource["name"])
        if frame is None or not is_tabular(resource):
            continue
        missing = set(resource["schema"].get("missingValues", [""]))
        names = [f["name"] for f in resource["schema"]["fields"] if f["name"] in frame.columns]
        records = frame.reset_index(drop=True)[names].to_dict("records")
        rows[resource["name"]] = [{k: _plain(v, missing) for k, v in r.items()} for r in records]
    return rows


# -- comparison ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowChange:
    resource: str
    kind: str  # added | removed | changed
    key: tuple[tuple[str, object], ...]
    before: dict | None
    after: dict | None
    fields: tuple[str, ...] = ()
    lsgs: frozenset[str] = frozenset()


@dataclass
class Comparison:
    """What changed from `previous` to `current` (no previous: the first release)."""

    current: str
    previous: str | None
    changes: list[RowChange] = field(default_factory=list)
    resources_added: list[str] = field(default_factory=list)
    resources_removed: list[str] = field(default_factory=list)
    fields_added: dict[str, list[str]] = field(default_factory=dict)
    fields_removed: dict[str, list[str]] = field(default_factory=dict)

    @cached_property
    def by_lsg(self) -> dict[str, list[RowChange]]:
        index: dict[str, list[RowChange]] = {}
        for change in self.changes:
            for code in sorted(change.lsgs):
                index.setdefault(code, []).append(change)
        return index

    def for_lsg(self, code: str) -> list[RowChange]:
        return self.by_lsg.get(code, [])

    def counts(self, changes: Iterable[RowChange] | None = None) -> dict[str, dict[str, int]]:
        """Per resource: how many rows were added, removed and changed."""
        out: dict[str, dict[str, int]] = {}
        for change in self.changes if changes is None else changes:
            per = out.setdefault(change.resource, dict.fromkeys(KINDS, 0))
            per[change.kind] += 1
        return out


def _key_fields(resource: dict, names: list[str]) -> list[str]:
    key = resource.get("schema", {}).get("primaryKey") or names
    return [key] if isinstance(key, str) else list(key)


def _sort_key(value: object) -> tuple:
    return (value is None, str(type(value)), value if value is not None else 0)


def compare(previous: tuple[dict, Rows] | None, current: tuple[dict, Rows]) -> Comparison:
    """Row-level changes between two releases, matched on each resource's primary key."""
    descriptor, rows = current
    if previous is None:
        return Comparison(descriptor["version"], None)
    old_descriptor, old_rows = previous
    result = Comparison(descriptor["version"], old_descriptor["version"])
    old_resources = {r["name"]: r for r in old_descriptor["resources"]}
    result.resources_added = [n for n in rows if n not in old_rows]
    result.resources_removed = [n for n in old_rows if n not in rows]
    for resource in descriptor["resources"]:
        name = resource["name"]
        if name not in rows or name not in old_rows:
            continue
        names = [f["name"] for f in resource["schema"]["fields"]]
        old_names = [f["name"] for f in old_resources[name]["schema"]["fields"]]
        if names != old_names:
            result.fields_added[name] = [n for n in names if n not in old_names]
            result.fields_removed[name] = [n for n in old_names if n not in names]
        key = [k for k in _key_fields(resource, names) if k in old_names]
        common = [n for n in names if n in old_names and n not in key]
        where = [f for f in lsg_fields(resource) if f in names]
        old_where = [f for f in lsg_fields(old_resources[name]) if f in old_names]
        new = {tuple(r.get(k) for k in key): r for r in rows[name]}
        old = {tuple(r.get(k) for k in key): r for r in old_rows[name]}
        found = []
        for k in new.keys() - old.keys():
            found.append(_change(name, "added", key, k, None, new[k], (), where))
        for k in old.keys() - new.keys():
            found.append(_change(name, "removed", key, k, old[k], None, (), old_where))
        for k in new.keys() & old.keys():
            differ = tuple(n for n in common if not _same(old[k].get(n), new[k].get(n)))
            if differ:
                found.append(_change(name, "changed", key, k, old[k], new[k], differ, where))
        found.sort(key=lambda c: (KINDS.index(c.kind), [_sort_key(v) for _, v in c.key]))
        result.changes += found
    return result


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(_number(a) - _number(b)) < 1e-9
    return a == b


def _number(value: object) -> float:
    """float(value), for what a typed cell holds (TypeError for anything else, as float)."""
    if isinstance(value, str | SupportsFloat):
        return float(value)
    raise TypeError(f"not a number: {value!r}")


def _change(resource, kind, key, values, before, after, fields, where) -> RowChange:
    row = after if after is not None else before
    lsgs = frozenset(str(row[f]) for f in where if row.get(f) not in (None, ""))
    return RowChange(
        resource, kind, tuple(zip(key, values, strict=True)), before, after, fields, lsgs
    )


# -- history ---------------------------------------------------------------------------------------


@dataclass
class Entry:
    """One release in the changelog, compared with the one before it."""

    version: str
    created: str | None
    comparison: Comparison
    current: bool
    rows: Rows


def history(current: tuple[dict, Rows], folder: Path) -> list[Entry]:
    """Every release, newest first: the current one (from datasets/) compared with the
    newest earlier snapshot in `folder`, each snapshot with the one before it."""
    descriptor, rows = current
    key = version_key(descriptor["version"])
    earlier = [r for r in snapshots(folder) if version_key(r.version) < key]
    previous = earlier[-1].contents if earlier else None
    entries = [
        Entry(
            descriptor["version"],
            descriptor.get("created"),
            compare(previous, current),
            True,
            rows,
        )
    ]
    for i in range(len(earlier) - 1, -1, -1):
        release, before = earlier[i], earlier[i - 1].contents if i else None
        comparison = compare(before, release.contents)
        entries.append(
            Entry(release.version, release.created, comparison, False, release.contents[1])
        )
    return entries
