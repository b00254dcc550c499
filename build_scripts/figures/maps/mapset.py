"""Every map of the site: the specs of all kinds in all languages, the cache, and writing
the files (see the package docstring for what the pages get)."""

from __future__ import annotations

import json
import pkgutil
import re
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

from build_scripts.derive import Derived
from build_scripts.figures import Figure, Provenance, table_csv
from build_scripts.figures.maps import indicator, locator, programme, reporting, service
from build_scripts.figures.maps.assemble import assemble
from build_scripts.figures.maps.base import Base, render_base
from build_scripts.figures.maps.context import MapContext, MapSpec
from build_scripts.i18n import LANGUAGES, Language, Translator
from build_scripts.storage import ContentCache, write_if_changed

# The code a map file depends on, declared once for its cache: every module of this
# package (found, so a new one cannot be left out) and figures/__init__.py, which writes
# the maps' provenance and CSV; with the matplotlib version and the boundaries file.
CODE = (
    "figures",
    "figures.maps",
    *sorted(f"figures.maps.{m.name}" for m in pkgutil.iter_modules([str(Path(__file__).parent)])),
)
LIBRARIES = ("matplotlib",)
FILE_RE = re.compile(
    r"^map-(?:indicator|service|programme|lsg)[-\w]*--(?:"
    + "|".join(re.escape(lang.code) for lang in LANGUAGES)
    + r")\.(?:svg|csv)$"
)
KINDS: dict[str, Callable[[MapContext, str, Translator], MapSpec]] = {
    "indicator": indicator.spec,
    "service": service.spec,
    "programme": programme.spec,
    "locator": locator.spec,
    "reporting": reporting.spec,
}


class MapSet:
    """Every map of the site; see the package docstring."""

    def __init__(self, data: Derived, out_dir: Path, cache_dir: Path | None):
        self.data = data
        self.out_dir = Path(out_dir)
        self.cache_dir = cache_dir
        self.context = MapContext(data)
        self._specs: dict[tuple[str, str, str], MapSpec] = {}

    @cached_property
    def cache(self) -> ContentCache:
        return ContentCache(
            "maps",
            code=CODE,
            libraries=LIBRARIES,
            files=[self.context.geojson],
            root=self.cache_dir,
        )

    def spec(self, kind: str, code: str, lang: Language) -> MapSpec:
        """The spec of one map (built once per set)."""
        key = (kind, code, lang.code)
        if key not in self._specs:
            self._specs[key] = KINDS[kind](self.context, code, Translator(lang))
        return self._specs[key]

    # -- what the pages show --------------------------------------------------------------

    def indicator(self, indicator_code: str, lang: Language) -> Figure:
        """The choropleth of one indicator in the latest year."""
        return self.context.figure(self.spec("indicator", indicator_code, lang))

    def service(self, service_type_code: str, lang: Language) -> Figure:
        """Where a service type is offered in the latest year."""
        return self.context.figure(self.spec("service", service_type_code, lang))

    def programme(self, programme_code: str, lang: Language) -> Figure:
        """Which LSGs take part in a programme, in which role."""
        return self.context.figure(self.spec("programme", programme_code, lang))

    def reporting(self, lang: Language) -> Figure:
        """Whose figures for the latest year are reported."""
        return self.context.figure(self.spec("reporting", "", lang))

    def locator(self, lsg_code: str, lang: Language) -> Figure:
        """Where one LSG (or a Belgrade city municipality: then Belgrade) lies in Serbia."""
        if lsg_code not in self.context.units:
            raise KeyError(f"unknown LSG {lsg_code!r}")
        spec = self.spec("locator", "", lang)
        return locator.figure(self.context, spec, lsg_code, Translator(lang))

    # -- rendering ------------------------------------------------------------------------

    def specs(self) -> list[MapSpec]:
        """Every map of the site, in every language."""
        specs = []
        for lang in LANGUAGES:
            for code in self.data.indicator_definitions["code"]:
                specs.append(self.spec("indicator", code, lang))
            for code in self.data.service_types["code"]:
                specs.append(self.spec("service", code, lang))
            for code in self.data.programmes["code"]:
                specs.append(self.spec("programme", code, lang))
            specs.append(self.spec("locator", "", lang))
            specs.append(self.spec("reporting", "", lang))
        return specs

    def base(self) -> Base:
        """The drawn boundaries every map is assembled from (matplotlib only when the
        cache lacks them)."""
        key = self.cache.key("base")
        stored = self.cache.get(key, ".json")
        if stored is not None:
            return json.loads(stored.decode("utf-8"))
        base = render_base(self.context.features)
        self.cache.put(key, json.dumps(base, sort_keys=True).encode("utf-8"), ".json")
        return base

    def _files(self, spec: MapSpec, base: Callable[[], Base]) -> tuple[bytes, bytes, bool]:
        """The SVG and CSV of one map, and whether they came from the cache."""
        key = self.cache.key(spec.key_parts)
        svg, csv = self.cache.get(key, ".svg"), self.cache.get(key, ".csv")
        if svg is not None and csv is not None:
            return svg, csv, True
        svg = assemble(spec.svg, base())
        csv = table_csv(spec.csv_header, spec.csv_rows, Provenance(**spec.svg["about"]))
        self.cache.put(key, svg, ".svg")
        self.cache.put(key, csv, ".csv")
        return svg, csv, False

    def render(self) -> dict[str, int]:
        """Write every map (SVG + CSV) into out_dir; build only what the cache lacks. Stale
        map files there are deleted, and cache entries this run did not use."""
        self.out_dir.mkdir(parents=True, exist_ok=True)
        drawn: list[Base] = []

        def base() -> Base:
            if not drawn:
                drawn.append(self.base())
            return drawn[0]

        rendered = cached = 0
        written: set[str] = set()
        for spec in self.specs():
            svg, csv, from_cache = self._files(spec, base)
            cached += from_cache
            rendered += not from_cache
            for suffix, content in ((".svg", svg), (".csv", csv)):
                write_if_changed(self.out_dir / (spec.stem + suffix), content)
                written.add(spec.stem + suffix)
        for path in self.out_dir.iterdir():
            if FILE_RE.match(path.name) and path.name not in written:
                path.unlink()
        self.cache.has(self.cache.key("base"), ".json")  # kept for the next changed map
        self.cache.prune()
        return {"rendered": rendered, "cached": cached, "files": len(written)}
