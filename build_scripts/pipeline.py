"""Stage runner: validate -> derive -> pages -> mkdocs build -> postbuild -> search index ->
downloads, then swap into site/.

The site is built into build/site-new and only replaces site/ when MkDocs succeeded,
so a failed build leaves the previous site untouched.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from html import escape
from pathlib import Path

from build_scripts import derive, downloads, messages, pages
from build_scripts.address import public_address, repository_url
from build_scripts.errors import ValidationFailed
from build_scripts.i18n import LANGUAGES, Translator, catalog
from build_scripts.mkdocs_build import postbuild, search
from build_scripts.mkdocs_build.page_cache import PageCache, check_internals
from build_scripts.paths import BUILD, DATAPACKAGE, DOCS, MKDOCS_YML, ROOT, SITE
from build_scripts.progress import Stages
from build_scripts.translit import to_cyrillic, to_latin
from build_scripts.validate import validate_package

GENERATED_DOCS = BUILD / "docs"
GENERATED_OVERRIDES = BUILD / "overrides"
HAND_WRITTEN_OVERRIDES = ROOT / "overrides"
log = logging.getLogger("build_scripts")


def prepare_docs(out: Path = GENERATED_DOCS) -> None:
    """Hand-written docs/ copied in; each Serbian Latin page gets its Cyrillic twin."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(DOCS, out, ignore=shutil.ignore_patterns("decisions"))
    for page in out.rglob("*.md"):
        stem = page.name[:-3]
        if "." in stem:  # already a translation (x.en.md, x.sr-Cyrl.md)
            continue
        twin = page.with_name(f"{stem}.sr-Cyrl.md")
        if not twin.exists():
            prose = page.read_text(encoding="utf-8")
            twin.write_text(to_cyrillic(prose, keep_foreign=True), encoding="utf-8")


LABEL_LINE = re.compile(r'^(\s*"([^"]+)": )"(.*)"(,?)$', flags=re.MULTILINE)


def _corrected_labels(labels: str, code: str) -> str:
    """Material's label file with the catalog's corrections (`theme.<label key>`)."""
    messages = catalog(code)

    def fix(m: re.Match[str]) -> str:
        value = messages.get("theme." + m.group(2))
        if value is None:
            return m.group(0)
        return f"{m.group(1)}{json.dumps(value, ensure_ascii=False)}{m.group(4)}"

    return LABEL_LINE.sub(fix, labels)


def prepare_overrides(out: Path = GENERATED_OVERRIDES) -> None:
    """Theme overrides, plus Material's labels in both Serbian scripts (Material ships
    Serbian in Cyrillic only, `sr`, so the Latin file is derived from it) and in English,
    with the catalog's corrections, the footer in each language, and the site search's UI
    strings in every language."""
    import material

    if out.exists():
        shutil.rmtree(out)
    if HAND_WRITTEN_OVERRIDES.is_dir():
        shutil.copytree(HAND_WRITTEN_OVERRIDES, out)
    material_languages = Path(material.__file__).parent / "templates" / "partials" / "languages"
    cyrillic = (material_languages / "sr.html").read_text(encoding="utf-8")
    cyrillic = cyrillic.replace('"language": "sr"', '"language": "sr-Cyrl"')
    languages = out / "partials" / "languages"
    languages.mkdir(parents=True, exist_ok=True)
    (languages / "sr-Cyrl.html").write_text(
        _corrected_labels(cyrillic, "sr-Cyrl"), encoding="utf-8"
    )
    # The labels sit inside one Jinja expression, which transliteration leaves alone:
    # convert each quoted label value on its own.
    latin = LABEL_LINE.sub(
        lambda m: f'{m.group(1)}"{to_latin(m.group(3))}"{m.group(4)}', cyrillic
    ).replace('"language": "sr-Cyrl"', '"language": "sr-Latn"')
    (languages / "sr-Latn.html").write_text(_corrected_labels(latin, "sr-Latn"), encoding="utf-8")
    english = (material_languages / "en.html").read_text(encoding="utf-8")
    (languages / "en.html").write_text(_corrected_labels(english, "en"), encoding="utf-8")
    (out / "partials" / "copyright.html").write_text(footer_template(), encoding="utf-8")
    search.write_partials(out)  # the search's UI strings per language


def footer_template() -> str:
    """Material's copyright partial replaced: who publishes the site, the licence of data
    and text, how to report a mistake, in the page's language (from the catalogs)."""
    descriptor = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))
    licence = descriptor["licenses"][0]
    repository = repository_url()
    emails = [c["email"] for c in descriptor.get("contributors", []) if c.get("email")]
    branches = []
    # The default language last: the `else` branch, for a page without a language.
    for lang in sorted(LANGUAGES, key=lambda lang: lang.prefix == ""):
        tr = Translator(lang)

        def link(href: str, text: str) -> str:
            return f'<a href="{escape(href)}">{escape(text)}</a>'

        report_href = (
            f"{repository}/issues/new"
            if repository
            else "/" + lang.prefix + "contribute/"  # rewritten to a relative link below
        )
        paragraphs = [
            escape(tr.t("footer.publisher", site=tr.t("site_name"))),
            escape(tr.t("footer.licence", licence="\0")).replace(
                "\0", link(licence["path"], licence["name"].replace("-", " "))
            ),
            escape(tr.t("footer.report", link="\0", end="\1"))
            .replace("\0", f'<a href="{escape(report_href)}">')
            .replace("\1", "</a>"),
        ]
        if emails:
            paragraphs.append(
                escape(tr.t("footer.contact", email="\0")).replace(
                    "\0", link("mailto:" + emails[0], emails[0])
                )
            )
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        branches.append((lang.code, body))
    # The contribute page's address depends on the page's depth: Material's `base_url`.
    out = ['<div class="md-copyright">']
    for i, (code, body) in enumerate(branches):
        keyword = "if" if i == 0 else "elif"
        test = f'i18n_page_locale == "{code}"' if i < len(branches) - 1 else ""
        out.append(f"{{% {keyword} {test} %}}" if test else "{% else %}")
        out.append(body.replace('href="/', 'href="{{ base_url }}/'))
    out.append("{% endif %}</div>\n")
    return "\n".join(out)


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
) -> str:
    """Run MkDocs into site_dir; returns the site_url the pages were built for. Pages
    whose Markdown is unchanged come from the page cache (`mkdocs_cache.py`)."""
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
    log.info(say("mkdocs_cache", **cache.counts))
    return config.site_url


def swap(new: Path, target: Path = SITE) -> None:
    old = BUILD / "site-old"
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    if old.exists():
        shutil.rmtree(old)


def generate(package: Path, stages: Stages | None = None) -> int:
    stages = stages or Stages()
    with stages.stage("validate"):
        problems, _ = validate_package(package)
    if problems:
        raise ValidationFailed(problems)
    with stages.stage("derive"):
        data = derive.run(package)
    with stages.stage("pages"):
        prepare_docs()
        prepare_overrides()
        writer = pages.PageWriter(data, GENERATED_DOCS)
        written = writer.run()
    with stages.stage("charts"):
        writer.render_figures()
    return len(written)


def fingerprint(package: Path, target: Path, strict: bool, site_url: str | None) -> str:
    """Hash of everything a build reads: the package folder, the code, templates and
    catalogs, hand-written pages and overrides, mkdocs.yml, and the build's settings."""
    import hashlib

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
    from importlib.metadata import distributions

    return sorted({f"{d.metadata['Name']}=={d.version}" for d in distributions()})


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
    count = generate(package, stages)
    log.info(say("pages_written", count=count, languages=len(LANGUAGES)))
    new = BUILD / "site-new"
    if new.exists():
        shutil.rmtree(new)
    try:
        with stages.stage("mkdocs"):
            mkdocs_build(new, strict, site_url)
        with stages.stage("postbuild"):
            postbuild.run(new, site_url)
        with stages.stage("search"):
            search.index(new)  # after the 404 pages are final: nothing of them is indexed
        with stages.stage("downloads"):
            downloads.write(package, new / "data")  # once, for every language
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)  # the half-built site goes, site/ stays
        raise
    swap(new, target)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current)
    log.info(say("site_built", path=target))
    return stages.seconds


def hashlib_name(target: Path) -> str:
    import hashlib

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
