"""The demonstration data is reproducible and flagged as such."""

import json

from build_scripts.datapackage import demo_data
from build_scripts.paths import DATAPACKAGE, DATASETS


def demo_lines(path) -> list[str]:
    """The lines of a table that name the demonstration generator as their source."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines[1:] if line.endswith("," + demo_data.DEMO_SOURCE)]


def test_demonstration_rows_are_exactly_what_the_generator_makes(tmp_path):
    """Every row naming the generator holds what the generator makes (byte for byte, in
    order); rows from reports are the generator's to keep, not to remake."""
    demo_data.run(DATASETS, tmp_path)
    for name in ("services.csv", "indicators.csv"):
        assert (tmp_path / name).read_bytes() == (DATASETS / name).read_bytes(), name


def test_generator_keeps_reported_rows_and_owns_the_rest(tmp_path):
    """After figures for one LSG-year are imported, regenerating keeps them and remakes
    exactly the other rows."""
    import shutil

    shutil.copytree(DATASETS, tmp_path / "pkg")
    services = tmp_path / "pkg" / "services.csv"
    lines = services.read_text(encoding="utf-8").splitlines(keepends=True)
    reported = [i for i, line in enumerate(lines) if line.startswith("70017,") and ",2024," in line]
    assert reported
    for i in reported:
        lines[i] = lines[i].replace(",demo-generator", ",rzs-roster")
    services.write_text("".join(lines), encoding="utf-8")
    before = services.read_bytes()
    demo_data.run(tmp_path / "pkg", tmp_path / "out")
    assert (tmp_path / "out" / "services.csv").read_bytes() == before
    assert demo_lines(tmp_path / "out" / "services.csv") == demo_lines(services)


def test_demonstration_is_derived_from_rows():
    """The flag is not written in datapackage.json: it comes from the rows' sources."""
    from build_scripts import derive

    package = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))
    assert not any("demonstration" in r for r in package["resources"])
    flags = {r["name"]: r["demonstration"] for r in derive.run(DATAPACKAGE).package["resources"]}
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
