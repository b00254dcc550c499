"""Serbian Latin <-> Cyrillic transliteration for site text.

The letter tables come from ``cyrtranslit``; this module adds what that library lacks:

* digraph case (``LJUBAV`` <-> ``ЉУБАВ``, ``Ljubav`` <-> ``Љубав``);
* words where ``lj``/``nj``/``dž`` are two letters across a morpheme boundary
  (``nadživeti`` -> ``надживети``, ``injekcija`` -> ``инјекција``), see ``_EXCEPTION_STEMS``;
* protected spans that are never transliterated (URLs, e-mails, file names, code, HTML
  tags, Markdown link targets, placeholders, entities), see ``_PROTECTED_RE``;
* speed: translation tables and regexes compiled once, no per-character Python loop.

Disambiguation marks (the convention of cirilizator and Unicode's own meaning of the
characters): in Latin text U+200C ZERO WIDTH NON-JOINER between ``n``/``l``/``d`` and
``j``/``ž`` forces two Cyrillic letters, U+200D ZERO WIDTH JOINER forces the digraph
letter. ``to_cyrillic`` honours and drops them; ``to_latin`` emits one only where the
exception list would read the pair wrongly (a split pair outside the list, ``анја`` ->
``an\u200cja``, or a digraph letter inside a listed stem, ``ињекција`` ->
``in\u200djekcija``), so correctly spelled text gets none. "Marks" below means U+200C,
U+200D and the internal noncharacter U+FDD0.

Round-trip guarantee. For every string ``c`` that is already Cyrillic as far as
``to_cyrillic`` is concerned (``to_cyrillic(c) == c``: no Serbian Latin letters outside
protected spans) and contains no marks::

    to_cyrillic(to_latin(c, marks=True)) == c

provided romanising does not create a protected span, i.e.
``_protected_spans(to_latin(c)) == _protected_spans(c)``. That proviso always holds when
``c`` has none of the characters ``. : / @ < > { } % & [ ] ` ~`` (then no protected span
can form at all). It can fail otherwise because two requirements collide:
``фајл.цсв`` must become ``fajl.csv``, and ``fajl.csv`` is a file name that
``to_cyrillic`` must leave alone.

The Latin direction is lossy only in case: for ``s`` with no Serbian Cyrillic letters,
marks or Latin ligature letters (``ǉ``), ``to_latin(to_cyrillic(s)).lower() == s.lower()``,
and ``== s`` when ``s`` has no uppercase letters (``LJ``/``Lj``/``lJ`` all become ``Љ``).

``fold`` ignores protected spans; ``fold(to_cyrillic(s)) == fold(s)``,
``fold(to_latin(s)) == fold(s)`` and ``fold(fold(s)) == fold(s)`` for any string.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from cyrtranslit.mapping.sr import SR_CYR_TO_LAT_DICT, SR_LAT_TO_CYR_DICT

from build_scripts.paths import LOCALES

__all__ = ["fold", "to_cyrillic", "to_latin"]

SPLIT = "\u200c"  # ZERO WIDTH NON-JOINER: two letters
JOIN = "\u200d"  # ZERO WIDTH JOINER: one digraph letter
_FROM_DIGRAPH = "\ufdd0"  # noncharacter, internal only: "this pair came from љ/њ/џ"
_MARKS = SPLIT + JOIN + _FROM_DIGRAPH
_MARK = f"[{_MARKS}]"
_NO_MARKS = str.maketrans(dict.fromkeys(_MARKS))

# Latin letter pairs that are ambiguous: first letter -> second letter.
_PAIRS = {"l": "j", "n": "j", "d": "ž"}

# Word-initial stems (lowercase Latin) in which the named pair is two letters, not a
# digraph. Taken from the exception list of cirilizator (github.com/turanjanin/
# cirilizator, also used by py2srbcyr); additions marked "+". The split is the first
# occurrence of the pair in the stem. No lj exceptions are known in standard Serbian.
# Note: Tanjug is an acronym (TA-Nova-JUGoslavija) and is spelled Танјуг.
_EXCEPTION_STEMS: dict[str, list[str]] = {
    "dž": (
        "feldžandarm nadžanj nadždrel nadžel nadžeo nadžet nadživ nadžinj nadžnj nadžrec "
        "nadžup odžali odžari odžel odžive odživljava odžubor odžvaka odžval odžvać "
        "podžanr podžel podže podžig podžiz podžil podžnje podžupan predželu predživot "
        "predžetv"  # + (predžetveni)
    ).split(),
    "nj": (
        "anjon injaric injekc injekt injicira injurij kenjon konjug konjunk nekonjug "
        "nekonjunk ssrnj tanjug vanjezičk "
        "vanjevrop vanjugoslov"  # + (vanjevropski, vanjugoslovenski)
    ).split(),
    "lj": [],
}
_SPLIT_AT = {
    stem: stem.index(pair) + 1 for pair, stems in _EXCEPTION_STEMS.items() for stem in stems
}
EXCEPTION_COUNT = len(_SPLIT_AT)


def _stem_trie_regex(stems: list[str]) -> str:
    """Trie-shaped regex for word-initial ``stems``; a mark may sit inside any pair."""
    trie: dict = {}
    for stem in stems:
        assert stem[0] not in "jž", stem  # a mark must never precede a stem
        node = trie
        for ch in stem:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict, prev: str) -> str:
        if "" in node:  # a shorter stem already decides the split
            return ""
        alternatives = []
        for ch, child in sorted(node.items()):
            mark = _MARK + "?" if _PAIRS.get(prev) == ch else ""
            letter = f"[{ch}{ch.upper()}]" if ch != ch.upper() else re.escape(ch)
            alternatives.append(mark + letter + emit(child, ch))
        return alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"

    return r"\b" + emit(trie, "")


_EXCEPTION_RE = re.compile(_stem_trie_regex(list(_SPLIT_AT)))


def _split_offset(match: re.Match[str]) -> int:
    """Offset, within an exception match, of the split point (before any mark there)."""
    text = match.group()
    letters, split = 0, _SPLIT_AT[text.translate(_NO_MARKS).lower()]
    for offset, ch in enumerate(text):
        letters += ch not in _MARKS
        if letters == split:
            return offset + 1
    raise AssertionError(match)  # unreachable: every stem continues after its split


# --- Latin -> Cyrillic tables -------------------------------------------------------
_LAT_SINGLE = {k: v for k, v in SR_LAT_TO_CYR_DICT.items() if len(k) == 1}
_LIGATURES = {"Ǆ": "Џ", "ǅ": "Џ", "ǆ": "џ", "Ǉ": "Љ", "ǈ": "Љ", "ǉ": "љ"}
_LIGATURES |= {"Ǌ": "Њ", "ǋ": "Њ", "ǌ": "њ"}
_LAT_TABLE = str.maketrans(_LAT_SINGLE | _LIGATURES)
_LAT_DIGRAPHS: dict[str, str] = {}
for _lat, _cyr in SR_LAT_TO_CYR_DICT.items():
    if len(_lat) != 2:
        continue
    for _a in {_lat[0].lower(), _lat[0].upper()}:
        for _b in {_lat[1].lower(), _lat[1].upper()}:
            _letter = _cyr.upper() if _a.isupper() else _cyr.lower()
            _LAT_DIGRAPHS[_a + _b] = _LAT_DIGRAPHS[_a + JOIN + _b] = _letter
            _LAT_DIGRAPHS[_a + SPLIT + _b] = _LAT_SINGLE[_a] + _LAT_SINGLE[_b]
_LAT_DIGRAPH_RE = re.compile(
    "|".join(f"[{a}{a.upper()}][{SPLIT}{JOIN}]?[{b}{b.upper()}]" for a, b in sorted(_PAIRS.items()))
)

# --- Cyrillic -> Latin tables -------------------------------------------------------
_CYR_DIGRAPH_LETTERS = {k: v for k, v in SR_CYR_TO_LAT_DICT.items() if len(v) == 2}
_CYR_TABLE = str.maketrans(
    {k: v[0] + _FROM_DIGRAPH + v[1] if len(v) == 2 else v for k, v in SR_CYR_TO_LAT_DICT.items()}
)
_CYR_UPPER_DIGRAPH_RE = re.compile(
    "[" + "".join(k for k in _CYR_DIGRAPH_LETTERS if k.isupper()) + "]"
)
# Cyrillic letter pairs that romanise to an ambiguous pair (л+ј, н+ј, д+ж).
_CYR_PAIR_RE = re.compile("([лнЛН])([јЈ])|([дД])([жЖ])")
_CYR_PAIR_SUB = rf"\1\3{SPLIT}\2\4"

# --- protected spans ----------------------------------------------------------------
_FILE_EXTENSIONS = (
    "csv tsv json geojson topojson jsonl yaml yml toml xml xls xlsx ods odt odp doc docx "
    "ppt pptx pdf txt md markdown html htm css js mjs py ipynb zip gz tgz bz2 xz 7z tar "
    "png jpg jpeg gif svg webp ico parquet sqlite rst ini cfg"
).split()
FOREIGN_WORDS_FILE = LOCALES / "foreign_words.txt"


def _read_foreign_words() -> list[str]:
    lines = FOREIGN_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return [w for line in lines if (w := line.strip()) and not w.startswith("#")]


FOREIGN_WORDS = _read_foreign_words()
# Foreign words, kept Latin in prose when asked (`keep_foreign=True`): names with letters
# Serbian does not have (Excel, Python, XLSX), CamelCase names (OpenStreetMap, GitHub, ODbL)
# and the project's one list of acronyms and names without either (FOREIGN_WORDS_FILE).
# Not part of the default, whose round trip Cyrillic -> Latin -> Cyrillic is exact.
_FOREIGN_RE = re.compile(
    r"\b[A-Za-z]*[QWXYqwxy][A-Za-z]*\b"
    r"|\b[A-Za-z]*[a-z][A-Z][A-Za-z]*\b"
    rf"|\b(?:{'|'.join(map(re.escape, sorted(FOREIGN_WORDS, key=len, reverse=True)))})\b"
)
# Every branch starts with a literal, so the regex engine skips other positions fast. The
# last two branches only find the anchor ("@" of an e-mail, ".ext" of a file name); the
# name before it, if any, is added by _protected_bounds (a bare ".csv" is protected too).
_PROTECTED_RE = re.compile(
    "|".join(
        (
            r"```[\s\S]*?(?:```|\Z)",  # fenced code block
            r"~~~[\s\S]*?(?:~~~|\Z)",
            r"``(?:[^`]|`(?!`))+``",  # inline code
            r"`[^`\n]+`",
            r"<!--[\s\S]*?(?:-->|\Z)",  # HTML comment
            r"<(?i:(script|style|pre|code))\b[^>]*>[\s\S]*?</(?i:\1)\s*>",  # raw blocks
            r"</?[A-Za-z][^<>]*>",  # HTML tag with its attributes, autolink
            r"\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)",  # Markdown link target
            r"\{\{[\s\S]*?\}\}",  # Jinja expression
            r"\{%[\s\S]*?%\}",  # Jinja statement
            r"\{#[\s\S]*?#\}",  # Jinja comment
            r"\{[^{}\n]*\}",  # str.format placeholder, Markdown attribute list
            r"%\([^()\s]+\)[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[a-zA-Z%]",  # printf placeholder
            r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});",  # entity
            *(rf"{scheme}[^\s<>\"'`]+" for scheme in (r"https?://", "ftp://", r"www\.", "mailto:")),
            r"@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}",  # e-mail domain
            rf"\.(?i:{'|'.join(_FILE_EXTENSIONS)})\b",  # file extension
        )
    )
)
_EMAIL_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")


def _protected_bounds(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of every protected span of ``text``, in order."""
    bounds: list[tuple[int, int]] = []
    floor = 0
    for match in _PROTECTED_RE.finditer(text):
        start, end = match.span()
        anchor = text[start]
        if anchor in "@.":  # extend back over the local part / the file name
            while start > floor and (
                text[start - 1] in _EMAIL_LOCAL
                if anchor == "@"
                else text[start - 1].isalnum() or text[start - 1] in "_/.-"
            ):
                start -= 1
        bounds.append((start, end))
        floor = end
    return bounds


def _protected_spans(text: str) -> list[str]:
    """Return the protected substrings of ``text``, in order."""
    return [text[start:end] for start, end in _protected_bounds(text)]


def _outside_protected(text: str, convert: Callable[[str], str]) -> str:
    """Apply ``convert`` to every stretch of ``text`` outside protected spans."""
    out = []
    pos = 0
    for start, end in _protected_bounds(text):
        if start > pos:
            out.append(convert(text[pos:start]))
        out.append(text[start:end])
        pos = end
    if pos < len(text):
        out.append(convert(text[pos:]))
    return "".join(out)


# --- Latin -> Cyrillic --------------------------------------------------------------
def _mark_exception_split(match: re.Match[str]) -> str:
    # An explicit mark wins; an unmarked pair at an exception split becomes two letters.
    text, cut = match.group(), _split_offset(match)
    return text if text[cut] in _MARKS else text[:cut] + SPLIT + text[cut:]


def _latin_segment_to_cyrillic(text: str) -> str:
    text = _EXCEPTION_RE.sub(_mark_exception_split, text)
    text = _LAT_DIGRAPH_RE.sub(lambda m: _LAT_DIGRAPHS[m.group()], text)
    return text.translate(_LAT_TABLE)


def to_cyrillic(text: str, keep_foreign: bool = False) -> str:
    """Transliterate Serbian Latin ``text`` to Serbian Cyrillic.

    Protected spans (URLs, e-mail addresses, file names, code, HTML tags, Markdown link
    targets, placeholders, entities) and characters without a Serbian Cyrillic
    counterpart (q, w, x, y, other scripts) are kept as they are. With ``keep_foreign``,
    foreign words (OpenStreetMap, Excel, CSV, …) are kept whole too: for prose.
    """
    if not keep_foreign:
        return _outside_protected(text, _latin_segment_to_cyrillic)

    def convert(segment: str) -> str:
        out, pos = [], 0
        for match in _FOREIGN_RE.finditer(segment):
            out.append(_latin_segment_to_cyrillic(segment[pos : match.start()]))
            out.append(match.group(0))
            pos = match.end()
        out.append(_latin_segment_to_cyrillic(segment[pos:]))
        return "".join(out)

    return _outside_protected(text, convert)


# --- Cyrillic -> Latin --------------------------------------------------------------
def _upper_digraph_to_latin(match: re.Match[str]) -> str:
    """Љ -> LJ inside an all-caps word, Lj otherwise (title case, single letter)."""
    text, pos = match.string, match.start()
    latin = _CYR_DIGRAPH_LETTERS[match.group()]
    nxt = text[pos + 1 : pos + 2]
    prev = text[pos - 1 : pos] if pos else ""
    all_caps = nxt.isupper() if nxt.isalpha() else prev.isalpha() and prev.isupper()
    return latin[0] + _FROM_DIGRAPH + (latin[1].upper() if all_caps else latin[1])


def _settle_exception_mark(match: re.Match[str]) -> str:
    # At an exception split the reader assumes two letters: drop SPLIT, but a pair that
    # came from љ/њ/џ needs an explicit JOIN.
    text, cut = match.group(), _split_offset(match)
    mark = {SPLIT: "", _FROM_DIGRAPH: JOIN}.get(text[cut], text[cut])
    return text[:cut] + mark + text[cut + 1 :]


def _cyrillic_segment_to_latin(text: str) -> str:
    text = _CYR_UPPER_DIGRAPH_RE.sub(_upper_digraph_to_latin, text)
    text = _CYR_PAIR_RE.sub(_CYR_PAIR_SUB, text).translate(_CYR_TABLE)
    if _FROM_DIGRAPH in text or SPLIT in text:
        text = _EXCEPTION_RE.sub(_settle_exception_mark, text).replace(_FROM_DIGRAPH, "")
    return text


def to_latin(text: str, marks: bool = False) -> str:
    """Transliterate Serbian Cyrillic ``text`` to Serbian Latin.

    Digraph letters follow the case of their word: ``ЉУБАВ`` -> ``LJUBAV``, ``Љубав`` ->
    ``Ljubav``. Protected spans are kept as they are (see :func:`to_cyrillic`).

    Text for readers carries no invisible characters: ``НАЏИВЕТИ`` -> ``NADŽIVETI``. With
    ``marks``, a pair the exception list would read wrongly gets its disambiguation mark
    (``анја`` -> ``an\u200cja``), the form the round-trip guarantee above is about.
    """
    if marks:
        return _outside_protected(text, _cyrillic_segment_to_latin)
    return _outside_protected(text, lambda s: _cyrillic_segment_to_latin(s).translate(_NO_MARKS))


# --- search folding -----------------------------------------------------------------
_FOLD_SCRIPT = str.maketrans(SR_CYR_TO_LAT_DICT)
_FOLD_MARKS = str.maketrans(
    {"č": "c", "ć": "c", "š": "s", "ž": "z", "đ": "dj", "ǆ": "dz", "ǉ": "lj", "ǌ": "nj"}
    | dict.fromkeys(_MARKS)
)


def fold(text: str) -> str:
    """Fold ``text`` for search: romanise, casefold, strip Serbian diacritics.

    ``fold("Ћуприја") == fold("Ćuprija") == "cuprija"``, ``fold("Đurđevo") == "djurdjevo"``.
    Unlike :func:`to_latin`, protected spans are folded too.
    """
    return text.translate(_FOLD_SCRIPT).casefold().translate(_FOLD_MARKS)


# -- search: every form a reader may type -----------------------------------------------

WORD = re.compile(r"[^\W_]+", re.UNICODE)
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def word_forms(text: str) -> list[str]:
    """Every word of `text` in lower case, as written, in Latin, in Cyrillic and folded to
    ASCII (đ as dj and as d), without repeats, in a fixed order."""
    forms: dict[str, None] = {}
    for word in WORD.findall(text):
        lower = word.lower()
        latin = to_latin(lower) if CYRILLIC.search(lower) else lower
        for form in (lower, latin, to_cyrillic(latin), fold(latin), fold(latin.replace("đ", "d"))):
            forms.setdefault(form, None)
    return list(forms)


def names_field(names: list[str]) -> str:
    """The `names` meta field of a page known by `names` (in any language and script)."""
    forms: dict[str, None] = {}
    for name in names:
        for form in word_forms(name):
            forms.setdefault(form, None)
    return " ".join(forms)
