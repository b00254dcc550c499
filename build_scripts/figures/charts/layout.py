"""The size of a chart and where its words break, known from its spec alone: a page gives
every image its width and height before it is drawn (the page does not jump as it loads).

Charts are drawn for the width a phone shows them at: 5 inches are 360 SVG units, shown
358 CSS px wide in a 390 px screen's column, so a size in points is about the size in CSS
px there (and 4/3 of it on a desktop, where the image is shown at its own 480 px). No text
is smaller than TEXT_SIZE (11 CSS px on a phone, with a margin).

The footer (the demonstration notice in bold, then the source line) is wrapped at
FOOTER_CHARS characters, a comfortable line to read, and never wider than the image less
its margins, measured in the font it is drawn in: bold Cyrillic is wider than Latin, and a
line of 50 characters ran past the right edge. Titles and axis categories wrap by
characters.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

WIDTH = 5.0  # inches
POINTS = 72  # per inch: the SVG's user units
TEXT_SIZE, TITLE_SIZE = 11.5, 12.5  # points
FONT = "DejaVu Sans"
FOOTER_SIZE, FOOTER_LINE, FOOTER_CHARS = TEXT_SIZE, 0.2, 50  # points, inches, characters
FOOTER_X = 0.01  # the footer's left edge, and its right margin, as a share of the width
TITLE_CHARS, LABEL_CHARS = 40, 16  # characters per line of a title, of an axis' category

Spec = Mapping[str, Any]


def wrap(label: str, width: int = LABEL_CHARS) -> str:
    return textwrap.fill(label, width, break_long_words=False, break_on_hyphens=False)


@cache
def text_width(text: str, size: float, weight: str) -> float:
    """The width of `text` in points, drawn in FONT at `size` points and `weight`."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    prop = FontProperties(family=FONT, size=size, weight=weight)
    width, _height, _descent = TextToPath().get_text_width_height_descent(text, prop, False)
    return float(width)


@cache
def wrap_measured(text: str, width: float, size: float, weight: str, chars: int) -> tuple[str, ...]:
    """`text` in lines of at most `chars` characters and no wider than `width` points (a
    word longer than that stands alone on its line); words are never broken."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        fits = len(candidate) <= chars and text_width(candidate, size, weight) <= width
        if lines and fits:
            lines[-1] = candidate
        else:
            lines.append(word)
    return tuple(lines)


def footer_lines(about: Mapping[str, str]) -> list[tuple[str, str]]:
    """The footer's lines, top to bottom, with their weight: the notice, then the credit."""

    room = WIDTH * POINTS * (1 - 2 * FOOTER_X)
    notice = wrap_measured(about["notice"], room, FOOTER_SIZE, "bold", FOOTER_CHARS)
    credit = wrap_measured(about["credit"], room, FOOTER_SIZE, "normal", FOOTER_CHARS)
    return [(line, "bold") for line in notice] + [(line, "normal") for line in credit]


def footer_height(lines: list[tuple[str, str]]) -> float:
    return 0.12 + FOOTER_LINE * len(lines)


def ranks_labels(spec: Spec) -> list[str]:
    return [wrap(label, 24) for label in spec["labels"]]


# The height (inches) of each kind of chart above its footer.
HEIGHTS: dict[str, Callable[[Spec], float]] = {
    "bars_compare": lambda s: 1.6 + 0.6 * len(s["categories"]) * len(s["series"]) / 2,
    "lines": lambda s: 4.4,
    "ranks": lambda s: (
        1.2
        + 0.24 * sum(label.count("\n") + 1 for label in ranks_labels(s))
        + 0.16 * len(s["labels"])
    ),
    "ranking": lambda s: 1.6 + 0.215 * len(s["names"]),
    "histogram": lambda s: 3.4,
    "panels": lambda s: 6.4,
}


def figsize(spec: Spec) -> tuple[float, float]:
    """The chart's size in inches above its footer."""
    return WIDTH, HEIGHTS[spec["kind"]](spec)


def size(spec: Spec) -> tuple[int, int]:
    """The chart's SVG size in CSS pixels (96 per inch), footer included."""
    width, height = figsize(spec)
    height += footer_height(footer_lines(spec["about"]))
    return round(width * 96), round(height * 96)
