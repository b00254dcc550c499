"""Maps of Serbia's LSGs as static SVG, every region a link to its LSG page.

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
them in ``<metadata>``; every CSV row ends with the same provenance columns as a chart's, and
its first columns are ``lsg_code`` and ``lsg_name``. The methods are cheap and write nothing;
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
- content-addressed cache (``storage.ContentCache``, ``cache_dir/maps``): the key of a map
  is the digest of everything that goes into it (the data and texts of its spec) and of the
  code that makes it, declared once in ``mapset.CODE`` (every module of this package,
  figures/__init__.py, the matplotlib version, the boundaries file); a map whose key is
  cached is copied, and when every map is cached, matplotlib is not even imported;
- deterministic: ``svg.hashsalt`` fixed, no date, sorted inputs, no clock.

The package, in the order a map is made: ``geometry`` (boundaries, neighbours, positions,
simplification), ``svgpath`` (short path data), ``base`` (the one matplotlib render),
``style`` (sizes, colours, CSS), ``classes`` (quantile classes), ``context`` (what every
kind shares, and the skeleton ``region_map``), the kinds ``indicator``, ``service``,
``programme``, ``reporting`` and ``locator``, ``assemble`` (one SVG from the base and a
spec) and ``mapset`` (all maps, the cache, writing). The figures a map states (values,
medians, shares, roles, reporting statuses) are computed by ``derive.regional``.

Colours: choropleths use up to five quantile classes of ColorBrewer YlGnBu (colour-blind safe,
light to dark); "no data" is hatched grey; availability maps use two very different luminances;
programme maps use Okabe-Ito colours per role combination. Nothing relies on colour alone:
legend with class ranges and counts, a title on every region, the data table.

Kosovo and Metohija are not in the boundary file (RZS has published no data for them since
1999); every map says so in its notes and in the SVG. A boundary whose LSG is not in the data
(small test packages) is drawn grey and without a link; an LSG without a boundary is an error.
"""

from __future__ import annotations

from build_scripts.figures.maps.assemble import assemble
from build_scripts.figures.maps.base import render_base
from build_scripts.figures.maps.classes import quantile_classes
from build_scripts.figures.maps.context import MapSpec
from build_scripts.figures.maps.geometry import GEOJSON, load_features, simplify
from build_scripts.figures.maps.mapset import MapSet
from build_scripts.figures.maps.style import SIMPLIFY_PX
from build_scripts.figures.maps.svgpath import compact_path, parse_path

__all__ = [
    "GEOJSON",
    "SIMPLIFY_PX",
    "MapSet",
    "MapSpec",
    "assemble",
    "compact_path",
    "load_features",
    "parse_path",
    "quantile_classes",
    "render_base",
    "simplify",
]
