"""Not-found pages that work under any base path; languages of locations."""

import json
import re
from pathlib import Path

import pytest

from build_scripts.i18n import LANGUAGES
from build_scripts.mkdocs_build.postbuild import anchor_not_found_page, language_of, not_found_pages


def test_language_of_location():
    assert language_of("sr-Cyrl/lsg/ada/") == ("sr-Cyrl", "lsg/ada/")
    assert language_of("en/") == ("en", "")
    assert language_of("lsg/ada/#x") == ("sr-Latn", "lsg/ada/#x")


RENDERED_404 = """<!doctype html>
<html lang="{code}">
<head>
<title>{title}</title>
</head>
<body>
<a href="../">home</a>
<script id="__config" type="application/json">{{"base": "{base}", "search": "../assets/w.js"}}</script>
</body>
</html>
"""


def fake_site(root: Path) -> Path:
    """The not-found pages as MkDocs renders them, one per language root."""
    for lang in LANGUAGES:
        page = root / lang.prefix / "404" / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        base = ".." if not lang.prefix else "../.."
        page.write_text(RENDERED_404.format(code=lang.code, title=lang.code, base=base))
        if lang.prefix:
            (root / lang.prefix / "404.html").write_text("theme default")
    return root


def config_of(html: str) -> dict:
    found = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html)
    return json.loads(found.group(1))


@pytest.mark.parametrize(
    ("site_url", "base_path"),
    [("http://127.0.0.1:8000/", "/"), ("https://owner.github.io/repo", "/repo/")],
)
def test_not_found_pages_work_under_the_sites_base_path(tmp_path, site_url, base_path):
    site = fake_site(tmp_path)
    not_found_pages(site, site_url)
    not_found_pages(site, site_url)  # a second run changes nothing
    for lang in LANGUAGES:
        html = (site / lang.prefix / "404" / "index.html").read_text()
        assert html.count("<base ") == 1
        assert f'<base href="{base_path}{lang.prefix}404/">' in html
        assert config_of(html) == {"base": base_path, "search": "../assets/w.js"}
        if lang.prefix:
            assert not (site / lang.prefix / "404.html").exists()
    root = (site / "404.html").read_text()
    pages = re.search(r"var pages = (\{.*?\});", root).group(1)
    assert json.loads(pages) == {
        "": f"{base_path}404/",
        "sr-Cyrl/": f"{base_path}sr-Cyrl/404/",
        "en/": f"{base_path}en/404/",
    }
    assert f"var base = {json.dumps(base_path)};" in root
    assert f'<a href="{base_path}en/">Home</a>' in root


def test_a_page_without_materials_config_is_an_error():
    with pytest.raises(ValueError, match="__config"):
        anchor_not_found_page("<html><head></head></html>", "/", "")
