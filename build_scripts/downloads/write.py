"""Every download rendered, by path under site/data/, and written into the new site
through the whole set's cache (`caches`): unchanged inputs reuse the last files."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from pathlib import Path, PurePosixPath

from build_scripts.address import public_address
from build_scripts.datapackage import load, sha256
from build_scripts.datapackage.rowsource import STATUS_FILE, status_csv
from build_scripts.downloads import csvw, dcat, releases
from build_scripts.downloads.caches import whole_set_cache
from build_scripts.downloads.formats import resource_json
from build_scripts.downloads.names import Files
from build_scripts.downloads.release_zip import package_zip
from build_scripts.downloads.slices import lsg_files
from build_scripts.downloads.workbook import workbook_bytes
from build_scripts.paths import CACHE
from build_scripts.storage import ContentCache
from build_scripts.validate import ValidPackage, require_valid

log = logging.getLogger("build_scripts")


def render(package: Path | ValidPackage, cache_root: Path | None = None) -> dict[str, bytes]:
    """Every download, by path under site/data/ (`cache_root`: where the per-LSG files
    are kept, see `slices.lsg_files`). A package not validated yet is validated first."""
    valid = require_valid(package)
    loaded = load(valid.path)
    raw, descriptor, tables = loaded
    files = Files.of(descriptor)
    out: dict[str, bytes] = {Files.DATAPACKAGE: raw}
    for table in tables.values():
        if not table.tabular:  # published as it is, e.g. boundaries
            out[PurePosixPath(table.resource["path"]).name] = table.raw
            continue
        out[files.csv(table.name)] = table.raw
        out[files.xlsx(table.name)] = workbook_bytes(descriptor, [(table, table.rows)])
        out[files.json(table.name)] = resource_json(table, descriptor)
    out[files.workbook] = workbook_bytes(
        descriptor, [(t, t.rows) for t in tables.values() if t.tabular]
    )
    for release in releases.published(valid.path, lambda: package_zip(valid, loaded)):
        out[files.release_zip(release.version)] = release.data
        if release.report is not None:
            out[files.validation_report(release.version)] = release.report
    out.update(lsg_files(descriptor, tables, files, cache_root))
    out[STATUS_FILE] = status_csv(descriptor, tables)
    sizes = {path: (len(data), sha256(data)) for path, data in out.items()}
    out[Files.CSVW] = csvw.csvw(descriptor, files)
    out[Files.DCAT] = dcat.dcat(descriptor, files, sizes)
    out[Files.SUMS] = checksums(out)
    return out


def checksums(files: dict[str, bytes]) -> bytes:
    """`sha256sum -c SHA256SUMS` format, sorted by path."""
    return "".join(f"{sha256(data)}  {path}\n" for path, data in sorted(files.items())).encode()


def cache_key(package_path: Path, cache: ContentCache | None = None) -> str:
    """Everything the downloads depend on: the package and its kept releases, the site
    address, and the code, catalogs and libraries the whole set's cache declares."""
    cache = cache or whole_set_cache(None)
    digest = hashlib.sha256()
    base = package_path.parent
    descriptor = json.loads(package_path.read_bytes())
    inputs = [package_path] + [base / r["path"] for r in descriptor["resources"]]
    inputs += sorted((base / releases.FOLDER).glob("*.zip"))
    for path in inputs:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return cache.key(public_address(), digest.hexdigest())


def write(package: Path | ValidPackage, target: Path, cache: Path | None = CACHE) -> int:
    """Write every download into `target` (site/data/ of the new site, next to the data
    pages MkDocs wrote there). With a cache, unchanged inputs reuse the last files."""
    path = package.path if isinstance(package, ValidPackage) else Path(package)
    if cache is None:
        out = render(package)
        for name, data in out.items():
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(data)
        count = len(out)
    else:
        whole = whole_set_cache(cache)
        key = cache_key(path, whole)
        stored = whole.get_tree(key) or whole.put_tree(key, render(package, cache))
        assert stored is not None  # an enabled cache stores every tree it is given
        whole.prune()
        shutil.copytree(stored, target, dirs_exist_ok=True)
        count = sum(1 for p in stored.rglob("*") if p.is_file())
    log.info("downloads written: %d files into %s", count, target)
    return count
