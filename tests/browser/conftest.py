"""Browser tests: the built site served on localhost, driven in Debian's Chromium by
Playwright. A failing test leaves a screenshot in test-artifacts/."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from server import SiteServer

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
SEARCH_PROBE = Path(__file__).parent / "search_probe.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _require(path: str | Path, how: str) -> None:
    if not Path(path).exists():
        pytest.fail(f"{path} is missing: {how}", pytrace=False)


@pytest.fixture(scope="session")
def site_url(built_site):
    with SiteServer(built_site) as server:
        yield server.url


@pytest.fixture(scope="session")
def browser():
    _require(CHROMIUM, "install Debian's chromium (`apt-get install chromium`); `make test` does")
    _require(AXE, "run `npm ci --prefix tests/browser`; `make test` does")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class Watched:
    """A page plus what went wrong while it loaded: console errors, failed requests."""

    def __init__(self, page, allowed_404: str | None = None):
        self.page = page
        self.errors: list[str] = []
        self.allowed_404 = allowed_404
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url} {r.failure}"))
        page.on("response", self._response)

    def _console(self, message):
        if message.type == "error" and not (
            self.allowed_404 and "404" in message.text and "Failed to load resource" in message.text
        ):
            self.errors.append(f"console: {message.text}")

    def _response(self, response):
        if response.status >= 400 and not (
            self.allowed_404 and response.url.rstrip("/").endswith(self.allowed_404.rstrip("/"))
        ):
            self.errors.append(f"HTTP {response.status}: {response.url}")


@pytest.fixture
def new_page(browser, request):
    contexts = []

    def make(viewport=None, allowed_404=None, search_probe=False):
        context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
        contexts.append(context)
        if search_probe:
            context.add_init_script(path=str(SEARCH_PROBE))
        return Watched(context.new_page(), allowed_404)

    yield make
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
        for i, context in enumerate(contexts):
            for j, page in enumerate(context.pages):
                try:
                    page.screenshot(path=str(ARTIFACTS / f"{name}-{i}{j}.png"), full_page=True)
                except Exception:  # a crashed page has nothing to show
                    pass
    for context in contexts:
        context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report


def pytest_sessionstart(session):
    if ARTIFACTS.exists():
        shutil.rmtree(ARTIFACTS, ignore_errors=True)
