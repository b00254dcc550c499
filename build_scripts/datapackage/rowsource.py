"""Provenance per row: every row of `services` and `indicators` names its source
(`source_id`, a row of `sources.csv`), and "demonstration" is a fact about rows, derived
from their source's kind, never a flag set by hand.

- a row is a demonstration value when its source is of kind `generator`;
- an LSG-year is `reported` when it has rows and none of them is a demonstration value,
  `demonstration` when any of them is, `missing` when it has none;
- a resource is a demonstration resource while any of its rows is a demonstration value.

Used by `derive` (pages, charts, maps) and `datapackage.load` (downloads, metadata): both
call `annotate`, so every output says the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

DEMO_KINDS = frozenset({"generator"})
ROW_TABLES = ("services", "indicators")
STATUSES = ("reported", "demonstration", "missing")


def demo_sources(sources: Iterable[dict]) -> set[str]:
    """The ids of the sources whose rows are demonstration values."""
    return {str(s["id"]) for s in sources if s.get("kind") in DEMO_KINDS}


@dataclass
class Reporting:
    """Per LSG and year: the sources of its rows and whether they are demonstration values."""

    lsg_codes: list[str]  # the LSGs rows are kept for, in their order
    years: list[int]
    demo: set[str]  # ids of demonstration sources
    sources_of: dict[tuple[str, int], set[str]] = field(default_factory=dict)
    # per resource: whether any row is a demonstration value
    resources: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def from_rows(
        cls,
        lsg_codes: Iterable[str],
        demo: set[str],
        rows: Mapping[str, Iterable[tuple[str, int, str]]],
    ) -> Reporting:
        """`rows`: per resource, (lsg_code, year, source_id) of every row."""
        out = cls(list(lsg_codes), [], set(demo))
        years: set[int] = set()
        for name, triples in rows.items():
            any_demo = False
            for code, year, source in triples:
                year = int(year)
                years.add(year)
                out.sources_of.setdefault((str(code), year), set()).add(str(source))
                any_demo = any_demo or source in demo
            out.resources[name] = any_demo
        out.years = sorted(years)
        return out

    @property
    def latest_year(self) -> int | None:
        return self.years[-1] if self.years else None

    def status(self, code: str, year: int) -> str:
        sources = self.sources_of.get((code, year))
        if not sources:
            return "missing"
        return "demonstration" if sources & self.demo else "reported"

    def lsg_is_demo(self, code: str) -> bool:
        """Whether any row of the LSG (any year, any table) is a demonstration value."""
        return any(self.status(code, y) == "demonstration" for y in self.years)

    def count(self, status: str, year: int | None = None) -> int:
        year = self.latest_year if year is None else year
        if year is None:  # no rows at all: every LSG is missing
            return len(self.lsg_codes) if status == "missing" else 0
        return sum(self.status(code, year) == status for code in self.lsg_codes)

    def any_demo(self) -> bool:
        return any(self.resources.values())

    def mixed(self, codes: Iterable[str], year: int) -> bool:
        """Whether the values of `codes` in `year` mix reported and demonstration ones."""
        seen = {self.status(c, year) for c in codes} - {"missing"}
        return len(seen) > 1

    def last_reported(self, code: str) -> tuple[int, list[str]] | None:
        """The latest year the LSG reported figures (no demonstration row) and its sources."""
        for year in reversed(self.years):
            if self.status(code, year) == "reported":
                return year, sorted(self.sources_of[(code, year)])
        return None

    def summary(self) -> dict:
        """What the package metadata says about demonstration values."""
        year = self.latest_year
        return {
            "year": year,
            "lsg_total": len(self.lsg_codes),
            "lsg_reported": self.count("reported", year) if year else 0,
            "lsg_demonstration": self.count("demonstration", year) if year else 0,
            "lsg_missing": self.count("missing", year) if year else len(self.lsg_codes),
        }


def annotate(descriptor: dict, reporting: Reporting) -> dict:
    """Set each resource's `demonstration` flag from its rows (resources without
    provenance per row are real data) and the package's `reporting` summary, in memory:
    datapackage.json on disk never carries them, so they cannot go stale."""
    for resource in descriptor["resources"]:
        resource["demonstration"] = reporting.resources.get(resource["name"], False)
    descriptor["reporting"] = reporting.summary()
    return descriptor


LSG_KINDS = ("city", "municipality")


def from_text_tables(tables: dict) -> Reporting:
    """The Reporting of a package read as text (`datapackage.Table` objects by name)."""

    def records(name: str) -> list[dict[str, str]]:
        table = tables[name]
        return [dict(zip(table.header, row, strict=False)) for row in table.rows]

    lsgs = [r["code"] for r in records("lsg") if r["kind"] in LSG_KINDS]
    rows = {
        name: [(r["lsg_code"], int(r["year"]), r.get("source_id", "")) for r in records(name)]
        for name in ROW_TABLES
        if name in tables
    }
    return Reporting.from_rows(lsgs, demo_sources(records("sources")), rows)


STATUS_FILE = "reporting-status.csv"
STATUS_HEADER = ["lsg_code", "name_lat", "name_cyr", "name_en", "district_code", "year"]
STATUS_HEADER += ["status", "source_id", "data_version", "licence"]


def status_csv(descriptor: dict, tables: dict) -> bytes:
    """Per LSG and year: reported, demonstration or missing, and the sources of its rows
    (UTF-8, comma-separated, LF; one row per LSG and year of the package's coverage)."""
    import csv
    import io

    reporting = from_text_tables(tables)
    lsg = tables["lsg"]
    rows = [dict(zip(lsg.header, r, strict=False)) for r in lsg.rows]
    coverage = descriptor.get("temporalCoverage", {})
    years = list(range(coverage.get("start", 0), coverage.get("end", -1) + 1)) or reporting.years
    licence = "; ".join(x.get("path", x["name"]) for x in descriptor.get("licenses", []))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(STATUS_HEADER)
    for row in rows:
        if row["kind"] not in LSG_KINDS:
            continue
        for year in years:
            sources = sorted(reporting.sources_of.get((row["code"], year), ()))
            writer.writerow(
                [row["code"], row["name_lat"], row["name_cyr"], row["name_en"]]
                + [row["district_code"], year, reporting.status(row["code"], year)]
                + [";".join(sources), descriptor["version"], licence]
            )
    return buffer.getvalue().encode("utf-8")
