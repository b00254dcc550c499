"""The demonstration data is reproducible and flagged as such."""

import json

from build_scripts import demo_data
from build_scripts.paths import DATAPACKAGE, DATASETS


def test_flagged_resources_are_exactly_what_the_generator_makes(tmp_path):
    """A resource flagged `demonstration` must hold only generated values. Once official
    rows are imported into it, the flag must go (and with it the site's notice) — this test
    then stops applying to that resource, and the next one reminds whoever drops the flag."""
    package = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))
    flagged = {r["path"] for r in package["resources"] if r.get("demonstration")}
    demo_data.run(DATASETS, tmp_path)
    generated = {"services.csv", "indicators.csv"}
    for name in sorted(generated):
        same = (tmp_path / name).read_bytes() == (DATASETS / name).read_bytes()
        if name in flagged:
            assert same, f"{name} is flagged demonstration but differs from the generator"


def test_demonstration_resources_are_flagged():
    package = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))
    flags = {r["name"]: r.get("demonstration") for r in package["resources"]}
    assert flags["services"] is True and flags["indicators"] is True
    assert all(
        flags[n] is False for n in ("lsg", "service_types", "programmes", "programme_lsg", "imc")
    )


def test_values_are_plausible():
    import pandas as pd

    services = pd.read_csv(DATASETS / "services.csv")
    lsg = pd.read_csv(DATASETS / "lsg.csv")
    assert services["year"].between(2019, 2024).all()
    assert services["lsg_code"].nunique() == 145  # every LSG has at least one service
    home_help = services[services.service_type_code == "home_help"].merge(
        lsg, left_on="lsg_code", right_on="code"
    )
    # users scale with population
    assert home_help["beneficiaries"].corr(home_help["population_2022"]) > 0.8
    counts = services[services.year == 2024].groupby("lsg_code").size()
    assert counts.min() < counts.max()  # not every LSG has every service
    indicators = pd.read_csv(DATASETS / "indicators.csv")
    assert indicators["indicator_code"].nunique() >= 10
