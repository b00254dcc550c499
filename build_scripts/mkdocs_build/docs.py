"""The docs tree MkDocs builds from (build/docs): the hand-written pages of docs/, each
Serbian Latin page with its Cyrillic twin; the pages stage writes the generated pages
beside them."""

from __future__ import annotations

import shutil
from pathlib import Path

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
