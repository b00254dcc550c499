"""CSV on the Web metadata for the UTF-8 CSVs (csv-metadata.json, found by CSVW tools next
to the files)."""

from __future__ import annotations

import json
import re

from build_scripts.downloads.metadata import (
    bilingual,
    description,
    literals,
    publisher,
    stable_identifier,
    texts,
)
from build_scripts.downloads.names import Files


def _datatype(spec: dict) -> str | dict:
    kind = spec.get("type", "string")
    constraints = spec.get("constraints", {})
    if kind == "boolean":
        return {"base": "boolean", "format": "true|false"}
    if kind in ("integer", "number"):
        datatype = {"base": kind}
        for bound in ("minimum", "maximum"):
            if bound in constraints:
                datatype[bound] = constraints[bound]
        return datatype if len(datatype) > 1 else kind
    if "pattern" in constraints:
        return {"base": "string", "format": constraints["pattern"]}
    if "enum" in constraints:
        choices = "|".join(re.escape(str(v)) for v in constraints["enum"])
        return {"base": "string", "format": f"^(?:{choices})$"}
    return "string"


def _column(spec: dict, missing: list[str]) -> dict:
    column = {
        "name": spec["name"],
        "titles": spec["name"],
        "dc:title": literals(bilingual(spec, "title")),
        "dc:description": literals(bilingual(spec, "description")),
        "datatype": _datatype(spec),
        "required": bool(spec.get("constraints", {}).get("required")),
        "null": missing,
    }
    if spec.get("unit"):
        column["schema:unitText"] = spec["unit"]
    return column


def _keys(value: str | list[str]) -> str | list[str]:
    return value if isinstance(value, str) or len(value) != 1 else value[0]


def csvw(descriptor: dict, files: Files) -> bytes:
    """CSV on the Web metadata for the UTF-8 CSVs (csv-metadata.json, found by CSVW tools
    next to the files)."""
    tables = []
    paths = {r["name"]: files.csv(r["name"]) for r in descriptor["resources"]}
    for r in descriptor["resources"]:
        schema = r.get("schema")
        if not schema or not r["path"].endswith(".csv"):
            continue
        missing = schema.get("missingValues", [""])
        table_schema: dict = {"columns": [_column(f, missing) for f in schema["fields"]]}
        if schema.get("primaryKey"):
            table_schema["primaryKey"] = _keys(schema["primaryKey"])
        foreign = []
        for fk in schema.get("foreignKeys", []):
            target = fk["reference"]["resource"] or r["name"]
            foreign.append(
                {
                    "columnReference": _keys(fk["fields"]),
                    "reference": {
                        "resource": paths[target],
                        "columnReference": _keys(fk["reference"]["fields"]),
                    },
                }
            )
        if foreign:
            table_schema["foreignKeys"] = foreign
        table: dict[str, object] = {
            "url": paths[r["name"]],
            "dc:title": literals(bilingual(r, "title")),
            "dc:description": literals(description(r)),
            "tableSchema": table_schema,
        }
        if r.get("demonstration"):
            table["notes"] = [
                {
                    "@type": "oa:Annotation",
                    "oa:motivatedBy": {"@id": "oa:commenting"},
                    "oa:hasBody": literals(texts("data.demo.metadata")),
                }
            ]
        if stable_identifier(r["name"]):
            table["dc:identifier"] = stable_identifier(r["name"])
        tables.append(table)
    document = {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "en"}],
        "dc:title": literals(bilingual(descriptor, "title")),
        "dc:description": literals(description(descriptor)),
        "dc:license": [{"@id": x["path"]} for x in descriptor.get("licenses", [])],
        "dc:publisher": publisher(descriptor),
        "schema:version": descriptor["version"],
        "tables": tables,
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
