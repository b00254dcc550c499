"""The chart of a service-type page: how many LSGs offer it and how many beneficiaries it
has, year by year, in two panels."""

from __future__ import annotations

from typing import Any

from build_scripts.derive import Derived
from build_scripts.derive.service_history import service_history
from build_scripts.figures.charts.chart import Chart
from build_scripts.i18n import Translator


def service_chart(data: Derived, tr: Translator, service_type: dict[str, Any]) -> Chart:
    code = service_type["code"]
    years = list(range(data.first_year, data.latest_year + 1))
    history = service_history(data.services, code, years)
    n_lsg = [int(n) for n in history["lsgs_with_service"]]
    beneficiaries = [int(n) for n in history["beneficiaries"]]
    name = tr.pick(service_type, "name")
    alt = tr.tn(
        "chart.service.alt",
        len(data.lsgs),
        service=name,
        first_year=years[0],
        last_year=years[-1],
        first_lsg=tr.number(n_lsg[0]),
        last_lsg=tr.number(n_lsg[-1]),
        total=tr.number(len(data.lsgs)),
        first_users=tr.number(beneficiaries[0]),
        last_users=tr.number(beneficiaries[-1]),
    )
    table = (
        [tr.t("field.year"), tr.t("chart.col.lsg_count"), tr.t("field.users")],
        [[str(y), tr.number(n_lsg[i]), tr.number(beneficiaries[i])] for i, y in enumerate(years)],
    )
    serbia = tr.t("data.metadata.serbia")
    csv_data = (
        ["service_type_code", "service_type_name", "area", "year", "lsgs_with_service"]
        + ["beneficiaries"],
        [[code, name, serbia, y, n_lsg[i], beneficiaries[i]] for i, y in enumerate(years)],
    )
    year_labels = [str(y) for y in years]
    spec = {
        "kind": "panels",
        "panels": [
            {
                "title": tr.t("chart.service.panel_lsg"),
                "labels": year_labels,
                "values": n_lsg,
                "counts": True,
            },
            {
                "title": tr.t("chart.service.panel_users"),
                "labels": year_labels,
                "values": beneficiaries,
                "counts": True,
            },
        ],
    }
    title = tr.t("chart.service.title")
    tables = ["services", "service_types"]
    return Chart(f"service-{code}-history", spec, title, alt, table, csv_data, tables)
