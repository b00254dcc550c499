"""One chart spec to SVG bytes (runs in worker processes: only plain data in, bytes out).

Deterministic SVG: a fixed `svg.hashsalt`, no date in the metadata, text kept as text
(`svg.fonttype: none`) so Cyrillic and Latin stay searchable and crisp. Every file stands
on its own (decision 0012): the image draws its source line (and, for demonstration
values, the notice) and carries `figures.svg_metadata` in place of matplotlib's own.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

from build_scripts.figures import Provenance, svg_metadata
from build_scripts.figures.charts.draw import KINDS, Figure
from build_scripts.figures.charts.layout import (
    FONT,
    FOOTER_LINE,
    FOOTER_SIZE,
    FOOTER_X,
    TEXT_SIZE,
    TITLE_SIZE,
    Spec,
    footer_height,
    footer_lines,
)


def _setup() -> Any:
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": "socprot",
            "font.family": FONT,
            "font.size": TEXT_SIZE,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": TEXT_SIZE,
            "legend.fontsize": TEXT_SIZE,
            "xtick.labelsize": TEXT_SIZE,
            "ytick.labelsize": TEXT_SIZE,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "legend.frameon": False,
            "figure.dpi": 72,
        }
    )
    return plt


def _footer(fig: Figure, about: Mapping[str, str]) -> None:
    """Make room under the chart and draw the demonstration notice (bold, when there is
    one) and the source line: the image says what it shows even when copied alone."""
    lines = footer_lines(about)
    width, height = fig.get_size_inches()
    extra = footer_height(lines)
    fig.set_size_inches(width, height + extra)
    total = height + extra
    top = 1.0
    title = fig._suptitle
    if title is not None:
        # the title hangs from the top edge; the axes start under its last line
        title_lines = title.get_text().count("\n") + 1
        title.set_y(1 - 0.06 / total)
        title.set_verticalalignment("top")
        top = 1 - (0.12 + title_lines * TITLE_SIZE * 1.25 / 72) / total
    fig.tight_layout(rect=(0, extra / total, 1, top))
    for i, (line, weight) in enumerate(lines):  # top to bottom: the SVG reads in order
        y = (0.08 + FOOTER_LINE * (len(lines) - 1 - i)) / (height + extra)
        fig.text(FOOTER_X, y, line, fontsize=FOOTER_SIZE, fontweight=weight, color="#1a1a1a")


def _with_metadata(svg: str, about: Provenance) -> str:
    """Matplotlib's `<metadata>` replaced by ours (licence, source, version, notice)."""
    svg, count = re.subn(
        r"<metadata>.*?</metadata>", lambda _: svg_metadata(about), svg, count=1, flags=re.S
    )
    if count != 1:
        raise ValueError("matplotlib wrote no <metadata> element to replace")
    return svg


def render(spec: Spec) -> bytes:
    """One chart as SVG bytes; the drawing function is looked up by `spec["kind"]`."""
    plt = _setup()
    draw = KINDS.get(spec["kind"])
    if draw is None:
        raise ValueError(f"unknown chart kind {spec['kind']!r}")
    fig = draw(plt, spec)
    try:
        _footer(fig, spec["about"])
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        return _with_metadata(buffer.getvalue(), Provenance(**spec["about"])).encode("utf-8")
    finally:
        plt.close(fig)


def render_keyed(item: tuple[str, Spec]) -> tuple[str, bytes]:
    """`render` for a (cache key, spec) pair: what the worker pool maps over."""
    key, spec = item
    return key, render(spec)
