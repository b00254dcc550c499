"""The checks a Table Schema cannot express: one function per rule, run in the order of
`RULES` over the tables that could be read. Each adds its problems to the table it
checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from build_scripts.errors import problem
from build_scripts.validate.read import Table

BELGRADE_CODE = "79014"
FUNDING_PARTS = ("funding_lsg_rsd", "funding_earmarked_rsd", "funding_donor_rsd")


@dataclass(frozen=True)
class Package:
    """What the rules read: the descriptor and the tables as read."""

    descriptor: dict[str, Any]
    tables: dict[str, Table]

    def usable(self, name: str) -> tuple[Table, pd.DataFrame] | None:
        """The table `name` with its cells, when it could be read."""
        table = self.tables.get(name)
        if table is None or not table.usable or table.frame is None:
            return None
        return table, table.frame

    def city_municipalities(self) -> set[str]:
        found = self.usable("lsg")
        if found is None:
            return set()
        lsg = found[1]
        return set(lsg.loc[lsg["kind"] == "belgrade_city_municipality", "code"])


def _lines(frame: pd.DataFrame, mask: pd.Series) -> list[int]:
    return [int(i) + 2 for i in frame.index[mask]]


def _numbers(table: Table, frame: pd.DataFrame, column: str) -> pd.Series:
    """The column's numbers (NaN where none), parsed once by the schema checks if they
    could."""
    if table.rows is not None and column in table.rows.numbers:
        return pd.Series(table.rows.numbers[column], index=frame.index)
    return pd.to_numeric(frame[column], errors="coerce")


def belgrade_parents(package: Package) -> None:
    """A Belgrade city municipality belongs to Belgrade; no other LSG has a parent."""
    found = package.usable("lsg")
    if found is None:
        return
    t, lsg = found
    bcm = lsg["kind"] == "belgrade_city_municipality"
    elsewhere = bcm & (lsg["parent_code"] != BELGRADE_CODE)
    for line, code in zip(_lines(lsg, elsewhere), lsg.loc[elsewhere, "parent_code"], strict=False):
        t.problems.append(
            problem(
                "parent-not-belgrade",
                t.display,
                line,
                "parent_code",
                found=code,
                expected=BELGRADE_CODE,
            )
        )
    wrong = ~bcm & (lsg["parent_code"] != "")
    for line, (code, kind) in zip(
        _lines(lsg, wrong), lsg.loc[wrong, ["parent_code", "kind"]].values, strict=False
    ):
        t.problems.append(
            problem("parent-on-lsg", t.display, line, "parent_code", found=code, kind=kind)
        )


def _figures(package: Package) -> Iterator[tuple[Table, pd.DataFrame]]:
    """The tables of yearly figures per LSG that could be read."""
    for name in ("services", "indicators"):
        found = package.usable(name)
        if found is not None:
            yield found


def years_in_coverage(package: Package) -> None:
    """Every year lies within the package's temporal coverage."""
    coverage = package.descriptor.get("temporalCoverage", {})
    start, end = coverage.get("start"), coverage.get("end")
    if start is None or end is None:
        return
    for t, data in _figures(package):
        years = _numbers(t, data, "year")
        outside = years.notna() & ((years < start) | (years > end))
        for line, found in zip(_lines(data, outside), data.loc[outside, "year"], strict=True):
            t.problems.append(
                problem(
                    "year-out-of-coverage",
                    t.display,
                    line,
                    "year",
                    found=found,
                    expected=f"{start}–{end}",
                )
            )


def figures_for_belgrade_not_its_parts(package: Package) -> None:
    """Figures are reported for Belgrade, never for one of its city municipalities."""
    parts_of_belgrade = package.city_municipalities()
    for t, data in _figures(package):
        parts = data["lsg_code"].isin(parts_of_belgrade)
        for line, found in zip(_lines(data, parts), data.loc[parts, "lsg_code"], strict=True):
            t.problems.append(
                problem(
                    "services-for-city-municipality",
                    t.display,
                    line,
                    "lsg_code",
                    found=found,
                    expected=BELGRADE_CODE,
                )
            )


def beneficiaries_within_capacity(package: Package) -> None:
    """A service has no more beneficiaries than places."""
    found = package.usable("services")
    if found is None:
        return
    t, services = found
    users, places = _numbers(t, services, "beneficiaries"), _numbers(t, services, "capacity")
    above = users.notna() & places.notna() & (users > places)
    for line, u, c in zip(
        _lines(services, above),
        services.loc[above, "beneficiaries"],
        services.loc[above, "capacity"],
        strict=False,
    ):
        t.problems.append(
            problem(
                "beneficiaries-above-capacity",
                t.display,
                line,
                "beneficiaries",
                found=u,
                expected=c,
            )
        )


def funding_adds_up(package: Package) -> None:
    """The funding sources add up to the total (to within one dinar)."""
    found = package.usable("services")
    if found is None:
        return
    t, services = found
    parts = [_numbers(t, services, c) for c in FUNDING_PARTS]
    total = _numbers(t, services, "funding_total_rsd")
    added = parts[0] + parts[1] + parts[2]
    mismatch = added.notna() & total.notna() & ((added - total).abs() > 1)
    for line, a, tot in zip(
        _lines(services, mismatch), added[mismatch], total[mismatch], strict=True
    ):
        t.problems.append(
            problem(
                "funding-sum-mismatch",
                t.display,
                line,
                "funding_total_rsd",
                found=f"{a:.0f}",
                expected=f"{tot:.0f}",
            )
        )


def no_self_partnership(package: Package) -> None:
    """An inter-municipal cooperation's partner is not its lead."""
    found = package.usable("imc")
    if found is None:
        return
    t, imc = found
    same = imc["lead_lsg_code"] == imc["partner_lsg_code"]
    for line, code in zip(_lines(imc, same), imc.loc[same, "partner_lsg_code"], strict=True):
        t.problems.append(
            problem("imc-self-partner", t.display, line, "partner_lsg_code", found=code)
        )


RULES: tuple[Callable[[Package], None], ...] = (
    belgrade_parents,
    years_in_coverage,
    figures_for_belgrade_not_its_parts,
    beneficiaries_within_capacity,
    funding_adds_up,
    no_self_partnership,
)


def check_rules(descriptor: dict[str, Any], tables: dict[str, Table]) -> None:
    package = Package(descriptor, tables)
    for rule in RULES:
        rule(package)
