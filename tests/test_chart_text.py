"""Every chart kind's text alternative and data, checked against the data: the numbers a
reader of the alternative or of the CSV gets must be the ones in the tables, recomputed here
the plain way (tests/naive.py), for every LSG, indicator, service type and programme in every
language; maps: their counts, medians and highest values (the rest: tests/test_maps.py).

A text alternative is compared whole with its catalog message filled in with recomputed
values: a wrong number, a swapped year or series, a wrong name all show."""

from __future__ import annotations

import csv
import io
import re

import pytest
from naive import Naive, median, quantile
from pagetext import chart_alt, chart_table, read_page

from build_scripts.derive import slug
from build_scripts.i18n import LANGUAGES, Translator
from build_scripts.paths import DATASETS

SPENDING = "social_protection_spending_per_capita"


@pytest.fixture(params=["real", "tied"])
def source(request):
    """(pages written with charts queued, the same data recomputed): the real data, and the
    tiny package with ties and missing values (tests/fixtures_package.py)."""
    if request.param == "real":
        return request.getfixturevalue("page_writer"), Naive(DATASETS)
    writer = request.getfixturevalue("tied_writer")
    return writer, Naive(writer.package.parent)


def typical(tr: Translator, value: float) -> str:
    """A median as the alternatives write it: one decimal only when it has a fraction."""
    return tr.number(value, 1 if value % 1 else 0)


# Columns of a chart's CSV written in the page's language (names, titles, notes); every
# other column holds the same values in every language.
WORDED = ("_name", "district", "notice", "title", "source", "attribution", "unit", "area")


def chart_csv(writer, stem: str) -> list[dict]:
    """A chart's CSV: its figures, the same in every language (its words are not)."""
    tables = []
    for lang in LANGUAGES:
        text = writer.charts.queue[f"{stem}--{lang.code}"][1].decode("utf-8-sig")
        tables.append(list(csv.DictReader(io.StringIO(text))))
    figures = [
        [{k: v for k, v in row.items() if not k.endswith(WORDED)} for row in table]
        for table in tables
    ]
    assert all(f == figures[0] for f in figures), stem
    return tables[0]


def district_name(lang, lsg: dict) -> str:
    if lang.cyrillic:
        return lsg["district_cyr"]
    return lsg["district_lat"] if lang.serbian else lsg["district_en"]


# -- LSG pages ------------------------------------------------------------------------------


def test_lsg_groups_chart(source):
    page_writer, naive = source
    groups = naive.groups()
    counts = {code: naive.group_counts(code) for code in naive.lsgs}
    totals = {code: sum(c.values()) for code, c in counts.items()}
    national = {g: median([c[g] for c in counts.values()]) for g in groups}
    for code, lsg in naive.lsgs.items():
        peers = naive.district_peers(code)
        district = {g: median([counts[p][g] for p in peers]) for g in groups}
        data = chart_csv(page_writer, f"lsg-{code}-groups")
        assert [r["group_code"] for r in data] == groups
        for r in data:
            g = r["group_code"]
            assert int(r["services"]) == counts[code][g], (code, g)
            assert float(r["district_median"]) == district[g], (code, g)
            assert float(r["national_median"]) == national[g], (code, g)
        for lang in LANGUAGES:
            tr = Translator(lang)
            page = read_page(page_writer.out, f"lsg/{lsg['slug']}.md", lang)
            assert chart_alt(page, f"fig-lsg-{code}-groups") == tr.t(
                "chart.lsg_groups.alt",
                name=tr.name(lsg),
                year=naive.latest_year,
                total=tr.number(totals[code]),
                district=district_name(lang, lsg),
                district_total=typical(tr, median([totals[p] for p in peers])),
                national_total=typical(tr, median(list(totals.values()))),
            ), (lang.code, code)
            assert chart_table(page, f"fig-lsg-{code}-groups") == [
                [
                    tr.t("group." + g),
                    tr.number(counts[code][g]),
                    tr.number(district[g], 1),
                    tr.number(national[g], 1),
                ]
                for g in groups
            ], (lang.code, code)


def test_lsg_users_chart(source):
    page_writer, naive = source
    years = naive.years
    users = {code: [naive.users(code, y) for y in years] for code in naive.lsgs}
    national = [median([u[i] for u in users.values()]) for i in range(len(years))]
    for code, lsg in naive.lsgs.items():
        peers = naive.district_peers(code)
        district = [median([users[p][i] for p in peers]) for i in range(len(years))]
        data = chart_csv(page_writer, f"lsg-{code}-users")
        assert [
            (
                int(r["year"]),
                int(r["beneficiaries"]),
                float(r["district_median"]),
                float(r["national_median"]),
            )
            for r in data
        ] == list(zip(years, users[code], district, national, strict=True)), code
        for lang in LANGUAGES:
            tr = Translator(lang)
            page = read_page(page_writer.out, f"lsg/{lsg['slug']}.md", lang)
            assert chart_alt(page, f"fig-lsg-{code}-users") == tr.t(
                "chart.lsg_users.alt",
                name=tr.name(lsg),
                first_year=years[0],
                last_year=years[-1],
                first=tr.number(users[code][0]),
                last=tr.number(users[code][-1]),
                district=typical(tr, district[-1]),
                national=typical(tr, national[-1]),
            ), (lang.code, code)
            assert chart_table(page, f"fig-lsg-{code}-users") == [
                [str(y), tr.number(users[code][i]), tr.number(district[i], 1)]
                + [tr.number(national[i], 1)]
                for i, y in enumerate(years)
            ], (lang.code, code)


def test_lsg_spending_chart(source):
    page_writer, naive = source
    if SPENDING not in naive.definitions:  # the package has no spending: no chart
        assert not any("-spending--" in name for name in page_writer.charts.queue)
        return
    definition = naive.definitions[SPENDING]
    unit, decimals = definition["unit"], int(definition["decimals"])
    years = naive.years
    national = [median(naive.all_indicator_values(SPENDING, y)) for y in years]
    for code, lsg in naive.lsgs.items():
        mine = {y: naive.indicator_values(SPENDING, y).get(code) for y in years}
        known = [y for y in years if mine[y] is not None]
        data = chart_csv(page_writer, f"lsg-{code}-spending")
        assert [int(r["year"]) for r in data] == years
        for r in data:
            y = int(r["year"])
            assert r["indicator_code"] == SPENDING, (code, y)
            value = float(r["value"]) if r["value"] else None
            assert value == mine[y], (code, y)
            assert float(r["national_median"]) == national[years.index(y)], (code, y)
        for lang in LANGUAGES:
            tr = Translator(lang)
            fmt = lambda v, tr=tr: tr.value(v, unit, decimals)  # noqa: E731
            page = read_page(page_writer.out, f"lsg/{lsg['slug']}.md", lang)
            assert known, code
            assert chart_alt(page, f"fig-lsg-{code}-spending") == tr.t(
                "chart.lsg_spending.alt",
                name=tr.name(lsg),
                first_year=known[0],
                last_year=known[-1],
                first=fmt(mine[known[0]]),
                last=fmt(mine[known[-1]]),
                national=fmt(national[years.index(known[-1])]),
            ), (lang.code, code)


def test_lsg_ranks_chart(source):
    page_writer, naive = source
    definitions = sorted(naive.definitions.values(), key=lambda d: int(d["sort_order"]))
    stats = {d["code"]: naive.indicator_stats(d["code"]) for d in definitions}
    for code, lsg in naive.lsgs.items():
        mine = [(d, stats[d["code"]][code]) for d in definitions if code in stats[d["code"]]]
        data = chart_csv(page_writer, f"lsg-{code}-ranks")
        assert [(r["indicator_code"], int(r["rank"]), int(r["ranked_lsgs"])) for r in data] == [
            (d["code"], s["rank"], s["count"]) for d, s in mine
        ], code
        for lang in LANGUAGES:
            tr = Translator(lang)
            top = [tr.pick(d, "name") for d, s in mine if s["rank"] <= s["count"] / 4]
            bottom = [tr.pick(d, "name") for d, s in mine if s["rank"] > s["count"] * 3 / 4]
            page = read_page(page_writer.out, f"lsg/{lsg['slug']}.md", lang)
            assert chart_alt(page, f"fig-lsg-{code}-ranks") == tr.t(
                "chart.lsg_ranks.alt",
                name=tr.name(lsg),
                count=tr.number(len(mine)),
                top=", ".join(top) or tr.t("chart.none"),
                bottom=", ".join(bottom) or tr.t("chart.none"),
            ), (lang.code, code)


# -- indicator pages ------------------------------------------------------------------------


def histogram(values: list[float], bins: int = 12) -> tuple[list[float], list[int]]:
    """Equal-width bins from the smallest to the largest value; the last bin holds its
    upper edge."""
    low, high = min(values), max(values)
    edges = [low + (high - low) * i / bins for i in range(bins + 1)]
    counts = [0] * bins
    for v in values:
        i = bins - 1 if v >= high else int(next(j for j in range(bins) if v < edges[j + 1]))
        counts[i] += 1
    return edges, counts


def test_indicator_charts(source):
    page_writer, naive = source
    years = naive.years
    for indicator, definition in naive.definitions.items():
        unit, decimals = definition["unit"], int(definition["decimals"])
        stats = naive.indicator_stats(indicator)
        ordered = sorted(stats.items(), key=lambda item: (item[1]["rank"], item[0]))
        values = [s["value"] for _, s in ordered]
        national = median(values)
        edges, counts = histogram(values)
        modal = counts.index(max(counts))
        per_year = {y: naive.all_indicator_values(indicator, y) for y in years}
        medians = [median(per_year[y]) for y in years]

        data = chart_csv(page_writer, f"indicator-{indicator}-ranking")
        assert [(int(r["rank"]), r["lsg_code"], float(r["value"])) for r in data] == [
            (s["rank"], code, s["value"]) for code, s in ordered
        ], indicator
        data = chart_csv(page_writer, f"indicator-{indicator}-distribution")
        assert [int(r["lsgs"]) for r in data] == counts, indicator
        assert [float(r["from"]) for r in data] == pytest.approx(edges[:-1])
        assert [float(r["to"]) for r in data] == pytest.approx(edges[1:])
        data = chart_csv(page_writer, f"indicator-{indicator}-trend")
        assert [int(r["year"]) for r in data] == years
        for r, y in zip(data, years, strict=True):
            assert float(r["median"]) == pytest.approx(median(per_year[y])), (indicator, y)
            assert float(r["quartile_1"]) == pytest.approx(quantile(per_year[y], 0.25))
            assert float(r["quartile_3"]) == pytest.approx(quantile(per_year[y], 0.75))

        for lang in LANGUAGES:
            tr = Translator(lang)
            fmt = lambda v, tr=tr, unit=unit, decimals=decimals: tr.value(v, unit, decimals)  # noqa: E731
            name = tr.pick(definition, "name")
            page = read_page(page_writer.out, f"indicators/{slug(indicator)}.md", lang)
            where = (lang.code, indicator)
            assert chart_alt(page, f"fig-indicator-{indicator}-ranking") == tr.t(
                "chart.indicator_ranking.alt",
                indicator=name,
                year=naive.latest_year,
                count=tr.number(len(values)),
                top=tr.name(naive.lsgs[ordered[0][0]]),
                top_value=fmt(values[0]),
                bottom=tr.name(naive.lsgs[ordered[-1][0]]),
                bottom_value=fmt(values[-1]),
                median=fmt(national),
            ), where
            assert chart_alt(page, f"fig-indicator-{indicator}-distribution") == tr.tn(
                "chart.indicator_distribution.alt",
                len(values),
                indicator=name,
                low=fmt(edges[modal]),
                high=fmt(edges[modal + 1]),
                count=tr.number(counts[modal]),
                total=tr.number(len(values)),
                median=fmt(national),
            ), where
            assert chart_alt(page, f"fig-indicator-{indicator}-trend") == tr.t(
                "chart.indicator_trend.alt",
                indicator=name,
                first_year=years[0],
                last_year=years[-1],
                first=fmt(medians[0]),
                last=fmt(medians[-1]),
            ), where
            assert [row[1] for row in chart_table(page, f"fig-indicator-{indicator}-ranking")] == [
                tr.name(naive.lsgs[code]) for code, _ in ordered
            ], where


# -- service-type and programme pages -------------------------------------------------------


def test_service_charts(source):
    page_writer, naive = source
    shown = 0
    funded = [c for c, t in naive.service_types.items() if t["lsg_funded"] == "true"]
    for code, service_type in naive.service_types.items():
        history = naive.service_history(code)
        data = chart_csv(page_writer, f"service-{code}-history")
        assert [
            (int(r["year"]), int(r["lsgs_with_service"]), int(r["beneficiaries"])) for r in data
        ] == history, code
        if service_type["lsg_funded"] != "true":
            continue  # the page shows no chart
        (first_year, first_lsg, first_users), (last_year, last_lsg, last_users) = (
            history[0],
            history[-1],
        )
        for lang in LANGUAGES:
            tr = Translator(lang)
            page = read_page(page_writer.out, f"services/{slug(code)}.md", lang)
            assert chart_alt(page, f"fig-service-{code}-history") == tr.tn(
                "chart.service.alt",
                len(naive.lsgs),
                service=tr.pick(service_type, "name"),
                first_year=first_year,
                last_year=last_year,
                first_lsg=tr.number(first_lsg),
                last_lsg=tr.number(last_lsg),
                total=tr.number(len(naive.lsgs)),
                first_users=tr.number(first_users),
                last_users=tr.number(last_users),
            ), (lang.code, code)
            shown += 1
    assert shown == 3 * len(funded) > 0


def test_programme_charts(source):
    page_writer, naive = source
    for code, programme in naive.programmes.items():
        members = [r for r in naive.programme_lsg if r["programme_code"] == code]
        roles = sorted({r["role"] for r in members})
        count = {role: sum(1 for r in members if r["role"] == role) for role in roles}
        money = [
            (key, float(programme[key]))
            for key in ("budget", "funder_contribution")
            if programme[key]
        ]
        data = chart_csv(page_writer, f"programme-{code}-overview")
        assert [(r["item"], float(r["value"])) for r in data] == [
            (f"role:{role}", count[role]) for role in roles
        ] + money, code
        for lang in LANGUAGES:
            tr = Translator(lang)
            n_members = len({r["lsg_code"] for r in members})
            expected = tr.tn(
                "chart.programme.alt",
                n_members,
                name=tr.pick(programme, "name"),
                count=tr.number(n_members),
                roles=tr.join(
                    tr.t(
                        "chart.programme.role_count",
                        role=tr.t("role." + r),
                        count=tr.number(count[r]),
                    )
                    for r in roles
                ),
                money=tr.join(
                    tr.t(
                        "chart.programme.amount",
                        item=tr.t("chart.programme." + key),
                        amount=tr.number(v, 2 if v % 1 else 0),
                        currency=programme["currency"],
                    )
                    for key, v in money
                )
                or tr.t("chart.programme.no_budget"),
            )
            page = read_page(page_writer.out, f"programmes/{code}.md", lang)
            assert chart_alt(page, f"fig-programme-{code}-overview") == expected, (lang.code, code)


def test_every_queued_chart_is_checked_here(source):
    page_writer, naive = source
    """No chart kind escapes the tests above: every chart the pages queue is one of them."""
    kinds = {name.split("--")[0].rsplit("-", 1)[-1] for name in page_writer.charts.queue}
    spending = SPENDING in naive.definitions
    assert kinds == {
        "groups",
        "users",
        *(["spending"] if spending else []),
        "ranks",
        "ranking",
        "distribution",
        "trend",
        "history",
        "overview",
    }
    per_language = (3 + spending) * len(naive.lsgs) + 3 * len(naive.definitions)
    per_language += len(naive.service_types) + len(naive.programmes)
    assert len(page_writer.charts.queue) == 3 * per_language


# -- maps on indicator, service and programme pages (every one; tests/test_maps.py: details) --


def message_pattern(
    tr: Translator, key: str, plural: int | None = None, **known: str
) -> re.Pattern:
    """A catalog message (its form for `plural`, a plural message) with the `known` values
    filled in and any other placeholder free."""
    text = tr.t(key) if plural is None else tr.tn(key, plural)
    parts = re.split(r"(\{\w+\})", text.replace("{{", "{").replace("}}", "}"))
    pattern = "".join(
        (re.escape(known[p[1:-1]]) if p[1:-1] in known else ".+?")
        if p.startswith("{") and p.endswith("}")
        else re.escape(p)
        for p in parts
    )
    return re.compile(pattern)


def test_map_text_alternatives_state_the_counts_and_medians(source):
    page_writer, naive = source
    total = len(naive.lsgs)
    for lang in LANGUAGES:
        tr = Translator(lang)
        for indicator, definition in naive.definitions.items():
            unit, decimals = definition["unit"], int(definition["decimals"])
            values = naive.indicator_values(indicator, naive.latest_year)
            page = read_page(page_writer.out, f"indicators/{slug(indicator)}.md", lang)
            alt = chart_alt(page, f"fig-map-indicator-{slug(indicator)}")
            pattern = message_pattern(
                tr,
                "map.indicator.alt",
                total,
                name=tr.pick(definition, "name"),
                year=str(naive.latest_year),
                median=tr.value(median(list(values.values())), unit, decimals),
                n=tr.number(len(values)),
                total=tr.number(total),
            )
            assert pattern.match(alt), (lang.code, indicator, alt)
            highest = max(values.values())
            assert tr.value(highest, unit, decimals) in alt.split(". ")[1], (lang.code, indicator)
        for code, service_type in naive.service_types.items():
            if service_type["lsg_funded"] != "true":
                continue
            offered = {
                r["lsg_code"]
                for lsg in naive.lsgs
                for r in naive.services_of(lsg, naive.latest_year)
                if r["service_type_code"] == code
            }
            page = read_page(page_writer.out, f"services/{slug(code)}.md", lang)
            alt = chart_alt(page, f"fig-map-service-{slug(code)}")
            pattern = message_pattern(
                tr,
                "map.service.alt",
                total,
                name=tr.pick(service_type, "name"),
                year=str(naive.latest_year),
                n=tr.number(len(offered)),
                total=tr.number(total),
            )
            assert pattern.match(alt), (lang.code, code, alt)
        for code, programme in naive.programmes.items():
            members = {r["lsg_code"] for r in naive.programme_lsg if r["programme_code"] == code}
            if not members:
                continue
            page = read_page(page_writer.out, f"programmes/{code}.md", lang)
            alt = chart_alt(page, f"fig-map-programme-{code}")
            pattern = message_pattern(
                tr, "map.programme.alt", name=tr.pick(programme, "name"), n=tr.number(len(members))
            )
            assert pattern.match(alt), (lang.code, code, alt)
