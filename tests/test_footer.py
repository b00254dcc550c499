"""The footer (Material's copyright partial, written per language by the build): who
publishes the site, the licence, where to report a mistake and, when the package names
one, a contact address, in each language."""

from __future__ import annotations

import json

import pytest

from build_scripts.i18n import LANGUAGES, Translator
from build_scripts.mkdocs_build import overrides
from build_scripts.paths import DATAPACKAGE


def branches(template: str) -> dict[str, str]:
    """Language code -> the footer HTML of that language (the `else` branch is the default
    language's)."""
    parts = template.split("{% ")
    found, code = {}, None
    for part in parts[1:]:
        head, _, body = part.partition(" %}")
        if head.startswith(("if", "elif")):
            code = head.split('"')[1]
        elif head.startswith("else"):
            code = LANGUAGES[0].code
        else:
            continue
        found[code] = body
    return found


@pytest.fixture
def package_with(tmp_path, monkeypatch):
    def make(**contributor: str):
        descriptor = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))
        descriptor["contributors"] = [{"title": "Maintainers", "role": "author", **contributor}]
        path = tmp_path / "datapackage.json"
        path.write_text(json.dumps(descriptor), encoding="utf-8")
        monkeypatch.setattr(overrides, "DATAPACKAGE", path)

    return make


def test_every_language_has_publisher_licence_and_report_link(package_with):
    package_with()
    footers = branches(overrides.footer_template())
    assert sorted(footers) == sorted(lang.code for lang in LANGUAGES)
    for lang in LANGUAGES:
        tr, html = Translator(lang), footers[lang.code]
        assert tr.t("footer.publisher", site=tr.t("site_name")).split("„")[0][:20] in html
        assert "CC BY 4.0" in html and "<a href=" in html
        assert "mailto:" not in html  # no address is invented


def test_a_contact_address_in_the_package_appears_in_every_language(package_with):
    package_with(email="podaci@example.rs")
    footers = branches(overrides.footer_template())
    for lang in LANGUAGES:
        expected = Translator(lang).t("footer.contact", email="\0").split("\0")[0]
        html = footers[lang.code]
        assert '<a href="mailto:podaci@example.rs">podaci@example.rs</a>' in html, lang.code
        assert expected in html, lang.code
