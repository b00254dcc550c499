"""Machine-readable metadata, written from datapackage.json alone: what the DCAT-AP catalog
(`dcat`), the CSVW metadata (`csvw`) and the schema.org `Dataset` JSON-LD of the data
pages (Google Dataset Search, here) share: identifiers, texts in the site's languages,
descriptions with the demonstration notice, publisher and licences.

Identifiers are stable across releases: `<site_url>data/#<resource name>`, never the
version. The fixed sentences (demonstration notice, format names) come from the message
catalogs.
"""

from __future__ import annotations

from typing import Any

from build_scripts.address import public_address
from build_scripts.downloads.names import Files
from build_scripts.i18n import LANGUAGES, catalog
from build_scripts.translit import to_cyrillic

EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
EU_LANGUAGES = {"sr-Latn": EU + "language/SRP", "en": EU + "language/ENG"}
SERBIA = EU + "country/SRB"
# What each kind of download is: EU file type, IANA media type, message key.
FORMATS = {
    "csv": ("CSV", "text/csv", "data.format.csv"),
    "json": ("JSON", "application/json", "data.format.json"),
    "xlsx": (
        "XLSX",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "data.format.xlsx",
    ),
    "zip": ("ZIP", "application/zip", "data.format.zip"),
}
# Technical names kept as they are in every script (passed to messages as placeholders,
# which transliteration leaves alone).
WORDS = {
    "csv": "CSV",
    "excel": "Excel",
    "libreoffice": "LibreOffice",
    "xlsx": "XLSX",
    "json": "JSON",
    "zip": "ZIP",
    "utf8": "UTF-8",
    "portal": "data.gov.rs",
    "frictionless": "frictionless",
    "command": "sha256sum -c SHA256SUMS",
    "values": "true, false",
}


# -- shared by every kind of metadata ----------------------------------------------------


def site_root(relative: str = "../") -> str:
    """The site's public address; without one, `relative`: the way from the file being
    written to the site's root (most metadata files are in data/, hence "../"), so that
    every link still resolves where the file is served and no address is invented."""
    return public_address() or relative


def identifier(name: str, root: str = "../") -> str:
    """Where a dataset (a resource, or the whole package) is described: `data/#name`."""
    return f"{site_root(root)}data/#{name}"


def stable_identifier(name: str) -> str | None:
    """The dataset's stable public identifier, the same across releases; None while the
    site has no public address (a relative link is no identifier)."""
    return identifier(name) if public_address() else None


def texts(key: str, **params: object) -> dict[str, str]:
    """A catalog message in Serbian Latin, Serbian Cyrillic and English."""
    params = {**WORDS, **params}
    latin = catalog("sr-Latn")[key].format(**params)
    english = catalog("en")[key].format(**params)
    return {"sr-Latn": latin, "sr-Cyrl": to_cyrillic(latin, keep_foreign=True), "en": english}


def bilingual(item: dict, stem: str) -> dict[str, str]:
    """`stem` and `stem_sr` of a descriptor, in the three languages of the site."""
    out = {"en": item[stem]} if item.get(stem) else {}
    if item.get(f"{stem}_sr"):
        out["sr-Latn"] = item[f"{stem}_sr"]
        out["sr-Cyrl"] = to_cyrillic(item[f"{stem}_sr"], keep_foreign=True)
    return out


def literals(values: dict[str, str]) -> list[dict[str, str]]:
    return [{"@value": v, "@language": lang} for lang, v in values.items()]


def _join(*parts: dict[str, str]) -> dict[str, str]:
    return {lang: " ".join(p[lang] for p in parts if lang in p) for lang in parts[0]}


def description(item: dict) -> dict[str, str]:
    """A resource's (or the package's) description, with the demonstration notice."""
    text = bilingual(item, "description")
    if item.get("demonstration"):
        text = _join(texts("data.demo.metadata"), text)
    share = item.get("reporting")
    if share and share.get("year"):
        counts = {"real": share["lsg_reported"], "total": share["lsg_total"], "year": share["year"]}
        text = _join(text, texts("reporting.share", **counts))
    return text


def publisher(descriptor: dict) -> str:
    people = descriptor.get("contributors", [])
    chosen = next((c for c in people if c.get("role") == "publisher"), people[0] if people else {})
    return chosen.get("title", descriptor["title"])


def licences(item: dict, descriptor: dict) -> list[dict]:
    """A resource's own licences (boundaries may have theirs), else the package's."""
    return item.get("licenses") or descriptor.get("licenses", [])


# -- schema.org ----------------------------------------------------------------------------


def _pick(values: dict[str, str], lang: str) -> str:
    return values.get(lang) or values.get("en") or next(iter(values.values()))


def _ident(name: str) -> dict[str, str]:
    stable = stable_identifier(name)
    return {"identifier": stable} if stable else {}


def _download(site: str, kind: str, path: str, name: str) -> dict[str, str]:
    return {
        "@type": "DataDownload",
        "name": name,
        "encodingFormat": FORMATS[kind][1],
        "contentUrl": f"{site}data/{path}",
    }


def _schema_org_part(
    r: dict, descriptor: dict, files: Files, lang: str, root: str, creator: dict
) -> dict[str, Any]:
    """One resource (a CSV) as a Dataset that is part of the package's."""
    site = site_root(root)
    title = _pick(bilingual(r, "title"), lang)
    return {
        "@type": "Dataset",
        "name": title,
        "description": _pick(description(r), lang),
        **_ident(r["name"]),
        "url": identifier(r["name"], root),
        "license": _licence_path(descriptor),
        "isAccessibleForFree": True,
        "creator": creator,
        "version": descriptor["version"],
        "distribution": [
            _download(site, "csv", files.csv(r["name"]), f"{title} (CSV)"),
            _download(site, "json", files.json(r["name"]), f"{title} (JSON)"),
        ],
    }


def _licence_path(descriptor: dict) -> str | None:
    return descriptor["licenses"][0]["path"] if descriptor.get("licenses") else None


def schema_org(descriptor: dict, files: Files, lang: str, root: str) -> dict[str, Any]:
    """A schema.org Dataset for the data page in language `lang`; `root` is the way from
    that page to the site's root, used for links when the site has no public address."""
    site = site_root(root)
    creator = {"@type": "Organization", "name": publisher(descriptor), "url": site}
    parts = []
    distribution = [
        _download(site, "zip", files.release_zip(), _pick(texts("data.format.zip"), lang)),
        _download(site, "xlsx", files.workbook, _pick(texts("data.format.xlsx"), lang)),
    ]
    for r in descriptor["resources"]:
        if not (r.get("schema") and r["path"].endswith(".csv")):
            continue
        part = _schema_org_part(r, descriptor, files, lang, root, creator)
        distribution.append(part["distribution"][0])
        parts.append(part)
    coverage = descriptor.get("temporalCoverage", {})
    node: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": _pick(bilingual(descriptor, "title"), lang),
        "description": _pick(description(descriptor), lang),
        "url": f"{site}data/",
        **_ident(descriptor["name"]),
        "version": descriptor["version"],
        "license": _licence_path(descriptor),
        "isAccessibleForFree": True,
        "inLanguage": [lang.code for lang in LANGUAGES],
        "keywords": descriptor.get("keywords", []),
        "creator": creator,
        "publisher": creator,
        "spatialCoverage": {"@type": "Place", "name": _pick(texts("data.metadata.serbia"), lang)},
        "distribution": distribution,
        "hasPart": parts,
    }
    if descriptor.get("created"):
        node["datePublished"] = descriptor["created"][:10]
    if coverage:
        node["temporalCoverage"] = f"{coverage['start']}/{coverage['end']}"
    return node
