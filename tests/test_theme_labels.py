"""Material's own labels in both Serbian scripts."""

import re

from build_scripts.site import prepare_overrides


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
