"""Import returned reporting templates (made by `report_template.py`), cell by cell.

A template is recognised by its very hidden `_obrazac` sheet; nothing is matched by name
and nothing is guessed: the LSG and year come from that sheet, each service type from its
row, each field from its column. Every file is its own unit: a file whose template version,
package, schema or year does not fit, whose locked cells were edited, or whose figures break
a rule (not a whole number, users above places, parts not adding up to the total, a provider
type not on the list) is refused with every reason, and nothing of it is written. The rows of
the accepted files replace their LSG's rows of that year (services: the LSG-year; indicators:
every indicator of the LSG-year), name the file's source, and the package is validated before
and after writing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl

from build_scripts.collection.report_template import META_SHEET
from build_scripts.collection.template_reader import FileResult, TemplateReader
from build_scripts.errors import Problem
from build_scripts.importer.base import ImportUnusable, say
from build_scripts.importer.merge import Merger, resource_path, validate_with, validate_written
from build_scripts.importer.names import Names
from build_scripts.importer.source import Source, resolve
from build_scripts.storage import write_atomic
from build_scripts.validate import display_path

__all__ = ["FileResult", "FolderResult", "is_template", "render", "run", "to_json"]


def is_template(path: Path) -> bool:
    """Whether `path` is a reporting template (an XLSX with the `_obrazac` sheet)."""
    if path.suffix.lower() != ".xlsx" or not path.is_file():
        return False
    try:
        wb = openpyxl.load_workbook(path, read_only=True)
    except Exception:  # not a workbook at all: the ordinary importer explains why
        return False
    try:
        return META_SHEET in wb.sheetnames
    finally:
        wb.close()


@dataclass
class FolderResult:
    files: list[FileResult]
    not_returned: list[dict[str, Any]]  # LSG rows without a file (when a year is known)
    year: int | None
    written: bool = False
    problems: list[Problem] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if any(f.status == "refused" for f in self.files) or self.problems else 0


@dataclass
class Staged:
    """The package's files as the accepted templates leave them, not written yet."""

    names: Names
    targets: dict[str, Path]  # services and indicators
    sources: Path  # sources.csv
    data: dict[Path, bytes]


def source_for(
    reader: TemplateReader, result: FileResult, given: str | None, sources: Path
) -> Source:
    """The file's source: `--source` when given, else the LSG's report for the year (a row of
    sources.csv, created when new)."""
    if given:
        return resolve(sources, given)
    lsg = reader.lsgs[result.lsg_code]
    return resolve(
        sources,
        f"report-{result.year}-{result.lsg_code}",
        say("tpl_source_title", year=result.year, name=lsg["name_lat"]),
        lsg["name_lat"],
    )


def run(
    paths: list[Path],
    package: Path,
    year: int | None = None,
    write: bool = False,
    source: str | None = None,
    folder: bool = False,
) -> FolderResult:
    reader = TemplateReader(package)
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    targets = {n: resource_path(descriptor, package, n) for n in ("services", "indicators")}
    sources_path = resource_path(descriptor, package, "sources")
    data = {path: path.read_bytes() for path in (*targets.values(), sources_path)}
    staged = Staged(Names(package.parent), targets, sources_path, data)
    results = []
    seen: dict[tuple[str, int | None], Path] = {}
    for path in sorted(paths):
        result = reader.read(path, year)
        results.append(result)
        key = (result.lsg_code, result.year)
        if not result.reasons and key in seen:
            result.reasons.append(say("tpl_duplicate", other=display_path(seen[key])))
        if result.reasons:
            continue
        seen[key] = path
        _stage(reader, result, source, staged)
    received = {r.lsg_code for r in results}
    years = {r.year for r in results if r.year is not None}
    the_year = year if year is not None else (years.pop() if len(years) == 1 else None)
    missing = [lsg for c, lsg in reader.lsgs.items() if c not in received] if folder else []
    outcome = FolderResult(results, missing, the_year)
    changed = {p: d for p, d in staged.data.items() if d != p.read_bytes()}
    if changed:
        _validate_and_write(outcome, package, descriptor, changed, write)
    return outcome


def _stage(reader: TemplateReader, result: FileResult, source: str | None, staged: Staged) -> None:
    """The file's rows merged into the staged tables, its source into sources.csv (a
    reason instead when its source cannot be had)."""
    try:
        src = source_for(reader, result, source, staged.sources)
    except ImportUnusable as exc:
        result.reasons.append(str(exc))
        return
    result.source_id = src.id
    sources = staged.data[staged.sources]
    if src.new_data is not None and f"\n{src.id},".encode() not in sources:
        line = src.new_data[len(staged.sources.read_bytes()) :]
        staged.data[staged.sources] = sources + line
    for name, records in (("services", result.services), ("indicators", result.indicators)):
        for record in records.values():
            record.values["source_id"] = src.id
        scope: set[tuple]
        if name == "services":
            scope = {(result.lsg_code, result.year)}
        else:
            scope = {(result.lsg_code, c, result.year) for c in reader.decimals}
        target = staged.targets[name]
        data, change = Merger(staged.names, name).plan(target, records, scope, staged.data[target])
        staged.data[target] = data
        result.added += len(change.added)
        result.changed += len(change.changed)
        result.removed += len(change.removed)
    result.status = "imported" if result.added + result.changed + result.removed else "unchanged"


def _validate_and_write(
    outcome: FolderResult,
    package: Path,
    descriptor: dict[str, Any],
    changed: dict[Path, bytes],
    write: bool,
) -> None:
    """Validate the package with the `changed` files in a scratch copy; with `write`, write
    them and validate again, putting the old files back if that fails."""
    outcome.problems = validate_with(package, descriptor, changed)
    if outcome.problems or not write:
        return
    originals = {p: p.read_bytes() for p in changed}
    for path, data in changed.items():
        write_atomic(path, data)
    outcome.problems = validate_written(package)
    if outcome.problems:
        for path, data in originals.items():
            write_atomic(path, data)
        return
    outcome.written = True


def render(outcome: FolderResult, write: bool) -> str:
    lines: list[str] = []
    for r in outcome.files:
        shown = display_path(r.path)
        if r.status == "refused":
            lines.append(say("tpl_file_refused", file=shown, lsg=r.lsg_code or "?"))
            lines += [say("tpl_reason", reason=reason) for reason in r.reasons]
        else:
            lines.append(
                say(
                    "tpl_file_ok",
                    file=shown,
                    lsg=r.lsg_code,
                    year=r.year,
                    source=r.source_id,
                    added=r.added,
                    changed=r.changed,
                    removed=r.removed,
                )
            )
    counts = {
        s: sum(f.status == s for f in outcome.files) for s in ("imported", "unchanged", "refused")
    }
    lines.append("")
    lines.append(say("tpl_summary", missing=len(outcome.not_returned), **counts))
    if outcome.not_returned:
        names = ", ".join(f"{r['name_lat']} ({r['code']})" for r in outcome.not_returned)
        lines.append(say("tpl_not_returned", names=names))
    for p in outcome.problems:
        where = ":".join(str(x) for x in (p.file, p.row, p.field) if x is not None)
        lines.append(say("tpl_reason", reason=f"{where}: {p.message}"))
    if outcome.problems:
        lines.append(say("tpl_invalid"))
    elif outcome.written:
        lines.append(say("tpl_written"))
    elif not write and counts["imported"]:
        lines.append(say("tpl_dry_run"))
    return "\n".join(lines)


def to_json(outcome: FolderResult) -> dict[str, Any]:
    return {
        "year": outcome.year,
        "written": outcome.written,
        "files": [
            {
                "file": display_path(r.path),
                "lsg_code": r.lsg_code,
                "year": r.year,
                "status": r.status,
                "reasons": r.reasons,
                "source_id": r.source_id,
                "added": r.added,
                "changed": r.changed,
                "removed": r.removed,
            }
            for r in outcome.files
        ],
        "not_returned": [r["code"] for r in outcome.not_returned],
        "problems": [p.message for p in outcome.problems],
    }
