"""The README's table of commands is the command-line parser's, not a copy kept by hand."""

from __future__ import annotations

from build_scripts import cli
from build_scripts.paths import ROOT


def test_the_readme_lists_every_command_and_option_of_the_parser():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme == cli.with_command_table(readme), "run `make readme` and commit README.md"


def test_the_table_follows_the_parser(monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    build = cli.parser

    def with_an_option():
        p = build()
        sub = next(a for a in p._actions if a.__class__.__name__ == "_SubParsersAction")
        sub.choices["build"].add_argument("--offline", action="store_true")
        return p

    monkeypatch.setattr(cli, "parser", with_an_option)
    rewritten = cli.with_command_table(readme)
    assert "| `build [--package PATH] [--no-strict] [--publish] [--offline]` |" in rewritten
    assert rewritten != readme
