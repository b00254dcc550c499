"""The boundaries: reading them, where each LSG lies, who borders whom, and simplifying
shared borders so that no gaps open between neighbours.

Coordinates are lon/lat as in the GeoJSON; distances and areas are taken with x scaled by
`KX` (the aspect of about 44 degrees north)."""

from __future__ import annotations

import json
import math
from pathlib import Path

from build_scripts.paths import DATASETS

GEOJSON = DATASETS / "boundaries" / "lsg_boundaries.geojson"
KX = math.cos(math.radians(44.0))  # lon/lat with the aspect of ~44 degrees north
EAST_WEST = 0.4  # see positions()

Polygons = list  # [polygon][ring][point] = [lon, lat], as in GeoJSON
Feature = tuple[str, Polygons]  # (LSG code, its polygons)
Vertex = tuple[float, ...]


def load_features(path: Path = GEOJSON) -> list[Feature]:
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


def extent(features: list[Feature]) -> tuple[float, float, float, float]:
    """(x0, x1, y0, y1): the projected bounding box of all features."""
    xs = [p[0] * KX for _, polys in features for poly in polys for ring in poly for p in ring]
    ys = [p[1] for _, polys in features for poly in polys for ring in poly for p in ring]
    return min(xs), max(xs), min(ys), max(ys)


def _centroid(polygons: Polygons) -> tuple[float, float, float]:
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


def neighbours(features: list[Feature]) -> dict[str, set[str]]:
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


def _rings(features: list[Feature]) -> list[list[Vertex]]:
    """Every ring of every feature, as vertices without the closing repetition."""
    return [
        [tuple(p) for p in ring[:-1]]
        for _, polygons in features
        for polygon in polygons
        for ring in polygon
    ]


def _junctions(features: list[Feature]) -> set[Vertex]:
    """The vertices where the set of regions around a ring changes, plus one vertex of
    every ring that has none (islands, enclaves): the ends of the stretches simplified."""
    owners: dict[Vertex, set[str]] = {}
    for code, polygons in features:
        for polygon in polygons:
            for ring in polygon:
                for point in ring[:-1]:
                    owners.setdefault(tuple(point), set()).add(code)
    junctions: set[Vertex] = set()
    for points in _rings(features):
        n = len(points)
        for i, point in enumerate(points):
            here = owners[point]
            if (
                len(here) > 2
                or here != owners[points[i - 1]]
                or here != owners[points[(i + 1) % n]]
            ):
                junctions.add(point)
    for points in _rings(features):
        if not junctions.intersection(points):
            junctions.add(min(points))
    return junctions


class _Stretches:
    """Each stretch between two junctions simplified once, in a canonical direction, and
    handed out in the direction a ring runs along it."""

    def __init__(self, tolerance: float) -> None:
        self.tolerance = tolerance
        self.done: dict[tuple[Vertex, ...], list[Vertex]] = {}

    def simplified(self, points: list[Vertex]) -> list[Vertex]:
        flipped = points[::-1]
        canonical = min(points, flipped)
        if tuple(canonical) not in self.done:
            projected = [(x * KX, y) for x, y in canonical]
            kept = [canonical[i] for i in _douglas_peucker(projected, self.tolerance)]
            self.done[tuple(canonical)] = kept
        kept = self.done[tuple(canonical)]
        return kept if canonical is points else kept[::-1]

    def ring(self, ring: list, junctions: set[Vertex]) -> list[list[float]]:
        points = [tuple(p) for p in ring[:-1]]
        start = next(i for i, p in enumerate(points) if p in junctions)
        points = points[start:] + points[:start] + [points[start]]
        cuts = [i for i, p in enumerate(points) if p in junctions]
        kept = [points[0]]
        for a, b in zip(cuts, cuts[1:], strict=False):
            kept.extend(self.simplified(points[a : b + 1])[1:])
        if len(set(kept)) < 3:  # too small to simplify: keep it as it is
            kept = points
        return [list(p) for p in kept]


def simplify(features: list[Feature], tolerance: float) -> list[Feature]:
    """Douglas-Peucker on the shared borders, not on each ring: every border between two
    regions is simplified once and used by both, so no gaps or overlaps open between them.

    A vertex is a junction where the set of regions around it changes along a ring; the
    stretches between junctions are simplified in a canonical direction. Coordinates are
    lon/lat; the tolerance is in projected units (x scaled by KX)."""
    junctions = _junctions(features)
    stretches = _Stretches(tolerance)
    return [
        (code, [[stretches.ring(ring, junctions) for ring in polygon] for polygon in polygons])
        for code, polygons in features
    ]


def positions(features: list[Feature]) -> dict[str, str]:
    """Where each LSG lies in Serbia: "n", "ne", "e", ..., or "c" (the middle).

    North, middle or south by the latitude of its centroid (thirds of Serbia's extent); then
    east or west relative to the extent of that band (Vojvodina is wider than the south),
    beyond 40 % of its half-width from the band's middle."""
    centroids = {code: _centroid(polygons) for code, polygons in features}
    spans: dict[str, list[float]] = {}  # per band: the lowest and highest projected x
    ys = [p[1] for _, polys in features for poly in polys for ring in poly for p in ring]
    middle, half = (min(ys) + max(ys)) / 2, (max(ys) - min(ys)) / 2
    band = {}
    for code, polygons in features:
        v = (centroids[code][1] - middle) / half
        band[code] = "n" if v > 1 / 3 else "s" if v < -1 / 3 else ""
        xs = [p[0] * KX for poly in polygons for ring in poly for p in ring]
        low_high = spans.setdefault(band[code], [math.inf, -math.inf])
        low_high[0], low_high[1] = min(low_high[0], *xs), max(low_high[1], *xs)
    result = {}
    for code, (x, _, _) in centroids.items():
        low, high = spans[band[code]]
        u = (x - (low + high) / 2) / ((high - low) / 2)
        side = "e" if u > EAST_WEST else "w" if u < -EAST_WEST else ""
        result[code] = band[code] + side or "c"
    return result
