"""Charts: deterministic SVG, a cache that skips unchanged charts, text alternatives
written from the data, and a data table + CSV beside every chart on every page."""

import csv
import re
from pathlib import Path

import pandas as pd
import pytest
from pagetext import text

from build_scripts import derive, pages
from build_scripts.figures.charts import svg
from build_scripts.i18n import LANGUAGES
from build_scripts.paths import DATASETS


def render_tiny(package: Path, out: Path, cache: Path) -> dict:
    writer = pages.PageWriter(derive.run(package), out, cache)
    writer.run()
    return writer.charts.render(out / "charts", workers=1)


def test_same_data_gives_byte_identical_svg(tiny_package, tmp_path):
    package = tiny_package()
    first = render_tiny(package, tmp_path / "a", tmp_path / "cache-a")
    second = render_tiny(package, tmp_path / "b", tmp_path / "cache-b")
    assert first["rendered"] == second["rendered"] > 0
    files_a = sorted(p.name for p in (tmp_path / "a" / "charts").iterdir())
    assert files_a == sorted(p.name for p in (tmp_path / "b" / "charts").iterdir())
    for name in files_a:
        a = (tmp_path / "a" / "charts" / name).read_bytes()
        assert a == (tmp_path / "b" / "charts" / name).read_bytes(), name
    svg = next((tmp_path / "a" / "charts").glob("*.svg")).read_text(encoding="utf-8")
    assert "<dc:date>" not in svg
    assert "<text" in svg  # text stays text (svg.fonttype none), not glyph paths


def test_second_build_renders_no_chart(tiny_package, tmp_path, monkeypatch):
    package = tiny_package()
    render_tiny(package, tmp_path / "a", tmp_path / "cache")

    def must_not_render(spec):
        raise AssertionError(f"rendered again: {spec['title']}")

    monkeypatch.setattr(svg, "render", must_not_render)
    counts = render_tiny(package, tmp_path / "b", tmp_path / "cache")
    assert counts["rendered"] == 0 and counts["cached"] == counts["charts"] > 0


def test_changed_language_text_or_data_renders_again(tiny_package, tmp_path):
    package = tiny_package()
    render_tiny(package, tmp_path / "a", tmp_path / "cache")
    services = package.parent / "services.csv"
    lines = services.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    column = header.index("beneficiaries")
    row[column] = str(int(row[column]) + 1)
    services.write_text("\n".join([lines[0], ",".join(row), *lines[2:]]) + "\n", encoding="utf-8")
    counts = render_tiny(package, tmp_path / "b", tmp_path / "cache")
    assert 0 < counts["rendered"] < counts["charts"]


def test_cyrillic_chart_text_is_cyrillic(generated_pages):
    charts_dir = generated_pages / "charts"
    svg = (charts_dir / "lsg-80012-users--sr-Cyrl.svg").read_text(encoding="utf-8")
    assert "Корисници услуга" in svg and "Ада" in svg
    assert "Korisnici" not in svg


def test_alt_text_is_written_from_the_data(generated_pages):
    services = pd.read_csv(DATASETS / "services.csv", dtype={"lsg_code": str})
    ada = services[services["lsg_code"] == "80012"].groupby("year")["beneficiaries"].sum()
    page = (generated_pages / "lsg" / "ada.en.md").read_text(encoding="utf-8")
    summary = re.search(r'id="fig-lsg-80012-users-desc">([^<]+)<', page).group(1)
    first, last = int(ada.get(2019, 0)), int(ada.get(2024, 0))
    assert f"{first:,} in 2019 and {last:,} in 2024" in summary


def figures_in(html: str):
    return re.findall(r'<figure class="chart" id="([^"]+)">(.*?)</figure>', html, re.S)


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_every_chart_has_alt_text_table_and_csv(built_site, lang):
    checked = 0
    for page in (built_site / lang.prefix).glob("*/*/index.html"):
        rel = page.relative_to(built_site / lang.prefix).as_posix()
        if rel.split("/")[0] not in {"lsg", "services", "indicators", "programmes"}:
            continue
        html = page.read_text(encoding="utf-8")
        for fig_id, body in figures_in(html):
            element = re.search(r"<(img|object)\b([^>]*)>", body)
            assert element, (rel, fig_id)
            attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', element.group(2)))
            src = attrs.get("src") or attrs.get("data")
            alt = attrs.get("alt") or attrs.get("aria-label") or ""
            described = attrs.get("aria-describedby", "")
            assert src and described, (rel, fig_id)
            assert alt.strip(), (rel, fig_id)
            summary = re.search(rf'id="{re.escape(described)}">(.*?)</p>', body, re.S)
            assert summary and len(text(summary.group(1))) > 20, (rel, fig_id)
            assert "<details" in body and "<tbody>" in body and "<tr>" in body.split("<tbody>")[1]
            target = (page.parent / src.split("#")[0]).resolve()
            assert target.is_file(), (rel, src)
            data_link = re.search(r'<a href="([^"]+\.csv)" download>', body).group(1)
            data_file = (page.parent / data_link).resolve()
            with data_file.open(encoding="utf-8") as handle:
                assert len(list(csv.reader(handle))) >= 2, data_file
            checked += 1
    assert checked > 145 * 4


def test_every_lsg_page_has_its_charts(generated_pages):
    lsgs = pd.read_csv(DATASETS / "lsg.csv", dtype=str, keep_default_na=False)
    for row in lsgs[lsgs["parent_code"] == ""].itertuples():
        page = (generated_pages / "lsg" / f"{row.slug}.md").read_text(encoding="utf-8")
        ids = {fid for fid, _ in figures_in(page)}
        for kind in ("groups", "users", "spending", "ranks"):
            assert f"fig-lsg-{row.code}-{kind}" in ids, (row.slug, kind)
