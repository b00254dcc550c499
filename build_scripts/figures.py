"""What a page needs to show one chart or map: shared by charts.py and maps.py.

A figure is an SVG file plus everything that makes it readable without seeing it: a title,
a text alternative written from the data, the data table behind it and that table as CSV.
Files live under `charts/` at the site root (one copy, not one per language tree); `src` and
`csv` are paths relative to the site root.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

CHARTS_DIR = "charts"


@dataclass
class Figure:
    id: str  # unique per page and language, also the HTML id
    src: str  # SVG path relative to the site root, e.g. "charts/lsg-80012-users--en.svg"
    title: str
    alt: str  # the text alternative: what the figure shows, in words, from the data
    columns: list[str]  # data table header (in the page's language)
    rows: list[list[str]]  # data table cells, formatted for the page's locale
    csv: str  # CSV path relative to the site root
    interactive: bool = False  # maps: regions are links, embedded with <object>
    width: int = 640
    height: int = 320
    notes: list[str] = field(default_factory=list)  # e.g. attribution, territory without data


def table_csv(header: list[str], rows: list[list[object]]) -> bytes:
    """A figure's data as CSV: UTF-8, comma-separated, unformatted numbers, LF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")
