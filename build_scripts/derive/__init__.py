"""Derive the tables the pages show, with pandas, from the validated package (`pipeline`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from build_scripts.datapackage import rowsource
from build_scripts.derive.comparisons import (
    funding_shares,
    with_comparisons,
    with_indicator_trends,
)
from build_scripts.derive.totals import Totals, totals
from build_scripts.paths import DATAPACKAGE


def none_if_missing(value):
    """None for a missing value (None, NaN, pd.NA), the value otherwise."""
    return None if value is None or value is pd.NA or value != value else value


def slug(code: str) -> str:
    """URL form of a snake_case code: home_help -> home-help."""
    return code.replace("_", "-")


LSG_KINDS = ("city", "municipality")


@dataclass
class Derived:
    package: dict
    # the `lsg` table, named as its resource (as every table here): all 162 units, the 145
    # LSGs and Belgrade's 17 city municipalities, by code; `lsgs` holds the 145 LSGs only
    lsg: pd.DataFrame
    lsgs: pd.DataFrame  # the 145 LSGs
    service_types: pd.DataFrame
    services: pd.DataFrame
    indicators: pd.DataFrame
    indicator_definitions: pd.DataFrame
    programmes: pd.DataFrame
    programme_lsg: pd.DataFrame
    imc: pd.DataFrame
    sources: pd.DataFrame
    latest_year: int
    first_year: int
    indicator_latest: pd.DataFrame  # one row per LSG x indicator in the latest year, ranked
    missing_services: dict[str, dict]  # per LSG code: comparable set and missing types
    lsg_facts: pd.DataFrame  # per LSG code: the figures its key facts state (lsg_key_facts)
    totals: Totals  # sums, counts and medians per LSG, service type, indicator and year
    funding_shares: pd.DataFrame  # per services row (same index): share of each source
    reporting: rowsource.Reporting | None = None  # per LSG and year: reported, demonstration
    base: Path | None = None  # the package's folder (boundaries/ lives beside the tables)

    @property
    def demonstration(self) -> set[str]:
        return {r["name"] for r in self.package["resources"] if r.get("demonstration")}


def _read(base: Path, resource: dict) -> pd.DataFrame:
    frame = pd.read_csv(
        base / resource["path"], dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )
    for spec in resource["schema"]["fields"]:
        name, kind = spec["name"], spec["type"]
        if kind == "integer":
            frame[name] = pd.to_numeric(frame[name].replace("", None)).astype("Int64")
        elif kind == "number":
            frame[name] = pd.to_numeric(frame[name].replace("", None)).astype("Float64")
        elif kind == "boolean":
            frame[name] = frame[name].map({"true": True, "false": False})
    return frame


def rank_indicators(indicators: pd.DataFrame, lsgs: pd.DataFrame, year: int) -> pd.DataFrame:
    latest = indicators[indicators["year"] == year].merge(
        lsgs[["code", "district_code"]], left_on="lsg_code", right_on="code"
    )
    grouped = latest.groupby("indicator_code")["value"]
    latest["rank"] = grouped.rank(method="min", ascending=False).astype("Int64")
    latest["count"] = grouped.transform("count")
    latest["national_median"] = grouped.transform("median")
    latest["district_median"] = latest.groupby(["indicator_code", "district_code"])[
        "value"
    ].transform("median")
    first = indicators[indicators["year"] == indicators["year"].min()][
        ["lsg_code", "indicator_code", "value"]
    ].rename(columns={"value": "first_value"})
    return latest.merge(first, on=["lsg_code", "indicator_code"], how="left")


def find_missing_services(lsgs: pd.DataFrame, services: pd.DataFrame, year: int) -> dict[str, dict]:
    """For each LSG: the comparable LSGs (same district, or population between half and
    double), the median number of services among them ("services_median", None without
    comparable LSGs) and the service types at least half of them have that this one lacks.

    Every LSG is compared with every other, so this is quadratic in the number of LSGs:
    done as boolean matrices (a block of rows at a time) times a presence matrix, not
    as a Python loop over comparable LSGs."""
    present = services[services["year"] == year].groupby("lsg_code")["service_type_code"].apply(set)
    types = sorted(set().union(*present)) if len(present) else []
    column = {t: j for j, t in enumerate(types)}
    codes = lsgs["code"].to_numpy()
    population = lsgs["population_2022"].to_numpy(dtype=float)
    district = lsgs["district_code"].to_numpy()
    has = np.zeros((len(codes), len(types)), dtype=np.int32)
    for i, code in enumerate(codes):
        for service_type in present.get(code, set()):
            has[i, column[service_type]] = 1
    result: dict[str, dict] = {}
    block = 1024
    for first in range(0, len(codes), block):
        rows = slice(first, first + block)
        low, high = population[rows] / 2, population[rows] * 2
        comparable = (district[rows, None] == district[None, :]) | (
            (population[None, :] >= low[:, None]) & (population[None, :] <= high[:, None])
        )
        comparable &= codes[rows, None] != codes[None, :]
        counts = comparable.astype(np.int32) @ has
        sizes = comparable.sum(axis=1)
        totals = has.sum(axis=1)
        for offset, code in enumerate(codes[rows]):
            n = int(sizes[offset])
            peers_total = totals[comparable[offset]]
            own = present.get(code, set())
            missing = sorted(
                (
                    (t, int(c))
                    for t, c in zip(types, counts[offset], strict=True)
                    if c and t not in own and n and c / n >= 0.5
                ),
                key=lambda item: (-item[1], item[0]),
            )
            result[code] = {
                "count": n,
                "low": int(low[offset]),
                "high": int(high[offset]),
                "missing": missing,
                "services_median": float(np.median(peers_total)) if n else None,
            }
    return result


def lsg_key_facts(
    lsgs: pd.DataFrame, services: pd.DataFrame, missing: dict[str, dict], year: int, first: int
) -> pd.DataFrame:
    """Per LSG (indexed by code) the figures its page states first: services and users in
    the latest year, users in the first year, the median number of services in its
    district (itself included; and the district's size), in Serbia and among comparable LSGs, how many comparable LSGs there
    are and how many service types most of them have that it lacks."""
    latest = services[services["year"] == year].groupby("lsg_code")
    earliest = services[services["year"] == first].groupby("lsg_code")["beneficiaries"].sum()
    frame = pd.DataFrame(index=pd.Index(lsgs["code"], name="code"))
    frame["district_code"] = lsgs["district_code"].to_numpy()
    frame["services"] = latest.size().reindex(frame.index, fill_value=0).astype(int)
    frame["users"] = latest["beneficiaries"].sum().reindex(frame.index, fill_value=0).astype(int)
    frame["first_users"] = earliest.reindex(frame.index, fill_value=0).astype(int)
    by_district = frame.groupby("district_code")["services"]
    frame["district_median"] = by_district.transform("median")
    frame["district_count"] = by_district.transform("size").astype(int)
    frame["national_median"] = float(frame["services"].median())
    frame["comparable_median"] = [missing[c]["services_median"] for c in frame.index]
    frame["comparable_count"] = [missing[c]["count"] for c in frame.index]
    frame["comparable_low"] = [missing[c]["low"] for c in frame.index]
    frame["comparable_high"] = [missing[c]["high"] for c in frame.index]
    frame["missing"] = [len(missing[c]["missing"]) for c in frame.index]
    return frame.drop(columns="district_code")


def run(package_path: Path = DATAPACKAGE) -> Derived:
    package = json.loads(package_path.read_text(encoding="utf-8"))
    base = package_path.parent
    frames = {r["name"]: _read(base, r) for r in package["resources"]}
    lsg = frames["lsg"]
    lsgs = lsg[lsg["kind"].isin(LSG_KINDS)].reset_index(drop=True)
    services = frames["services"]
    latest = int(services["year"].max())
    first = int(services["year"].min())
    reporting = rowsource.Reporting.from_rows(
        lsgs["code"],
        rowsource.demo_sources(frames["sources"].to_dict("records")),
        {
            name: zip(
                frames[name]["lsg_code"],
                frames[name]["year"],
                frames[name]["source_id"],
                strict=True,
            )
            for name in rowsource.ROW_TABLES
        },
    )
    rowsource.annotate(package, reporting)
    missing = find_missing_services(lsgs, services, latest)
    indicator_latest = with_indicator_trends(rank_indicators(frames["indicators"], lsgs, latest))
    return Derived(
        reporting=reporting,
        base=base,
        package=package,
        lsg=lsg.set_index("code", drop=False),
        lsgs=lsgs,
        service_types=frames["service_types"].sort_values("sort_order"),
        services=services,
        indicators=frames["indicators"],
        indicator_definitions=frames["indicator_definitions"].sort_values("sort_order"),
        programmes=frames["programmes"],
        programme_lsg=frames["programme_lsg"],
        imc=frames["imc"],
        sources=frames["sources"].set_index("id", drop=False),
        latest_year=latest,
        first_year=first,
        indicator_latest=indicator_latest,
        missing_services=missing,
        lsg_facts=with_comparisons(lsg_key_facts(lsgs, services, missing, latest, first)),
        totals=totals(
            lsgs,
            services,
            frames["indicators"],
            indicator_latest,
            frames["programmes"],
            frames["programme_lsg"],
            latest,
        ),
        funding_shares=funding_shares(services),
    )
