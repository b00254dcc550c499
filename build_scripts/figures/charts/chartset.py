"""The charts of every page: queued while the pages are written, drawn at the end.

A page asks for its figures (`ChartSet.for_lsg(...)` etc.) while it is written; that
returns `Figure`s at once (file names are fixed by page, chart and language) and queues a
*spec*: a small picklable dict holding the chart's data and its texts in the page's
language. `render()` then turns every queued spec into SVG:

- through the build's content cache (`storage.ContentCache`): the key is the spec together
  with the code that draws it (`CODE`) and the versions of matplotlib and Babel, so a chart
  whose data, language and code have not changed is copied from `.cache/charts/`, never
  rendered again;
- uncached specs are rendered in parallel, one process per core.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from build_scripts.derive import Derived
from build_scripts.figures import CHARTS_DIR, Figure, provenance, table_csv
from build_scripts.figures.charts import svg
from build_scripts.figures.charts.chart import Chart
from build_scripts.figures.charts.indicator import IndicatorCharts
from build_scripts.figures.charts.layout import size
from build_scripts.figures.charts.lsg import LsgCharts
from build_scripts.figures.charts.programme import programme_chart
from build_scripts.figures.charts.service import service_chart
from build_scripts.i18n import Translator
from build_scripts.progress import progress
from build_scripts.storage import ContentCache

# What a chart's SVG is made by: every module of the charts, the provenance and metadata
# they write (figures/__init__.py) and the libraries that draw and format it.
CODE = (
    "figures",
    "figures.charts",
    "figures.charts.chart",
    "figures.charts.chartset",
    "figures.charts.draw",
    "figures.charts.indicator",
    "figures.charts.layout",
    "figures.charts.lsg",
    "figures.charts.programme",
    "figures.charts.service",
    "figures.charts.svg",
)
LIBRARIES = ("matplotlib", "babel")


class ChartSet:
    """Collects the charts of every page, then renders what the cache does not have."""

    def __init__(self, data: Derived, cache_dir: Path | None):
        self.data = data
        self.cache_dir = cache_dir
        self.queue: dict[str, tuple[dict[str, Any], bytes]] = {}  # file stem -> (spec, CSV)
        self.lsg_charts = LsgCharts(data)
        self.indicator_charts = IndicatorCharts(data)

    def cache(self) -> ContentCache:
        """The charts' cache, its code digest read now."""
        return ContentCache("charts", code=CODE, libraries=LIBRARIES, root=self.cache_dir)

    def for_lsg(self, tr: Translator, lsg: dict[str, Any]) -> list[Figure | None]:
        """Services by group, beneficiaries over time, spending per resident, ranks (None
        when the package has no data for one of them)."""
        charts = self.lsg_charts.charts(tr, lsg)
        return [None if chart is None else self.figure(tr, chart) for chart in charts]

    def for_indicator(self, tr: Translator, definition: dict[str, Any]) -> list[Figure]:
        return [self.figure(tr, chart) for chart in self.indicator_charts.charts(tr, definition)]

    def for_service(self, tr: Translator, service_type: dict[str, Any]) -> list[Figure]:
        return [self.figure(tr, service_chart(self.data, tr, service_type))]

    def for_programme(self, tr: Translator, programme: dict[str, Any]) -> list[Figure]:
        return [self.figure(tr, programme_chart(self.data, tr, programme))]

    def figure(self, tr: Translator, chart: Chart) -> Figure:
        """Queue a chart and return its Figure."""
        name = f"{chart.stem}--{tr.lang.code}"
        reporting = self.data.reporting
        lsg = chart.lsg
        own = reporting.lsg_is_demo(lsg) if lsg is not None and reporting is not None else None
        about = provenance(tr, self.data.package, chart.title, chart.tables, demonstration=own)
        spec = {
            **chart.spec,
            "title": chart.title,
            "locale": tr.lang.babel,
            "about": about.as_dict(),
        }
        self.queue[name] = (spec, table_csv(*chart.data, about))
        width, height = size(spec)
        return Figure(
            id=f"fig-{chart.stem}",
            src=f"{CHARTS_DIR}/{name}.svg",
            title=chart.title,
            alt=chart.alt,
            columns=chart.table[0],
            rows=chart.table[1],
            csv=f"{CHARTS_DIR}/{name}.csv",
            width=width,
            height=height,
        )

    def render(self, out_dir: Path, workers: int | None = None) -> dict[str, int]:
        """Write every queued chart (SVG + CSV) into out_dir; render only cache misses."""
        out_dir.mkdir(parents=True, exist_ok=True)
        cache = self.cache()
        keys = {name: cache.key(spec) for name, (spec, _) in self.queue.items()}
        missing = {
            keys[name]: spec
            for name, (spec, _) in self.queue.items()
            if not cache.has(keys[name], ".svg")
        }
        drawn: dict[str, bytes] = {}
        if missing:
            items = sorted(missing.items())
            workers = workers or min(len(missing), os.cpu_count() or 1)
            if workers > 1:
                with ProcessPoolExecutor(max_workers=workers) as pool:
                    results = pool.map(svg.render_keyed, items, chunksize=8)
                    drawn = self._store(cache, progress(results, len(items), "charts"))
            else:
                results_here = map(svg.render_keyed, items)
                drawn = self._store(cache, progress(results_here, len(items), "charts"))
        for name, (_, csv_bytes) in self.queue.items():
            key = keys[name]
            image = drawn.get(key) or cache.get(key, ".svg")
            assert image is not None, f"chart {name}: neither drawn nor in the cache"
            (out_dir / f"{name}.svg").write_bytes(image)
            (out_dir / f"{name}.csv").write_bytes(csv_bytes)
        return {
            "charts": len(self.queue),
            "rendered": len(missing),
            "cached": len(self.queue) - len(missing),
        }

    @staticmethod
    def _store(cache: ContentCache, results: Iterable[tuple[str, bytes]]) -> dict[str, bytes]:
        """Each drawn chart into the cache; kept in memory only when there is no cache."""
        drawn = {}
        for key, image in results:
            if cache.enabled:
                cache.put(key, image, ".svg")
            else:
                drawn[key] = image
        return drawn
