"""Every path the build uses, in one place. Imports nothing from the project."""

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
BUILD = ROOT / "build"
SITE = ROOT / "site"
CACHE = ROOT / ".cache"
