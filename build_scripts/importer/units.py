"""Import: the unit of an amount — its scale (thousands, millions) and its currency.

The unit is read from the column's header, else from the title rows above the table,
and each cell may say more: its number format ('#,##0 [$€-x-euro2]', '"€" #,##0.00',
'#,##0,' shows thousands of a full value) or its text ('1.700 €'). A stated scale is
applied and reported; an amount in a currency other than RSD is refused unless the
maintainer gives an exchange rate and its source (--rate EUR=117.2 --rate-source TEXT),
and then converted and reported. Counts are never scaled; only amounts in dinars are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from build_scripts.importer.base import ImportUnusable, say
from build_scripts.importer.values import BadValue
from build_scripts.translit import fold

_MONEY = r"\s*(?:din\w*|rsd|eur\w*|evr\w*|€)"
_SCALES = (
    (
        10**6,
        r"u milionima|in millions|millions? of|\bmilion\w*"
        + _MONEY
        + r"|\bmil\.?"
        + _MONEY
        + r"|\bmln\.?"
        + _MONEY,
    ),
    (
        10**3,
        r"u hiljadama|in thousands|thousands? of|\bhiljad\w*"
        + _MONEY
        + r"|\bhilj\.?"
        + _MONEY
        + r"|(?:^|[\s(\[])'?000(?:"
        + _MONEY
        + r"|\s*[)\]]|$)|\bu 000\b",
    ),
)
_CURRENCIES = (
    ("EUR", r"€|\beur(a|o|os)?\b|\bevr(a|o|ima)\b"),
    ("USD", r"\$|\busd\b|\bdolar\w*|\bdollar\w*"),
    ("CHF", r"\bchf\b|\bfranak\b|\bfranc\w*"),
    ("RSD", r"\brsd\b|\bdin\b\.?|\bdinar\w*"),
)


@dataclass(frozen=True)
class Unit:
    scale: int = 1
    currency: str | None = None
    source: str = ""  # where it was read: "header", a title row, a cell
    cell: str = ""  # the cell it was read from, and its text
    text: str = ""

    def merged(self, other: Unit | None) -> Unit:
        """This unit, with what `other` states and this one does not; attributed to where
        its scale was read (else its currency)."""
        if other is None:
            return self
        scaled = self if self.scale != 1 else other if other.scale != 1 else None
        origin = scaled or (self if self.currency else other)
        return Unit(
            self.scale if self.scale != 1 else other.scale,
            self.currency or other.currency,
            origin.source,
            origin.cell,
            origin.text,
        )

    def differs(self, other: Unit) -> bool:
        """A stated unit that says something else than `other` (scale or currency)."""
        return self.scale != other.scale or (
            bool(self.currency and other.currency) and self.currency != other.currency
        )


def unit_of_text(text: str, source: str = "") -> Unit | None:
    t = fold(str(text or "")).lower()
    scale = next((s for s, pattern in _SCALES if re.search(pattern, t)), 1)
    currency = next((c for c, pattern in _CURRENCIES if re.search(pattern, t)), None)
    if scale == 1 and currency is None:
        return None
    return Unit(scale, currency, source)


def unit_of_format(number_format: str) -> tuple[Unit | None, bool]:
    """The currency of a number format, and whether it shows the value divided by 1,000 or
    more ('#,##0,' : the cell holds the full value, so a stated scale is not applied)."""
    if not number_format or number_format == "General":
        return None, False
    section = number_format.split(";")[0]
    quoted = [a or b for a, b in re.findall(r'"([^"]*)"|\[\$([^\]-]*)', section)]
    bare = re.sub(r'"[^"]*"|\[[^\]]*\]', "", section)
    codes = " ".join(quoted) + " " + re.sub(r"[#0.,\s?_*\\()%-]", " ", bare)
    unit = unit_of_text(codes, "format")
    if unit is not None:
        unit = Unit(1, unit.currency, "format") if unit.currency else None
    scaled = bool(re.search(r"[0#],+(\s|$|[^0#])", bare + " "))
    return unit, scaled


@dataclass
class Conversion:
    column: str
    unit: Unit
    where: str  # the header or title it was read from
    cells: list[str] = field(default_factory=list)


class Units:
    """The unit of each amount column, and each amount read through it."""

    def __init__(self, grid, layout, money_columns, rates: dict[str, Decimal], rate_source):
        self.grid, self.rates, self.rate_source = grid, rates, rate_source
        title = None
        for number, cells in grid.rows:
            texts = [(i, c.text) for i, c in enumerate(cells) if c.text]
            # the title rows above the header, and notes below the table (a row of one cell)
            if number >= layout.header_rows[0] and (
                number <= layout.header_rows[-1] or len(texts) != 1
            ):
                continue
            for index, text in texts:
                where = (
                    say("unit_from_title", row=number)
                    if number < layout.header_rows[0]
                    else say("unit_from_note", row=number)
                )
                found = unit_of_text(text, where)
                if found:
                    found = Unit(found.scale, found.currency, where, grid.ref(index, number), text)
                title = found.merged(title) if found else title
        self.columns: dict[int, Unit] = {}
        self.reports: dict[int, Conversion] = {}
        for column in money_columns:
            found = unit_of_text(column.label, say("unit_from_header"))
            if found and title and found.differs(title):
                # 'Donatori (RSD)' under '(u hiljadama dinara)': never pick one
                raise ImportUnusable(
                    "unit_header_title_differ",
                    path=grid.place,
                    column=column.letter,
                    label=column.label,
                    header_cell=grid.ref(column.index, layout.header_rows[-1]),
                    header_unit=describe(found),
                    where=title.source,
                    title_cell=title.cell,
                    title=title.text,
                    title_unit=describe(title),
                )
            unit = found.merged(title) if found else title
            if unit is not None:
                self.columns[column.index] = unit
                self.reports[column.index] = Conversion(column.letter, unit, unit.source)
        for column in money_columns:
            unit = self.columns.get(column.index)
            if unit and unit.currency not in (None, "RSD") and unit.currency not in rates:
                raise ImportUnusable(
                    "currency_needs_rate",
                    path=grid.file,
                    sheet=grid.sheet or "-",
                    column=column.letter,
                    label=column.label,
                    currency=unit.currency,
                    where=unit.source,
                )

    def dinars(self, column, cell, number: Decimal, row: int) -> Decimal:
        """The amount in dinars, or BadValue."""
        unit = self.columns.get(column.index, Unit())
        from_format, shown_scaled = unit_of_format(cell.number_format)
        from_text = unit_of_text(cell.text, "cell") if isinstance(cell.value, str) else None
        for found in (from_format, from_text):
            if found and found.currency:
                if unit.currency and found.currency != unit.currency:
                    raise BadValue(
                        "value_currency_differs",
                        found=cell.text,
                        currency=found.currency,
                        stated=unit.currency,
                    )
                unit = Unit(unit.scale, found.currency, unit.source or "cell")
        scale = 1 if shown_scaled else unit.scale
        amount = number * scale
        if unit.currency not in (None, "RSD"):
            if unit.currency not in self.rates:
                raise BadValue("value_currency_needs_rate", found=cell.text, currency=unit.currency)
            amount = (amount * self.rates[unit.currency]).quantize(
                Decimal(1), rounding=ROUND_HALF_UP
            )
        if scale != 1 or unit.currency not in (None, "RSD"):
            report = self.reports.setdefault(
                column.index, Conversion(column.letter, Unit(scale, unit.currency), "cell")
            )
            shown = f"{amount:f}".rstrip("0").rstrip(".") if "." in f"{amount:f}" else f"{amount:f}"
            report.cells.append(f"{self.grid.ref(column.index, row)} {cell.text} → {shown}")
        return amount


def describe(unit: Unit) -> str:
    """'RSD as written', 'thousands of RSD' (the currency said, or RSD)."""
    return say(f"unit_scale_{unit.scale}", currency=unit.currency or "RSD")


def parse_rates(values: list[str] | None) -> dict[str, Decimal]:
    """--rate EUR=117.2 (RSD for one unit of the currency)."""
    rates = {}
    for value in values or []:
        code, _, rate = value.partition("=")
        try:
            number = Decimal(rate.replace(",", "."))
        except InvalidOperation:
            number = Decimal(0)
        if not re.fullmatch(r"[A-Za-z]{3}", code.strip()) or number <= 0:
            raise ImportUnusable("rate_option_bad", found=value)
        rates[code.strip().upper()] = number
    return rates
