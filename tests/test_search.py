"""The site search's share of the build: names in every script for Pagefind, the UI strings
per language, and the index run on the built site."""

import json
import re

import pytest

from build_scripts import translit
from build_scripts.i18n import LANGUAGES, Translator
from build_scripts.mkdocs_build import search


def test_word_forms_fold_scripts_and_diacritics():
    assert {"ćuprija", "cuprija", "ћуприја"} <= set(translit.word_forms("Ćuprija"))
    assert {"ћуприја", "ćuprija", "cuprija"} <= set(translit.word_forms("Ћуприја"))
    forms = set(translit.word_forms("Pomoć u kući"))
    assert {"pomoć", "pomoc", "помоћ", "kući", "kuci", "кући"} <= forms
    # đ is the one letter Pagefind does not fold: typed as dj or as d
    assert {"đurđevdan", "djurdjevdan", "durdevdan", "ђурђевдан"} <= set(
        translit.word_forms("Đurđevdan")
    )
    assert {"ljig", "љиг"} <= set(translit.word_forms("Ljig"))


def test_names_field_is_stable_and_without_repeats():
    field = translit.names_field(["Ćuprija", "Ћуприја", "Ćuprija"])
    assert field == translit.names_field(["Ćuprija", "Ћуприја", "Ćuprija"])
    assert len(field.split()) == len(set(field.split()))
    assert set(field.split()) == {"ćuprija", "ћуприја", "cuprija"}


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_ui_strings_come_from_the_catalog_in_the_pages_script(tmp_path, lang):
    search.write_partials(tmp_path)
    html = (tmp_path / "partials" / "search" / f"{lang.code}.html").read_text(encoding="utf-8")
    assert html.startswith("{% raw %}") and html.rstrip().endswith("{% endraw %}")
    payload = re.search(r'<script type="application/json" id="search-strings">(.*)</script>', html)
    strings = json.loads(payload.group(1))
    assert set(strings) == set(search.UI_STRINGS)
    tr = Translator(lang)
    assert strings["placeholder"] == tr.t("search.ui.placeholder")
    assert "[COUNT]" in strings["many_results"] and "[SEARCH_TERM]" in strings["many_results"]
    text = " ".join(strings.values())
    cyrillic = re.search(r"[\u0400-\u04ff]", text)
    assert bool(cyrillic) == lang.cyrillic, text


def test_a_string_cannot_end_its_script_element(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "ui_strings", lambda tr: {"placeholder": "</script><b>{% if x %}"})
    search.write_partials(tmp_path)
    html = (tmp_path / "partials" / "search" / "en.html").read_text(encoding="utf-8")
    assert (
        html.count("</script>") == 1 and "{%" not in html[len("{% raw %}") : -len("{% endraw %}\n")]
    )


def test_pagefind_entry_file_is_written_in_a_fixed_order(tmp_path):
    """Pagefind lists the languages of its entry file in any order; the same site must give
    the same bytes, so the build writes them sorted and changes nothing else."""
    entry = tmp_path / search.ENTRY
    languages = {code: {"hash": f"{code}_1", "page_count": 2} for code in ("sr-latn", "en", "x")}
    entry.write_text(json.dumps({"version": "1", "languages": languages, "z": ["‿"]}), "utf-8")
    search._sort_entry(entry)
    written = json.loads(entry.read_text(encoding="utf-8"))
    assert list(written["languages"]) == ["en", "sr-latn", "x"]
    assert written == {"version": "1", "languages": languages, "z": ["‿"]}


def test_the_built_entry_file_lists_languages_sorted(built_site):
    entry = json.loads((built_site / search.BUNDLE / search.ENTRY).read_text(encoding="utf-8"))
    assert list(entry["languages"]) == sorted(entry["languages"])
