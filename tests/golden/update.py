"""Regenerate the golden Markdown pages: `make golden` (or python tests/golden/update.py).

Review the diff before committing: every change in it is a change readers will see."""

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from build_scripts import derive, pages  # noqa: E402
from build_scripts.i18n import LANGUAGES  # noqa: E402
from build_scripts.paths import DATAPACKAGE  # noqa: E402

GOLDEN_LSGS = ("ada", "beograd")
# Golden pages are those of a build without a public address, as the tests build.
os.environ.pop("SITE_URL", None)


def golden_pairs(out: Path):
    """(generated page, golden file) for every golden LSG in every language."""
    for slug in GOLDEN_LSGS:
        for lang in LANGUAGES:
            yield out / "lsg" / f"{slug}{lang.suffix}.md", HERE / f"{slug}.{lang.code}.md"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        pages.run(derive.run(DATAPACKAGE), out)
        for generated, golden in golden_pairs(out):
            golden.write_text(generated.read_text(encoding="utf-8"), encoding="utf-8")
            print(f"wrote {golden.relative_to(HERE.parent.parent)}")


if __name__ == "__main__":
    main()
