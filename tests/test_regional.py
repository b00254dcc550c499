"""The figures the maps state (build_scripts/derive/regional.py), against a naive
recomputation from the CSV files with the standard library, on the tiny package with a
reported LSG, a demonstration one and one without figures in the latest year."""

from __future__ import annotations

import csv
import statistics
from pathlib import Path

import pytest
from fixtures_package import TIED_INDICATORS, make_package

from build_scripts import derive
from build_scripts.derive import regional

# 70491's latest figures come from a real source; 80012 has none in the latest year.
REAL = "70491,population_65plus_share,2024,25.8,seed-004\n"
INDICATORS = TIED_INDICATORS.replace(
    "70491,population_65plus_share,2024,25.8,demo-generator\n", REAL
)
INDICATORS = INDICATORS.replace(
    "70491,lsg_funded_service_types,2024,5,demo-generator",
    "70491,lsg_funded_service_types,2024,5,seed-004",
)
INDICATORS = INDICATORS.replace("80012,lsg_funded_service_types,2024,1,demo-generator\n", "")


def read(package: Path, name: str) -> list[dict[str, str]]:
    with open(package.parent / f"{name}.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("regional")
    plain = make_package(tmp)
    services = (plain.parent / "services.csv").read_text(encoding="utf-8").splitlines(True)
    kept = [
        line.replace("demo-generator", "seed-004") if line.startswith("70491,") else line
        for line in services
        if not line.startswith("80012,home_help,2024,")
    ]
    return make_package(
        tmp,
        {"indicators": INDICATORS.encode("utf-8"), "services": "".join(kept).encode("utf-8")},
    )


@pytest.fixture(scope="module")
def naive(package):
    """What the figures are, by hand."""
    lsgs = {r["code"]: r for r in read(package, "lsg") if r["kind"] in ("city", "municipality")}
    services = read(package, "services")
    latest = max(int(r["year"]) for r in services)
    return lsgs, services, latest


def test_indicator_values_and_median(package, naive):
    lsgs, _, latest = naive
    data = derive.run(package)
    assert data.latest_year == latest
    for code in ("population_65plus_share", "lsg_funded_service_types"):
        values = {
            r["lsg_code"]: float(r["value"])
            for r in read(package, "indicators")
            if r["indicator_code"] == code
            and int(r["year"]) == latest
            and r["value"]
            and r["lsg_code"] in lsgs
        }
        found = regional.indicator_values(data.indicator_latest, lsgs, code)
        assert found.values == values, code
        assert found.median == statistics.median(values.values()), code
    assert "80012" not in found.values  # no value in the latest year


def test_where_a_service_is_offered_and_district_shares(package, naive):
    lsgs, services, latest = naive
    data = derive.run(package)
    for code in ("home_help", "day_care", "roma_mobile_team"):
        offered = {
            r["lsg_code"]
            for r in services
            if r["service_type_code"] == code and int(r["year"]) == latest
        } & set(lsgs)
        assert regional.offering(data.services, lsgs, code, latest) == offered, code
        shares = {
            s.district_code: (s.have, s.size, s.share)
            for s in regional.district_shares(data.lsgs, offered)
        }
        expected = {}
        for district in {int(r["district_code"]) for r in lsgs.values()}:
            members = [c for c, r in lsgs.items() if int(r["district_code"]) == district]
            have = len([c for c in members if c in offered])
            expected[district] = (have, len(members), have / len(members))
        assert shares == expected, code


def test_programme_roles_and_counts(package, naive):
    lsgs, _, _ = naive
    data = derive.run(package)
    rows = read(package, "programme_lsg")
    for code in [r["code"] for r in read(package, "programmes")]:
        expected: dict[str, set[str]] = {}
        for r in rows:
            if r["programme_code"] == code and r["lsg_code"] in lsgs:
                expected.setdefault(r["lsg_code"], set()).add(r["role"])
        roles = regional.programme_roles(data.programme_lsg, lsgs, code)
        assert {c: set(r) for c, r in roles.items()} == expected
        counts = {}
        for role in regional.ROLE_ORDER:
            if k := len([c for c, r in expected.items() if role in r]):
                counts[role] = k
        assert regional.role_counts(roles) == counts
    swiss = regional.programme_roles(data.programme_lsg, lsgs, "swiss-social-protection-34")
    assert swiss == {"71200": ("imc_lead", "technical_assistance"), "70491": ("imc_partner",)}


def test_reporting_status_per_lsg(package, naive):
    lsgs, _, latest = naive
    data = derive.run(package)
    generated = {r["id"] for r in read(package, "sources") if r["kind"] == "generator"}
    expected = {}
    for code in lsgs:
        sources = {
            r["source_id"]
            for name in ("services", "indicators")
            for r in read(package, name)
            if r["lsg_code"] == code and int(r["year"]) == latest
        }
        expected[code] = (
            "missing" if not sources else "demonstration" if sources & generated else "reported"
        )
    status = regional.reporting_status(data.reporting, lsgs, latest)
    assert status == expected
    assert set(status.values()) == {"reported", "demonstration", "missing"}  # all three seen
    assert regional.status_counts(status) == {
        s: list(expected.values()).count(s) for s in ("reported", "demonstration", "missing")
    }
