"""Script and Markdown/HTML injection written into a data package's free-text fields (used by
tests/test_escaping.py and tests/browser/test_injection.py)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

PAYLOAD = (
    '<script>window.__pwned = "script"</script>'
    '<img src="data:," onerror="window.__pwned = \'onerror\'">'
    "[x](javascript:window.__pwned='link') {{ 7*7 }} **bold**"
)

# The free-text fields that stay schema-valid with PAYLOAD in them (the browser test builds the
# site as it would be published); tests/test_escaping.py injects every free-text field.
FREE_TEXT = {
    "lsg": ["name_lat", "name_en"],  # name_cyr must be Cyrillic: the schema refuses "<script>"
    "services": ["provider_name"],
    "programmes": [
        "name_sr",
        "name_en",
        "funder_sr",
        "funder_en",
        "implementer_sr",
        "implementer_en",
        "description_sr",
        "description_en",
    ],
    "service_types": ["name_sr", "name_en", "definition_sr", "definition_en"],
    "indicator_definitions": [
        "name_sr",
        "name_en",
        "definition_sr",
        "definition_en",
        "source_sr",
        "source_en",
    ],
    "sources": ["title", "publisher", "note"],
}


def inject(package_dir: Path, resource: str, columns: list[str]) -> None:
    """Append PAYLOAD to `columns` in every row of `resource`."""
    path = package_dir / f"{resource}.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for row in rows:
        for column in columns:
            row[column] = f"{row[column]} {PAYLOAD}"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
