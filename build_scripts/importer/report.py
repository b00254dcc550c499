"""Import: the report — what was read from where, what would change, and why not — as
text for the terminal and as JSON (--json) for CI and review. Every record is traced to
the sheet and cell it came from ('Usluge 2024'!G6)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from build_scripts.importer.base import say
from build_scripts.importer.merge import Merger
from build_scripts.importer.records import Key
from build_scripts.importer.result import Result
from build_scripts.importer.units import Conversion
from build_scripts.validate import display_path

DETAIL_LIMIT = 40


def _field_name(field_name: str | None) -> str:
    return say(f"field_{field_name}") if field_name else "-"


def render(result: Result) -> str:
    lines = _table_lines(result)
    lines.extend(_read_notes(result))
    lines.append("")
    lines.extend(_match_lines(result))
    lines.extend(_issue_lines(result))
    lines.append("")
    if result.status == "refused":
        lines.append(say("report_partial"))
    lines.extend(_changes(result))
    if result.outcome.rounded:
        lines.append(say("report_rounded", n=result.outcome.rounded))
    if result.outcome.transliterated:
        lines.append(say("report_transliterated", n=result.outcome.transliterated))
    lines.extend(_problem_lines(result))
    lines.append("")
    lines.append(verdict(result))
    return "\n".join(lines)


def _table_lines(r: Result) -> list[str]:
    """The file and sheet read, where its table is and the column each field came from."""
    layout, grid, lines = r.layout, r.grid, []
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
            style=say(f"style_{r.outcome.style}"),
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
        hidden = say("report_column_hidden") if c.hidden else ""
        lines.append(say("report_column", letter=c.letter, label=c.label, target=target) + hidden)
    for c in layout.ignored:
        note = c.note or say("ignored_unknown")
        hidden = say("report_column_hidden") if c.hidden else ""
        lines.append(say("report_ignored", letter=c.letter, label=c.label, note=note) + hidden)
    return lines


def _match_lines(r: Result) -> list[str]:
    """How the rows were matched to LSGs, and the rows skipped."""
    o = r.outcome
    how = ", ".join(f"{say(f'how_{h}')} {n}" for h, n in sorted(o.counts.items())) or "-"
    lines = [
        say("report_matched", rows=sum(o.counts.values()) + o.carried, lsgs=len(o.lsgs), how=how)
    ]
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
    return lines


def _issue_lines(r: Result) -> list[str]:
    """What stops the import, by kind, and the names to confirm when refused."""
    lines: list[str] = []
    for kind in ("ambiguous", "unmatched", "part", "value"):
        found = [i for i in r.issues if i.kind == kind]
        if not found:
            continue
        lines.append("")
        lines.append(say(f"report_{kind}", n=len(found)))
        for issue in sorted(found, key=lambda i: (i.row or 0, i.column or "")):
            where = issue.where(Path(r.grid.file).name, r.grid.sheet)
            lines.append(say("report_issue", where=where, message=issue.message))
    if r.outcome.suggestions and r.status == "refused":
        lines.append("")
        lines.append(say("report_confirm"))
        lines.append("    name,code")
        for name, code in r.outcome.suggestions.items():
            lines.append("    " + _csv_line(name, code))
    return lines


def _problem_lines(r: Result) -> list[str]:
    """The problems validation found, each traced to the input row it came from."""
    if not r.problems:
        return []
    lines = ["", say("report_problems", n=len(r.problems))]
    reverse = {line: key for key, line in r.change.line_of.items()}
    rows = {k: rec.row for k, rec in r.outcome.records.items()}
    for p in r.problems:
        source = reverse.get(p.row or -1) if p.file == display_path(r.change.target) else None
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
    return lines


def _read_notes(r: Result) -> list[str]:
    """Hidden content, units and conversions, number styles: how the cells were read."""
    grid, o, lines = r.grid, r.outcome, []
    if grid.sheet_hidden:
        lines.append(say("report_sheet_hidden", sheet=grid.sheet))
    others = [s for s in grid.hidden_sheets if s != grid.sheet]
    if others:
        lines.append(say("report_hidden_sheets", sheets=", ".join(f"'{s}'" for s in others)))
    if o.hidden_rows:
        lines.append(say("report_hidden_rows", rows=_rows(o.hidden_rows), n=len(o.hidden_rows)))
    for conversion in r.units.reports.values() if r.units else []:
        lines.append(_unit_line(r, conversion))
    lines.extend(f"  {note}" for note in o.notes)
    return lines


def _unit_line(r: Result, conversion: Conversion) -> str:
    unit = conversion.unit
    parts = []
    if unit.scale != 1:
        parts.append(say("unit_scale", scale=f"{unit.scale:,}"))
    if unit.currency not in (None, "RSD") and r.units is not None:
        parts.append(
            say(
                "unit_rate",
                currency=unit.currency,
                rate=r.units.rates[unit.currency],
                source=r.units.rate_source,
            )
        )
    if not parts:
        parts.append(say("unit_dinars"))
    cells = ", ".join(conversion.cells[:3]) + (", …" if len(conversion.cells) > 3 else "")
    return say(
        "report_unit",
        column=conversion.column,
        where=conversion.where or "-",
        what="; ".join(parts),
        cells=cells or "-",
    )


def _source(r: Result, key: Key) -> str:
    record = r.outcome.records.get(key)
    return say("report_source", source=record.source) if record and record.source else ""


def _rows(rows: list[int]) -> str:
    shown = ", ".join(str(n) for n in rows[:8])
    return shown + (", …" if len(rows) > 8 else "")


def _csv_line(*cells: str) -> str:

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
        [
            (order(k), say("report_added", line=line, row=row) + _source(r, k))
            for k, line, row in change.added
        ]
        + [
            (order(k), say("report_changed", old=old, new=new, row=row) + _source(r, k))
            for k, old, new, row in change.changed
        ]
        + [(order(k), say("report_removed", line=line)) for k, line in change.removed]
    )
    texts = [text for _, text in details]
    lines.extend(texts[:DETAIL_LIMIT])
    if len(texts) > DETAIL_LIMIT:
        lines.append(say("report_more", n=len(texts) - DETAIL_LIMIT))
    return lines


def verdict(r: Result) -> str:
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
