"""The data package as released: one zip with datapackage.json, every resource file as
published in datasets/ and our validator's report; the same bytes are the download and
the snapshot kept in datasets/releases/ (`releases`). Only a validated package is zipped:
the build hands on its validation (`validate.ValidPackage`), anything else is validated
here first.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import frictionless

from build_scripts import messages
from build_scripts.datapackage import Table, load, release_time, sha256, zip_bytes
from build_scripts.downloads import releases
from build_scripts.downloads.formats import json_bytes, zip_comment
from build_scripts.storage import write_atomic
from build_scripts.validate import ValidPackage, require_valid

Loaded = tuple[bytes, dict, dict[str, Table]]  # as `datapackage.load` reads a package


def validation_report(descriptor: dict, tables: dict[str, Table]) -> bytes:
    """Our validator's verdict on this release, as published (no dates: same data, same
    bytes). Only `package_zip` calls it, once the package is known to be valid."""
    report = {
        "package": descriptor["name"],
        "version": descriptor["version"],
        "valid": True,
        "validator": "python -m build_scripts validate",
        "frictionless": frictionless.__version__,
        "resources": [
            {
                "name": t.name,
                "path": t.resource["path"],
                "rows": len(t.rows) if t.tabular else None,
                "bytes": len(t.raw),
                "hash": "sha256:" + sha256(t.raw),
            }
            for t in tables.values()
        ],
        "problems": [],
    }
    return json_bytes(report, indent=2)


def package_zip(package: Path | ValidPackage, loaded: Loaded | None = None) -> bytes:
    """The data package as released, in a folder named after package and version
    (ValidationFailed for a package with problems). `loaded`: the package as read already."""
    valid = require_valid(package)
    raw, descriptor, tables = loaded or load(valid.path)
    folder = PurePosixPath(f"{descriptor['name']}-{descriptor['version']}")
    entries = [(str(folder / "datapackage.json"), raw)]
    entries += [(str(folder / t.resource["path"]), t.raw) for t in tables.values()]
    report = validation_report(descriptor, tables)
    entries.append((str(folder / releases.REPORT_NAME), report))
    return zip_bytes(entries, release_time(descriptor), comment=zip_comment(descriptor))


def keep_release(package_path: Path) -> tuple[Path, bool]:
    """Keep the current release's zip (the download, byte for byte) in datasets/releases/,
    so the next version's changes are computed against it; (path, newly written)."""
    data = package_zip(package_path)
    release = releases.release_from_zip(data)
    descriptor, _ = release.contents
    target = package_path.parent / releases.FOLDER / f"{descriptor['name']}-{release.version}.zip"
    if target.exists():
        if target.read_bytes() != data:
            raise ValueError(
                messages.say("releases", "snapshot_differs", path=target, version=release.version)
            )
        return target, False
    write_atomic(target, data)
    return target, True
