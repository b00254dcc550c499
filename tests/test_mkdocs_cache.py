"""The MkDocs page cache (build_scripts/mkdocs_build/page_cache.py): a cached build is the same site
as an uncached one, a changed page is converted again and only it, and a page that made
MkDocs warn still fails a strict build when it comes from the cache."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from build_scripts import pipeline
from build_scripts.mkdocs_build.docs import prepare_docs
from build_scripts.mkdocs_build.overrides import prepare_overrides
from build_scripts.mkdocs_build.page_cache import PageCache
from build_scripts.mkdocs_build.run import mkdocs_build
from build_scripts.paths import DATAPACKAGE, ROOT


def differences(a: Path, b: Path) -> list[str]:
    """Files that differ or exist on one side only, recursively."""
    found: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        found.extend(prefix + n for n in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found.extend(prefix + n for n in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return found


def test_generated_pages_are_the_same_whatever_the_hash_seed(tmp_path):
    """Page text must not depend on set order (it did: the LSG filter words), or every
    build would convert those pages again and the site would change with no data change."""
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from build_scripts import derive
        from build_scripts import pages
        pages.PageWriter(derive.run(Path(sys.argv[1])), Path(sys.argv[2])).run()
        """
    )
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run(
            [sys.executable, "-c", script, str(DATAPACKAGE), str(tmp_path / seed)],
            check=True,
            cwd=ROOT,
            env=env,
            capture_output=True,
        )
    assert differences(tmp_path / "1", tmp_path / "2") == []
    assert len(list((tmp_path / "1").rglob("*.md"))) > 600


@pytest.fixture(scope="module")
def generated_tree(built_site, tmp_path_factory):
    """The generated docs of the real data in a folder of their own (the build tree's
    docs/ belongs to whichever build ran last, tests with tiny packages included)."""
    from build_scripts import derive, pages

    out = tmp_path_factory.mktemp("real-docs") / "docs"
    prepare_docs(out)
    prepare_overrides()
    writer = pages.PageWriter(derive.run(DATAPACKAGE), out)
    writer.run()
    writer.render_figures()  # from the chart cache the session's site build filled
    return out


def test_a_cached_build_is_the_same_site_and_a_changed_page_is_converted_again(
    generated_tree, tmp_path
):
    docs = tmp_path / "docs"
    shutil.copytree(generated_tree, docs)
    cold = PageCache(tmp_path / "cache")
    mkdocs_build(tmp_path / "cold", strict=True, docs=docs, cache=cold)
    pages = len(list(docs.rglob("*.md")))
    assert pages > 600  # the real data's pages in three languages
    assert cold.counts["converted"] == pages and cold.counts["converted_cached"] == 0

    warm = PageCache(tmp_path / "cache")
    mkdocs_build(tmp_path / "warm", strict=True, docs=docs, cache=warm)
    assert warm.counts["converted"] == 0 and warm.counts["converted_cached"] == pages
    assert differences(tmp_path / "cold", tmp_path / "warm") == []

    page = docs / "lsg" / "ada.en.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\n\nA sentence added by the cache test.\n",
        encoding="utf-8",
    )
    changed = PageCache(tmp_path / "cache")
    mkdocs_build(tmp_path / "changed", strict=True, docs=docs, cache=changed)
    assert changed.counts["converted"] == 1
    html = (tmp_path / "changed" / "en" / "lsg" / "ada" / "index.html").read_text("utf-8")
    assert "A sentence added by the cache test." in html
    assert differences(tmp_path / "warm", tmp_path / "changed") == ["en/lsg/ada/index.html"]


MINI = """
site_name: mini
docs_dir: docs
theme:
  name: material
plugins: []
"""


def mini_build(project: Path, cache_dir: Path) -> PageCache:
    cache = PageCache(cache_dir)
    mkdocs_build(
        project / "site",
        strict=True,
        docs=project / "docs",
        cache=cache,
        config_file=project / "mkdocs.yml",
    )
    return cache


def test_warnings_are_replayed_from_the_cache_so_strict_still_fails(tmp_path):
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(MINI, encoding="utf-8")
    (project / "docs" / "index.md").write_text("# Home\n\n[x](other.md)\n", encoding="utf-8")
    (project / "docs" / "broken.md").write_text(
        "# Broken\n\n[gone](missing.md) and [anchor](index.md#nowhere)\n", encoding="utf-8"
    )
    with pytest.raises(Abort):
        mini_build(project, tmp_path / "cache")
    # The second run takes both pages from the cache and must fail the same way.
    with pytest.raises(Abort):
        mini_build(project, tmp_path / "cache")
    (project / "docs" / "other.md").write_text("# Other\n", encoding="utf-8")
    (project / "docs" / "broken.md").unlink()
    # A new file changes how links resolve: index.md is converted again, and passes.
    cache = mini_build(project, tmp_path / "cache")
    assert cache.counts["converted"] == 2
    assert '<a href="other/">x</a>' in (project / "site" / "index.html").read_text("utf-8")


def test_unused_entries_are_pruned(tmp_path):
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(MINI, encoding="utf-8")
    (project / "docs" / "index.md").write_text("# Home\n\nOne.\n", encoding="utf-8")
    mini_build(project, tmp_path / "cache")
    first = set((tmp_path / "cache").rglob("*.pickle.z"))
    assert len(first) == 1  # the page's conversion
    (project / "docs" / "index.md").write_text("# Home\n\nTwo.\n", encoding="utf-8")
    mini_build(project, tmp_path / "cache")
    second = set((tmp_path / "cache").rglob("*.pickle.z"))
    assert len(second) == 1 and not first & second


def test_the_page_cache_refuses_an_mkdocs_without_what_it_borrows(monkeypatch, capsys):
    """A new MkDocs whose Page no longer sets an attribute the cache sets on a hit, or whose
    render() takes other arguments, stops the build with a message before anything is built."""
    from mkdocs.structure.pages import Page

    from build_scripts import cli
    from build_scripts.mkdocs_build import page_cache

    page_cache.check_internals()  # the installed MkDocs has all of it

    class Renamed(Page):  # as if MkDocs renamed a private attribute
        pass

    source = textwrap.dedent(
        """
        class Page:
            def render(self, config, files):
                self.content = self.toc = self.present_anchor_ids = None
                self.links_to_anchors = self._title_from_markdown = None
        """
    )
    monkeypatch.setattr(page_cache.inspect, "getsource", lambda obj: source)
    with pytest.raises(page_cache.InternalsChanged, match=r"Page\._title_from_render"):
        page_cache.check_internals(Renamed)

    class NewRender(Page):
        def render(self, config, files, theme):  # type: ignore[override]
            pass

    with pytest.raises(page_cache.InternalsChanged, match=r"Page\.render\(self, config, files\)"):
        page_cache.check_internals(NewRender)

    # the command: refused before anything is built (a build would be a failure here)
    monkeypatch.setattr(page_cache, "Page", Renamed)
    monkeypatch.setattr(pipeline, "generate", lambda *a: pytest.fail("built despite the change"))
    assert cli.main(["build"]) == 2
    err = capsys.readouterr().err
    assert "Nothing was built" in err and "_title_from_render" in err
