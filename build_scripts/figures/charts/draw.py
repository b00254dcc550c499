"""Stage 5: charts (matplotlib SVG) for LSG, indicator, service-type and programme pages.

A page asks for its figures (`ChartSet.for_lsg(...)` etc.) while it is written; that returns
`Figure`s at once (file names are fixed by page, chart and language) and queues a *spec*: a
small picklable dict holding the chart's data and its texts in the page's language. `render()`
then turns every queued spec into SVG:

- content-addressed cache: the key is a hash of the spec, this file's source and the
  matplotlib and Babel versions, so a chart whose data, language and code have not changed is copied
  from `.cache/charts/`, never rendered again;
- uncached specs are rendered in parallel, one process per core;
- deterministic SVG: fixed `svg.hashsalt`, no date in the metadata, text kept as text
  (`svg.fonttype: none`) so Cyrillic and Latin stay searchable and crisp;
- every file stands on its own (decision 0012): the SVG draws its source line (and, for
  demonstration values, the notice) and carries `figures.svg_metadata`; every CSV row names
  the place in the page's language beside its code and ends with the provenance columns.

All words come from the message catalogs (`locales/charts/`); numbers are formatted by Babel
through the Translator. Colours are the Okabe–Ito palette and every series also differs by
marker, line style or hatch, so no chart depends on colour alone.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import re
import shutil
import textwrap
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from pathlib import Path

import pandas as pd

from build_scripts.derive import Derived, none_if_missing
from build_scripts.figures import (
    CHARTS_DIR,
    Figure,
    Provenance,
    provenance,
    svg_metadata,
    table_csv,
)
from build_scripts.i18n import Translator
from build_scripts.progress import progress

# Okabe-Ito: distinguishable with every common colour-vision deficiency.
BLUE, ORANGE, GREEN, GREY = "#0072B2", "#E69F00", "#009E73", "#6b6b6b"
# The cache key covers this file and figures/__init__.py (the provenance and metadata it writes).
CODE_VERSION = hashlib.sha256(
    Path(__file__).read_bytes() + Path(__file__).with_name("__init__.py").read_bytes()
).hexdigest()[:16]
# Charts are drawn for the width a phone shows them at: 5 inches are 360 SVG units, shown
# 358 CSS px wide in a 390 px screen's column, so a size in points is about the size in CSS
# px there (and 4/3 of it on a desktop, where the image is shown at its own 480 px). No
# text is smaller than TEXT_SIZE (11 CSS px on a phone, with a margin).
WIDTH = 5.0  # inches
TEXT_SIZE, TITLE_SIZE = 11.5, 12.5  # points
FOOTER_SIZE, FOOTER_LINE, FOOTER_CHARS = TEXT_SIZE, 0.2, 50  # points, inches, characters
TITLE_CHARS, LABEL_CHARS = 40, 16  # characters per line of a title, of an axis' category
LIBRARIES = ("matplotlib", "babel")  # what renders a chart: in its cache key


# -- rendering (runs in worker processes: only plain data in, bytes out) ------------------


def _setup():
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": "socprot",
            "font.family": "DejaVu Sans",
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


def _formatter(spec: dict):
    from babel.numbers import format_decimal
    from matplotlib.ticker import FuncFormatter

    locale = spec["locale"]
    return FuncFormatter(lambda value, _pos: format_decimal(value, format="#,##0.#", locale=locale))


def _whole_numbers(axis) -> None:
    """Ticks at whole numbers only, on an axis that counts (services, users, LSGs)."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(nbins=5, integer=True, min_n_ticks=1))


def _wrap(label: str, width: int = LABEL_CHARS) -> str:
    return textwrap.fill(label, width, break_long_words=False, break_on_hyphens=False)


def _title(fig, text: str) -> None:
    """The chart's title on the figure, left-aligned and wrapped: never clipped by the
    axes' width, whatever the language."""
    fig.suptitle(
        _wrap(text, TITLE_CHARS), x=0.01, ha="left", fontweight="bold", fontsize=TITLE_SIZE
    )


def _footer_lines(about: dict) -> list[tuple[str, str]]:
    def wrap(text: str) -> list[str]:
        return textwrap.wrap(text, FOOTER_CHARS, break_on_hyphens=False, break_long_words=False)

    lines = [(line, "bold") for line in wrap(about["notice"])]
    return lines + [(line, "normal") for line in wrap(about["credit"])]


def _footer_height(lines: list) -> float:
    return 0.12 + FOOTER_LINE * len(lines)


def _ranks_labels(spec: dict) -> list[str]:
    return [_wrap(label, 24) for label in spec["labels"]]


# The height (inches) of each kind of chart above its footer, from its spec alone: pages
# give every image its size before it is drawn (the page does not jump as it loads).
HEIGHTS = {
    "bars_compare": lambda s: 1.6 + 0.6 * len(s["categories"]) * len(s["series"]) / 2,
    "lines": lambda s: 4.4,
    "ranks": lambda s: (
        1.2
        + 0.24 * sum(label.count("\n") + 1 for label in _ranks_labels(s))
        + 0.16 * len(s["labels"])
    ),
    "ranking": lambda s: 1.6 + 0.215 * len(s["names"]),
    "histogram": lambda s: 3.4,
    "panels": lambda s: 6.4,
}


def _figsize(spec: dict) -> tuple[float, float]:
    return WIDTH, HEIGHTS[spec["kind"]](spec)


def size(spec: dict) -> tuple[int, int]:
    """The chart's SVG size in CSS pixels (96 per inch), footer included."""
    width, height = _figsize(spec)
    height += _footer_height(_footer_lines(spec["about"]))
    return round(width * 96), round(height * 96)


def _footer(fig, about: dict) -> None:
    """Make room under the chart and draw the demonstration notice (bold, when there is
    one) and the source line: the image says what it shows even when copied alone."""

    lines = _footer_lines(about)
    width, height = fig.get_size_inches()
    extra = _footer_height(lines)
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
        fig.text(0.01, y, line, fontsize=FOOTER_SIZE, fontweight=weight, color="#1a1a1a")


def _with_metadata(svg: str, about: Provenance) -> str:
    """Matplotlib's `<metadata>` replaced by ours (licence, source, version, notice)."""
    svg, count = re.subn(
        r"<metadata>.*?</metadata>", lambda _: svg_metadata(about), svg, count=1, flags=re.S
    )
    if count != 1:
        raise ValueError("matplotlib wrote no <metadata> element to replace")
    return svg


def render(spec: dict) -> bytes:
    """One chart as SVG bytes; the drawing functions below are looked up by `spec["kind"]`."""
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


def _bars_compare(plt, spec):
    """Horizontal grouped bars: categories x series (this LSG, district, Serbia)."""
    categories, series = spec["categories"], spec["series"]
    height = 0.8 / len(series)
    fig, ax = plt.subplots(figsize=_figsize(spec))
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
    ax.set_yticks(range(len(categories)), [_wrap(c) for c in categories])
    ax.invert_yaxis()
    _whole_numbers(ax.xaxis)
    ax.xaxis.set_major_formatter(_formatter(spec))
    ax.set_xlabel(spec["xlabel"])
    _title(fig, spec["title"])
    # Legend under the plot, one series a line: never over the bars or the labels.
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.18 - 0.1 / fig.get_size_inches()[1]))
    return fig


def _lines(plt, spec):
    fig, ax = plt.subplots(figsize=_figsize(spec))
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


def _ranks(plt, spec):
    """Where one LSG stands on each indicator: rank 1 (highest value) to n."""
    labels, ranks, n = spec["labels"], spec["ranks"], spec["n"]
    labels = _ranks_labels(spec)
    fig, ax = plt.subplots(figsize=_figsize(spec))
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


def _ranking(plt, spec):
    names, values, highlight = spec["names"], spec["values"], spec.get("highlight", [])
    fig, ax = plt.subplots(figsize=_figsize(spec))
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


def _histogram(plt, spec):
    fig, ax = plt.subplots(figsize=_figsize(spec))
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


def _panels(plt, spec):
    """Two small bar panels, one above the other (never a double y-axis). Years stand
    under upright bars; words (roles, kinds of money) beside lying ones, where they have
    room."""
    fig, axes = plt.subplots(2, 1, figsize=_figsize(spec))
    for ax, panel, colour in zip(axes, spec["panels"], [BLUE, GREEN], strict=True):
        labels = panel["labels"]
        if all(label.isdigit() for label in labels):
            ax.bar(range(len(labels)), panel["values"], color=colour)
            ax.set_xticks(range(len(labels)), labels)
            value_axis = ax.yaxis
            ax.grid(axis="y", color="#dddddd", lw=0.6)
        else:
            ax.barh(range(len(labels)), panel["values"], color=colour)
            ax.set_yticks(range(len(labels)), [_wrap(label) for label in labels])
            ax.invert_yaxis()
            value_axis = ax.xaxis
            ax.grid(axis="x", color="#dddddd", lw=0.6)
            if labels:
                ax.xaxis.set_major_locator(plt.MaxNLocator(3, integer=panel.get("counts", False)))
        if panel.get("counts"):
            _whole_numbers(value_axis)
        value_axis.set_major_formatter(_formatter(spec))
        ax.set_title(_wrap(panel["title"], TITLE_CHARS), fontsize=TEXT_SIZE, fontweight="bold")
        ax.set_axisbelow(True)
    _title(fig, spec["title"])
    return fig


KINDS = {
    "bars_compare": _bars_compare,
    "lines": _lines,
    "ranks": _ranks,
    "ranking": _ranking,
    "histogram": _histogram,
    "panels": _panels,
}


def _render_keyed(item: tuple[str, dict]) -> tuple[str, bytes]:
    key, spec = item
    return key, render(spec)


# -- specs and figures ---------------------------------------------------------------------


def split_by(frame: pd.DataFrame, column: str):
    """A function code -> the rows of `frame` whose `column` is code (in table order;
    an empty frame for none), from one pass over the table."""
    groups = {key: rows for key, rows in frame.groupby(column, sort=False)}
    empty = frame.iloc[0:0]
    return lambda key: groups.get(key, empty)


class ChartSet:
    """Collects the charts of every page, then renders what the cache does not have."""

    def __init__(self, data: Derived, cache_dir: Path):
        self.data = data
        self.cache_dir = cache_dir / "charts"
        self.queue: dict[str, tuple[dict, bytes]] = {}  # file stem -> (spec, csv bytes)
        services = data.services
        self.totals = (
            services.groupby(["lsg_code", "year"])
            .agg(
                users=("beneficiaries", "sum"),
                n=("service_type_code", "size"),
                funding=("funding_total_rsd", "sum"),
            )
            .reset_index()
        )
        self.district_of = data.lsgs.set_index("code")["district_code"].to_dict()
        types = data.service_types.set_index("code")
        latest = services[services["year"] == data.latest_year].copy()
        latest["group"] = latest["service_type_code"].map(types["group_code"])
        self.group_counts = (
            latest.groupby(["lsg_code", "group"])
            .size()
            .unstack(fill_value=0)
            .reindex(index=list(data.lsgs["code"]), fill_value=0)
        )
        self.groups = list(
            data.service_types.sort_values("sort_order")["group_code"].drop_duplicates()
        )
        self.group_counts = self.group_counts.reindex(columns=self.groups, fill_value=0)
        # Everything an LSG's charts compare it with is computed once here, not per LSG:
        # per-LSG filters and medians over whole tables made the pages stage quadratic.
        self.peers: dict[object, list[str]] = {}
        for c, d in self.district_of.items():
            self.peers.setdefault(d, []).append(c)
        self._district_cache: dict[tuple[str, object], object] = {}
        self.totals_by_lsg = split_by(self.totals, "lsg_code")
        self.latest_by_lsg = split_by(data.indicator_latest, "lsg_code")

    # -- plumbing -------------------------------------------------------------------------

    def _figure(
        self,
        tr: Translator,
        stem: str,
        spec: dict,
        title: str,
        alt: str,
        table: tuple[list[str], list[list[str]]],
        data: tuple[list[str], list[list[object]]],
        tables: list[str],
        lsg: str | None = None,
    ) -> Figure:
        """Queue a chart and return its Figure. `table`: header and formatted cells shown
        on the page; `data`: header and raw values written as the chart's CSV; `tables`:
        the package's resources the values come from (their licence, and whether they are
        demonstration values, go into both files); `lsg`: the LSG whose own values the
        chart shows (it is a demonstration chart exactly when that LSG's rows are)."""
        name = f"{stem}--{tr.lang.code}"
        reporting = self.data.reporting
        own = reporting.lsg_is_demo(lsg) if lsg is not None and reporting is not None else None
        about = provenance(tr, self.data.package, title, tables, demonstration=own)
        spec = {**spec, "title": title, "locale": tr.lang.babel, "about": about.as_dict()}
        self.queue[name] = (spec, table_csv(*data, about))
        width, height = size(spec)
        return Figure(
            id=f"fig-{stem}",
            src=f"{CHARTS_DIR}/{name}.svg",
            title=title,
            alt=alt,
            columns=table[0],
            rows=table[1],
            csv=f"{CHARTS_DIR}/{name}.csv",
            width=width,
            height=height,
        )

    @staticmethod
    def key(spec: dict) -> str:
        """The chart's data and texts, this file and the libraries that draw it (Babel
        formats the axis labels)."""
        libraries = [version(name) for name in LIBRARIES]
        payload = json.dumps([spec, CODE_VERSION, libraries], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def render(self, out_dir: Path, workers: int | None = None) -> dict[str, int]:
        """Write every queued chart (SVG + CSV) into out_dir; render only cache misses."""
        out_dir.mkdir(parents=True, exist_ok=True)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        keys = {name: self.key(spec) for name, (spec, _) in self.queue.items()}
        missing = {
            keys[name]: spec
            for name, (spec, _) in self.queue.items()
            if not (self.cache_dir / f"{keys[name]}.svg").exists()
        }
        workers = workers or min(len(missing), os.cpu_count() or 1)
        if missing:
            items = sorted(missing.items())
            label = "charts"
            if workers > 1:
                with ProcessPoolExecutor(max_workers=workers) as pool:
                    results = pool.map(_render_keyed, items, chunksize=8)
                    self._store(progress(results, len(items), label))
            else:
                self._store(progress(map(_render_keyed, items), len(items), label))
        for name, (_, csv_bytes) in self.queue.items():
            shutil.copyfile(self.cache_dir / f"{keys[name]}.svg", out_dir / f"{name}.svg")
            (out_dir / f"{name}.csv").write_bytes(csv_bytes)
        return {
            "charts": len(self.queue),
            "rendered": len(missing),
            "cached": len(self.queue) - len(missing),
        }

    def _store(self, results) -> None:
        for key, svg in results:
            target = self.cache_dir / f"{key}.svg"
            partial = target.with_suffix(".tmp")
            partial.write_bytes(svg)
            os.replace(partial, target)

    # -- LSG pages -------------------------------------------------------------------------

    def _per_district(self, what: str, code: str, compute):
        """`compute(peers)` for the district of `code`, once per district."""
        district = self.district_of[code]
        key = (what, district)
        if key not in self._district_cache:
            self._district_cache[key] = compute(self.peers[district])
        return self._district_cache[key]

    @functools.cached_property
    def _years(self) -> list[int]:
        return list(range(self.data.first_year, self.data.latest_year + 1))

    @functools.cached_property
    def _national_groups(self) -> tuple[list[float], float]:
        counts = self.group_counts
        return (
            [float(counts[g].median()) for g in self.groups],
            float(counts.sum(axis=1).median()),
        )

    @functools.cached_property
    def _users_grid(self) -> pd.DataFrame:
        # LSGs without any service in a year count as 0 users, not as missing.
        return (
            self.totals.pivot(index="lsg_code", columns="year", values="users")
            .reindex(index=list(self.district_of), columns=self._years)
            .fillna(0)
        )

    @functools.cached_property
    def _national_users(self) -> list[float]:
        return [float(self._users_grid[y].median()) for y in self._years]

    @functools.cached_property
    def _spending(self):
        """(definition, rows by LSG, Serbia median per year) of spending per resident."""
        indicator = "social_protection_spending_per_capita"
        if indicator not in set(self.data.indicator_definitions["code"]):
            return None
        definition = self.data.indicator_definitions.set_index("code").loc[indicator]
        series = self._indicator_series(indicator)
        medians = series.groupby("year")["value"].median()
        national = [none_if_missing(medians.get(y)) for y in self._years]
        return definition, split_by(series, "lsg_code"), national

    @functools.cached_property
    def _sorted_definitions(self) -> list[dict]:
        return self.data.indicator_definitions.sort_values("sort_order").to_dict("records")

    def for_lsg(self, tr: Translator, lsg: dict) -> list[Figure | None]:
        """Services by group, users over time, spending per resident, ranks (None when
        the package has no data for one of them)."""
        code = lsg["code"]
        name = tr.name(lsg)
        district = tr.name(lsg, "district_lat", "district_cyr", "district_en")
        return [
            self._lsg_groups(tr, code, name, district),
            self._lsg_users(tr, code, name, district),
            self._lsg_spending(tr, code, name),
            self._lsg_ranks(tr, code, name),
        ]

    def _lsg_groups(self, tr: Translator, code: str, name: str, district: str) -> Figure:
        year = self.data.latest_year
        counts = self.group_counts
        mine = [int(counts.loc[code, g]) for g in self.groups]
        district_median, district_total = self._per_district(
            "groups",
            code,
            lambda peers: (
                [float(counts.loc[peers, g].median()) for g in self.groups],
                float(counts.loc[peers].sum(axis=1).median()),
            ),
        )
        national, national_total = self._national_groups
        labels = [tr.t("group." + g) for g in self.groups]
        alt = tr.t(
            "chart.lsg_groups.alt",
            name=name,
            year=year,
            total=tr.number(sum(mine)),
            district=district,
            district_total=tr.number(district_total, 1 if district_total % 1 else 0),
            national_total=tr.number(national_total, 1 if national_total % 1 else 0),
        )
        table = (
            [
                tr.t("chart.col.group"),
                name,
                tr.t("chart.series.district_median"),
                tr.t("chart.series.national_median"),
            ],
            [
                [
                    labels[i],
                    tr.number(mine[i]),
                    tr.number(district_median[i], 1),
                    tr.number(national[i], 1),
                ]
                for i in range(len(labels))
            ],
        )
        data = (
            [
                "lsg_code",
                "lsg_name",
                "district",
                "year",
                "group_code",
                "group_name",
                "services",
                "district_median",
                "national_median",
            ],
            [
                [code, name, district, year, g, labels[i], mine[i], district_median[i], national[i]]
                for i, g in enumerate(self.groups)
            ],
        )
        spec = {
            "kind": "bars_compare",
            "categories": [tr.t("chart.group_short." + g) for g in self.groups],
            "series": [
                {"label": name, "values": mine},
                {"label": tr.t("chart.series.district_median"), "values": district_median},
                {"label": tr.t("chart.series.national_median"), "values": national},
            ],
            "xlabel": tr.t("chart.axis.services"),
        }
        title = tr.t("chart.lsg_groups.title", year=year)
        tables = ["services", "service_types", "lsg"]
        return self._figure(
            tr, f"lsg-{code}-groups", spec, title, alt, table, data, tables, lsg=code
        )

    def _lsg_users(self, tr: Translator, code: str, name: str, district_name: str) -> Figure:
        years = self._years
        mine = self.totals_by_lsg(code).set_index("year")["users"]
        grid = self._users_grid
        values = [int(mine.get(y, 0)) for y in years]
        district = self._per_district(
            "users", code, lambda peers: [float(grid.loc[peers, y].median()) for y in years]
        )
        national = self._national_users
        alt = tr.t(
            "chart.lsg_users.alt",
            name=name,
            first_year=years[0],
            last_year=years[-1],
            first=tr.number(values[0]),
            last=tr.number(values[-1]),
            district=tr.number(district[-1], 1 if district[-1] % 1 else 0),
            national=tr.number(national[-1], 1 if national[-1] % 1 else 0),
        )
        table = (
            [
                tr.t("field.year"),
                name,
                tr.t("chart.series.district_median"),
                tr.t("chart.series.national_median"),
            ],
            [
                [str(y), tr.number(values[i]), tr.number(district[i], 1), tr.number(national[i], 1)]
                for i, y in enumerate(years)
            ],
        )
        data = (
            [
                "lsg_code",
                "lsg_name",
                "district",
                "year",
                "users",
                "district_median",
                "national_median",
            ],
            [
                [code, name, district_name, y, values[i], district[i], national[i]]
                for i, y in enumerate(years)
            ],
        )
        spec = {
            "kind": "lines",
            "x": years,
            "series": [
                {"label": name, "values": values},
                {"label": tr.t("chart.series.district_median"), "values": district},
                {"label": tr.t("chart.series.national_median"), "values": national},
            ],
            "ylabel": tr.t("chart.axis.users"),
            "counts": True,
        }
        title = tr.t("chart.lsg_users.title")
        return self._figure(
            tr, f"lsg-{code}-users", spec, title, alt, table, data, ["services", "lsg"], lsg=code
        )

    def _indicator_series(self, indicator: str) -> pd.DataFrame:
        frame = self.data.indicators
        return frame[frame["indicator_code"] == indicator]

    def _lsg_spending(self, tr: Translator, code: str, name: str) -> Figure | None:
        spending = self._spending
        if spending is None:
            return None
        definition, by_lsg, national = spending
        years = self._years
        mine = by_lsg(code).set_index("year")["value"]
        values = [none_if_missing(mine.get(y)) for y in years]
        fmt = lambda v: tr.value(v, definition["unit"], int(definition["decimals"]))  # noqa: E731
        known = [(y, v) for y, v in zip(years, values, strict=True) if v is not None]
        if known:
            alt = tr.t(
                "chart.lsg_spending.alt",
                name=name,
                first_year=known[0][0],
                last_year=known[-1][0],
                first=fmt(known[0][1]),
                last=fmt(known[-1][1]),
                national=fmt(national[years.index(known[-1][0])]),
            )
        else:
            alt = tr.t("chart.no_data", name=name)
        table = (
            [tr.t("field.year"), name, tr.t("chart.series.national_median")],
            [[str(y), fmt(values[i]), fmt(national[i])] for i, y in enumerate(years)],
        )
        indicator, unit = definition.name, tr.t("unit." + definition["unit"])
        indicator_name = tr.pick(definition, "name")
        data = (
            [
                "lsg_code",
                "lsg_name",
                "indicator_code",
                "indicator_name",
                "year",
                "value",
                "national_median",
                "unit",
            ],
            [
                [code, name, indicator, indicator_name, y, values[i], national[i], unit]
                for i, y in enumerate(years)
            ],
        )
        spec = {
            "kind": "lines",
            "x": years,
            "series": [
                {"label": name, "values": values},
                {"label": tr.t("chart.series.national_median"), "values": national},
            ],
            "ylabel": tr.t("chart.axis.rsd_per_resident"),
        }
        title = tr.t("chart.lsg_spending.title")
        tables = ["indicators", "indicator_definitions", "lsg"]
        return self._figure(
            tr, f"lsg-{code}-spending", spec, title, alt, table, data, tables, lsg=code
        )

    def _lsg_ranks(self, tr: Translator, code: str, name: str) -> Figure:
        mine = self.latest_by_lsg(code).set_index("indicator_code")
        definitions = [
            d
            for d in self._sorted_definitions
            if d["code"] in mine.index and none_if_missing(mine.loc[d["code"], "rank"]) is not None
        ]
        n = len(self.data.lsgs)
        labels = [tr.pick(d, "name") for d in definitions]
        ranks = [int(mine.loc[d["code"], "rank"]) for d in definitions]
        counts = [int(mine.loc[d["code"], "count"]) for d in definitions]
        top = [labels[i] for i, r in enumerate(ranks) if r <= counts[i] / 4]
        bottom = [labels[i] for i, r in enumerate(ranks) if r > counts[i] * 3 / 4]
        alt = tr.t(
            "chart.lsg_ranks.alt",
            name=name,
            count=tr.number(len(ranks)),
            top=", ".join(top) or tr.t("chart.none"),
            bottom=", ".join(bottom) or tr.t("chart.none"),
        )
        table = (
            [tr.t("field.indicator"), tr.t("field.rank")],
            [
                [labels[i], f"{tr.number(ranks[i])}/{tr.number(counts[i])}"]
                for i in range(len(labels))
            ],
        )
        year = self.data.latest_year
        data = (
            [
                "lsg_code",
                "lsg_name",
                "year",
                "indicator_code",
                "indicator_name",
                "rank",
                "ranked_lsgs",
            ],
            [
                [code, name, year, d["code"], labels[i], ranks[i], counts[i]]
                for i, d in enumerate(definitions)
            ],
        )
        spec = {
            "kind": "ranks",
            "labels": labels,
            "ranks": ranks,
            "n": n,
            "first": tr.t("chart.rank.first"),
            "middle": tr.t("chart.rank.middle"),
            "last": tr.t("chart.rank.last", n=n),
        }
        title = tr.t("chart.lsg_ranks.title", year=year)
        tables = ["indicators", "indicator_definitions", "lsg"]
        return self._figure(
            tr, f"lsg-{code}-ranks", spec, title, alt, table, data, tables, lsg=code
        )

    # -- indicator pages ---------------------------------------------------------------------

    def for_indicator(self, tr: Translator, definition: dict) -> list[Figure]:
        code = definition["code"]
        unit, decimals = definition["unit"], int(definition["decimals"])
        fmt = lambda v: tr.value(none_if_missing(v), unit, decimals)  # noqa: E731
        axis = tr.t("chart.axis.value", unit=tr.t("unit." + unit))
        latest = self.data.indicator_latest
        rows = latest[latest["indicator_code"] == code].dropna(subset=["value"])
        rows = rows.sort_values(["rank", "lsg_code"])
        lsg = self.data.lsg
        names = [tr.name(lsg.loc[c].to_dict() | {"code": c}) for c in rows["lsg_code"]]
        values = [float(v) for v in rows["value"]]
        median = float(rows["value"].median()) if len(rows) else 0.0
        name = tr.pick(definition, "name")
        year = self.data.latest_year
        figures = []
        if values:
            alt = tr.t(
                "chart.indicator_ranking.alt",
                indicator=name,
                year=year,
                count=tr.number(len(values)),
                top=names[0],
                top_value=fmt(values[0]),
                bottom=names[-1],
                bottom_value=fmt(values[-1]),
                median=fmt(median),
            )
        else:
            alt = tr.t("chart.no_data", name=name)
        table = (
            [tr.t("field.rank"), tr.t("field.lsg"), tr.t("field.value")],
            [[tr.number(int(r)), names[i], fmt(values[i])] for i, r in enumerate(rows["rank"])],
        )
        unit_name = tr.t("unit." + unit)
        data = (
            ["indicator_code", "indicator_name", "year", "rank", "lsg_code", "lsg_name", "value"]
            + ["unit"],
            [
                [code, name, year, int(r), c, names[i], v, unit_name]
                for i, (r, c, v) in enumerate(
                    zip(rows["rank"], rows["lsg_code"], values, strict=True)
                )
            ],
        )
        spec = {
            "kind": "ranking",
            "names": names,
            "values": values,
            "median": median,
            "median_label": tr.t("chart.series.national_median") + ": " + fmt(median),
            "xlabel": axis,
        }
        title = tr.t("chart.indicator_ranking.title", year=year)
        tables = ["indicators", "indicator_definitions", "lsg"]
        figures.append(
            self._figure(tr, f"indicator-{code}-ranking", spec, title, alt, table, data, tables)
        )
        tables = ["indicators", "indicator_definitions"]
        serbia = tr.t("data.metadata.serbia")

        # distribution
        bins = 12
        if values:
            import numpy as np

            edges = np.histogram_bin_edges(values, bins=bins)
            counts, _ = np.histogram(values, bins=edges)
            modal = int(counts.argmax())
            alt = tr.tn(
                "chart.indicator_distribution.alt",
                len(values),
                indicator=name,
                low=fmt(edges[modal]),
                high=fmt(edges[modal + 1]),
                count=tr.number(int(counts[modal])),
                total=tr.number(len(values)),
                median=fmt(median),
            )
            table_rows = [
                [f"{fmt(edges[i])} – {fmt(edges[i + 1])}", tr.number(int(counts[i]))]
                for i in range(len(counts))
            ]
            data_rows = [
                [code, name, serbia, year, float(edges[i]), float(edges[i + 1]), int(counts[i])]
                + [unit_name]
                for i in range(len(counts))
            ]
        else:
            table_rows, data_rows = [], []
        table = ([tr.t("chart.col.range"), tr.t("chart.col.lsg_count")], table_rows)
        data = (
            ["indicator_code", "indicator_name", "area", "year", "from", "to", "lsgs", "unit"],
            data_rows,
        )
        spec = {
            "kind": "histogram",
            "values": values,
            "bins": bins,
            "median": median,
            "median_label": tr.t("chart.series.national_median"),
            "xlabel": axis,
            "ylabel": tr.t("chart.col.lsg_count"),
        }
        title = tr.t("chart.indicator_distribution.title", year=year)
        figures.append(
            self._figure(
                tr, f"indicator-{code}-distribution", spec, title, alt, table, data, tables
            )
        )

        # national trend
        series = self._indicator_series(code)
        years = list(range(self.data.first_year, self.data.latest_year + 1))
        by_year = series.groupby("year")["value"]
        medians = [none_if_missing(by_year.median().get(y)) for y in years]
        q1 = [none_if_missing(by_year.quantile(0.25).get(y)) for y in years]
        q3 = [none_if_missing(by_year.quantile(0.75).get(y)) for y in years]
        alt = tr.t(
            "chart.indicator_trend.alt",
            indicator=name,
            first_year=years[0],
            last_year=years[-1],
            first=fmt(medians[0]),
            last=fmt(medians[-1]),
        )
        table = (
            [
                tr.t("field.year"),
                tr.t("chart.series.quartile1"),
                tr.t("chart.series.national_median"),
                tr.t("chart.series.quartile3"),
            ],
            [[str(y), fmt(q1[i]), fmt(medians[i]), fmt(q3[i])] for i, y in enumerate(years)],
        )
        data = (
            ["indicator_code", "indicator_name", "area", "year", "quartile_1", "median"]
            + ["quartile_3", "unit"],
            [
                [code, name, serbia, y, q1[i], medians[i], q3[i], unit_name]
                for i, y in enumerate(years)
            ],
        )
        spec = {
            "kind": "lines",
            "x": years,
            "series": [
                {"label": tr.t("chart.series.quartile3"), "values": q3},
                {"label": tr.t("chart.series.national_median"), "values": medians},
                {"label": tr.t("chart.series.quartile1"), "values": q1},
            ],
            "ylabel": axis,
        }
        title = tr.t("chart.indicator_trend.title")
        figures.append(
            self._figure(tr, f"indicator-{code}-trend", spec, title, alt, table, data, tables)
        )
        return figures

    # -- service-type pages ------------------------------------------------------------------

    def for_service(self, tr: Translator, service_type: dict) -> list[Figure]:
        code = service_type["code"]
        years = list(range(self.data.first_year, self.data.latest_year + 1))
        rows = self.data.services[self.data.services["service_type_code"] == code]
        by_year = rows.groupby("year")
        n_lsg = [int(by_year["lsg_code"].nunique().get(y, 0)) for y in years]
        users = [int(by_year["beneficiaries"].sum().get(y, 0)) for y in years]
        name = tr.pick(service_type, "name")
        alt = tr.tn(
            "chart.service.alt",
            len(self.data.lsgs),
            service=name,
            first_year=years[0],
            last_year=years[-1],
            first_lsg=tr.number(n_lsg[0]),
            last_lsg=tr.number(n_lsg[-1]),
            total=tr.number(len(self.data.lsgs)),
            first_users=tr.number(users[0]),
            last_users=tr.number(users[-1]),
        )
        table = (
            [tr.t("field.year"), tr.t("chart.col.lsg_count"), tr.t("field.users")],
            [[str(y), tr.number(n_lsg[i]), tr.number(users[i])] for i, y in enumerate(years)],
        )
        serbia = tr.t("data.metadata.serbia")
        data = (
            ["service_type_code", "service_type_name", "area", "year", "lsgs_with_service"]
            + ["users"],
            [[code, name, serbia, y, n_lsg[i], users[i]] for i, y in enumerate(years)],
        )
        spec = {
            "kind": "panels",
            "panels": [
                {
                    "title": tr.t("chart.service.panel_lsg"),
                    "labels": [str(y) for y in years],
                    "values": n_lsg,
                    "counts": True,
                },
                {
                    "title": tr.t("chart.service.panel_users"),
                    "labels": [str(y) for y in years],
                    "values": users,
                    "counts": True,
                },
            ],
        }
        title = tr.t("chart.service.title")
        tables = ["services", "service_types"]
        return [self._figure(tr, f"service-{code}-history", spec, title, alt, table, data, tables)]

    # -- programme pages ---------------------------------------------------------------------

    def for_programme(self, tr: Translator, programme: dict) -> list[Figure]:
        code = programme["code"]
        members = self.data.programme_lsg[self.data.programme_lsg["programme_code"] == code]
        roles = sorted(members["role"].unique())
        role_counts = [int((members["role"] == r).sum()) for r in roles]
        role_labels = [tr.t("role." + r) for r in roles]
        currency = programme["currency"] or ""
        money = [
            (key, tr.t(f"chart.programme.{key}"), float(programme[key]))
            for key in ("budget", "funder_contribution")
            if none_if_missing(programme[key]) is not None
        ]
        name = tr.pick(programme, "name")
        n_members = int(members["lsg_code"].nunique())
        alt = tr.tn(
            "chart.programme.alt",
            n_members,
            name=name,
            count=tr.number(n_members),
            roles=tr.join(
                tr.t("chart.programme.role_count", role=label, count=tr.number(c))
                for label, c in zip(role_labels, role_counts, strict=True)
            ),
            money=tr.join(
                tr.t(
                    "chart.programme.amount",
                    item=label,
                    amount=tr.number(v, 2 if v % 1 else 0),
                    currency=currency,
                )
                for _, label, v in money
            )
            or tr.t("chart.programme.no_budget"),
        )
        table = (
            [tr.t("chart.col.item"), tr.t("field.value")],
            [[label, tr.number(c)] for label, c in zip(role_labels, role_counts, strict=True)]
            + [[f"{label} ({currency})", tr.number(v, 2 if v % 1 else 0)] for _, label, v in money],
        )
        lsgs = tr.t("field.lsg_count")
        data = (
            ["programme_code", "programme_name", "item", "item_name", "value", "unit"],
            [
                [code, name, f"role:{r}", label, c, lsgs]
                for r, label, c in zip(roles, role_labels, role_counts, strict=True)
            ]
            + [[code, name, key, label, v, currency] for key, label, v in money],
        )
        spec = {
            "kind": "panels",
            "panels": [
                {
                    "title": tr.t("chart.programme.panel_lsgs"),
                    "labels": [tr.t("chart.role_short." + r) for r in roles],
                    "values": role_counts,
                    "counts": True,
                },
                {
                    "title": tr.t("chart.programme.panel_money", currency=currency)
                    if money
                    else tr.t("chart.programme.no_budget"),
                    "labels": [label for _, label, _ in money],
                    "values": [v for _, _, v in money],
                },
            ],
        }
        title = tr.t("chart.programme.title")
        tables = ["programmes", "programme_lsg"]
        return [
            self._figure(tr, f"programme-{code}-overview", spec, title, alt, table, data, tables)
        ]
