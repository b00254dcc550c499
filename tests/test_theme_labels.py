"""Material's own labels in both Serbian scripts."""

import re

from build_scripts.mkdocs_build.overrides import prepare_overrides


def test_theme_labels_in_each_script(tmp_path):
    prepare_overrides(tmp_path / "overrides")
    languages = tmp_path / "overrides" / "partials" / "languages"
    latin = (languages / "sr-Latn.html").read_text(encoding="utf-8")
    cyrillic = (languages / "sr-Cyrl.html").read_text(encoding="utf-8")
    assert '"language": "sr-Latn"' in latin and '"language": "sr-Cyrl"' in cyrillic
    assert '"search.placeholder": "Pretraga"' in latin
    assert '"search.placeholder": "Претрага"' in cyrillic
    values = re.findall(r'^\s*"[^"]+": "(.*)",?$', latin, flags=re.MULTILINE)
    assert len(values) > 30
    assert not [v for v in values if re.search("[\u0400-\u04ff]", v)]


def test_serbian_theme_labels_have_no_english_and_cyrillic_ones_no_latin(tmp_path):
    from build_scripts.translit import to_cyrillic

    prepare_overrides(tmp_path / "overrides")
    languages = tmp_path / "overrides" / "partials" / "languages"
    for code in ("sr-Latn", "sr-Cyrl"):
        labels = (languages / f"{code}.html").read_text(encoding="utf-8")
        values = dict(re.findall(r'^\s*"([^"]+)": "(.*)",?$', labels, flags=re.MULTILINE))
        values.pop("language")
        english = [v for v in values.values() if re.search(r"clipboard|\bfeed\b|\bTabs\b", v)]
        assert not english, (code, english)
        if code == "sr-Cyrl":
            latin = [v for v in values.values() if to_cyrillic(v, keep_foreign=True) != v]
            assert not latin, latin
