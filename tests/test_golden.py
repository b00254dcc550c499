"""Golden Markdown for two LSGs (a municipality and Belgrade) in every language.
A difference is a change readers will see: review it, then `make golden`."""

import difflib
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "golden"))
from update import golden_pairs  # noqa: E402


def test_golden_files_exist():
    assert len(list((Path(__file__).parent / "golden").glob("*.md"))) == 6


@pytest.mark.parametrize("index", range(6))
def test_lsg_page_matches_golden(generated_pages, index):
    generated, golden = list(golden_pairs(generated_pages))[index]
    expected = golden.read_text(encoding="utf-8")
    actual = generated.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(True), actual.splitlines(True), str(golden), str(generated)
            )
        )
        pytest.fail(
            f"{golden.name} differs from the generated page (run `make golden`):\n{diff[:4000]}"
        )
