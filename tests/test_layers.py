"""The shape of the code, enforced: no import cycles, and no module imports from a layer
above its own. Imports are read from the source (ast), wherever they are written: at the
top, inside a function (a "lazy" import) or under `if TYPE_CHECKING:`; each of those still
ties the two modules together.

Layers, lowest first (decision 0009):

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
        {
            "paths",
            "errors",
            "progress",
            "messages",
            "translit",
            "i18n",
            "address",
            "datapackage",
            "rowsource",
        },
    ),
    ("package and validation", {"tablecheck", "validate", "demo_data"}),
    ("derive", {"derive"}),
    (
        "figures, pages, downloads",
        {
            "figures",
            "charts",
            "maps",
            "pages",
            "opendata",
            "metadata",
            "releases",
            "downloads",
            "search",
        },
    ),
    ("MkDocs layer", {"postbuild", "mkdocs_cache"}),
    ("pipeline and importer", {"site", "importer*", "report_template", "report_import"}),
    ("command line", {"cli", "__main__", "__init__"}),
]


def layer_of(module: str) -> int:
    for level, (_, members) in enumerate(LAYERS):
        for member in members:
            if module == member or (member.endswith("*") and module.startswith(member[:-1])):
                return level
    raise LookupError(module)


def imports(package: Path) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports (by file name, no suffix)."""
    modules = {p.stem for p in package.glob("*.py")}
    graph: dict[str, set[str]] = {}
    for path in sorted(package.glob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                parts = (node.module or "").split(".")
                if node.level == 0 and parts[0] != package.name:
                    continue
                inner = parts[1:] if node.level == 0 else parts
                if inner and inner[0]:
                    names.add(inner[0])
                else:  # from . import site, pages
                    names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    parts = alias.name.split(".")
                    if parts[0] == package.name and len(parts) > 1:
                        names.add(parts[1])
        graph[path.stem] = {n for n in names if n in modules and n != path.stem}
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
    """The reader itself: an import inside a function and one under TYPE_CHECKING count."""
    package = tmp_path / "build_scripts"
    package.mkdir()
    (package / "site.py").write_text("def f():\n    from .cli import say\n")
    (package / "cli.py").write_text("from . import site\n")
    (package / "pages.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .opendata import X\n"
    )
    (package / "opendata.py").write_text("import build_scripts.pages\n")
    graph = imports(package)
    assert cycles(graph) == [["cli", "site"], ["opendata", "pages"]]
    assert upward(graph) == ["site (pipeline and importer) imports cli (command line)"]
