"""Site search: Pagefind, run on the built site, and what the pages give it.

- Names: Pagefind folds č ć š ž but neither đ nor scripts (and the English index has no
  transliteration at all), so a page that readers look for by name (an LSG, a service, an
  indicator, a programme) carries its names in every language, each word in lower-case
  Latin, Cyrillic and ASCII forms, in a `names` meta field (`search_names` in the page's
  front matter, rendered by overrides/main.html; the forms are made by
  `translit.names_field`). "cuprija", "Ćuprija" and "Ћуприја" then
  all find Ćuprija, on the pages of every language.
- Strings: Pagefind's UI text per language, from the message
  catalogs, written as theme partials (`partials/search/<language>.html`).
- Index: `python -m pagefind` over the built site (one index per `<html lang>`), into
  `<site>/pagefind/`. The UI loads only when a reader opens the search (docs/assets/search.js).
Decision 0022.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from build_scripts.i18n import LANGUAGES, Translator

BUNDLE = "pagefind"
ENTRY = "pagefind-entry.json"

# Pagefind UI strings (its translation keys) and the catalog key of each; the catalog
# writes Pagefind's [COUNT], [SEARCH_TERM] and [DIFFERENT_TERM] as {count}, {term}, {other}
# (placeholders in braces survive the Cyrillic transliteration of the Serbian catalog).
UI_STRINGS = (
    "placeholder",
    "clear_search",
    "load_more",
    "search_label",
    "filters_label",
    "zero_results",
    "many_results",
    "one_result",
    "total_zero_results",
    "total_one_result",
    "total_many_results",
    "alt_search",
    "search_suggestion",
    "searching",
    "results_label",
    "keyboard_navigate",
    "keyboard_select",
    "keyboard_clear",
    "keyboard_close",
    "keyboard_search",
    "error_search",
    "input_hint",
    "loading",
)
PLACEHOLDERS = {"count": "[COUNT]", "term": "[SEARCH_TERM]", "other": "[DIFFERENT_TERM]"}


class SearchIndexFailed(RuntimeError):
    """Pagefind could not index the built site."""


def ui_strings(tr: Translator) -> dict[str, str]:
    return {key: tr.t("search.ui." + key, **PLACEHOLDERS) for key in UI_STRINGS}


def write_partials(overrides: Path) -> None:
    """`partials/search/<language>.html`: Pagefind's UI strings in that language, for the
    script that loads the search (the header's button takes Material's own label). JSON in
    a `<script>` element, "<" escaped so that no string can end the element; inside
    `{% raw %}`, as the partial is a template of the theme."""
    folder = overrides / "partials" / "search"
    folder.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        strings = json.dumps(ui_strings(Translator(lang)), ensure_ascii=False, sort_keys=True)
        strings = strings.replace("<", "\\u003c").replace("{%", "{\\u0025")
        html = (
            '{% raw %}<script type="application/json" id="search-strings">'
            + strings
            + "</script>{% endraw %}\n"
        )
        (folder / f"{lang.code}.html").write_text(html, encoding="utf-8")


def index(site: Path) -> dict[str, int]:
    """Run Pagefind over `site`; its bundle goes to `site/pagefind/`. Returns the number of
    pages indexed per language. SearchIndexFailed when Pagefind fails or indexes nothing."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", BUNDLE]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        raise SearchIndexFailed(f"{' '.join(command)}: {error}") from None
    output = (done.stdout + done.stderr).strip()
    if done.returncode != 0:
        raise SearchIndexFailed(f"Pagefind exited with {done.returncode}: {output[-2000:]}")
    _sort_entry(site / BUNDLE / ENTRY)
    counts = {lang.code: _pages_in(site / BUNDLE, lang.code) for lang in LANGUAGES}
    missing = [code for code, count in counts.items() if not count]
    if missing:
        raise SearchIndexFailed(
            f"Pagefind indexed no page in {', '.join(missing)}: {output[-2000:]}"
        )
    return counts


def _sort_entry(entry: Path) -> None:
    """Pagefind writes its entry file's languages in no fixed order; written sorted, the same
    pages give the same bytes (the site is reproducible file by file)."""
    if not entry.exists():
        return
    document = json.loads(entry.read_text(encoding="utf-8"))
    document["languages"] = dict(sorted(document["languages"].items()))
    entry.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")), "utf-8")


def _pages_in(bundle: Path, code: str) -> int:
    entry = bundle / ENTRY
    if not entry.exists():
        return 0
    languages = json.loads(entry.read_text(encoding="utf-8")).get("languages", {})
    return int(languages.get(code.lower(), {}).get("page_count", 0))
