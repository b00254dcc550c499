"""Link check over the whole built site, and the checkers themselves shown failing."""

from sitecheck import broken_links, unlabelled_figures


def test_no_broken_internal_link_anchor_or_image(built_site):
    problems = broken_links(built_site)
    assert not problems, "\n".join(problems[:50]) + f"\n… {len(problems)} in all"


def test_link_check_catches_a_broken_link_and_anchor(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<h1 id="top">A</h1><a href="../b/">b</a><a href="../a/#top">ok</a>'
        '<a href="#nowhere">x</a><img src="../missing.svg"><a href="https://example.org/">ext</a>',
        encoding="utf-8",
    )
    problems = broken_links(tmp_path)
    assert len(problems) == 3, problems
    assert any("../b/" in p for p in problems)
    assert any("#nowhere" in p for p in problems)
    assert any("missing.svg" in p for p in problems)


def test_every_figure_is_labelled(built_site):
    problems = []
    for page in built_site.rglob("index.html"):
        for fig in unlabelled_figures(page.read_text(encoding="utf-8")):
            problems.append(f"{page.relative_to(built_site)}: {fig}")
    assert not problems, problems[:20]


def test_figure_check_catches_an_unlabelled_chart():
    good = (
        '<figure class="chart" id="f"><img src="x.svg" alt="Users" aria-describedby="f-d">'
        '<p id="f-d">Ada had 41 users in 2024, up from 28 in 2019.</p>'
        "<details><table><tbody><tr><td>1</td></tr></tbody></table></details></figure>"
    )
    assert unlabelled_figures(good) == []
    assert unlabelled_figures(good.replace(' alt="Users"', "")) == ["f"]
    assert unlabelled_figures(
        good.replace("Ada had 41 users in 2024, up from 28 in 2019.", "")
    ) == ["f"]
    assert unlabelled_figures(good.replace("<tr><td>1</td></tr>", "")) == ["f"]
