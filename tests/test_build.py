"""The build: nothing half-published on failure, nothing redone when nothing changed."""

import pytest

from build_scripts import site
from build_scripts.errors import ValidationFailed


def test_unchanged_inputs_build_nothing_and_a_change_rebuilds(tiny_package, tmp_path):
    package = tiny_package()
    target = tmp_path / "site"
    first = site.build(package, target=target)
    assert {"pages", "charts", "mkdocs"} <= set(first)
    second = site.build(package, target=target)
    assert set(second) == {"fingerprint"}
    services = package.parent / "services.csv"
    services.write_text(
        services.read_text(encoding="utf-8").replace(",13,", ",14,", 1), encoding="utf-8"
    )
    third = site.build(package, target=target)
    assert "mkdocs" in third


def test_invalid_data_leaves_the_previous_site_untouched(tiny_package, tmp_path):
    package = tiny_package()
    target = tmp_path / "site"
    site.build(package, target=target)
    before = sorted(p.relative_to(target) for p in target.rglob("*"))
    marker = (target / "index.html").read_bytes()
    services = package.parent / "services.csv"
    services.write_text(
        services.read_text(encoding="utf-8") + "99999,nope,2024,,,,,,,,,,\n", encoding="utf-8"
    )
    with pytest.raises(ValidationFailed):
        site.build(package, target=target)
    assert sorted(p.relative_to(target) for p in target.rglob("*")) == before
    assert (target / "index.html").read_bytes() == marker
