"""The shape of the code, enforced: no import cycles, and no module imports from a layer
above its own. Imports are read from the source (ast), wherever they are written: at the
top, inside a function (a "lazy" import) or under `if TYPE_CHECKING:`; each of those still
ties the two modules together.

One package per stage; a module's layer is its stage's. Layers, lowest first (decision
0009):

    leaves  <-  package and validation  <-  derive  <-  figures, pages, downloads
            <-  the MkDocs layer  <-  pipeline and importer  <-  command line
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "build_scripts"

LAYERS: list[tuple[str, set[str]]] = [
    (
        "leaves",
        {"paths", "errors", "progress", "messages", "translit", "i18n", "address", "storage"},
    ),
    ("package and validation", {"datapackage", "validate"}),
    ("derive", {"derive"}),
    ("figures, pages, downloads", {"figures", "pages", "downloads"}),
    ("MkDocs layer", {"mkdocs_build"}),
    ("pipeline and importer", {"pipeline", "importer", "collection"}),
    ("command line", {"cli", "__main__", "__init__"}),
]


def layer_of(module: str) -> int:
    """A module's layer is its stage's: `figures.maps` is in the layer of `figures`."""
    top = module.split(".")[0]
    for level, (_, members) in enumerate(LAYERS):
        if top in members:
            return level
    raise LookupError(module)


def module_names(package: Path) -> dict[Path, str]:
    """Each source file -> its dotted name inside the package (`figures/maps.py` ->
    `figures.maps`, `importer/__init__.py` -> `importer`, `__init__.py` -> `__init__`)."""
    names = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts.pop()
        names[path] = ".".join(parts)
    return names


def imports(package: Path) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports (dotted names, as above)."""
    names = module_names(package)
    modules = set(names.values())

    def resolve(dotted: list[str]) -> str | None:
        """The module a dotted path inside the package names (or the nearest package)."""
        while dotted:
            if ".".join(dotted) in modules:
                return ".".join(dotted)
            dotted = dotted[:-1]
        return None

    graph: dict[str, set[str]] = {}
    for path, name in names.items():
        here = list(path.relative_to(package).parent.parts)  # the module's own package
        found: set[str | None] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                parts = [p for p in (node.module or "").split(".") if p]
                if node.level == 0:
                    if not parts or parts[0] != package.name:
                        continue
                    base = parts[1:]
                else:
                    base = here[: len(here) - (node.level - 1)] + parts
                for alias in node.names:  # `from x import y`: y may be a module of x
                    found.add(resolve([*base, alias.name]))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    parts = alias.name.split(".")
                    if parts[0] == package.name and len(parts) > 1:
                        found.add(resolve(parts[1:]))
        graph[name] = {m for m in found if m and m != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def upward(graph: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{a} ({LAYERS[layer_of(a)][0]}) imports {b} ({LAYERS[layer_of(b)][0]})"
        for a, targets in graph.items()
        for b in targets
        if layer_of(b) > layer_of(a)
    )


@pytest.fixture(scope="module")
def graph():
    return imports(PACKAGE)


def test_every_module_has_a_layer(graph):
    unplaced = []
    for module in graph:
        try:
            layer_of(module)
        except LookupError:
            unplaced.append(module)
    assert not unplaced, f"place these modules in a layer (tests/test_layers.py): {unplaced}"


def test_no_import_cycles(graph):
    assert cycles(graph) == []


def test_no_module_imports_from_a_higher_layer(graph):
    assert upward(graph) == []


def test_the_checks_see_lazy_and_type_only_imports(tmp_path):
    """The reader itself: an import inside a function and one under TYPE_CHECKING count, in a
    package's `__init__` and in its modules, written relative or absolute."""
    package = tmp_path / "build_scripts"
    (package / "pages").mkdir(parents=True)
    (package / "figures").mkdir()
    (package / "pipeline.py").write_text("def f():\n    from .cli import say\n")
    (package / "cli.py").write_text("from . import pipeline\n")
    (package / "pages" / "__init__.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .opendata import X\n"
    )
    (package / "pages" / "opendata.py").write_text("import build_scripts.pages\n")
    (package / "figures" / "__init__.py").write_text("")
    (package / "figures" / "maps.py").write_text(
        "from ..pipeline import build\nfrom build_scripts.figures import maps\n"
    )
    graph = imports(package)
    assert cycles(graph) == [["cli", "pipeline"], ["pages", "pages.opendata"]]
    assert upward(graph) == [
        "figures.maps (figures, pages, downloads) imports pipeline (pipeline and importer)",
        "pipeline (pipeline and importer) imports cli (command line)",
    ]
