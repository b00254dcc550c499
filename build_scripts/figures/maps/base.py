"""The one matplotlib render every map is assembled from.

All regions, the legend swatches and the legend text slots are drawn once, for every map
and language; the SVG matplotlib writes is read back into a *base*: each region's path
(compacted, see svgpath.py), its bounding box and the legend positions."""

from __future__ import annotations

import io
import math
import re
from typing import Any

import numpy as np

from build_scripts.figures.maps.geometry import KX, Feature, extent, simplify
from build_scripts.figures.maps.style import (
    LEGEND_ROW,
    LEGEND_SLOTS,
    LEGEND_TOP,
    MARGIN,
    RC,
    SIMPLIFY_PX,
    SWATCH,
    WIDTH,
)
from build_scripts.figures.maps.svgpath import compact_path, parse_path

Base = dict[str, Any]  # as render_base returns it (and the cache keeps it, as JSON)


def scale_and_height(features: list[Feature]) -> tuple[float, float]:
    """Pixels per projected unit, and the height of the map body in pixels."""
    x0, x1, y0, y1 = extent(features)
    scale = (WIDTH - 2 * MARGIN) / (x1 - x0)
    return scale, (y1 - y0) * scale


def _draw(
    features: list[Feature],
    limits: tuple[float, float, float, float],
    height: int,
    map_height: float,
) -> str:
    """The regions (one PathPatch each, with an id and a placeholder link) and the legend
    slots, as the SVG matplotlib writes; `limits` is the extent before simplification."""
    import matplotlib
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.patches import PathPatch, Rectangle
    from matplotlib.path import Path as MplPath

    x0, x1, y0, y1 = limits
    with matplotlib.rc_context(RC):
        fig = MplFigure(figsize=(WIDTH / 72, height / 72), dpi=72)
        ax = fig.add_axes(
            (MARGIN / WIDTH, 1 - map_height / height, 1 - 2 * MARGIN / WIDTH, map_height / height)
        )
        ax.set_axis_off()
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        for code, polygons in features:
            vertices: list[tuple[float, float]] = []
            codes: list[np.uint8] = []
            for polygon in polygons:
                for ring in polygon:
                    vertices.extend((x * KX, y) for x, y in ring)
                    codes.extend(
                        [MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 2) + [MplPath.CLOSEPOLY]
                    )
            patch = PathPatch(MplPath(vertices, codes), facecolor="#777777", clip_on=False)
            patch.set_gid(f"lsg-{code}")
            patch.set_url(f"lsg:{code}")
            ax.add_patch(patch)
        for slot in range(LEGEND_SLOTS):
            baseline = LEGEND_TOP + slot * LEGEND_ROW
            if slot:  # slot 0 is the heading
                swatch = Rectangle(
                    (MARGIN, height - baseline - 1),
                    SWATCH,
                    SWATCH - 2,
                    transform=None,
                    facecolor="#777777",
                    gid=f"swatch-{slot}",
                )
                fig.add_artist(swatch)
            x = MARGIN + (SWATCH + 5 if slot else 0)
            fig.text(x / WIDTH, 1 - baseline / height, f"@@{slot}@@", gid=f"legend-{slot}")
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _read(svg: str, codes: set[str]) -> tuple[dict, dict, dict, dict]:
    """Regions, their boxes, swatches and legend text positions from matplotlib's SVG."""
    regions, boxes = {}, {}
    for code, d in re.findall(
        r'<g id="lsg-(\d+)">\s*<a xlink:href="lsg:\1"[^>]*>\s*<path d="([^"]+)"', svg
    ):
        rings = parse_path(d)
        regions[code] = compact_path(rings)
        xs = [x for ring in rings for x, _ in ring]
        ys = [y for ring in rings for _, y in ring]
        boxes[code] = [min(xs) / 10, min(ys) / 10, max(xs) / 10, max(ys) / 10]
    swatches = {
        int(slot): compact_path(parse_path(d))
        for slot, d in re.findall(r'<g id="swatch-(\d+)">\s*<path d="([^"]+)"', svg)
    }
    texts = {
        int(slot): [x, y]
        for slot, x, y in re.findall(
            r'<g id="legend-(\d+)">\s*<text\b[^>]*?\bx="([-\d.]+)" y="([-\d.]+)"', svg
        )
    }
    if set(regions) != codes or len(texts) != LEGEND_SLOTS:
        raise RuntimeError("unexpected SVG from matplotlib: regions or legend slots missing")
    return regions, boxes, swatches, texts


def render_base(features: list[Feature]) -> Base:
    """The one matplotlib render: all regions, legend swatches and legend text slots.

    Returns the base every map is assembled from: {"height", "map_height", "regions":
    {code: path data}, "boxes": {code: [x0, y0, x1, y1]}, "swatches": [path data or None per
    legend slot], "texts": [[x, y] per legend slot]}, in CSS pixels of the map body."""
    scale, map_height = scale_and_height(features)
    height = math.ceil(max(map_height, LEGEND_TOP + (LEGEND_SLOTS - 1) * LEGEND_ROW) + 6)
    simplified = simplify(features, SIMPLIFY_PX / scale)
    svg = _draw(simplified, extent(features), height, map_height)
    regions, boxes, swatches, texts = _read(svg, {code for code, _ in simplified})
    return {
        "height": height,
        "map_height": math.ceil(map_height),
        "regions": regions,
        "boxes": boxes,
        "swatches": [swatches.get(slot) for slot in range(LEGEND_SLOTS)],
        "texts": [texts[slot] for slot in range(LEGEND_SLOTS)],
    }
