"""Import, step 5: merge the records into the package's CSV, touching nothing else.

The rows of the file's scope (services: the LSGs and years in the input; indicators: the
LSGs, indicators and years in the input) are replaced; every other row is kept as the
exact bytes it was, in its place. New rows are written the way the package's CSVs are
(the file's own line ending and BOM, minimal quoting) and go where the file's order puts
them: LSG in lsg.csv order, then service type and year, or year and indicator.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from build_scripts.errors import Problem
from build_scripts.importer.names import Names
from build_scripts.importer.rows import Key, Record
from build_scripts.storage import write_atomic as write_atomic  # re-exported to the importer
from build_scripts.validate import display_path, validate_package

LATE = 10**9  # order of a code the tables do not know: after every known one


@dataclass
class Change:
    target: Path
    added: list[tuple[Key, str, int]] = field(default_factory=list)  # key, line, input row
    changed: list[tuple[Key, str, str, int]] = field(default_factory=list)
    removed: list[tuple[Key, str]] = field(default_factory=list)
    unchanged: int = 0
    kept: int = 0  # rows outside the scope, untouched
    line_of: dict[Key, int] = field(default_factory=dict)  # new row -> its line in the file

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def split_records(text: str) -> list[tuple[list[str], str]]:
    """Each CSV record with the exact text it occupies (a quoted cell may span lines)."""
    lines = re.findall(r"[^\n]*\n|[^\n]+$", text)
    reader = csv.reader(lines)
    out, start = [], 0
    for row in reader:
        out.append((row, "".join(lines[start : reader.line_num])))
        start = reader.line_num
    return out


def _line_end(raw: str) -> str:
    return raw[len(raw.rstrip("\r\n")) :]


class Merger:
    def __init__(self, names: Names, resource: str):
        self.names, self.resource = names, resource
        self.code_field = "service_type_code" if resource == "services" else "indicator_code"
        codes = names.service_types if resource == "services" else names.indicators
        self.code_order = codes.order

    def order(self, key: Key) -> tuple:
        lsg = self.names.lsg_order.get(key[0], LATE)
        code = self.code_order.get(key[1], LATE)
        if self.resource == "services":
            return (lsg, code, key[2])
        return (lsg, key[2], code)

    def in_scope(self, key: Key, scope: set[tuple]) -> bool:
        if self.resource == "services":
            return (key[0], key[2]) in scope
        return key in scope

    def plan(
        self,
        target: Path,
        records: dict[Key, Record],
        scope: set[tuple],
        raw: bytes | None = None,
    ) -> tuple[bytes, Change]:
        """The file with `records` in place of the rows of `scope`; `raw`: the file's
        bytes when they are not (yet) those on disk."""
        raw = target.read_bytes() if raw is None else raw
        bom = raw.startswith(b"\xef\xbb\xbf")
        text = raw.decode("utf-8-sig")
        records_in_file = split_records(text)
        (header, header_raw), body = records_in_file[0], records_in_file[1:]
        newline = _line_end(header_raw) or "\n"
        at = {name: i for i, name in enumerate(header)}
        change = Change(target)
        kept: list[tuple[tuple, str]] = []
        old: dict[Key, str] = {}
        for row, line in body:
            try:
                key = (row[at["lsg_code"]], row[at[self.code_field]], int(row[at["year"]]))
            except (IndexError, ValueError):
                kept.append(((LATE,), line))
                continue
            if self.in_scope(key, scope):
                old[key] = line
            else:
                kept.append((self.order(key), line))
        change.kept = len(kept)
        new: list[tuple[tuple, str, Key]] = []
        for key, record in records.items():
            line = self.format(header, key, record.values, newline)
            new.append((self.order(key), line, key))
            if key not in old:
                change.added.append((key, line.rstrip("\r\n"), record.row))
            elif old[key].rstrip("\r\n") != line.rstrip("\r\n"):
                change.changed.append(
                    (key, old[key].rstrip("\r\n"), line.rstrip("\r\n"), record.row)
                )
            else:
                change.unchanged += 1
        change.removed = [(k, v.rstrip("\r\n")) for k, v in old.items() if k not in records]
        new.sort()
        out = [header_raw if _line_end(header_raw) else header_raw + newline]
        i = j = 0
        while i < len(kept) or j < len(new):
            if j < len(new) and (i >= len(kept) or new[j][0] < kept[i][0]):
                line, key = new[j][1], new[j][2]
                change.line_of[key] = len(out) + 1
                j += 1
            else:
                line = kept[i][1]
                i += 1
            if not _line_end(out[-1]):
                out[-1] += newline
            out.append(line)
        data = "".join(out).encode("utf-8")
        return (b"\xef\xbb\xbf" + data if bom else data), change

    def format(self, header: list[str], key: Key, values: dict[str, str], newline: str) -> str:
        cells = {"lsg_code": key[0], self.code_field: key[1], "year": str(key[2]), **values}
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator=newline).writerow([cells.get(h, "") for h in header])
        return buffer.getvalue()


# -- staging and validation ----------------------------------------------------------------


def resource_path(descriptor: dict[str, Any], package: Path, name: str) -> Path:
    for resource in descriptor["resources"]:
        if resource.get("name") == name:
            return package.parent / resource["path"]
    raise KeyError(name)


def validate_with(package: Path, descriptor: dict[str, Any], staged: dict[Path, bytes]):
    """Validate the package as it would be with each file of `staged` holding its new
    bytes, in a scratch copy: problems are reported against the real file names."""
    staged = {path.resolve(): data for path, data in staged.items()}
    with tempfile.TemporaryDirectory(prefix="socprot-import-") as tmp:
        scratch = Path(tmp)
        shutil.copy(package, scratch / package.name)
        renames = {}
        for resource in descriptor["resources"]:
            source = package.parent / resource.get("path", "")
            copy = scratch / resource.get("path", "")
            copy.parent.mkdir(parents=True, exist_ok=True)
            if source.resolve() in staged:
                copy.write_bytes(staged[source.resolve()])
            elif source.is_file():
                shutil.copy(source, copy)
            renames[display_path(copy)] = display_path(source)
        problems, _ = validate_package(scratch / package.name)
    return [replace(p, file=renames.get(p.file, p.file)) for p in problems]


def validate_written(package: Path) -> list[Problem]:
    return validate_package(package)[0]
