"""One service type over the years: how many LSGs offer it and how many beneficiaries it
has in Serbia, each year (0 for a year without any)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def service_history(
    services: pd.DataFrame, service_type_code: str, years: Sequence[int]
) -> pd.DataFrame:
    """Per year (index, every year given): `lsgs_with_service` and `beneficiaries`."""
    rows = services[services["service_type_code"] == service_type_code]
    by_year = rows.groupby("year")
    return pd.DataFrame(
        {
            "lsgs_with_service": [int(by_year["lsg_code"].nunique().get(y, 0)) for y in years],
            "beneficiaries": [int(by_year["beneficiaries"].sum().get(y, 0)) for y in years],
        },
        index=pd.Index(list(years), name="year"),
    )
