"""Reporting templates benchmark: `python benchmarks/reporting.py [--json FILE]`.

On a copy of datasets/ in a temporary folder: the time to write the 145 templates of a year,
to fill them with the package's figures (as a test would; openpyxl load and save), and to import
the folder of 145 returned templates with --write (read, check, merge, validate twice); the
size of a template (min, median, max bytes). Wall-clock and process CPU time are both printed:
on a shared machine the wall clock includes waiting for a core.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from reporting import fill, package_rows  # noqa: E402

from build_scripts.collection import report_import, report_template  # noqa: E402
from build_scripts.paths import DATASETS  # noqa: E402

YEAR = 2024


def timed(label: str, results: dict, func):
    wall, cpu = time.perf_counter(), time.process_time()
    value = func()
    results[label] = {
        "wall_s": round(time.perf_counter() - wall, 2),
        "cpu_s": round(time.process_time() - cpu, 2),
    }
    return value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="socprot-bench-report-") as tmp:
        work = Path(tmp)
        shutil.copytree(DATASETS, work / "datasets")
        package = work / "datasets" / "datapackage.json"
        folder = work / "returned"
        written = timed(
            "write 145 templates",
            results,
            lambda: report_template.write(package, YEAR, folder),
        )
        sizes = [p.stat().st_size for p in written]
        services, indicators = (
            package_rows(DATASETS, "services"),
            package_rows(DATASETS, "indicators"),
        )
        timed(
            "fill 145 templates", results, lambda: [fill(p, services, indicators) for p in written]
        )
        outcome = timed(
            "import 145 returned templates (--write)",
            results,
            lambda: report_import.run(written, package, YEAR, write=True, folder=True),
        )
        assert outcome.written and not outcome.problems, report_import.render(outcome, True)
        results["templates"] = len(written)
        results["template bytes"] = {
            "min": min(sizes),
            "median": int(statistics.median(sizes)),
            "max": max(sizes),
            "all 145": sum(sizes),
        }
    print(f"{'step':45} {'wall s':>8} {'cpu s':>8}")
    for label, value in results.items():
        if isinstance(value, dict) and "wall_s" in value:
            print(f"{label:45} {value['wall_s']:8.2f} {value['cpu_s']:8.2f}")
    size = results["template bytes"]
    print(
        f"template size: min {size['min']:,} B, median {size['median']:,} B, "
        f"max {size['max']:,} B; all 145: {size['all 145']:,} B"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
