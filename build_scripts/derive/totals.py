"""Totals: the sums, counts and medians per LSG, service type, indicator and year
that the pages state (their history tables, the home page's figures, the index pages).

Computed once here so that a number on a page, in its chart and in its CSV comes from one
place; the pages only format these frames."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class National:
    """The home page's figures: the LSGs' population, services and beneficiaries in the
    latest year, and the number of programmes."""

    population: int
    services: int
    beneficiaries: int
    programmes: int


@dataclass(frozen=True)
class Totals:
    lsg_year: pd.DataFrame  # lsg_code, year: services, beneficiaries, funding
    service_year: pd.DataFrame  # service_type_code, year: lsgs, beneficiaries, funding
    indicator_year: pd.DataFrame  # indicator_code, year: median of every row of that year
    indicator_median: dict[str, float]  # indicator code -> median of the LSGs, latest year
    programme_lsgs: dict[str, int]  # programme code -> how many LSGs take part
    national: National


def lsg_year_totals(services: pd.DataFrame) -> pd.DataFrame:
    """Per LSG and year with any service: how many services, their beneficiaries and
    their funding in total (years without a service have no row)."""
    return (
        services.groupby(["lsg_code", "year"], sort=True)
        .agg(
            services=("service_type_code", "size"),
            beneficiaries=("beneficiaries", "sum"),
            funding=("funding_total_rsd", "sum"),
        )
        .reset_index()
    )


def service_year_totals(services: pd.DataFrame) -> pd.DataFrame:
    """Per service type and year: how many LSGs offer it (rows), its beneficiaries and
    funding in total."""
    return (
        services.groupby(["service_type_code", "year"], sort=True)
        .agg(
            lsgs=("lsg_code", "size"),
            beneficiaries=("beneficiaries", "sum"),
            funding=("funding_total_rsd", "sum"),
        )
        .reset_index()
    )


def indicator_year_medians(indicators: pd.DataFrame) -> pd.DataFrame:
    """Per indicator and year: the median of every value of that year."""
    return (
        indicators.groupby(["indicator_code", "year"], sort=True)["value"]
        .median()
        .rename("median")
        .reset_index()
    )


def latest_indicator_medians(indicator_latest: pd.DataFrame) -> dict[str, float]:
    """Per indicator: the median of the LSGs' values in the latest year (an indicator
    without any value there has none)."""
    medians = indicator_latest.groupby("indicator_code", sort=True)["value"].median()
    return {str(code): float(value) for code, value in medians.items() if pd.notna(value)}


def totals(
    lsgs: pd.DataFrame,
    services: pd.DataFrame,
    indicators: pd.DataFrame,
    indicator_latest: pd.DataFrame,
    programmes: pd.DataFrame,
    programme_lsg: pd.DataFrame,
    year: int,
) -> Totals:
    latest = services[services["year"] == year]
    members = programme_lsg.groupby("programme_code")["lsg_code"].nunique()
    return Totals(
        lsg_year=lsg_year_totals(services),
        service_year=service_year_totals(services),
        indicator_year=indicator_year_medians(indicators),
        indicator_median=latest_indicator_medians(indicator_latest),
        programme_lsgs={str(code): int(members.get(code, 0)) for code in programmes["code"]},
        national=National(
            population=int(lsgs["population_2022"].sum()),
            services=len(latest),
            beneficiaries=int(latest["beneficiaries"].sum()),
            programmes=len(programmes),
        ),
    )
