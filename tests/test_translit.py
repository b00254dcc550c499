"""Tests for build_scripts.translit (Serbian Latin <-> Cyrillic transliteration)."""

from __future__ import annotations

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from build_scripts.translit import (
    _EXCEPTION_STEMS,
    _protected_spans,
    fold,
    to_cyrillic,
    to_latin,
)

ZWNJ, ZWJ = "\u200c", "\u200d"

CYR_LETTERS = "абвгдђежзијклљмнњопрстћуфхцчџш"
CYR = CYR_LETTERS + CYR_LETTERS.upper()
LAT_LOWER = "abcčćdđefghijklmnoprsštuvzž"
# Punctuation that can never be part of a protected span.
SAFE_PUNCT = " \n\t,;!?-–—\"'()*«»„“…0123456789"
# Characters that protected spans are built from.
TRIGGER_PUNCT = ".:/@<>{}%&[]`~#_="

PAIR_FRAGMENTS = "нј њ НЈ Њ Нј нЈ лј љ ЛЈ Љ дж џ ДЖ Џ Дж".split()
ALL_STEMS = [stem for stems in _EXCEPTION_STEMS.values() for stem in stems]
# Exception stems in Cyrillic, both correctly split and (wrongly) with the digraph letter.
CYR_STEM_FRAGMENTS = sorted(
    {to_cyrillic(s) for s in ALL_STEMS}
    | {to_cyrillic(s.upper()) for s in ALL_STEMS}
    | {
        to_cyrillic(s.replace("nj", ZWJ.join("nj")).replace("dž", ZWJ.join("dž")))
        for s in ALL_STEMS
    }
)
PROTECTED_TOKENS = [
    "https://example.com/nj?lj=dž&x=1",
    "http://primer.rs/њ",
    "www.primer.rs/nj",
    "ime.prezime@primer.rs",
    "lsg.csv",
    "datapackage.json",
    "report-2024.xlsx",
    "datasets/lsg.csv",
    "извештај.pdf",
    "`like_this`",
    "`њ`",
    "``code with ` tick``",
    "```python\nnj = 'њ'\n```",
    '<a href="nj.html" title="njega">',
    "</a>",
    "<br/>",
    "<!-- nj њ -->",
    "<pre>nj</pre>",
    "{name}",
    "{име}",
    "{0:>5}",
    "{{ var }}",
    "{% if nj %}",
    "%(name)s",
    "&nbsp;",
    "&amp;",
    "&#x17E;",
]


def _joined(*alphabets: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(*alphabets), max_size=40).map("".join)


cyrillic_plain = _joined(
    st.sampled_from(CYR + SAFE_PUNCT),
    st.sampled_from(PAIR_FRAGMENTS),
    st.sampled_from(CYR_STEM_FRAGMENTS),
)
cyrillic_any = _joined(
    st.sampled_from(CYR + SAFE_PUNCT + TRIGGER_PUNCT + "qwxyQWXYяыё"),
    st.sampled_from(PAIR_FRAGMENTS),
    st.sampled_from(CYR_STEM_FRAGMENTS),
    st.sampled_from(PROTECTED_TOKENS).map(lambda t: f" {t} "),
)
LATIN_LOWER_TOKENS = [t for t in PROTECTED_TOKENS if t == t.lower() and not set(t) & set(CYR)]
latin_lower = _joined(
    st.sampled_from(LAT_LOWER + "qwxy" + SAFE_PUNCT + TRIGGER_PUNCT),
    st.sampled_from(["lj", "nj", "dž", "nadžak", "odžak", "tanjug"] + ALL_STEMS),
    st.sampled_from(LATIN_LOWER_TOKENS).map(lambda t: f" {t} "),
)
latin_any = _joined(
    st.sampled_from(LAT_LOWER + LAT_LOWER.upper() + "qwxyQWXY" + SAFE_PUNCT + TRIGGER_PUNCT),
    st.sampled_from(["lj", "nj", "dž", "LJ", "Lj", "lJ", "NJ", "Nj", "DŽ", "Dž"] + ALL_STEMS),
    st.sampled_from(ALL_STEMS).map(str.upper),
)


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("nadživeti", "надживети"),
        ("Nadživeti", "Надживети"),
        ("podžanr", "поджанр"),
        ("odžaliti", "оджалити"),
        ("predželudac", "преджелудац"),
        ("injekcija", "инјекција"),
        ("INJEKCIJA", "ИНЈЕКЦИЈА"),
        ("konjunkcija", "конјункција"),
        ("konjugacija", "конјугација"),
        ("vanjezički", "ванјезички"),
        ("Tanjug", "Танјуг"),  # acronym TA-Nova-JUGoslavija
        ("odžak", "оџак"),  # real digraphs next to exception-like stems
        ("nadžak", "наџак"),
        ("konj", "коњ"),
        ("kanjon", "кањон"),  # stems match at word start only (anjon = anion)
        ("anjon", "анјон"),
        ("ǈubav ǋegoš ǆep", "Љубав Његош џеп"),  # Latin ligature letters
        ("LJUBAV", "ЉУБАВ"),
        ("Ljubav", "Љубав"),
        ("ljubav", "љубав"),
        ("LJ", "Љ"),
        ("Njegoš", "Његош"),
        ("NJEGOŠ", "ЊЕГОШ"),
        ("Đorđe", "Ђорђе"),
        ("džep", "џеп"),
        ("Džep", "Џеп"),
        ("DŽEP", "ЏЕП"),
        ("Pomoć u kući", "Помоћ у кући"),
    ],
)
def test_to_cyrillic_examples(latin: str, cyrillic: str) -> None:
    assert to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("ЉУБАВ", "LJUBAV"),
        ("Љубав", "Ljubav"),
        ("Љ", "Lj"),
        ("Његош", "Njegoš"),
        ("ЊЕГОШ", "NJEGOŠ"),
        ("КОЊ", "KONJ"),
        ("ЏЕП", "DŽEP"),
        ("Џеп", "Džep"),
        ("Ђорђе", "Đorđe"),
        ("инјекција", "injekcija"),
        ("надживети", "nadživeti"),
        ("Ћуприја", "Ćuprija"),
        # Pairs the exception list would misread get an invisible disambiguation mark.
        ("анја", f"an{ZWNJ}ja"),
        ("ињекција", f"in{ZWJ}jekcija"),
    ],
)
def test_to_latin_examples(cyrillic: str, latin: str) -> None:
    assert to_latin(cyrillic, marks=True) == latin


def test_marks_in_latin_override_the_exception_list() -> None:
    assert to_cyrillic(f"an{ZWNJ}ja") == "анја"
    assert to_cyrillic(f"in{ZWJ}jekcija") == "ињекција"
    assert to_cyrillic(f"D{ZWNJ}Žo") == "ДЖо"


@pytest.mark.parametrize(
    ("pair", "stem"), [(pair, stem) for pair, stems in _EXCEPTION_STEMS.items() for stem in stems]
)
def test_every_exception_stem_is_split(pair: str, stem: str) -> None:
    split_pair = {"nj": "нј", "lj": "лј", "dž": "дж"}[pair]
    for variant in (stem, stem.title(), stem.upper()):
        cyrillic = to_cyrillic(variant)
        assert split_pair in cyrillic.lower()
        assert to_latin(cyrillic, marks=True) == variant


def test_letters_without_cyrillic_counterpart_are_kept() -> None:
    assert to_cyrillic("qwxy QWXY") == "qwxy QWXY"
    assert to_cyrillic("taxi") == "таxи"
    # In prose, a foreign word stays Latin as a whole.
    assert to_cyrillic("taxi", keep_foreign=True) == "taxi"
    assert (
        to_cyrillic("OpenStreetMap i GitHub, CSV, JSON, Excel", keep_foreign=True)
        == "OpenStreetMap и GitHub, CSV, JSON, Excel"
    )
    assert to_cyrillic("Wi-Fi") == "Wи-Фи"


@pytest.mark.parametrize("token", PROTECTED_TOKENS)
def test_protected_tokens_are_untouched(token: str) -> None:
    assert to_cyrillic(f"nj {token} nj") == f"њ {token} њ"
    assert to_latin(f"њ {token} њ") == f"nj {token} nj"


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("[njega](https://x.rs/nj)", "[њега](https://x.rs/nj)"),
        ("![slika](img/nj.png)", "![слика](img/nj.png)"),
        ("[o nama](o-nama/)", "[о нама](o-nama/)"),
        ("[vidi](#njega)", "[види](#njega)"),
        ('<a href="nj" class="lj">nj</a>', '<a href="nj" class="lj">њ</a>'),
        ("<p>Pomoć</p>", "<p>Помоћ</p>"),
        ("vidi: lsg.csv.", "види: lsg.csv."),
        ("u formatu .csv ili .XLSX", "у формату .csv или .XLSX"),
        ("fajl %(ime)s.csv", "фајл %(ime)s.csv"),  # adjacent spans do not overlap
        ("Piši na info@primer.rs!", "Пиши на info@primer.rs!"),
    ],
)
def test_markup_text_is_transliterated_but_not_the_markup(latin: str, cyrillic: str) -> None:
    assert to_cyrillic(latin) == cyrillic
    assert to_latin(cyrillic) == latin


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Ćuprija", "cuprija"),
        ("Ћуприја", "cuprija"),
        ("cuprija", "cuprija"),
        ("Đurđevo", "djurdjevo"),
        ("Ђурђево", "djurdjevo"),
        ("Pomoć u kući", "pomoc u kuci"),
        ("ЏЕП Žiča", "dzep zica"),
        ("ЉУБАВ", "ljubav"),
        (f"an{ZWNJ}ja", "anja"),
    ],
)
def test_fold_examples(text: str, folded: str) -> None:
    assert fold(text) == folded


@given(cyrillic_plain)
@example("инјекција ињекција анја наџак надживети НАДЖИВЕТИ Љ ЉУБАВ Његош")
def test_cyrillic_round_trip_without_trigger_characters(text: str) -> None:
    assert to_cyrillic(to_latin(text, marks=True)) == text


@given(st.one_of(cyrillic_any, _joined(st.sampled_from(CYR), st.characters())))
@example("види `код` и https://x.rs/нј, [њега](нј) {име}")
@example("` `like_this` ")  # Latin outside protected spans: not Cyrillic text
@example("фајл.цсв")  # romanises to the file name fajl.csv
def test_cyrillic_round_trip_when_no_protected_span_appears(text: str) -> None:
    assume(not set(text) & {ZWNJ, ZWJ, "\ufdd0"})
    assume(to_cyrillic(text) == text)
    latin = to_latin(text, marks=True)
    assume(_protected_spans(latin) == _protected_spans(text))
    assert to_cyrillic(latin) == text


def test_romanised_file_name_is_the_documented_round_trip_limit() -> None:
    assert to_latin("фајл.цсв") == "fajl.csv"
    assert to_cyrillic("fajl.csv") == "fajl.csv"


@given(latin_lower)
def test_lowercase_latin_round_trip(text: str) -> None:
    assert to_latin(to_cyrillic(text)) == text


@given(latin_any)
@example("LJ lJ NJu Dž")
def test_latin_round_trip_up_to_digraph_case(text: str) -> None:
    assert to_latin(to_cyrillic(text)).lower() == text.lower()


@given(st.one_of(st.text(), latin_any, cyrillic_any))
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.one_of(st.text(), latin_any, latin_lower))
def test_fold_ignores_script_of_latin_input(text: str) -> None:
    assert fold(to_cyrillic(text)) == fold(text)


@given(st.one_of(st.text(), cyrillic_any))
def test_fold_ignores_script_of_cyrillic_input(text: str) -> None:
    assert fold(to_latin(text)) == fold(text)


@given(_joined(st.sampled_from(LAT_LOWER + LAT_LOWER.upper() + CYR + " ,.;:!?-/0123456789\n")))
def test_fold_output_is_plain_lowercase_ascii_for_serbian_text(text: str) -> None:
    assert all(ch.isascii() and not ch.isupper() for ch in fold(text))


@given(
    _joined(st.sampled_from(LAT_LOWER + CYR + SAFE_PUNCT)),
    st.sampled_from(PROTECTED_TOKENS),
    _joined(st.sampled_from(LAT_LOWER + CYR + SAFE_PUNCT)),
)
def test_protected_token_survives_any_surrounding_text(before: str, token: str, after: str) -> None:
    text = f"{before} {token} {after}"
    assert token in to_cyrillic(text)
    assert token in to_latin(text)


def test_long_mixed_text_round_trips() -> None:
    # Speed is measured in benchmarks/, not here; this checks long mixed input stays correct.
    text = (
        "Centar za socijalni rad pruža uslugu pomoć u kući; njegovateljke, džeparac, "
        "injekcije. Vidi lsg.csv i https://data.gov.rs/nj. `kod` {ime} &nbsp; "
    ) * 1_000
    assert to_latin(to_cyrillic(text)) == text


# Hard words, both ways: digraph exceptions (also in capitals), all caps, foreign words
# and acronyms from the kept list, URLs, e-mail addresses, file names.
HARD_WORDS = [
    ("nadživeti", "надживети"),
    ("NADŽIVETI", "НАДЖИВЕТИ"),
    ("Nadživeti", "Надживети"),
    ("podžanr", "поджанр"),
    ("injekcija", "инјекција"),
    ("INJEKCIJA", "ИНЈЕКЦИЈА"),
    ("konjunkcija", "конјункција"),
    ("LJUBAV NJEGOŠ DŽEP", "ЉУБАВ ЊЕГОШ ЏЕП"),
    ("Ljubav Njegoš Džep", "Љубав Његош Џеп"),
    ("Caritas Šabac", "Caritas Шабац"),
    ("COVID-19 i UNICEF", "COVID-19 и UNICEF"),
    ("OpenStreetMap i Excel", "OpenStreetMap и Excel"),
    ("radna sveska (XLSX) i CSV", "радна свеска (XLSX) и CSV"),
    ("vidi https://data.gov.rs/nj/lj", "види https://data.gov.rs/nj/lj"),
    ("piši na ime.prezime@primer.rs", "пиши на ime.prezime@primer.rs"),
    ("fajl services.csv", "фајл services.csv"),
    ("kolona `service_types.code`", "колона `service_types.code`"),
]


@pytest.mark.parametrize(("latin", "cyrillic"), HARD_WORDS)
def test_hard_words_both_ways_without_invisible_characters(latin: str, cyrillic: str) -> None:
    assert to_cyrillic(latin, keep_foreign=True) == cyrillic
    back = to_latin(cyrillic)
    assert back == latin
    assert not set(back) & {ZWNJ, ZWJ, "\ufdd0"}


def test_misspelled_cyrillic_romanises_without_invisible_characters() -> None:
    # Џ inside an exception stem (a misspelling of НАДЖИВЕТИ), н+ј outside the list.
    for cyrillic, latin in (("НАЏИВЕТИ", "NADŽIVETI"), ("анја", "anja"), ("ињекција", "injekcija")):
        assert to_latin(cyrillic) == latin
