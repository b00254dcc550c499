"""Languages, message catalogs and locale formatting (Babel).

Serbian text is written once, in Latin script; the Cyrillic catalog and Cyrillic
renderings of Serbian data text are derived with `translit.to_cyrillic`. Official
names that the data gives in both scripts (LSGs, districts, regions) are taken from
the data and never transliterated.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from .paths import LOCALES
from .translit import to_cyrillic


@dataclass(frozen=True)
class Language:
    code: str  # BCP 47, also <html lang> and the i18n plugin's locale
    babel: str  # Babel locale
    suffix: str  # Markdown file suffix ('' for the default language)
    prefix: str  # URL prefix of the language tree ('' for the default language)
    serbian: bool
    cyrillic: bool


LANGUAGES = (
    Language("sr-Latn", "sr_Latn", "", "", True, False),
    Language("sr-Cyrl", "sr_Cyrl", ".sr-Cyrl", "sr-Cyrl/", True, True),
    Language("en", "en", ".en", "en/", False, False),
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


class Translator:
    """Everything a template needs to speak one language."""

    def __init__(self, lang: Language):
        self.lang = lang
        self.messages = catalog(lang.code)
        self._numbers: dict[tuple[float | int, int], str] = {}  # pages repeat many values

    def t(self, key: str, **params: object) -> str:
        try:
            text = self.messages[key]
        except KeyError:
            raise KeyError(f"message {key!r} missing from the {self.lang.code} catalog") from None
        return text.format(**params) if params else text

    def plural(self, key: str, count: float | int, **params: object) -> str:
        """The message `key.one`, `key.few` or `key.other`, as the language's CLDR plural
        rule (Babel) says for `count`: 1 usluga, 2 usluge, 5 usluga; 1 service, 2 services.
        `count` is passed to the message formatted for the locale."""
        form = Locale.parse(self.lang.babel).plural_form(count)
        return self.t(f"{key}.{form}", count=self.number(count), **params)

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
