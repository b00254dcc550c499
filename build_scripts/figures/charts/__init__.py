"""Charts (matplotlib SVG) for LSG, indicator, service-type and programme pages (`pipeline`).

The package, in the order a chart is made:

- `lsg`, `indicator`, `service`, `programme`: what each page type shows, as a `chart.Chart`
  (spec, title, text alternative, data table and CSV rows) in the page's language, from the
  figures `derive` computed (charts only format them);
- `chartset.ChartSet`: queues each page's charts and returns their `Figure`s at once, then
  draws what the content cache does not have, in parallel;
- `layout`: sizes and line breaks known from a spec alone; `draw`: the six kinds of chart;
  `svg`: one spec to deterministic SVG bytes with its footer and metadata.

All words come from the message catalogs (`locales/charts/`); numbers are formatted by
Babel through the Translator.
"""

from __future__ import annotations

from build_scripts.derive.split import split_by
from build_scripts.figures.charts.chartset import ChartSet
from build_scripts.figures.charts.layout import size
from build_scripts.figures.charts.svg import render

__all__ = ["ChartSet", "render", "size", "split_by"]
