"""Indicators across LSGs: the ranking of one year, how the values spread (a histogram)
and how the spread moved over the years (quartiles and median per year).

Ranks follow decision 0018 (`derive.rank_indicators`); quantiles interpolate linearly
between the two nearest values (pandas' and numpy's default)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def indicator_rows(indicators: pd.DataFrame, indicator_code: str) -> pd.DataFrame:
    """Every row of one indicator (all years, every unit that has one)."""
    return indicators[indicators["indicator_code"] == indicator_code]


def yearly_quartiles(rows: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    """Per year (index, every year given): `quartile_1`, `median` and `quartile_3` of
    `value` among `rows`; missing where a year has no value."""
    by_year = rows.groupby("year")["value"]
    return pd.DataFrame(
        {
            "quartile_1": by_year.quantile(0.25),
            "median": by_year.median(),
            "quartile_3": by_year.quantile(0.75),
        }
    ).reindex(list(years))


def ranking(indicator_latest: pd.DataFrame, indicator_code: str) -> pd.DataFrame:
    """The LSGs with a value of one indicator in the latest year, rank 1 first (ties by
    LSG code): the rows of `derive.rank_indicators`."""
    rows = indicator_latest[indicator_latest["indicator_code"] == indicator_code]
    return rows.dropna(subset=["value"]).sort_values(["rank", "lsg_code"])


def histogram(values: Sequence[float], bins: int) -> pd.DataFrame:
    """`bins` equal ranges over the values: `from`, `to` and how many values (`lsgs`)
    fall in each (the last range includes its upper end)."""
    edges = np.histogram_bin_edges(values, bins=bins)
    counts, _ = np.histogram(values, bins=edges)
    return pd.DataFrame(
        {
            "from": [float(x) for x in edges[:-1]],
            "to": [float(x) for x in edges[1:]],
            "lsgs": [int(x) for x in counts],
        }
    )


def quarter(rank: int, count: int) -> str:
    """'top' for a rank in the best quarter of `count` ranked LSGs, 'bottom' in the last
    quarter, 'middle' otherwise."""
    if rank <= count / 4:
        return "top"
    if rank > count * 3 / 4:
        return "bottom"
    return "middle"
