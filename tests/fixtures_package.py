"""The tiny valid data package the tests build on (importable from every test folder)."""

import shutil
from pathlib import Path

from build_scripts.paths import DATAPACKAGE

FIXTURES = Path(__file__).parent / "fixtures"


def make_package(tmp: Path, replace: dict[str, Path | bytes] | None = None) -> Path:
    """A tiny valid package (the real datapackage.json + tests/fixtures/valid CSVs) in tmp,
    with some resource files replaced."""
    target = tmp / f"pkg{len(list(tmp.glob('pkg*')))}"
    shutil.copytree(FIXTURES / "valid", target)
    shutil.copy(DATAPACKAGE, target / "datapackage.json")
    for resource, content in (replace or {}).items():
        data = content.read_bytes() if isinstance(content, Path) else content
        (target / f"{resource}.csv").write_bytes(data)
    return target / "datapackage.json"


# Indicators with ties (at the top; below the top), ranks on the quarter boundaries (3 of 4),
# an LSG without a value in the latest year and one without a value in the first year.
TIED_INDICATORS = """lsg_code,indicator_code,year,value,source_id
70491,lsg_funded_service_types,2023,5,demo-generator
70491,population_65plus_share,2023,20.1,demo-generator
70491,lsg_funded_service_types,2024,5,demo-generator
70491,population_65plus_share,2024,25.8,demo-generator
71200,lsg_funded_service_types,2023,2,demo-generator
71200,population_65plus_share,2023,25.6,demo-generator
71200,lsg_funded_service_types,2024,5,demo-generator
71200,population_65plus_share,2024,17.4,demo-generator
79014,lsg_funded_service_types,2023,10,demo-generator
79014,population_65plus_share,2023,17.2,demo-generator
79014,lsg_funded_service_types,2024,3,demo-generator
79014,population_65plus_share,2024,17.4,demo-generator
80012,lsg_funded_service_types,2024,1,demo-generator
"""


def make_tied_package(tmp: Path) -> Path:
    """The tiny package with TIED_INDICATORS, and Ada with exactly double Despotovac's
    population: on the edge of "comparable" (half to double) both ways."""
    lsg = (FIXTURES / "valid" / "lsg.csv").read_text(encoding="utf-8")
    edge = lsg.replace("Vojvodina Region,13293,", "Vojvodina Region,36556,")
    assert edge != lsg
    return make_package(
        tmp, {"indicators": TIED_INDICATORS.encode("utf-8"), "lsg": edge.encode("utf-8")}
    )
