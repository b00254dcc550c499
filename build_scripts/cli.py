"""Command line: `python -m build_scripts <command>`. Library errors become exit codes here.

Exit codes: 0 success, 1 invalid data, 2 unusable input (no package, unreadable file).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

from build_scripts import messages
from build_scripts.address import AddressError
from build_scripts.datapackage import demo_data
from build_scripts.errors import Problem, UnusableInput, ValidationFailed
from build_scripts.mkdocs_build.search import SearchIndexFailed
from build_scripts.paths import DATAPACKAGE, DATASETS
from build_scripts.validate import display_path, row_count, validate_package


def say(key: str, **params: object) -> str:
    return messages.say("cli", key, **params)


def _escape_annotation(value: str, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def annotation(p: Problem) -> str:
    """A GitHub Actions workflow command that puts the problem on the offending line."""
    props = [f"file={_escape_annotation(p.file, True)}"]
    if p.row:
        props.append(f"line={p.row}")
    props.append(f"title={_escape_annotation(p.title, True)}")
    return f"::error {','.join(props)}::{_escape_annotation(p.message)}"


def format_table(problems: list[Problem]) -> str:
    """Problems grouped by file, as a table a person reads."""
    lines: list[str] = []
    files = sorted({p.file for p in problems})
    for file in files:
        rows = [p for p in problems if p.file == file]
        width = max([len(say("heading_column"))] + [len(p.field or "") for p in rows])
        lines.append(file)
        lines.append(
            f"  {say('heading_line'):>6}  {say('heading_column'):<{width}}  {say('heading_problem')}"
        )
        for p in rows:
            line = str(p.row) if p.row else "-"
            lines.append(f"  {line:>6}  {(p.field or '-'):<{width}}  {p.title}: {p.message}")
        lines.append("")
    return "\n".join(lines)


def report(problems: list[Problem], as_json: bool) -> None:
    if as_json:
        json.dump(
            {"valid": not problems, "problems": [p.as_record() for p in problems]},
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        sys.stdout.write("\n")
    elif problems:
        sys.stdout.write(format_table(problems))
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for p in problems:
            print(annotation(p))


def cmd_validate(args: argparse.Namespace) -> int:
    package = Path(args.package)
    try:
        problems, tables = validate_package(package, engine=args.engine)
    except UnusableInput as exc:
        report([exc.problem], args.json)
        if not args.json:
            print(say("unusable", message=exc.problem.message), file=sys.stderr)
        return 2
    report(problems, args.json)
    if problems:
        if not args.json:
            print(say("invalid", count=len(problems), files=len({p.file for p in problems})))
        return 2 if any(p.code == "file-missing" for p in problems) else 1
    if not args.json:
        print(
            say("valid", resources=len(tables), rows=row_count(tables), path=display_path(package))
        )
    return 0


def cmd_demo_data(args: argparse.Namespace) -> int:
    target = Path(args.datasets)
    if not args.check:
        counts = demo_data.run(target)
        print(say("demo_written", path=display_path(target), **counts))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        demo_data.run(target, Path(tmp))
        differ = [
            name
            for name in ("services.csv", "indicators.csv")
            if (Path(tmp) / name).read_bytes() != (target / name).read_bytes()
        ]
    if differ:
        print(say("demo_differs", path=display_path(target), files=", ".join(differ)))
        return 1
    print(say("demo_same", path=display_path(target)))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from build_scripts import pipeline
    from build_scripts.mkdocs_build.page_cache import InternalsChanged

    try:
        pipeline.build(Path(args.package), strict=not args.no_strict, publish=args.publish)
    except AddressError as exc:
        print(say("no_address", message=exc), file=sys.stderr)
        return 2
    except InternalsChanged as exc:
        print(exc, file=sys.stderr)
        return 2
    except ValidationFailed as exc:
        report(exc.problems, False)
        print(say("invalid", count=len(exc.problems), files=len({p.file for p in exc.problems})))
        return 1
    except UnusableInput as exc:
        print(say("unusable", message=exc.problem.message), file=sys.stderr)
        return 2
    except SearchIndexFailed as exc:
        print(say("search_failed", message=exc), file=sys.stderr)
        return 2
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from build_scripts import pipeline

    return pipeline.serve(Path(args.package), args.dev_addr)


def cmd_templates(args: argparse.Namespace) -> int:
    from build_scripts.collection import report_template

    try:
        written = report_template.write(Path(args.package), args.year, Path(args.out), args.lsg)
    except KeyError as exc:
        print(importer_say("templates_unknown_lsg", codes=exc.args[0]), file=sys.stderr)
        return 2
    print(importer_say("templates_written", count=len(written), year=args.year, path=args.out))
    return 0


def importer_say(key: str, **params: object) -> str:
    return messages.say("importer", key, **params)


def cmd_import_templates(args: argparse.Namespace, paths: list[Path]) -> int:
    from build_scripts.collection import report_import

    outcome = report_import.run(
        paths,
        Path(args.package),
        args.year,
        args.write,
        args.source,
        folder=Path(args.file).is_dir(),
    )
    if args.json:
        print(json.dumps(report_import.to_json(outcome), ensure_ascii=False, indent=2))
    else:
        print(report_import.render(outcome, args.write))
    return outcome.exit_code


def cmd_import(args: argparse.Namespace) -> int:
    from build_scripts import importer
    from build_scripts.collection import report_import

    given = Path(args.file)
    if given.is_dir():
        return cmd_import_templates(args, sorted(given.glob("*.xlsx")))
    if report_import.is_template(given):
        return cmd_import_templates(args, [given])
    if not args.resource:
        print(importer.say("unusable", message=importer.say("no_resource")), file=sys.stderr)
        return 2

    options = importer.Options(
        file=Path(args.file),
        resource=args.resource,
        year=args.year,
        sheet=args.sheet,
        indicator=args.indicator,
        names=Path(args.names) if args.names else None,
        write=args.write,
        package=Path(args.package),
        columns=args.column or [],
        rates=args.rate or [],
        rate_source=args.rate_source,
        source=args.source,
        source_title=args.source_title,
        source_publisher=args.source_publisher,
        source_language=args.source_language,
    )
    try:
        result = importer.run(options)
    except (importer.ImportUnusable, UnusableInput) as exc:
        message = exc.problem.message if isinstance(exc, UnusableInput) else str(exc)
        if args.json:
            refusal = {"file": args.file, "status": "unusable", "exit_code": 2, "message": message}
            print(json.dumps(refusal, ensure_ascii=False, indent=2))
        print(importer.say("unusable", message=message), file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(importer.to_json(result), ensure_ascii=False, indent=2))
    else:
        print(importer.render(result))
    return result.exit_code


def cmd_release_snapshot(args: argparse.Namespace) -> int:
    from build_scripts.downloads import keep_release

    try:
        path, written = keep_release(Path(args.package))
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(messages.say("releases", "snapshot_written" if written else "snapshot_same", path=path))
    return 0


def _import_parser(sub: argparse._SubParsersAction) -> None:
    text = importer_say
    i = sub.add_parser("import", help=text("help_import"), description=text("help_import"))
    i.add_argument("file", help=text("help_file"))
    i.add_argument(
        "--resource", choices=("services", "indicators"), help=text("help_resource_template")
    )
    i.add_argument("--year", type=int, help=text("help_year"))
    i.add_argument("--sheet", help=text("help_sheet"))
    i.add_argument("--indicator", help=text("help_indicator"))
    i.add_argument("--names", metavar="FILE", help=text("help_names"))
    i.add_argument("--write", action="store_true", help=text("help_write"))
    i.add_argument("--column", action="append", metavar="LETTER", help=text("help_column"))
    i.add_argument("--rate", action="append", metavar="CUR=RSD", help=text("help_rate"))
    i.add_argument("--rate-source", metavar="TEXT", help=text("help_rate_source"))
    i.add_argument("--source", metavar="ID", help=text("help_source"))
    i.add_argument("--source-title", metavar="TEXT", help=text("help_source_title"))
    i.add_argument("--source-publisher", metavar="TEXT", help=text("help_source_publisher"))
    i.add_argument(
        "--source-language", default="sr-Latn", metavar="LANG", help=text("help_source_language")
    )
    i.add_argument("--json", action="store_true", help=text("help_json"))
    _package_argument(i)
    i.set_defaults(func=cmd_import)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m build_scripts", description=say("help_program"))
    p.add_argument("--debug", action="store_true", help=say("help_debug"))
    sub = p.add_subparsers(dest="command", required=True)
    _validate_parser(sub)
    _demo_data_parser(sub)
    _build_parser(sub)
    _serve_parser(sub)
    r = sub.add_parser(
        "release-snapshot",
        help=messages.say("releases", "snapshot_help"),
        description=messages.say("releases", "description"),
    )
    _package_argument(r)
    r.set_defaults(func=cmd_release_snapshot)
    _import_parser(sub)
    _templates_parser(sub)
    return p


def _package_argument(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--package", default=str(DATAPACKAGE), metavar="PATH", help=say("help_package")
    )


def _validate_parser(sub: argparse._SubParsersAction) -> None:
    v = sub.add_parser("validate", help=say("help_validate"))
    _package_argument(v)
    v.add_argument("--json", action="store_true", help=say("help_json"))
    v.add_argument(
        "--engine",
        choices=["pandas", "frictionless"],
        default="pandas",
        help=say("help_engine"),
    )
    v.set_defaults(func=cmd_validate)


def _demo_data_parser(sub: argparse._SubParsersAction) -> None:
    d = sub.add_parser("demo-data", help=say("help_demo_data"))
    d.add_argument("--datasets", default=str(DATASETS), metavar="DIR", help=say("help_datasets"))
    d.add_argument("--check", action="store_true", help=say("help_check"))
    d.set_defaults(func=cmd_demo_data)


def _build_parser(sub: argparse._SubParsersAction) -> None:
    b = sub.add_parser("build", help=say("help_build"))
    _package_argument(b)
    b.add_argument("--no-strict", action="store_true", help=say("help_no_strict"))
    b.add_argument("--publish", action="store_true", help=say("help_publish"))
    b.set_defaults(func=cmd_build)


def _serve_parser(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("serve", help=say("help_serve"))
    _package_argument(s)
    s.add_argument(
        "--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT", help=say("help_dev_addr")
    )
    s.set_defaults(func=cmd_serve)


def _templates_parser(sub: argparse._SubParsersAction) -> None:
    t = sub.add_parser(
        "templates", help=importer_say("help_templates"), description=importer_say("help_templates")
    )
    t.add_argument("--year", type=int, required=True, help=importer_say("help_templates_year"))
    t.add_argument("--out", required=True, metavar="DIR", help=importer_say("help_templates_out"))
    t.add_argument(
        "--lsg", action="append", metavar="CODE", help=importer_say("help_templates_lsg")
    )
    _package_argument(t)
    t.set_defaults(func=cmd_templates)


def _synopsis(action: argparse.Action) -> str:
    metavar = action.metavar
    if action.choices:
        value = "\\|".join(map(str, action.choices))
    elif isinstance(metavar, tuple):
        value = " ".join(metavar)
    else:
        value = metavar or action.dest.upper()
    if not action.option_strings:
        return str(value)
    text = action.option_strings[-1] + ("" if action.nargs == 0 else f" {value}")
    return text if action.required else f"[{text}]"


def command_table() -> str:
    """The README's table of commands, from this parser (`make readme` writes it)."""
    lines = ["| command | does |", "| --- | --- |"]
    sub = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    for choice in sub._choices_actions:
        actions = sub.choices[choice.dest]._actions
        words = [choice.dest] + [_synopsis(a) for a in actions if a.help != argparse.SUPPRESS]
        words = [w for w in words if w not in ("[-h]", "[--help]")]
        does = str(choice.help).replace("<", "&lt;").replace(">", "&gt;")
        lines.append(f"| `{' '.join(words)}` | {does} |")
    return "\n".join(lines) + "\n"


def with_command_table(readme: str) -> str:
    """The README text with its table of commands (between the markers) rewritten."""
    start, end = "<!-- commands:", "<!-- /commands -->"
    head, rest = readme.split(start, 1)
    marker, _, tail = rest.partition("-->\n")
    _, _, tail = tail.partition(end)
    return f"{head}{start}{marker}-->\n{command_table()}{end}{tail}"


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except Exception as exc:  # the boundary: no traceback unless --debug
        if args.debug:
            traceback.print_exc()
        else:
            print(say("internal_error", error=exc), file=sys.stderr)
        return 2
