"""Import: which encoding a CSV file was saved in.

UTF-8 (with or without BOM) and UTF-16 are recognised by their bytes. A file that is not
UTF-8 was saved by a Windows program in a Latin (Windows-1250) or Cyrillic
(Windows-1251) code page; the two are told apart by the words each reading gives: a
word is plausible when it is written in one script with the letters one language of
Serbia uses (Serbian, Hungarian, Slovak, Romanian in Latin; Serbian, Rusyn in
Cyrillic). A reading with implausible words is mojibake and is never accepted; when both
readings are plausible the file is refused, showing a line in both.
"""

from __future__ import annotations

import re

from build_scripts.importer.base import ImportUnusable

_LATIN_LETTERS = {
    "Serbian": "čćšžđČĆŠŽĐ",
    "Hungarian": "áéíóöőúüűÁÉÍÓÖŐÚÜŰ",
    "Slovak": "áäčďéíĺľňóôŕšťúýžÁÄČĎÉÍĹĽŇÓÔŔŠŤÚÝŽ",
    "Romanian": "ăâîșțşţĂÂÎȘȚŞŢ",
}
_CYRILLIC_LETTERS = {
    "Serbian": "абвгдђежзијклљмнњопрстћуфхцчџшАБВГДЂЕЖЗИЈКЛЉМНЊОПРСТЋУФХЦЧЏШ",
    "Rusyn": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяАБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ",
}
_WORD = re.compile(r"[^\W\d_]+")
CANDIDATES = (("cp1250", "Windows-1250"), ("cp1251", "Windows-1251"))


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def plausible(word: str) -> bool:
    """One script, and the non-ASCII letters of one language (a Latin word of more than
    one letter also has a plain letter: 'Ŕäŕ' is Cyrillic read as Latin)."""
    if all(ch.isascii() for ch in word):
        return True
    if all(_is_cyrillic(ch) for ch in word):
        return any(all(ch in letters for ch in word) for letters in _CYRILLIC_LETTERS.values())
    if any(_is_cyrillic(ch) for ch in word):
        return False
    special = {ch for ch in word if not ch.isascii()}
    if len(word) > 1 and not any(ch.isascii() for ch in word):
        return False
    return any(special <= set(letters) for letters in _LATIN_LETTERS.values())


def _judge(text: str) -> tuple[int, int, str | None]:
    """(plausible words with letters beyond ASCII, implausible words, the first of those)."""
    good = bad = 0
    first = None
    for word in _WORD.findall(text):
        if all(ch.isascii() for ch in word):
            continue
        if plausible(word):
            good += 1
        else:
            bad += 1
            first = first or word
    return good, bad, first


def _utf8_mojibake(text: str) -> str | None:
    """A word that is UTF-8 bytes read once more as a Windows code page ('ÄŤ' for 'č'), or
    a word of Latin and Cyrillic letters mixed (a Windows-1250 file read as Windows-1251
    and saved as UTF-8: 'Цdцn' for 'Ödön')."""
    for word in _WORD.findall(text):
        cyrillic = sum(_is_cyrillic(ch) for ch in word)
        if 0 < cyrillic < len(word):
            return word
    for word in re.findall(r"[^\s;,\t\"]*[\u00c0-\u02ff\u2000-\u20ff][^\s;,\t\"]*", text):
        for codepage in ("cp1250", "cp1252"):
            try:
                again = word.encode(codepage).decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            if again != word:
                return word
    return None


def _line_with(text: str, word: str | None) -> str:
    for line in text.splitlines():
        if word and word in line:
            return line.strip()[:100]
    return next((line.strip()[:100] for line in text.splitlines() if not line.isascii()), "")


def decode(raw: bytes, display: str = "-") -> tuple[str, str]:
    """Text and the name of the encoding it was read in."""
    if raw.startswith(b"\xef\xbb\xbf"):
        text, name = raw[3:].decode("utf-8", errors="strict"), "UTF-8"
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, name = raw.decode("utf-16"), "UTF-16"
    else:
        try:
            text, name = raw.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            return _decode_codepage(raw, display)
    lost = next((i for i, line in enumerate(text.splitlines(), 1) if "\ufffd" in line), None)
    if lost is not None:
        # U+FFFD stands where a wrong-encoding save could not keep a letter: it is gone
        raise ImportUnusable(
            "csv_letters_lost", path=display, row=lost, line=text.splitlines()[lost - 1][:100]
        )
    garbled = _utf8_mojibake(text)
    if garbled:
        raise ImportUnusable(
            "csv_mojibake",
            path=display,
            encoding=name,
            word=garbled,
            line=_line_with(text, garbled),
        )
    return text, name


def _decode_codepage(raw: bytes, display: str) -> tuple[str, str]:
    readings = []
    for codec, name in CANDIDATES:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        good, bad, first = _judge(text)
        readings.append((name, text, good, bad, first))
    clean = [r for r in readings if r[3] == 0]
    if len(clean) == 1:
        return clean[0][1], clean[0][0]
    if not readings:
        raise ImportUnusable("csv_not_text", path=display)
    if not clean:
        name, text, _, _, first = min(readings, key=lambda r: r[3])
        raise ImportUnusable(
            "csv_mojibake", path=display, encoding=name, word=first, line=_line_with(text, first)
        )
    letters = [r for r in clean if r[2] > 0]
    if len(letters) <= 1:
        return (letters or clean)[0][1], (letters or clean)[0][0]
    (a, text_a, *_), (b, text_b, *_) = letters[:2]
    pairs = zip(text_a.splitlines(), text_b.splitlines(), strict=False)
    number = next(i for i, (x, y) in enumerate(pairs) if x != y)
    raise ImportUnusable(
        "csv_encoding_unsure",
        path=display,
        first=a,
        first_line=text_a.splitlines()[number].strip()[:100],
        second=b,
        second_line=text_b.splitlines()[number].strip()[:100],
        row=number + 1,
    )
