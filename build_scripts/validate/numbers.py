"""Integer and number columns parsed whole with numpy (for large tables, see `schema`).

A cell that is plain digits is read here; every other cell, and every number exactly on a
bound (where float rounding could decide), goes through Frictionless's reader, so the
verdicts are Frictionless's.
"""

from __future__ import annotations

import frictionless
import numpy as np
import pandas as pd

from build_scripts.validate.cells import CellReader, Column, Verdicts, exact

BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
COMPARE = {
    "minimum": np.less,
    "maximum": np.greater,
    "exclusiveMinimum": np.less_equal,
    "exclusiveMaximum": np.greater_equal,
}
# Most digits of a plain integer (fits an int64) and of a plain number (an exact float).
INT64_DIGITS = 18
FLOAT_DIGITS = 15
POWERS_OF_TEN = 10.0 ** np.arange(FLOAT_DIGITS + 1)


def _points(cells: np.ndarray) -> np.ndarray:
    """numpy fixed-width (unicode) strings as a matrix of code points, zero after each
    end."""
    width = cells.dtype.itemsize // 4
    return cells.view(np.uint32).reshape(len(cells), width)


def _parse_plain(points: np.ndarray, integer: bool) -> tuple[np.ndarray, np.ndarray]:
    """Which cells are plain numbers, and their values, without a Python loop per cell.

    Plain: ASCII digits only for an integer (at most 18, so it fits an int64); for a
    number also one leading minus and one decimal point, with at most 15 digits, so the
    digits make an exact integer and dividing it by a power of ten gives the same float as
    parsing the text. Python's int() and Decimal() read every plain cell, and read it to
    this value; everything else is left to Frictionless's reader."""
    count, width = points.shape
    values = np.zeros(count, dtype=np.int64)
    if count == 0 or width == 0:
        return np.zeros(count, dtype=bool), values
    plain = points[:, 0] != 0
    digits = np.zeros(count, dtype=np.int64)
    negative = points[:, 0] == ord("-")
    seen_point = np.zeros(count, dtype=bool)
    decimals = np.zeros(count, dtype=np.int64)
    for j in range(width):
        point = points[:, j]
        digit = (point >= ord("0")) & (point <= ord("9"))
        allowed = digit | (point == 0)
        if not integer:
            dot = point == ord(".")
            allowed |= dot & ~seen_point
            if j == 0:
                allowed |= negative
        plain &= allowed
        values = np.where(digit, values * 10 + (point.astype(np.int64) - ord("0")), values)
        digits += digit
        if not integer:
            decimals += digit & seen_point
            seen_point |= dot
    if integer:
        return plain & (digits <= INT64_DIGITS), values
    plain &= (digits > 0) & (digits <= FLOAT_DIGITS)
    numbers = values / POWERS_OF_TEN[np.minimum(decimals, FLOAT_DIGITS)]
    return plain, np.where(negative, -numbers, numbers)


def _parse_column(texts: pd.Series, integer: bool) -> tuple[np.ndarray, np.ndarray]:
    """`_parse_plain` of every cell, parsing each distinct text once (number columns
    repeat values a lot: a million indicator values have a few thousand texts)."""
    codes, uniques = pd.factorize(texts, sort=False)
    if len(codes) and codes.min() < 0:  # no missing cells in a frame read as text
        uniques, codes = texts, np.arange(len(texts))
    try:  # one byte per character when every cell is ASCII, as numbers are
        cells = np.asarray(uniques, dtype=object).astype("S")
        points = cells.view(np.uint8).reshape(len(cells), cells.dtype.itemsize)
    except UnicodeEncodeError:
        points = _points(np.asarray(uniques, dtype=object).astype(str))
    plain, numbers = _parse_plain(points, integer)
    return plain[codes], numbers[codes]


def numeric(reader: CellReader, spec: frictionless.Field, texts: pd.Series) -> Column | None:
    """An integer or number column parsed whole by numpy; every cell that is not plain
    digits, or that sits exactly on a bound (where float rounding could decide), goes to
    Frictionless's reader. None when a bound is not a number (left to the exact path)."""
    bounds = {}
    value_reader = spec.create_value_reader()
    for name in BOUNDS:
        if spec.constraints.get(name) is not None:
            bound = value_reader(spec.constraints[name])  # as Frictionless reads a bound
            if bound is None:
                return None
            bounds[name] = bound
    kind = np.int64 if spec.type == "integer" else np.float64
    plain, numbers = _parse_column(texts, spec.type == "integer")
    unsure = ~plain
    limits = {}
    for name, bound in bounds.items():
        limits[name] = int(bound) if kind is np.int64 else float(bound)
        if kind is np.float64:
            unsure |= plain & (numbers == limits[name])
    errors: dict[int, Verdicts] = {}
    for name in BOUNDS:  # Frictionless checks constraints in this order
        if name not in limits:
            continue
        fails = ~unsure & COMPARE[name](numbers, limits[name])
        note = f'constraint "{name}" is "{spec.constraints[name]}"'
        for row in np.flatnonzero(fails):
            errors.setdefault(int(row), []).append(("constraint-error", note))
    # Typed values are only needed for keys, which never take this path: one group for
    # every value, -1 where there is none (missing, or not a number).
    groups = np.zeros(len(texts), dtype=np.int64)
    rest = np.flatnonzero(unsure)
    if len(rest):
        checked = exact(reader, texts.iloc[rest])
        for position, errs in checked.errors.items():
            errors[int(rest[position])] = errs
        groups[rest] = np.where(checked.groups < 0, -1, 0)
    # The numbers as pandas.to_numeric(errors="coerce") reads the column, for the checks
    # that follow the schema.
    parsed = numbers.astype(np.float64)
    odd = np.flatnonzero(~plain)
    if len(odd):
        parsed[odd] = pd.to_numeric(texts.iloc[odd], errors="coerce").to_numpy(dtype=float)
    return Column(groups, [], errors, parsed)
