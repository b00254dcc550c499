"""`python -m build_scripts <command>` — the one entry point (also the `socprot` script)."""

import sys

from build_scripts.cli import main

if __name__ == "__main__":
    sys.exit(main())
