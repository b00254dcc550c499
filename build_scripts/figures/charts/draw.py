"""The six kinds of chart, each drawn from its spec by matplotlib (in a worker process:
only plain data in, a figure out). `KINDS` maps a spec's `kind` to its drawing function.

Colours are the Okabe–Ito palette and every series also differs by marker, line style or
hatch, so no chart depends on colour alone. Numbers on the axes are formatted by Babel in
the page's locale.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from build_scripts.figures.charts.layout import (
    TEXT_SIZE,
    TITLE_CHARS,
    TITLE_SIZE,
    Spec,
    figsize,
    ranks_labels,
    wrap,
)

# Okabe-Ito: distinguishable with every common colour-vision deficiency.
BLUE, ORANGE, GREEN, GREY = "#0072B2", "#E69F00", "#009E73", "#6b6b6b"

Figure = Any  # matplotlib.figure.Figure (matplotlib is imported in the workers only)


def _formatter(spec: Spec) -> Any:
    from babel.numbers import format_decimal
    from matplotlib.ticker import FuncFormatter

    locale = spec["locale"]
    return FuncFormatter(lambda value, _pos: format_decimal(value, format="#,##0.#", locale=locale))


def _whole_numbers(axis: Any) -> None:
    """Ticks at whole numbers only, on an axis that counts (services, users, LSGs)."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(nbins=5, integer=True, min_n_ticks=1))


def _title(fig: Figure, text: str) -> None:
    """The chart's title on the figure, left-aligned and wrapped: never clipped by the
    axes' width, whatever the language."""
    fig.suptitle(wrap(text, TITLE_CHARS), x=0.01, ha="left", fontweight="bold", fontsize=TITLE_SIZE)


def _bars_compare(plt: Any, spec: Spec) -> Figure:
    """Horizontal grouped bars: categories x series (this LSG, district, Serbia)."""
    categories, series = spec["categories"], spec["series"]
    height = 0.8 / len(series)
    fig, ax = plt.subplots(figsize=figsize(spec))
    hatches = ["", "//", ".."]
    colours = [BLUE, ORANGE, GREEN]
    for i, s in enumerate(series):
        positions = [c + (i - (len(series) - 1) / 2) * height for c in range(len(categories))]
        ax.barh(
            positions,
            s["values"],
            height=height * 0.95,
            label=s["label"],
            color=colours[i % 3],
            hatch=hatches[i % 3],
            edgecolor="white",
            linewidth=0.5,
        )
    ax.set_yticks(range(len(categories)), [wrap(c) for c in categories])
    ax.invert_yaxis()
    _whole_numbers(ax.xaxis)
    ax.xaxis.set_major_formatter(_formatter(spec))
    ax.set_xlabel(spec["xlabel"])
    _title(fig, spec["title"])
    # Legend under the plot, one series a line: never over the bars or the labels.
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.18 - 0.1 / fig.get_size_inches()[1]))
    return fig


def _lines(plt: Any, spec: Spec) -> Figure:
    fig, ax = plt.subplots(figsize=figsize(spec))
    styles = [("-", "o", BLUE), ("--", "s", ORANGE), (":", "^", GREEN)]
    for i, s in enumerate(spec["series"]):
        line, marker, colour = styles[i % 3]
        points = [(x, y) for x, y in zip(spec["x"], s["values"], strict=True) if y is not None]
        if not points:
            continue
        xs, ys = zip(*points, strict=True)
        ax.plot(xs, ys, linestyle=line, marker=marker, color=colour, label=s["label"], lw=2)
    ax.set_xticks(spec["x"], [str(x) for x in spec["x"]])
    if spec.get("counts"):
        _whole_numbers(ax.yaxis)
    ax.yaxis.set_major_formatter(_formatter(spec))
    ax.set_ylim(bottom=0)
    ax.set_ylabel(spec["ylabel"])
    _title(fig, spec["title"])
    ax.grid(axis="y", color="#dddddd", lw=0.6)
    # Legend under the plot, never over the lines.
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.14))
    return fig


def _ranks(plt: Any, spec: Spec) -> Figure:
    """Where one LSG stands on each indicator: rank 1 (highest value) to n."""
    labels, ranks, n = spec["labels"], spec["ranks"], spec["n"]
    labels = ranks_labels(spec)
    fig, ax = plt.subplots(figsize=figsize(spec))
    ys = range(len(labels))
    ax.hlines(ys, 1, n, color="#dddddd", lw=3)
    ax.plot(ranks, ys, "o", color=BLUE, markersize=8)
    ax.axvline((n + 1) / 2, color=GREY, ls="--", lw=1)
    ax.set_yticks(list(ys), labels)
    ax.invert_yaxis()
    ax.set_xlim(n + 3, -2)  # rank 1 on the right: "higher value" reads as further right
    # first and last rank at the ends, the middle one on its own line: never on top of them
    # Rank 1 at the right end, the last rank at the left end, the middle between: each on
    # a line of its own, so long words never run into each other.
    ax.set_xticks(
        [1, (n + 1) // 2, n], [spec["first"], "\n" + spec["middle"], "\n\n" + spec["last"]]
    )
    ax.get_xticklabels()[0].set_horizontalalignment("right")
    ax.get_xticklabels()[2].set_horizontalalignment("left")
    # Long indicator names push the axes right: title the figure, not the axes.
    _title(fig, spec["title"])
    return fig


def _ranking(plt: Any, spec: Spec) -> Figure:
    names, values, highlight = spec["names"], spec["values"], spec.get("highlight", [])
    fig, ax = plt.subplots(figsize=figsize(spec))
    colours = [ORANGE if n in highlight else BLUE for n in names]
    ax.barh(range(len(names)), values, color=colours, height=0.75)
    ax.set_yticks(range(len(names)), names)
    ax.set_ylim(len(names) - 0.5, -0.5)
    ax.axvline(spec["median"], color=GREY, ls="--", lw=1, label=spec["median_label"])
    ax.xaxis.set_major_formatter(_formatter(spec))
    ax.xaxis.tick_top()
    ax.set_xlabel(spec["xlabel"])
    ax.xaxis.set_label_position("top")
    _title(fig, spec["title"])
    ax.legend(loc="lower right")
    return fig


def _histogram(plt: Any, spec: Spec) -> Figure:
    fig, ax = plt.subplots(figsize=figsize(spec))
    ax.hist(spec["values"], bins=spec["bins"], color=BLUE, edgecolor="white")
    ax.axvline(spec["median"], color=ORANGE, ls="--", lw=2, label=spec["median_label"])
    ax.xaxis.set_major_formatter(_formatter(spec))
    _whole_numbers(ax.yaxis)
    ax.yaxis.set_major_formatter(_formatter(spec))
    ax.set_xlabel(spec["xlabel"])
    ax.set_ylabel(spec["ylabel"])
    _title(fig, spec["title"])
    ax.legend()
    return fig


def _panels(plt: Any, spec: Spec) -> Figure:
    """Two small bar panels, one above the other (never a double y-axis). Years stand
    under upright bars; words (roles, kinds of money) beside lying ones, where they have
    room."""
    fig, axes = plt.subplots(2, 1, figsize=figsize(spec))
    for ax, panel, colour in zip(axes, spec["panels"], [BLUE, GREEN], strict=True):
        labels = panel["labels"]
        if all(label.isdigit() for label in labels):
            ax.bar(range(len(labels)), panel["values"], color=colour)
            ax.set_xticks(range(len(labels)), labels)
            value_axis = ax.yaxis
            ax.grid(axis="y", color="#dddddd", lw=0.6)
        else:
            ax.barh(range(len(labels)), panel["values"], color=colour)
            ax.set_yticks(range(len(labels)), [wrap(label) for label in labels])
            ax.invert_yaxis()
            value_axis = ax.xaxis
            ax.grid(axis="x", color="#dddddd", lw=0.6)
            if labels:
                ax.xaxis.set_major_locator(plt.MaxNLocator(3, integer=panel.get("counts", False)))
        if panel.get("counts"):
            _whole_numbers(value_axis)
        value_axis.set_major_formatter(_formatter(spec))
        ax.set_title(wrap(panel["title"], TITLE_CHARS), fontsize=TEXT_SIZE, fontweight="bold")
        ax.set_axisbelow(True)
    _title(fig, spec["title"])
    return fig


KINDS: dict[str, Callable[[Any, Spec], Figure]] = {
    "bars_compare": _bars_compare,
    "lines": _lines,
    "ranks": _ranks,
    "ranking": _ranking,
    "histogram": _histogram,
    "panels": _panels,
}
