"""Per-LSG figures the maps of Serbia show: an indicator's latest values and their median,
where a service type is offered and the share of each district's LSGs offering it, the
roles LSGs play in a programme, and whose figures are reported.

Pure functions of the derived frames; the maps class, colour and word what they return
(figures/maps/), so a number in a map, its alt text and its CSV comes from here."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from build_scripts.datapackage.rowsource import STATUSES, Reporting
from build_scripts.derive import none_if_missing

ROLE_ORDER = ("imc_lead", "imc_partner", "grant_partner", "technical_assistance")


@dataclass(frozen=True)
class IndicatorValues:
    values: dict[str, float]  # LSG code -> its value in the latest year (LSGs with a value)
    median: float | None  # of those values; None when no LSG has one


def indicator_values(
    indicator_latest: pd.DataFrame, lsg_codes: Collection[str], indicator_code: str
) -> IndicatorValues:
    """The values of one indicator in the latest year, per LSG among `lsg_codes`."""
    rows = indicator_latest[indicator_latest["indicator_code"] == indicator_code]
    values = {
        r["lsg_code"]: float(v)
        for r in rows.to_dict("records")
        if (v := none_if_missing(r["value"])) is not None and r["lsg_code"] in lsg_codes
    }
    median = float(pd.Series(list(values.values())).median()) if values else None
    return IndicatorValues(values, median)


def offering(
    services: pd.DataFrame, lsg_codes: Collection[str], service_type_code: str, year: int
) -> set[str]:
    """The LSGs among `lsg_codes` with a service of the type in `year`."""
    chosen = services[
        (services["year"] == year) & (services["service_type_code"] == service_type_code)
    ]
    return set(chosen["lsg_code"]) & set(lsg_codes)


@dataclass(frozen=True)
class DistrictShare:
    district_code: int
    first_lsg: str  # the district's LSG with the lowest code (its row names the district)
    have: int  # LSGs of the district in the set
    size: int  # LSGs of the district

    @property
    def share(self) -> float:
        return self.have / self.size


def district_shares(lsgs: pd.DataFrame, chosen: set[str]) -> list[DistrictShare]:
    """Per district (in the order of their LSGs' codes): how many of its LSGs are in
    `chosen`, of how many."""
    districts: dict[int, list[str]] = {}
    for code, district in sorted(zip(lsgs["code"], lsgs["district_code"], strict=True)):
        districts.setdefault(int(district), []).append(code)
    return [
        DistrictShare(district, members[0], sum(1 for c in members if c in chosen), len(members))
        for district, members in districts.items()
    ]


def programme_roles(
    programme_lsg: pd.DataFrame, lsg_codes: Collection[str], programme_code: str
) -> dict[str, tuple[str, ...]]:
    """LSG code -> the roles it plays in the programme (each once, in ROLE_ORDER)."""
    members = programme_lsg[programme_lsg["programme_code"] == programme_code]
    roles: dict[str, tuple[str, ...]] = {}
    for row in members.to_dict("records"):
        if row["lsg_code"] in lsg_codes:
            roles.setdefault(row["lsg_code"], ())
            roles[row["lsg_code"]] += (row["role"],)
    return {c: tuple(sorted(set(r), key=ROLE_ORDER.index)) for c, r in roles.items()}


def role_counts(roles: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Per role (in ROLE_ORDER, only roles someone plays): the number of LSGs playing it."""
    counts = {role: sum(1 for r in roles.values() if role in r) for role in ROLE_ORDER}
    return {role: k for role, k in counts.items() if k}


def reporting_status(
    reporting: Reporting | None, lsg_codes: Collection[str], year: int
) -> dict[str, str]:
    """LSG code (sorted) -> whether its figures for `year` are reported, demonstration
    values or missing (rowsource.STATUSES)."""
    if reporting is None:
        raise ValueError("no reporting statuses: derive.run() computes them")
    return {c: reporting.status(c, year) for c in sorted(lsg_codes)}


def status_counts(status: dict[str, str]) -> dict[str, int]:
    """Per status (all of STATUSES, in order): the number of LSGs with it."""
    return {s: sum(1 for v in status.values() if v == s) for s in STATUSES}
