"""Message catalogs: every language has every message, and a missing one stops the build."""

import json
from pathlib import Path

import pytest

from build_scripts import i18n
from build_scripts.i18n import LANGUAGES, Translator
from build_scripts.paths import LOCALES


def catalog_files(code):
    return sorted(LOCALES.glob(f"**/{code}.json"))


def keys(path: Path) -> set[str]:
    return set(json.loads(path.read_text(encoding="utf-8"))) - {"_comment"}


def test_english_and_serbian_have_the_same_messages_in_every_area():
    latin = {p.parent: keys(p) for p in catalog_files("sr-Latn")}
    english = {p.parent: keys(p) for p in catalog_files("en")}
    assert latin.keys() == english.keys()
    for area in latin:
        assert latin[area] == english[area], (area, latin[area] ^ english[area])


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_a_missing_translation_stops_the_build(lang):
    with pytest.raises(KeyError, match="missing from the"):
        Translator(lang).t("no.such.message")


def test_a_message_missing_from_one_language_is_found(tmp_path, monkeypatch):
    for code, data in {"sr-Latn": {"a": "A", "b": "B"}, "en": {"a": "A"}}.items():
        (tmp_path / f"{code}.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    i18n.catalog.cache_clear()
    try:
        assert Translator(LANGUAGES[0]).t("b") == "B"
        with pytest.raises(KeyError):
            Translator(LANGUAGES[2]).t("b")
    finally:
        i18n.catalog.cache_clear()


def test_cyrillic_catalog_is_derived_and_keeps_foreign_words():
    cyrillic = Translator(LANGUAGES[1])
    assert cyrillic.t("nav.home") == "Почетна"
    assert "CSV" in cyrillic.t("chart.download_csv")
