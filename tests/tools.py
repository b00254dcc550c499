"""Programs some tests run. Missing on a developer's machine: the test is skipped, saying
so. Missing under CI (`CI` set, as GitHub Actions does), where `make test` installs them:
the test fails, so that a check never quietly stops running where it counts."""

import os
import shutil

import pytest


def required(*names: str, how: str) -> str:
    """The path of the first of `names` found on PATH; `how`: how to install it."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    message = f"{' or '.join(names)} is not installed ({how})"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)
