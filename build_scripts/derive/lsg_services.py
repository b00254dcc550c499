"""What each LSG offers, counted: services and beneficiaries per LSG and year, and the
services of the latest year per group of service types.

An LSG without any service in a year counts 0 beneficiaries and 0 services that year, not
a missing value: every frame here has a row for every LSG it is given."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def totals_by_lsg_year(services: pd.DataFrame) -> pd.DataFrame:
    """One row per LSG and year that has a service: `lsg_code`, `year`, `beneficiaries`
    (the sum), `services` (how many rows) and `funding_total_rsd` (the sum)."""
    return (
        services.groupby(["lsg_code", "year"])
        .agg(
            beneficiaries=("beneficiaries", "sum"),
            services=("service_type_code", "size"),
            funding_total_rsd=("funding_total_rsd", "sum"),
        )
        .reset_index()
    )


def beneficiaries_by_year(
    totals: pd.DataFrame, lsg_codes: Sequence[str], years: Sequence[int]
) -> pd.DataFrame:
    """Beneficiaries per LSG (index, in the order given) and year (columns), 0 where an
    LSG has no service that year; from `totals_by_lsg_year`."""
    return (
        totals.pivot(index="lsg_code", columns="year", values="beneficiaries")
        .reindex(index=list(lsg_codes), columns=list(years))
        .fillna(0)
    )


def service_groups(service_types: pd.DataFrame) -> list[str]:
    """The groups of service types, in the order of the types' `sort_order`."""
    ordered = service_types.sort_values("sort_order")["group_code"]
    return [str(group) for group in ordered.drop_duplicates()]


def services_by_group(
    services: pd.DataFrame, service_types: pd.DataFrame, lsg_codes: Sequence[str], year: int
) -> pd.DataFrame:
    """How many services each LSG (index, in the order given) offers in `year` in each
    group of service types (columns, in `service_groups` order), 0 for none."""
    group_of = service_types.set_index("code")["group_code"]
    latest = services[services["year"] == year].copy()
    latest["group"] = latest["service_type_code"].map(group_of)
    return (
        latest.groupby(["lsg_code", "group"])
        .size()
        .unstack(fill_value=0)
        .reindex(index=list(lsg_codes), fill_value=0)
        .reindex(columns=service_groups(service_types), fill_value=0)
    )
