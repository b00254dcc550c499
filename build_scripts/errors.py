"""Problems found in the data, and the exceptions the CLI turns into exit codes.

A `Problem` is one thing wrong with the input: a stable kebab-case code from
`catalog/errors.json`, the file, the line (header = line 1), the column and a
message rendered from the catalog's template.
"""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass
from typing import Any

from build_scripts import messages


def expected(key: str, **params: str) -> str:
    """Catalog phrase describing what a column expects ('a whole number, such as 1234')."""
    return messages.say("errors", "_expected", key, **params)


@dataclass(frozen=True)
class Problem:
    code: str
    file: str
    row: int | None
    field: str | None
    message: str
    # `dataclasses.field`: the name `field` is the column above
    params: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    @property
    def title(self) -> str:
        return messages.say("errors", self.code, "title")

    def as_record(self) -> dict[str, Any]:
        record = asdict(self)
        record.pop("params")
        record["title"] = self.title
        return record


def problem(
    code: str, file: str, row: int | None = None, field: str | None = None, **params: Any
) -> Problem:
    """Build a Problem, rendering its message from the catalog."""
    if code.startswith("_") or code not in messages.catalog("errors"):  # `_`: not a problem
        raise KeyError(f"unknown problem code {code!r}: add it to catalog/errors.json")
    values = {"field": field, "row": row, "file": file, **params}
    return Problem(
        code, file, row, field, messages.say("errors", code, "message", **values), params
    )


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
