"""The GitHub Actions workflows: actionlint and zizmor find nothing, every action is
pinned to a full commit SHA with its version beside it, permissions are least-privilege,
and only a push to main deploys, after validation, build and tests, one deploy at a time."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
PUSH_TO_MAIN = "github.event_name == 'push' && github.ref == 'refs/heads/main'"

BAD_WORKFLOW = """\
name: bad
on: pull_request_target
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
      - run: echo ${{ steps.nothing.outputs.x }
"""


def tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        pytest.fail(f"{name} is not installed: run `make setup` (it is a dev dependency)")
    return str(path)


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


@pytest.fixture(scope="module")
def site() -> dict:
    return load(ROOT / ".github" / "workflows" / "site.yml")


def test_there_are_workflows():
    assert [p.name for p in WORKFLOWS] == ["site.yml"]


def test_actionlint_finds_nothing():
    result = subprocess.run(
        [tool("actionlint"), "-color=false", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_zizmor_finds_nothing():
    result = subprocess.run(
        [tool("zizmor"), "--offline", "--no-progress", "--format", "plain", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


def test_the_linters_do_find_problems(tmp_path):
    """The two tests above could pass by checking nothing: show that they catch errors."""
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    lint = subprocess.run([tool("actionlint"), "-color=false", str(bad)], capture_output=True)
    assert lint.returncode == 1 and b"bad.yml:" in lint.stdout
    audit = subprocess.run(
        [tool("zizmor"), "--offline", "--no-progress", "--format", "plain", str(bad)],
        capture_output=True,
        text=True,
    )
    assert audit.returncode != 0
    for finding in ("template-injection", "unpinned-uses", "excessive-permissions"):
        assert finding in audit.stdout


def test_every_action_is_pinned_to_a_commit_with_its_version():
    uses = []
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.match(r"\s*(-\s+)?uses:", line):
                uses.append(line.strip())
    assert uses
    for line in uses:
        assert re.fullmatch(r"(- )?uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", line), (
            line
        )


def test_permissions_are_least_privilege(site):
    assert site["permissions"] == {}
    jobs = site["jobs"]
    assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    for job in jobs.values():
        for step in job["steps"]:
            if "actions/checkout@" in step.get("uses", ""):
                assert step["with"]["persist-credentials"] is False


def test_runs_on_pull_requests_and_main(site):
    assert "pull_request" in site["on"]
    assert site["on"]["push"]["branches"] == ["main"]
    assert "pull_request_target" not in site["on"]


def test_build_validates_builds_tests_then_uploads(site):
    steps = site["jobs"]["build"]["steps"]
    runs = [s.get("run", "") + s.get("uses", "") for s in steps]

    def position(text: str) -> int:
        return next(i for i, r in enumerate(runs) if text in r)

    validate = position("make validate")
    build = position("build_scripts build")
    tests = position(".ci/run")
    preview = position("actions/upload-artifact@")
    pages = position("actions/upload-pages-artifact@")
    assert validate < build < tests < preview and tests < pages
    assert steps[preview]["if"] == "github.event_name == 'pull_request'"
    assert steps[preview]["with"]["path"] == "site/"
    assert steps[pages]["if"] == PUSH_TO_MAIN
    assert steps[pages]["with"]["path"] == "site/"
    # the site's address comes from the Pages configuration
    configure = steps[position("actions/configure-pages@")]
    assert configure["id"] == "pages" and configure["if"] == PUSH_TO_MAIN
    assert steps[build]["env"]["PAGES_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert 'SITE_URL="$PAGES_URL/"' in steps[build]["run"]
    # a deploy without a public address fails (build --publish) instead of publishing none
    assert steps[build]["env"]["PUBLISH"] == "${{ " + PUSH_TO_MAIN + " }}"
    assert 'if [ "$PUBLISH" = true ]; then set -- --publish; fi' in steps[build]["run"]
    assert steps[build]["run"].rstrip().endswith('build_scripts build "$@"')


def test_only_a_push_to_main_deploys_one_at_a_time(site):
    deploy = site["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["if"] == PUSH_TO_MAIN
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"] == {"group": "github-pages", "cancel-in-progress": False}
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    # runs of the same branch never overlap; only pull-request runs are cancelled
    assert site["concurrency"]["group"] == "site-${{ github.ref }}"
    assert site["concurrency"]["cancel-in-progress"] == (
        "${{ github.event_name == 'pull_request' }}"
    )


def test_ci_entry_point_still_runs_make_test():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test\b", script, re.MULTILINE)


def test_make_test_lints_before_it_tests():
    """CI runs `make test` (.ci/run): the linter is part of it and runs first."""
    planned = subprocess.run(
        ["make", "-n", "--always-make", "test"], cwd=ROOT, capture_output=True, text=True
    )
    assert planned.returncode == 0, planned.stderr
    commands = planned.stdout.splitlines()

    def position(text: str) -> int:
        found = [i for i, c in enumerate(commands) if text in c]
        assert found, f"`make test` does not run {text!r}"
        return found[0]

    lint = position("-m ruff check build_scripts tests benchmarks")
    formatting = position("-m ruff format --check build_scripts tests benchmarks")
    types = position("-m mypy")
    assert max(lint, formatting, types) < position("-m pytest")


def test_the_type_checker_finds_a_wrong_type(tmp_path):
    """What `make lint`'s mypy catches with the project's settings: a value of the wrong type
    passed on, as a reshape that changes a signature would leave behind."""
    module = tmp_path / "moved.py"
    module.write_text(
        "def count(rows: list[str]) -> int:\n    return len(rows)\n\n\ncount(3)\n",
        encoding="utf-8",
    )
    found = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), str(module)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert found.returncode == 1 and "arg-type" in found.stdout, found.stdout


def test_the_linter_finds_an_unused_import(tmp_path):
    """What lint catches with the project's settings, e.g. an import a move left behind."""
    module = tmp_path / "moved.py"
    module.write_text("import json\n\n\ndef f():\n    return 1\n", encoding="utf-8")
    config = str(ROOT / "pyproject.toml")
    found = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--config", config, str(module)],
        capture_output=True,
        text=True,
    )
    assert found.returncode == 1 and "F401" in found.stdout
