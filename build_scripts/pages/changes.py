"""Changed rows: a row that changed between two releases as the LSG page names
it (a referenced row by its name, a coded value by its label, the year as it is) and what
changed in it, in the page's language."""

from __future__ import annotations

from build_scripts.datapackage import LSG_RESOURCE, lsg_fields, references
from build_scripts.downloads import releases
from build_scripts.i18n import Translator
from build_scripts.pages.dictionary import title, value_label


class ChangedRows:
    """Names and shows the changed rows of `history[0]`'s comparison; a row that is gone
    is looked up in the previous release (`history[1]`)."""

    def __init__(
        self, resources: dict[str, dict], rows: releases.Rows, history: list[releases.Entry]
    ):
        self.resources = resources
        self.rows = rows
        self.history = history
        self._indexes: dict[tuple[int, str, str], dict] = {}

    def resource_title(self, tr: Translator, name: str) -> str:
        resource = self.resources.get(name)
        return title(tr, resource) if resource else name

    def change_view(self, tr: Translator, change: releases.RowChange, code: str) -> dict:
        """One changed row on the page of LSG `code`: which row (named as readers know it,
        without this LSG's own name where the key has more) and what changed."""
        resource = self.resources.get(change.resource, {"name": change.resource})
        specs = {f["name"]: f for f in resource.get("schema", {}).get("fields", [])}
        where = set(lsg_fields(resource)) if resource.get("schema") else set()
        others = [(n, v) for n, v in change.key if not (n in where and str(v) == code)]
        parts = [self.key_label(tr, resource, n, v) for n, v in others or change.key]
        before, after = change.before or {}, change.after or {}  # both set when changed
        details = []
        for name in change.fields:
            spec = specs.get(name, {"name": name})
            details.append(
                {
                    "field": title(tr, spec) if spec.get("title") else name,
                    "before": self.show(tr, spec, before.get(name)),
                    "after": self.show(tr, spec, after.get(name)),
                }
            )
        return {
            "table": self.resource_title(tr, change.resource),
            "row": ", ".join(parts),
            "kind": tr.t("release.kind." + change.kind),
            "details": details,
        }

    def key_label(self, tr: Translator, resource: dict, field: str, value: object) -> str:
        """A key value as a reader knows it: a referenced row's name, a label, the year."""
        targets = {f: (target, tf) for f, target, tf in references(resource)}
        if resource["name"] == LSG_RESOURCE and field in lsg_fields(resource):
            targets[field] = (LSG_RESOURCE, field)
        if field in targets:
            row = self.lookup(*targets[field], value)
            if row is not None:
                if "name_lat" in row:
                    return tr.name(row)
                if "name_sr" in row:
                    return tr.pick(row, "name")
        label = value_label(tr, field, value)
        return label or str(value)

    def lookup(self, resource: str, field: str, value: object) -> dict | None:
        """The row of `resource` whose `field` is `value`, in this release or, for a row
        that is gone, in the previous one."""
        for rows in (self.rows, self.history[1].rows if len(self.history) > 1 else {}):
            index = self._index(id(rows), resource, field, rows)
            if value in index:
                return index[value]
        return None

    def _index(self, tag: int, resource: str, field: str, rows: dict) -> dict:
        key = (tag, resource, field)
        if key not in self._indexes:
            self._indexes[key] = {r.get(field): r for r in rows.get(resource, [])}
        return self._indexes[key]

    def show(self, tr: Translator, spec: dict, value: object) -> str:
        if value is None:
            return tr.t("release.empty")
        kind = spec.get("type", "string")
        if kind == "boolean":
            return tr.t("yes") if value else tr.t("no")
        if kind in ("integer", "number") and isinstance(value, int | float):
            text = repr(float(value))
            decimals = 0 if float(value).is_integer() else len(text.split(".")[1])
            return tr.number(value, min(decimals, 6))
        return value_label(tr, spec.get("name", ""), value) or str(value)
