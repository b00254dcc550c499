"""Finish the MkDocs output before it replaces the published site (the stages: `pipeline`).

- 404: one not-found page per language, at `<language root>/404/`, usable from any URL
  depth (a `<base>` element anchors its relative links, Material's base, from which the
  search finds its files, is absolute), and
  the root `404.html`, which the host serves for every missing path, shows the one of the
  path's language.
- Sitemap: every page in every language as its own `<url>`, each listing all alternates
  with hreflang and `x-default`; no dates, so unchanged data gives an unchanged file.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from build_scripts.i18n import LANGUAGES, Translator


def language_of(location: str) -> tuple[str, str]:
    """(language code, location relative to that language's root)."""
    for lang in LANGUAGES:
        if lang.prefix and location.startswith(lang.prefix):
            return lang.code, location[len(lang.prefix) :]
    return LANGUAGES[0].code, location


CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def base_path_of(site_url: str) -> str:
    """The path the site is served under: `/` for a user site, `/repo/` for a project site."""
    path = urlsplit(site_url).path or "/"
    return path if path.endswith("/") else path + "/"


def anchor_not_found_page(html: str, base_path: str, lang_prefix: str) -> str:
    """A language's not-found page, made to work at any URL: a `<base>` element anchors its
    relative links, and Material's base (which scripts resolve against the address, not
    against `<base>`; the search loads its files from it) becomes absolute. Running it again changes nothing."""
    html = re.sub(r"\s*<base href=\"[^\"]*\">", "", html, count=1)
    anchor = f'<base href="{base_path}{lang_prefix}404/">'
    html = html.replace("<head>", "<head>\n    " + anchor, 1)

    def absolute_base(match: re.Match) -> str:
        config = json.loads(match.group(2))
        config["base"] = base_path
        return match.group(1) + json.dumps(config, ensure_ascii=False) + match.group(3)

    html, found = CONFIG.subn(absolute_base, html, count=1)
    if not found:
        raise ValueError("the not-found page has no Material __config script")
    return html


def not_found_pages(site: Path, site_url: str) -> None:
    """GitHub Pages answers every missing path with the root `404.html`. Each language's
    not-found page stays at `<language root>/404/`, anchored to work at any depth; the root
    `404.html` shows the one of the path's language (decision 0014)."""
    from build_scripts.pages import environment

    base_path = base_path_of(site_url)
    parts = []
    for lang in LANGUAGES:
        page = site / lang.prefix / "404" / "index.html"
        try:
            html = anchor_not_found_page(page.read_text(encoding="utf-8"), base_path, lang.prefix)
        except ValueError as error:
            raise ValueError(f"{page}: {error}") from None
        page.write_text(html, encoding="utf-8")
        if lang.prefix:  # per-language 404.html: no host serves them, so none is kept
            (site / lang.prefix / "404.html").unlink(missing_ok=True)
        tr = Translator(lang)
        parts.append(
            {
                "code": lang.code,
                "prefix": lang.prefix,
                "title": tr.t("notfound.title"),
                "text": tr.t("notfound.text"),
                "site_name": tr.t("site_name"),
                "home": base_path + lang.prefix,
                "home_label": tr.t("nav.home"),
                "lsg_label": tr.t("nav.lsg"),
            }
        )
    pages = {part["prefix"]: base_path + part["prefix"] + "404/" for part in parts}
    root = environment().get_template("not_found_root.html.j2")
    html = root.render(parts=parts, base_path=base_path, pages=pages)
    (site / "404.html").write_text(html, encoding="utf-8")


def pages_by_language(site: Path) -> dict[str, set[str]]:
    """URL paths (relative to the language root) of every HTML page per language."""
    found: dict[str, set[str]] = {lang.code: set() for lang in LANGUAGES}
    others = [lang.prefix.rstrip("/") for lang in LANGUAGES if lang.prefix]
    for path in site.rglob("index.html"):
        rel = path.parent.relative_to(site).as_posix()
        rel = "" if rel == "." else rel + "/"
        code, location = language_of(rel)
        if code == LANGUAGES[0].code and rel.split("/", 1)[0] in others:
            continue
        if location.startswith("404/"):
            continue
        found[code].add(location)
    return found


def sitemap(site: Path, site_url: str, out: Path | None = None) -> int:
    """sitemap.xml (and .gz) of `site` into `out` (default: the site itself); every page of
    every language with its alternates. Returns the number of URLs."""
    out = out or site
    if not site_url.endswith("/"):
        site_url += "/"
    pages = pages_by_language(site)
    default = LANGUAGES[0]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    count = 0
    for location in sorted(set().union(*pages.values())):
        present = [lang for lang in LANGUAGES if location in pages[lang.code]]
        links = [
            f'    <xhtml:link rel="alternate" hreflang="{lang.code}" '
            f"href={quoteattr(site_url + lang.prefix + location)}/>"
            for lang in present
        ]
        if default in present:
            links.append(
                '    <xhtml:link rel="alternate" hreflang="x-default" '
                f"href={quoteattr(site_url + location)}/>"
            )
        for lang in present:
            lines += ["  <url>", f"    <loc>{escape(site_url + lang.prefix + location)}</loc>"]
            lines += links + ["  </url>"]
            count += 1
    lines.append("</urlset>\n")
    text = "\n".join(lines)
    (out / "sitemap.xml").write_text(text, encoding="utf-8")
    with gzip.GzipFile(out / "sitemap.xml.gz", "wb", mtime=0) as handle:
        handle.write(text.encode("utf-8"))
    return count


def run(site: Path, site_url: str | None) -> dict[str, object]:
    """`site_url` None: the site has no public address, so no sitemap (its URLs must be
    absolute) and the 404 pages assume the site is served at the root."""
    not_found_pages(site, site_url or "/")
    if site_url:
        urls = sitemap(site, site_url)
    else:
        urls = 0
        for name in ("sitemap.xml", "sitemap.xml.gz"):  # MkDocs' own, without addresses
            (site / name).unlink(missing_ok=True)
    return {"sitemap_urls": urls}
