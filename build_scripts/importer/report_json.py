"""Import: the report as data (`--json`), for CI and for review in a pull request: the same
facts as the text report (`report.py`), every record traced to the cell it came from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from build_scripts.importer.layout import Column
from build_scripts.importer.report import verdict
from build_scripts.importer.result import Result
from build_scripts.validate import display_path


def _column(c: Column) -> dict[str, Any]:
    return {
        "column": c.letter,
        "label": c.label,
        "field": c.field,
        "indicator": c.indicator,
        "year": c.year,
        "qualifiers": [q.text for q in c.qualifiers],
        "hidden": c.hidden,
        "note": c.note,
    }


def to_json(r: Result) -> dict[str, Any]:
    """The report as data: the same facts as `render`, for CI and for review in a PR."""
    o, grid = r.outcome, r.grid
    return {
        "file": grid.file,
        "sheet": grid.sheet,
        "resource": r.options.resource,
        "status": r.status,
        "exit_code": r.exit_code,
        "verdict": verdict(r),
        "encoding": grid.encoding,
        "delimiter": grid.delimiter,
        "header_rows": r.layout.header_rows,
        "shape": r.layout.shape,
        "number_style": o.style,
        "columns": [_column(c) for c in r.layout.columns],
        "ignored_columns": [_column(c) for c in r.layout.ignored],
        "hidden": {
            "sheet_read_is_hidden": grid.sheet_hidden,
            "sheets": [s for s in grid.hidden_sheets if s != grid.sheet],
            "columns_read": [c.letter for c in r.layout.columns if c.hidden],
            "rows_read": o.hidden_rows,
        },
        "units": _units(r),
        "notes": o.notes,
        "records": _records(r),
        "skipped": [{"row": s.row, "label": s.label, "reason": s.reason} for s in o.skipped],
        "issues": _issues(r),
        "changes": _changes(r),
        "problems": [
            {"file": p.file, "line": p.row, "column": p.field, "message": p.message}
            for p in r.problems
        ],
    }


def _records(r: Result) -> list[dict[str, Any]]:
    return [
        {
            "key": list(key),
            "values": record.values,
            "input_row": record.row,
            "source": record.source,
            "cells": record.cells,
        }
        for key, record in sorted(r.outcome.records.items(), key=lambda kv: kv[1].row)
    ]


def _units(r: Result) -> list[dict[str, Any]]:
    units = r.units
    if units is None:
        return []
    return [
        {
            "column": c.column,
            "scale": c.unit.scale,
            "currency": c.unit.currency,
            "from": c.where,
            "rate": str(units.rates[c.unit.currency]) if c.unit.currency in units.rates else None,
            "rate_source": units.rate_source,
            "cells": c.cells,
        }
        for c in units.reports.values()
    ]


def _issues(r: Result) -> list[dict[str, Any]]:
    name = Path(r.grid.file).name
    return [
        {
            "kind": i.kind,
            "row": i.row,
            "column": i.column,
            "label": i.label,
            "where": i.where(name, r.grid.sheet),
            "message": i.message,
        }
        for i in r.issues
    ]


def _changes(r: Result) -> dict[str, Any]:
    change = r.change
    return {
        "file": display_path(change.target),
        "added": [{"line": line, "input_row": row} for _, line, row in change.added],
        "changed": [
            {"old": old, "new": new, "input_row": row} for _, old, new, row in change.changed
        ],
        "removed": [line for _, line in change.removed],
        "unchanged": change.unchanged,
        "kept": change.kept,
    }
