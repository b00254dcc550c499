"""Releases: snapshots of published versions, the changes between them per LSG, the
changelog, and the snapshot command."""

import csv
import io
import json
import logging
import shutil
from pathlib import Path

import pytest

from build_scripts import cli, derive, downloads
from build_scripts.datapackage import load
from build_scripts.downloads import releases
from build_scripts.errors import ValidationFailed
from build_scripts.i18n import LANGUAGES, Translator
from build_scripts.pages import environment
from build_scripts.pages.opendata import OpenData
from build_scripts.paths import DATAPACKAGE
from build_scripts.validate import validate_package

INVALID = Path(__file__).parent / "fixtures" / "invalid"

CUPRIJA, DESPOTOVAC, ADA = "71200", "70491", "80012"


def read(path: Path) -> tuple[list[str], list[dict]]:
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    return reader.fieldnames, list(reader)


def write(path: Path, header: list[str], rows: list[dict]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.fixture
def history(tmp_path):
    """The real package as the current release, and a constructed previous release 0.9.0 in
    which, for Ćuprija, one service row is missing (so: added since), one extra row exists
    (so: removed since), one row had other users and places (changed) and the population
    was another; Despotovac had another indicator value. Kept as datasets/releases does."""
    previous = tmp_path / "previous"
    shutil.copytree(DATAPACKAGE.parent, previous, ignore=shutil.ignore_patterns("releases"))
    descriptor = json.loads((previous / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["version"] = "0.9.0"
    (previous / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False))

    header, services = read(previous / "services.csv")
    mine = [r for r in services if r["lsg_code"] == CUPRIJA and r["year"] == "2024"]
    assert len(mine) >= 2
    gone = mine[0]  # in 0.9.0 this row did not exist yet: added in 1.0.0
    services.remove(gone)
    changed = next(r for r in mine[1:] if int(r["beneficiaries"]) >= 1)  # 0.9.0: fewer users
    before_users = int(changed["beneficiaries"]) - 1
    changed["beneficiaries"] = str(before_users)
    have = {r["service_type_code"] for r in services if r["lsg_code"] == CUPRIJA}
    donor = next(
        r
        for r in services
        if r["service_type_code"] not in have | {gone["service_type_code"]} and r["year"] == "2024"
    )
    extra = {**donor, "lsg_code": CUPRIJA}  # only in 0.9.0: removed in 1.0.0
    services.append(extra)
    write(previous / "services.csv", header, services)

    header, lsg = read(previous / "lsg.csv")
    for row in lsg:
        if row["code"] == CUPRIJA:
            row["population_2022"] = "25000"
    write(previous / "lsg.csv", header, lsg)

    header, indicators = read(previous / "indicators.csv")
    indicator = next(r for r in indicators if r["lsg_code"] == DESPOTOVAC)
    indicator["value"] = str(float(indicator["value"]) + 1)
    write(previous / "indicators.csv", header, indicators)

    problems, _ = validate_package(previous / "datapackage.json")
    assert not problems
    folder = tmp_path / "releases"
    folder.mkdir()
    zipped = downloads.package_zip(previous / "datapackage.json")
    (folder / f"{descriptor['name']}-0.9.0.zip").write_bytes(zipped)
    return {
        "folder": folder,
        "zip": zipped,
        "added": gone,
        "removed": extra,
        "changed": changed,
        "before_users": before_users,
        "indicator": indicator,
    }


def current():
    _, descriptor, tables = load(DATAPACKAGE)
    return descriptor, releases.rows_of_tables(tables)


def key_of(change):
    return dict(change.key)


def test_changes_for_one_lsg(history):
    previous = releases.load_release(history["zip"])
    comparison = releases.compare(previous, current())
    assert comparison.previous == "0.9.0" and comparison.current == "1.0.0"
    mine = comparison.for_lsg(CUPRIJA)
    kinds = sorted((c.resource, c.kind) for c in mine)
    assert kinds == [
        ("lsg", "changed"),
        ("services", "added"),
        ("services", "changed"),
        ("services", "removed"),
    ]
    by_kind = {(c.resource, c.kind): c for c in mine}
    added = by_kind["services", "added"]
    assert key_of(added) == {
        "lsg_code": CUPRIJA,
        "service_type_code": history["added"]["service_type_code"],
        "year": 2024,
    }
    assert (
        added.before is None and added.after["provider_name"] == history["added"]["provider_name"]
    )
    removed = by_kind["services", "removed"]
    assert key_of(removed)["service_type_code"] == history["removed"]["service_type_code"]
    assert removed.after is None
    changed = by_kind["services", "changed"]
    assert changed.fields == ("beneficiaries",)
    assert changed.before["beneficiaries"] == history["before_users"]
    assert changed.after["beneficiaries"] == history["before_users"] + 1
    population = by_kind["lsg", "changed"]
    assert population.fields == ("population_2022",)
    assert (population.before["population_2022"], population.after["population_2022"]) == (
        25000,
        25325,
    )
    assert comparison.counts(mine) == {
        "lsg": {"added": 0, "removed": 0, "changed": 1},
        "services": {"added": 1, "removed": 1, "changed": 1},
    }


def test_changes_are_indexed_by_every_lsg_they_name(history):
    comparison = releases.compare(releases.load_release(history["zip"]), current())
    despotovac = comparison.for_lsg(DESPOTOVAC)
    assert [(c.resource, c.kind, c.fields) for c in despotovac] == [
        ("indicators", "changed", ("value",))
    ]
    assert comparison.for_lsg(ADA) == []
    assert set(comparison.by_lsg) == {CUPRIJA, DESPOTOVAC}
    assert len(comparison.changes) == 5


def test_same_data_means_no_changes():
    comparison = releases.compare(current(), current())
    assert comparison.changes == [] and comparison.previous == comparison.current


def test_schema_changes_are_reported():
    descriptor, rows = current()
    old = json.loads(json.dumps(descriptor))
    old["version"] = "0.1.0"
    sources = next(r for r in old["resources"] if r["name"] == "sources")
    sources["schema"]["fields"] = [f for f in sources["schema"]["fields"] if f["name"] != "note"]
    old["resources"] = [r for r in old["resources"] if r["name"] != "imc"]
    old_rows = {n: rs for n, rs in rows.items() if n != "imc"}
    old_rows["sources"] = [{k: v for k, v in r.items() if k != "note"} for r in rows["sources"]]
    comparison = releases.compare((old, old_rows), (descriptor, rows))
    assert comparison.resources_added == ["imc"]
    assert comparison.fields_added == {"sources": ["note"]}
    assert comparison.changes == []  # a new column alone changes no row


def test_first_release_has_nothing_to_compare(tmp_path):
    data = OpenData(derive.run(DATAPACKAGE), releases_dir=tmp_path / "none")
    assert len(data.history) == 1 and data.history[0].comparison.previous is None
    view = data.lsg_view(Translator(LANGUAGES[0]), data.data.lsg.loc[CUPRIJA].to_dict())
    assert view["previous"] is None and view["changes"] == []
    assert view["xlsx"] == "lsg/cuprija-1.0.0.xlsx" and view["zip"] == "lsg/cuprija-1.0.0.zip"


def render_lsg_section(data: OpenData, lang, code: str) -> str:
    tr = Translator(lang)
    lsg = data.data.lsg.loc[code].to_dict()
    context = {
        "t": tr.t,
        "name": tr.name,
        "version": data.descriptor["version"],
        "root": "../../",
        "lsg": lsg,
        "release": data.lsg_view(tr, lsg),
        **data.page_context(lang, f"lsg/{lsg['slug']}.md"),
    }
    return environment().get_template("data_lsg.md.j2").render(**context)


def test_lsg_page_lists_the_changes_in_every_language(history):
    data = OpenData(derive.run(DATAPACKAGE), releases_dir=history["folder"])
    assert [e.version for e in data.history] == ["1.0.0", "0.9.0"]
    expected = {
        "sr-Latn": (
            "Od verzije 0.9.0",
            "dodat red",
            "uklonjen red",
            "Korisnici",
            "25.000 → 25.325",
        ),
        "sr-Cyrl": ("Од верзије 0.9.0", "додат ред", "уклоњен ред", "Корисници", "25.000 → 25.325"),
        "en": ("Since version 0.9.0", "row added", "row removed", "Users", "25,000 → 25,325"),
    }
    for lang in LANGUAGES:
        text = render_lsg_section(data, lang, CUPRIJA)
        for words in expected[lang.code]:
            assert words in text, (lang.code, words)
        up = "../" * (2 + lang.prefix.count("/"))
        assert f'href="{up}data/lsg/cuprija-1.0.0.xlsx"' in text
    english = render_lsg_section(data, LANGUAGES[2], CUPRIJA)
    users = history["before_users"]
    assert f"{users:,} → {users + 1:,}" in english
    assert "rows added: 1, removed: 1, changed: 2" in english
    none = render_lsg_section(data, LANGUAGES[2], ADA)
    assert "No changes to this municipality" in none


def test_changelog_lists_every_release(history):
    data = OpenData(derive.run(DATAPACKAGE), releases_dir=history["folder"])
    entries = data.changelog(Translator(LANGUAGES[2]))
    assert [e["version"] for e in entries] == ["1.0.0", "0.9.0"]
    now, first = entries
    assert now["current"] and now["previous"] == "0.9.0"
    assert {t["name"]: (t["added"], t["removed"], t["changed"]) for t in now["tables"]} == {
        "lsg": (0, 0, 1),
        "services": (1, 1, 1),
        "indicators": (0, 0, 1),
    }
    assert [item["lsg"]["slug"] for item in now["lsgs"]] == ["despotovac", "cuprija"]
    assert first["previous"] is None
    assert first["zip"].endswith("-0.9.0.zip") and first["report"].endswith(
        "-0.9.0.validation.json"
    )


def test_data_text_in_changes_is_escaped(history):
    data = OpenData(derive.run(DATAPACKAGE), releases_dir=history["folder"])
    change = next(c for c in data.comparison.for_lsg(CUPRIJA) if c.kind == "changed")
    evil = releases.RowChange(
        "services",
        "changed",
        change.key,
        {"provider_name": "<b>old</b>"},
        {"provider_name": "<script>alert(1)</script>"},
        ("provider_name",),
        change.lsgs,
    )
    data.comparison.changes.insert(0, evil)
    data.comparison.__dict__.pop("by_lsg", None)  # rebuild the index
    text = render_lsg_section(data, LANGUAGES[0], CUPRIJA)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "<script>" not in text
    assert "&lt;b&gt;old&lt;/b&gt;" in text


def test_published_releases_keep_earlier_zips_and_reports(history, tmp_path):
    package = tmp_path / "package"
    shutil.copytree(DATAPACKAGE.parent, package, ignore=shutil.ignore_patterns("releases"))
    shutil.copytree(history["folder"], package / "releases")
    out = downloads.render(package / "datapackage.json")
    name = json.loads(DATAPACKAGE.read_text())["name"]
    assert out[f"releases/{name}-0.9.0.zip"] == history["zip"]
    report = json.loads(out[f"releases/{name}-0.9.0.validation.json"])
    assert report["version"] == "0.9.0" and report["valid"]
    assert f"releases/{name}-1.0.0.zip" in out


def test_releases_folder_is_not_part_of_the_package(history, tmp_path):
    package = tmp_path / "package"
    shutil.copytree(DATAPACKAGE.parent, package, ignore=shutil.ignore_patterns("releases"))
    shutil.copytree(history["folder"], package / "releases")
    (package / "releases" / "notes.csv").write_text("not,a\nresource,at all\n")
    problems, tables = validate_package(package / "datapackage.json")
    assert not problems and "notes" not in tables
    descriptor = json.loads((package / "datapackage.json").read_text())
    assert not any(r["path"].startswith(releases.FOLDER) for r in descriptor["resources"])


def test_snapshot_command(tmp_path, capsys):
    package = tmp_path / "package"
    shutil.copytree(DATAPACKAGE.parent, package, ignore=shutil.ignore_patterns("releases"))
    path = package / "datapackage.json"
    assert cli.main(["release-snapshot", "--package", str(path)]) == 0
    kept = package / "releases" / f"{json.loads(path.read_text())['name']}-1.0.0.zip"
    assert kept.read_bytes() == downloads.package_zip(path)
    assert "Release kept" in capsys.readouterr().out
    assert cli.main(["release-snapshot", "--package", str(path)]) == 0
    assert "already kept, identical" in capsys.readouterr().out
    services = package / "services.csv"
    services.write_text(services.read_text().replace("Aleksandrovac", "Aleksandrovac 2"))
    assert cli.main(["release-snapshot", "--package", str(path)]) == 1
    assert 'set a new "version"' in capsys.readouterr().err


def test_a_package_with_problems_is_neither_zipped_nor_kept(tiny_package):
    """The release zip's report says "valid": a package not validated before is validated
    when zipped, and refused when it has a problem (decision 0038)."""
    package = tiny_package({"services": INVALID / "beneficiaries-above-capacity--services.csv"})
    with pytest.raises(ValidationFailed):
        downloads.package_zip(package)
    with pytest.raises(ValidationFailed):
        downloads.keep_release(package)
    assert not (package.parent / releases.FOLDER).exists()


def test_changed_data_under_a_released_version_is_flagged(tmp_path, caplog):
    package = tmp_path / "package"
    shutil.copytree(DATAPACKAGE.parent, package, ignore=shutil.ignore_patterns("releases"))
    path = package / "datapackage.json"
    downloads.keep_release(path)
    services = package / "services.csv"
    services.write_text(services.read_text().replace("Aleksandrovac", "Aleksandrovac 2"))
    with caplog.at_level(logging.WARNING, logger="build_scripts"):
        published = releases.published(path, lambda: downloads.package_zip(path))
    assert "differ from the kept release 1.0.0" in caplog.text
    assert [r.version for r in published] == ["1.0.0"]


def test_versions_sort_as_numbers():
    ordered = ["0.9.0", "1.0.0", "1.2.0", "1.10.0", "2.0.0"]
    assert sorted(reversed(ordered), key=releases.version_key) == ordered


def test_derived_tables_read_like_the_published_files():
    """The pages compare the derived tables; the snapshots are read from files. Both
    give the same rows for the same data, so an unchanged release shows no changes."""
    data = derive.run(DATAPACKAGE)
    descriptor, rows = current()
    frames = {r["name"]: getattr(data, r["name"]) for r in descriptor["resources"]}
    derived = releases.rows_of_frames(descriptor, frames)
    assert releases.compare((descriptor, rows), (descriptor, derived)).changes == []
