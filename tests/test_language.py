"""Language on the site: plural forms chosen by CLDR's rules, whole sentences without
doubled punctuation, each page's script and language, the chrome in the page's language."""

from __future__ import annotations

import csv
import string

import pytest
from babel import Locale
from langcheck import (
    chrome_problems,
    disagreements,
    double_periods,
    latin_words,
    pages,
    plural_messages,
    serbian_words,
    unexplained_abbreviations,
)

from build_scripts import i18n
from build_scripts.i18n import LANGUAGES, Translator, fill, plural_catalog
from build_scripts.paths import DATASETS

NUMBERS = range(0, 1001)


def cldr_integer_categories(babel: str) -> set[str]:
    locale = Locale.parse(babel)
    return {locale.plural_form(n) for n in NUMBERS}


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_every_plural_message_takes_the_cldr_form_for_0_to_1000(lang):
    """For every plural message and every n in 0..1000, the form shown is the one for
    n's CLDR category, the same category always gets the same form and every category
    has its own."""
    tr = Translator(lang)
    locale = Locale.parse(lang.babel)
    rule, forms = plural_catalog(lang.code)
    messages = plural_messages(lang.code)
    assert messages and {m.key for m in messages} == set(forms)
    categories = cldr_integer_categories(lang.babel)
    for message in messages:
        assert len(message.forms) == len(categories), message.key
        form_of_category: dict[str, str] = {}
        for n in NUMBERS:
            params = {
                name: "X"
                for form in message.forms
                for _, name, _, _ in string.Formatter().parse(form)
                if name
            }
            shown = tr.tn(message.key, n, **params)
            expected_form = message.forms[rule(n)]
            assert shown == fill(expected_form, **params), (message.key, n)
            category = locale.plural_form(n)
            assert form_of_category.setdefault(category, expected_form) == expected_form, (
                message.key,
                n,
                category,
            )
        # one form per category, in the catalog's order of categories
        assert len(form_of_category) == len(categories), message.key


def test_a_catalog_whose_plural_rule_is_not_cldrs_is_refused(tmp_path, monkeypatch):
    po = (i18n.LOCALES / "po" / "sr-Latn.po").read_text(encoding="utf-8")
    (tmp_path / "po").mkdir()
    (tmp_path / "po" / "sr-Latn.po").write_text(
        po.replace("nplurals=3; plural=(n%10==1", "nplurals=3; plural=(n%10==2"),
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    i18n.plural_catalog.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"sr-Latn\.po: Plural-Forms .* expected CLDR"):
            i18n.plural_catalog("sr-Latn")
    finally:
        i18n.plural_catalog.cache_clear()


def test_a_value_ending_in_an_abbreviation_takes_the_sentence_full_stop():
    assert fill("medijana: {median}.", median="2.579 din.") == "medijana: 2.579 din."
    assert fill("{year}. godina", year=2019) == "2019. godina"
    assert fill("{a}. {b}.", a="x", b="y") == "x. y."


def test_a_number_before_a_noun_agrees_in_every_language():
    cases = {
        "sr-Latn": {1: "1 od 1 opštine i grada", 24: "od 24 opštine", 25: "od 25 opština"},
        "sr-Cyrl": {1: "од 1 општине и града", 24: "од 24 општине", 25: "од 25 општина"},
        "en": {1: "of 1 municipality or city", 24: "of 24 municipalities", 25: "of 25 munic"},
    }
    for lang in LANGUAGES:
        tr = Translator(lang)
        for n, words in cases[lang.code].items():
            shown = tr.tn("service.where.lead", n, count=tr.number(1), total=tr.number(n))
            assert words in shown, (lang.code, n, shown)


# -- the built site ------------------------------------------------------------------------


def proper_names() -> list[str]:
    """Serbian names the data gives (LSGs, providers), longest first."""
    names = set()
    with (DATASETS / "lsg.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names.add(row["name_lat"])
    with (DATASETS / "services.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names.add(row["provider_name"])
    return sorted((n for n in names if n), key=len, reverse=True)


@pytest.fixture(scope="module")
def site_pages(built_site):
    return list(pages(built_site))


def report(problems: list[tuple[str, str]], limit: int = 15) -> str:
    shown = "\n".join(f"{page}: {what}" for page, what in problems[:limit])
    return f"{len(problems)} problems, the first:\n{shown}"


def test_no_doubled_full_stops(site_pages, built_site):
    problems = [
        (p.path.relative_to(built_site), found) for p in site_pages for found in double_periods(p)
    ]
    assert not problems, report(problems)


def test_numbers_before_nouns_agree(site_pages, built_site):
    messages = {lang.code: plural_messages(lang.code) for lang in LANGUAGES}
    problems = [
        (p.path.relative_to(built_site), found)
        for p in site_pages
        for found in disagreements(p, messages[p.lang])
    ]
    assert not problems, report(problems)


def test_cyrillic_pages_have_no_latin_words_but_the_kept_foreign_ones(site_pages, built_site):
    problems = [
        (p.path.relative_to(built_site), word) for p in site_pages for word in latin_words(p)
    ]
    assert not problems, report(problems)


def test_english_pages_have_no_serbian_words_but_proper_names(site_pages, built_site):
    names = proper_names()
    problems = [
        (p.path.relative_to(built_site), word)
        for p in site_pages
        for word in serbian_words(p, names)
    ]
    assert not problems, report(problems)


def test_chrome_is_in_the_page_language(site_pages, built_site):
    problems = [
        (p.path.relative_to(built_site), found) for p in site_pages for found in chrome_problems(p)
    ]
    assert not problems, report(problems)


def test_abbreviations_are_explained_where_they_are_used(site_pages, built_site):
    """The first JLS, MOS, ZSZ, RZS (LSG, IMC … in English) a reader meets in a page's
    main text stands in an <abbr title> that spells it out, wherever that first use is: a
    sentence, a heading, a table cell, a chart's title, text alternative or data table."""
    explained = {lang.code: Translator(lang).abbreviations() for lang in LANGUAGES}
    problems = [
        (str(page.path.relative_to(built_site)), word)
        for page in site_pages
        for word in unexplained_abbreviations(page.path, explained[page.lang])
    ]
    assert not problems, report(problems)


def test_the_first_use_of_an_abbreviation_is_explained_and_only_in_text():
    from build_scripts.pages.markup import explain_first_uses

    tr = Translator(LANGUAGES[0])
    page = (
        '---\ntitle: "Rashodi JLS"\n---\n# Rashodi JLS za `JLS`\n\n'
        '<code>JLS</code> <p title="JLS">Opet JLS, <abbr title="x">MOS</abbr>, RZS i MOS.</p>\n'
    )
    lsg, rzs = (f'<abbr title="{tr.abbreviations()[w]}">{w}</abbr>' for w in ("JLS", "RZS"))
    assert explain_first_uses(tr, page) == (
        '---\ntitle: "Rashodi JLS"\n---\n'
        f"# Rashodi {lsg} za `JLS`\n\n"
        f'<code>JLS</code> <p title="JLS">Opet JLS, <abbr title="x">MOS</abbr>, {rzs} i MOS.</p>\n'
    )
