"""Reading generated Markdown pages back: table rows, cells and chart text alternatives."""

from __future__ import annotations

import html
import re
from pathlib import Path

from build_scripts.i18n import Language

ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S)
CELL = re.compile(r"<t([dh])\b[^>]*>(.*?)</t\1>", re.S)
TAG = re.compile(r"<[^>]+>")


def page_path(out: Path, rel: str, lang: Language) -> Path:
    """The generated file of page `rel` ("lsg/ada.md") in one language."""
    return out / (rel[:-3] + lang.suffix + ".md")


def read_page(out: Path, rel: str, lang: Language) -> str:
    return page_path(out, rel, lang).read_text(encoding="utf-8")


def text(fragment: str) -> str:
    """What a reader sees of an HTML fragment: tags dropped, entities decoded."""
    return html.unescape(TAG.sub("", fragment)).strip()


def rows(page: str, containing: str = "") -> list[tuple[str, list[str]]]:
    """Every table row (its raw HTML and its cells as text) whose HTML contains `containing`."""
    return [
        (raw, [text(cell) for _, cell in CELL.findall(raw)])
        for raw in ROW.findall(page)
        if containing in raw and CELL.search(raw)
    ]


def row_linking(page: str, href_part: str) -> list[str]:
    """The cells of the one row whose HTML contains `href_part`."""
    found = rows(page, href_part)
    assert len(found) == 1, (href_part, len(found))
    return found[0][1]


def chart_alt(page: str, figure_id: str) -> str:
    """The text alternative of one chart on a page (the summary the image points at)."""
    found = re.search(rf'<p class="chart-summary" id="{re.escape(figure_id)}-desc">(.*?)</p>', page)
    assert found, figure_id
    return text(found.group(1))


def chart_table(page: str, figure_id: str) -> list[list[str]]:
    """The data table beside one chart, as rows of cell texts."""
    found = re.search(
        rf'<figure class="chart" id="{re.escape(figure_id)}">(.*?)</figure>', page, re.S
    )
    assert found, figure_id
    body = found.group(1).split("<tbody>", 1)[1]
    return [cells for _, cells in rows(body)]
