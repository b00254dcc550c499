"""The built site as published: every page in every language, the theme speaking the
page's language and script, per-language search indexes, 404 pages and the sitemap."""

import json
import re
from xml.etree import ElementTree

import pytest
from sitecheck import placeholder_addresses

from build_scripts import derive, pages
from build_scripts.i18n import LANGUAGES
from build_scripts.mkdocs_build import postbuild
from build_scripts.paths import DATAPACKAGE

CYRILLIC = re.compile("[\u0400-\u04ff]")
PLACEHOLDER = {"sr-Latn": "Pretraga", "sr-Cyrl": "Претрага", "en": "Search"}


def html_path(site, lang, rel):
    """site path of the page generated from docs-relative Markdown path `rel`."""
    stem = rel[:-3]
    url = stem[: -len("index")] if stem.endswith("index") else stem + "/"
    return site / lang.prefix / url / "index.html"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("pages")
    written = pages.run(derive.run(DATAPACKAGE), out)
    return sorted(p.relative_to(out).as_posix() for p in written if p.name.count(".") == 1)


def test_every_page_is_built_in_every_language(built_site, generated):
    hand_written = ["about.md", "methodology.md", "contribute.md"]
    missing = [
        (lang.code, rel)
        for rel in generated + hand_written
        if rel != "404.md"
        for lang in LANGUAGES
        if not html_path(built_site, lang, rel).exists()
    ]
    assert not missing
    assert len(generated) > 200


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_theme_labels_and_lang_in_the_page_language(built_site, lang):
    for rel in ["index.md", "lsg/cuprija.md", "services/home-help.md", "about.md"]:
        html = html_path(built_site, lang, rel).read_text(encoding="utf-8")
        assert f'<html lang="{lang.code}"' in html, rel
        # the search button is labelled with Material's search label
        placeholder = re.search(r'<button[^>]*site-search-open[^>]*aria-label="([^"]+)"', html)
        assert placeholder and placeholder.group(1) == PLACEHOLDER[lang.code], rel
        config = json.loads(re.search(r'id="__config"[^>]*>(.*?)</script>', html, re.S).group(1))
        labels = " ".join(config["translations"].values())
        if lang.cyrillic:
            assert CYRILLIC.search(labels)
        else:
            assert not CYRILLIC.search(labels), (lang.code, labels)


def test_no_requests_to_third_party_hosts(built_site):
    html = (built_site / "lsg" / "ada" / "index.html").read_text(encoding="utf-8")
    assert not re.search(r'(?:src|href)="https?://(?!127\.0\.0\.1)', html.split("<body")[0])


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_each_language_has_its_own_search_index(built_site, lang):
    """Pagefind indexes each <html lang> on its own: every page of the language but the
    not-found page, each page carrying its names in every script."""
    entry = json.loads((built_site / "pagefind" / "pagefind-entry.json").read_text())
    pages_of_language = postbuild.pages_by_language(built_site)[lang.code]
    assert entry["languages"][lang.code.lower()]["page_count"] == len(pages_of_language)
    html = (built_site / lang.prefix / "lsg" / "cuprija" / "index.html").read_text()
    names = re.search(r'<meta data-pagefind-meta="names\[content\]" content="([^"]*)"', html)
    assert names and {"cuprija", "ćuprija", "ћуприја"} <= set(names.group(1).split())
    assert "data-pagefind-body" in html
    home_help = (built_site / lang.prefix / "services" / "home-help" / "index.html").read_text()
    assert {"pomoc", "kuci", "помоћ", "home"} <= set(
        re.search(r'data-pagefind-meta="names\[content\]" content="([^"]*)"', home_help)
        .group(1)
        .split()
    )
    not_found = (built_site / lang.prefix / "404" / "index.html").read_text()
    assert "data-pagefind-body" not in not_found


NOT_FOUND_TITLES = {
    "sr-Latn": "Stranica nije pronađena",
    "sr-Cyrl": "Страница није пронађена",
    "en": "Page not found",
}


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_not_found_page_in_each_language(built_site, lang):
    html = (built_site / lang.prefix / "404" / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang.code}"' in html
    assert f'<base href="/{lang.prefix}404/">' in html
    assert NOT_FOUND_TITLES[lang.code] in html
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html)
    assert json.loads(config.group(1))["base"] == "/"  # Material resolves it against the address


def test_root_not_found_page_offers_every_language(built_site):
    """The host serves the root 404.html for every missing path: it names the language pages
    its script loads, and without JavaScript it links to every language's home."""
    html = (built_site / "404.html").read_text(encoding="utf-8")
    for lang in LANGUAGES:
        assert NOT_FOUND_TITLES[lang.code] in html
        assert f'<section lang="{lang.code}">' in html
        assert f'<a href="/{lang.prefix}">' in html
        assert f'"/{lang.prefix}404/"' in html
        if lang.prefix:  # no host serves a language folder's 404.html
            assert not (built_site / lang.prefix / "404.html").exists()


def test_without_a_public_address_there_is_no_sitemap(built_site):
    assert not (built_site / "sitemap.xml").exists()
    assert not (built_site / "sitemap.xml.gz").exists()


def test_sitemap_lists_every_language_with_hreflang(built_site, tmp_path):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    base = "https://data.socijalnazastita.rs/lokalno/"
    postbuild.sitemap(built_site, base, out=tmp_path)
    root = ElementTree.parse(tmp_path / "sitemap.xml").getroot()
    urls = {u.find("s:loc", ns).text: u for u in root.findall("s:url", ns)}
    for lang in LANGUAGES:
        entry = urls[f"{base}{lang.prefix}lsg/cuprija/"]
        alternates = {
            link.get("hreflang"): link.get("href") for link in entry.findall("x:link", ns)
        }
        assert alternates == {
            "sr-Latn": f"{base}lsg/cuprija/",
            "sr-Cyrl": f"{base}sr-Cyrl/lsg/cuprija/",
            "en": f"{base}en/lsg/cuprija/",
            "x-default": f"{base}lsg/cuprija/",
        }
    assert not [u for u in urls if "/404/" in u or "/search/" in u]
    assert len(urls) % len(LANGUAGES) == 0


def test_no_published_file_carries_a_placeholder_address(built_site):
    # The suite builds as `make site` does with no address configured: every page, sitemap,
    # JSON, JSON-LD, CSV, SVG and XLSX/ZIP member must then carry no address at all rather
    # than a loopback or example one.
    assert placeholder_addresses(built_site) == []
