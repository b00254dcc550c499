"""The DCAT-AP catalog in JSON-LD (for national portals such as data.gov.rs, which harvest
DCAT): the package and each resource as a dataset, every download as a distribution."""

from __future__ import annotations

import json

from build_scripts.downloads.metadata import (
    EU,
    EU_LANGUAGES,
    FORMATS,
    IANA,
    SERBIA,
    bilingual,
    description,
    identifier,
    licences,
    literals,
    publisher,
    site_root,
    stable_identifier,
    texts,
)
from build_scripts.downloads.names import Files

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "spdx": "http://spdx.org/rdf/terms#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _distribution(
    dataset: str, kind: str, path: str, descriptor: dict, sizes: dict, item: dict | None = None
) -> dict:
    """One download. `kind` is a key of FORMATS, or a resource's own format (a file
    published as it is, e.g. boundaries) with its media type after a slash."""
    if kind in FORMATS:
        file_type, media, key = FORMATS[kind]
        title: str | list[dict[str, str]] = literals(texts(key))
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
            {"@id": uri, "@type": "dct:LinguisticSystem"} for uri in EU_LANGUAGES.values()
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
            {"@id": uri, "@type": "dct:LinguisticSystem"} for uri in EU_LANGUAGES.values()
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
