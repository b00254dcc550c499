"""Ranks, medians and shares: what derive computes and what the pages state, checked against a
plain recomputation (tests/naive.py) on the real data and on a small package with ties and
missing values. Golden pages cover two LSGs; these checks cover every LSG, indicator and
service type in every language.

The rank rule (docs/decisions/0018-rank-rule-and-recomputed-statistics.md): rank 1 is the
largest value, whatever the indicator's higher_is_better; equal values share the best rank of
their group and the next value's rank counts them all (5, 7, 7, 3 -> 3, 1, 1, 4); an LSG
without a value has no rank and is not counted."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest
from naive import Naive, median, quantile
from pagetext import read_page, row_linking, rows

from build_scripts import derive
from build_scripts.derive import slug
from build_scripts.i18n import LANGUAGES, Translator
from build_scripts.paths import DATAPACKAGE, DATASETS


@pytest.fixture(scope="module")
def real():
    return derive.run(DATAPACKAGE), Naive(DATASETS)


@pytest.fixture(scope="module")
def tied(tied_writer):
    """A small package with ties and missing values: derived, recomputed, its pages."""
    return tied_writer.data, Naive(tied_writer.package.parent), tied_writer.out


def test_rank_rule_ties_gaps_and_direction():
    lsgs = pd.DataFrame(
        {"code": ["a", "b", "c", "d", "e", "f"], "district_code": [1, 1, 1, 2, 2, 2]}
    )
    values = {"a": 5, "b": 7, "c": 7, "d": 3, "f": 7}  # e: no value
    rows_ = [
        {"lsg_code": c, "indicator_code": code, "year": 2024, "value": v if code == "up" else -v}
        for code in ("up", "down")
        for c, v in values.items()
    ] + [{"lsg_code": "a", "indicator_code": "up", "year": 2023, "value": 1.5}]
    frame = pd.DataFrame(rows_).astype({"value": "Float64", "year": "Int64"})
    ranked = derive.rank_indicators(frame, lsgs, 2024).set_index(["indicator_code", "lsg_code"])
    up = ranked.loc["up"]
    assert up["rank"].to_dict() == {"a": 4, "b": 1, "c": 1, "d": 5, "f": 1}
    assert set(up["count"]) == {5}
    assert set(up["national_median"]) == {7}
    assert up["district_median"].to_dict() == {"a": 7, "b": 7, "c": 7, "d": 5, "f": 5}
    assert up.loc["a", "first_value"] == 1.5 and up["first_value"].isna().sum() == 4
    # rank 1 is the largest value for every indicator, a lower-is-better one too
    down = ranked.loc["down"]
    assert down["rank"].to_dict() == {"a": 2, "b": 3, "c": 3, "d": 1, "f": 3}
    assert set(down["district_median"]) == {-7, -5}


def check_derived(data, naive: Naive) -> int:
    derived = {
        (r["indicator_code"], r["lsg_code"]): r for r in data.indicator_latest.to_dict("records")
    }
    expected = {
        (indicator, code): stats
        for indicator in naive.definitions
        for code, stats in naive.indicator_stats(indicator).items()
    }
    assert set(derived) == set(expected)
    for key, want in expected.items():
        got = derived[key]
        assert int(got["rank"]) == want["rank"], (key, "rank")
        assert int(got["count"]) == want["count"], (key, "count")
        assert got["value"] == pytest.approx(want["value"]), (key, "value")
        assert got["national_median"] == pytest.approx(want["national_median"]), (key, "national")
        assert got["district_median"] == pytest.approx(want["district_median"]), (key, "district")
        first = derive.none_if_missing(got["first_value"])
        assert first == pytest.approx(want["first_value"]), (key, "first_value")
    return len(expected)


def test_derived_ranks_and_medians_match_a_plain_recomputation(real):
    assert check_derived(*real) == 145 * 12


def test_ties_and_missing_values_in_a_small_package(tied):
    data, naive, _ = tied
    assert check_derived(data, naive) == 7
    ranks = data.indicator_latest.set_index(["indicator_code", "lsg_code"])["rank"]
    assert ranks.loc["lsg_funded_service_types"].to_dict() == {
        "70491": 1,
        "71200": 1,
        "79014": 3,
        "80012": 4,
    }
    assert ranks.loc["population_65plus_share"].to_dict() == {"70491": 1, "71200": 2, "79014": 2}


def trend_word(tr: Translator, first, value) -> str:
    if first is None or value == first:
        return tr.t("trend.flat")
    return tr.t("trend.up" if value > first else "trend.down")


def check_lsg_pages(out, naive: Naive) -> int:
    """Every LSG page's indicator table: value, rank/count, district and Serbia medians,
    trend; every service row's funding shares; the comparable LSGs' services it lacks."""
    stats = {code: naive.indicator_stats(code) for code in naive.definitions}
    checked = 0
    for lang in LANGUAGES:
        tr = Translator(lang)
        for code, lsg in naive.lsgs.items():
            page = read_page(out, f"lsg/{lsg['slug']}.md", lang)
            for indicator, definition in naive.definitions.items():
                if code not in stats[indicator]:
                    assert f"indicators/{slug(indicator)}/" not in page
                    continue
                s = stats[indicator][code]
                unit, decimals = definition["unit"], int(definition["decimals"])
                cells = row_linking(page, f'indicators/{slug(indicator)}/"')
                assert cells[1:] == [
                    tr.value(s["value"], unit, decimals),
                    f"{tr.number(s['rank'])}/{tr.number(s['count'])}",
                    tr.value(s["district_median"], unit, decimals),
                    tr.value(s["national_median"], unit, decimals),
                    trend_word(tr, s["first_value"], s["value"]),
                ], (lang.code, lsg["slug"], indicator)
                checked += 1
            for service in naive.services_of(code, naive.latest_year):
                total = service["funding_total_rsd"]
                shares = [
                    tr.value(100 * service[c] / total if total else None, "percent", 0)
                    for c in ("funding_lsg_rsd", "funding_earmarked_rsd", "funding_donor_rsd")
                ]
                cells = row_linking(page, f'services/{slug(service["service_type_code"])}/"')
                assert cells[-1] == " / ".join(shares), (lang.code, lsg["slug"], service)
            peers = naive.comparable(code)
            missing = naive.missing_services(code)
            population = int(lsg["population_2022"])
            district = Translator(lang).name(lsg, "district_lat", "district_cyr", "district_en")
            assert tr.tn(
                "lsg.missing.lead",
                len(peers),
                district=district,
                low=tr.number(population // 2),
                high=tr.number(population * 2),
                count=tr.number(len(peers)),
                year=naive.latest_year,
            ) in html.unescape(page), (lang.code, lsg["slug"], "comparable")
            lead = tr.tn(
                "lsg.missing.share", len(peers), have="{have}", count=tr.number(len(peers))
            ).split("{have}")
            listed = [
                line
                for line in page.splitlines()
                if line.startswith("<li>") and lead[1] and line.endswith(lead[1] + "</li>")
            ]
            assert len(listed) == len(missing), (lang.code, lsg["slug"])
            for line, (service_type, have) in zip(listed, missing, strict=True):
                assert f'services/{slug(service_type)}/"' in line, (lang.code, lsg["slug"])
                assert line.endswith(f"{lead[0]}{tr.number(have)}{lead[1]}</li>")
    return checked


def test_lsg_pages_state_the_recomputed_figures(page_writer, real):
    assert check_lsg_pages(page_writer.out, real[1]) == 3 * 145 * 12


def test_lsg_pages_with_ties_and_missing_values(tied):
    _, naive, out = tied
    assert check_lsg_pages(out, naive) == 3 * 7


def check_indicator_pages(out, naive: Naive) -> None:
    """Every indicator page: the ranking (rank 1 first, ties by code), the Serbia median per
    year; the index: each indicator's Serbia median."""
    for lang in LANGUAGES:
        tr = Translator(lang)
        index = read_page(out, "indicators/index.md", lang)
        for indicator, definition in naive.definitions.items():
            unit, decimals = definition["unit"], int(definition["decimals"])
            stats = naive.indicator_stats(indicator)
            page = read_page(out, f"indicators/{slug(indicator)}.md", lang)
            ranking = [cells for raw, cells in rows(page, "lsg/") if "<td" in raw]
            expected = sorted(stats.items(), key=lambda item: (item[1]["rank"], item[0]))
            assert [(cells[0], cells[3]) for cells in ranking] == [
                (tr.number(s["rank"]), tr.value(s["value"], unit, decimals)) for _, s in expected
            ], (lang.code, indicator)
            assert [cells[1] for cells in ranking] == [
                tr.name(naive.lsgs[code]) for code, _ in expected
            ]
            history = [cells for _, cells in rows(page) if cells[0].isdigit()]
            history = [cells for cells in history if len(cells) == 2]
            assert history == [
                [str(y), tr.value(median(naive.all_indicator_values(indicator, y)), unit, decimals)]
                for y in sorted({r["year"] for r in naive.indicators})
            ], (lang.code, indicator)
            national = median([s["value"] for s in stats.values()])
            assert row_linking(index, f'href="{slug(indicator)}/"')[2] == tr.value(
                national, unit, decimals
            ), (lang.code, indicator)


def test_indicator_pages_rank_and_median_as_recomputed(page_writer, real):
    check_indicator_pages(page_writer.out, real[1])


def test_indicator_pages_with_ties_and_missing_values(tied):
    _, naive, out = tied
    check_indicator_pages(out, naive)


def test_service_pages_count_lsgs_and_users_per_year(page_writer, real):
    naive = real[1]
    for lang in LANGUAGES:
        tr = Translator(lang)
        index = read_page(page_writer.out, "services/index.md", lang)
        for code, service_type in naive.service_types.items():
            history = naive.service_history(code)
            latest = history[-1]
            cells = row_linking(index, f'href="{slug(code)}/"')
            assert cells[2:] == [tr.number(latest[1]), tr.number(latest[2])], (lang.code, code)
            if service_type["lsg_funded"] != "true":
                continue
            page = read_page(page_writer.out, f"services/{slug(code)}.md", lang)
            table = [cells for _, cells in rows(page) if cells[0].isdigit() and len(cells) == 4]
            assert [cells[:3] for cells in table] == [
                [str(y), tr.number(n), tr.number(users)] for y, n, users in history
            ], (lang.code, code)


def test_quantile_helper_matches_the_textbook_definition():
    """The test's own helper, on values whose quartiles are known by hand."""
    assert quantile([1, 2, 3, 4], 0.25) == 1.75 and quantile([1, 2, 3, 4], 0.75) == 3.25
    assert quantile([4, 1, 3, 2, 5], 0.5) == 3 and quantile([7], 0.25) == 7
    assert quantile([], 0.5) is None


def test_home_and_index_figures(page_writer, real):
    """The home page's totals, each LSG's service count on the LSG index and each programme's
    number of LSGs on the programme index."""
    naive = real[1]
    latest = [r for code in naive.lsgs for r in naive.services_of(code, naive.latest_year)]
    population = sum(int(r["population_2022"]) for r in naive.lsgs.values())
    for lang in LANGUAGES:
        tr = Translator(lang)
        home = read_page(page_writer.out, "index.md", lang)
        figures = re.findall(r'<div class="figure"><strong>([^<]+)</strong><span>([^<]+)', home)
        assert dict((label, value) for value, label in figures) == {
            tr.t("home.figure.lsg"): tr.number(len(naive.lsgs)),
            tr.t("home.figure.population"): tr.number(population),
            tr.t("home.figure.services"): tr.number(len(latest)),
            tr.t("home.figure.users"): tr.number(sum(r["beneficiaries"] for r in latest)),
            tr.t("home.figure.programmes"): tr.number(len(naive.programmes)),
        }, lang.code
        index = read_page(page_writer.out, "lsg/index.md", lang)
        for code, lsg in naive.lsgs.items():
            cells = row_linking(index, f'href="{lsg["slug"]}/"')
            count = len(naive.services_of(code, naive.latest_year))
            assert cells[-2:] == [tr.number(int(lsg["population_2022"])), tr.number(count)], (
                lang.code,
                code,
            )
        programmes = read_page(page_writer.out, "programmes/index.md", lang)
        for code in naive.programmes:
            members = {r["lsg_code"] for r in naive.programme_lsg if r["programme_code"] == code}
            assert row_linking(programmes, f'href="{code}/"')[-1] == str(len(members)), code
