"""The demonstration notice is on every page that shows a value from a demonstration table
(services.csv, indicators.csv), in every language, above the first such value.

Which pages show demonstration values is not listed by hand: the pages are written a second
time from a package whose demonstration tables have other values (every number changed, every
provider renamed, some rows dropped); a page that changes shows them."""

from __future__ import annotations

import csv
import functools
import html
import io
import re
import shutil
from pathlib import Path

import pytest
from naive import LSG_KINDS as KINDS
from naive import read_csv
from pagetext import text as visible

from build_scripts import derive, pages
from build_scripts.derive import slug
from build_scripts.i18n import LANGUAGES, Translator
from build_scripts.paths import DATAPACKAGE

NOTICE = re.compile(
    r'<div class="admonition warning demo-notice" role="note">\s*'
    r'<p class="admonition-title">([^<]+)</p>\s*<p>(.*?)</p>\s*</div>',
    re.S,
)
LANGUAGE_OF = {lang.suffix: lang for lang in LANGUAGES}


def demonstration_resources(package: dict) -> list[dict]:
    return [r for r in package["resources"] if r.get("demonstration")]


def perturb(path: Path, fields: list[dict], demo: set[str]) -> None:
    """Other demonstration values: numbers + 1, text renamed, every fifth row dropped; rows
    from other sources (reported figures) are kept as they are."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    kinds = {f["name"]: f["type"] for f in fields}
    keys = {"lsg_code", "service_type_code", "indicator_code", "year", "provider_type"}
    keys.add("source_id")
    changed = []
    for i, row in enumerate(rows):
        if row["source_id"] not in demo:
            changed.append(row)
            continue
        if i % 5 == 4:
            continue
        for name, value in row.items():
            if name in keys or value == "":
                continue
            if kinds[name] in ("integer", "number"):
                row[name] = str(int(value) + 1) if kinds[name] == "integer" else f"{value}1"
            elif kinds[name] == "string":
                row[name] = f"{value} B"
        changed.append(row)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(changed)
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.fixture(scope="module")
def other_values(tmp_path_factory):
    """The real package's pages written again with other demonstration values (no charts)."""
    tmp = tmp_path_factory.mktemp("other-demo")
    shutil.copytree(DATAPACKAGE.parent, tmp / "pkg")
    derived = derive.run(tmp / "pkg" / "datapackage.json")
    resources = demonstration_resources(derived.package)
    assert {r["name"] for r in resources} == {"services", "indicators"}
    for resource in resources:
        perturb(
            tmp / "pkg" / resource["path"], resource["schema"]["fields"], derived.reporting.demo
        )
    writer = pages.PageWriter(derive.run(tmp / "pkg" / "datapackage.json"), tmp / "out", tmp)
    writer.run()
    return writer.out


def naive_rows(name: str) -> list[dict]:
    return read_csv(DATAPACKAGE.parent, name)


def language(path: Path):
    suffixes = "".join(path.suffixes[:-1])
    return LANGUAGE_OF[suffixes if suffixes in LANGUAGE_OF else ""]


def body_lines(text: str) -> list[str]:
    return text.split("\n---\n", 1)[1].splitlines()


def pages_showing_demonstration_values(real: Path, other: Path) -> dict[str, int]:
    """Page (relative path) -> index of its first line that other demonstration values change."""
    shown = {}
    for path in sorted(real.rglob("*.md")):
        rel = path.relative_to(real).as_posix()
        before = body_lines(path.read_text(encoding="utf-8"))
        after = body_lines((other / rel).read_text(encoding="utf-8"))
        if before != after:
            shown[rel] = next(
                (i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b),
                min(len(before), len(after)),
            )
    return shown


@pytest.fixture(scope="module")
def shown(page_writer, other_values) -> dict[str, int]:
    return pages_showing_demonstration_values(page_writer.out, other_values)


def test_every_page_with_demonstration_values_carries_the_notice(page_writer, shown):
    real = page_writer.out
    # the comparison finds what is known to show them: the home and data pages, every LSG, every
    # indicator, every LSG-funded service type and their index pages, in every language
    expected = ["index.md", "data/index.md", "lsg/index.md", "services/index.md"]
    expected += ["indicators/index.md"]
    expected += [f"lsg/{row['slug']}.md" for row in naive_rows("lsg") if row["kind"] in KINDS]
    expected += [f"indicators/{slug(r['code'])}.md" for r in naive_rows("indicator_definitions")]
    expected += [
        f"services/{slug(r['code'])}.md"
        for r in naive_rows("service_types")
        if r["lsg_funded"] == "true"
    ]
    for lang in LANGUAGES:
        missing = [rel for rel in expected if rel[:-3] + lang.suffix + ".md" not in shown]
        assert not missing, (lang.code, missing[:5])
    translators = {lang.code: Translator(lang) for lang in LANGUAGES}
    for rel, first_change in shown.items():
        path = real / rel
        tr = translators[language(path).code]
        text = path.read_text(encoding="utf-8")
        lines = body_lines(text)
        notice = NOTICE.search("\n".join(lines))
        assert notice, f"{rel}: demonstration values without the notice"
        title, message = map(visible, notice.groups())  # an abbreviation may be in <abbr>
        assert title == tr.t("demo.title"), rel
        assert message in {tr.t("demo.text"), tr.t("data.demo.page", names=message_names(tr))}, (
            rel,
            message,
        )
        # the notice comes before the first demonstration value
        before = "\n".join(lines[:first_change])
        assert NOTICE.search(before), f"{rel}: the notice comes after line {first_change + 1}"


def built_page(site: Path, rel: str) -> Path:
    """lsg/ada.en.md -> SITE/en/lsg/ada/index.html (MkDocs' directory URLs)."""
    lang = language(Path(rel))
    stem = rel[: -len(lang.suffix + ".md")]
    folder = stem[: -len("index")] if stem.endswith("index") else stem + "/"
    return site / lang.prefix / folder / "index.html"


def test_built_pages_keep_the_notice(built_site, shown):
    """MkDocs keeps the notice on every page with demonstration values, in every language."""
    for rel in shown:
        page = built_page(built_site, rel).read_text(encoding="utf-8")
        notice = NOTICE.search(page)
        assert notice, f"{built_page(built_site, rel)}: no demonstration notice"
        tr = Translator(language(Path(rel)))
        assert html.unescape(notice.group(1)) == tr.t("demo.title"), rel


@functools.cache
def message_names(tr: Translator) -> str:
    """The demonstration tables as the data page names them."""
    from build_scripts.pages.opendata import OpenData

    return OpenData(derive.run(DATAPACKAGE)).data_page(tr)["demo_names"]


def test_the_check_sees_a_page_without_the_notice(tmp_path):
    """The comparison flags a changed page; the notice pattern finds the notice as written."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "p.md").write_text("---\ntitle: x\n---\n# x\n\n12\n", encoding="utf-8")
    (tmp_path / "b" / "p.md").write_text("---\ntitle: x\n---\n# x\n\n13\n", encoding="utf-8")
    assert pages_showing_demonstration_values(tmp_path / "a", tmp_path / "b") == {"p.md": 2}
    env = pages.environment()
    tr = Translator(LANGUAGES[2])
    macro = env.from_string('{% import "_macros.md.j2" as m with context %}{{ m.demo_notice() }}')
    rendered = macro.render(t=tr.t)
    notice = NOTICE.search(rendered)
    assert tuple(map(visible, notice.groups())) == ("Demonstration data", tr.t("demo.text"))
