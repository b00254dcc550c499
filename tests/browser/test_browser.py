"""One page of each type in each language, as a reader uses it: no errors, the language
switcher, search, map regions, downloads, accessibility, keyboard, a phone-sized screen."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import AXE
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from server import SiteServer

from build_scripts.i18n import BY_CODE, Translator
from build_scripts.mkdocs_build import postbuild

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


OPEN_SEARCH = "button.site-search-open"
SEARCH_INPUT = "pagefind-modal dialog[open] input"
RESULT_LINK = "pagefind-modal dialog[open] a.pf-result-link"

# True once the results shown are those Pagefind gave for `query` (the whole query typed),
# read through search_probe.js: the first link shown is the first page of that answer (or
# nothing is shown when the answer is empty).
RESULTS_SHOWN_FOR = """(query) => {
    const probe = window.__searchProbe;
    if (!probe || probe.answered !== query) return false;
    const link = document.querySelector('pagefind-modal dialog[open] a.pf-result-link');
    if (probe.first === null) return link === null;
    return link !== null && link.href === new URL(probe.first, location.href).href;
}"""


def probe_state(page) -> dict:
    return page.evaluate(
        """() => ({probe: window.__searchProbe && {...window.__searchProbe, held: undefined},
                   shown: [...document.querySelectorAll('a.pf-result-link')].slice(0, 3)
                          .map(a => a.href)})"""
    )


def wait_for_results(page, query: str) -> str:
    """Wait until the results of the whole `query` are shown; the first result's URL."""
    try:
        page.wait_for_function(RESULTS_SHOWN_FOR, arg=query, timeout=30_000)
    except PlaywrightTimeout:
        pytest.fail(f"results for {query!r} never shown on {page.url}: {probe_state(page)}")
    return page.eval_on_selector(RESULT_LINK, "e => e.href")


def open_search_dialog(page) -> None:
    """Click the header's search button; wait until the dialog is open with its field."""
    page.click(OPEN_SEARCH)
    page.wait_for_selector(SEARCH_INPUT)


def open_search(new_page, site_url, kind, lang, **kwargs):
    watched = open_page(new_page, site_url, kind, lang, search_probe=True, **kwargs)
    open_search_dialog(watched.page)
    return watched.page


@pytest.mark.parametrize(("kind", "lang"), CASES, ids=IDS)
def test_search_finds_the_expected_page_first(new_page, site_url, kind, lang):
    for query, expected in SEARCHES:
        page = open_search(new_page, site_url, kind, lang)
        page.focus(SEARCH_INPUT)
        page.keyboard.type(query)
        first = wait_for_results(page, query)
        assert first == site_url + LANGUAGES[lang] + expected, (query, first)


# Every form a reader may type, on the home page of every language: scripts, diacritics,
# đ as dj or d, English names on English pages.
FORMS = [
    ("cuprija", "lsg/cuprija/"),
    ("Ćuprija", "lsg/cuprija/"),
    ("ćuprija", "lsg/cuprija/"),
    ("Ћуприја", "lsg/cuprija/"),
    ("pomoc u kuci", "services/home-help/"),
    ("Помоћ у кући", "services/home-help/"),
    ("novi sad", "lsg/novi-sad/"),
    ("Нови Сад", "lsg/novi-sad/"),
    ("svratiste", "services/drop-in-centre/"),
    ("arandjelovac", "lsg/arandjelovac/"),
    ("arandelovac", "lsg/arandjelovac/"),
    ("Аранђеловац", "lsg/arandjelovac/"),
]
# On English pages the indicator "Home help users per 1,000 people aged 65+" carries the same
# words in its names and ranks first for these; the service comes second (lunr ranked "home
# help" the same way). Checked in the test after the next.
SECOND = {("en", "Помоћ у кући"), ("en", "home help")}
FORM_CASES = [(lang, q, e) for lang in LANGUAGES for q, e in FORMS if (lang, q) not in SECOND]
FORM_CASES += [("en", "Belgrade", "lsg/beograd/")]


@pytest.mark.parametrize(
    ("lang", "query", "expected"), FORM_CASES, ids=[f"{c[0]}-{c[1]}" for c in FORM_CASES]
)
def test_search_finds_a_page_by_any_form_of_its_name(new_page, site_url, lang, query, expected):
    page = open_search(new_page, site_url, "home", lang)
    page.fill(SEARCH_INPUT, query)
    assert wait_for_results(page, query) == site_url + LANGUAGES[lang] + expected


@pytest.mark.parametrize(("lang", "query"), sorted(SECOND))
def test_search_ranks_home_help_second_behind_its_indicator(new_page, site_url, lang, query):
    page = open_search(new_page, site_url, "home", lang)
    page.fill(SEARCH_INPUT, query)
    first = wait_for_results(page, query)
    assert first == site_url + LANGUAGES[lang] + "indicators/home-help-users-per-1000-65plus/"
    page.wait_for_function(
        "selector => document.querySelectorAll(selector).length >= 2", arg=RESULT_LINK
    )
    second = page.eval_on_selector_all(RESULT_LINK, "els => els[1].href")
    assert second == site_url + LANGUAGES[lang] + "services/home-help/"


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_a_pasted_query_is_searched_without_a_key_press(new_page, site_url, lang):
    # Pasting with the mouse sets the text without any key event (Playwright's fill() does
    # the same).
    page = open_search(new_page, site_url, "home", lang)
    page.click(SEARCH_INPUT)
    page.fill(SEARCH_INPUT, "Ћуприја")
    assert wait_for_results(page, "Ћуприја") == site_url + LANGUAGES[lang] + "lsg/cuprija/"


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_results_of_a_partial_query_are_never_taken_for_the_whole(new_page, site_url, lang):
    """The race between typing and answering, made deterministic: when typing pauses longer
    than the input's debounce (a slow machine, a slow reader), the answer to the first
    letters is shown, and stays on screen under the whole word typed until the next query
    is sent and answered. Here the answer to "c" is shown, and the query for the whole
    word is held back. A test that read the first result as soon as any result was shown
    would read the answer to "c"; wait_for_results must not finish until the answer to
    "cuprija" is shown."""
    page = open_search(new_page, site_url, "home", lang)
    page.focus(SEARCH_INPUT)
    page.keyboard.type("c")
    page.wait_for_function(RESULTS_SHOWN_FOR, arg="c")
    page.evaluate("() => { window.__searchProbe.only = ['c']; }")
    page.keyboard.type("uprija")
    page.wait_for_function("() => window.__searchProbe.held.length > 0")
    # What is on screen is the answer to "c" (whatever it holds: its first link, or none),
    # under the whole word: the state a careless test could read. The results of the whole
    # query are not shown, and cannot be: the query is held back.
    assert page.input_value(SEARCH_INPUT) == "cuprija"
    assert page.evaluate(RESULTS_SHOWN_FOR, "c")
    assert not page.evaluate(RESULTS_SHOWN_FOR, "cuprija")
    shown = page.evaluate(f"() => document.querySelector('{RESULT_LINK}')?.href")
    assert shown != site_url + LANGUAGES[lang] + "lsg/cuprija/", shown
    page.evaluate("() => window.__searchProbe.release()")
    assert wait_for_results(page, "cuprija") == site_url + LANGUAGES[lang] + "lsg/cuprija/"


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_search_costs_nothing_until_it_is_opened(new_page, site_url, lang):
    watched = new_page()
    page = watched.page
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(url_of(site_url, "lsg", lang), wait_until="networkidle")
    assert not [url for url in requested if "/pagefind/" in url], requested
    open_search_dialog(page)
    page.fill(SEARCH_INPUT, "cuprija")
    page.wait_for_selector(RESULT_LINK)
    assert [url for url in requested if "/pagefind/" in url]
    assert not watched.errors, watched.errors


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_search_by_keyboard_alone(new_page, site_url, lang):
    """Tab to the search button, Enter opens the dialog with the focus in its labelled
    field; Escape closes it and gives the focus back; "/" opens it again; the arrow keys
    reach the first result and Enter follows it."""
    page = open_page(new_page, site_url, "home", lang, search_probe=True).page
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('button.site-search-open')"):
            break
    else:
        pytest.fail("Tab never reaches the search button")
    page.keyboard.press("Enter")
    page.wait_for_selector(SEARCH_INPUT)
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.matches('dialog[open] input')"
    )
    label = page.evaluate(
        """() => { const input = document.activeElement;
                   return input.labels && input.labels.length ? input.labels[0].textContent : ''; }"""
    )
    assert label.strip(), "the search field has no label"
    page.keyboard.press("Escape")
    page.wait_for_selector("pagefind-modal dialog[open]", state="detached")
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.matches('button.site-search-open')"
    )
    page.keyboard.press("/")
    page.wait_for_selector(SEARCH_INPUT)
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.matches('dialog[open] input')"
    )
    page.keyboard.type("Ћуприја")
    wait_for_results(page, "Ћуприја")
    page.keyboard.press("ArrowDown")
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.matches('a.pf-result-link')"
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == site_url + LANGUAGES[lang] + "lsg/cuprija/"


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_search_dialog_speaks_the_pages_language(new_page, site_url, lang):
    page = open_search(new_page, site_url, "lsg", lang)
    strings = Translator(BY_CODE[lang])
    assert page.get_attribute(SEARCH_INPUT, "placeholder") == strings.t("search.ui.placeholder")
    page.fill(SEARCH_INPUT, "cuprija")
    wait_for_results(page, "cuprija")
    text = page.inner_text("pagefind-modal dialog[open]")
    word = strings.t("search.ui.keyboard_navigate")
    assert word in text, (word, text[:300])
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """() => axe.run(document.querySelector('pagefind-modal'), {runOnly: {type: 'tag',
              values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, serious


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
                 if (e.matches('button.site-search-open')) return 'search';
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


def check_not_found_page(new_page, root_url: str, lang: str, path: str) -> None:
    watched = new_page(allowed_404=path, search_probe=True)
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
    open_search_dialog(page)
    page.keyboard.type("cuprija")
    assert wait_for_results(page, "cuprija") == root_url + LANGUAGES[lang] + "lsg/cuprija/"
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


# -- find your municipality -------------------------------------------------------------------
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# query typed into the home page's box -> the LSG pages the list then shows (all of them)
FINDS = {
    "vranje": {"vranje"},
    "Zemun": {"zemun", "beograd"},
    "Belgrade": {"beograd"},
    "Ћуприја": {"cuprija"},
    "cuprija": {"cuprija"},
}
FIND_CASES = [
    (lang, query, size) for lang in LANGUAGES for query in FINDS for size in ("phone", "desktop")
]


def shown_rows(page) -> list[str]:
    """Slugs of the LSG rows the list shows, in order."""
    return page.eval_on_selector_all(
        "section.lsg-district tr[data-search]",
        """rows => rows.filter(r => r.offsetParent !== null)
                       .map(r => r.querySelector('a').getAttribute('href').replace(/\\/$/, ''))""",
    )


@pytest.mark.parametrize(
    ("lang", "query", "size"), FIND_CASES, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in FIND_CASES]
)
def test_find_your_municipality_from_the_home_page(new_page, site_url, lang, query, size):
    viewport = PHONE if size == "phone" else DESKTOP
    watched = open_page(new_page, site_url, "home", lang, viewport=viewport)
    page = watched.page
    page.fill("#find-lsg", query)
    with page.expect_navigation():
        page.press("#find-lsg", "Enter")
    assert page.url.split("?")[0] == url_of(site_url, "lsg-index", lang)
    page.wait_for_function(
        "query => document.getElementById('lsg-filter').value === query", arg=query
    )
    page.wait_for_function(
        "() => [...document.querySelectorAll('section.lsg-district')].some(s => s.hidden)"
    )
    assert set(shown_rows(page)) == FINDS[query], shown_rows(page)
    # only districts with a match are shown, and the first match is on the first screen
    sections = page.eval_on_selector_all(
        "section.lsg-district",
        """els => els.filter(s => !s.hidden).map(
               s => [...s.querySelectorAll('tr[data-search]')].some(r => !r.hidden))""",
    )
    assert sections and all(sections), sections
    top, bottom = page.eval_on_selector(
        "section.lsg-district:not([hidden]) tr[data-search]:not([hidden]) a",
        "a => { const r = a.getBoundingClientRect(); return [r.top, r.bottom]; }",
    )
    assert 0 <= top and bottom <= viewport["height"], (top, bottom)
    assert not watched.errors, watched.errors


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_list_filter_updates_as_you_type_and_says_when_nothing_matches(
    new_page, site_url, lang
):
    page = open_page(new_page, site_url, "lsg-index", lang, viewport=PHONE).page
    everything = len(shown_rows(page))
    assert everything == 145 + 17  # every LSG and every city municipality of Belgrade
    page.fill("#lsg-filter", "zemun")
    page.wait_for_function("() => location.search === '?q=zemun'")
    assert set(shown_rows(page)) == FINDS["Zemun"]
    page.fill("#lsg-filter", "qqqq")
    page.wait_for_selector("#lsg-filter-none", state="visible")
    assert shown_rows(page) == []
    page.fill("#lsg-filter", "")
    page.wait_for_selector("#lsg-filter-none", state="hidden")
    assert len(shown_rows(page)) == everything


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_without_javascript_the_home_box_leads_to_the_list(browser, site_url, lang):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(url_of(site_url, "home", lang))
        label = page.inner_text("label[for=find-lsg]")
        assert label.strip()
        page.fill("#find-lsg", "Zemun")
        with page.expect_navigation():
            page.press("#find-lsg", "Enter")
        assert page.url == url_of(site_url, "lsg-index", lang) + "?q=Zemun"
        # the whole list, with every city municipality linked
        assert page.locator("a[href='zemun/']").count() == 1
        assert page.locator("section.lsg-district tr[data-search]").count() == 145 + 17
    finally:
        context.close()
