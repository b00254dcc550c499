"""The build, stage by stage, in the order the stages run (this is the one place that
order is written down):

1. fingerprint: nothing the build reads changed since the last build of the target: stop.
2. validate (`validate`): any problem stops the build; the validated package is handed on.
3. derive (`derive`): the tables the pages show.
4. pages (`pages`): the docs tree and theme overrides (`mkdocs_build.docs`,
   `mkdocs_build.overrides`), then every page's Markdown in every language; a page
   declares its charts and maps, which fixes their file names.
5. charts (`figures`): the charts and maps the pages declared, rendered in one batch.
6. mkdocs (`mkdocs_build.run`): the site built into build/site-new, with the page cache.
7. postbuild (`mkdocs_build.postbuild`): 404 pages and sitemap.
8. search (`mkdocs_build.search`): the search index, once the 404 pages are final.
9. downloads (`downloads`): every data download into site-new/data/, once for every
   language.
10. swap: site-new replaces the target, and the fingerprint is kept.

The site is built beside the published one and replaces it only when every stage
succeeded, so a failed build leaves the previous site untouched. `serve` runs the same
pipeline into build/preview on every change.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from importlib.metadata import distributions
from pathlib import Path

from build_scripts import derive, downloads, messages, pages
from build_scripts.address import public_address
from build_scripts.errors import ValidationFailed
from build_scripts.i18n import LANGUAGES
from build_scripts.mkdocs_build import postbuild, search
from build_scripts.mkdocs_build.docs import GENERATED_DOCS, prepare_docs
from build_scripts.mkdocs_build.overrides import HAND_WRITTEN_OVERRIDES, prepare_overrides
from build_scripts.mkdocs_build.page_cache import check_internals
from build_scripts.mkdocs_build.run import mkdocs_build
from build_scripts.paths import BUILD, DOCS, MKDOCS_YML, ROOT, SITE
from build_scripts.progress import Stages
from build_scripts.storage import write_atomic
from build_scripts.validate import ValidPackage, require_valid

log = logging.getLogger("build_scripts")


def generate(package: Path, stages: Stages | None = None) -> tuple[ValidPackage, int]:
    """Stages 2 to 5: validate, derive, pages, charts. The validated package (for the
    downloads) and the number of pages written."""
    stages = stages or Stages()
    with stages.stage("validate"):
        valid = require_valid(package)
    with stages.stage("derive"):
        data = derive.run(package)
    with stages.stage("pages"):
        prepare_docs()
        prepare_overrides()
        writer = pages.PageWriter(data, GENERATED_DOCS)
        written = writer.run()
    with stages.stage("charts"):
        writer.render_figures()
    return valid, len(written)


def build_site(
    valid: ValidPackage, new: Path, strict: bool, site_url: str | None, stages: Stages
) -> None:
    """Stages 6 to 9, into `new`: mkdocs, postbuild, search, downloads."""
    with stages.stage("mkdocs"):
        mkdocs_build(new, strict, site_url)
    with stages.stage("postbuild"):
        postbuild.run(new, site_url)
    with stages.stage("search"):
        search.index(new)  # after the 404 pages are final: nothing of them is indexed
    with stages.stage("downloads"):
        downloads.write(valid, new / "data")  # once, for every language


def build(
    package: Path, strict: bool = True, target: Path | None = None, publish: bool = False
) -> dict[str, float]:
    """The whole pipeline. Everything is built beside the published site and swapped in
    only at the end: any failure leaves the previous site untouched. When nothing the
    build reads has changed since the last successful build of `target`, nothing is done.
    `publish`: the site is about to be deployed, so it must have its public address
    (AddressError before anything is built otherwise)."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    site_url = public_address(required=publish)
    check_internals()
    target = target or SITE
    stages = Stages()
    with stages.stage("fingerprint"):
        current = fingerprint(package, target, strict, site_url)
    stamp = BUILD / "fingerprints" / hashlib_name(target)
    if target.exists() and stamp.exists() and stamp.read_text() == current:
        log.info(say("site_unchanged", path=target))
        return stages.seconds
    valid, count = generate(package, stages)
    log.info(say("pages_written", count=count, languages=len(LANGUAGES)))
    new = BUILD / "site-new"
    if new.exists():
        shutil.rmtree(new)
    try:
        build_site(valid, new, strict, site_url, stages)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)  # the half-built site goes, site/ stays
        raise
    swap(new, target)
    write_atomic(stamp, current.encode())
    log.info(say("site_built", path=target))
    return stages.seconds


def swap(new: Path, target: Path = SITE) -> None:
    old = BUILD / "site-old"
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    if old.exists():
        shutil.rmtree(old)


def fingerprint(package: Path, target: Path, strict: bool, site_url: str | None) -> str:
    """Hash of everything a build reads: the package folder, the code, templates and
    catalogs, hand-written pages and overrides, mkdocs.yml, and the build's settings."""
    digest = hashlib.sha256()
    settings = [str(target.resolve()), str(strict), site_url or ""]
    digest.update("\0".join(settings + installed_versions()).encode())
    roots = [package.parent, ROOT / "build_scripts", DOCS, HAND_WRITTEN_OVERRIDES]
    for root in roots:
        for path in sorted(root.rglob("*")) if root.exists() else []:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    digest.update(MKDOCS_YML.read_bytes())
    return digest.hexdigest()


def installed_versions() -> list[str]:
    """Every installed distribution with its version: the libraries the build runs on
    (MkDocs, Markdown extensions, Material, matplotlib, pandas, Babel, openpyxl, ...)."""
    return sorted({f"{d.metadata['Name']}=={d.version}" for d in distributions()})


def hashlib_name(target: Path) -> str:
    return hashlib.sha256(str(target.resolve()).encode()).hexdigest()[:16]


def say(key: str, **params: object) -> str:
    return messages.say("cli", key, **params)


def serve(package: Path, dev_addr: str) -> int:
    """Preview: the same pipeline as `build`, into build/preview, rebuilt and reloaded in
    the browser whenever the data, the hand-written pages, templates, message catalogs,
    theme overrides or mkdocs.yml change. A failed rebuild keeps the last good preview."""
    from mkdocs.livereload import LiveReloadServer

    host, _, port = dev_addr.rpartition(":")
    preview = BUILD / "preview"

    def rebuild() -> None:
        try:
            build(package, strict=False, target=preview)
        except ValidationFailed as failed:
            log.error(say("preview_invalid", count=len(failed.problems)))
        except Exception as error:  # keep serving the last good preview
            log.error(say("preview_failed", error=error))

    rebuild()
    server = LiveReloadServer(builder=rebuild, host=host, port=int(port), root=str(preview))
    server.error_handler = lambda code: (
        (preview / "404.html").read_bytes()
        if code == 404 and (preview / "404.html").exists()
        else None
    )
    for watched in (
        package.parent,
        DOCS,
        ROOT / "build_scripts",
        HAND_WRITTEN_OVERRIDES,
        MKDOCS_YML,
    ):
        if watched.exists():
            server.watch(str(watched))
    try:
        server.serve()
    except KeyboardInterrupt:
        log.info(say("preview_stopped"))
    finally:
        server.shutdown()
    return 0
