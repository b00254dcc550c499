"""Machine-readable metadata, written from datapackage.json alone: a DCAT-AP catalog in
JSON-LD (for national portals such as data.gov.rs, which harvest DCAT), CSVW metadata for
the CSVs, and schema.org `Dataset` JSON-LD for the data pages (Google Dataset Search).

Identifiers are stable across releases: `<site_url>data/#<resource name>`, never the
version. The fixed sentences (demonstration notice, format names) come from the message
catalogs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from build_scripts.address import public_address
from build_scripts.i18n import catalog
from build_scripts.translit import to_cyrillic

EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
LANGUAGES = {"sr-Latn": EU + "language/SRP", "en": EU + "language/ENG"}
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
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "spdx": "http://spdx.org/rdf/terms#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


# -- names ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Files:
    """File names under site/data/, shared by the pages (links) and the writer."""

    package: str
    version: str

    DATAPACKAGE = "datapackage.json"
    CSVW = "csv-metadata.json"
    DCAT = "catalog.jsonld"
    SUMS = "SHA256SUMS"

    @staticmethod
    def csv(resource: str) -> str:
        return f"{resource}.csv"

    @staticmethod
    def xlsx(resource: str) -> str:
        return f"{resource}.xlsx"

    @staticmethod
    def json(resource: str) -> str:
        return f"{resource}.json"

    @property
    def workbook(self) -> str:
        return f"{self.package}-{self.version}.xlsx"

    def release_zip(self, version: str | None = None) -> str:
        return f"releases/{self.package}-{version or self.version}.zip"

    def validation_report(self, version: str | None = None) -> str:
        return f"releases/{self.package}-{version or self.version}.validation.json"

    def lsg_workbook(self, slug: str) -> str:
        return f"lsg/{slug}-{self.version}.xlsx"

    def lsg_zip(self, slug: str) -> str:
        return f"lsg/{slug}-{self.version}.zip"

    @classmethod
    def of(cls, descriptor: dict) -> Files:
        return cls(descriptor["name"], descriptor["version"])


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


# -- DCAT-AP ------------------------------------------------------------------------------


def licences(item: dict, descriptor: dict) -> list[dict]:
    """A resource's own licences (boundaries may have theirs), else the package's."""
    return item.get("licenses") or descriptor.get("licenses", [])


def _distribution(
    dataset: str, kind: str, path: str, descriptor: dict, sizes: dict, item: dict | None = None
) -> dict:
    """One download. `kind` is a key of FORMATS, or a resource's own format (a file
    published as it is, e.g. boundaries) with its media type after a slash."""
    if kind in FORMATS:
        file_type, media, key = FORMATS[kind]
        title = literals(texts(key))
    else:
        file_type, media = kind.split("/", 1)
        title = path.rsplit("/", 1)[-1]
    url = f"{site_root()}data/{path}"
    size, digest = sizes[path]
    node = {
        "@id": f"{dataset}-{file_type.lower() if kind not in FORMATS else kind}",
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dct:format": {"@id": f"{EU}file-type/{file_type}", "@type": "dct:MediaTypeOrExtent"},
        "dcat:mediaType": {"@id": IANA + media, "@type": "dct:MediaType"},
        "dct:license": [_licence(x) for x in licences(item or descriptor, descriptor)],
        "dcat:byteSize": {"@value": str(size), "@type": "xsd:nonNegativeInteger"},
        "spdx:checksum": {
            "@type": "spdx:Checksum",
            "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
            "spdx:checksumValue": {"@value": digest, "@type": "xsd:hexBinary"},
        },
    }
    return node


def _licence(licence: dict) -> dict:
    return {
        "@id": licence["path"],
        "@type": "dct:LicenseDocument",
        "dct:title": licence.get("title", licence["name"]),
        "dct:identifier": licence["name"],
    }


def _dataset(item: dict, descriptor: dict, name: str, distributions: list[dict]) -> dict:
    site = site_root()
    node = {
        "@id": identifier(name),
        "@type": "dcat:Dataset",
        "dct:title": literals(bilingual(item, "title")),
        "dct:description": literals(description(item)),
        "dct:publisher": {"@id": f"{site}#publisher"},
        "dcat:keyword": descriptor.get("keywords", []),
        "dct:language": [
            {"@id": uri, "@type": "dct:LinguisticSystem"} for uri in LANGUAGES.values()
        ],
        "dct:spatial": {"@id": SERBIA, "@type": "dct:Location"},
        "dcat:landingPage": {"@id": f"{site}data/", "@type": "foaf:Document"},
        "foaf:page": {"@id": f"{site}data/dictionary/", "@type": "foaf:Document"},
        "dcat:version": descriptor["version"],
        "owl:versionInfo": descriptor["version"],
        "dcat:distribution": distributions,
    }
    if stable_identifier(name):
        node["dct:identifier"] = stable_identifier(name)
    if descriptor.get("created"):
        node["dct:issued"] = {"@value": descriptor["created"], "@type": "xsd:dateTime"}
    coverage = descriptor.get("temporalCoverage")
    if coverage:
        node["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": {"@value": str(coverage["start"]), "@type": "xsd:gYear"},
            "dcat:endDate": {"@value": str(coverage["end"]), "@type": "xsd:gYear"},
        }
    sources = item.get("sources", [])
    if sources:
        node["dct:provenance"] = {
            "@type": "dct:ProvenanceStatement",
            "rdfs:label": "; ".join(s["title"] for s in sources),
        }
    return node


def dcat(descriptor: dict, files: Files, sizes: dict[str, tuple[int, str]]) -> bytes:
    """The DCAT-AP catalog: the package and each resource as a dataset, every download
    as a distribution with licence, size and checksum. It is published in data/: without
    a public address, its links are relative to that folder."""
    site = site_root()
    package = descriptor["name"]
    resources = []
    for r in descriptor["resources"]:
        if r["path"].endswith(".csv") and r.get("schema"):
            paths = [
                ("csv", files.csv(r["name"])),
                ("xlsx", files.xlsx(r["name"])),
                ("json", files.json(r["name"])),
            ]
        else:
            name = r["path"].rsplit("/", 1)[-1]
            kind = f"{r.get('format', name.rsplit('.', 1)[-1]).upper()}/"
            kind += r.get("mediatype", "application/octet-stream")
            paths = [(kind, name)]
        dataset = identifier(r["name"])
        distributions = [_distribution(dataset, k, p, descriptor, sizes, r) for k, p in paths]
        node = _dataset(r, descriptor, r["name"], distributions)
        node["dct:isPartOf"] = {"@id": identifier(package)}
        resources.append(node)
    whole = _dataset(
        descriptor,
        descriptor,
        package,
        [
            _distribution(identifier(package), "zip", files.release_zip(), descriptor, sizes),
            _distribution(identifier(package), "xlsx", files.workbook, descriptor, sizes),
        ],
    )
    whole["dct:hasPart"] = [{"@id": r["@id"]} for r in resources]
    whole["adms:versionNotes"] = literals(
        texts("data.metadata.version_notes", url=f"{site}data/changelog/")
    )
    catalog_node = {
        "@id": f"{site}data/{files.DCAT}",
        "@type": "dcat:Catalog",
        "dct:title": literals(texts("site_name")),
        "dct:description": literals(texts("site_description")),
        "dct:publisher": {"@id": f"{site}#publisher"},
        "foaf:homepage": {"@id": site, "@type": "foaf:Document"},
        "dct:language": [
            {"@id": uri, "@type": "dct:LinguisticSystem"} for uri in LANGUAGES.values()
        ],
        "dct:license": [_licence(x) for x in descriptor.get("licenses", [])],
        "dcat:dataset": [{"@id": whole["@id"]}] + [{"@id": r["@id"]} for r in resources],
    }
    agent = {"@id": f"{site}#publisher", "@type": "foaf:Agent", "foaf:name": publisher(descriptor)}
    document = {
        "@context": {**CONTEXT, "adms": "http://www.w3.org/ns/adms#"},
        "@graph": [catalog_node, agent, whole, *resources],
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# -- CSVW ---------------------------------------------------------------------------------


def _datatype(spec: dict) -> str | dict:
    kind = spec.get("type", "string")
    constraints = spec.get("constraints", {})
    if kind == "boolean":
        return {"base": "boolean", "format": "true|false"}
    if kind in ("integer", "number"):
        datatype = {"base": kind}
        for bound in ("minimum", "maximum"):
            if bound in constraints:
                datatype[bound] = constraints[bound]
        return datatype if len(datatype) > 1 else kind
    if "pattern" in constraints:
        return {"base": "string", "format": constraints["pattern"]}
    if "enum" in constraints:
        choices = "|".join(re.escape(str(v)) for v in constraints["enum"])
        return {"base": "string", "format": f"^(?:{choices})$"}
    return "string"


def _column(spec: dict, missing: list[str]) -> dict:
    column = {
        "name": spec["name"],
        "titles": spec["name"],
        "dc:title": literals(bilingual(spec, "title")),
        "dc:description": literals(bilingual(spec, "description")),
        "datatype": _datatype(spec),
        "required": bool(spec.get("constraints", {}).get("required")),
        "null": missing,
    }
    if spec.get("unit"):
        column["schema:unitText"] = spec["unit"]
    return column


def _keys(value: str | list[str]) -> str | list[str]:
    return value if isinstance(value, str) or len(value) != 1 else value[0]


def csvw(descriptor: dict, files: Files) -> bytes:
    """CSV on the Web metadata for the UTF-8 CSVs (csv-metadata.json, found by CSVW tools
    next to the files)."""
    tables = []
    paths = {r["name"]: files.csv(r["name"]) for r in descriptor["resources"]}
    for r in descriptor["resources"]:
        schema = r.get("schema")
        if not schema or not r["path"].endswith(".csv"):
            continue
        missing = schema.get("missingValues", [""])
        table_schema: dict = {"columns": [_column(f, missing) for f in schema["fields"]]}
        if schema.get("primaryKey"):
            table_schema["primaryKey"] = _keys(schema["primaryKey"])
        foreign = []
        for fk in schema.get("foreignKeys", []):
            target = fk["reference"]["resource"] or r["name"]
            foreign.append(
                {
                    "columnReference": _keys(fk["fields"]),
                    "reference": {
                        "resource": paths[target],
                        "columnReference": _keys(fk["reference"]["fields"]),
                    },
                }
            )
        if foreign:
            table_schema["foreignKeys"] = foreign
        table = {
            "url": paths[r["name"]],
            "dc:title": literals(bilingual(r, "title")),
            "dc:description": literals(description(r)),
            "tableSchema": table_schema,
        }
        if r.get("demonstration"):
            table["notes"] = [
                {
                    "@type": "oa:Annotation",
                    "oa:motivatedBy": {"@id": "oa:commenting"},
                    "oa:hasBody": literals(texts("data.demo.metadata")),
                }
            ]
        if stable_identifier(r["name"]):
            table["dc:identifier"] = stable_identifier(r["name"])
        tables.append(table)
    document = {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "en"}],
        "dc:title": literals(bilingual(descriptor, "title")),
        "dc:description": literals(description(descriptor)),
        "dc:license": [{"@id": x["path"]} for x in descriptor.get("licenses", [])],
        "dc:publisher": publisher(descriptor),
        "schema:version": descriptor["version"],
        "tables": tables,
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# -- schema.org ----------------------------------------------------------------------------


def schema_org(descriptor: dict, files: Files, lang: str, root: str) -> dict:
    """A schema.org Dataset for the data page in language `lang`; `root` is the way from
    that page to the site's root, used for links when the site has no public address."""
    site = site_root(root)

    def ident(name: str) -> dict:
        stable = stable_identifier(name)
        return {"identifier": stable} if stable else {}

    def pick(values: dict[str, str]) -> str:
        return values.get(lang) or values.get("en") or next(iter(values.values()))

    licence = descriptor["licenses"][0]["path"] if descriptor.get("licenses") else None
    creator = {"@type": "Organization", "name": publisher(descriptor), "url": site}

    def download(kind: str, path: str, name: str) -> dict:
        return {
            "@type": "DataDownload",
            "name": name,
            "encodingFormat": FORMATS[kind][1],
            "contentUrl": f"{site}data/{path}",
        }

    parts = []
    distribution = [
        download("zip", files.release_zip(), pick(texts("data.format.zip"))),
        download("xlsx", files.workbook, pick(texts("data.format.xlsx"))),
    ]
    for r in descriptor["resources"]:
        if not (r.get("schema") and r["path"].endswith(".csv")):
            continue
        title = pick(bilingual(r, "title"))
        distribution.append(download("csv", files.csv(r["name"]), f"{title} (CSV)"))
        parts.append(
            {
                "@type": "Dataset",
                "name": title,
                "description": pick(description(r)),
                **ident(r["name"]),
                "url": identifier(r["name"], root),
                "license": licence,
                "isAccessibleForFree": True,
                "creator": creator,
                "version": descriptor["version"],
                "distribution": [
                    download("csv", files.csv(r["name"]), f"{title} (CSV)"),
                    download("json", files.json(r["name"]), f"{title} (JSON)"),
                ],
            }
        )
    coverage = descriptor.get("temporalCoverage", {})
    node = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": pick(bilingual(descriptor, "title")),
        "description": pick(description(descriptor)),
        "url": f"{site}data/",
        **ident(descriptor["name"]),
        "version": descriptor["version"],
        "license": licence,
        "isAccessibleForFree": True,
        "inLanguage": ["sr-Latn", "sr-Cyrl", "en"],
        "keywords": descriptor.get("keywords", []),
        "creator": creator,
        "publisher": creator,
        "spatialCoverage": {"@type": "Place", "name": pick(texts("data.metadata.serbia"))},
        "distribution": distribution,
        "hasPart": parts,
    }
    if descriptor.get("created"):
        node["datePublished"] = descriptor["created"][:10]
    if coverage:
        node["temporalCoverage"] = f"{coverage['start']}/{coverage['end']}"
    return node
