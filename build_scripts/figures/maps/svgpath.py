"""Path data in short form: matplotlib's absolute coordinates read into rings on a 0.1 px
grid, written back as relative SVG path data with as few characters as SVG allows."""

from __future__ import annotations

import math
import re

Rings = list[list[tuple[int, int]]]  # points in tenths of a pixel


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


def parse_path(d: str) -> Rings:
    """Matplotlib's absolute path data -> rings of points in tenths of a pixel."""
    tokens = re.findall(r"[MLz]|-?\d+(?:\.\d+)?", d)
    rings: Rings = []
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


def _ring_commands(ring: list[tuple[int, int]]) -> list[str]:
    """The h/v/l commands from a ring's first point round to its last."""
    parts: list[str] = []
    command = ""
    numbers: list[str] = []
    px, py = ring[0]
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
    return parts


def compact_path(rings: Rings) -> str:
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
        parts.extend(_ring_commands(ring))
        parts.append("z")
    return "".join(parts)
