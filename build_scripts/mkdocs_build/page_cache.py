"""Page-level cache for the MkDocs stage: a page whose Markdown has not changed is not
converted again.

Most of the MkDocs stage goes into two passes over each page's HTML: Python-Markdown's
conversion (with its raw-HTML parser) and MkDocs' anchor collection over the same raw
HTML. Both are pure functions of inputs we can hash, so their results are kept in
`.cache/mkdocs/`:

- conversion: keyed by the page's final Markdown, its source path and URL, every file
  of the build with its URL (links are resolved and checked against them), the
  configuration file the build was given, the versions of the Markdown stack and this
  file (`storage.ContentCache`, the build's one cache). Kept: the HTML, the table of
  contents, the title, the anchors the page has and the anchors it links to, and every
  message MkDocs logged while converting it (replayed on a hit, so `strict` fails the
  same way with or without the cache).

Templates are still rendered for every page (navigation, language switcher and page
context are cheap and depend on the whole site). Decision 0007.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import pickle
import types
import zlib
from importlib.metadata import version
from pathlib import Path
from typing import Any

from mkdocs.plugins import BasePlugin
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from build_scripts import messages
from build_scripts.paths import CACHE, MKDOCS_YML
from build_scripts.storage import ContentCache

SUFFIX = ".pickle.z"
VERSIONS = ("mkdocs", "markdown", "pymdown-extensions", "mkdocs-material", "mkdocs-static-i18n")
# What the cache borrows from MkDocs' Page: it replaces `render(config, files)` and, on a
# hit, sets these attributes as `render` would (one of them private).
BORROWED_ATTRIBUTES = (
    "content",
    "toc",
    "_title_from_render",
    "present_anchor_ids",
    "links_to_anchors",
)


class InternalsChanged(RuntimeError):
    """The installed MkDocs no longer has what the page cache borrows: no site is built."""


def check_internals(page_class: type | None = None) -> None:
    """Fail before building, with a message, if MkDocs' Page changed: a page cache that
    set attributes MkDocs no longer reads would publish a wrong site without an error."""
    page_class = page_class or Page
    missing = []
    render = getattr(page_class, "render", None)
    if render is None or list(inspect.signature(render).parameters) != ["self", "config", "files"]:
        missing.append("Page.render(self, config, files)")
    try:
        source = inspect.getsource(page_class)
    except (OSError, TypeError):
        source = ""
    missing += [f"Page.{name}" for name in BORROWED_ATTRIBUTES if f"self.{name}" not in source]
    if missing:
        raise InternalsChanged(
            messages.say(
                "cli", "internals_changed", version=version("mkdocs"), missing=", ".join(missing)
            )
        )


def _storage(root: Path, config_file: Path) -> ContentCache:
    """The cache of page conversions, its code: this module, the configuration the build
    runs with (Markdown extensions and their settings) and the versions of the Markdown
    stack."""
    return ContentCache(
        "mkdocs",
        code=["mkdocs_build.page_cache"],
        libraries=VERSIONS,
        files=[config_file],
        root=root,
    )


def _toc_tokens(items) -> list[dict]:
    return [
        {"level": i.level, "id": i.id, "name": i.title, "children": _toc_tokens(i.children)}
        for i in items
    ]


class _Recorder(logging.Handler):
    """Keeps every message logged under `mkdocs` while a page is converted."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


class PageCache(BasePlugin):
    """Registered by `run.mkdocs_build` (not in mkdocs.yml: it belongs to our pipeline)."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        super().__init__()
        check_internals()
        self.root = cache_dir or CACHE
        self.config_file = MKDOCS_YML
        self.storage = _storage(self.root, MKDOCS_YML)
        self.counts = {"converted": 0, "converted_cached": 0}
        self._files_digest: dict[int, str] = {}

    def _load(self, key: str) -> dict[str, Any] | None:
        stored = self.storage.get(key, SUFFIX)
        if stored is None:
            return None
        try:
            return pickle.loads(zlib.decompress(stored))
        except (zlib.error, pickle.UnpicklingError, EOFError):
            return None

    def _store(self, key: str, value: dict[str, Any]) -> None:
        self.storage.put(key, zlib.compress(pickle.dumps(value, protocol=5), 1), SUFFIX)

    def prune(self) -> int:
        """Remove entries this build did not use; returns how many."""
        return self.storage.prune()

    # -- conversion ------------------------------------------------------------------

    def _files_key(self, files) -> str:
        key = self._files_digest.get(id(files))
        if key is None:
            digest = hashlib.sha256()
            for file in files:
                digest.update(f"{file.src_uri}\0{file.url}\0{file.inclusion}\n".encode())
            key = self._files_digest[id(files)] = digest.hexdigest()
        return key

    def on_page_markdown(self, markdown, *, page, config, files):
        page.render = types.MethodType(self._render, page)
        return markdown

    def _render(self, page: Page, config, files) -> None:
        key = self.storage.key(
            self._files_key(files), page.file.src_uri, page.file.url, page.markdown
        )
        cached = self._load(key)
        if cached is None:
            recorder = _Recorder()
            logger = logging.getLogger("mkdocs")
            logger.addHandler(recorder)
            try:
                Page.render(page, config, files)
            finally:
                logger.removeHandler(recorder)
            links = page.links_to_anchors
            cached = {
                "content": page.content,
                "toc": _toc_tokens(page.toc),
                "title": page._title_from_render,
                "anchors": page.present_anchor_ids,
                "links": None
                if links is None
                else {target.src_uri: dict(found) for target, found in links.items()},
                "log": recorder.records,
            }
            self._store(key, cached)
            self.counts["converted"] += 1
            return
        self.counts["converted_cached"] += 1
        page.content = cached["content"]
        page.toc = get_toc(cached["toc"])
        page._title_from_render = cached["title"]
        page.present_anchor_ids = cached["anchors"]
        if cached["links"] is not None:
            page.links_to_anchors = {
                files.get_file_from_path(uri): found for uri, found in cached["links"].items()
            }
        for name, level, message in cached["log"]:
            logging.getLogger(name).log(level, message)

    # -- configuration -----------------------------------------------------------------

    def on_config(self, config):
        # The file this build was given, not the default one. The i18n plugin builds each
        # language with the same file: the entries already used stay used (not pruned).
        given = Path(config.config_file_path) if config.config_file_path else None
        if given is not None and given != self.config_file:
            used = self.storage.used
            self.config_file = given
            self.storage = _storage(self.root, given)
            self.storage.used |= used
        return config
