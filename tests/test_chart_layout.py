"""Charts read on a phone: every text at least 11 CSS px when the chart is shown 358 px
wide (a 390 px screen), no two texts on top of each other, whole-number ticks on axes that
count (services, users, municipalities). Measured in the SVG files as published, for one
LSG, one indicator, one service type and every programme, in every language."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from svgtext import SVG, overlaps, shown_scale, texts

from build_scripts.figures import charts
from build_scripts.i18n import LANGUAGES

MIN_PX = 11
STEMS = [
    "lsg-71200-groups",  # Ćuprija
    "lsg-71200-users",
    "lsg-71200-spending",
    "lsg-71200-ranks",
    "lsg-80012-groups",  # Ada
    "indicator-social_protection_spending_per_capita-ranking",
    "indicator-social_protection_spending_per_capita-distribution",
    "indicator-social_protection_spending_per_capita-trend",
    "service-home_help-history",
    "service-roma_mobile_team-history",
    "programme-swiss-social-protection-34-overview",
    "programme-eu-support-inclusive-society-overview",
    "programme-duga-imc-activation-overview",
    "programme-eu-ipa-2020-sctm-overview",
]
CASES = [f"{stem}--{lang.code}" for stem in STEMS for lang in LANGUAGES]
# Axes that count things, as (axes number, axis number: 1 is x, 2 is y), by chart.
COUNT_AXES = {
    "lsg-71200-groups": [(1, 1)],
    "lsg-80012-groups": [(1, 1)],
    "lsg-71200-users": [(1, 2)],
    "indicator-social_protection_spending_per_capita-distribution": [(1, 2)],
    "service-home_help-history": [(1, 2), (2, 2)],
    "service-roma_mobile_team-history": [(1, 2), (2, 2)],
    "programme-swiss-social-protection-34-overview": [(1, 1)],  # lying bars
    "programme-eu-support-inclusive-society-overview": [(1, 1)],
}


@pytest.fixture(scope="module")
def rendered(page_writer):
    cache: dict[str, str] = {}

    def svg(name: str) -> str:
        if name not in cache:
            cache[name] = charts.render(page_writer.charts.queue[name][0]).decode("utf-8")
        return cache[name]

    return svg


@pytest.mark.parametrize("name", CASES)
def test_chart_text_is_readable_on_a_phone(rendered, name):
    svg = rendered(name)
    scale = shown_scale(svg)
    small = sorted(
        {(round(t.size * scale, 1), t.text) for t in texts(svg) if t.size * scale < MIN_PX}
    )
    assert not small, f"text under {MIN_PX} px at 358 px wide: {small[:8]}"


@pytest.mark.parametrize("name", CASES)
def test_no_chart_text_overlaps_another(rendered, name):
    found = overlaps(texts(rendered(name)))
    assert not found, found[:8]


def tick_labels(svg: str, axes: int, axis: int) -> list[str]:
    root = ET.fromstring(svg)
    frame = root.find(f".//{SVG}g[@id='axes_{axes}']")
    assert frame is not None, axes
    # an axes' x axis comes first, its y axis second (their ids count on across axes)
    group = [g for g in frame if g.get("id", "").startswith("matplotlib.axis_")][axis - 1]
    tick = "xtick" if axis == 1 else "ytick"
    return [
        "".join(t.itertext())
        for g in group.findall(f"{SVG}g")
        if g.get("id", "").startswith(tick)
        for t in g.iter(f"{SVG}text")
    ]


CASES_COUNT = [(stem, lang.code) for stem in COUNT_AXES for lang in LANGUAGES]


@pytest.mark.parametrize(("stem", "lang"), CASES_COUNT)
def test_count_axes_have_whole_number_ticks(rendered, stem, lang):
    svg = rendered(f"{stem}--{lang}")
    for axes, axis in COUNT_AXES[stem]:
        labels = tick_labels(svg, axes, axis)
        assert labels, (axes, axis)
        fractional = [x for x in labels if not re.fullmatch(r"\d{1,3}([.,\u00a0]\d{3})*", x)]
        assert not fractional, f"axes {axes}, axis {axis}: {labels}"


MAPS = [
    "map-lsg",
    "map-indicator-social-protection-spending-per-capita",
    "map-service-home-help",
    "map-programme-swiss-social-protection-34",
]
MAP_CASES = [f"{stem}--{lang.code}" for stem in MAPS for lang in LANGUAGES]


@pytest.fixture(scope="module")
def map_files(page_writer):
    page_writer.maps.render()
    return page_writer.out / "charts"


@pytest.mark.parametrize("name", MAP_CASES)
def test_map_text_is_readable_on_a_phone_and_never_overlaps(map_files, name):
    svg = (map_files / f"{name}.svg").read_text(encoding="utf-8")
    scale = shown_scale(svg)
    found = texts(svg)
    assert found
    small = sorted({(round(t.size * scale, 1), t.text) for t in found if t.size * scale < MIN_PX})
    assert not small, f"text under {MIN_PX} px at 358 px wide: {small[:8]}"
    assert not overlaps(found), overlaps(found)[:8]


@pytest.mark.parametrize("name", CASES)
def test_a_page_knows_its_charts_size_before_it_is_drawn(page_writer, rendered, name):
    """The width and height a page gives a chart's <img> (from its spec) are the drawn
    SVG's own, so the page keeps its layout while the image loads."""
    root = ET.fromstring(rendered(name))
    drawn = [float(root.get(side).removesuffix("pt")) * 4 / 3 for side in ("width", "height")]
    given = charts.size(page_writer.charts.queue[name][0])
    assert abs(given[0] - drawn[0]) <= 1 and abs(given[1] - drawn[1]) <= 1, (given, drawn)


def outside(svg: str, tolerance: float = 0.5) -> list[tuple[str, tuple[float, ...]]]:
    """The texts of an SVG whose box crosses an edge of its viewBox (by more than
    `tolerance` units), with that box."""
    x0, y0, width, height = (float(v) for v in ET.fromstring(svg).get("viewBox").split())
    return [
        (t.text, tuple(round(v, 1) for v in t.box))
        for t in texts(svg)
        if t.box[0] < x0 - tolerance
        or t.box[1] < y0 - tolerance
        or t.box[2] > x0 + width + tolerance
        or t.box[3] > y0 + height + tolerance
    ]


def test_no_chart_text_crosses_the_image_edge(built_site):
    """Every chart of the built site, in every language: no text (the bold demonstration
    notice in Cyrillic was the longest line) runs past an edge of the image, where a phone
    shows it cut off."""
    found = {}
    charts_seen = 0
    for path in sorted((built_site / "charts").glob("*.svg")):
        if path.name.startswith("map-"):
            continue
        charts_seen += 1
        crossing = outside(path.read_text(encoding="utf-8"))
        if crossing:
            found[path.name] = crossing
    assert charts_seen > 145 * 4 * len(LANGUAGES)
    assert not found, f"{len(found)} charts, e.g. {sorted(found.items())[:3]}"
