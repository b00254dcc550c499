"""Generated pages: every page in every language, escaping of data text."""

import shutil

import pytest

from build_scripts import derive, pages
from build_scripts.pages.markup import md
from build_scripts.paths import DATAPACKAGE


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("pages")
    written = pages.run(derive.run(DATAPACKAGE), out)
    return out, written


def test_every_page_exists_in_every_language(generated):
    out, written = generated
    latin = [p for p in written if p.name.count(".") == 1]
    assert len(latin) > 162
    for page in latin:
        stem = page.name[:-3]
        assert page.with_name(f"{stem}.sr-Cyrl.md").exists()
        assert page.with_name(f"{stem}.en.md").exists()
    assert (out / "lsg" / "cuprija.md").exists()


def test_lsg_page_in_each_script(generated):
    out, _ = generated
    latin = (out / "lsg" / "cuprija.md").read_text(encoding="utf-8")
    cyrillic = (out / "lsg" / "cuprija.sr-Cyrl.md").read_text(encoding="utf-8")
    english = (out / "lsg" / "cuprija.en.md").read_text(encoding="utf-8")
    assert "# Ćuprija" in latin and "Pomoravski upravni okrug" in latin and "25.325" in latin
    assert (
        "# Ћуприја" in cyrillic and "Поморавски управни округ" in cyrillic and "25.325" in cyrillic
    )
    assert "Демонстрациони подаци" in cyrillic
    assert "# Ćuprija" in english and "25,325" in english and "Demonstration data" in english


def test_belgrade_lists_its_city_municipalities(generated):
    out, _ = generated
    text = (out / "lsg" / "beograd.en.md").read_text(encoding="utf-8")
    assert "# Belgrade" in text
    for name in ("Barajevo", "Zemun", "Čukarica", "Novi Beograd"):
        assert name in text


def test_every_city_municipality_is_linked_from_its_city_and_from_the_list(generated):
    import re

    out, _ = generated
    data = derive.run(DATAPACKAGE)
    children = data.lsg[data.lsg["parent_code"].notna() & (data.lsg["parent_code"] != "")]
    assert len(children) == 17
    for suffix in ("", ".sr-Cyrl", ".en"):
        listing = (out / "lsg" / f"index{suffix}.md").read_text(encoding="utf-8")
        for _, child in children.iterrows():
            parent = data.lsg.set_index("code").loc[child["parent_code"], "slug"]
            city = (out / "lsg" / f"{parent}{suffix}.md").read_text(encoding="utf-8")
            assert re.search(rf'<a href="[./]*lsg/{child["slug"]}/">', city), (
                suffix,
                child["slug"],
            )
            assert f'<a href="{child["slug"]}/">' in listing, (suffix, child["slug"])


def test_data_text_is_escaped(tmp_path):
    import markdown

    package_dir = tmp_path / "pkg"
    shutil.copytree(DATAPACKAGE.parent, package_dir)
    services = package_dir / "services.csv"
    text = services.read_text(encoding="utf-8")
    text = text.replace("Dnevni centar Aleksandrovac", "<script>alert(1)</script>")
    text = text.replace("Gerontološki centar Aleksandrovac", "[x](javascript:alert(2))")
    services.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    pages.run(derive.run(package_dir / "datapackage.json"), out)
    for name in ("aleksandrovac.md", "aleksandrovac.sr-Cyrl.md", "aleksandrovac.en.md"):
        source = (out / "lsg" / name).read_text(encoding="utf-8")
        body = source.split("---", 2)[2]
        rendered = markdown.markdown(body, extensions=["admonition", "attr_list", "tables"])
        assert "<script>" not in rendered
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
        assert "javascript:" not in rendered.replace("[x](javascript:alert(2))", "")
        assert "[x](javascript:alert(2))" in rendered  # shown as text


def test_markdown_escape_filter():
    assert str(md("[x](javascript:alert(1))")) == r"\[x\]\(javascript:alert\(1\)\)"
    assert str(md("<b>")) == "&lt;b&gt;"
