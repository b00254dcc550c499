"""One chart as the page-type modules describe it, before it is queued and drawn."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Header = list[str]


@dataclass(frozen=True)
class Chart:
    """`stem`: the file name without language; `spec`: what `svg.render` draws (kind,
    data, texts; the title, locale and provenance are added when it is queued); `table`:
    header and formatted cells shown on the page; `data`: header and raw values written as
    the chart's CSV; `tables`: the package's resources the values come from; `lsg`: the LSG
    whose own values the chart shows (it is a demonstration chart exactly when that LSG's
    rows are)."""

    stem: str
    spec: dict[str, Any]
    title: str
    alt: str
    table: tuple[Header, list[list[str]]]
    data: tuple[Header, list[list[Any]]]
    tables: list[str] = field(default_factory=list)
    lsg: str | None = None
