"""Small modules (decision 0033, issue 15): no module of build_scripts/ over about 400 lines,
no class over about 250, no function over about 60. "About": a function may run a few lines
over when splitting it would only scatter one sequence of steps; the limits here are the
hard ones."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "build_scripts"
MODULE_LINES, CLASS_LINES, FUNCTION_LINES = 400, 250, 65


def sizes(package: Path) -> dict[str, list[tuple[str, int]]]:
    """Modules, classes and functions over their limit, with their length in lines."""
    over: dict[str, list[tuple[str, int]]] = {"module": [], "class": [], "function": []}
    for path in sorted(package.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        name = str(path.relative_to(package))
        if len(source.splitlines()) > MODULE_LINES:
            over["module"].append((name, len(source.splitlines())))
        for node in ast.walk(ast.parse(source)):
            length = (
                (node.end_lineno or node.lineno) - node.lineno + 1 if hasattr(node, "lineno") else 0
            )
            if isinstance(node, ast.ClassDef) and length > CLASS_LINES:
                over["class"].append((f"{name}:{node.name}", length))
            elif (
                isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and length > FUNCTION_LINES
            ):
                over["function"].append((f"{name}:{node.name}", length))
    return over


def test_no_module_class_or_function_is_over_its_limit():
    assert sizes(PACKAGE) == {"module": [], "class": [], "function": []}


def test_the_measure_sees_each_kind(tmp_path):
    body = "\n".join(f"        x{i} = {i}" for i in range(FUNCTION_LINES))
    (tmp_path / "big.py").write_text(
        f"class Big:\n    def f(self):\n{body}\n\n\n" + "\n" * MODULE_LINES, encoding="utf-8"
    )
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "ok.py").write_text("def g():\n    return 1\n", encoding="utf-8")
    found = sizes(tmp_path)
    assert [name for name, _ in found["module"]] == ["big.py"]
    assert [name for name, _ in found["function"]] == ["big.py:f"]
    assert found["class"] == []
