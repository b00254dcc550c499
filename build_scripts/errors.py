"""Problems found in the data, and the exceptions the CLI turns into exit codes.

A `Problem` is one thing wrong with the input: a stable kebab-case code from
`catalog/errors.json`, the file, the line (header = line 1), the column and a
message rendered from the catalog's template.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

from build_scripts.paths import CATALOG


@cache
def catalog() -> dict[str, dict[str, str]]:
    data = json.loads((CATALOG / "errors.json").read_text(encoding="utf-8"))
    data.pop("_comment", None)
    data.pop("_expected", None)
    return data


@cache
def _expected() -> dict[str, str]:
    return json.loads((CATALOG / "errors.json").read_text(encoding="utf-8"))["_expected"]


def expected(key: str, **params: str) -> str:
    """Catalog phrase describing what a column expects ('a whole number, such as 1234')."""
    return _expected()[key].format(**params)


@dataclass(frozen=True)
class Problem:
    code: str
    file: str
    row: int | None
    field: str | None
    message: str
    params: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def title(self) -> str:
        return catalog()[self.code]["title"]

    def as_record(self) -> dict[str, Any]:
        record = asdict(self)
        record.pop("params")
        record["title"] = self.title
        return record


def problem(
    code: str, file: str, row: int | None = None, field: str | None = None, **params
) -> Problem:
    """Build a Problem, rendering its message from the catalog."""
    entry = catalog().get(code)
    if entry is None:
        raise KeyError(f"unknown problem code {code!r}: add it to catalog/errors.json")
    values = {"field": field, "row": row, "file": file, **params}
    return Problem(code, file, row, field, entry["message"].format(**values), params)


class UnusableInput(Exception):
    """The input cannot be validated at all (no package, unreadable JSON): exit 2."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


class ValidationFailed(Exception):
    """Validation found problems; the build stops and nothing is published."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the data")
        self.problems = problems
