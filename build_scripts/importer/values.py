"""Import: cell values as people type them -> the package's formats.

Numbers come in Serbian (`1.234,5`) or English (`1,234.5`) style, with spaces between
thousands, a percent sign, a currency word; the style of a sheet is read from its
unambiguous numbers, and a number that could be read both ways in a sheet that mixes
styles is refused. Booleans are 'da'/'ne' and friends; years may carry a Serbian
ordinal dot ('2024.').
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from build_scripts.importer.base import norm, norm_set, vocabulary
from build_scripts.importer.read import Cell


class BadValue(Exception):
    """A cell that cannot become a value; `key` names the catalog message."""

    def __init__(self, key: str, **params: object):
        self.key = key
        self.params = params
        super().__init__(key)


_SPACE_IN_NUMBER = re.compile(r"(?<=\d)[ \u00a0\u202f'’](?=\d{3}(?!\d))")
_CURRENCY = re.compile(r"\s*(rsd|din\.?|dinara|€|eur)$|^(rsd|€|eur)\s*", re.IGNORECASE)
# unambiguous forms
_INTEGER = re.compile(r"^\d+$")
_DOT_DECIMAL = re.compile(r"^\d+\.(\d{1,2}|\d{4,})$|^\d{4,}\.\d{3}$")
_COMMA_DECIMAL = re.compile(r"^\d+,(\d{1,2}|\d{4,})$|^\d{4,},\d{3}$")
_SR_GROUPS = re.compile(r"^\d{1,3}(\.\d{3}){2,}$|^\d{1,3}(\.\d{3})+,\d+$")
_EN_GROUPS = re.compile(r"^\d{1,3}(,\d{3}){2,}$|^\d{1,3}(,\d{3})+\.\d+$")
# ambiguous forms: 1.234 and 1,234
_DOT_THREE = re.compile(r"^\d{1,3}\.\d{3}$")
_COMMA_THREE = re.compile(r"^\d{1,3},\d{3}$")


def _bare(text: str) -> tuple[str, bool, bool]:
    """The digits of a typed number, whether it had a percent sign, whether negative."""
    t = text.strip()
    percent = t.endswith("%")
    t = t.rstrip("%").strip()
    t = _CURRENCY.sub("", t).strip()
    t = _SPACE_IN_NUMBER.sub("", t)
    negative = t.startswith(("-", "−")) and len(t) > 1
    t = t.lstrip("-−+").strip()
    return t, percent, negative


def style_evidence(texts: Iterable[str]) -> str | None:
    """'sr', 'en' or 'mixed', from the numbers that can be read only one way; None when
    every number can be read both ways (or none is written with a separator)."""
    sr = en = False
    for text in texts:
        t = _bare(text)[0]
        sr = sr or bool(_COMMA_DECIMAL.match(t) or _SR_GROUPS.match(t))
        en = en or bool(_DOT_DECIMAL.match(t) or _EN_GROUPS.match(t))
    if sr and en:
        return "mixed"
    return "en" if en else "sr" if sr else None


def ambiguous(text: str) -> bool:
    """'1.234' or '1,234': a number that each convention reads differently."""
    t = _bare(text)[0]
    return bool(_DOT_THREE.match(t) or _COMMA_THREE.match(t))


def number_style(texts: Iterable[str]) -> str:
    """'sr', 'en' or 'mixed' for a whole sheet; with no evidence either way, Serbian."""
    return style_evidence(texts) or "sr"


def column_style(own: str | None, sheet: str | None, whole_numbers: bool) -> str:
    """How a column's numbers are read: its own evidence first, else the sheet's; with
    neither, '1.234' and '1,234' are thousands in a column of whole numbers ('whole') and
    cannot be read in a column of decimals ('unknown')."""
    if own is not None:
        return own
    if sheet in ("sr", "en"):
        return sheet
    return "whole" if whole_numbers else "unknown"


def is_missing(text: str) -> bool:
    return text.strip() in vocabulary()["missing_values"] or norm(text) in norm_set("missing_words")


def parse_number(cell: Cell, style: str) -> tuple[Decimal | None, bool]:
    """The value and whether it was a percentage; None for an empty or 'no data' cell."""
    value = cell.value
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise BadValue("value_not_number", found=cell.text)
        return None, False
    if isinstance(value, int | float):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if cell.percent:
            return number * 100, True
        return number, False
    text = cell.text
    if not text or is_missing(text):
        return None, False
    t, percent, negative = _bare(text)
    if _INTEGER.match(t):
        digits = t
    elif _DOT_DECIMAL.match(t) or _EN_GROUPS.match(t):
        digits = t.replace(",", "")
    elif _COMMA_DECIMAL.match(t) or _SR_GROUPS.match(t):
        digits = t.replace(".", "").replace(",", ".")
    elif _DOT_THREE.match(t) or _COMMA_THREE.match(t):
        if style == "mixed":
            raise BadValue("value_ambiguous_number", found=text, sr=_as_sr(t), en=_as_en(t))
        if style == "unknown":
            raise BadValue("value_ambiguous_column", found=text, sr=_as_sr(t), en=_as_en(t))
        if style == "whole":
            digits = t.replace(".", "").replace(",", "")
        else:
            digits = _as_sr(t) if style == "sr" else _as_en(t)
    else:
        raise BadValue("value_not_number", found=text)
    try:
        number = Decimal(digits)
    except InvalidOperation as exc:  # pragma: no cover - the patterns above exclude it
        raise BadValue("value_not_number", found=text) from exc
    return (-number if negative else number), percent


def _as_sr(t: str) -> str:
    return t.replace(".", "").replace(",", ".")


def _as_en(t: str) -> str:
    return t.replace(",", "")


def whole(number: Decimal, found: str) -> int:
    if number != number.to_integral_value():
        raise BadValue("value_not_whole", found=found)
    return int(number)


def parse_year(cell: Cell) -> int | None:
    """2024, '2024', '2024.', '2024. godina' -> 2024; None when the cell is empty."""
    value = cell.value
    if value is None or cell.text == "":
        return None
    if isinstance(value, int | float) and float(value).is_integer():
        return int(value)
    year = header_year(cell.text)
    if year is None:
        raise BadValue("value_not_year", found=cell.text)
    return year


def header_year(text: str) -> int | None:
    """A column header that is a year: '2019', '2019.', '2019. godina'."""
    key = norm(text)
    words = key.split()
    if (
        words
        and re.fullmatch(r"(19|20)\d\d", words[0])
        and all(w in norm_set("year_words") for w in words[1:])
    ):
        return int(words[0])
    return None


def parse_bool(cell: Cell) -> bool | None:
    text = cell.text
    if not text:
        return None
    if text.strip() in ("✓", "✔", "+"):
        return True
    key = norm(text)
    if key in norm_set("true_words"):
        return True
    if key in norm_set("false_words"):
        return False
    raise BadValue("value_not_boolean", found=text)


def parse_provider_type(cell: Cell) -> str | None:
    text = cell.text
    if not text:
        return None
    key = norm(text)
    for code, words in vocabulary()["provider_types"].items():
        if key == norm(code) or key in {norm(w) for w in words}:
            return code
    raise BadValue(
        "value_not_provider_type",
        found=text,
        expected=", ".join(vocabulary()["provider_types"]),
    )
