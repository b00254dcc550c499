"""A data package with script and Markdown/HTML injection in every free-text field builds,
and the browser runs none of it."""

from __future__ import annotations

import pytest
from injection import FREE_TEXT, inject
from server import SiteServer


@pytest.fixture(scope="module")
def injected_site(tmp_path_factory):
    from fixtures_package import make_package

    from build_scripts import pipeline
    from build_scripts.validate import validate_package

    tmp = tmp_path_factory.mktemp("injected")
    package = make_package(tmp)
    for resource, columns in FREE_TEXT.items():
        inject(package.parent, resource, columns)
    problems, _ = validate_package(package)
    assert not problems, [p.message for p in problems]
    target = tmp / "site"
    pipeline.build(package, target=target)
    return target


def pages_with_payload(root):
    return [p for p in root.rglob("index.html") if "__pwned" in p.read_text(encoding="utf-8")]


def test_payload_reaches_pages_as_text(injected_site):
    pages = pages_with_payload(injected_site)
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script>window.__pwned" not in html, page
        assert '<img src="data:," onerror' not in html, page  # as a tag; as text it is fine
        assert 'href="javascript:' not in html, page
    svgs = list((injected_site / "charts").glob("*.svg"))
    assert any("__pwned" in svg.read_text(encoding="utf-8") for svg in svgs)  # names reach them
    for svg in svgs:  # maps are embedded with <object>: a script there would run
        text = svg.read_text(encoding="utf-8")
        assert "<script" not in text and "<img" not in text, svg


@pytest.mark.parametrize("lang", ["", "sr-Cyrl/", "en/"])
def test_browser_runs_no_injected_script(browser, injected_site, lang):
    with SiteServer(injected_site) as server:
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        visited = 0
        for path in sorted(
            pages_with_payload(injected_site / lang.rstrip("/") if lang else injected_site)
        ):
            rel = path.relative_to(injected_site).parent.as_posix()
            if not lang and rel.startswith(("sr-Cyrl", "en")):
                continue
            page.goto(server.url + ("" if rel == "." else rel + "/"), wait_until="load")
            assert page.evaluate("() => window.__pwned === undefined"), rel
            # the payload is visible as text
            assert "window.__pwned" in page.inner_text("body"), rel
            for link in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
                assert not link.startswith("javascript:"), (rel, link)
            visited += 1
        page.close()
        assert visited > 3 and not dialogs


def test_the_check_catches_an_injected_script(browser, tmp_path):
    (tmp_path / "index.html").write_text(
        "<p>provider <script>window.__pwned = 'script'</script></p>", encoding="utf-8"
    )
    with SiteServer(tmp_path) as server:
        page = browser.new_page()
        page.goto(server.url)
        assert page.evaluate("() => window.__pwned") == "script"
        page.close()
