"""Import: what a percentage indicator's plain numbers mean — percentages as written
(12.5, 0.9) or shares of one (0.125 is 12.5 %).

The meaning is never guessed from the size of the values. A cell formatted as a
percentage is a share (Excel shows 0.125 as 12.5 %) and is read on its own. For the
plain numbers of a column, only that column's header or the title of its table may
say it: '(%)', 'procenat' or 'percent' means percentages as written, '(udeo)',
'(share)' or a range '0–1' means shares (x100). When nothing says it, a value above 1
shows the column holds percentages; when every value is within 0–1 the column is
refused. Other columns or years of the sheet are never taken as evidence.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from build_scripts.importer.base import ImportUnusable, say
from build_scripts.importer.values import BadValue, parse_number, parse_year
from build_scripts.translit import fold

_PERCENT = re.compile(r"%|\bprocen\w*|\bpercent\w*|\bpostot\w*")
_SHARE = re.compile(
    r"(?<![\d.,])0\s*[-–—]\s*1(?![\d.,])|\(\s*(udeo|udio|share|fraction)\s*\)"
    r"|\bkao udeo\b|\bas a fraction\b"
)


def stated(text: str) -> str | None:
    """'percent', 'share', 'both' (it says both) or None: what a header or title says."""
    t = fold(str(text or "")).lower()
    percent, share = bool(_PERCENT.search(t)), bool(_SHARE.search(t))
    if percent and share:
        return "both"
    return "percent" if percent else "share" if share else None


def share_of_whole(definition: dict[str, str]) -> bool:
    """A percentage of a whole (a share), which cannot be above 100."""
    return definition["unit"] == "percent" and "share" in definition["name_en"].lower()


def check_bound(definition: dict[str, str], value: Decimal, found: str) -> None:
    if share_of_whole(definition) and value > 100:
        raise BadValue("value_percent_above_100", found=found, read=f"{value.normalize():f}")


def _title(grid, layout) -> list[tuple[str, str]]:
    """(text, where) of the rows above the header."""
    return [
        (c.text, say("unit_from_title", row=number))
        for number, cells in grid.rows
        if number < layout.header_rows[0]
        for c in cells
        if c.text
    ]


def share_columns(ex: Any, rows) -> set[tuple[int, str]]:
    """(column, indicator) pairs of a percentage indicator whose plain numbers are shares;
    ImportUnusable for a column whose meaning nothing states. `ex` is the Extractor. In a
    long table the value column is judged per indicator."""
    layout, grid, indicators = ex.layout, ex.grid, ex.names.indicators.rows
    plain: dict[tuple[int, str], list[tuple[Decimal, int]]] = {}
    for c in layout.columns:
        code = c.indicator if c.field == "indicator_column" else None
        if c.field == "year_column":
            code = layout.indicator
        if c.field != "value" and code is None:
            continue
        for number, cells in rows:
            if not _in_year(ex, cells):
                continue  # another year's values are no evidence for this one's
            row_code = code or ex.indicator_of(cells)
            if row_code is None or indicators[row_code]["unit"] != "percent":
                continue
            cell = ex.cell(cells, c)
            if cell.percent or "%" in cell.text:
                continue  # a percentage on its own
            try:
                value = parse_number(cell, ex.styles.get(c.index, "sr"))[0]
            except BadValue:
                continue  # refused with the row
            if value is not None:
                plain.setdefault((c.index, row_code), []).append((value, number))
    title = _title(grid, layout)
    out = set()
    for (index, code), found in plain.items():
        column = next(c for c in layout.columns if c.index == index)
        if all(v == 0 for v, _ in found):
            continue  # 0 is 0 either way
        meaning, where = _evidence(column, title)
        small = all(0 <= v <= 1 for v, _ in found)
        if meaning is None and not small:
            continue  # a value above 1: the column holds percentages as written
        cells = ", ".join(grid.ref(index, n) for _, n in found[:6])
        params = dict(path=grid.place, column=column.letter, label=column.label, code=code)
        if meaning is None:
            raise ImportUnusable("percent_meaning_unclear", cells=cells, **params)
        if meaning == "conflict":
            raise ImportUnusable("percent_meaning_conflict", where=where, **params)
        if meaning == "share":
            out.add((index, code))
            ex.out.notes.append(say("note_shares", where=where, **params))
        elif small:
            ex.out.notes.append(say("note_percentages", where=where, **params))
    return out


def _in_year(ex: Any, cells) -> bool:
    column = ex.layout.column("year")
    if ex.year is None or column is None:
        return True
    try:
        return parse_year(ex.cell(cells, column)) in (ex.year, None)
    except BadValue:
        return True


def _evidence(column, title) -> tuple[str | None, str]:
    """What the column's header or its table's title says, and where it says it."""
    said = [(stated(column.label), say("unit_from_header"), column.label)]
    said += [(stated(text), where, text) for text, where in title]
    said = [s for s in said if s[0]]
    if not said:
        return None, ""
    meanings = {m for m, _, _ in said}
    wheres = "; ".join(
        where if text == column.label else f"{where} ('{text}')" for _, where, text in said
    )
    if len(meanings) > 1 or "both" in meanings:
        return "conflict", wheres
    return meanings.pop(), wheres
