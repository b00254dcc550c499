"""Pages read on a phone (390 x 844) and on a desktop (1280 x 900): no data table wider than
the screen or cut in its column, every number of a table visible without sideways scrolling,
and every image and map sized before it loads (the page does not jump)."""

from __future__ import annotations

import pytest

LANGUAGES = {"sr-Latn": "", "sr-Cyrl": "sr-Cyrl/", "en": "en/"}
PAGES = {
    "lsg": "lsg/cuprija/",
    "service": "services/home-help/",
    "indicator": "indicators/social-protection-spending-per-capita/",
    "programme": "programmes/swiss-social-protection-34/",
    "data": "data/",
    "dictionary": "data/dictionary/",
}
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
CASES = [(kind, lang, view) for kind in PAGES for lang in LANGUAGES for view in VIEWPORTS]
IDS = [f"{kind}-{lang}-{view}" for kind, lang, view in CASES]

# Every table of the article (those inside a chart's closed "data" disclosure opened
# first): one whose content is wider than its box (cut, or scrolled sideways) or whose box
# leaves the screen; and every cell left of 0 or right of the screen.
WIDE_TABLES = """() => {
  document.querySelectorAll('article details').forEach(d => { d.open = true; });
  const screen = document.documentElement.clientWidth;
  const found = [];
  document.querySelectorAll('article table').forEach((table, i) => {
    const box = table.getBoundingClientRect();
    const heading = table.closest('figure')?.id
      || table.previousElementSibling?.textContent?.trim().slice(0, 40) || '';
    if (table.scrollWidth > table.clientWidth + 1 || box.right > screen + 0.5 || box.left < -0.5) {
      found.push(`table ${i} (${heading}): ${Math.round(table.scrollWidth)} px of content `
        + `in ${Math.round(table.clientWidth)} px, right edge ${Math.round(box.right)} px `
        + `on a ${screen} px screen`);
    }
    table.querySelectorAll('td, th').forEach(cell => {
      const head = cell.closest('thead');  // a card table's header row: visually hidden
      if (head && head.getBoundingClientRect().width <= 1) return;
      const r = cell.getBoundingClientRect();
      if (r.width && (r.right > screen + 0.5 || r.left < -0.5)) {
        found.push(`table ${i} (${heading}): cell "${cell.textContent.trim().slice(0, 30)}" `
          + `from ${Math.round(r.left)} to ${Math.round(r.right)} px`);
      }
    });
  });
  return found;
}"""


def open_page(new_page, site_url, kind, lang, view):
    watched = new_page(viewport=VIEWPORTS[view])
    response = watched.page.goto(site_url + LANGUAGES[lang] + PAGES[kind], wait_until="load")
    assert response is not None and response.status == 200
    return watched.page


@pytest.mark.parametrize(("kind", "lang", "view"), CASES, ids=IDS)
def test_no_table_is_wider_than_the_screen(new_page, site_url, kind, lang, view):
    page = open_page(new_page, site_url, kind, lang, view)
    assert page.locator("article table").count() > 0
    wide = page.evaluate(WIDE_TABLES)
    assert not wide, "\n".join(wide[:10])


PHONE_CASES = [(kind, lang) for kind in PAGES for lang in LANGUAGES]


@pytest.mark.parametrize(("kind", "lang"), PHONE_CASES, ids=[f"{k}-{x}" for k, x in PHONE_CASES])
def test_a_table_card_names_each_value(new_page, site_url, kind, lang):
    """Where a table's rows become cards on a phone, every cell shown there carries the
    label of its column (its header row is hidden)."""
    page = open_page(new_page, site_url, kind, lang, "phone")
    assert page.locator("article table[data-cards]").count() > 0
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('article table[data-cards]')].flatMap(table =>
             [...table.querySelectorAll('tbody td')]
               .filter(td => getComputedStyle(td).display === 'block')
               .filter(td => !td.dataset.label
                 || getComputedStyle(td, '::before').content !== `"${td.dataset.label}"`)
               .map(td => td.textContent.trim().slice(0, 30)))"""
    )
    assert not unlabelled, unlabelled[:10]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", ["lsg", "service", "indicator", "programme"])
def test_every_image_is_sized_before_it_loads(new_page, site_url, kind, lang):
    page = open_page(new_page, site_url, kind, lang, "phone")
    unsized = page.eval_on_selector_all(
        "article img, article object",
        """els => els.filter(e => !(+e.getAttribute('width') > 0 && +e.getAttribute('height') > 0))
                     .map(e => e.getAttribute('src') || e.getAttribute('data'))""",
    )
    assert page.locator("article img, article object").count() > 0
    assert not unsized, unsized
