"""Rows of a table by key, grouped once: what a page or a chart of one LSG, service type or
indicator looks up, without filtering the whole table again for each of them."""

from __future__ import annotations

from collections.abc import Callable, Hashable

import pandas as pd


def split_by(frame: pd.DataFrame, column: str) -> Callable[[Hashable], pd.DataFrame]:
    """A function key -> the rows of `frame` whose `column` is key (in table order; an
    empty frame for none), from one pass over the table."""
    groups = {key: rows for key, rows in frame.groupby(column, sort=False)}
    empty = frame.iloc[0:0]
    return lambda key: groups.get(key, empty)
