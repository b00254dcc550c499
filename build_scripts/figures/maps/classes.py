"""Classing the values a choropleth shows: up to five quantile classes."""

from __future__ import annotations

import math


def quantile_classes(
    values: dict[str, float], k: int = 5
) -> tuple[dict[str, int], list[tuple[float, float]]]:
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


def class_name(classes: dict[str, int], code: str) -> str:
    """The CSS class of a region: its class ("k0" ... "k4"), or "nd" without data."""
    return f"k{classes[code]}" if code in classes else "nd"
