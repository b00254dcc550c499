"""The data dictionary: every table of the package, its fields, their types,
allowed values and rules, in the page's language; and the package's titles, descriptions
and value labels that the other open-data views reuse."""

from __future__ import annotations

import re

from markupsafe import Markup

from build_scripts.datapackage import references
from build_scripts.downloads import metadata
from build_scripts.i18n import Translator
from build_scripts.validate import CYRILLIC_ONLY, PATTERN_NAMES, SERBIAN_LATIN_ONLY

# metadata.WORDS that are typed as they are (a command, literal values, a program's name)
CODE_WORDS = ("command", "values", "frictionless")
# Fields whose values have labels in the message catalogs: field name -> key prefix.
VALUE_LABELS = {
    "kind": "kind",
    "provider_type": "provider",
    "role": "role",
    "stage": "stage",
    "group_code": "group",
    "unit": "unit",
    "target_groups": "target",
}
# A pattern allowing a list of codes separated by ';', as target_groups has.
CODE_LIST = re.compile(r"^\^\(([a-z0-9_|]+)\)\(;\(\1\)\)\*\$$")
PATTERN_KEYS = {SERBIAN_LATIN_ONLY: "latin", CYRILLIC_ONLY: "cyrillic", **PATTERN_NAMES}


def title(tr: Translator, item: dict) -> str:
    """A title from the package's metadata in the page's language (Serbian in its script)."""
    return tr.sr(item.get("title_sr") or item["title"]) if tr.lang.serbian else item["title"]


def description(tr: Translator, item: dict) -> str:
    if tr.lang.serbian and item.get("description_sr"):
        return tr.sr(item["description_sr"])
    return item.get("description", "")


def dictionary(tr: Translator, descriptor: dict) -> list[dict]:
    """The data dictionary: every table's fields, keys, links and rules."""
    tables = []
    for r in descriptor["resources"]:
        schema = r.get("schema")
        if not schema:
            continue
        missing = [
            tr.t("dict.missing.empty") if v == "" else f"“{v}”"
            for v in schema.get("missingValues", [""])
        ]
        key = schema.get("primaryKey", [])
        links = [
            {"field": f, "table": target, "target_field": tf} for f, target, tf in references(r)
        ]
        tables.append(
            {
                "name": r["name"],
                "title": title(tr, r),
                "description": description(tr, r),
                "demonstration": bool(r.get("demonstration")),
                "file": r["path"],
                "key": [key] if isinstance(key, str) else key,
                "links": links,
                "missing": ", ".join(missing),
                "fields": [field_view(tr, f) for f in schema["fields"]],
            }
        )
    return tables


def field_view(tr: Translator, spec: dict) -> dict:
    constraints = spec.get("constraints", {})
    allowed = []
    for value in constraints.get("enum", []):
        allowed.append({"code": str(value), "label": value_label(tr, spec["name"], value)})
    rules = []
    pattern = constraints.get("pattern")
    codes = CODE_LIST.match(pattern or "")
    if codes:
        for value in codes.group(1).split("|"):
            allowed.append({"code": value, "label": value_label(tr, spec["name"], value)})
        rules.append(tr.t("dict.pattern.list"))
    elif pattern:
        key = PATTERN_KEYS.get(pattern)
        rules.append(
            tr.t(f"dict.pattern.{key}")
            if key
            else tr.html("dict.pattern.other", ("pattern",), pattern=pattern)
        )
    low, high = constraints.get("minimum"), constraints.get("maximum")
    if low is not None and high is not None:
        rules.append(tr.t("dict.range.between", min=tr.number(low), max=tr.number(high)))
    elif low is not None:
        rules.append(tr.t("dict.range.min", min=tr.number(low)))
    elif high is not None:
        rules.append(tr.t("dict.range.max", max=tr.number(high)))
    if constraints.get("unique"):
        rules.append(tr.t("dict.unique"))
    unit = spec.get("unit")
    return {
        "name": spec["name"],
        "title": title(tr, spec) if spec.get("title") else "",
        "description": description(tr, spec),
        "type": tr.html("dict.type." + spec.get("type", "string"), CODE_WORDS, **metadata.WORDS),
        "unit": tr.t("dict.unit." + unit, column="currency") if unit else "",
        "allowed": allowed,
        "rules": Markup("; ").join(rules),  # a pattern is shown as code
        "required": bool(constraints.get("required")),
    }


def value_label(tr: Translator, field: str, value: object) -> str | None:
    """The catalog's label of a coded value ('city' -> 'grad'), if it says more."""
    prefix = VALUE_LABELS.get(field)
    label = tr.messages.get(f"{prefix}.{value}") if prefix else None
    return label if label != str(value) else None
