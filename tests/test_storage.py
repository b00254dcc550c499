"""The one atomic write and the one content-addressed cache (build_scripts/storage.py)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from build_scripts import storage, translit
from build_scripts.storage import ContentCache, write_atomic, write_if_changed


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "out" / "file.txt"
    write_atomic(target, b"old")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in target.parent.iterdir()] == ["file.txt"]


def test_write_if_changed_keeps_an_unchanged_file_untouched(tmp_path):
    target = tmp_path / "file.txt"
    assert write_if_changed(target, b"same")
    os.utime(target, (1, 1))
    assert not write_if_changed(target, b"same")
    assert target.stat().st_mtime == 1
    assert write_if_changed(target, b"other") and target.read_bytes() == b"other"


def test_entries_round_trip_and_prune_forgets_what_a_run_did_not_use(tmp_path):
    first = ContentCache("things", root=tmp_path)
    first.put(first.key("a", 1), b"A", ".svg")
    first.put_tree(first.key("tree"), {"x/y.csv": b"Y", "z.json": b"Z"})
    second = ContentCache("things", root=tmp_path)
    assert second.get(second.key("a", 1), ".svg") == b"A"
    assert second.get(second.key("a", 2), ".svg") is None
    assert second.prune() == 1  # the tree was not used by this run
    assert second.get_tree(second.key("tree")) is None
    assert ContentCache("things", root=tmp_path).get(first.key("a", 1), ".svg") == b"A"


def test_a_tree_appears_whole(tmp_path):
    cache = ContentCache("trees", root=tmp_path)
    stored = cache.put_tree(cache.key(1), {"a/b.txt": b"B", "c.txt": b"C"})
    assert stored == cache.get_tree(cache.key(1))
    assert (stored / "a" / "b.txt").read_bytes() == b"B"
    assert sorted(p.name for p in (tmp_path / "trees").iterdir()) == [stored.name]


def test_a_disabled_cache_stores_nothing(tmp_path):
    cache = ContentCache("off", root=None)
    cache.put(cache.key(1), b"x")
    assert not cache.enabled and cache.get(cache.key(1)) is None and cache.prune() == 0


def test_every_declared_input_of_the_code_changes_every_key(tmp_path, monkeypatch):
    config = tmp_path / "config.yml"
    config.write_text("a: 1\n")

    def key() -> str:
        return ContentCache(
            "k", code=["translit"], libraries=["babel"], files=[config], root=tmp_path
        ).key("same", "parts")

    before = key()
    assert key() == before
    copy = tmp_path / "translit.py"
    shutil.copy(translit.__file__, copy)
    monkeypatch.setattr(translit, "__file__", str(copy))
    copy.write_text(copy.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    assert key() != before, "a changed module kept the key"
    monkeypatch.undo()
    assert key() == before
    monkeypatch.setattr(storage, "version", lambda name: "0.0.0.post999")
    assert key() != before, "another library version kept the key"
    monkeypatch.undo()
    config.write_text("a: 2\n")
    assert key() != before, "a changed file kept the key"


def test_a_key_depends_on_every_part(tmp_path):
    cache = ContentCache("k", root=tmp_path)
    assert cache.key({"a": 1, "b": 2}) == cache.key({"b": 2, "a": 1})
    assert len({cache.key(1), cache.key("1"), cache.key(1, 2), cache.key([1, 2])}) == 4
    assert all(Path(cache.path(cache.key(n))).parent == tmp_path / "k" for n in range(3))
