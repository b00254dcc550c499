"""The reference engine: Frictionless itself runs the Table Schema checks (types,
constraints, primary and foreign keys). `schema` runs the same checks column-wise and is
tested against this one (tests/test_schema.py); the build uses `schema`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import frictionless

from build_scripts.validate.read import Table
from build_scripts.validate.schema import usable_foreign_keys
from build_scripts.validate.translate import problem_of


def run_frictionless(descriptor: dict[str, Any], base: Path, tables: dict[str, Table]) -> None:
    usable = {name for name, t in tables.items() if t.usable}
    resources = []
    for resource in descriptor["resources"]:
        if resource.get("name") not in usable:
            continue
        resource = json.loads(json.dumps(resource))
        schema = resource.get("schema", {})
        schema["foreignKeys"] = usable_foreign_keys(schema, resource["name"], usable)
        resources.append(resource)
    if not resources:
        return
    package = frictionless.Package({"resources": resources}, basepath=str(base))
    report = package.validate()
    for task in report.tasks:
        table = tables[task.name]
        for error in task.errors:
            translated = problem_of(table, error)
            if translated is not None:
                table.problems.append(translated)
