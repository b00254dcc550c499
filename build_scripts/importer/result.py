"""Import: what one run was asked (`Options`) and what it found (`Result`), shared by the
run (importer) and its report (importer_report)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from build_scripts.errors import Problem
from build_scripts.importer.base import Issue
from build_scripts.importer.layout import Layout
from build_scripts.importer.merge import Change
from build_scripts.importer.names import Names
from build_scripts.importer.read import Grid
from build_scripts.importer.rows import Outcome
from build_scripts.importer.source import Source
from build_scripts.importer.units import Units
from build_scripts.paths import DATAPACKAGE


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
    columns: list[str] = field(default_factory=list)  # --column: chosen among competing ones
    rates: list[str] = field(default_factory=list)  # --rate EUR=117.2
    rate_source: str | None = None
    source: str | None = None  # --source: the row of sources.csv the figures come from
    source_title: str | None = None  # with source_publisher: create that row
    source_publisher: str | None = None
    source_language: str = "sr-Latn"


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
    units: Units | None = None
    source: Source | None = None
    status: str = "dry_run"  # refused, invalid, restored, dry_run, nothing, written

    @property
    def exit_code(self) -> int:
        return 1 if self.status in ("refused", "invalid", "restored") else 0
