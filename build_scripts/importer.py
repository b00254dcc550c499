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
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .errors import Problem
from .importer_base import ImportUnusable, Issue, say
from .importer_layout import Layout, find_layout
from .importer_merge import (
    Change,
    Merger,
    resource_path,
    validate_with,
    validate_written,
    write_atomic,
)
from .importer_names import Names
from .importer_read import Grid, read
from .importer_rows import Extractor, Outcome
from .paths import DATAPACKAGE
from .validate import display_path, load_descriptor

__all__ = ["ImportUnusable", "Options", "Progress", "Result", "render", "run", "say"]
RESOURCES = ("services", "indicators")
DETAIL_LIMIT = 40


@dataclass
class Options:
    file: Path
    resource: str
    year: int | None = None
    sheet: str | None = None
    indicator: str | None = None
    names: Path | None = None
    write: bool = False
    package: Path = DATAPACKAGE


@dataclass
class Result:
    options: Options
    grid: Grid
    layout: Layout
    outcome: Outcome
    change: Change
    names: Names
    issues: list[Issue] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    status: str = "dry_run"  # refused, invalid, restored, dry_run, nothing, written

    @property
    def exit_code(self) -> int:
        return 1 if self.status in ("refused", "invalid", "restored") else 0


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
    names = Names(package.parent)
    if options.names:
        names.load_confirmed(Path(options.names), display_path(Path(options.names)))
    shown = display_path(Path(options.file))
    progress.stage("progress_read", file=shown)
    grid = read(Path(options.file), shown, options.sheet)
    layout = find_layout(grid, names, options.resource, options.indicator)
    if layout.shape in ("services", "long", "wide") and not layout.has("year") and not options.year:
        raise ImportUnusable("no_year", path=shown, row=layout.header_rows[-1])
    rows = grid.rows[layout.first_data :]
    progress.stage("progress_match", rows=len(rows))
    extractor = Extractor(grid, layout, names, options.resource, options.year, span)
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
        raise ImportUnusable("no_rows", path=shown, row=layout.header_rows[-1])
    progress.stage("progress_compare")
    target = resource_path(descriptor, package, options.resource)
    data, change = Merger(names, options.resource).plan(target, outcome.records, outcome.scope)
    result = Result(options, grid, layout, outcome, change, names, issues)
    if issues:
        result.status = "refused"
        return result
    progress.stage("progress_validate")
    result.problems = validate_with(package, descriptor, target, data)
    if result.problems:
        result.status = "invalid"
        return result
    if not change.any:
        result.status = "nothing"
        return result
    if not options.write:
        return result
    progress.stage("progress_write", file=display_path(target))
    original = target.read_bytes()
    write_atomic(target, data)
    progress.stage("progress_revalidate")
    result.problems = validate_written(package)
    if result.problems:
        write_atomic(target, original)
        result.status = "restored"
        return result
    result.status = "written"
    return result


# -- the report --------------------------------------------------------------------------


def _field_name(field_name: str | None) -> str:
    return say(f"field_{field_name}") if field_name else "-"


def render(result: Result) -> str:
    r, lines = result, []
    o, layout, grid, change = r.outcome, r.layout, r.grid, r.change
    sheet = say("report_sheet", sheet=grid.sheet) if grid.sheet else ""
    lines.append(say("report_title", file=grid.file, sheet=sheet, resource=r.options.resource))
    header = (
        say("report_header_two", first=layout.header_rows[0], second=layout.header_rows[1])
        if len(layout.header_rows) == 2
        else say("report_header_one", row=layout.header_rows[0])
    )
    data_rows = [n for n, _ in grid.rows[layout.first_data :]]
    lines.append(
        say(
            "report_table",
            header=header,
            first=data_rows[0] if data_rows else "-",
            last=data_rows[-1] if data_rows else "-",
            shape=say(f"shape_{layout.shape}"),
            style=say(f"style_{o.style}"),
        )
    )
    if grid.encoding:
        lines.append(say("report_csv", encoding=grid.encoding, delimiter=repr(grid.delimiter)))
    if layout.indicator:
        lines.append(say(f"report_indicator_{layout.indicator_from}", code=layout.indicator))
    if r.options.year:
        lines.append(say("report_year", year=r.options.year))
    lines.append(say("report_columns"))
    for c in layout.columns:
        if c.field == "indicator_column":
            target = say("report_indicator_column", code=c.indicator)
        elif c.field == "year_column":
            target = say("report_year_column", year=c.year)
        else:
            target = _field_name(c.field)
        lines.append(say("report_column", letter=c.letter, label=c.label, target=target))
    for c in layout.ignored:
        note = c.note or say("ignored_unknown")
        lines.append(say("report_ignored", letter=c.letter, label=c.label, note=note))

    matched_rows = sum(o.counts.values()) + o.carried
    lines.append("")
    lines.append(
        say(
            "report_matched",
            rows=matched_rows,
            lsgs=len(o.lsgs),
            how=", ".join(f"{say(f'how_{h}')} {n}" for h, n in sorted(o.counts.items())) or "-",
        )
    )
    for m in sorted(o.matched.values(), key=lambda m: m.rows[0]):
        lines.append(
            say(
                "report_match",
                label=m.label,
                place=m.place.label(),
                how=say(f"how_{m.how}"),
                rows=_rows(m.rows),
            )
        )
    if o.carried:
        lines.append(say("report_carried", n=o.carried))
    if o.skipped:
        lines.append(say("report_skipped", n=len(o.skipped)))
        for s in sorted(o.skipped, key=lambda s: s.row):
            lines.append(say("report_skip", row=s.row, label=s.label, reason=s.reason))

    for kind in ("ambiguous", "unmatched", "part", "value"):
        found = [i for i in r.issues if i.kind == kind]
        if not found:
            continue
        lines.append("")
        lines.append(say(f"report_{kind}", n=len(found)))
        for issue in sorted(found, key=lambda i: (i.row or 0, i.column or "")):
            lines.append(
                say(
                    "report_issue",
                    where=issue.where(Path(grid.file).name, grid.sheet),
                    message=issue.message,
                )
            )
    if o.suggestions and r.status == "refused":
        lines.append("")
        lines.append(say("report_confirm"))
        lines.append("    name,code")
        for name, code in o.suggestions.items():
            lines.append("    " + _csv_line(name, code))

    lines.append("")
    if r.status == "refused":
        lines.append(say("report_partial"))
    lines.extend(_changes(r))
    if o.rounded:
        lines.append(say("report_rounded", n=o.rounded))
    if o.transliterated:
        lines.append(say("report_transliterated", n=o.transliterated))
    if r.problems:
        lines.append("")
        lines.append(say("report_problems", n=len(r.problems)))
        reverse = {line: key for key, line in change.line_of.items()}
        rows = {k: rec.row for k, rec in o.records.items()}
        for p in r.problems:
            source = reverse.get(p.row or -1) if p.file == display_path(change.target) else None
            origin = say("report_from_row", row=rows[source]) if source in rows else ""
            lines.append(
                say(
                    "report_problem",
                    file=p.file,
                    line=p.row or "-",
                    column=p.field or "-",
                    title=p.title,
                    message=p.message,
                    origin=origin,
                )
            )
    lines.append("")
    lines.append(_verdict(r))
    return "\n".join(lines)


def _rows(rows: list[int]) -> str:
    shown = ", ".join(str(n) for n in rows[:8])
    return shown + (", …" if len(rows) > 8 else "")


def _csv_line(*cells: str) -> str:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    return buffer.getvalue()


def _changes(r: Result) -> list[str]:
    o, change = r.outcome, r.change
    years = sorted({k[-1] for k in o.scope})
    lines = [
        say(
            f"report_scope_{r.options.resource}",
            file=display_path(change.target),
            lsgs=len({k[0] for k in o.scope}),
            indicators=", ".join(sorted({k[1] for k in o.scope if len(k) == 3})),
            years=", ".join(map(str, years)) or "-",
        ),
        say(
            "report_counts",
            added=len(change.added),
            changed=len(change.changed),
            removed=len(change.removed),
            unchanged=change.unchanged,
            kept=change.kept,
        ),
    ]
    order = Merger(r.names, r.options.resource).order
    details = sorted(
        [(order(k), say("report_added", line=line, row=row)) for k, line, row in change.added]
        + [
            (order(k), say("report_changed", old=old, new=new, row=row))
            for k, old, new, row in change.changed
        ]
        + [(order(k), say("report_removed", line=line)) for k, line in change.removed]
    )
    details = [text for _, text in details]
    lines.extend(details[:DETAIL_LIMIT])
    if len(details) > DETAIL_LIMIT:
        lines.append(say("report_more", n=len(details) - DETAIL_LIMIT))
    return lines


def _verdict(r: Result) -> str:
    target = display_path(r.change.target)
    blocking = len(r.issues)
    return {
        "refused": say("verdict_refused", n=blocking),
        "invalid": say("verdict_invalid", n=len(r.problems)),
        "restored": say("verdict_restored", file=target, n=len(r.problems)),
        "dry_run": say("verdict_dry_run", file=target),
        "nothing": say("verdict_nothing", file=target),
        "written": say("verdict_written", file=target),
    }[r.status]
