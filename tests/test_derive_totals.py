"""Totals, funding shares, comparisons and trends (derive.totals, derive.comparisons) and the
numbers the pages format from them, checked against a plain recomputation over the CSV rows
of the tiny package (tests/fixtures/valid; tests/naive.py reads it with `csv`)."""

from __future__ import annotations

import statistics

import pytest
from fixtures_package import make_package
from naive import Naive
from pagetext import read_page, rows

from build_scripts import derive, pages
from build_scripts.derive import slug
from build_scripts.i18n import LANGUAGES, Translator

ENGLISH = LANGUAGES[-1]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("tiny")
    package = make_package(tmp)
    writer = pages.PageWriter(derive.run(package), tmp / "out", tmp / "cache")
    writer.run()
    return writer.data, Naive(package.parent), writer.out


def naive_lsg_years(naive: Naive) -> dict[tuple[str, int], tuple[int, int, int]]:
    """(LSG, year) -> services, beneficiaries, funding, summed row by row."""
    totals: dict[tuple[str, int], tuple[int, int, int]] = {}
    for r in naive.services:
        n, users, funding = totals.get((r["lsg_code"], r["year"]), (0, 0, 0))
        totals[r["lsg_code"], r["year"]] = (
            n + 1,
            users + r["beneficiaries"],
            funding + r["funding_total_rsd"],
        )
    return totals


def naive_share(row: dict, source: str) -> float | None:
    total = row["funding_total_rsd"]
    return row[f"funding_{source}_rsd"] / total if total else None


def test_totals_per_lsg_and_year(tiny):
    data, naive, _ = tiny
    got = {
        (r.lsg_code, int(r.year)): (int(r.services), int(r.beneficiaries), int(r.funding))
        for r in data.totals.lsg_year.itertuples()
    }
    assert got == naive_lsg_years(naive)


def test_totals_per_service_type_and_year(tiny):
    data, naive, _ = tiny
    frame = data.totals.service_year
    for service_type in naive.service_types:
        mine = frame[frame["service_type_code"] == service_type]
        got = {int(r.year): (int(r.lsgs), int(r.beneficiaries)) for r in mine.itertuples()}
        want = {year: (n, users) for year, n, users in naive.service_history(service_type) if n}
        assert got == want, service_type


def test_indicator_medians_per_year_and_latest(tiny):
    data, naive, _ = tiny
    frame = data.totals.indicator_year
    for code in naive.definitions:
        for year in naive.years:
            values = naive.all_indicator_values(code, year)
            mine = frame[(frame["indicator_code"] == code) & (frame["year"] == year)]
            if values:
                assert float(mine["median"].iloc[0]) == statistics.median(values), (code, year)
            else:
                assert mine.empty
        latest = list(naive.indicator_values(code, naive.latest_year).values())
        assert data.totals.indicator_median.get(code) == (
            statistics.median(latest) if latest else None
        )


def test_national_figures(tiny):
    data, naive, _ = tiny
    latest = [r for r in naive.services if r["year"] == naive.latest_year]
    national = data.totals.national
    assert national.population == sum(int(r["population_2022"]) for r in naive.lsgs.values())
    assert national.services == len(latest)
    assert national.beneficiaries == sum(r["beneficiaries"] for r in latest)
    assert national.programmes == len(naive.programmes)
    members: dict[str, set[str]] = {}
    for r in naive.programme_lsg:
        members.setdefault(r["programme_code"], set()).add(r["lsg_code"])
    assert data.totals.programme_lsgs == {p: len(members.get(p, ())) for p in naive.programmes}


def test_funding_shares(tiny):
    data, naive, _ = tiny
    shares = data.funding_shares
    assert len(shares) == len(naive.services)
    for position, row in enumerate(naive.services):
        for source in ("lsg", "earmarked", "donor"):
            got = shares[f"share_{source}"].iloc[position]
            want = naive_share(row, source)
            assert (got is None or got != got) if want is None else got == want, (row, source)


def test_comparisons_and_trends(tiny):
    data, naive, _ = tiny
    latest, first = naive.latest_year, naive.first_year

    def count(code: str) -> int:
        return len(naive.services_of(code, latest))

    def word(value: float, other: float) -> str:
        return "more" if value > other else "less" if value < other else "same"

    national = statistics.median(count(c) for c in naive.lsgs)
    for code in naive.lsgs:
        facts = data.lsg_facts.loc[code]
        district = statistics.median(count(c) for c in naive.district_peers(code))
        assert facts["vs_district"] == word(count(code), district), code
        assert facts["vs_national"] == word(count(code), national), code
        trend = word(naive.users(code, latest), naive.users(code, first))
        assert facts["users_trend"] == {"more": "up", "less": "down"}.get(trend, "same"), code
    for code in naive.definitions:
        for lsg, stats in naive.indicator_stats(code).items():
            row = data.indicator_latest[
                (data.indicator_latest["lsg_code"] == lsg)
                & (data.indicator_latest["indicator_code"] == code)
            ]
            start = stats["first_value"]
            want = (
                "flat"
                if start is None or stats["value"] == start
                else ("up" if stats["value"] > start else "down")
            )
            assert row["trend"].iloc[0] == want, (lsg, code)


def test_pages_state_the_recomputed_numbers(tiny):
    """The home page's totals, each LSG page's history and funding shares, each service
    page's history: as recomputed, formatted as the page formats numbers."""
    _, naive, out = tiny
    tr = Translator(ENGLISH)
    latest = [r for r in naive.services if r["year"] == naive.latest_year]
    home = read_page(out, "index.md", ENGLISH)
    population = sum(int(r["population_2022"]) for r in naive.lsgs.values())
    for value in (population, len(latest), sum(r["beneficiaries"] for r in latest)):
        assert tr.number(value) in home, value
    history = naive_lsg_years(naive)
    for code, lsg in naive.lsgs.items():
        page = read_page(out, f"lsg/{lsg['slug']}.md", ENGLISH)
        shown = {cells[0]: cells[1:] for _, cells in rows(page) if len(cells) == 4}
        for (lsg_code, year), (n, users, funding) in history.items():
            if lsg_code == code:
                assert shown[str(year)] == [tr.number(n), tr.number(users), tr.number(funding)]
        for row in naive.services_of(code, naive.latest_year):
            percents = [
                tr.value(None if share is None else 100 * share, "percent", 0)
                for share in (naive_share(row, s) for s in ("lsg", "earmarked", "donor"))
            ]
            href = f"services/{slug(row['service_type_code'])}/"
            cells = next(cells for raw, cells in rows(page, href) if len(cells) == 7)
            assert cells[-1] == " / ".join(percents), (code, row["service_type_code"])
    for service_type in naive.service_types:
        page = read_page(out, f"services/{slug(service_type)}.md", ENGLISH)
        shown = {cells[0]: cells[1:3] for _, cells in rows(page) if cells and cells[0].isdigit()}
        for year, n, users in naive.service_history(service_type):
            if n:
                assert shown[str(year)] == [tr.number(n), tr.number(users)], service_type
