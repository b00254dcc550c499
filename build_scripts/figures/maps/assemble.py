"""One map's SVG from the base and its spec: pure string building, no matplotlib.

A spec (see context.py) holds the title, description, legend, region classes and links,
notes and provenance of one map in one language; the base (base.py) holds the geometry."""

from __future__ import annotations

import html
import math
import textwrap
from typing import Any

from build_scripts.figures import Provenance, svg_metadata
from build_scripts.figures.maps.base import Base
from build_scripts.figures.maps.style import (
    LEGEND_GAP,
    LEGEND_ROW,
    LEGEND_TOP,
    MARGIN,
    MARKER_BELOW,
    NO_DATA_PATTERN,
    NOTE_CHARS,
    NOTE_LINE,
    NOTE_SIZE,
    STYLE,
    TITLE_CHARS,
    TITLE_LINE,
    TITLE_SIZE,
    WIDTH,
)

Spec = dict[str, Any]  # the SVG part of a MapSpec (JSON-like: it is part of the cache key)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _wrap(text: str, chars: int) -> list[str]:
    return textwrap.wrap(text, chars, break_on_hyphens=False) or [""]


def legend_shift(map_height: float) -> int:
    """How far the legend drawn by `render_base` (beside the map, from LEGEND_TOP) moves
    down to stand under the map."""
    return math.ceil(map_height + LEGEND_GAP - LEGEND_TOP)


def _layout(spec: Spec, base: Base) -> tuple[list[str], list[str], int, int, int]:
    """Title lines, note lines, header height, body height and total height of a map."""
    title = _wrap(spec["title"], TITLE_CHARS)
    notes = [line for note in spec["notes"] for line in _wrap(note, NOTE_CHARS)]
    header = 6 + TITLE_LINE * len(title) + 6
    shift = legend_shift(base["map_height"])
    legend_bottom = LEGEND_TOP + shift + len(spec["legend"]) * LEGEND_ROW + 6
    body = math.ceil(max(base["map_height"], legend_bottom)) + 4
    total = header + body + 4 + NOTE_LINE * len(notes) + 4
    return title, notes, header, body, total


def figure_height(spec: Spec, base_height: int) -> int:
    return _layout(spec, {"map_height": base_height})[4]


def _markers(spec: Spec, base: Base) -> tuple[list[str], str]:
    """The locator's rings around small regions, and the CSS that shows the targeted one.

    The rings are siblings after the region links, so they are drawn on top of every region,
    and `#lsg-X:target ~ #m-X` shows the ring of the region the URL fragment names."""
    if not spec.get("markers"):
        return [], ""
    circles, selectors = [], []
    for code, _, _, _ in spec["regions"]:
        x0, y0, x1, y1 = base["boxes"][code]
        if max(x1 - x0, y1 - y0) < MARKER_BELOW:
            cx, cy = round((x0 + x1) / 2, 1), round((y0 + y1) / 2, 1)
            circles.append(f'<circle id="m-{code}" class="m" cx="{cx:g}" cy="{cy:g}" r="11"/>\n')
            selectors.append(f"#lsg-{code}:target~#m-{code}")
    return circles, f"{','.join(selectors)}{{display:inline}}" if selectors else ""


def _legend(spec: Spec, base: Base) -> list[str]:
    """The legend under the map: heading, then a swatch and a label per entry."""
    out = [f'<g id="legend" transform="translate(0 {legend_shift(base["map_height"])})">\n']
    slots = [(None, spec["heading"])] + [tuple(entry) for entry in spec["legend"]]
    for slot, (cls, label) in enumerate(slots):
        x, y = base["texts"][slot]
        if cls:
            out.append(f'<path class="s {cls}" d="{base["swatches"][slot]}"/>')
        if label:
            out.append(
                f'<text class="{"l" if slot else "lh"}" x="{x}" y="{y}">{_esc(label)}</text>\n'
            )
    out.append("</g>\n")
    return out


def _regions(spec: Spec, base: Base) -> list[str]:
    """Regions without a page (grey), then every region as a link with its title."""
    out = [f'<path class="x" d="{base["regions"][code]}"/>\n' for code in spec["unlinked"]]
    for code, href, region_title, cls in spec["regions"]:
        out.append(
            f'<a id="lsg-{code}" xlink:href="{_esc(href)}" target="_top">'
            f"<title>{_esc(region_title)}</title>"
            f'<path class="{cls}" d="{base["regions"][code]}"/></a>\n'
        )
    return out


def assemble(spec: Spec, base: Base) -> bytes:
    """One map's SVG from the base and a spec: pure string building, no matplotlib."""
    title, notes, header, body, total = _layout(spec, base)
    circles, marker_css = _markers(spec, base)
    css = STYLE + "".join(f".{name}{{{rule}}}" for name, rule in spec["classes"])
    css += spec.get("css", "") + marker_css
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{WIDTH}" height="{total}" viewBox="0 0 {WIDTH} {total}" '
        f'xml:lang="{spec["lang"]}" aria-labelledby="map-title map-desc">\n',
        f'<title id="map-title">{_esc(spec["title"])}</title>\n',
        f'<desc id="map-desc">{_esc(spec["desc"])}</desc>\n',
        svg_metadata(Provenance(**spec["about"])) + "\n",
        f"<defs><style>{css}</style>{NO_DATA_PATTERN if 'url(#nd)' in css else ''}</defs>\n",
        f'<rect width="{WIDTH}" height="{total}" fill="#fff"/>\n',
    ]
    for i, line in enumerate(title):
        out.append(f'<text class="h" x="{MARGIN}" y="{6 + TITLE_SIZE + i * TITLE_LINE}">')
        out.append(f"{_esc(line)}</text>\n")
    out.append(f'<g transform="translate(0 {header})">\n<g id="regions">\n')
    out.extend(_regions(spec, base))
    out.extend(circles)
    out.append("</g>\n")
    out.extend(_legend(spec, base))
    out.append("</g>\n")
    for i, line in enumerate(notes):
        y = header + body + 4 + NOTE_SIZE + i * NOTE_LINE
        out.append(f'<text class="f" x="{MARGIN}" y="{y}">{_esc(line)}</text>\n')
    out.append("</svg>\n")
    return "".join(out).encode("utf-8")
