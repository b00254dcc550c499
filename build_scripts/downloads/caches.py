"""The two caches of the downloads, and the code their outputs depend on, declared here
once (`storage.ContentCache`: a change in any module, library or text catalog named gives
every key of both caches a new value).

- per LSG (`slices.lsg_files`): an LSG's zipped mini data package and workbook, keyed by
  its slice of the rows, the package description, the file names and the site address;
- the whole set (`write.write`): every file under site/data/, keyed by the package's
  files, its kept releases and the site address.
"""

from __future__ import annotations

from pathlib import Path

from build_scripts import i18n, messages
from build_scripts.storage import ContentCache

# The code the downloads are written with: one list for both caches (an LSG's files are
# made by a part of it; declaring all of it costs a rewrite of those files when another
# part changes, never a stale file).
CODE = (
    "downloads",
    "downloads.caches",
    "downloads.csvw",
    "downloads.dcat",
    "downloads.formats",
    "downloads.metadata",
    "downloads.names",
    "downloads.release_zip",
    "downloads.releases",
    "downloads.slices",
    "downloads.workbook",
    "downloads.write",
    "datapackage",
    "datapackage.rowsource",
    "i18n",
    "translit",
)
# Workbooks, the validation report, lists in the README sheet.
LIBRARIES = ("openpyxl", "frictionless", "babel")


def text_catalogs() -> list[Path]:
    """The message catalogs the downloads' texts come from (reader and maintainer text)."""
    return sorted(i18n.LOCALES.glob("**/*.json")) + messages.files()


def lsg_cache(root: Path | None) -> ContentCache:
    """Each LSG's files (root None: nothing is kept)."""
    return ContentCache(
        "downloads-lsg", code=CODE, libraries=LIBRARIES, files=text_catalogs(), root=root
    )


def whole_set_cache(root: Path | None) -> ContentCache:
    """Every download at once (root None: nothing is kept)."""
    return ContentCache(
        "downloads", code=CODE, libraries=LIBRARIES, files=text_catalogs(), root=root
    )
