"""The build: nothing half-published on failure, nothing redone when nothing changed."""

import hashlib
import json
import shutil
import subprocess
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from build_scripts import downloads, pipeline, validate
from build_scripts.errors import ValidationFailed
from build_scripts.mkdocs_build import docs as docs_tree
from build_scripts.mkdocs_build import postbuild, search
from build_scripts.paths import BUILD, DOCS


def test_unchanged_inputs_build_nothing_and_a_change_rebuilds(tiny_package, tmp_path):
    package = tiny_package()
    target = tmp_path / "site"
    first = pipeline.build(package, target=target)
    assert {"pages", "charts", "mkdocs"} <= set(first)
    second = pipeline.build(package, target=target)
    assert set(second) == {"fingerprint"}
    services = package.parent / "services.csv"
    services.write_text(
        services.read_text(encoding="utf-8").replace(",13,", ",14,", 1), encoding="utf-8"
    )
    third = pipeline.build(package, target=target)
    assert "mkdocs" in third


def test_a_build_validates_the_package_once(tiny_package, tmp_path, monkeypatch):
    """The validate stage hands its result on: the downloads, which publish a report saying
    the package is valid, do not validate it again (decision 0038)."""
    package = tiny_package()
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    descriptor["title"] += f" {uuid.uuid4()}"  # new downloads, not the cache's
    package.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    calls = []
    real = validate.validate_package

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(validate, "validate_package", counted)
    stages = pipeline.build(package, target=tmp_path / "site")
    assert "downloads" in stages and len(calls) == 1


def test_invalid_data_leaves_the_previous_site_untouched(tiny_package, tmp_path):
    package = tiny_package()
    target = tmp_path / "site"
    pipeline.build(package, target=target)
    before = sorted(p.relative_to(target) for p in target.rglob("*"))
    marker = (target / "index.html").read_bytes()
    services = package.parent / "services.csv"
    services.write_text(
        services.read_text(encoding="utf-8") + "99999,nope,2024,,,,,,,,,,\n", encoding="utf-8"
    )
    with pytest.raises(ValidationFailed):
        pipeline.build(package, target=target)
    assert sorted(p.relative_to(target) for p in target.rglob("*")) == before
    assert (target / "index.html").read_bytes() == marker


# -- a build that fails after validation ---------------------------------------------------
# Each test below changes the data (so a build that got as far as writing would write a
# different site), makes one later stage fail, and requires the published site to be
# byte-identical afterwards and no half-built tree to be left behind.


def contents(root: Path) -> dict[str, str]:
    """Every file and folder under root, files with the SHA-256 of their bytes."""
    return {
        p.relative_to(root).as_posix(): (
            hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder"
        )
        for p in sorted(root.rglob("*"))
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A tiny package's site, built once for the module: (package, site folder)."""
    from fixtures_package import make_package

    tmp = tmp_path_factory.mktemp("built")
    package = make_package(tmp)
    pipeline.build(package, target=tmp / "site")
    return package, tmp / "site"


@pytest.fixture
def published(built, tmp_path):
    """A copy of that site for one test to publish over: (package, site folder)."""
    package, source = built
    target = tmp_path / "published" / "site"
    shutil.copytree(source, target)
    return package, target


@contextmanager
def changed_data(package: Path):
    services = package.parent / "services.csv"
    original = services.read_bytes()
    text = original.decode("utf-8")
    assert ",13," in text
    services.write_text(text.replace(",13,", ",15,", 1), encoding="utf-8")
    try:
        yield
    finally:
        services.write_bytes(original)


def fails_and_leaves_the_site(published, error: type[BaseException]) -> None:
    package, target = published
    before = contents(target)
    assert "index.html" in before and "data/SHA256SUMS" in before
    with changed_data(package), pytest.raises(error):
        pipeline.build(package, target=target)
    assert contents(target) == before
    assert [p.name for p in target.parent.iterdir()] == ["site"]
    assert not [p for p in BUILD.glob("site-*")], "a half-built site was left behind"


def test_failure_in_mkdocs_leaves_the_previous_site(published, tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    about = docs / "about.en.md"
    about.write_text(
        about.read_text(encoding="utf-8") + "\n[A broken link](nowhere.md)\n", encoding="utf-8"
    )
    monkeypatch.setattr(pipeline, "DOCS", docs)  # a hand-written page; strict fails on it
    monkeypatch.setattr(docs_tree, "DOCS", docs)  # copied from there into the docs tree
    fails_and_leaves_the_site(published, Abort)


def test_failure_after_mkdocs_leaves_the_previous_site(published, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("post-build step failed")

    monkeypatch.setattr(postbuild, "run", fail)
    fails_and_leaves_the_site(published, RuntimeError)


def test_failure_of_the_search_index_leaves_the_previous_site(published, monkeypatch):
    """Pagefind runs on the staged site; when it fails, nothing is published."""

    def pagefind_fails(command, **kwargs):
        assert "pagefind" in command and "--site" in command
        site_dir = Path(command[command.index("--site") + 1])
        assert site_dir.name == "site-new"  # the staged site, never the published one
        return subprocess.CompletedProcess(command, 1, "", "Error: could not write the index")

    monkeypatch.setattr(search.subprocess, "run", pagefind_fails)
    fails_and_leaves_the_site(published, search.SearchIndexFailed)


def test_failure_in_the_downloads_leaves_the_previous_site(published, monkeypatch):
    def fail(package, target, *args, **kwargs):
        target.mkdir(parents=True, exist_ok=True)
        (target / "lsg.csv").write_bytes(b"half written")
        raise OSError("disk full")

    monkeypatch.setattr(downloads, "write", fail)
    fails_and_leaves_the_site(published, OSError)
