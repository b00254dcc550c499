"""Search folding: every word in three forms, so a query in any script or without
diacritics meets the page."""

from build_scripts.postbuild import language_of, word_forms


def test_word_forms_fold_scripts_and_diacritics():
    assert {"ćuprija", "cuprija", "ћуприја"} <= word_forms("Ćuprija", True)
    assert {"ћуприја", "ćuprija", "cuprija"} <= word_forms("Ћуприја", True)
    assert {"pomoć", "pomoc", "помоћ", "kući", "kuci", "кући"} <= word_forms("Pomoć u kući", True)
    assert {"đurđevdan", "djurdjevdan", "ђурђевдан"} <= word_forms("Đurđevdan", True)
    assert {"ljig", "љиг"} <= word_forms("Ljig", True)


def test_english_text_gets_no_cyrillic_noise():
    forms = word_forms("Home help", False)
    assert forms == {"home", "help"}


def test_language_of_location():
    assert language_of("sr-Cyrl/lsg/ada/") == ("sr-Cyrl", "lsg/ada/")
    assert language_of("en/") == ("en", "")
    assert language_of("lsg/ada/#x") == ("sr-Latn", "lsg/ada/#x")
