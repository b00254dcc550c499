"""Checks over a built site, used by the tests and shown failing on broken inputs."""

from __future__ import annotations

import gzip
import io
import re
import zipfile
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRS = {
    ("a", "href"),
    ("img", "src"),
    ("object", "data"),
    ("link", "href"),
    ("script", "src"),
}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.base: str | None = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if "id" in values and values["id"]:
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        if tag == "base" and values.get("href"):
            self.base = values["href"]
        for element, attribute in LINK_ATTRS:
            if tag == element and values.get(attribute):
                self.links.append(values[attribute])


def parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def resolve(site: Path, page: Path, link: str, base: str | None) -> tuple[Path | None, str]:
    """Target file of a link on `page` and its fragment; None for external links."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("mailto:", "tel:", "javascript:")):
        return None, ""
    path = unquote(parts.path)
    if base and base.startswith("/"):
        origin = site / base.lstrip("/")
    else:
        origin = page.parent
    if not path:
        target = page
    elif path.startswith("/"):
        target = site / path.lstrip("/")
    else:
        target = (origin / path).resolve()
    if target.is_dir() or path.endswith("/"):
        target = target / "index.html"
    return target, unquote(parts.fragment)


def broken_links(site: Path) -> list[str]:
    """Every internal link, image, object or script reference that points nowhere, and
    every #anchor missing from its target page."""
    site = site.resolve()
    pages = sorted(site.rglob("*.html"))
    parsed = {}
    problems = []
    for page in pages:
        info = parsed.setdefault(page, parse(page))
        for link in info.links:
            target, fragment = resolve(site, page, link, info.base)
            if target is None:
                continue
            rel = page.relative_to(site)
            if not target.exists():
                problems.append(f"{rel}: {link} -> missing {target}")
                continue
            if site not in target.parents and target != site:
                problems.append(f"{rel}: {link} -> outside the site")
                continue
            if fragment and target.suffix == ".html":
                ids = parsed.setdefault(target, parse(target)).ids
                if fragment not in ids:
                    problems.append(
                        f"{rel}: {link} -> no #{fragment} in {target.relative_to(site)}"
                    )
    return problems


FIGURE = re.compile(r'<figure class="chart" id="([^"]+)">(.*?)</figure>', re.S)


def unlabelled_figures(html: str) -> list[str]:
    """Figures without a text alternative, a described-by summary or a data table."""
    problems = []
    for fig_id, body in FIGURE.findall(html):
        label = re.search(r'<(?:img|object)\b[^>]*\b(?:alt|aria-label)="([^"]+)"', body)
        described = re.search(r'aria-describedby="([^"]+)"', body)
        said = described and re.search(
            rf'id="{re.escape(described.group(1))}">(.*?)</p>', body, re.S
        )
        summary = said and len(unescape(re.sub(r"<[^>]+>", "", said.group(1))).strip()) >= 20
        table = re.search(r"<details[^>]*>.*<tbody>\s*<tr>", body, re.S)
        if not (label and summary and table):
            problems.append(fig_id)
    return problems


# An address no published file may carry: loopback, unspecified, or a name reserved for
# examples and tests (RFC 2606, RFC 6761), as a URL or a bare host:port.
PLACEHOLDER_ADDRESS = re.compile(
    rb"(?i)(?:\b(?:127(?:\.\d{1,3}){3}|localhost|0\.0\.0\.0)(?::\d+)?(?=[/\"'<>\s),;]|$)"
    rb"|//\[::1\]"
    rb"|//(?:[a-z0-9-]+\.)*(?:example\.(?:com|org|net)|[a-z0-9-]+\.(?:example|test|invalid|localhost))"
    rb"(?=[/:?#\"'<>\s]|$))"
)


def _contents(name: str, data: bytes) -> Iterator[tuple[str, bytes]]:
    """A file's bytes, and those of every member of a ZIP (XLSX is one) or gzip, nested."""
    yield name, data
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                yield from _contents(f"{name}!{member}", archive.read(member))
    elif data[:2] == b"\x1f\x8b":
        yield from _contents(f"{name}!gunzip", gzip.decompress(data))


def placeholder_addresses(site: Path) -> list[str]:
    """Every placeholder address in every file of a built site (pages, XML, JSON, JSON-LD,
    CSV, SVG, and inside XLSX, ZIP and gzip files), as 'file: match'."""
    found = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        for name, data in _contents(path.relative_to(site).as_posix(), path.read_bytes()):
            if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 text
                data = data.decode("utf-16").encode("utf-8")
            for match in PLACEHOLDER_ADDRESS.finditer(data):
                found.append(f"{name}: {match.group().decode('utf-8', 'replace')}")
    return found
