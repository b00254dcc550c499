"""The text of a chart's SVG as a reader sees it: each `<text>` element with its size in
CSS pixels when the image is shown at a given width, and the box it covers (measured with
the font matplotlib draws it in, DejaVu Sans)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache

SVG = "{http://www.w3.org/2000/svg}"
PT_TO_PX = 4 / 3  # CSS: 1pt = 4/3 px
# The width a chart gets on a 390 px wide phone: the article column without its margins.
PHONE_COLUMN = 358


@dataclass(frozen=True)
class Text:
    text: str
    size: float  # font size in SVG user units
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in SVG user units


def _style(element) -> dict[str, str]:
    pairs = (part.split(":", 1) for part in element.get("style", "").split(";") if ":" in part)
    return {k.strip(): v.strip() for k, v in pairs}


@cache
def _measure(text: str, size: float, weight: str) -> tuple[float, float, float]:
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    prop = FontProperties(family="DejaVu Sans", size=size, weight=weight)
    return TextToPath().get_text_width_height_descent(text, prop, ismath=False)


def _class_rules(root) -> dict[str, dict[str, str]]:
    """Declarations of `.name{...}` rules in the SVG's <style> elements, by class name."""
    css = "".join("".join(style.itertext()) for style in root.iter(f"{SVG}style"))
    rules: dict[str, dict[str, str]] = {}
    for names, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        pairs = (part.split(":", 1) for part in body.split(";") if ":" in part)
        declarations = {k.strip(): v.strip() for k, v in pairs}
        for name in re.findall(r"^\s*\.([\w-]+)\s*$", names, re.M):
            rules.setdefault(name, {}).update(declarations)
    return rules


def _ancestors(root, element) -> list:
    parents = {child: parent for parent in root.iter() for child in parent}
    chain = []
    while element in parents:
        element = parents[element]
        chain.append(element)
    return chain


def texts(svg: str) -> list[Text]:
    root = ET.fromstring(svg)
    rules = _class_rules(root)
    found = []
    for element in root.iter(f"{SVG}text"):
        content = "".join(element.itertext())
        if not content.strip():
            continue
        style = {}
        for name in element.get("class", "").split():
            style.update(rules.get(name, {}))
        style.update(_style(element))
        size = float(style.get("font-size", "10px").removesuffix("px"))
        weight = style.get("font-weight", "normal")
        width, height, descent = _measure(content, size, weight)
        x, y = float(element.get("x", 0)), float(element.get("y", 0))
        for group in _ancestors(root, element):  # maps move their legend with translate()
            shifted = re.search(
                r"translate\((-?[\d.]+)[ ,]+(-?[\d.]+)\)", group.get("transform", "")
            )
            if shifted:
                x, y = x + float(shifted.group(1)), y + float(shifted.group(2))
        # matplotlib writes each line of a multi-line text at translate(x y)
        moved = re.search(r"translate\((-?[\d.]+)[ ,]+(-?[\d.]+)\)", element.get("transform", ""))
        if moved:
            x, y = x + float(moved.group(1)), y + float(moved.group(2))
        anchor = style.get("text-anchor", "start")
        x0 = x - {"start": 0, "middle": width / 2, "end": width}[anchor]
        box = (x0, y - height + descent, x0 + width, y + descent)
        angle = re.search(r"rotate\((-?[\d.]+)", element.get("transform", ""))
        if angle and abs(float(angle.group(1))) % 180 == 90:  # turned about (x, y)
            (a, b, c, d) = box
            box = (x - (y - b), y - (c - x), x + (d - y), y - (a - x))
            box = (
                min(box[0], box[2]),
                min(box[1], box[3]),
                max(box[0], box[2]),
                max(box[1], box[3]),
            )
        found.append(Text(content, size, box))
    return found


def shown_scale(svg: str, column: float = PHONE_COLUMN) -> float:
    """CSS pixels per SVG user unit when the image is shown in a column `column` px wide
    (an <img> with max-width: 100% is never enlarged beyond its own width)."""
    root = ET.fromstring(svg)
    width = root.get("width", "")
    natural = float(width.removesuffix("pt")) * PT_TO_PX if width.endswith("pt") else float(width)
    view_width = float(root.get("viewBox").split()[2])
    return min(column, natural) / view_width


def overlaps(found: list[Text], tolerance: float = 0.5) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes overlap by more than `tolerance` units both ways."""
    pairs = []
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            dx = min(a.box[2], b.box[2]) - max(a.box[0], b.box[0])
            dy = min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])
            if dx > tolerance and dy > tolerance:
                pairs.append((a.text, b.text))
    return pairs
