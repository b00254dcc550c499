"""The theme overrides MkDocs builds with (build/overrides): the hand-written ones of
overrides/, Material's labels in both Serbian scripts and in English with the catalog's
corrections, the footer in each language, and the site search's UI strings."""

from __future__ import annotations

import json
import re
import shutil
from html import escape
from pathlib import Path

from build_scripts.address import repository_url
from build_scripts.i18n import LANGUAGES, Translator, catalog
from build_scripts.mkdocs_build import search
from build_scripts.paths import BUILD, DATAPACKAGE, ROOT
from build_scripts.translit import to_latin

GENERATED_OVERRIDES = BUILD / "overrides"
HAND_WRITTEN_OVERRIDES = ROOT / "overrides"
LABEL_LINE = re.compile(r'^(\s*"([^"]+)": )"(.*)"(,?)$', flags=re.MULTILINE)


def _corrected_labels(labels: str, code: str) -> str:
    """Material's label file with the catalog's corrections (`theme.<label key>`)."""
    messages = catalog(code)

    def fix(m: re.Match[str]) -> str:
        value = messages.get("theme." + m.group(2))
        if value is None:
            return m.group(0)
        return f"{m.group(1)}{json.dumps(value, ensure_ascii=False)}{m.group(4)}"

    return LABEL_LINE.sub(fix, labels)


def prepare_overrides(out: Path = GENERATED_OVERRIDES) -> None:
    """Theme overrides, plus Material's labels in both Serbian scripts (Material ships
    Serbian in Cyrillic only, `sr`, so the Latin file is derived from it) and in English,
    with the catalog's corrections, the footer in each language, and the site search's UI
    strings in every language."""
    import material

    if out.exists():
        shutil.rmtree(out)
    if HAND_WRITTEN_OVERRIDES.is_dir():
        shutil.copytree(HAND_WRITTEN_OVERRIDES, out)
    material_languages = Path(material.__file__).parent / "templates" / "partials" / "languages"
    cyrillic = (material_languages / "sr.html").read_text(encoding="utf-8")
    cyrillic = cyrillic.replace('"language": "sr"', '"language": "sr-Cyrl"')
    languages = out / "partials" / "languages"
    languages.mkdir(parents=True, exist_ok=True)
    (languages / "sr-Cyrl.html").write_text(
        _corrected_labels(cyrillic, "sr-Cyrl"), encoding="utf-8"
    )
    # The labels sit inside one Jinja expression, which transliteration leaves alone:
    # convert each quoted label value on its own.
    latin = LABEL_LINE.sub(
        lambda m: f'{m.group(1)}"{to_latin(m.group(3))}"{m.group(4)}', cyrillic
    ).replace('"language": "sr-Cyrl"', '"language": "sr-Latn"')
    (languages / "sr-Latn.html").write_text(_corrected_labels(latin, "sr-Latn"), encoding="utf-8")
    english = (material_languages / "en.html").read_text(encoding="utf-8")
    (languages / "en.html").write_text(_corrected_labels(english, "en"), encoding="utf-8")
    (out / "partials" / "copyright.html").write_text(footer_template(), encoding="utf-8")
    search.write_partials(out)  # the search's UI strings per language


def footer_template() -> str:
    """Material's copyright partial replaced: who publishes the site, the licence of data
    and text, how to report a mistake, in the page's language (from the catalogs)."""
    descriptor = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))
    licence = descriptor["licenses"][0]
    repository = repository_url()
    emails = [c["email"] for c in descriptor.get("contributors", []) if c.get("email")]
    branches = []
    # The default language last: the `else` branch, for a page without a language.
    for lang in sorted(LANGUAGES, key=lambda lang: lang.prefix == ""):
        tr = Translator(lang)

        def link(href: str, text: str) -> str:
            return f'<a href="{escape(href)}">{escape(text)}</a>'

        report_href = (
            f"{repository}/issues/new"
            if repository
            else "/" + lang.prefix + "contribute/"  # rewritten to a relative link below
        )
        paragraphs = [
            escape(tr.t("footer.publisher", site=tr.t("site_name"))),
            escape(tr.t("footer.licence", licence="\0")).replace(
                "\0", link(licence["path"], licence["name"].replace("-", " "))
            ),
            escape(tr.t("footer.report", link="\0", end="\1"))
            .replace("\0", f'<a href="{escape(report_href)}">')
            .replace("\1", "</a>"),
        ]
        if emails:
            paragraphs.append(
                escape(tr.t("footer.contact", email="\0")).replace(
                    "\0", link("mailto:" + emails[0], emails[0])
                )
            )
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        branches.append((lang.code, body))
    # The contribute page's address depends on the page's depth: Material's `base_url`.
    out = ['<div class="md-copyright">']
    for i, (code, body) in enumerate(branches):
        keyword = "if" if i == 0 else "elif"
        test = f'i18n_page_locale == "{code}"' if i < len(branches) - 1 else ""
        out.append(f"{{% {keyword} {test} %}}" if test else "{% else %}")
        out.append(body.replace('href="/', 'href="{{ base_url }}/'))
    out.append("{% endif %}</div>\n")
    return "\n".join(out)
