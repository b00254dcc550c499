"""Statistics recomputed the plain way, to check what the build computes.

Standard library only: the CSV files read with `csv`, every figure computed with loops,
`sorted` and `statistics`, never with the pandas code under test."""

from __future__ import annotations

import csv
import functools
import math
import statistics
from dataclasses import dataclass
from pathlib import Path

LSG_KINDS = ("city", "municipality")


def read_csv(folder: Path, name: str) -> list[dict]:
    with open(folder / f"{name}.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def rank_of(value: float, values: list[float]) -> int:
    """Rank 1 is the largest value; equal values share the best rank of their group and the
    next value's rank counts them all (5, 7, 7, 3 -> 3, 1, 1, 4)."""
    return 1 + sum(1 for other in values if other > value)


def quantile(values: list[float], share: float) -> float | None:
    """Linear interpolation between the two nearest ranks (numpy's and pandas' default)."""
    ordered = sorted(values)
    if not ordered:
        return None
    position = (len(ordered) - 1) * share
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


@dataclass(eq=False)
class Naive:
    """The package's tables as plain rows, and the figures the pages show, recomputed."""

    folder: Path

    def __post_init__(self):
        rows = read_csv(self.folder, "lsg")
        self.lsg = {r["code"]: r for r in rows}
        self.lsgs = {r["code"]: r for r in rows if r["kind"] in LSG_KINDS}
        self.services = read_csv(self.folder, "services")
        for r in self.services:
            r["year"] = int(r["year"])
            for column in (
                "beneficiaries",
                "funding_lsg_rsd",
                "funding_earmarked_rsd",
                "funding_donor_rsd",
                "funding_total_rsd",
            ):
                r[column] = int(r[column])
        self._services_of: dict[tuple[str, int], list[dict]] = {}
        for r in self.services:
            self._services_of.setdefault((r["lsg_code"], r["year"]), []).append(r)
        self.indicators = read_csv(self.folder, "indicators")
        for r in self.indicators:
            r["year"] = int(r["year"])
            r["value"] = float(r["value"])
        self.definitions = {r["code"]: r for r in read_csv(self.folder, "indicator_definitions")}
        self.service_types = {r["code"]: r for r in read_csv(self.folder, "service_types")}
        self.programmes = {r["code"]: r for r in read_csv(self.folder, "programmes")}
        self.programme_lsg = read_csv(self.folder, "programme_lsg")
        self.years = list(
            range(min(r["year"] for r in self.services), max(r["year"] for r in self.services) + 1)
        )
        self.first_year, self.latest_year = self.years[0], self.years[-1]

    # -- indicators ----------------------------------------------------------------------

    def indicator_values(self, indicator: str, year: int) -> dict[str, float]:
        """LSG code -> value of one indicator in one year (the 145 LSGs only)."""
        return {
            r["lsg_code"]: r["value"]
            for r in self.indicators
            if r["indicator_code"] == indicator and r["year"] == year and r["lsg_code"] in self.lsgs
        }

    def all_indicator_values(self, indicator: str, year: int) -> list[float]:
        """Every row of one indicator in one year, whatever the LSG's kind."""
        return [
            r["value"]
            for r in self.indicators
            if r["indicator_code"] == indicator and r["year"] == year
        ]

    @functools.cache  # noqa: B019  (one Naive per package, kept for the test module)
    def indicator_stats(self, indicator: str) -> dict[str, dict]:
        """Per LSG, in the latest year: value, rank, count, district and Serbia medians and
        the first year's value."""
        values = self.indicator_values(indicator, self.latest_year)
        first = self.indicator_values(indicator, min(r["year"] for r in self.indicators))
        ranked = list(values.values())
        result = {}
        for code, value in values.items():
            district = self.lsgs[code]["district_code"]
            peers = [v for c, v in values.items() if self.lsgs[c]["district_code"] == district]
            result[code] = {
                "value": value,
                "rank": rank_of(value, ranked),
                "count": len(ranked),
                "district_median": median(peers),
                "national_median": median(ranked),
                "first_value": first.get(code),
            }
        return result

    # -- services ------------------------------------------------------------------------

    def services_of(self, code: str, year: int) -> list[dict]:
        return self._services_of.get((code, year), [])

    def users(self, code: str, year: int) -> int:
        return sum(r["beneficiaries"] for r in self.services_of(code, year))

    def group_counts(self, code: str) -> dict[str, int]:
        """Services per group in the latest year (0 for a group without any)."""
        counts = {g: 0 for g in self.groups()}
        for r in self.services_of(code, self.latest_year):
            counts[self.service_types[r["service_type_code"]]["group_code"]] += 1
        return counts

    def groups(self) -> list[str]:
        ordered = sorted(self.service_types.values(), key=lambda r: int(r["sort_order"]))
        return list(dict.fromkeys(r["group_code"] for r in ordered))

    def district_peers(self, code: str) -> list[str]:
        district = self.lsgs[code]["district_code"]
        return [c for c, r in self.lsgs.items() if r["district_code"] == district]

    def comparable(self, code: str) -> list[str]:
        """Other LSGs in the same district or with between half and double the population."""
        me = self.lsgs[code]
        population = int(me["population_2022"])
        return [
            c
            for c, r in self.lsgs.items()
            if c != code
            and (
                r["district_code"] == me["district_code"]
                or population / 2 <= int(r["population_2022"]) <= population * 2
            )
        ]

    def missing_services(self, code: str) -> list[tuple[str, int]]:
        """Service types at least half of the comparable LSGs have and this one lacks, with
        how many have it: most common first, then by code."""
        peers = self.comparable(code)
        own = {r["service_type_code"] for r in self.services_of(code, self.latest_year)}
        have: dict[str, int] = {}
        for peer in peers:
            for t in {r["service_type_code"] for r in self.services_of(peer, self.latest_year)}:
                have[t] = have.get(t, 0) + 1
        missing = [(t, n) for t, n in have.items() if t not in own and n * 2 >= len(peers)]
        return sorted(missing, key=lambda item: (-item[1], item[0]))

    def service_history(self, service_type: str) -> list[tuple[int, int, int]]:
        """(year, LSGs with the service, users) for every year."""
        result = []
        for year in self.years:
            rows = [
                r
                for r in self.services
                if r["service_type_code"] == service_type and r["year"] == year
            ]
            result.append(
                (year, len({r["lsg_code"] for r in rows}), sum(r["beneficiaries"] for r in rows))
            )
        return result
