"""The data downloads, written once into site/data/ for every language (their place in
the build: `pipeline`).

Every tabular resource as CSV (UTF-8, as published in datasets/, for code), as an XLSX
workbook (`workbook`: typed cells, see docs/decisions/0010-spreadsheets-as-xlsx.md) and as
JSON (`formats`); one XLSX workbook of every table; the data package as a zip with its
validation report (`release_zip`) and the earlier releases (`releases`); per-LSG slices
(`slices`: XLSX and a zipped mini data package); DCAT-AP (`dcat`), CSVW (`csvw`) and the
package descriptor; SHA256SUMS (`write`). Every workbook has a README sheet. The file
names are in `names`, the texts shared by the metadata in `metadata`, the caches in
`caches`.

Same data, same bytes: zip entries carry the package's `created` date, never the build
time; workbooks carry it as created/modified date; JSON keys are in a fixed order.
"""

from __future__ import annotations

from build_scripts.downloads.names import Files
from build_scripts.downloads.release_zip import keep_release, package_zip
from build_scripts.downloads.slices import SliceIndex
from build_scripts.downloads.workbook import readme_rows
from build_scripts.downloads.write import cache_key, render, write

__all__ = [
    "Files",
    "SliceIndex",
    "cache_key",
    "keep_release",
    "package_zip",
    "readme_rows",
    "render",
    "write",
]
