"""The public address: configured once, never a loopback or example one, required to deploy."""

from __future__ import annotations

import pytest

from build_scripts import cli
from build_scripts.address import AddressError, public_address


def test_no_address_configured_means_none(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    assert public_address() is None


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/",
        "http://localhost:8000/",
        "http://[::1]/",
        "http://0.0.0.0:8000/",
        "http://192.168.1.10/site/",
        "https://example.org/",
        "https://data.example.com/socprot/",
        "https://socprot.example/",
        "https://site.test/",
        "ftp://owner.github.io/",
    ],
)
def test_an_address_that_cannot_be_public_is_refused(monkeypatch, url):
    monkeypatch.setenv("SITE_URL", url)
    with pytest.raises(AddressError, match="site_url in mkdocs.yml"):
        public_address()


def test_a_public_address_is_kept_with_a_trailing_slash(monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://owner.github.io/socprot")
    assert public_address() == "https://owner.github.io/socprot/"
    assert public_address(required=True) == "https://owner.github.io/socprot/"


def test_a_deploy_without_an_address_fails_before_building(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.setattr("build_scripts.pipeline.generate", lambda *a, **k: pytest.fail("built"))
    target = tmp_path / "site"
    code = cli.main(["build", "--publish"])
    assert code == 2
    message = capsys.readouterr().err
    assert "no public address" in message and "site_url in mkdocs.yml" in message
    assert "Nothing was built or published" in message
    assert not target.exists()


def test_a_build_with_a_loopback_address_fails_before_building(monkeypatch, capsys):
    monkeypatch.setenv("SITE_URL", "http://127.0.0.1:8000/")
    monkeypatch.setattr("build_scripts.pipeline.generate", lambda *a, **k: pytest.fail("built"))
    assert cli.main(["build"]) == 2
    assert "loopback" in capsys.readouterr().err
