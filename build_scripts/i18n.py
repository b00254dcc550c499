"""Languages, message catalogs and locale formatting (Babel).

Serbian text is written once, in Latin script; the Cyrillic catalog and Cyrillic
renderings of Serbian data text are derived with `translit.to_cyrillic`. Official
names that the data gives in both scripts (LSGs, districts, regions) are taken from
the data and never transliterated.

Two kinds of message (decision 0028): plain ones in `locales/**/<lang>.json`, and
messages that put a number before a noun in gettext catalogs, `locales/po/<lang>.po`,
one entry per message key (`msgctxt`) with a form per CLDR plural category, read with
Babel's `read_po` (no compiled .mo files). `Translator.tn` picks the form by the
catalog's plural rule, which must be the one Babel derives from CLDR for the language.
"""

from __future__ import annotations

import datetime as dt
import gettext
import json
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from babel.dates import format_date
from babel.lists import format_list
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from build_scripts.paths import LOCALES
from build_scripts.translit import to_cyrillic


@dataclass(frozen=True, kw_only=True)
class Language:
    """One language of the site. `LANGUAGES` is the only declaration: mkdocs.yml's i18n
    plugin and the theme overrides are checked against it (tests/test_languages.py)."""

    code: str  # BCP 47, also <html lang> and the i18n plugin's locale
    babel: str  # Babel locale
    name: str  # the language's own name, as the language selector shows it
    suffix: str  # Markdown file suffix ('' for the default language)
    prefix: str  # URL prefix of the language tree ('' for the default language)
    serbian: bool
    cyrillic: bool


# The default language (no suffix, no prefix) first; the order is the i18n plugin's build order.
LANGUAGES = (
    Language(
        code="sr-Latn",
        babel="sr_Latn",
        name="Srpski (latinica)",
        suffix="",
        prefix="",
        serbian=True,
        cyrillic=False,
    ),
    Language(
        code="sr-Cyrl",
        babel="sr_Cyrl",
        name="Српски (ћирилица)",
        suffix=".sr-Cyrl",
        prefix="sr-Cyrl/",
        serbian=True,
        cyrillic=True,
    ),
    Language(
        code="en",
        babel="en",
        name="English",
        suffix=".en",
        prefix="en/",
        serbian=False,
        cyrillic=False,
    ),
)
BY_CODE = {lang.code: lang for lang in LANGUAGES}


@cache
def catalog(code: str) -> dict[str, str]:
    if code == "sr-Cyrl":
        return {
            key: to_cyrillic(value, keep_foreign=True) for key, value in catalog("sr-Latn").items()
        }
    # One catalog per language, split by area: locales/<lang>.json and locales/*/<lang>.json.
    data: dict[str, str] = {}
    for path in sorted(LOCALES.glob(f"**/{code}.json")):
        part = json.loads(path.read_text(encoding="utf-8"))
        part.pop("_comment", None)
        clash = data.keys() & part.keys()
        if clash:
            raise ValueError(f"{path}: keys already defined elsewhere: {sorted(clash)}")
        data.update(part)
    return data


@cache
def plural_catalog(code: str) -> tuple[Callable[[int], int], dict[str, tuple[str, ...]]]:
    """The plural messages of one language: (form index of n, key -> forms)."""
    if code == "sr-Cyrl":
        latin_rule, latin_forms = plural_catalog("sr-Latn")
        return latin_rule, {
            key: tuple(to_cyrillic(f, keep_foreign=True) for f in texts)
            for key, texts in latin_forms.items()
        }
    lang = BY_CODE[code]
    path = LOCALES / "po" / f"{code}.po"
    cldr = get_plural(lang.babel)
    if not path.exists():  # every plural message is then reported missing when used
        return gettext.c2py(cldr.plural_expr), {}
    with path.open("rb") as fp:
        po = read_po(fp, locale=lang.babel)
    if (po.num_plurals, po.plural_expr) != (cldr.num_plurals, cldr.plural_expr):
        raise ValueError(
            f"{path}: Plural-Forms is 'nplurals={po.num_plurals}; plural={po.plural_expr};', "
            f"expected CLDR's rule for {lang.babel}: '{cldr.plural_forms}'"
        )
    forms: dict[str, tuple[str, ...]] = {}
    for message in po:
        if not message.id:
            continue  # the header
        where = f"{path}:{message.lineno}"
        if not message.context:
            raise ValueError(f"{where}: msgctxt missing (it holds the message key)")
        texts = message.string if isinstance(message.string, tuple) else ()
        if len(texts) != po.num_plurals or not all(texts):
            raise ValueError(
                f"{where}: {message.context!r} needs {po.num_plurals} msgstr[n] forms, "
                f"one per plural category, none empty"
            )
        if message.context in forms:
            raise ValueError(f"{where}: {message.context!r} defined twice")
        forms[message.context] = texts
    return gettext.c2py(po.plural_expr), forms


class _SentenceFormatter(string.Formatter):
    """str.format, but a value that ends a sentence with an abbreviation ("din.") takes
    the sentence's full stop: "medijana: {median}." gives "2.579 din.", not "din..";
    the same for "?" and "!" after a value that ends in ".", and for "…"."""

    def vformat(self, format_string: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> str:
        out: list[str] = []
        value = ""  # the value just written, when nothing came after it yet
        for literal, field, spec, conversion in self.parse(format_string):
            if literal.startswith(".") and value.endswith((".", "…")):
                literal = literal[1:]
            out.append(literal)
            value = ""
            if field is not None:
                found, _ = self.get_field(field, args, kwargs)
                value = self.format_field(self.convert_field(found, conversion), spec or "")
                out.append(value)
        return "".join(out)


_FORMATTER = _SentenceFormatter()


def fill(text: str, **params: object) -> str:
    """A message with its placeholders filled (see `_SentenceFormatter`)."""
    return _FORMATTER.format(text, **params) if params else text


class Translator:
    """Everything a template needs to speak one language."""

    def __init__(self, lang: Language):
        self.lang = lang
        self.messages = catalog(lang.code)
        self._plural_rule, self.plurals = plural_catalog(lang.code)
        self._abbreviations: dict[str, str] | None = None
        self._numbers: dict[tuple[float | int, int], str] = {}  # pages repeat many values

    def t(self, key: str, **params: object) -> str:
        try:
            text = self.messages[key]
        except KeyError:
            raise KeyError(f"message {key!r} missing from the {self.lang.code} catalog") from None
        return fill(text, **params)

    def tn(self, key: str, n: int, /, **params: object) -> str:
        """A message with a number before a noun: the form for `n` by the CLDR plural rule
        of this language ("1 opština", "24 opštine", "25 opština")."""
        try:
            forms = self.plurals[key]
        except KeyError:
            raise KeyError(
                f"plural message {key!r} missing from the {self.lang.code} catalog"
            ) from None
        if isinstance(n, bool) or int(n) != n:
            raise TypeError(f"{key}: plural forms are chosen by a whole number, got {n!r}")
        return fill(forms[self._plural_rule(int(n))], **params)

    def abbreviations(self) -> dict[str, str]:
        """Abbreviations this language's pages use and what they stand for, from the
        catalog's `abbr.*` messages ("JLS — jedinica lokalne samouprave")."""
        if self._abbreviations is None:
            pairs = (
                value.split(" — ", 1)
                for key, value in self.messages.items()
                if key.startswith("abbr.")
            )
            self._abbreviations = {short: long for short, long in pairs}
        return self._abbreviations

    def join(self, items: Iterable[str]) -> str:
        """Items as one list in this language: "a, b i c", "a, b, and c"; "" for none."""
        items = list(items)
        return format_list(items, locale=self.lang.babel) if items else ""

    def html(
        self, key: str, code: Iterable[str] = (), english: Iterable[str] = (), **params: object
    ) -> Markup:
        """The message as HTML, its text escaped. Placeholders named in `code` (a command,
        literal values) are filled as <code>, those in `english` (the name of a standard)
        as English text: no script or language of the page applies to either."""
        wrap = {name: "<code>{}</code>" for name in code}
        wrap |= {name: '<span lang="en">{}</span>' for name in english}
        marks = {name: f"\x00{i}\x00" for i, name in enumerate(wrap)}
        text = str(escape(self.t(key, **(params | marks))))
        for name, mark in marks.items():
            text = text.replace(mark, wrap[name].format(escape(params[name])))
        return Markup(text)

    def sr(self, latin: str) -> str:
        """Serbian data text written in Latin, in this language's script."""
        return to_cyrillic(latin, keep_foreign=True) if self.lang.cyrillic else latin

    def pick(self, row: dict, stem: str) -> str:
        """Bilingual data text: `{stem}_sr` (Latin) or `{stem}_en`."""
        return self.sr(row[f"{stem}_sr"]) if self.lang.serbian else row[f"{stem}_en"]

    def name(
        self, row: dict, lat: str = "name_lat", cyr: str = "name_cyr", en: str = "name_en"
    ) -> str:
        """Official name from the data in this language's script."""
        if self.lang.cyrillic:
            return row[cyr]
        return row[lat] if self.lang.serbian else row[en]

    def number(self, value: float | int | None, decimals: int = 0) -> str:
        if value is None or value != value:  # None or NaN
            return self.t("not_available")
        key = (value, decimals)
        text = self._numbers.get(key)
        if text is None:
            pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
            text = format_decimal(value, format=pattern, locale=self.lang.babel)
            self._numbers[key] = text
        return text

    def date(self, value: dt.date) -> str:
        return format_date(value, format="long", locale=self.lang.babel)

    def value(self, value: float | None, unit: str, decimals: int) -> str:
        """An indicator value with its unit: '12,5 %', '1.234 din.', '8,1 na 1.000'."""
        if value is None or value != value:
            return self.t("not_available")
        number = self.number(value, decimals)
        if unit == "count":
            return number
        return f"{number}\u00a0{self.t('unit.' + unit)}"
