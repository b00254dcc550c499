"""Seeded generator of DEMONSTRATION values for `services` and `indicators`.

No official per-LSG figures on services and indicators are within our reach, so the
package ships plausible, invented values. Every generated row names the source
`demo-generator` in its `source_id` column; that, and nothing else, makes it a demonstration
value (see `rowsource.py`). Rows imported from a report name their report and are kept as
they are: the generator owns only the LSG-years (indicators: LSG, indicator and year) that
no report covers. The generator is deterministic:
each LSG draws from its own `random.Random` seeded with the package seed and the
LSG's code, so the output depends only on the inputs (and adding an LSG does not
change the others' values).

How values are made:
- whether a service type exists in an LSG: a probability per type, raised for larger
  LSGs (logistic in log10 population); some services start after 2019;
- users: a rate per 1,000 residents per type, scaled by population, with random
  level and trend; places (capacity) for services with a fixed number of places;
- funding: users x a unit cost per type, growing with inflation, split into the
  LSG budget, earmarked transfers (more likely in small LSGs) and donor money (more
  likely where the LSG takes part in a programme of programme_lsg);
- indicators: derived from the generated services where they describe them, the
  rest drawn around plausible national levels.
"""

from __future__ import annotations

import csv
import math
import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from build_scripts.paths import DATASETS

SEED = 20261124
YEARS = range(2019, 2025)
Row = dict[str, str | int]  # a generated row: text and whole numbers, written as CSV


@dataclass(frozen=True)
class Profile:
    probability: float  # chance that a mid-sized LSG (about 20,000 residents) has it
    size_effect: float  # logit change per tenfold population
    users_per_1000: float
    unit_cost_rsd: int  # spending per user and year, 2019 prices
    has_places: bool
    providers: tuple[str, ...]


PROFILES: dict[str, Profile] = {
    "day_care": Profile(0.55, 1.6, 0.25, 250_000, True, ("public_institution", "ngo", "csw")),
    "home_help": Profile(0.88, 1.0, 2.0, 70_000, False, ("public_institution", "ngo", "private")),
    "drop_in_centre": Profile(0.06, 2.5, 0.05, 150_000, True, ("ngo", "public_institution")),
    "personal_companion": Profile(0.55, 1.2, 0.3, 200_000, False, ("ngo", "public_institution")),
    "supported_housing": Profile(0.12, 1.8, 0.03, 600_000, True, ("public_institution", "ngo")),
    "personal_assistance": Profile(0.22, 1.5, 0.08, 400_000, False, ("ngo", "private")),
    "independent_living_training": Profile(0.06, 1.8, 0.05, 80_000, False, ("ngo",)),
    "family_crisis_support": Profile(0.08, 1.8, 0.1, 60_000, False, ("csw", "ngo")),
    "parent_counselling": Profile(0.25, 1.5, 0.5, 20_000, False, ("csw", "ngo")),
    "family_disability_support": Profile(0.14, 1.5, 0.15, 40_000, False, ("ngo",)),
    "family_reunification": Profile(0.05, 1.8, 0.05, 40_000, False, ("csw",)),
    "violence_counselling": Profile(0.22, 1.5, 0.3, 30_000, False, ("ngo", "csw")),
    "family_therapy": Profile(0.10, 1.8, 0.2, 35_000, False, ("csw", "ngo")),
    "sos_line": Profile(0.15, 2.0, 1.0, 5_000, False, ("ngo",)),
    "shelter": Profile(0.15, 2.0, 0.05, 300_000, True, ("csw", "public_institution", "ngo")),
    "respite_care": Profile(0.10, 1.8, 0.05, 200_000, True, ("public_institution", "ngo")),
    "roma_mobile_team": Profile(0.25, 1.0, 0.8, 15_000, False, ("lsg_body",)),
    "poverty_reduction_committee": Profile(0.04, 0.0, 1.0, 8_000, False, ("lsg_body",)),
}

NGO_NAMES = (
    "Crveni krst",
    "Udruženje „Sunce“",
    "Udruženje „Naša kuća“",
    "Udruženje „Oaza“",
    "Udruženje „Duga“",
    "Udruženje „Zajedno“",
    "Caritas",
)
PUBLIC_NAMES = {
    "home_help": "Gerontološki centar",
    "day_care": "Dnevni centar",
    "shelter": "Prihvatilište",
    "respite_care": "Centar za porodični smeštaj i predah",
}


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def _provider_name(rng: random.Random, provider_type: str, service_type: str, name: str) -> str:
    if provider_type == "csw":
        return f"Centar za socijalni rad {name}"
    if provider_type == "public_institution":
        return f"{PUBLIC_NAMES.get(service_type, 'Ustanova socijalne zaštite')} {name}"
    if provider_type == "ngo":
        return f"{rng.choice(NGO_NAMES)} {name}"
    if provider_type == "private":
        return f"{rng.choice(('Pomoć plus', 'Sigurna ruka', 'Zlatno doba'))} d.o.o. {name}"
    return f"{'Mobilni tim' if service_type == 'roma_mobile_team' else 'Lokalni odbor'} {name}"


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def generate_services(
    lsgs: Iterable[dict[str, str]], in_programme: set[str], imc_pairs: list[tuple[str, str]]
) -> list[Row]:
    """One row per LSG x service type x year in which the service exists."""
    rows: list[Row] = []
    imc_codes = {code for pair in imc_pairs for code in pair}
    for lsg in lsgs:
        rng = random.Random(f"{SEED}:services:{lsg['code']}")
        population = int(lsg["population_2022"])
        size = math.log10(population) - 4.3
        small = population < 30_000
        imc_service = "home_help" if lsg["code"] in imc_codes else None
        for service_type, profile in PROFILES.items():
            p = _sigmoid(_logit(profile.probability) + profile.size_effect * size)
            if rng.random() >= p:
                continue
            start = 2019 if rng.random() < 0.7 else rng.randint(2020, 2024)
            stop = rng.randint(start + 1, 2025) if rng.random() < 0.06 else 2025
            provider_type = rng.choice(profile.providers)
            provider_name = _provider_name(rng, provider_type, service_type, lsg["name_lat"])
            licensed_p = {"csw": 0.9, "public_institution": 0.85, "ngo": 0.6, "private": 0.7}
            licensed = rng.random() < licensed_p.get(provider_type, 0.0)
            level = profile.users_per_1000 * population / 1000 * rng.lognormvariate(0, 0.35)
            growth = rng.uniform(-0.03, 0.08)
            earmarked = rng.uniform(0.3, 0.7) if small and rng.random() < 0.6 else 0.0
            donor_base = rng.uniform(0.1, 0.4) if lsg["code"] in in_programme else 0.0
            capacity = 0
            for year in range(start, stop):
                users = max(1, round(level * (1 + growth) ** (year - 2019)))
                if profile.has_places:
                    capacity = max(capacity, math.ceil(users / rng.uniform(0.75, 1.0)))
                total = round(
                    users * profile.unit_cost_rsd * 1.05 ** (year - 2019) * rng.uniform(0.85, 1.15)
                )
                donor = donor_base if year >= 2022 else (0.15 if rng.random() < 0.08 else 0.0)
                funding_earmarked = round(total * earmarked)
                funding_donor = round(total * min(donor, 1 - earmarked))
                rows.append(
                    {
                        "lsg_code": lsg["code"],
                        "service_type_code": service_type,
                        "year": year,
                        "provider_type": provider_type,
                        "provider_name": provider_name,
                        "licensed": "true" if licensed else "false",
                        "beneficiaries": users,
                        "capacity": capacity if profile.has_places else "",
                        "funding_lsg_rsd": total - funding_earmarked - funding_donor,
                        "funding_earmarked_rsd": funding_earmarked,
                        "funding_donor_rsd": funding_donor,
                        "funding_total_rsd": total,
                        "imc": "true" if service_type == imc_service and year >= 2023 else "false",
                    }
                )
    return rows


def _fmt(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


@dataclass(frozen=True)
class _Levels:
    """An LSG's own levels of the indicators not derived from its services, drawn once."""

    share_65: float
    budget_per_resident: float
    other_per_resident: float
    one_off: float
    fsa: float
    foster: float


def _levels(rng: random.Random, size: float) -> _Levels:
    # in this order: each draw moves the LSG's generator on
    share_65 = min(32.0, max(14.0, 21.0 - 2.5 * size + rng.gauss(0, 2.5)))
    budget_per_resident = rng.uniform(40_000, 90_000)
    other_per_resident = rng.uniform(800, 2_500)
    one_off = rng.uniform(5, 30)
    fsa = min(90.0, max(3.0, 25 - 12 * size + rng.gauss(0, 8)))
    foster = rng.uniform(2, 12)
    return _Levels(share_65, budget_per_resident, other_per_resident, one_off, fsa, foster)


def generate_indicators(
    lsgs: Iterable[dict[str, str]],
    services: list[Row],
    definitions: list[dict[str, str]],
    article_40_lsg_funded: set[str],
) -> list[Row]:
    """Long-format indicator rows, derived from `services` where they describe them."""
    decimals = {d["code"]: int(d["decimals"]) for d in definitions}
    by_lsg_year: dict[tuple[str, int], list[Row]] = {}
    for row in services:
        by_lsg_year.setdefault((str(row["lsg_code"]), int(row["year"])), []).append(row)
    rows: list[Row] = []
    for lsg in lsgs:
        rng = random.Random(f"{SEED}:indicators:{lsg['code']}")
        population = int(lsg["population_2022"])
        levels = _levels(rng, math.log10(population) - 4.3)
        for year in YEARS:
            present = by_lsg_year.get((lsg["code"], year), [])
            values = _indicator_values(
                rng, levels, population, year, present, article_40_lsg_funded
            )
            for code, value in values.items():
                if value is None:
                    continue
                rows.append(
                    {
                        "lsg_code": lsg["code"],
                        "indicator_code": code,
                        "year": year,
                        "value": _fmt(value, decimals[code]),
                    }
                )
    return rows


def _indicator_values(
    rng: random.Random,
    levels: _Levels,
    population: int,
    year: int,
    present: list[Row],
    article_40_lsg_funded: set[str],
) -> dict[str, float | None]:
    """One LSG's indicators in `year`, from its services of that year (`present`) and its
    levels; None where the services say nothing (no service funded under article 40)."""
    t = year - 2019
    article_40 = [r for r in present if r["service_type_code"] in article_40_lsg_funded]
    funding = sum(int(r["funding_total_rsd"]) for r in article_40)
    lsg_spending = sum(int(r["funding_lsg_rsd"]) + int(r["funding_earmarked_rsd"]) for r in present)
    spending = lsg_spending + population * levels.other_per_resident * 1.06**t
    pop_65 = population * (levels.share_65 + 0.2 * t) / 100

    def users(code: str) -> int:
        return sum(int(r["beneficiaries"]) for r in present if r["service_type_code"] == code)

    def share(field: str) -> float | None:
        return 100 * sum(int(r[field]) for r in article_40) / funding if funding else None

    return {
        "social_protection_spending_per_capita": spending / population,
        "social_protection_budget_share": 100
        * spending
        / (population * levels.budget_per_resident * 1.07**t),
        "lsg_funded_service_types": len(article_40),
        "home_help_users_per_1000_65plus": 1000 * users("home_help") / pop_65,
        "day_care_users_per_10000": 10_000 * users("day_care") / population,
        "licensed_services_share": (
            100 * sum(r["licensed"] == "true" for r in article_40) / len(article_40)
        )
        if article_40
        else None,
        "earmarked_transfer_share": share("funding_earmarked_rsd"),
        "donor_funding_share": share("funding_donor_rsd"),
        "one_off_assistance_per_1000": levels.one_off * rng.uniform(0.85, 1.15),
        "financial_social_assistance_per_1000": levels.fsa
        * (1 - 0.02 * t)
        * rng.uniform(0.95, 1.05),
        "foster_care_children_per_1000": levels.foster * (1 + 0.02 * t) * rng.uniform(0.9, 1.1),
        "population_65plus_share": levels.share_65 + 0.2 * t,
    }


def _write(path: Path, rows: Iterable[Mapping[str, str | int]], fields: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


# The numeric columns of a services row (also what the importer parses as numbers).
SERVICE_AMOUNTS = (
    "beneficiaries",
    "capacity",
    "funding_lsg_rsd",
    "funding_earmarked_rsd",
    "funding_donor_rsd",
    "funding_total_rsd",
)
SERVICE_FIELDS = [
    "lsg_code",
    "service_type_code",
    "year",
    "provider_type",
    "provider_name",
    "licensed",
    *SERVICE_AMOUNTS,
    "imc",
    "source_id",
]
INDICATOR_FIELDS = ["lsg_code", "indicator_code", "year", "value", "source_id"]
# The row of sources.csv every generated row names: what makes a row a demonstration value.
DEMO_SOURCE = "demo-generator"


def _read_existing(path: Path) -> list[dict[str, str]]:
    """The rows of a table already in the package (none when it is missing or has no
    source_id column yet)."""
    if not path.is_file():
        return []
    rows = _read(path)
    return rows if rows and "source_id" in rows[0] else []


def _merge_real(
    generated: list[Row],
    existing: list[dict[str, str]],
    unit: Callable[[Mapping[str, str | int]], tuple],
    order: Callable[[Mapping[str, str | int]], tuple],
) -> list[Mapping[str, str | int]]:
    """The generator owns only the units (services: LSG and year; indicators: LSG,
    indicator and year) that hold no row from another source: rows imported from a report
    are kept as they are, and generated rows for their units are left out."""
    real = [r for r in existing if r["source_id"] != DEMO_SOURCE]
    covered = {unit(r) for r in real}
    kept: list[Mapping[str, str | int]] = [r for r in generated if unit(r) not in covered]
    return sorted([*kept, *real], key=order)


def run(source: Path = DATASETS, target: Path | None = None) -> dict[str, int]:
    """Read the real tables in `source`, write services.csv and indicators.csv to `target`."""
    target = target or source
    lsgs = [r for r in _read(source / "lsg.csv") if r["kind"] != "belgrade_city_municipality"]
    in_programme = {r["lsg_code"] for r in _read(source / "programme_lsg.csv")}
    imc_pairs = [(r["lead_lsg_code"], r["partner_lsg_code"]) for r in _read(source / "imc.csv")]
    service_types = _read(source / "service_types.csv")
    article_40 = {
        s["code"]
        for s in service_types
        if s["lsg_funded"] == "true" and s["group_code"] != "local_measures"
    }
    definitions = _read(source / "indicator_definitions.csv")
    services = generate_services(lsgs, in_programme, imc_pairs)
    indicators = generate_indicators(lsgs, services, definitions, article_40)
    for row in services + indicators:
        row["source_id"] = DEMO_SOURCE
    position = {lsg["code"]: i for i, lsg in enumerate(lsgs)}
    types = {code: i for i, code in enumerate(PROFILES)}
    codes = {
        code: i for i, code in enumerate(dict.fromkeys(r["indicator_code"] for r in indicators))
    }
    late = len(position) + len(types) + len(codes)
    service_rows = _merge_real(
        services,
        _read_existing(source / "services.csv"),
        lambda r: (str(r["lsg_code"]), int(r["year"])),
        lambda r: (
            position.get(str(r["lsg_code"]), late),
            types.get(str(r["service_type_code"]), late),
            str(r["service_type_code"]),
            int(r["year"]),
        ),
    )
    indicator_rows = _merge_real(
        indicators,
        _read_existing(source / "indicators.csv"),
        lambda r: (str(r["lsg_code"]), str(r["indicator_code"]), int(r["year"])),
        lambda r: (
            position.get(str(r["lsg_code"]), late),
            int(r["year"]),
            codes.get(str(r["indicator_code"]), late),
            str(r["indicator_code"]),
        ),
    )
    target.mkdir(parents=True, exist_ok=True)
    _write(target / "services.csv", service_rows, SERVICE_FIELDS)
    _write(target / "indicators.csv", indicator_rows, INDICATOR_FIELDS)
    return {"services": len(service_rows), "indicators": len(indicator_rows)}
