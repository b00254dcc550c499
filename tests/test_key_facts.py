"""An LSG page opens with its key facts: after the title and the demonstration notice, three
to five sentences from the data, each compared whole with its catalog message filled in with
figures recomputed the plain way (tests/naive.py); nouns after numbers in the plural form
the language's CLDR rule asks for (1 usluga, 2 usluge, 5 usluga)."""

from __future__ import annotations

import re
import statistics

import pytest
from naive import Naive

from build_scripts.i18n import LANGUAGES, Translator
from build_scripts.paths import DATASETS


@pytest.fixture(scope="module")
def naive():
    return Naive(DATASETS)


def expected_facts(tr: Translator, naive: Naive, code: str) -> list[str]:
    lsg = naive.lsgs[code]
    year, first_year = naive.latest_year, naive.first_year
    count = len(naive.services_of(code, year))
    district = lsg["district_cyr" if tr.lang.cyrillic else "district_lat"]
    if not tr.lang.serbian:
        district = lsg["district_en"]

    def typical(value: float) -> str:
        return tr.number(value, 1 if value % 1 else 0)

    def compare(value: float) -> str:
        return "more" if count > value else ("less" if count < value else "same")

    def services(codes) -> float:
        return statistics.median(len(naive.services_of(c, year)) for c in codes)

    if count:
        facts = [tr.tn("lsg.facts.services", count, count=tr.number(count), year=year)]
    else:
        facts = [tr.t("lsg.facts.services.none", year=year)]
    peers = naive.district_peers(code)
    if len(peers) > 1:
        median = services(peers)
        facts.append(
            tr.t(f"lsg.facts.district.{compare(median)}", district=district, median=typical(median))
        )
    else:
        median = services(naive.lsgs)
        facts.append(tr.t(f"lsg.facts.national.{compare(median)}", median=typical(median)))
    comparable = naive.comparable(code)
    if comparable:
        median = services(comparable)
        population = int(lsg["population_2022"])
        facts.append(
            tr.t(
                f"lsg.facts.comparable.{compare(median)}",
                median=typical(median),
                low=tr.number(population // 2),
                high=tr.number(population * 2),
            )
        )
        missing = naive.missing_services(code)
        if missing:
            names = tr.join(tr.pick(naive.service_types[t], "name") for t, _ in missing)
            n = len(missing)
            facts.append(tr.tn("lsg.facts.missing", n, count=tr.number(n), names=names))
        else:
            facts.append(tr.t("lsg.facts.missing.none"))
    first, last = naive.users(code, first_year), naive.users(code, year)
    trend = "up" if last > first else ("down" if last < first else "same")
    facts.append(
        tr.t(
            f"lsg.facts.users.{trend}",
            first=tr.number(first),
            last=tr.number(last),
            first_year=first_year,
            year=year,
        )
    )
    return facts


def unescape(text: str) -> str:
    return text.replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", '"')


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_every_lsg_page_opens_with_its_key_facts(page_writer, naive, lang):
    tr = Translator(lang)
    heading = f"## {tr.t('lsg.facts')}"
    for code, lsg in naive.lsgs.items():
        page = (page_writer.out / "lsg" / f"{lsg['slug']}{lang.suffix}.md").read_text("utf-8")
        body = page.split("\n---\n", 1)[1]
        # the title, the demonstration notice, then the key facts: the page's first section
        first_section = re.search(r"^## .*$", body, re.M)
        assert first_section and first_section.group(0) == heading, (lsg["slug"], lang.code)
        assert body.index(tr.t("demo.title")) < first_section.start()
        block = re.search(r'<ul class="key-facts">\n(.*?)</ul>', body, re.S)
        assert block, lsg["slug"]
        shown = [unescape(x) for x in re.findall(r"<li>(.*?)</li>", block.group(1))]
        assert 3 <= len(shown) <= 5, (lsg["slug"], shown)
        assert shown == expected_facts(tr, naive, code), lsg["slug"]


@pytest.mark.parametrize(
    ("lang", "n", "words"),
    [
        ("sr-Latn", 1, "postoji 1 usluga"),
        ("sr-Latn", 2, "postoje 2 usluge"),
        ("sr-Latn", 4, "postoje 4 usluge"),
        ("sr-Latn", 5, "postoji 5 usluga"),
        ("sr-Latn", 11, "postoji 11 usluga"),
        ("sr-Latn", 12, "postoji 12 usluga"),
        ("sr-Latn", 21, "postoji 21 usluga"),
        ("sr-Latn", 22, "postoje 22 usluge"),
        ("sr-Cyrl", 3, "постоје 3 услуге"),
        ("sr-Cyrl", 7, "постоји 7 услуга"),
        ("en", 1, "1 social protection service was"),
        ("en", 2, "2 social protection services were"),
        ("en", 21, "21 social protection services were"),
    ],
)
def test_nouns_after_numbers_take_the_plural_form_the_number_asks_for(lang, n, words):
    tr = Translator(next(x for x in LANGUAGES if x.code == lang))
    assert words in tr.tn("lsg.facts.services", n, count=tr.number(n), year=2024)
