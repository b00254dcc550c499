"""Maps of Serbia's LSGs as static SVG, every region a link to its LSG page (see `pipeline`).

API (what the page writer calls)::

    maps = MapSet(data, out_dir=<build>/docs/charts, cache_dir=CACHE)
    maps.render()                        # -> {"rendered": n, "cached": m, "files": k}
    maps.indicator(code, lang)           # choropleth of one indicator, latest year
    maps.service(service_type_code, lang)  # where a service exists, latest year
    maps.programme(programme_code, lang)   # which LSGs take part, in which role
    maps.locator(lsg_code, lang)         # where an LSG is (also Belgrade city municipalities)

Each method returns a `figures.Figure` with ``interactive=True``, ``src``/``csv`` relative to
the site root (``charts/map-indicator-<code>--<lang>.svg`` and ``.csv``; codes with ``_``
written with ``-``), the data table in the page's language and script (Cyrillic names from the
data, values formatted by Babel), an ``alt`` text written from the data, ``width``/``height``
(the SVG's own size in CSS pixels) and ``notes`` = [boundary attribution (ODbL), the Kosovo and
Metohija note]; the page must show the notes. Every file stands on its own (decision 0012): the
SVG also shows the demonstration notice (indicator and service maps) and a source line with the
data version and both licences (CC BY 4.0 for the data, ODbL 1.0 for the boundaries), and carries
them in ``<metadata>``; every CSV row ends with the same provenance columns as a chart's. The methods are cheap and write nothing;
``render()`` writes every map file of every language into ``out_dir`` (one directory for all
languages, the language is in the file name) and deletes stale ``map-*`` files there.

Embedding: the SVGs contain links, so a page must embed them with
``<object type="image/svg+xml" data="{root}{src}" width="{width}" height="{height}">`` (not
``<img>``, which disables links), with the figure's title as the object's accessible name
(``aria-label``) and fallback content inside (e.g. the alt text). To shrink on phones:
``max-width:100%;height:auto;aspect-ratio:{width}/{height}``. Region links are relative to the SVG file (``../lsg/<slug>/``,
``../sr-Cyrl/lsg/<slug>/``, ``../en/lsg/<slug>/``) and carry ``target="_top"``, so a click opens
the LSG page in the window, not inside the object. The locator is one SVG per language:
``src`` ends with ``#lsg-<code>`` and a ``:target`` rule in the SVG highlights that region, so
the fragment must stay in ``data``. Inside every SVG: ``<title>`` and ``<desc>`` are the first
children of the root (``aria-labelledby`` points at them), every region link has a ``<title>``
(name and value: its accessible name and tooltip), all text is real ``<text>``.

How it is made, and why it is fast:

- the boundaries are simplified per shared border (Douglas-Peucker, 0.4 px at the drawn
  size; each border once for both neighbours, so no gaps open): 21,197 vertices -> ~10,000;
- the geometry is drawn by matplotlib exactly once, for all maps and languages (one
  ``PathPatch`` per LSG with ``set_gid``/``set_url``, legend swatches and legend text slots);
  the SVG it writes is parsed into a *base* (each region's path, compacted to relative
  coordinates on a 0.1 px grid; the legend positions) and cached as JSON;
- every map in every language is then assembled from the base by string building: region
  classes (colours come from a ``<style>`` block), links, titles, legend and notes;
- content-addressed cache (``cache_dir/maps``): the key of a map is the SHA-256 of everything
  that goes into it (the data and texts of its spec), of the base's key (the boundaries file,
  the source of this file and of figures.py, the matplotlib version); a map whose key is cached is copied, and when
  every map is cached, matplotlib is not even imported;
- deterministic: ``svg.hashsalt`` fixed, no date, sorted inputs, no clock.

Colours: choropleths use up to five quantile classes of ColorBrewer YlGnBu (colour-blind safe,
light to dark); "no data" is hatched grey; availability maps use two very different luminances;
programme maps use Okabe-Ito colours per role combination. Nothing relies on colour alone:
legend with class ranges and counts, a title on every region, the data table.

Kosovo and Metohija are not in the boundary file (RZS has published no data for them since
1999); every map says so in its notes and in the SVG. A boundary whose LSG is not in the data
(small test packages) is drawn grey and without a link; an LSG without a boundary is an error.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import math
import os
import re
import textwrap
from dataclasses import dataclass, field
from functools import cached_property
from importlib.metadata import version
from pathlib import Path

import pandas as pd
from babel.lists import format_list

from build_scripts.datapackage.rowsource import STATUSES
from build_scripts.derive import Derived, none_if_missing, slug
from build_scripts.figures import (
    CHARTS_DIR,
    Figure,
    Provenance,
    package_licence,
    provenance,
    svg_metadata,
    table_csv,
)
from build_scripts.i18n import LANGUAGES, Language, Translator
from build_scripts.paths import DATASETS
from build_scripts.translit import fold

GEOJSON = DATASETS / "boundaries" / "lsg_boundaries.geojson"
BELGRADE = "79014"

# -- layout (CSS pixels; the figure is drawn at 72 dpi, so 1 pt = 1 px) -----------------
WIDTH = 396
MARGIN = 8
KX = math.cos(math.radians(44.0))  # lon/lat with the aspect of ~44 degrees north
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
RC = {
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
ROLE_ORDER = ("imc_lead", "imc_partner", "grant_partner", "technical_assistance")
EAST_WEST = 0.4  # see positions()

ATTRIBUTION_PARAMS = {
    "osm": "OpenStreetMap",
    "licence": "ODbL 1.0",
    "gb": "geoBoundaries",
    "gb_site": "geoboundaries.org",
    "author": "Runfola",  # the citation "Runfola et al. 2020", in each language's form
    "year": "2020",
    "dataset": "SRB ADM2, 2017",
}
BOUNDARY_LICENCE = "ODbL-1.0 https://opendatacommons.org/licenses/odbl/1-0/"
# Map files are keyed by figures/__init__.py too: it writes their provenance and metadata.
FIGURES_CODE = hashlib.sha256(Path(__file__).with_name("__init__.py").read_bytes()).hexdigest()
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
FILE_RE = re.compile(
    r"^map-(?:indicator|service|programme|lsg)[-\w]*--(?:"
    + "|".join(re.escape(lang.code) for lang in LANGUAGES)
    + r")\.(?:svg|csv)$"
)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _sha(*parts: object) -> str:
    payload = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# -- geometry -----------------------------------------------------------------------------


def load_features(path: Path = GEOJSON) -> list[tuple[str, list]]:
    """(code, polygons) per feature, sorted by code; polygons as lists of lon/lat rings."""
    data = json.loads(path.read_text(encoding="utf-8"))
    features = []
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        features.append((str(feature["properties"]["code"]), polygons))
    return sorted(features)


def _centroid(polygons: list) -> tuple[float, float, float]:
    """Area-weighted centroid (projected x, latitude) and area of the outer rings."""
    area = cx = cy = 0.0
    for polygon in polygons:
        ring = [(x * KX, y) for x, y in polygon[0]]
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
    area /= 2
    return cx / (6 * area), cy / (6 * area), abs(area)


def neighbours(features: list[tuple[str, list]]) -> dict[str, set[str]]:
    """LSGs that share a border (at least two boundary vertices: the coverage is clean)."""
    owners: dict[tuple[float, float], set[str]] = {}
    for code, polygons in features:
        for polygon in polygons:
            for ring in polygon:
                for point in ring:
                    owners.setdefault((point[0], point[1]), set()).add(code)
    shared: dict[tuple[str, str], int] = {}
    for codes in owners.values():
        for a in codes:
            for b in codes:
                if a < b:
                    shared[(a, b)] = shared.get((a, b), 0) + 1
    result: dict[str, set[str]] = {code: set() for code, _ in features}
    for (a, b), count in shared.items():
        if count >= 2:
            result[a].add(b)
            result[b].add(a)
    return result


def _douglas_peucker(points: list[tuple[float, float]], tolerance: float) -> list[int]:
    """Indices of the points Douglas-Peucker keeps (always the first and the last)."""
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        best, index = -1.0, None
        for i in range(a + 1, b):
            px, py = points[i]
            if length:
                distance = abs(dy * (px - ax) - dx * (py - ay)) / length
            else:
                distance = math.hypot(px - ax, py - ay)
            if distance > best:
                best, index = distance, i
        if index is not None and best > tolerance:
            keep.add(index)
            stack.extend(((a, index), (index, b)))
    return sorted(keep)


def simplify(features: list[tuple[str, list]], tolerance: float) -> list[tuple[str, list]]:
    """Douglas-Peucker on the shared borders, not on each ring: every border between two
    regions is simplified once and used by both, so no gaps or overlaps open between them.

    A vertex is a junction where the set of regions around it changes along a ring; the
    stretches between junctions are simplified in a canonical direction. Coordinates are
    lon/lat; the tolerance is in projected units (x scaled by KX)."""
    owners: dict[tuple, set[str]] = {}
    for code, polygons in features:
        for polygon in polygons:
            for ring in polygon:
                for point in ring[:-1]:
                    owners.setdefault(tuple(point), set()).add(code)
    junctions: set[tuple] = set()
    for _, polygons in features:
        for polygon in polygons:
            for ring in polygon:
                points = [tuple(p) for p in ring[:-1]]
                n = len(points)
                for i, point in enumerate(points):
                    here = owners[point]
                    if (
                        len(here) > 2
                        or here != owners[points[i - 1]]
                        or here != owners[points[(i + 1) % n]]
                    ):
                        junctions.add(point)
    for _, polygons in features:  # rings without a junction (islands, enclaves)
        for polygon in polygons:
            for ring in polygon:
                points = [tuple(p) for p in ring[:-1]]
                if not junctions.intersection(points):
                    junctions.add(min(points))
    done: dict[tuple, list[tuple]] = {}

    def stretch(points: list[tuple]) -> list[tuple]:
        flipped = points[::-1]
        canonical = min(points, flipped)
        if tuple(canonical) not in done:
            projected = [(x * KX, y) for x, y in canonical]
            kept = [canonical[i] for i in _douglas_peucker(projected, tolerance)]
            done[tuple(canonical)] = kept
        kept = done[tuple(canonical)]
        return kept if canonical is points else kept[::-1]

    result = []
    for code, polygons in features:
        new_polygons = []
        for polygon in polygons:
            new_rings = []
            for ring in polygon:
                points = [tuple(p) for p in ring[:-1]]
                start = next(i for i, p in enumerate(points) if p in junctions)
                points = points[start:] + points[:start] + [points[start]]
                cuts = [i for i, p in enumerate(points) if p in junctions]
                kept = [points[0]]
                for a, b in zip(cuts, cuts[1:], strict=False):
                    kept.extend(stretch(points[a : b + 1])[1:])
                if len(set(kept)) < 3:  # too small to simplify: keep it as it is
                    kept = points
                new_rings.append([list(p) for p in kept])
            new_polygons.append(new_rings)
        result.append((code, new_polygons))
    return result


def positions(features: list[tuple[str, list]]) -> dict[str, str]:
    """Where each LSG lies in Serbia: "n", "ne", "e", ..., or "c" (the middle).

    North, middle or south by the latitude of its centroid (thirds of Serbia's extent); then
    east or west relative to the extent of that band (Vojvodina is wider than the south),
    beyond 40 % of its half-width from the band's middle."""
    centroids = {code: _centroid(polygons) for code, polygons in features}
    extent: dict[str, list[float]] = {}
    ys = [p[1] for _, polys in features for poly in polys for ring in poly for p in ring]
    middle, half = (min(ys) + max(ys)) / 2, (max(ys) - min(ys)) / 2
    band = {}
    for code, polygons in features:
        v = (centroids[code][1] - middle) / half
        band[code] = "n" if v > 1 / 3 else "s" if v < -1 / 3 else ""
        xs = [p[0] * KX for poly in polygons for ring in poly for p in ring]
        low_high = extent.setdefault(band[code], [math.inf, -math.inf])
        low_high[0], low_high[1] = min(low_high[0], *xs), max(low_high[1], *xs)
    result = {}
    for code, (x, _, _) in centroids.items():
        low, high = extent[band[code]]
        u = (x - (low + high) / 2) / ((high - low) / 2)
        side = "e" if u > EAST_WEST else "w" if u < -EAST_WEST else ""
        result[code] = band[code] + side or "c"
    return result


def _fmt(tenths: int) -> str:
    """A coordinate in tenths of a pixel, as short as SVG allows: -4 -> "-.4", 12 -> "1.2"."""
    sign = "-" if tenths < 0 else ""
    whole, frac = divmod(abs(tenths), 10)
    if not frac:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{frac}"


def _join(numbers: list[str]) -> str:
    """Numbers of one path command, with a space only where SVG needs one ("1.2.4" is 1.2, .4)."""
    out: list[str] = []
    previous = None
    for number in numbers:
        if previous is not None and number[0] != "-":
            if number[0] != "." or "." not in previous:
                out.append(" ")
        out.append(number)
        previous = number
    return "".join(out)


def parse_path(d: str) -> list[list[tuple[int, int]]]:
    """Matplotlib's absolute path data -> rings of points in tenths of a pixel."""
    tokens = re.findall(r"[MLz]|-?\d+(?:\.\d+)?", d)
    rings: list[list[tuple[int, int]]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in "ML":
            point = (
                math.floor(float(tokens[i + 1]) * 10 + 0.5),
                math.floor(float(tokens[i + 2]) * 10 + 0.5),
            )
            if token == "M":
                rings.append([point])
            elif rings[-1][-1] != point:
                rings[-1].append(point)
            i += 3
        else:
            i += 1
    return rings


def compact_path(rings: list[list[tuple[int, int]]]) -> str:
    """Rings in tenths of a pixel -> short relative path data on a 0.1 px grid.

    Neighbouring regions share their border vertices, and snapping every vertex to the same
    grid keeps the shared borders identical, so no gaps open between regions."""
    parts: list[str] = []
    start = None
    for ring in rings:
        if len(ring) > 1 and ring[-1] == ring[0]:
            ring = ring[:-1]
        if len(ring) < 3:
            continue
        x0, y0 = ring[0]
        if start is None:
            parts.append("M" + _join([_fmt(x0), _fmt(y0)]))
        else:
            parts.append("m" + _join([_fmt(x0 - start[0]), _fmt(y0 - start[1])]))
        start = ring[0]
        command, numbers = "", []
        px, py = x0, y0
        for x, y in ring[1:]:
            dx, dy = x - px, y - py
            if dy == 0:
                segment = ("h", [_fmt(dx)])
            elif dx == 0:
                segment = ("v", [_fmt(dy)])
            else:
                segment = ("l", [_fmt(dx), _fmt(dy)])
            if segment[0] != command:
                if numbers:
                    parts.append(command + _join(numbers))
                command, numbers = segment[0], []
            numbers.extend(segment[1])
            px, py = x, y
        if numbers:
            parts.append(command + _join(numbers))
        parts.append("z")
    return "".join(parts)


def render_base(features: list[tuple[str, list]]) -> dict:
    """The one matplotlib render: all regions, legend swatches and legend text slots.

    Returns the base every map is assembled from: {"height", "map_height", "regions":
    {code: path data}, "boxes": {code: [x0, y0, x1, y1]}, "swatches": [path data or None per
    legend slot], "texts": [[x, y] per legend slot]}, in CSS pixels of the map body."""
    import matplotlib
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.patches import PathPatch, Rectangle
    from matplotlib.path import Path as MplPath

    xs = [p[0] * KX for _, polys in features for poly in polys for ring in poly for p in ring]
    ys = [p[1] for _, polys in features for poly in polys for ring in poly for p in ring]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    scale = (WIDTH - 2 * MARGIN) / (x1 - x0)
    map_height = (y1 - y0) * scale
    height = math.ceil(max(map_height, LEGEND_TOP + (LEGEND_SLOTS - 1) * LEGEND_ROW) + 6)
    features = simplify(features, SIMPLIFY_PX / scale)
    with matplotlib.rc_context(RC):
        fig = MplFigure(figsize=(WIDTH / 72, height / 72), dpi=72)
        ax = fig.add_axes(
            (MARGIN / WIDTH, 1 - map_height / height, 1 - 2 * MARGIN / WIDTH, map_height / height)
        )
        ax.set_axis_off()
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        for code, polygons in features:
            vertices, codes = [], []
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
    svg = buffer.getvalue()
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
    if set(regions) != {code for code, _ in features} or len(texts) != LEGEND_SLOTS:
        raise RuntimeError("unexpected SVG from matplotlib: regions or legend slots missing")
    return {
        "height": height,
        "map_height": math.ceil(map_height),
        "regions": regions,
        "boxes": boxes,
        "swatches": [swatches.get(slot) for slot in range(LEGEND_SLOTS)],
        "texts": [texts[slot] for slot in range(LEGEND_SLOTS)],
    }


# -- assembling one map from the base ---------------------------------------------------


def _lines(text: str, chars: int) -> list[str]:
    return textwrap.wrap(text, chars, break_on_hyphens=False) or [""]


def legend_shift(map_height: float) -> int:
    """How far the legend drawn by `render_base` (beside the map, from LEGEND_TOP) moves
    down to stand under the map."""
    return math.ceil(map_height + LEGEND_GAP - LEGEND_TOP)


def _layout(spec: dict, base: dict) -> tuple[list[str], list[str], int, int, int]:
    """Title lines, note lines, header height, body height and total height of a map."""
    title = _lines(spec["title"], TITLE_CHARS)
    notes = [line for note in spec["notes"] for line in _lines(note, NOTE_CHARS)]
    header = 6 + TITLE_LINE * len(title) + 6
    shift = legend_shift(base["map_height"])
    legend_bottom = LEGEND_TOP + shift + len(spec["legend"]) * LEGEND_ROW + 6
    body = math.ceil(max(base["map_height"], legend_bottom)) + 4
    total = header + body + 4 + NOTE_LINE * len(notes) + 4
    return title, notes, header, body, total


def figure_height(spec: dict, base_height: int) -> int:
    return _layout(spec, {"map_height": base_height})[4]


def _markers(spec: dict, base: dict) -> tuple[list[str], str]:
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


def assemble(spec: dict, base: dict) -> bytes:
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
    for code in spec["unlinked"]:
        out.append(f'<path class="x" d="{base["regions"][code]}"/>\n')
    for code, href, region_title, cls in spec["regions"]:
        out.append(
            f'<a id="lsg-{code}" xlink:href="{_esc(href)}" target="_top">'
            f"<title>{_esc(region_title)}</title>"
            f'<path class="{cls}" d="{base["regions"][code]}"/></a>\n'
        )
    out.extend(circles)
    out.append(
        f'</g>\n<g id="legend" transform="translate(0 {legend_shift(base["map_height"])})">\n'
    )
    slots = [(None, spec["heading"])] + [tuple(entry) for entry in spec["legend"]]
    for slot, (cls, label) in enumerate(slots):
        x, y = base["texts"][slot]
        if cls:
            out.append(f'<path class="s {cls}" d="{base["swatches"][slot]}"/>')
        if label:
            out.append(
                f'<text class="{"l" if slot else "lh"}" x="{x}" y="{y}">{_esc(label)}</text>\n'
            )
    out.append("</g>\n</g>\n")
    for i, line in enumerate(notes):
        y = header + body + 4 + NOTE_SIZE + i * NOTE_LINE
        out.append(f'<text class="f" x="{MARGIN}" y="{y}">{_esc(line)}</text>\n')
    out.append("</svg>\n")
    return "".join(out).encode("utf-8")


# -- the maps ---------------------------------------------------------------------------


@dataclass
class MapSpec:
    """One map file (SVG and CSV, both in the cache key) and what its Figure shows."""

    stem: str  # file name without extension, e.g. "map-indicator-x--en"
    svg: dict
    csv_header: list[str]
    csv_rows: list[list[object]]
    fig_id: str
    alt: str
    columns: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)

    @property
    def key_parts(self) -> list:
        return [self.svg, self.csv_header, self.csv_rows]


class MapSet:
    """Every map of the site; see the module docstring."""

    def __init__(self, data: Derived, out_dir: Path, cache_dir: Path):
        self.data = data
        self.out_dir = Path(out_dir)
        self.cache_dir = Path(cache_dir) / "maps"
        self.lsgs = {r["code"]: r for r in data.lsgs.to_dict("records")}
        self.all_lsg = {code: row for code, row in data.lsg.to_dict("index").items()}
        self._specs: dict[tuple[str, str, str], MapSpec] = {}
        # A package may carry its own boundaries (synthetic benchmark packages do).
        own = data.base / "boundaries" / GEOJSON.name if data.base else None
        self.geojson = own if own is not None and own.exists() else GEOJSON

    # -- shared facts ---------------------------------------------------------------------

    @cached_property
    def features(self) -> list[tuple[str, list]]:
        """All boundaries. An LSG of the data without one is an error; a boundary without an
        LSG in the data (a small test package) is drawn grey and unlinked."""
        features = load_features(self.geojson)
        codes = [code for code, _ in features]
        if len(set(codes)) != len(codes) or set(self.lsgs) - set(codes):
            missing = sorted(set(self.lsgs) - set(codes))
            raise ValueError(f"{self.geojson}: duplicate codes, or no boundary for LSGs {missing}")
        return features

    @cached_property
    def base_codes(self) -> list[str]:
        return [code for code, _ in self.features]

    @cached_property
    def base_key(self) -> str:
        code = Path(__file__)  # this file, and figures/__init__.py, which writes the maps' CSV
        return _sha(
            hashlib.sha256(self.geojson.read_bytes()).hexdigest(),
            hashlib.sha256(code.read_bytes()).hexdigest(),
            hashlib.sha256(code.with_name("__init__.py").read_bytes()).hexdigest(),
            version("matplotlib"),
        )

    @cached_property
    def base_height(self) -> int:
        """Height of the map body, known without rendering (from the extent)."""
        ys = [p[1] for _, polys in self.features for poly in polys for ring in poly for p in ring]
        xs = [
            p[0] * KX for _, polys in self.features for poly in polys for ring in poly for p in ring
        ]
        scale = (WIDTH - 2 * MARGIN) / (max(xs) - min(xs))
        return math.ceil((max(ys) - min(ys)) * scale)

    def base(self) -> dict:
        path = self.cache_dir / f"base-{self.base_key}.json"
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8"))
        base = render_base(self.features)
        _write_atomic(path, json.dumps(base, sort_keys=True).encode("utf-8"))
        return base

    @cached_property
    def neighbours(self) -> dict[str, set[str]]:
        return neighbours(self.features)

    @cached_property
    def positions(self) -> dict[str, str]:
        return positions(self.features)

    def _name(self, tr: Translator, code: str) -> str:
        return tr.name(self.all_lsg[code])

    def _district(self, tr: Translator, row: dict) -> str:
        return tr.name(row, "district_lat", "district_cyr", "district_en")

    def _region(self, tr: Translator, row: dict) -> str:
        if tr.lang.cyrillic:
            return row["region_cyr"]
        return row["region_lat"] if tr.lang.serbian else row["region_en"]

    def _href(self, lang: Language, code: str) -> str:
        return f"../{lang.prefix}lsg/{self.lsgs[code]['slug']}/"

    def _list(self, tr: Translator, items: list[str]) -> str:
        return format_list(items, locale=tr.lang.babel) if items else ""

    def _notes(self, tr: Translator) -> list[str]:
        return [tr.t("map.attribution", **ATTRIBUTION_PARAMS), tr.t("map.kosovo")]

    def _sorted_codes(self) -> list[str]:
        return sorted(self.lsgs)

    def _spec(
        self,
        tr: Translator,
        *,
        title: str,
        desc: str,
        heading: str,
        legend: list[list[str]],
        classes: list[list[str]],
        regions: dict[str, tuple[str, str]],
        tables: list[str],
        css: str = "",
        markers: bool = False,
        on_top: frozenset[str] = frozenset(),
        demonstration: bool | None = None,
    ) -> dict:
        """The SVG spec of one map drawn from `tables` (resources of the package). Regions
        are drawn in code order, those in `on_top` last (so that their outline is not painted
        over by their neighbours')."""
        lang = tr.lang
        licence = tr.t(
            "figure.licence.map",
            data=package_licence(self.data.package),
            boundaries=BOUNDARY_LICENCE,
        )
        attribution = tr.t("map.attribution", **ATTRIBUTION_PARAMS)
        about = provenance(
            tr, self.data.package, title, tables, licence, attribution, demonstration
        )
        notes = self._notes(tr) + ([tr.t("map.demo")] if about.demonstration else [])
        return {
            "about": about.as_dict(),
            "lang": lang.code,
            "title": title,
            "desc": f"{desc} {tr.t('map.links')}",
            "heading": heading,
            "legend": legend,
            "classes": classes,
            "css": css,
            "regions": [
                [code, self._href(lang, code), *regions[code]]
                for code in sorted(self._sorted_codes(), key=lambda c: c in on_top)
            ],
            "unlinked": sorted(set(self.base_codes) - set(regions)),
            "notes": notes + [about.credit],
            "markers": markers,
        }

    def _figure(self, spec: MapSpec, src_suffix: str = "") -> Figure:
        return Figure(
            id=spec.fig_id,
            src=f"{CHARTS_DIR}/{spec.stem}.svg{src_suffix}",
            title=spec.svg["title"],
            alt=spec.alt,
            columns=spec.columns,
            rows=spec.rows,
            csv=f"{CHARTS_DIR}/{spec.stem}.csv",
            interactive=True,
            width=WIDTH,
            height=figure_height(spec.svg, self.base_height),
            notes=spec.notes,
        )

    def _cached_spec(self, kind: str, code: str, lang: Language) -> MapSpec:
        key = (kind, code, lang.code)
        if key not in self._specs:
            build = getattr(self, f"_{kind}_spec")
            self._specs[key] = build(code, Translator(lang))
        return self._specs[key]

    # -- indicators -----------------------------------------------------------------------

    def indicator(self, indicator_code: str, lang: Language) -> Figure:
        return self._figure(self._cached_spec("indicator", indicator_code, lang))

    def _indicator_spec(self, code: str, tr: Translator) -> MapSpec:
        definitions = self.data.indicator_definitions.set_index("code", drop=False)
        if code not in definitions.index:
            raise KeyError(f"unknown indicator {code!r}")
        d = definitions.loc[code]
        unit, decimals = d["unit"], int(d["decimals"])
        name = tr.pick(d, "name")
        year = self.data.latest_year
        latest = self.data.indicator_latest
        latest = latest[latest["indicator_code"] == code]
        values = {
            r["lsg_code"]: float(v)
            for r in latest.to_dict("records")
            if (v := none_if_missing(r["value"])) is not None and r["lsg_code"] in self.lsgs
        }
        classes_of, bounds = quantile_classes(values)
        palette = [YLGNBU[i] for i in CLASS_SUBSETS[len(bounds)]] if bounds else []
        counts = [sum(1 for c in classes_of.values() if c == i) for i in range(len(bounds))]

        def fmt(value: float) -> str:
            return tr.value(value, unit, decimals)

        def raw(value: float) -> float | int:
            """An unformatted number for the CSV: 2130, not 2130.0."""
            return int(value) if decimals == 0 and value == int(value) else value

        def fmt_range(low: float, high: float) -> str:
            if low == high:
                return fmt(low)
            text = tr.t("map.range", low=tr.number(low, decimals), high=tr.number(high, decimals))
            return text if unit == "count" else f"{text}\u00a0{tr.t('unit.' + unit)}"

        labels = [fmt_range(low, high) for low, high in bounds]
        legend = [
            [f"k{i}", tr.t("map.legend.entry", label=labels[i], count=tr.number(counts[i]))]
            for i in range(len(bounds))
        ]
        missing = [c for c in self._sorted_codes() if c not in values]
        if missing:
            legend.append(
                [
                    "nd",
                    tr.t(
                        "map.legend.entry", label=tr.t("map.no_data"), count=tr.number(len(missing))
                    ),
                ]
            )
        regions = {}
        for c in self._sorted_codes():
            text = fmt(values[c]) if c in values else tr.t("map.no_data")
            regions[c] = (
                tr.t("map.region", name=self._name(tr, c), value=text),
                _cls(classes_of, c),
            )
        ranked = sorted(values, key=lambda c: (-values[c], fold(self.lsgs[c]["name_lat"])))
        low_first = sorted(values, key=lambda c: (values[c], fold(self.lsgs[c]["name_lat"])))

        def named(codes: list[str]) -> str:
            return self._list(tr, [f"{self._name(tr, c)} ({fmt(values[c])})" for c in codes])

        def extreme(order: list[str]) -> str:
            """The three highest (lowest) values, or the value many LSGs share."""
            tied = [c for c in order if values[c] == values[order[0]]]
            if len(tied) > 3:
                return tr.tn(
                    "map.indicator.alt.tied",
                    len(tied),
                    value=fmt(values[order[0]]),
                    count=tr.number(len(tied)),
                )
            return named(order[:3])

        title = tr.t("map.indicator.title", name=name, year=year)
        if values:
            median = float(pd.Series(list(values.values())).median())
            alt = tr.tn(
                "map.indicator.alt",
                len(self.lsgs),
                name=name,
                year=year,
                top=extreme(ranked),
                bottom=extreme(low_first),
                median=fmt(median),
                n=tr.number(len(values)),
                total=tr.number(len(self.lsgs)),
            )
            if missing:
                alt += " " + tr.t("map.indicator.alt.missing", count=tr.number(len(missing)))
            alt += " " + tr.t("map.indicator.alt.classes")
        else:
            alt = tr.t("map.indicator.alt.empty", name=name, year=year)
        svg = self._spec(
            tr,
            title=title,
            desc=alt,
            heading=tr.t("map.indicator.heading", year=year),
            legend=legend,
            classes=[[f"k{i}", f"fill:{colour}"] for i, colour in enumerate(palette)]
            + ([["nd", "fill:url(#nd)"]] if missing else []),
            regions=regions,
            tables=["indicators", "indicator_definitions", "lsg"],
        )
        order = ranked + missing
        rows, csv_rows = [], []
        for c in order:
            row = self.lsgs[c]
            cls = classes_of.get(c)
            rows.append(
                [
                    self._name(tr, c),
                    self._district(tr, row),
                    fmt(values[c]) if c in values else tr.t("map.no_data"),
                    labels[cls] if cls is not None else tr.t("map.no_data"),
                ]
            )
            low, high = bounds[cls] if cls is not None else (0, 0)
            csv_rows.append(
                [
                    c,
                    self._name(tr, c),
                    self._district(tr, row),
                    raw(values[c]) if c in values else "",
                    "" if cls is None else cls + 1,
                    "" if cls is None else raw(low),
                    "" if cls is None else raw(high),
                ]
            )
        return MapSpec(
            stem=f"map-indicator-{slug(code)}--{tr.lang.code}",
            svg=svg,
            csv_header=["code", "name", "district", "value", "class", "class_min", "class_max"],
            csv_rows=csv_rows,
            fig_id=f"fig-map-indicator-{slug(code)}",
            alt=alt,
            columns=[
                tr.t("field.lsg"),
                tr.t("field.district"),
                tr.t("field.value"),
                tr.t("map.column.class"),
            ],
            rows=rows,
            notes=self._notes(tr),
        )

    # -- services -------------------------------------------------------------------------

    def service(self, service_type_code: str, lang: Language) -> Figure:
        return self._figure(self._cached_spec("service", service_type_code, lang))

    def _service_spec(self, code: str, tr: Translator) -> MapSpec:
        types = self.data.service_types.set_index("code", drop=False)
        if code not in types.index:
            raise KeyError(f"unknown service type {code!r}")
        name = tr.pick(types.loc[code], "name")
        year = self.data.latest_year
        services = self.data.services
        offered = set(
            services[(services["year"] == year) & (services["service_type_code"] == code)][
                "lsg_code"
            ]
        ) & set(self.lsgs)
        codes = self._sorted_codes()
        n, total = len(offered), len(codes)
        legend = [
            ["yes", tr.t("map.service.yes", count=tr.number(n))],
            ["no", tr.t("map.service.no", count=tr.number(total - n))],
        ]
        regions = {
            c: (
                tr.t(
                    "map.service.region." + ("yes" if c in offered else "no"),
                    name=self._name(tr, c),
                ),
                "yes" if c in offered else "no",
            )
            for c in codes
        }
        title = tr.t("map.service.title", name=name, year=year)
        alt = tr.tn(
            "map.service.alt",
            total,
            name=name,
            year=year,
            n=tr.number(n),
            total=tr.number(total),
        )
        if n == 0:
            alt += " " + tr.t("map.service.alt.none")
        elif n == total:
            alt += " " + tr.t("map.service.alt.all")
        else:
            districts: dict[int, list[str]] = {}
            for c in codes:
                districts.setdefault(int(self.lsgs[c]["district_code"]), []).append(c)
            shares = []
            for members in districts.values():
                have = sum(1 for c in members if c in offered)
                row = self.lsgs[members[0]]
                shares.append(
                    (have / len(members), have, len(members), fold(row["district_lat"]), row)
                )

            def item(share) -> str:
                _, have, size, _, row = share
                return tr.t(
                    "map.share",
                    district=self._district(tr, row),
                    count=tr.number(have),
                    total=tr.number(size),
                )

            most = sorted(shares, key=lambda s: (-s[0], -s[1], s[3]))[:3]
            least = [s for s in sorted(shares, key=lambda s: (s[0], s[1], s[3])) if s not in most][
                :3
            ]
            alt += " " + tr.t(
                "map.service.alt.districts",
                most=self._list(tr, [item(s) for s in most]),
                least=self._list(tr, [item(s) for s in least]),
            )
        svg = self._spec(
            tr,
            title=title,
            desc=alt,
            heading=tr.t("map.service.heading", year=year),
            legend=legend,
            classes=[["yes", f"fill:{AVAILABLE}"], ["no", f"fill:{UNAVAILABLE}"]],
            regions=regions,
            tables=["services", "service_types", "lsg"],
        )
        order = sorted(
            codes,
            key=lambda c: (
                c not in offered,
                int(self.lsgs[c]["district_code"]),
                fold(self.lsgs[c]["name_lat"]),
            ),
        )
        rows = [
            [
                self._name(tr, c),
                self._district(tr, self.lsgs[c]),
                tr.t("yes") if c in offered else tr.t("no"),
            ]
            for c in order
        ]
        csv_rows = [
            [c, self._name(tr, c), self._district(tr, self.lsgs[c]), str(c in offered).lower()]
            for c in order
        ]
        return MapSpec(
            stem=f"map-service-{slug(code)}--{tr.lang.code}",
            svg=svg,
            csv_header=["code", "name", "district", "available"],
            csv_rows=csv_rows,
            fig_id=f"fig-map-service-{slug(code)}",
            alt=alt,
            columns=[
                tr.t("field.lsg"),
                tr.t("field.district"),
                tr.t("map.column.available", year=year),
            ],
            rows=rows,
            notes=self._notes(tr),
        )

    # -- programmes -----------------------------------------------------------------------

    def programme(self, programme_code: str, lang: Language) -> Figure:
        return self._figure(self._cached_spec("programme", programme_code, lang))

    def _programme_spec(self, code: str, tr: Translator) -> MapSpec:
        programmes = self.data.programmes.set_index("code", drop=False)
        if code not in programmes.index:
            raise KeyError(f"unknown programme {code!r}")
        name = tr.pick(programmes.loc[code], "name")
        members = self.data.programme_lsg[self.data.programme_lsg["programme_code"] == code]
        roles: dict[str, tuple[str, ...]] = {}
        for row in members.to_dict("records"):
            if row["lsg_code"] in self.lsgs:
                roles.setdefault(row["lsg_code"], ())
                roles[row["lsg_code"]] += (row["role"],)
        roles = {c: tuple(sorted(set(r), key=ROLE_ORDER.index)) for c, r in roles.items()}
        shown = dict(roles)  # the colour of an LSG: its combination of roles
        combos = sorted(set(shown.values()), key=lambda r: [ROLE_ORDER.index(x) for x in r])
        if len(combos) > LEGEND_SLOTS - 2:  # too many for the legend: the first role only
            shown = {c: r[:1] for c, r in roles.items()}
            combos = sorted(set(shown.values()), key=lambda r: ROLE_ORDER.index(r[0]))
        codes = self._sorted_codes()

        def short(combo: tuple[str, ...]) -> str:
            return " + ".join(tr.t("map.role." + r) for r in combo)

        def full(combo: tuple[str, ...]) -> str:
            return ", ".join(tr.t("role." + r) for r in combo)

        legend = [
            [
                f"p{i}",
                tr.t(
                    "map.legend.entry",
                    label=short(combo),
                    count=tr.number(sum(1 for r in shown.values() if r == combo)),
                ),
            ]
            for i, combo in enumerate(combos)
        ]
        legend.append(
            [
                "out",
                tr.t(
                    "map.legend.entry",
                    label=tr.t("map.programme.out"),
                    count=tr.number(len(codes) - len(roles)),
                ),
            ]
        )
        # A dark outline sets the coloured regions off the grey ones (3:1 contrast even for
        # the lighter Okabe-Ito colours).
        classes = [
            [f"p{i}", f"fill:{OKABE_ITO[i % len(OKABE_ITO)]};stroke:#1a1a1a;stroke-width:.6"]
            for i in range(len(combos))
        ]
        classes.append(["out", f"fill:{OUTSIDE}"])
        regions = {
            c: (
                tr.t("map.region", name=self._name(tr, c), value=full(roles[c]))
                if c in roles
                else tr.t("map.region", name=self._name(tr, c), value=tr.t("map.programme.out")),
                f"p{combos.index(shown[c])}" if c in roles else "out",
            )
            for c in codes
        }
        title = tr.t("map.programme.title", name=name)
        if roles:
            per_role = [
                tr.t("map.programme.role_count", role=tr.t("role." + role), count=tr.number(k))
                for role in ROLE_ORDER
                if (k := sum(1 for r in roles.values() if role in r))
            ]
            alt = tr.t(
                "map.programme.alt",
                name=name,
                n=tr.number(len(roles)),
                roles=self._list(tr, per_role),
            )
            if any(len(r) > 1 for r in roles.values()):
                alt += " " + tr.t("map.programme.alt.several")
            if len(roles) <= 10:
                names = sorted((self._name(tr, c) for c in roles), key=fold)
                alt += " " + tr.t("map.programme.alt.names", names=self._list(tr, names))
        else:
            alt = tr.t("map.programme.alt.none", name=name)
        svg = self._spec(
            tr,
            title=title,
            desc=alt,
            heading=tr.t("map.programme.heading"),
            legend=legend,
            classes=classes,
            regions=regions,
            tables=["programmes", "programme_lsg", "lsg"],
            on_top=frozenset(roles),
        )
        order = sorted(
            roles, key=lambda c: (combos.index(shown[c]), fold(self.lsgs[c]["name_lat"]))
        )
        rows = [
            [self._name(tr, c), self._district(tr, self.lsgs[c]), full(roles[c])] for c in order
        ]
        csv_rows = [
            [c, self._name(tr, c), self._district(tr, self.lsgs[c]), ";".join(roles[c])]
            for c in order
        ]
        return MapSpec(
            stem=f"map-programme-{code}--{tr.lang.code}",
            svg=svg,
            csv_header=["code", "name", "district", "roles"],
            csv_rows=csv_rows,
            fig_id=f"fig-map-programme-{code}",
            alt=alt,
            columns=[tr.t("field.lsg"), tr.t("field.district"), tr.t("field.role")],
            rows=rows,
            notes=self._notes(tr),
        )

    # -- reporting status -----------------------------------------------------------------

    def reporting(self, lang: Language) -> Figure:
        return self._figure(self._cached_spec("reporting", "", lang))

    def _reporting_spec(self, _code: str, tr: Translator) -> MapSpec:
        """Per LSG: whether its figures for the latest year are reported, demonstration
        values or missing. The map shows statuses, not figures: no demonstration notice."""
        reporting = self.data.reporting
        year = self.data.latest_year
        codes = self._sorted_codes()
        status = {c: reporting.status(c, year) for c in codes}
        colours = {"reported": OKABE_ITO[2], "demonstration": OKABE_ITO[1], "missing": OUTSIDE}
        present = [s for s in STATUSES if any(v == s for v in status.values())]
        legend = [
            [
                s,
                tr.t(
                    "map.legend.entry",
                    label=tr.t("reporting.status." + s),
                    count=tr.number(sum(1 for v in status.values() if v == s)),
                ),
            ]
            for s in present
        ]
        classes = [[s, f"fill:{colours[s]};stroke:#1a1a1a;stroke-width:.6"] for s in present]
        regions = {
            c: (
                tr.t("map.region", name=self._name(tr, c), value=tr.t("reporting.status." + v)),
                v,
            )
            for c, v in status.items()
        }
        counts = {s: tr.number(sum(1 for v in status.values() if v == s)) for s in STATUSES}
        title = tr.t("map.reporting.title", year=year)
        alt = tr.t("map.reporting.alt", year=year, **counts)
        svg = self._spec(
            tr,
            title=title,
            desc=alt,
            heading=tr.t("map.reporting.heading"),
            legend=legend,
            classes=classes,
            regions=regions,
            tables=["services", "indicators", "sources", "lsg"],
            demonstration=False,
        )
        order = sorted(
            codes, key=lambda c: (STATUSES.index(status[c]), fold(self.lsgs[c]["name_lat"]))
        )
        rows = [
            [
                self._name(tr, c),
                self._district(tr, self.lsgs[c]),
                tr.t("reporting.status." + status[c]),
            ]
            for c in order
        ]
        csv_rows = [
            [c, self._name(tr, c), self._district(tr, self.lsgs[c]), status[c]] for c in order
        ]
        return MapSpec(
            stem=f"map-reporting--{tr.lang.code}",
            svg=svg,
            csv_header=["code", "name", "district", "status"],
            csv_rows=csv_rows,
            fig_id="fig-map-reporting",
            alt=alt,
            columns=[tr.t("field.lsg"), tr.t("field.district"), tr.t("reporting.col.status")],
            rows=rows,
            notes=self._notes(tr),
        )

    # -- locator --------------------------------------------------------------------------

    def locator(self, lsg_code: str, lang: Language) -> Figure:
        """Where one LSG (or a Belgrade city municipality: then Belgrade) lies in Serbia."""
        if lsg_code not in self.all_lsg:
            raise KeyError(f"unknown LSG {lsg_code!r}")
        spec = self._cached_spec("locator", "", lang)
        tr = Translator(lang)
        row = self.all_lsg[lsg_code]
        shown = lsg_code if lsg_code in self.lsgs else (row.get("parent_code") or BELGRADE)
        shown_row = self.lsgs[shown]
        position = tr.t("map.position." + self.positions[shown])
        if shown == lsg_code:
            alt = tr.t(
                "map.locator.alt",
                name=tr.name(row),
                kind=tr.t("kind." + row["kind"]),
                position=position,
                district=self._district(tr, row),
            )
            around = sorted(
                (self._name(tr, c) for c in self.neighbours[shown] if c in self.lsgs), key=fold
            )
            if around:
                alt += " " + tr.t("map.locator.alt.neighbours", names=self._list(tr, around))
        else:
            alt = tr.t(
                "map.locator.alt.part",
                name=tr.name(row),
                kind=tr.t("kind." + row["kind"]),
                city=self._name(tr, shown),
                position=position,
            )
        figure = self._figure(spec, src_suffix=f"#lsg-{shown}")
        figure.title = tr.t("map.locator.figure", name=tr.name(row))
        figure.alt = alt
        figure.rows = [
            [self._name(tr, shown), self._district(tr, shown_row), self._region(tr, shown_row)]
        ]
        return figure

    def _locator_spec(self, _code: str, tr: Translator) -> MapSpec:
        codes = self._sorted_codes()
        regions = {c: (self._name(tr, c), "b") for c in codes}
        title = tr.t("map.locator.title")
        desc = tr.tn("map.locator.desc", len(codes), total=tr.number(len(codes)))
        svg = self._spec(
            tr,
            title=title,
            desc=desc,
            heading="",
            legend=[["t", tr.t("map.locator.selected")]],
            classes=[["b", f"fill:{BASE}"], ["t", f"fill:{HIGHLIGHT}"]],
            css=f"a:target path{{fill:{HIGHLIGHT};stroke:#000;stroke-width:1}}"
            f".m{{display:none;fill:none;stroke:{HIGHLIGHT};stroke-width:2;pointer-events:none}}",
            markers=True,
            regions=regions,
            tables=["lsg"],
        )
        order = sorted(codes, key=lambda c: fold(self.lsgs[c]["name_lat"]))
        csv_rows = [
            [
                c,
                self._name(tr, c),
                self.lsgs[c]["kind"],
                self._district(tr, self.lsgs[c]),
                self._region(tr, self.lsgs[c]),
                self.positions[c],
                ";".join(sorted(self.neighbours[c])),
            ]
            for c in order
        ]
        return MapSpec(
            stem=f"map-lsg--{tr.lang.code}",
            svg=svg,
            csv_header=["code", "name", "kind", "district", "region", "position", "neighbours"],
            csv_rows=csv_rows,
            fig_id="fig-map-lsg",
            alt=desc,
            columns=[tr.t("field.lsg"), tr.t("field.district"), tr.t("field.region")],
            rows=[],
            notes=self._notes(tr),
        )

    # -- rendering ------------------------------------------------------------------------

    def specs(self) -> list[MapSpec]:
        """Every map of the site, in every language."""
        specs = []
        for lang in LANGUAGES:
            for code in self.data.indicator_definitions["code"]:
                specs.append(self._cached_spec("indicator", code, lang))
            for code in self.data.service_types["code"]:
                specs.append(self._cached_spec("service", code, lang))
            for code in self.data.programmes["code"]:
                specs.append(self._cached_spec("programme", code, lang))
            specs.append(self._cached_spec("locator", "", lang))
            specs.append(self._cached_spec("reporting", "", lang))
        return specs

    def render(self) -> dict:
        """Write every map (SVG + CSV) into out_dir; build only what the cache lacks."""
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        base = None
        rendered = cached = 0
        written: set[str] = set()
        for spec in self.specs():
            key = _sha(self.base_key, FIGURES_CODE, spec.key_parts)
            svg_path = self.cache_dir / f"{key}.svg"
            csv_path = self.cache_dir / f"{key}.csv"
            if svg_path.exists() and csv_path.exists():
                svg, csv = svg_path.read_bytes(), csv_path.read_bytes()
                cached += 1
            else:
                if base is None:
                    base = self.base()
                svg = assemble(spec.svg, base)
                about = Provenance(**spec.svg["about"])
                csv = table_csv(spec.csv_header, spec.csv_rows, about)
                _write_atomic(svg_path, svg)
                _write_atomic(csv_path, csv)
                rendered += 1
            for suffix, content in ((".svg", svg), (".csv", csv)):
                name = spec.stem + suffix
                _write_if_changed(self.out_dir / name, content)
                written.add(name)
        for path in self.out_dir.iterdir():
            if FILE_RE.match(path.name) and path.name not in written:
                path.unlink()
        return {"rendered": rendered, "cached": cached, "files": len(written)}


def quantile_classes(values: dict[str, float], k: int = 5) -> tuple[dict[str, int], list[tuple]]:
    """Up to k classes of about equal size; tied values always share a class.

    Returns the class of every code and, per class, the (lowest, highest) value in it."""
    ordered = sorted(values.values())
    if not ordered:
        return {}, []
    n = len(ordered)
    cuts = sorted({ordered[math.ceil(i * n / k) - 1] for i in range(1, k)})
    classes = {code: sum(1 for cut in cuts if value > cut) for code, value in values.items()}
    used = sorted(set(classes.values()))
    renumber = {old: new for new, old in enumerate(used)}
    classes = {code: renumber[c] for code, c in classes.items()}
    bounds = []
    for i in range(len(used)):
        members = [values[code] for code, c in classes.items() if c == i]
        bounds.append((min(members), max(members)))
    return classes, bounds


def _cls(classes: dict[str, int], code: str) -> str:
    return f"k{classes[code]}" if code in classes else "nd"


def _write_atomic(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_bytes(content)
    os.replace(partial, path)


def _write_if_changed(path: Path, content: bytes) -> None:
    if path.exists() and path.stat().st_size == len(content) and path.read_bytes() == content:
        return
    _write_atomic(path, content)
