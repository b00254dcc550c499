"""The home page and the reporting page (who reported which year)."""

from __future__ import annotations

from build_scripts.datapackage.rowsource import STATUS_FILE
from build_scripts.i18n import Translator
from build_scripts.pages.lookups import Lookups, Page, by_name, records


def home_page(site: Lookups) -> Page:
    national = site.data.totals.national
    return (
        "index.md",
        "home.md.j2",
        {
            "population": national.population,
            "n_services": national.services,
            "n_users": national.beneficiaries,
            "n_programmes": national.programmes,
        },
    )


def reporting_page(site: Lookups, tr: Translator) -> Page:
    """Per LSG and year: reported, demonstration or missing; the map of the latest year."""
    reporting = site.data.reporting
    if reporting is None:
        raise ValueError("the reporting page needs the package's reporting (derive.run)")
    years = list(range(site.data.first_year, site.data.latest_year + 1))
    rows = [
        {
            "lsg": lsg,
            "district": site.district(tr, lsg),
            "statuses": [reporting.status(lsg["code"], y) for y in years],
            "last": site.last_reported(lsg["code"]),
        }
        for lsg in sorted(records(site.data.lsgs), key=by_name)
    ]
    context = {
        "map": site.maps.reporting(tr.lang),
        "years": years,
        "rows": rows,
        "status_file": STATUS_FILE,
    }
    return "data/reporting.md", "reporting.md.j2", context
