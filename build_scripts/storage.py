"""Files written safely, and the one content-addressed cache of the build.

- `write_atomic(path, data)`: the file is either the old one or the new one, never half
  written (a temporary file beside it, then `os.replace`). Every file the build keeps
  between runs is written this way.
- `ContentCache(name, code=..., libraries=..., files=...)`: outputs stored under the
  digest of everything they are made from. A key is the digest of the parts a caller gives
  (the data and texts of one chart, one page's Markdown, one LSG's rows) together with the
  code that makes the output. *Which code* is declared once per cache, as module names:
  their source files, the versions of the libraries named and any other files named (a
  configuration, a boundaries file) are read when the cache is opened, so a change in any
  of them gives every key of that cache a new value. Entries not used by a build can be
  pruned at its end.

Used by the charts, the maps, the MkDocs page cache and the downloads (decision 0033).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import shutil
from collections.abc import Iterable, Mapping, Sequence
from importlib.metadata import version
from pathlib import Path, PurePosixPath

from build_scripts.paths import CACHE


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a reader sees the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def write_if_changed(path: Path, data: bytes) -> bool:
    """`write_atomic` unless the file already holds `data` (its time then stays as it is,
    so a live-reloading server sees no change). True when written."""
    if path.exists() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return False
    write_atomic(path, data)
    return True


def source_file(module: str) -> Path:
    """The source file of a module of this project (`figures.charts`, `downloads`). The
    module is imported (it is already, in practice: it is the one opening a cache), so a
    test that points its `__file__` at an edited copy sees the copy read."""
    found = importlib.import_module(f"build_scripts.{module}").__file__
    assert found is not None, module
    return Path(found)


def code_digest(
    code: Sequence[str] = (), libraries: Sequence[str] = (), files: Iterable[Path] = ()
) -> str:
    """The digest of the named modules' source, the installed versions of the named
    libraries and the bytes of the named files, each with its name."""
    digest = hashlib.sha256()
    for module in sorted(code):
        digest.update(f"{module}\0".encode() + source_file(module).read_bytes() + b"\0")
    for name in sorted(libraries):
        digest.update(f"{name}={version(name)}\0".encode())
    for path in files:
        digest.update(f"{Path(path).name}\0".encode() + Path(path).read_bytes() + b"\0")
    return digest.hexdigest()


class ContentCache:
    """A folder of outputs, each stored under a key made from its inputs (see above)."""

    def __init__(
        self,
        name: str,
        *,
        code: Sequence[str] = (),
        libraries: Sequence[str] = (),
        files: Iterable[Path] = (),
        root: Path | None = CACHE,
    ) -> None:
        self.folder = (root / name) if root is not None else None
        self.code = code_digest(code, libraries, files)
        self.used: set[str] = set()

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def key(self, *parts: object) -> str:
        """The key of an output made from `parts` (anything JSON can write) by this code."""
        payload = json.dumps([self.code, parts], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def path(self, key: str, suffix: str = "") -> Path:
        assert self.folder is not None, "a disabled cache has no files"
        return self.folder / f"{key}{suffix}"

    def get(self, key: str, suffix: str = "") -> bytes | None:
        """The stored bytes, or None (also when the cache is disabled)."""
        if self.folder is None:
            return None
        self.used.add(key + suffix)
        try:
            return self.path(key, suffix).read_bytes()
        except FileNotFoundError:
            return None

    def has(self, key: str, suffix: str = "") -> bool:
        self.used.add(key + suffix)
        return self.folder is not None and self.path(key, suffix).exists()

    def put(self, key: str, data: bytes, suffix: str = "") -> None:
        if self.folder is None:
            return
        self.used.add(key + suffix)
        write_atomic(self.path(key, suffix), data)

    def get_tree(self, key: str) -> Path | None:
        """The folder stored under `key` (a set of files), or None."""
        if self.folder is None:
            return None
        self.used.add(key)
        stored = self.path(key)
        return stored if stored.is_dir() else None

    def put_tree(self, key: str, files: Mapping[str, bytes]) -> Path | None:
        """Store a set of files (relative POSIX path -> bytes) as one entry: it appears
        whole or not at all."""
        if self.folder is None:
            return None
        self.used.add(key)
        stored = self.path(key)
        fresh = stored.with_name(f".{stored.name}.{os.getpid()}.tmp")
        shutil.rmtree(fresh, ignore_errors=True)
        for name, data in files.items():
            target = fresh.joinpath(*PurePosixPath(name).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        shutil.rmtree(stored, ignore_errors=True)
        fresh.rename(stored)
        return stored

    def prune(self) -> int:
        """Remove every entry this run did not get or put; the number removed."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        removed = 0
        for entry in self.folder.iterdir():
            if entry.name in self.used:
                continue
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            removed += 1
        return removed
