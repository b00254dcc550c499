"""Maintainer text has one loader and one lookup, `messages`: validation's problems, the
importer and the command line read their catalogs through it, and no other module opens
`catalog/` (reader text is the Translator's, in `locales/`)."""

from __future__ import annotations

import ast
import copy
import json
from pathlib import Path

import pytest

from build_scripts import messages
from build_scripts.errors import expected, problem
from build_scripts.importer.base import say as importer_say
from build_scripts.paths import CATALOG

PACKAGE = Path(__file__).resolve().parents[1] / "build_scripts"


def written(name: str) -> dict:
    return json.loads((CATALOG / f"{name}.json").read_text(encoding="utf-8"))


def test_a_placeholder_may_be_called_name():
    # the catalog name and keys are positional only, so `name=` fills the placeholder
    template = written("importer")["tpl_source_title"]
    assert "{name}" in template
    assert messages.say("importer", "tpl_source_title", year=2024, name="Ada") == (
        template.format(year=2024, name="Ada")
    )


def test_a_message_in_a_section_is_reached_by_its_keys():
    assert messages.say("errors", "_expected", "integer") == "a whole number, such as 1234"
    assert expected("integer") == "a whole number, such as 1234"
    assert messages.say("errors", "file-missing", "title") == "File missing"


def test_an_entry_that_is_not_a_message_is_refused():
    with pytest.raises(TypeError, match="_vocabulary is not a message"):
        messages.say("importer", "_vocabulary")


def test_problems_and_the_importer_read_their_text_through_messages(monkeypatch):
    reworded = {name: copy.deepcopy(written(name)) for name in ("errors", "importer")}
    reworded["errors"]["file-missing"]["message"] = "no file at {path}"
    reworded["errors"]["file-missing"]["title"] = "No file"
    reworded["importer"]["where_row"] = "line {row}"
    monkeypatch.setattr(messages, "catalog", lambda name: reworded[name])
    found = problem("file-missing", "datapackage.json", resource="lsg", path="lsg.csv")
    assert (found.message, found.title) == ("no file at lsg.csv", "No file")
    assert importer_say("where_row", row=7) == "line 7"


def _opens_the_catalogs(path: Path) -> bool:
    """Whether a module names `paths.CATALOG` (the folder of maintainer catalogs)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "build_scripts.paths":
            if any(alias.name == "CATALOG" for alias in node.names):
                return True
        if isinstance(node, ast.Attribute) and node.attr == "CATALOG":
            return True
    return False


def test_no_module_but_messages_opens_the_catalogs():
    openers = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.name != "paths.py" and _opens_the_catalogs(path)
    )
    assert openers == ["messages.py"]
