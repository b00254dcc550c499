"""Text from data is escaped on every generated page type in every language: a package with
script and Markdown/HTML injection in every free-text field of every table is written, each
page's Markdown is rendered to HTML the way MkDocs does (its Markdown extensions), and no
injected tag, event handler or javascript: link comes out, while the text is shown.

The browser check (tests/browser/test_injection.py) builds the site and runs it; this one
needs neither MkDocs nor a browser and covers more fields (schema-invalid text too: escaping
must not rely on validation)."""

from __future__ import annotations

import csv
import functools
import html
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from injection import FREE_TEXT, PAYLOAD, inject

from build_scripts import derive, pages
from build_scripts.i18n import LANGUAGES, Translator
from build_scripts.pages.markup import md
from build_scripts.pages.opendata import OpenData
from build_scripts.pages.services import legal_basis
from build_scripts.paths import DATAPACKAGE

# Strings that are identifiers, not text: a slug is a file name, the others lists of codes;
# legal_basis is a reference ("ZSZ čl. 40", a pattern in the schema) that pages spell out
# from the catalogs, never showing the value itself.
IDENTIFIERS = {"slug", "unit_codes", "target_groups", "legal_basis"}
BOLD = re.compile(r"<strong>bold</strong>")
SHOWN = 'window.__pwned = "script"'  # how the payload reads once escaped


def free_text_fields(descriptor: dict) -> dict[str, list[str]]:
    """Every string field that holds text: not a key, not a code from a list, not an identifier."""
    fields = {}
    for resource in descriptor["resources"]:
        schema = resource["schema"]
        keys = set(schema.get("primaryKey", []))
        for fk in schema.get("foreignKeys", []):
            keys.update([fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"])
        names = [
            f["name"]
            for f in schema["fields"]
            if f["type"] == "string"
            and "enum" not in f.get("constraints", {})
            and f["name"] not in keys | IDENTIFIERS
        ]
        if names:
            fields[resource["name"]] = names
    return fields


def show_optional_references(folder: Path) -> None:
    """Fill what the tiny package leaves blank and pages show text through: the service an IMC
    agreement is about, a programme's parent (its name on the child's page)."""
    imc = folder / "imc.csv"
    text = imc.read_text(encoding="utf-8")
    imc.write_text(text.replace(",,swiss-social", ",home_help,swiss-social"), encoding="utf-8")
    programmes = folder / "programmes.csv"
    rows = list(csv.DictReader(io.StringIO(programmes.read_text(encoding="utf-8"))))
    child = {**rows[0], "code": "child-project", "parent_code": rows[0]["code"]}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows([*rows, child])
    programmes.write_text(out.getvalue(), encoding="utf-8")
    assert "home_help" in imc.read_text(encoding="utf-8")


def previous_release(package: Path, folder: Path) -> Path:
    """The package as it is now kept as release 0.9.0 (in `folder`, as datasets/releases/)."""
    from build_scripts import downloads

    before = package.parent.parent / "before"
    shutil.copytree(package.parent, before)
    descriptor = json.loads((before / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["version"] = "0.9.0"
    (before / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    folder.mkdir()
    zipped = downloads.package_zip(before / "datapackage.json")
    (folder / f"{descriptor['name']}-0.9.0.zip").write_bytes(zipped)
    return folder


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    """The tiny package with PAYLOAD in every free-text field, its pages written (no charts)."""
    from fixtures_package import make_package

    tmp = tmp_path_factory.mktemp("escaping")
    package = make_package(tmp)
    show_optional_references(package.parent)
    fields = free_text_fields(json.loads(package.read_text(encoding="utf-8")))
    # kept as the previous release with the payload in the schema-valid fields, then injected
    # again: every text changed since, shown with the payload before and after
    for resource, columns in FREE_TEXT.items():
        inject(package.parent, resource, columns)
    previous = previous_release(package, tmp / "releases")
    for resource, columns in fields.items():
        inject(package.parent, resource, columns)
    # the descriptor's texts reach the data page and the data dictionary
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        for item in [resource, *resource.get("schema", {}).get("fields", [])]:
            for key in ("title", "description"):
                if key in item:
                    item[key] = f"{item[key]} {PAYLOAD}"
    package.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    data = derive.run(package)
    # what changed since the clean release: the LSG pages and the changelog list the
    # injected values as the new ones
    opendata = OpenData(data, releases_dir=previous)
    writer = pages.PageWriter(data, tmp / "out", tmp / "cache", opendata=opendata)
    writer.run()
    return writer.out, fields


@functools.cache
def markdown_extensions() -> list[str]:
    """The Markdown extensions mkdocs.yml turns on."""
    from mkdocs.utils.yaml import yaml_load

    config = yaml_load((Path(__file__).parents[1] / "mkdocs.yml").read_text(encoding="utf-8"))
    return [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]


def render(source: str) -> tuple[dict, str]:
    """Front matter and the HTML MkDocs makes of a page's Markdown."""
    _, front, body = source.split("---\n", 2)
    return yaml.safe_load(front), markdown.markdown(body, extensions=markdown_extensions())


class Injected(HTMLParser):
    """What of the payload became markup: script elements running it, event handler
    attributes, javascript: links (text and attribute values that merely contain them are
    fine)."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = self._data_script = False
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        # JSON-LD is data, never run: it may hold the text, as long as it cannot end itself
        self._data_script = self._in_script and ("type", "application/ld+json") in attrs
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in {"href", "src", "data", "action", "xlink:href", "formaction"} and (
                (value or "").strip().lower().startswith("javascript:")
            ):
                self.found.append(f"<{tag} {name}={value}>")

    def handle_endtag(self, tag):
        self._in_script = self._data_script = False

    def handle_data(self, data):
        if self._data_script and "<" in data:
            self.found.append(f"<script type=application/ld+json>{data}")
        elif self._in_script and not self._data_script and "__pwned" in data:
            self.found.append(f"<script>{data}")


def visible(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def page_kind(rel: str) -> str:
    """lsg/ada.en.md -> lsg/*; lsg/index.md -> lsg/index; data/dictionary.md -> data/dictionary."""
    parts = rel.split("/")
    stem = parts[-1].split(".")[0]
    if len(parts) == 1:
        return stem
    if parts[0] in {"lsg", "services", "indicators", "programmes"} and stem not in {"index", "imc"}:
        return f"{parts[0]}/*"
    return f"{parts[0]}/{stem}"


def test_every_text_field_is_injected(injected):
    """The fields the browser test injects, and more (the ones validation would refuse)."""
    _, fields = injected
    for resource, columns in FREE_TEXT.items():
        assert set(columns) <= set(fields[resource]), resource
    assert {"name_cyr", "district_lat", "region_en"} <= set(fields["lsg"])
    assert "definition_sr" in fields["service_types"]


def test_a_legal_basis_is_a_reference_never_shown_as_written():
    """legal_basis is spelled out from the catalogs ("Law on Social Protection, art. 40"):
    anything but a reference stops the page writer, naming file, row and column, and the
    schema's pattern refuses it before that."""
    tr = Translator(LANGUAGES[-1])
    payload = "ZSZ čl. 40 " + PAYLOAD
    with pytest.raises(ValueError, match=r"service_types\.csv, row 'day_care', column legal_basis"):
        legal_basis(tr, {"code": "day_care", "legal_basis": payload})
    descriptor = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))
    types = next(r for r in descriptor["resources"] if r["name"] == "service_types")
    field = next(f for f in types["schema"]["fields"] if f["name"] == "legal_basis")
    assert not re.fullmatch(field["constraints"]["pattern"], payload)
    assert re.fullmatch(field["constraints"]["pattern"], "ZSZ čl. 40")


def test_no_page_runs_or_links_injected_code(injected):
    out, _ = injected
    kinds: dict[str, set[str]] = {}
    for path in sorted(out.rglob("*.md")):
        rel = path.relative_to(out).as_posix()
        front, page = render(path.read_text(encoding="utf-8"))
        title = str(front.get("title", ""))
        assert "<" not in title and ">" not in title, (rel, title)  # <title> is not escaped
        assert Injected(page).found == [], rel
        assert not BOLD.search(page), rel  # Markdown in data stays text too
        if SHOWN in visible(page) or SHOWN in html.unescape(title):
            language = next(
                lang.code for lang in reversed(LANGUAGES) if rel.endswith(f"{lang.suffix}.md")
            )
            kinds.setdefault(page_kind(rel), set()).add(language)
    # every page type that shows data text showed it (as text), in every language
    every = {lang.code for lang in LANGUAGES}
    expected = {
        "lsg/*",
        "lsg/index",
        "services/*",
        "services/index",
        "indicators/*",
        "indicators/index",
        "programmes/*",
        "programmes/index",
        "programmes/imc",
        "data/index",
        "data/dictionary",
        "data/changelog",
    }
    assert expected <= set(kinds), sorted(expected - set(kinds))
    for kind in expected:
        # the Serbian table titles come from the message catalogs, not the descriptor
        want = {"en"} if kind == "data/dictionary" else every
        assert kinds[kind] == want, (kind, kinds[kind])


def test_the_checks_see_unescaped_text():
    """The checks above find the payload when it is not escaped, and only then."""
    _, raw = render(f"---\ntitle: x\n---\n<p>{PAYLOAD}</p>\n\nprovider {PAYLOAD}\n")
    found = Injected(raw).found
    assert found[0].startswith("<script>window.__pwned") and "<img onerror=...>" in found
    assert any(f.startswith("<a href=javascript:") for f in found) and BOLD.search(raw)
    text = f"<p>{md(PAYLOAD)}</p>\n\n{md(PAYLOAD)}\n"
    attribute = f'<img alt="{html.escape(PAYLOAD)}" src="x.svg">'
    _, escaped = render(f"---\ntitle: x\n---\n{text}\n{attribute}\n")
    assert Injected(escaped).found == [] and not BOLD.search(escaped)
    assert SHOWN in visible(escaped)
