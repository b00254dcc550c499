"""The chart of a programme page: its LSGs by role, and its money (budget and the funder's
contribution, where the source gives them), in two panels."""

from __future__ import annotations

from typing import Any

from build_scripts.derive import Derived, none_if_missing
from build_scripts.derive.programme_roles import ProgrammeRoles, programme_roles
from build_scripts.figures.charts.chart import Chart
from build_scripts.i18n import Translator

MONEY = ("budget", "funder_contribution")


Money = list[tuple[str, str, float]]  # (column, label, amount)


def _panels(tr: Translator, roles: ProgrammeRoles, money: Money, currency: str) -> dict[str, Any]:
    """The drawn chart: LSGs per role above, the programme's money below."""
    return {
        "kind": "panels",
        "panels": [
            {
                "title": tr.t("chart.programme.panel_lsgs"),
                "labels": [tr.t("chart.role_short." + r) for r in roles.roles],
                "values": roles.counts,
                "counts": True,
            },
            {
                "title": tr.t("chart.programme.panel_money", currency=currency)
                if money
                else tr.t("chart.programme.no_budget"),
                "labels": [label for _, label, _ in money],
                "values": [v for _, _, v in money],
            },
        ],
    }


def programme_chart(data: Derived, tr: Translator, programme: dict[str, Any]) -> Chart:
    code = programme["code"]
    roles = programme_roles(data.programme_lsg, code)
    role_labels = [tr.t("role." + r) for r in roles.roles]
    currency = programme["currency"] or ""
    money: Money = [
        (key, tr.t(f"chart.programme.{key}"), float(programme[key]))
        for key in MONEY
        if none_if_missing(programme[key]) is not None
    ]

    def amount(value: float) -> str:
        return tr.number(value, 2 if value % 1 else 0)

    name = tr.pick(programme, "name")
    alt = tr.tn(
        "chart.programme.alt",
        roles.members,
        name=name,
        count=tr.number(roles.members),
        roles=tr.join(
            tr.t("chart.programme.role_count", role=label, count=tr.number(c))
            for label, c in zip(role_labels, roles.counts, strict=True)
        ),
        money=tr.join(
            tr.t("chart.programme.amount", item=label, amount=amount(v), currency=currency)
            for _, label, v in money
        )
        or tr.t("chart.programme.no_budget"),
    )
    table = (
        [tr.t("chart.col.item"), tr.t("field.value")],
        [[label, tr.number(c)] for label, c in zip(role_labels, roles.counts, strict=True)]
        + [[f"{label} ({currency})", amount(v)] for _, label, v in money],
    )
    lsgs = tr.t("field.lsg_count")
    csv_data = (
        ["programme_code", "programme_name", "item", "item_name", "value", "unit"],
        [
            [code, name, f"role:{r}", label, c, lsgs]
            for r, label, c in zip(roles.roles, role_labels, roles.counts, strict=True)
        ]
        + [[code, name, key, label, v, currency] for key, label, v in money],
    )
    spec = _panels(tr, roles, money, currency)
    title = tr.t("chart.programme.title")
    tables = ["programmes", "programme_lsg"]
    return Chart(f"programme-{code}-overview", spec, title, alt, table, csv_data, tables)
