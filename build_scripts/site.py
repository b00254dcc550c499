"""Stage runner: validate -> derive -> pages -> mkdocs. Until the site stages land,
`build` validates the package and stops (the site issue adds the rest)."""

from __future__ import annotations

from pathlib import Path

from .errors import ValidationFailed
from .validate import validate_package


def build(package: Path, strict: bool = True) -> None:
    problems, _ = validate_package(package)
    if problems:
        raise ValidationFailed(problems)


def serve(package: Path, dev_addr: str) -> int:
    build(package)
    return 0
