"""Build benchmarks: `make bench` (or `python benchmarks/run.py --sizes 145,1000,5000`).

For the shipped data and for synthetic packages of N LSGs (the real 145 plus clones, with
services and indicators made by the demonstration generator, all three languages) it measures,
each build in a fresh process with its own build tree and chart cache:

- cold build, rebuild with no change, rebuild after one changed services row;
- time per stage (validate, derive, pages, charts, mkdocs, postbuild, downloads);
- HTML bytes per LSG page (median), peak memory (largest process);
- reference points on the same generated Markdown: plain `mkdocs build` (built-in theme, no
  plugins) and a plain Python-Markdown + Jinja loop; printed as ratios;
- validation of a large indicators table against a plain pandas read of the same file.

Prints tables; writes nothing outside a temporary folder (kept with --keep).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
sys.path.insert(0, str(ROOT))

DRIVER = """
import json, resource, sys, time
from pathlib import Path
from build_scripts import pipeline
start = time.perf_counter()
stages = pipeline.build(Path(sys.argv[1]))
total = time.perf_counter() - start
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
           resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print("RESULT " + json.dumps({"stages": stages, "total": total, "peak_mb": peak / 1024}))
"""

PLAIN_LOOP = """
import sys, time
from pathlib import Path
import markdown
from jinja2 import Template
docs, out = Path(sys.argv[1]), Path(sys.argv[2])
page = Template("<!doctype html><html><head><meta charset=utf-8><title>{{ title }}</title>"
                "</head><body><nav>{{ nav }}</nav><main>{{ body }}</main></body></html>")
start = time.perf_counter()
count = 0
for source in sorted(docs.rglob("*.md")):
    text = source.read_text(encoding="utf-8")
    if text.startswith("---"):
        text = text.split("---", 2)[2]
    body = markdown.markdown(text, extensions=["admonition", "attr_list", "tables", "toc"])
    target = out / source.relative_to(docs).with_suffix(".html")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page.render(title=source.stem, nav="", body=body), encoding="utf-8")
    count += 1
print("RESULT", time.perf_counter() - start, count)
"""

PLAIN_MKDOCS = """site_name: plain
docs_dir: {docs}
site_dir: {site}
theme:
  name: mkdocs
use_directory_urls: true
markdown_extensions: [admonition, attr_list, tables, toc]
plugins: []
nav:
  - index.md
  - lsg/index.md
  - services/index.md
  - indicators/index.md
"""


def shifted(geometry: dict, dx: float, dy: float) -> dict:
    """The geometry moved by (dx, dy) degrees."""

    def move(coordinates):
        if isinstance(coordinates[0], (int, float)):
            return [round(coordinates[0] + dx, 6), round(coordinates[1] + dy, 6)]
        return [move(part) for part in coordinates]

    return {"type": geometry["type"], "coordinates": move(geometry["coordinates"])}


def synthetic_package(target: Path, n: int) -> Path:
    """The real package with n LSGs: the 145 real ones plus clones (new code, slug and
    names), services and indicators regenerated.

    Clones come in batches, each a copy of the real country moved to its own place on a
    grid, so a clone borders only clones of its real neighbours: every LSG has as many
    neighbours as a real one, and nothing on a page grows with N because of the geometry
    (copies laid on top of each other would all "border" each other)."""
    from build_scripts.datapackage import demo_data

    shutil.copytree(ROOT / "datasets", target, ignore=shutil.ignore_patterns("releases"))
    if n <= 145:
        return target / "datapackage.json"
    with (target / "lsg.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    geo_path = target / "boundaries" / "lsg_boundaries.geojson"
    geo = json.loads(geo_path.read_text(encoding="utf-8"))
    geometry = {f["properties"]["code"]: f["geometry"] for f in geo["features"]}
    real = [
        r
        for r in rows
        if r["code"] in geometry
        and r["kind"] != "belgrade_city_municipality"
        and r["code"] != "79014"  # the City of Belgrade is made of its municipalities
    ]
    clones = []
    for i in range(1, n - 145 + 1):
        base = real[(i - 1) % len(real)]
        batch = (i - 1) // len(real) + 1  # batch 0 is the real country
        column, row = batch % 8, batch // 8
        clone = dict(base)
        clone.update(
            code=f"{10000 + i}",  # real RZS codes are 70000-80999
            slug=f"{base['slug']}-{i}",
            name_lat=f"{base['name_lat']} {i}",
            name_cyr=f"{base['name_cyr']} {i}",
            name_en=f"{base['name_en']} {i}",
        )
        clones.append(clone)
        geo["features"].append(
            {
                "type": "Feature",
                "properties": {
                    "code": clone["code"],
                    "name_latn": clone["name_lat"],
                    "name_cyrl": clone["name_cyr"],
                },
                # Serbia spans about 4.2 x 4.0 degrees
                "geometry": shifted(geometry[base["code"]], 4.5 * column, -4.5 * row),
            }
        )
    with (target / "lsg.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows + clones)
    geo_path.write_text(json.dumps(geo), encoding="utf-8")
    demo_data.run(target, target)
    return target / "datapackage.json"


def change_one_row(package: Path) -> None:
    path = package.parent / "services.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    column = header.index("beneficiaries")
    for index in range(len(lines) - 1, 0, -1):  # the last row of the latest year
        cells = lines[index].rstrip("\n").split(",")
        if cells[column].isdigit() and '"' not in lines[index]:
            cells[column] = str(int(cells[column]) + 1)
            lines[index] = ",".join(cells) + "\n"
            break
    path.write_text("".join(lines), encoding="utf-8")


def run_build(package: Path, work: Path) -> dict:
    env = dict(
        os.environ,
        SOCPROT_BUILD=str(work / "build"),
        SOCPROT_SITE=str(work / "site"),
        SOCPROT_CACHE=str(work / "cache"),
    )
    done = subprocess.run(
        [PY, "-c", DRIVER, str(package)], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode:
        sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
        raise SystemExit(f"build failed for {package}")
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    return json.loads(line[len("RESULT ") :])


def html_bytes_per_lsg_page(site: Path) -> int:
    sizes = [p.stat().st_size for p in (site / "lsg").glob("*/index.html")]
    return int(statistics.median(sizes))


def reference_points(work: Path) -> dict[str, float]:
    docs = work / "build" / "docs"
    plain_site = work / "plain-site"
    config = work / "plain-mkdocs.yml"
    config.write_text(PLAIN_MKDOCS.format(docs=docs, site=plain_site), encoding="utf-8")
    start = time.perf_counter()
    subprocess.run(
        [PY, "-m", "mkdocs", "build", "-q", "-f", str(config)], check=True, capture_output=True
    )
    mkdocs_seconds = time.perf_counter() - start
    done = subprocess.run(
        [PY, "-c", PLAIN_LOOP, str(docs), str(work / "plain-loop")],
        check=True,
        capture_output=True,
        text=True,
    )
    loop_seconds = float(done.stdout.split()[1])
    pages = int(done.stdout.split()[2])
    return {"plain_mkdocs": mkdocs_seconds, "plain_loop": loop_seconds, "md_pages": pages}


def bench_size(n: int, root: Path) -> dict:
    work = root / f"n{n}"
    package = synthetic_package(work / "package", n)
    cold = run_build(package, work)
    site = work / "site"
    html = html_bytes_per_lsg_page(site)
    warm = run_build(package, work)
    change_one_row(package)
    changed = run_build(package, work)
    refs = reference_points(work)
    return {"n": n, "cold": cold, "warm": warm, "changed": changed, "html": html, **refs}


def bench_validation(rows: int, root: Path) -> dict:
    """Validate a synthetic package whose indicators table has about `rows` rows (12
    indicators x 6 years per LSG), against plain pandas reads of the same files."""
    import pandas as pd

    from build_scripts.validate import validate_package

    package = synthetic_package(root / "validation", max(145, rows // 72 + 1))
    tables = [package.parent / f"{name}.csv" for name in ("indicators", "services", "lsg")]
    pandas_seconds = float("inf")
    for _ in range(3):  # best of three, like the column-wise validation below
        start = time.perf_counter()
        for table in tables:
            pd.read_csv(table, dtype=str, keep_default_na=False)
        pandas_seconds = min(pandas_seconds, time.perf_counter() - start)
    with (package.parent / "indicators.csv").open(encoding="utf-8") as handle:
        indicator_rows = sum(1 for _ in handle) - 1
    seconds, found = {}, {}
    for engine, runs in (("pandas", 3), ("frictionless", 1)):
        seconds[engine] = float("inf")
        for _ in range(runs):
            start = time.perf_counter()
            problems, _ = validate_package(package, engine=engine)
            seconds[engine] = min(seconds[engine], time.perf_counter() - start)
        found[engine] = [(p.code, p.row, p.field, p.message) for p in problems]
    return {
        "rows": indicator_rows,
        "pandas": pandas_seconds,
        "validate": seconds["pandas"],
        "frictionless": seconds["frictionless"],
        "problems": len(found["pandas"]),
        "same": found["pandas"] == found["frictionless"],
    }


def show(results: list[dict], validation: dict | None) -> None:
    if results:
        show_builds(results)
    if validation:
        show_validation(validation)


def show_builds(results: list[dict]) -> None:
    stage_names = ["validate", "derive", "pages", "charts", "mkdocs", "postbuild", "downloads"]
    print("\n## Builds (seconds, wall clock; each build in a fresh process)\n")
    header = [
        "N LSGs",
        "cold",
        "no change",
        "% of cold",
        "one row",
        "% of cold",
        "HTML/LSG page",
        "peak MB",
    ]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for r in results:
        cold, warm, changed = r["cold"]["total"], r["warm"]["total"], r["changed"]["total"]
        print(
            f"| {r['n']:,} | {cold:.1f} | {warm:.2f} | {100 * warm / cold:.1f} % | {changed:.1f} | "
            f"{100 * changed / cold:.0f} % | {r['html'] / 1024:.1f} KB | "
            f"{max(r['cold']['peak_mb'], r['warm']['peak_mb']):.0f} |"
        )
    for build, heading in (("cold", "Cold build"), ("changed", "Build after one changed row")):
        print(f"\n## {heading} by stage (seconds)\n")
        print("| N LSGs | " + " | ".join(stage_names) + " | per LSG |")
        print("|" + "---|" * (len(stage_names) + 2))
        for r in results:
            stages = r[build]["stages"]
            print(
                f"| {r['n']:,} | "
                + " | ".join(f"{stages.get(s, 0):.1f}" for s in stage_names)
                + f" | {r[build]['total'] / r['n']:.3f} |"
            )
    print("\n## MkDocs stage against reference points on the same generated Markdown\n")
    print(
        "| N LSGs | Markdown pages | build | our mkdocs stage | plain mkdocs | "
        "plain Markdown loop | ours / loop | ours / plain mkdocs |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        for build, label in (("cold", "cold"), ("changed", "one changed row")):
            ours = r[build]["stages"]["mkdocs"]
            print(
                f"| {r['n']:,} | {r['md_pages']:,} | {label} | {ours:.1f} | "
                f"{r['plain_mkdocs']:.1f} | {r['plain_loop']:.1f} | "
                f"{ours / r['plain_loop']:.2f} | {ours / r['plain_mkdocs']:.2f} |"
            )
    if len(results) > 1:
        first, last = results[0], results[-1]
        per_first = first["cold"]["total"] / first["n"]
        per_last = last["cold"]["total"] / last["n"]
        print(
            f"\nTime per LSG at {last['n']:,} / at {first['n']:,}: {per_last / per_first:.2f} "
            f"(goal ≤ 1.2); HTML per LSG page {last['html'] / first['html']:.2f}× (goal 1.00)."
        )


def show_validation(v: dict) -> None:
    print(
        f"\n## Validation of {v['rows']:,} indicator rows\n\n"
        f"| | seconds | / pandas read |\n|---|---|---|\n"
        f"| pandas read of the files (reference) | {v['pandas']:.2f} | 1.0 |\n"
        f"| validate (column-wise checks, the default) | {v['validate']:.2f} | "
        f"{v['validate'] / v['pandas']:.1f} (goal ≤ 3) |\n"
        f"| validate with Frictionless (the reference checks) | {v['frictionless']:.1f} | "
        f"{v['frictionless'] / v['pandas']:.0f} |\n\n"
        f"Problems reported: {v['problems']:,}; the same as Frictionless's: "
        f"{'yes' if v['same'] else 'NO'}."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="145,1000",
        help="N LSGs, comma-separated (e.g. 145,1000,5000); 0 for validation only",
    )
    parser.add_argument("--validation-rows", type=int, default=1_000_000, help="0 to skip")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--json", type=Path, help="also write every figure measured to this file")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="socprot-bench-"))
    try:
        results = []
        for n in [int(x) for x in args.sizes.split(",") if x.strip() not in ("", "0")]:
            print(f"building N={n} …", file=sys.stderr, flush=True)
            results.append(bench_size(n, root))
            show(results, None)
        validation = None
        if args.validation_rows:
            print(f"validating {args.validation_rows:,} rows …", file=sys.stderr, flush=True)
            validation = bench_validation(args.validation_rows, root)
        print("\n# Final\n")
        show(results, validation)
        if args.json:
            args.json.write_text(
                json.dumps({"builds": results, "validation": validation}, indent=1),
                encoding="utf-8",
            )
    finally:
        if args.keep:
            print(f"\nkept {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
