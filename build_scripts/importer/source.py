"""Import: the source every imported row names (`source_id`, a row of sources.csv).

An import needs a source: `--source ID` names a row of sources.csv, or, with
`--source-title` and `--source-publisher`, creates it (kind `report`). The demonstration
generator is never a source of imported figures.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from build_scripts.datapackage.rowsource import DEMO_KINDS
from build_scripts.importer.base import ImportUnusable

SOURCE_LANGUAGES = ("sr-Latn", "sr-Cyrl", "en")


@dataclass
class Source:
    id: str
    path: Path  # sources.csv
    new_data: bytes | None = None  # sources.csv with the new row, when the import creates it


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def resolve(
    sources_path: Path,
    source_id: str | None,
    title: str | None = None,
    publisher: str | None = None,
    language: str = "sr-Latn",
) -> Source:
    """The source of an import, checked against sources.csv (or created in it)."""
    source_id = (source_id or "").strip()
    if not source_id:
        raise ImportUnusable("source_missing", path=sources_path.name)
    known = {r["id"]: r for r in _rows(sources_path)}
    if source_id in known:
        if known[source_id]["kind"] in DEMO_KINDS:
            raise ImportUnusable("source_is_demo", id=source_id)
        if title and title.strip() != known[source_id]["title"]:
            raise ImportUnusable(
                "source_title_differs",
                id=source_id,
                found=title,
                expected=known[source_id]["title"],
            )
        return Source(source_id, sources_path)
    title, publisher = (title or "").strip(), (publisher or "").strip()
    if not title or not publisher:
        raise ImportUnusable("source_unknown", id=source_id, path=sources_path.name)
    if language not in SOURCE_LANGUAGES:
        raise ImportUnusable(
            "source_language", found=language, expected=", ".join(SOURCE_LANGUAGES)
        )
    raw = sources_path.read_bytes()
    text = raw.decode("utf-8-sig")
    buffer = io.StringIO()
    row = [source_id, title, publisher, "report", language, ""]
    csv.writer(buffer, lineterminator="\n").writerow(row)
    if text and not text.endswith("\n"):
        text += "\n"
    data = (text + buffer.getvalue()).encode("utf-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        data = b"\xef\xbb\xbf" + data
    return Source(source_id, sources_path, data)
