"""Import: columns that differ only by a qualifier, and which of them is read.

A header's qualifier is what a label says besides its field: text in brackets
('Broj korisnika (žene)'), a trailing year ('Budžet JLS 2023'), a word after a dash or
comma ('Broj korisnika – ukupno'), or the second header row under a heading
('Broj korisnika' over 'žene | muškarci | ukupno'). Units ('(RSD)', '(u hiljadama
dinara)') are not qualifiers: importer_units reads them.

Two columns that map to the same field are never resolved by position: a year qualifier
must be the year imported; 'ukupno'/'total' wins over its parts only when it says so;
a hidden column never competes with a visible one; anything else is refused naming the
columns and how to choose (--column LETTER, or delete one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from build_scripts.importer.base import ImportUnusable, norm, norm_set, say
from build_scripts.importer.read import column_letter

FIELD_NAMES = {
    "lsg_name",
    "lsg_code",
    "service_type",
    "year",
    "provider_type",
    "provider_name",
    "licensed",
    "beneficiaries",
    "capacity",
    "funding_lsg_rsd",
    "funding_earmarked_rsd",
    "funding_donor_rsd",
    "funding_total_rsd",
    "imc",
    "indicator",
    "value",
}
_BRACKETS = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_YEAR = re.compile(r"^(19|20)\d\d\.?(\s*(godina|god\.?|g\.))?$")
_TRAILING_YEAR = re.compile(r"^(.*\S)\s*[,–—-]?\s+((?:19|20)\d\d)\.?(\s*(godina|god\.?|g\.))?$")
_TRAILING_WORD = re.compile(r"^(.*\S)\s*(?:[,:]|\s[–—-])\s*([^,:–—-]+)$")


@dataclass
class Qualifier:
    text: str  # as written

    @property
    def year(self) -> int | None:
        """'2023', '2023.', '2023. godina', 'stanje 31.12.2023': the one year it names."""
        years = set(re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", self.text))
        return int(years.pop()) if len(years) == 1 else None

    @property
    def total(self) -> bool:
        return norm(self.text) in norm_set("total_qualifiers")

    @property
    def part(self) -> bool:
        """'žene', 'muškarci', 'deca': a part of the whole, never the whole."""
        return norm(self.text) in norm_set("part_qualifiers")


def is_unit(text: str) -> bool:
    """'(RSD)', '(u hiljadama dinara)', '(EUR)': a unit, read by importer_units."""
    from build_scripts.importer.units import unit_of_text

    return not norm(text) or unit_of_text(text) is not None


def is_qualifier(text: str) -> bool:
    """A second header row's cell that only qualifies the heading above it."""
    t = text.strip()
    return bool(_YEAR.match(t)) or norm(t) in norm_set("qualifier_words")


def split_label(text: str) -> tuple[str, list[Qualifier]]:
    """A header without its qualifiers, and the qualifiers."""
    qualifiers = []
    for match in _BRACKETS.finditer(text):
        inner = match.group(1) if match.group(1) is not None else match.group(2)
        if not is_unit(inner):
            qualifiers.append(Qualifier(inner.strip()))
    base = _BRACKETS.sub(" ", text).strip()
    year = _TRAILING_YEAR.match(base)
    if year and norm(year.group(1)):
        qualifiers.append(Qualifier(year.group(2)))
        base = year.group(1).strip(" ,–—-")
    word = _TRAILING_WORD.match(base)
    if word and is_qualifier(word.group(2)):
        qualifiers.append(Qualifier(word.group(2).strip()))
        base = word.group(1).strip()
    return base, qualifiers


def resolve(columns, grid, header_row: int, year: int | None, chosen: list[str]):
    """The columns read and the columns left out (with a note), or a refusal."""
    letters = {column_letter(c.index) for c in columns}
    unknown = [letter for letter in chosen if letter not in letters]
    if unknown:
        raise ImportUnusable("column_option_unknown", path=grid.place, found=", ".join(unknown))
    kept, ignored = [], []
    for column in columns:
        if not column.field:
            ignored.append(column)
            continue
        years = [q.year for q in column.qualifiers if q.year is not None]
        if years and year is None:
            raise ImportUnusable(
                "column_year_needs_year",
                path=grid.place,
                row=header_row,
                column=column.letter,
                label=column.label,
                year=years[0],
            )
        if years and year not in years:
            column.note = say("ignored_other_year", year=years[0], imported=year)
            column.field = None
            ignored.append(column)
            continue
        kept.append(column)
    groups: dict[tuple, list] = {}
    for column in kept:
        groups.setdefault((column.field, column.indicator, column.year), []).append(column)
    out = []
    for group in groups.values():
        winner = _winner(group, grid, header_row, chosen)
        out.append(winner)
        for column in group:
            if column is not winner:
                column.note = say("ignored_competing", column=winner.letter)
                column.field = None
                ignored.append(column)
    out.sort(key=lambda c: c.index)
    ignored.sort(key=lambda c: c.index)
    return out, ignored


def _winner(group, grid, header_row: int, chosen: list[str]):
    if len(group) == 1:
        return group[0]
    picked = [c for c in group if c.letter in chosen]
    if len(picked) == 1:
        return picked[0]
    visible = [c for c in group if not c.hidden]
    totals = [c for c in group if any(q.total for q in c.qualifiers)]
    if len(visible) == len(group) and len(totals) == 1:
        parts = [c for c in group if c is not totals[0]]
        if all(c.qualifiers for c in parts):
            return totals[0]
    shown = "; ".join(
        say("column_named", column=c.letter, label=c.label)
        + (say("column_hidden_mark") if c.hidden else "")
        for c in group
    )
    field = say(f"field_{group[0].field}") if group[0].field in FIELD_NAMES else None
    params = dict(
        path=grid.file,
        sheet=grid.sheet or "-",
        row=header_row,
        columns=shown,
        field=field or group[0].indicator or str(group[0].year),
        first=group[0].letter,
    )
    if len(visible) < len(group):
        raise ImportUnusable("columns_compete_hidden", **params)
    if not totals and all(any(q.part for q in c.qualifiers) for c in group):
        raise ImportUnusable("columns_parts_no_total", **params)
    raise ImportUnusable("columns_compete", **params)
