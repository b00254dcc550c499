"""Import, step 3: find the table in a sheet — the header row (or two rows, when a merged
cell such as 'Finansiranje (RSD)' stands above 'Budžet JLS', 'Donatori', …), what each
column holds, and the shape of the table.

Shapes: `services` (one row per LSG and service type); for indicators `long` (LSG,
indicator, year, value), `wide` (one column per indicator) or `by_year` (one column per
year, one indicator: named by --indicator or by the title above the table).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from build_scripts.datapackage import demo_data
from build_scripts.importer.base import ImportUnusable, norm, say, vocabulary
from build_scripts.importer.columns import Qualifier, is_qualifier, resolve, split_label
from build_scripts.importer.names import Names
from build_scripts.importer.read import Cell, Grid, column_letter, sample_rows
from build_scripts.importer.values import header_year

HEADER_SEARCH_ROWS = 40
# The canonical columns (as the generator writes them), plus what a field sheet may name
# instead of codes.
SERVICE_FIELDS = {"lsg_name", "service_type", *demo_data.SERVICE_FIELDS} - {
    "service_type_code",
    "source_id",
}
SERVICE_REQUIRED = [
    "service_type",
    "provider_type",
    "provider_name",
    "licensed",
    "beneficiaries",
    "funding_lsg_rsd",
    "funding_earmarked_rsd",
    "funding_donor_rsd",
]
INDICATOR_FIELDS = {"lsg_name", "lsg_code", "indicator", "year", "value"}


@dataclass
class Column:
    index: int
    label: str
    field: str | None = None  # a field above, or 'indicator_column' / 'year_column'
    indicator: str | None = None
    year: int | None = None
    note: str | None = None  # why an unrecognised column was left out
    suggestion: str | None = None  # an indicator code the header is close to
    qualifiers: list[Qualifier] = dataclasses.field(
        default_factory=list
    )  # '(žene)', '2023', 'ukupno'
    hidden: bool = False  # hidden in the spreadsheet

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass
class Layout:
    header_rows: list[int]
    first_data: int  # position in grid.rows of the first row below the header
    columns: list[Column]
    ignored: list[Column] = field(default_factory=list)
    shape: str = "services"
    indicator: str | None = None
    indicator_from: str | None = None  # 'option' or 'title'
    title: list[str] = field(default_factory=list)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.field == name), None)

    def has(self, name: str) -> bool:
        return self.column(name) is not None


def _direct(label: str) -> str | None:
    for name, aliases in vocabulary()["columns"].items():
        if label == norm(name) or label in {norm(a) for a in aliases}:
            return name
    return None


def _in_group(label: str, group: dict) -> str | None:
    for name, aliases in group["columns"].items():
        if label in {norm(a) for a in aliases}:
            return name
    return None


def _group_of(top: str) -> dict | None:
    for group in vocabulary()["column_groups"].values():
        words = sorted((norm(w) for w in group["words"]), key=len, reverse=True)
        if any(top == w or top.startswith(w + " ") for w in words):
            return group
    return None


def map_label(bottom: str, top: str, names: Names, resource: str) -> Column:
    """What a column holds, from its header (`top` is the row above, for merged headers)."""
    allowed = SERVICE_FIELDS if resource == "services" else INDICATOR_FIELDS
    shown = f"{top} / {bottom}" if top and bottom and norm(top) != norm(bottom) else (bottom or top)
    if top and bottom and is_qualifier(bottom) and not is_qualifier(top):
        # 'Broj korisnika' over 'žene | muškarci | ukupno', an indicator over '2022 | 2023'
        column = map_label(top, "", names, resource)
        if column.field:
            column.label = shown
            column.qualifiers.append(Qualifier(bottom.strip()))
            return column
    bottom_base, qualifiers = split_label(bottom)
    top_base, top_qualifiers = split_label(top)
    if bottom and is_qualifier(top) and not is_qualifier(bottom):
        # '2024' merged over 'Broj korisnika | Budžet JLS | …': it qualifies each column
        top_qualifiers, top_base = [Qualifier(top.strip())], ""
    if bottom_base and header_year(bottom) is None:
        bottom = bottom_base
    top = top_base or top
    b, t = norm(bottom), norm(top)
    column = Column(-1, shown, qualifiers=qualifiers + top_qualifiers)
    found: str | None = None
    group = _group_of(t) if t and t != b else None
    if group and b:
        found = _in_group(b, group)
    if found is None and b:
        found = _direct(b)
        if found is None:
            g = _group_of(b)
            if g:
                for w in sorted((norm(x) for x in g["words"]), key=len, reverse=True):
                    if b.startswith(w + " "):
                        found = _in_group(b[len(w) + 1 :], g)
                        break
    if found is None and not b and t:
        found = _direct(t)
    if found in allowed:
        column.field = found
        return column
    if resource == "indicators":
        for text in (bottom, f"{top} {bottom}" if top else ""):
            if not text.strip():
                continue
            match = names.indicators.match(text)
            if match.place:
                column.field, column.indicator = "indicator_column", match.place.code
                return column
        year = header_year(bottom) if b else None
        if year is not None:
            column.field, column.year = "year_column", year
            return column
    return column


def _score(columns: list[Column]) -> int:
    return len(
        {
            (c.field, c.indicator, c.year, tuple(q.text for q in c.qualifiers))
            for c in columns
            if c.field
        }
    )


def _map_row(
    cells: list[Cell], above: list[Cell] | None, names: Names, resource: str
) -> list[Column]:
    out = []
    width = max(len(cells), len(above or []))
    heading = ""  # a heading over qualifiers, centred across them without merging
    for i in range(width):
        bottom = cells[i].text if i < len(cells) else ""
        top = above[i].text if above is not None and i < len(above) else ""
        if above is not None and bottom and is_qualifier(bottom):
            if top:
                heading = top
            elif heading:
                top = heading
        else:
            heading = ""
        if not bottom and not top:
            continue
        column = map_label(bottom, top, names, resource)
        column.index = i
        out.append(column)
    return out


def find_layout(
    grid: Grid,
    names: Names,
    resource: str,
    indicator_option: str | None,
    year: int | None = None,
    chosen: list[str] | None = None,
) -> Layout:
    best: tuple[int, int, bool, list[Column]] | None = None
    rows = grid.rows[:HEADER_SEARCH_ROWS]
    for position, (_, cells) in enumerate(rows):
        if not any(c.text for c in cells):
            continue
        options = [(False, _map_row(cells, None, names, resource))]
        if position > 0 and any(c.text for c in rows[position - 1][1]):
            options.append((True, _map_row(cells, rows[position - 1][1], names, resource)))
        for two_rows, columns in options:
            score = _score(columns)
            if best is None or score > best[0]:
                best = (score, position, two_rows, columns)
    if best is None or best[0] < 2:
        raise ImportUnusable("no_header", path=grid.place, rows=sample_rows(grid))
    _, position, two_rows, columns = best
    header_rows = [grid.rows[position][0]]
    if two_rows:
        header_rows.insert(0, grid.rows[position - 1][0])
    title_end = position - 1 if two_rows else position
    layout = Layout(header_rows, position + 1, [], [])
    layout.title = [c.text for _, cells in grid.rows[:title_end] for c in cells if c.text]
    for column in columns:
        column.hidden = column.index in grid.hidden_columns
    layout.columns, layout.ignored = resolve(
        columns, grid, header_rows[-1], year, [c.upper() for c in chosen or []]
    )
    if not (layout.has("lsg_name") or layout.has("lsg_code")):
        _infer_lsg_column(grid, layout, names)
    _decide_shape(grid, layout, names, resource, indicator_option)
    return layout


def _infer_lsg_column(grid: Grid, layout: Layout, names: Names) -> None:
    """No header names the LSG column: take the column whose cells are LSG names."""
    best: tuple[int, int] | None = None
    width = grid.width
    taken = {c.index for c in layout.columns}
    for i in range(width):
        if i in taken:
            continue
        texts = [
            cells[i].text
            for _, cells in grid.rows[layout.first_data :]
            if i < len(cells) and cells[i].text
        ]
        hits = sum(
            names.match_lsg(t).how in ("exact", "folded", "code", "part", "confirmed")
            for t in texts
        )
        if texts and hits * 2 >= len(texts) and (best is None or hits > best[1]):
            best = (i, hits)
    if best is None:
        raise ImportUnusable(
            "no_lsg_column",
            path=grid.place,
            row=layout.header_rows[-1],
            expected=", ".join(vocabulary()["columns"]["lsg_name"][:6]),
        )
    header = next((cells for n, cells in grid.rows if n == layout.header_rows[-1]), [])
    label = header[best[0]].text if best[0] < len(header) else ""
    column = Column(best[0], label or "-", "lsg_name")
    layout.ignored = [c for c in layout.ignored if c.index != best[0]]
    layout.columns.insert(0, column)


def _decide_shape(
    grid: Grid, layout: Layout, names: Names, resource: str, indicator_option: str | None
) -> None:
    if resource == "services":
        missing = [f for f in SERVICE_REQUIRED if not layout.has(f)]
        if missing:
            raise ImportUnusable(
                "columns_missing",
                path=grid.place,
                row=layout.header_rows[-1],
                missing=", ".join(say(f"field_{f}") for f in missing),
                accepted="; ".join(
                    f"{say(f'field_{f}')}: {', '.join(_aliases(f)[:4])}" for f in missing
                ),
            )
        layout.shape = "services"
        return
    if layout.has("indicator") and layout.has("value"):
        layout.shape = "long"
    elif any(c.field == "indicator_column" for c in layout.columns):
        layout.shape = "wide"
    elif any(c.field == "year_column" for c in layout.columns):
        layout.shape = "by_year"
        if indicator_option:
            match = names.indicators.match(indicator_option)
            if not match.place:
                raise ImportUnusable(
                    "indicator_option_unknown",
                    found=indicator_option,
                    expected=", ".join(names.indicators.codes),
                )
            layout.indicator, layout.indicator_from = match.place.code, "option"
        else:
            layout.indicator = _indicator_in_title(layout.title, names)
            layout.indicator_from = "title"
            if layout.indicator is None:
                raise ImportUnusable(
                    "indicator_unknown",
                    path=grid.place,
                    title=" / ".join(layout.title) or "-",
                    expected=", ".join(names.indicators.codes),
                )
    else:
        raise ImportUnusable(
            "indicator_columns_missing",
            path=grid.place,
            row=layout.header_rows[-1],
            found=", ".join(c.label for c in layout.ignored) or "-",
        )
    for column in layout.ignored:
        if column.note is None and norm(column.label):
            close = names.indicators.suggest(norm(column.label))
            if close:
                column.suggestion = close[0].code


def _aliases(name: str) -> list[str]:
    aliases = list(vocabulary()["columns"].get(name, []))
    for group in vocabulary()["column_groups"].values():
        aliases += group["columns"].get(name, [])
    return aliases


def _indicator_in_title(title: list[str], names: Names) -> str | None:
    """The one indicator whose name appears in the title rows, if exactly one does."""
    text = " " + " ".join(norm(t) for t in title) + " "
    found = set()
    for code, row in names.indicators.rows.items():
        for name in (row["name_sr"], row["name_en"], code):
            if f" {norm(name)} " in text:
                found.add(code)
    return found.pop() if len(found) == 1 else None
