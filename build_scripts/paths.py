"""Every path the build uses, in one place. Imports nothing from the project."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent
DATASETS = ROOT / "datasets"
DATAPACKAGE = DATASETS / "datapackage.json"
CATALOG = PACKAGE_DIR / "catalog"
TEMPLATES = PACKAGE_DIR / "templates"
LOCALES = PACKAGE_DIR / "locales"
DOCS = ROOT / "docs"
MKDOCS_YML = ROOT / "mkdocs.yml"
# Overridable so that several builds (tests, benchmarks, parallel work) never share a tree.
BUILD = Path(os.environ.get("SOCPROT_BUILD", ROOT / "build"))
SITE = Path(os.environ.get("SOCPROT_SITE", ROOT / "site"))
CACHE = Path(os.environ.get("SOCPROT_CACHE", ROOT / ".cache"))
