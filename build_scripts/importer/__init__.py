"""`python -m build_scripts import FILE --resource services|indicators`: bring a
spreadsheet as it comes from the field into the data package.

read (importer_read) -> find the table (importer_layout) -> place every row
(importer_names, importer_values, importer_rows) -> merge (importer_merge) -> validate
the result in a scratch copy -> with --write, replace the file and validate again,
putting the old file back if that fails. Nothing is written while any row is
unmatched, ambiguous or unreadable. Every message comes from catalog/importer.json.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO

from build_scripts.importer.base import ImportUnusable, Issue, say
from build_scripts.importer.layout import Layout, find_layout
from build_scripts.importer.merge import (
    Merger,
    resource_path,
    validate_with,
    validate_written,
    write_atomic,
)
from build_scripts.importer.names import Names
from build_scripts.importer.read import read
from build_scripts.importer.report import render, to_json
from build_scripts.importer.result import Options, Result
from build_scripts.importer.rows import Extractor
from build_scripts.importer.source import resolve
from build_scripts.importer.units import Units, parse_rates
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


class Progress:
    """A progress bar on a terminal; plain log lines elsewhere (CI, pipes, tests)."""

    def __init__(self, stream: IO[str] | None = None, tty: bool | None = None):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.stages = 4  # read, match, compare, validate; with --write also write, revalidate
        self.bar = None
        self.row_bar = None

    def stage(self, key: str, **params: object) -> None:
        text = say(key, **params)
        if not self.tty:
            print(say("progress_line", text=text), file=self.stream, flush=True)
            return
        from tqdm import tqdm

        self._close_rows()
        if self.bar is None:
            self.bar = tqdm(
                total=self.stages, file=self.stream, leave=False, bar_format="{desc} {bar}"
            )
        self.bar.set_description_str(text)
        self.bar.update(1)

    def rows(self, total: int):
        """A function to call once per row."""
        if not self.tty:
            step = max(1000, total // 10)
            seen = [0]

            def tick() -> None:
                seen[0] += 1
                if seen[0] % step == 0:
                    print(
                        say("progress_line", text=say("progress_rows", n=seen[0], total=total)),
                        file=self.stream,
                        flush=True,
                    )

            return tick
        from tqdm import tqdm

        self.row_bar = tqdm(total=total, file=self.stream, leave=False, unit=say("progress_unit"))
        return lambda: self.row_bar.update(1)

    def _close_rows(self) -> None:
        if self.row_bar is not None:
            self.row_bar.close()
            self.row_bar = None

    def close(self) -> None:
        self._close_rows()
        if self.bar is not None:
            self.bar.close()
            self.bar = None


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
    issues = list(outcome.issues)
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
    progress.stage("progress_validate")
    staged = {target: data}
    if source.new_data is not None:
        staged[source.path] = source.new_data
    result.problems = validate_with(package, descriptor, staged)
    if result.problems:
        result.status = "invalid"
        return result
    if not change.any:
        result.status = "nothing"
        return result
    if not options.write:
        return result
    progress.stage("progress_write", file=display_path(target))
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


def _is_money(column, layout: Layout, names: Names) -> bool:
    """An amount in dinars: services' funding; an indicator whose unit is RSD."""
    if column.field and column.field.startswith("funding_"):
        return True
    if column.field == "value":
        return True
    code = column.indicator if column.field == "indicator_column" else None
    if column.field == "year_column":
        code = layout.indicator
    return code is not None and names.indicators.rows[code]["unit"] == "rsd"
