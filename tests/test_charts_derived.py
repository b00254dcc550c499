"""The figures charts show are computed in `derive` (build_scripts/derive/lsg_services.py,
peer_medians.py, indicator_series.py, service_history.py, programme_roles.py): each checked
here against a plain recomputation (tests/naive.py: csv rows, loops, `statistics`) on the
tiny package and on the tiny package with ties and missing values."""

from __future__ import annotations

import pandas as pd
import pytest
from fixtures_package import make_package, make_tied_package
from naive import Naive, median, quantile

from build_scripts import derive
from build_scripts.derive.indicator_series import (
    histogram,
    indicator_rows,
    quarter,
    ranking,
    yearly_quartiles,
)
from build_scripts.derive.lsg_services import (
    beneficiaries_by_year,
    services_by_group,
    totals_by_lsg_year,
)
from build_scripts.derive.peer_medians import peer_medians
from build_scripts.derive.programme_roles import programme_roles
from build_scripts.derive.service_history import service_history


@pytest.fixture(scope="module", params=["tiny", "tied"])
def package(request, tmp_path_factory):
    """(derived, recomputed) for one small package."""
    make = make_package if request.param == "tiny" else make_tied_package
    path = make(tmp_path_factory.mktemp(request.param))
    return derive.run(path), Naive(path.parent)


def test_services_per_group_and_their_medians(package):
    data, naive = package
    codes = list(naive.lsgs)
    counts = services_by_group(data.services, data.service_types, codes, data.latest_year)
    expected = {code: naive.group_counts(code) for code in codes}
    assert list(counts.columns) == naive.groups()
    assert {c: {g: int(n) for g, n in counts.loc[c].items()} for c in codes} == expected
    district_of = data.lsgs.set_index("code")["district_code"]
    medians = peer_medians(counts.assign(total=counts.sum(axis=1)), district_of)
    for code in codes:
        peers = naive.district_peers(code)
        wanted = [median([expected[p][g] for p in peers]) for g in naive.groups()]
        wanted.append(median([sum(expected[p].values()) for p in peers]))
        assert medians.of_district(district_of[code]) == wanted, code
    national = [median([expected[c][g] for c in codes]) for g in naive.groups()]
    national.append(median([sum(expected[c].values()) for c in codes]))
    assert medians.of_serbia() == national


def test_beneficiaries_per_year_and_their_medians(package):
    data, naive = package
    codes, years = list(naive.lsgs), naive.years
    grid = beneficiaries_by_year(totals_by_lsg_year(data.services), codes, years)
    users = {c: [naive.users(c, y) for y in years] for c in codes}
    assert {c: [int(v) for v in grid.loc[c]] for c in codes} == users
    district_of = data.lsgs.set_index("code")["district_code"]
    medians = peer_medians(grid, district_of)
    for code in codes:
        peers = naive.district_peers(code)
        wanted = [median([users[p][i] for p in peers]) for i in range(len(years))]
        assert medians.of_district(district_of[code]) == wanted, code
    assert medians.of_serbia() == [median([users[c][i] for c in codes]) for i in range(len(years))]


def test_indicator_quartiles_ranking_and_histogram(package):
    data, naive = package
    for code in naive.definitions:
        quartiles = yearly_quartiles(indicator_rows(data.indicators, code), naive.years)
        for year in naive.years:
            values = naive.all_indicator_values(code, year)
            got = [derive.none_if_missing(v) for v in quartiles.loc[year]]
            if not values:
                assert got == [None] * 3, (code, year)
                continue
            wanted = [quantile(values, 0.25), median(values), quantile(values, 0.75)]
            assert got == pytest.approx(wanted), (code, year)
        stats = naive.indicator_stats(code)
        ranked = ranking(data.indicator_latest, code)
        order = sorted(stats, key=lambda c: (stats[c]["rank"], c))
        assert list(ranked["lsg_code"]) == order, code
        assert [int(r) for r in ranked["rank"]] == [stats[c]["rank"] for c in order]
        values = [stats[c]["value"] for c in order]
        bins = histogram(values, 4)
        assert sum(bins["lsgs"]) == len(values)
        for low, high, count in bins.itertuples(index=False):
            last = high == bins["to"].iloc[-1]
            inside = [v for v in values if low <= v < high or (last and v == high)]
            assert count == len(inside), (code, low, high)


def test_rank_quarters():
    assert [quarter(r, 8) for r in range(1, 9)] == ["top"] * 2 + ["middle"] * 4 + ["bottom"] * 2
    assert [quarter(r, 3) for r in (1, 2, 3)] == ["middle", "middle", "bottom"]


def test_service_history_and_programme_roles(package):
    data, naive = package
    for code in naive.service_types:
        history = service_history(data.services, code, naive.years)
        got = [
            (int(y), int(r["lsgs_with_service"]), int(r["beneficiaries"]))
            for y, r in history.iterrows()
        ]
        assert got == naive.service_history(code), code
    for code in naive.programmes:
        roles = programme_roles(data.programme_lsg, code)
        rows = [r for r in naive.programme_lsg if r["programme_code"] == code]
        wanted = sorted({r["role"] for r in rows})
        assert roles.roles == wanted
        assert roles.counts == [sum(1 for r in rows if r["role"] == role) for role in wanted]
        assert roles.members == len({r["lsg_code"] for r in rows})


def test_a_missing_year_counts_zero_beneficiaries():
    services = pd.DataFrame(
        {
            "lsg_code": ["a", "a"],
            "year": [2023, 2023],
            "service_type_code": ["x", "y"],
            "beneficiaries": [3, 4],
            "funding_total_rsd": [10, 20],
        }
    )
    grid = beneficiaries_by_year(totals_by_lsg_year(services), ["a", "b"], [2023, 2024])
    assert grid.to_dict("index") == {"a": {2023: 7, 2024: 0}, "b": {2023: 0, 2024: 0}}
