"""One page of each type in each language, as a reader uses it: no errors, the language
switcher, search, map regions, downloads, accessibility, keyboard, a phone-sized screen."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import AXE
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from server import SiteServer

from build_scripts import postbuild
from build_scripts.i18n import BY_CODE, Translator

LANGUAGES = {"sr-Latn": "", "sr-Cyrl": "sr-Cyrl/", "en": "en/"}
PAGES = {
    "home": "",
    "lsg-index": "lsg/",
    "lsg": "lsg/cuprija/",
    "service": "services/home-help/",
    "indicator": "indicators/social-protection-spending-per-capita/",
    "programme": "programmes/swiss-social-protection-34/",
    "data": "data/",
    "404": "no-such-page/",
}
CASES = [(kind, lang) for kind in PAGES for lang in LANGUAGES]
IDS = [f"{kind}-{lang}" for kind, lang in CASES]
SEARCHES = [
    ("cuprija", "lsg/cuprija/"),
    ("Ћуприја", "lsg/cuprija/"),
    ("pomoc u kuci", "services/home-help/"),
]


def url_of(site_url: str, kind: str, lang: str) -> str:
    return site_url + LANGUAGES[lang] + PAGES[kind]


def open_page(new_page, site_url, kind, lang, **kwargs):
    watched = new_page(allowed_404=PAGES["404"] if kind == "404" else None, **kwargs)
    response = watched.page.goto(url_of(site_url, kind, lang), wait_until="networkidle")
    assert response is not None
    assert response.status == (404 if kind == "404" else 200)
    return watched


@pytest.mark.parametrize(("kind", "lang"), CASES, ids=IDS)
def test_page_loads_cleanly_in_its_language(new_page, site_url, kind, lang):
    watched = open_page(new_page, site_url, kind, lang)
    assert watched.page.get_attribute("html", "lang") == lang
    assert not watched.errors, watched.errors


@pytest.mark.parametrize(
    ("kind", "lang"),
    [c for c in CASES if c[0] != "404"],
    ids=[i for i in IDS if not i.startswith("404")],
)
def test_language_switcher_keeps_the_page(new_page, site_url, kind, lang):
    watched = open_page(new_page, site_url, kind, lang)
    page = watched.page
    links = page.eval_on_selector_all(
        ".md-select__link[hreflang]", "els => els.map(e => [e.getAttribute('hreflang'), e.href])"
    )
    targets = dict(links)
    assert set(targets) == set(LANGUAGES), links
    for other, href in targets.items():
        assert href == url_of(site_url, kind, other), (other, href)
    other = next(code for code in LANGUAGES if code != lang)
    page.hover(".md-select")
    with page.expect_navigation():
        page.click(f".md-select__link[hreflang='{other}']")
    assert page.url == url_of(site_url, kind, other)
    assert page.get_attribute("html", "lang") == other


SEARCH_STATE = """() => ({
    meta: document.querySelector('.md-search-result__meta')?.textContent.trim(),
    value: document.querySelector('input.md-search__input')?.value,
    open: document.querySelector('#__search')?.checked,
})"""


def wait_for_search_ready(page) -> None:
    """Material says "Initializing search" until its worker has built the index, then shows
    its placeholder. A reader types into a page that is ready, so the test waits for that too
    (the index is built in the browser and takes longer on a loaded machine)."""
    try:
        page.wait_for_function(
            """() => {
                const config = JSON.parse(document.getElementById('__config').textContent);
                const meta = document.querySelector('.md-search-result__meta');
                return meta.textContent.trim() === config.translations['search.result.placeholder'];
            }""",
            timeout=30_000,
        )
    except PlaywrightTimeout:
        pytest.fail(f"search never became ready on {page.url}: {page.evaluate(SEARCH_STATE)}")


# True once the results shown are those the search worker gave for `query` (the whole
# query typed), read through search_probe.js: the first link shown belongs to the first
# result of that answer (or nothing is shown when the answer is empty).
RESULTS_SHOWN_FOR = """(query) => {
    const probe = window.__searchProbe;
    if (!probe || probe.answered !== query) return false;
    const config = JSON.parse(document.getElementById('__config').textContent);
    const base = new URL(config.base, location.href);
    const link = document.querySelector('.md-search-result__item > a');
    if (!probe.items.length) return link === null;
    const first = [].concat(probe.items[0]);
    return link !== null && first.some(doc => new URL(doc.location, base).href === link.href);
}"""


def wait_for_results(page, query: str) -> str:
    """Wait until the results of the whole `query` are shown; the first result's URL."""
    try:
        page.wait_for_function(RESULTS_SHOWN_FOR, arg=query, timeout=30_000)
    except PlaywrightTimeout:
        probe = page.evaluate("() => window.__searchProbe && {...window.__searchProbe}")
        pytest.fail(f"results for {query!r} never shown on {page.url}: {probe}")
    return page.eval_on_selector(".md-search-result__item > a", "e => e.href")


def open_search(new_page, site_url, kind, lang):
    watched = open_page(new_page, site_url, kind, lang, search_probe=True)
    wait_for_search_ready(watched.page)
    return watched.page


@pytest.mark.parametrize(("kind", "lang"), CASES, ids=IDS)
def test_search_finds_the_expected_page_first(new_page, site_url, kind, lang):
    for query, expected in SEARCHES:
        page = open_search(new_page, site_url, kind, lang)
        page.focus("input.md-search__input")
        page.keyboard.type(query)
        first = wait_for_results(page, query)
        assert first == site_url + LANGUAGES[lang] + expected, (query, first)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_a_pasted_query_is_searched_without_a_key_press(new_page, site_url, lang):
    # Pasting with the mouse sets the text without any key event (Playwright's fill() does
    # the same); Material alone searches on keyup only.
    page = open_search(new_page, site_url, "home", lang)
    page.click("input.md-search__input")
    page.fill("input.md-search__input", "Ћуприја")
    assert wait_for_results(page, "Ћуприја") == site_url + LANGUAGES[lang] + "lsg/cuprija/"


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_results_of_a_partial_query_are_never_taken_for_the_whole(new_page, site_url, lang):
    """The race that made the search test flaky, made deterministic: the worker's answer to
    the first letter typed is shown at once, the longer queries are held back.
    A test that read the first result as soon as any result was shown would read the
    answer to "c"; wait_for_results must not finish until the answer to "cuprija" is shown."""
    page = open_search(new_page, site_url, "home", lang)
    # Material asks the worker about the empty query once the index is ready: start holding
    # only once every query asked so far is answered.
    page.wait_for_function("() => window.__searchProbe.asked.length === 0")
    page.evaluate("() => { window.__searchProbe.only = ['c']; }")
    page.focus("input.md-search__input")
    page.keyboard.type("cuprija")
    page.wait_for_function(
        "() => window.__searchProbe.answered === 'c' && window.__searchProbe.held.length > 0"
    )
    # What is on screen is the answer to "c" (whatever it holds: its first link, or none):
    # the state the old test could read. The results of the whole query are not shown, and
    # cannot be: the query is held back.
    page.wait_for_function(RESULTS_SHOWN_FOR, arg="c")
    assert not page.evaluate(RESULTS_SHOWN_FOR, "cuprija")
    shown = page.evaluate("() => document.querySelector('.md-search-result__item > a')?.href")
    assert shown != site_url + LANGUAGES[lang] + "lsg/cuprija/", shown
    page.evaluate("() => window.__searchProbe.release()")
    assert wait_for_results(page, "cuprija") == site_url + LANGUAGES[lang] + "lsg/cuprija/"


MAP_PAGES = [(k, lang) for k in ("lsg", "service", "indicator", "programme") for lang in LANGUAGES]


@pytest.mark.parametrize(("kind", "lang"), MAP_PAGES, ids=[f"{k}-{lang}" for k, lang in MAP_PAGES])
def test_clicking_a_map_region_opens_that_lsg(new_page, site_url, kind, lang):
    watched = open_page(new_page, site_url, kind, lang)
    page = watched.page
    maps = page.locator("object.chart-map")
    assert maps.count() >= 1
    maps.first.scroll_into_view_if_needed()
    # the map is an <object>: wait until its SVG document holds the region to click
    page.wait_for_function(
        """() => document.querySelector('object.chart-map')
                   .contentDocument?.querySelector('a#lsg-80012') != null"""
    )
    frame = next(f for f in page.frames if f.url.split("#")[0].endswith(".svg"))
    region = frame.locator("a#lsg-80012")  # Ada; SVG links use xlink:href
    with page.expect_navigation():
        region.click(force=True)
    assert page.url == site_url + LANGUAGES[lang] + "lsg/ada/"


@pytest.mark.parametrize(("kind", "lang"), CASES, ids=IDS)
def test_every_download_link_answers_with_a_file(new_page, site_url, kind, lang):
    watched = open_page(new_page, site_url, kind, lang)
    page = watched.page
    hrefs = page.eval_on_selector_all(
        "a[download], a[href$='.csv'], a[href$='.xlsx'], a[href$='.zip'], a[href$='.json']",
        "els => [...new Set(els.map(e => e.href))]",
    )
    if kind in {"lsg", "indicator", "service", "programme", "data"}:
        assert hrefs, "a page with figures or data has downloads"
    for href in hrefs:
        response = page.request.get(href)
        assert response.status == 200, href
        assert len(response.body()) > 0, href


@pytest.mark.parametrize(("kind", "lang"), CASES, ids=IDS)
def test_no_serious_accessibility_violation(new_page, site_url, kind, lang):
    page = open_page(new_page, site_url, kind, lang).page
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
              values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, serious


@pytest.mark.parametrize(("kind", "lang"), CASES, ids=IDS)
def test_keyboard_reaches_search_and_language_switcher(new_page, site_url, kind, lang):
    page = open_page(new_page, site_url, kind, lang).page
    reached = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        where = page.evaluate(
            """() => { const e = document.activeElement;
                 if (!e) return '';
                 if (e.matches('input.md-search__input, label[for=__search], .md-search__input')) return 'search';
                 if (e.closest('.md-select')) return 'language';
                 return ''; }"""
        )
        if where:
            reached.add(where)
        if reached == {"search", "language"}:
            break
    assert reached == {"search", "language"}, reached


@pytest.mark.parametrize(("kind", "lang"), CASES, ids=IDS)
def test_nothing_overflows_on_a_phone(new_page, site_url, kind, lang):
    page = open_page(new_page, site_url, kind, lang, viewport={"width": 390, "height": 844}).page
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, overflow


# A bad link in every language at depths 1 to 3; the GitHub-Pages-like server answers each
# with the root 404.html, which must show the not-found page of the path's language.
MISSING = ["x/", "lsg/nepostoji/", "a/b/c/"]
NOT_FOUND_CASES = [(lang, path) for lang in LANGUAGES for path in MISSING]
NOT_FOUND_IDS = [f"{lang}-depth{path.count('/')}" for lang, path in NOT_FOUND_CASES]
NOT_FOUND_TITLES = {
    "sr-Latn": "Stranica nije pronađena",
    "sr-Cyrl": "Страница није пронађена",
    "en": "Page not found",
}


def wait_for_first_result(page, expected: str) -> None:
    """Wait until the results of the whole query are shown (while typing, the results of
    its first letters come and go) and the first is the expected page."""
    try:
        page.wait_for_function(
            "expected => document.querySelector('.md-search-result__item > a')?.href === expected",
            arg=expected,
            timeout=15_000,
        )
    except PlaywrightTimeout:
        first = page.eval_on_selector_all(
            ".md-search-result__item > a", "els => els.slice(0, 3).map(e => e.href)"
        )
        state = page.evaluate(SEARCH_STATE)
        pytest.fail(f"first search result on {page.url} is not {expected}: {first} {state}")


def check_not_found_page(new_page, root_url: str, lang: str, path: str) -> None:
    watched = new_page(allowed_404=path)
    page = watched.page
    response = page.goto(root_url + LANGUAGES[lang] + path, wait_until="networkidle")
    assert response is not None and response.status == 404
    try:
        page.wait_for_function(
            "lang => document.documentElement.lang === lang && document.querySelector('article h1')",
            arg=lang,
        )
    except PlaywrightTimeout:
        shown = page.evaluate("() => [document.documentElement.lang, document.title]")
        pytest.fail(f"{page.url} shows no {lang} not-found page: lang and title {shown}")
    assert page.url == root_url + LANGUAGES[lang] + path  # the reader's address is kept
    assert page.inner_text("article h1") == NOT_FOUND_TITLES[lang]
    assert page.inner_text("article .lead") == Translator(BY_CODE[lang]).t("notfound.text")
    assert page.title().startswith(NOT_FOUND_TITLES[lang])
    home = page.eval_on_selector("article li a", "e => e.href")
    assert home == root_url + LANGUAGES[lang]
    wait_for_search_ready(page)
    page.focus("input.md-search__input")
    page.keyboard.type("cuprija")
    wait_for_first_result(page, root_url + LANGUAGES[lang] + "lsg/cuprija/")
    assert not watched.errors, watched.errors


@pytest.mark.parametrize(("lang", "path"), NOT_FOUND_CASES, ids=NOT_FOUND_IDS)
def test_a_bad_link_is_answered_in_its_language_at_any_depth(new_page, site_url, lang, path):
    check_not_found_page(new_page, site_url, lang, path)


LANGUAGE_ROOTS = tuple(prefix for prefix in LANGUAGES.values() if prefix)


def overlay_site(site: Path, target: Path, roots: tuple[str, ...] = LANGUAGE_ROOTS) -> None:
    """The built site to publish under another address: links to its files, except the
    not-found pages, which are copied for postbuild to anchor anew."""
    for entry in site.iterdir():
        if entry.name == "404.html":
            continue
        if entry.name == "404":
            shutil.copytree(entry, target / entry.name)
        elif entry.name + "/" in roots:
            (target / entry.name).mkdir()
            overlay_site(entry, target / entry.name, roots=())
        else:
            (target / entry.name).symlink_to(entry)


@pytest.fixture(scope="session")
def project_site_url(built_site, tmp_path_factory):
    """The site as a GitHub project site, under /repo/."""
    target = tmp_path_factory.mktemp("project-site")
    overlay_site(built_site, target)
    postbuild.not_found_pages(target, "https://owner.github.io/repo/")
    with SiteServer(target, base_path="/repo/") as server:
        yield server.url


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_a_bad_link_is_answered_under_a_project_sites_path(new_page, project_site_url, lang):
    check_not_found_page(new_page, project_site_url, lang, "lsg/nepostoji/")


def test_without_javascript_the_not_found_page_offers_every_language(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        response = page.goto(site_url + "en/lsg/nepostoji/")
        assert response is not None and response.status == 404
        for lang, prefix in LANGUAGES.items():
            section = page.locator(f"section[lang='{lang}']")
            assert section.is_visible()
            assert NOT_FOUND_TITLES[lang] in page.inner_text("h1")
            assert section.locator("a").first.get_attribute("href") == "/" + prefix
    finally:
        context.close()
