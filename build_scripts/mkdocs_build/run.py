"""The MkDocs run: the site built from the docs tree and the theme overrides, with the page
cache (`page_cache`) registered as a plugin of this build."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from build_scripts import messages
from build_scripts.mkdocs_build.docs import GENERATED_DOCS
from build_scripts.mkdocs_build.overrides import GENERATED_OVERRIDES
from build_scripts.mkdocs_build.page_cache import PageCache
from build_scripts.paths import MKDOCS_YML

log = logging.getLogger("build_scripts")


def point_mkdocs_at_build_tree(docs: Path = GENERATED_DOCS) -> None:
    """mkdocs.yml reads its docs_dir and custom_dir from these (defaults: build/...)."""
    os.environ["SOCPROT_DOCS_DIR"] = str(docs)
    os.environ["SOCPROT_OVERRIDES_DIR"] = str(GENERATED_OVERRIDES)


def mkdocs_build(
    site_dir: Path,
    strict: bool,
    site_url: str | None = None,
    docs: Path = GENERATED_DOCS,
    cache: PageCache | None = None,
    config_file: Path = MKDOCS_YML,
) -> str | None:
    """Run MkDocs into site_dir; returns the site_url the pages were built for (None: no
    public address). Pages whose Markdown is unchanged come from the page cache."""
    from mkdocs.commands.build import build as run_build
    from mkdocs.config import load_config

    point_mkdocs_at_build_tree(docs)
    # The address comes from address.py alone (mkdocs.yml or SITE_URL, checked there);
    # None: MkDocs writes no canonical links.
    config = load_config(str(config_file), site_dir=str(site_dir), strict=strict)
    config.site_url = site_url
    cache = cache or PageCache()
    config.plugins["socprot/page-cache"] = cache
    config.plugins.on_startup(command="build", dirty=False)
    try:
        run_build(config)
    finally:
        config.plugins.on_shutdown()
    cache.prune()
    log.info(messages.say("cli", "mkdocs_cache", **cache.counts))
    return config.site_url
