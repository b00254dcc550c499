"""`python -m build_scripts import FILE --resource services|indicators`: bring a
spreadsheet as it comes from the field into the data package.

read (read.py) -> find the table (layout.py) -> place every row (names.py, values.py,
rows.py with services.py and indicators.py) -> merge (merge.py) -> validate the result in
a scratch copy -> with --write, replace the file and validate again, putting the old file
back if that fails. Nothing is written while any row is unmatched, ambiguous or
unreadable. Every message comes from catalog/importer.json.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from build_scripts.importer.base import ImportUnusable, Issue, say
from build_scripts.importer.layout import Column, Layout, find_layout
from build_scripts.importer.merge import Merger, resource_path, validate_with, validate_written
from build_scripts.importer.names import Names
from build_scripts.importer.progress import Progress
from build_scripts.importer.read import read
from build_scripts.importer.records import Outcome
from build_scripts.importer.report import render
from build_scripts.importer.report_json import to_json
from build_scripts.importer.result import Options, Result
from build_scripts.importer.rows import Extractor
from build_scripts.importer.source import resolve
from build_scripts.importer.units import Units, parse_rates
from build_scripts.storage import write_atomic
from build_scripts.validate import display_path, load_descriptor

__all__ = [
    "ImportUnusable",
    "Options",
    "Progress",
    "Result",
    "display_path",
    "render",
    "run",
    "say",
    "to_json",
]
RESOURCES = ("services", "indicators")


def run(options: Options, progress: Progress | None = None) -> Result:
    progress = progress or Progress()
    progress.stages = 6 if options.write else 4
    try:
        return _run(options, progress)
    finally:
        progress.close()


def _run(options: Options, progress: Progress) -> Result:
    if options.resource not in RESOURCES:
        raise ImportUnusable(
            "resource_unknown", found=options.resource, expected=", ".join(RESOURCES)
        )
    package = Path(options.package)
    descriptor = load_descriptor(package)
    coverage = descriptor.get("temporalCoverage", {})
    span = (coverage["start"], coverage["end"]) if "start" in coverage else None
    rates = parse_rates(options.rates)
    if rates and not (options.rate_source or "").strip():
        raise ImportUnusable("rate_source_missing")
    source = resolve(
        resource_path(descriptor, package, "sources"),
        options.source,
        options.source_title,
        options.source_publisher,
        options.source_language,
    )
    names = Names(package.parent)
    if options.names:
        names.load_confirmed(Path(options.names), display_path(Path(options.names)))
    shown = display_path(Path(options.file))
    progress.stage("progress_read", file=shown)
    grid = read(Path(options.file), shown, options.sheet)
    layout = find_layout(
        grid, names, options.resource, options.indicator, options.year, options.columns
    )
    money = [c for c in layout.columns if _is_money(c, layout, names)]
    units = Units(grid, layout, money, rates, options.rate_source)
    if layout.shape in ("services", "long", "wide") and not layout.has("year") and not options.year:
        raise ImportUnusable("no_year", path=grid.place, row=layout.header_rows[-1])
    rows = grid.rows[layout.first_data :]
    progress.stage("progress_match", rows=len(rows))
    extractor = Extractor(grid, layout, names, options.resource, options.year, span, units)
    outcome = extractor.run(progress.rows(len(rows)))
    issues = outcome.issues + _suggested_columns(layout, names, outcome)
    if not outcome.records and not outcome.scope and not issues:
        raise ImportUnusable("no_rows", path=grid.place, row=layout.header_rows[-1])
    for record in outcome.records.values():
        record.values["source_id"] = source.id
    progress.stage("progress_compare")
    target = resource_path(descriptor, package, options.resource)
    data, change = Merger(names, options.resource).plan(target, outcome.records, outcome.scope)
    result = Result(
        options, grid, layout, outcome, change, names, issues, units=units, source=source
    )
    if issues:
        result.status = "refused"
        return result
    return _validate_and_write(result, package, descriptor, {target: data}, progress)


def _suggested_columns(layout: Layout, names: Names, outcome: Outcome) -> list[Issue]:
    """An issue for each column left out whose header is close to an indicator's name (the
    name is also offered as one to confirm)."""
    issues = []
    for column in layout.ignored:
        if column.suggestion:
            outcome.suggestions.setdefault(column.label.split(" / ")[-1], column.suggestion)
            issues.append(
                Issue(
                    "unmatched",
                    layout.header_rows[-1],
                    column.letter,
                    column.label,
                    say(
                        "column_close_to_indicator",
                        code=column.suggestion,
                        name=names.indicators.name(column.suggestion),
                    ),
                )
            )
    return issues


def _validate_and_write(
    result: Result,
    package: Path,
    descriptor: dict[str, Any],
    staged: dict[Path, bytes],
    progress: Progress,
) -> Result:
    """Validate the package with the `staged` files in a scratch copy; with --write, write
    them and validate again, putting the old files back if that fails."""
    source = result.source
    if source is not None and source.new_data is not None:
        staged[source.path] = source.new_data
    progress.stage("progress_validate")
    result.problems = validate_with(package, descriptor, staged)
    if result.problems:
        result.status = "invalid"
        return result
    if not result.change.any:
        result.status = "nothing"
        return result
    if not result.options.write:
        return result
    progress.stage("progress_write", file=display_path(result.change.target))
    originals = {path: path.read_bytes() for path in staged}
    for path, new in staged.items():
        write_atomic(path, new)
    progress.stage("progress_revalidate")
    result.problems = validate_written(package)
    if result.problems:
        for path, old in originals.items():
            write_atomic(path, old)
        result.status = "restored"
        return result
    result.status = "written"
    return result


def _is_money(column: Column, layout: Layout, names: Names) -> bool:
    """An amount in dinars: services' funding; an indicator whose unit is RSD."""
    if column.field and column.field.startswith("funding_"):
        return True
    if column.field == "value":
        return True
    code = column.indicator if column.field == "indicator_column" else None
    if column.field == "year_column":
        code = layout.indicator
    return code is not None and names.indicators.rows[code]["unit"] == "rsd"
