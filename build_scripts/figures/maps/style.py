"""The sizes, colours and CSS every map shares (CSS pixels; the base is drawn at 72 dpi,
so 1 pt = 1 px)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # matplotlib is imported only when a map is drawn
    from matplotlib.typing import RcKeyType

WIDTH = 396
MARGIN = 8
SIMPLIFY_PX = 0.4  # Douglas-Peucker tolerance on shared borders, in pixels at the drawn size
LEGEND_SLOTS = 7
MARKER_BELOW = 22  # the locator rings highlighted regions smaller than this (px)
LEGEND_TOP = 436  # first legend baseline, from the top of the map body
LEGEND_ROW = 14
SWATCH = 12
# A map is shown 358 px wide on a 390 px phone (0.9 of its own width): no text smaller than
# 12.5 px here is under 11 px there. The legend stands under the map, clear of the regions.
TITLE_SIZE, TITLE_LINE, TITLE_CHARS = 13.5, 17, 44
NOTE_SIZE, NOTE_LINE, NOTE_CHARS = 12.5, 15, 50
LEGEND_SIZE, LEGEND_GAP = 12.5, 22  # px; from the map's bottom to the legend heading's baseline
RC: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "socprot-maps",
    "path.simplify": False,
    "font.family": "DejaVu Sans",
}

# -- colours ----------------------------------------------------------------------------
YLGNBU = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]
CLASS_SUBSETS = {1: [3], 2: [1, 4], 3: [0, 2, 4], 4: [0, 1, 3, 4], 5: [0, 1, 2, 3, 4]}
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
AVAILABLE, UNAVAILABLE = "#225ea8", "#ffffcc"
OUTSIDE = "#e8e8e8"  # not taking part
BASE, HIGHLIGHT = "#d4d4d4", "#a63603"  # locator

STYLE = (
    "text{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;fill:#1a1a1a}"
    f".h{{font-size:{TITLE_SIZE}px;font-weight:700}}.l{{font-size:{LEGEND_SIZE}px}}"
    f".lh{{font-size:{LEGEND_SIZE}px;font-weight:700}}"
    f".f{{font-size:{NOTE_SIZE}px;fill:#404040}}"
    "path{stroke:#fff;stroke-width:.5;stroke-linejoin:round}"
    ".s{stroke:#4d4d4d;stroke-width:.7}"
    "a:hover path,a:focus path{stroke:#000;stroke-width:1.2}.x{fill:#f4f4f4}"
)
NO_DATA_PATTERN = (
    '<pattern id="nd" width="4" height="4" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="4" height="4" fill="#f0f0f0"/>'
    '<path d="M0 0v4" style="stroke:#8c8c8c;stroke-width:1.2"/></pattern>'
)


def outlined(colour: str) -> str:
    """The CSS of a region class whose fill is set off its grey neighbours by a dark outline
    (3:1 contrast even for the lighter Okabe-Ito colours)."""
    return f"fill:{colour};stroke:#1a1a1a;stroke-width:.6"
