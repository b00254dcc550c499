"""The docs tree MkDocs builds from (build/docs): the hand-written pages of docs/, each
Serbian Latin page with its Cyrillic twin, each ending with the definitions of the
abbreviations its language's catalog explains (Markdown's `abbr` extension then puts every
use in an <abbr title>); the pages stage writes the generated pages beside them."""

from __future__ import annotations

import shutil
from pathlib import Path

from build_scripts.i18n import LANGUAGES, Language, Translator
from build_scripts.paths import BUILD, DOCS
from build_scripts.translit import to_cyrillic

GENERATED_DOCS = BUILD / "docs"


def prepare_docs(out: Path = GENERATED_DOCS) -> None:
    """Hand-written docs/ copied in; each Serbian Latin page gets its Cyrillic twin."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(DOCS, out, ignore=shutil.ignore_patterns("decisions"))
    for page in out.rglob("*.md"):
        stem = page.name[:-3]
        if "." in stem:  # already a translation (x.en.md, x.sr-Cyrl.md)
            continue
        twin = page.with_name(f"{stem}.sr-Cyrl.md")
        if not twin.exists():
            prose = page.read_text(encoding="utf-8")
            twin.write_text(to_cyrillic(prose, keep_foreign=True), encoding="utf-8")
    definitions = {
        lang.code: "".join(
            f"\n*[{short}]: {long}" for short, long in Translator(lang).abbreviations().items()
        )
        for lang in LANGUAGES
    }
    for page in out.rglob("*.md"):
        with page.open("a", encoding="utf-8") as markdown:
            markdown.write("\n" + definitions[_language_of(page.name).code] + "\n")


def _language_of(name: str) -> Language:
    """The language of a hand-written page by its name: x.md, x.sr-Cyrl.md, x.en.md."""
    stem = name.removesuffix(".md")
    suffix = stem[len(stem.split(".")[0]) :]
    return next(lang for lang in LANGUAGES if lang.suffix == suffix)
