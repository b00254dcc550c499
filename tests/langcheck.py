"""Language checks over a built site: what a reader sees (text, labels, <title>, meta
description), per page language. Each check returns problems as (page, what) pairs, so
the tests can show them and a run over an older build can count them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from babel import Locale
from babel.messages.pofile import read_po

from build_scripts.i18n import BY_CODE, catalog, plural_catalog
from build_scripts.paths import LOCALES
from build_scripts.translit import to_cyrillic

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VOID |= {"track", "wbr"}
# What a reader does not read as prose: code, scripts, drawings.
SKIPPED = {"script", "style", "code", "pre", "kbd", "samp", "svg", "math", "template"}
LABEL_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")
CHROME = {"header", "footer", "nav"}


@dataclass
class Page:
    path: Path
    lang: str
    # (text, where): where is "main", "header", "footer", "nav", "title", "description",
    # "label" (an attribute a reader hears or sees) or "theme" (Material's labels)
    texts: list[tuple[str, str]] = field(default_factory=list)

    def text(self, where: set[str] | None = None) -> str:
        return "\n".join(t for t, w in self.texts if where is None or w in where)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.stack: list[tuple[str, bool, str]] = []  # (tag, skipped, region)
        self.texts: list[tuple[str, str]] = []
        self._title: list[str] | None = None
        self._config: list[str] | None = None

    def _state(self) -> tuple[bool, str]:
        return self.stack[-1][1:] if self.stack else (False, "main")

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        skipped, region = self._state()
        if tag == "html":
            self.lang = values.get("lang", "")
            return
        if tag == "meta" and values.get("name") == "description":
            self.texts.append((values.get("content") or "", "description"))
        # Text in another language, marked so (a Serbian name on an English page).
        foreign = "lang" in values and values["lang"] != self.lang
        if tag in CHROME and not skipped:
            region = tag
        if tag == "script" and values.get("id") == "__config":
            self._config = []
        if not skipped and not foreign:
            for name in LABEL_ATTRIBUTES:
                if values.get(name):
                    self.texts.append((values[name], "label" if region == "main" else region))
        if tag == "title":
            self._title = []
        if tag not in VOID:
            self.stack.append((tag, skipped or foreign or tag in SKIPPED, region))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag == "title" and self._title is not None:
            self.texts.append(("".join(self._title), "title"))
            self._title = None
        if tag == "script" and self._config is not None:
            config = json.loads("".join(self._config))
            for value in config.get("translations", {}).values():
                self.texts.append((value, "theme"))
            self._config = None
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self._title is not None:
            self._title.append(data)
            return
        if self._config is not None:
            self._config.append(data)
            return
        skipped, region = self._state()
        if not skipped and data.strip():
            self.texts.append((data, region))


def read(path: Path) -> Page:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    return Page(path, reader.lang, reader.texts)


def pages(site: Path) -> Iterator[Page]:
    for path in sorted(site.rglob("*.html")):
        if "assets" in path.parts:
            continue
        page = read(path)
        if page.lang in BY_CODE:
            yield page


# -- punctuation -------------------------------------------------------------------------

DOUBLE_PERIOD = re.compile(r"(?<!\.)\.\.(?!\.)")


def double_periods(page: Page) -> list[str]:
    text = page.text()
    return [text[max(0, m.start() - 40) : m.end() + 10] for m in DOUBLE_PERIOD.finditer(text)]


# -- script and language -------------------------------------------------------------------

# Addresses, e-mails and file names are not words of the text.
NOT_WORDS = re.compile(
    r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|[\w./-]+\.(?:csv|json|xlsx|zip|svg|jsonld|md)\b"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:org|rs|com|net|eu)\b|(?<!\w)/[\w./-]+/",
    re.I,
)
LATIN_WORD = re.compile(r"[A-Za-zČĆŠŽĐčćšžđ][A-Za-zČĆŠŽĐčćšžđ0-9'’-]*")


def latin_words(page: Page) -> list[str]:
    """Latin words on a Cyrillic page that are not kept foreign words (translit's list)."""
    if page.lang != "sr-Cyrl":
        return []
    text = NOT_WORDS.sub(" ", page.text())
    return [w for w in LATIN_WORD.findall(text) if to_cyrillic(w, keep_foreign=True) != w]


# Serbian words that an English sentence never needs (outside Serbian names).
SERBIAN_WORDS = set(
    (
        "i u od za na je su iz sa po ili nije nema koje koji okrug okruga opština opštine "
        "opštinа grad grada gradova Grad izvor Izvor čl član zakon Zakon usluga usluge "
        "podataka podatka ZSZ JLS MOS godina godini"
    ).split()
)
WORD = re.compile(r"[^\W\d_][\w'’-]*")


def serbian_words(page: Page, names: list[str]) -> list[str]:
    """Serbian words on an English page, outside Serbian proper names (`names`)."""
    if page.lang != "en":
        return []
    text = page.text()
    for name in names:  # longest first: a provider's name before the town in it
        if name in text:
            text = text.replace(name, " ")
    return [w for w in WORD.findall(text) if w in SERBIAN_WORDS]


# -- chrome --------------------------------------------------------------------------------

ENGLISH_CHROME = re.compile(
    r"\b(?:Made with|clipboard|Skip to content|Search|Share|Back to top|Previous|Next|"
    r"Table of contents|Header|Footer|Navigation|Select language|Copy|Copied)\b"
)


def chrome_problems(page: Page) -> list[str]:
    """Header, footer, labels, <title>, meta description and Material's labels: in the
    page's language, with the footer saying who publishes, the licence and where to report."""
    chrome = page.text(CHROME | {"label", "title", "description", "theme"})
    problems = []
    if "Made with" in page.text():
        problems.append("'Made with Material for MkDocs' in the footer")
    if page.lang != "en":
        problems += [f"English in the chrome: {m}" for m in ENGLISH_CHROME.findall(chrome)]
    messages = catalog(page.lang)
    footer = page.text({"footer"})
    if not any(where == "footer" for _, where in page.texts):
        return problems  # the root 404 page: three languages, a redirect, no theme chrome
    for key in ("footer.publisher", "footer.licence", "footer.report"):
        opening = re.split(r"\{", messages[key], maxsplit=1)[0].strip()
        if opening and opening not in footer:
            problems.append(f"footer lacks {key}: {opening!r}")
    return problems


# -- number agreement ----------------------------------------------------------------------

NUMBER = r"(\d{1,3}(?:[.,]\d{3})*)"


@dataclass(frozen=True)
class PluralMessage:
    key: str
    counted: str  # the placeholder whose number chooses the form
    forms: tuple[str, ...]


def plural_messages(code: str) -> list[PluralMessage]:
    """Every plural message of a language, with the placeholder that is counted (the
    catalog's extracted comment "n: <placeholder>")."""
    source = "sr-Latn" if code == "sr-Cyrl" else code
    with (LOCALES / "po" / f"{source}.po").open("rb") as fp:
        po = read_po(fp)
    counted = {}
    for message in po:
        for comment in message.auto_comments:
            if comment.startswith("n: "):
                counted[message.context] = comment[3:].strip()
    _, forms = plural_catalog(code)
    return [PluralMessage(key, counted[key], texts) for key, texts in forms.items()]


def form_pattern(form: str, counted: str) -> re.Pattern[str]:
    """A regex matching a rendered form: the counted number captured, other values any."""
    out, pos = [], 0
    for m in re.finditer(r"\{(\w+)\}", form):
        out.append(re.escape(form[pos : m.start()]))
        out.append(NUMBER if m.group(1) == counted else r"(?:[^\n]*?)")
        pos = m.end()
    out.append(re.escape(form[pos:].rstrip(".")))
    return re.compile("".join(out).replace("\\ ", "[ \u00a0]"))


def disagreements(page: Page, messages: list[PluralMessage]) -> list[str]:
    """Sentences of a plural message whose noun form is not the one CLDR's plural rule
    chooses for their number ("u 24 opština" where 24 is "few": "u 24 opštine")."""
    if not messages:
        return []
    locale = Locale.parse(BY_CODE[page.lang].babel)
    rule, _ = plural_catalog(page.lang)
    text = page.text()
    found = []
    for message in messages:
        for form in dict.fromkeys(message.forms):
            for m in form_pattern(form, message.counted).finditer(text):
                n = int(re.sub(r"[.,]", "", m.group(1)))
                expected = message.forms[rule(n)]
                if form != expected:
                    found.append(
                        f"{message.key}: {m.group(0)!r} ({n} is {locale.plural_form(n)!r})"
                    )
    return found


# -- abbreviations -----------------------------------------------------------------------


class _AbbreviationReader(HTMLParser):
    """Words of the page's main text (not the header, navigation or footer, which repeat
    titles), each with whether it stands in an <abbr title>."""

    def __init__(self, words: re.Pattern[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.words = words
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, skipped, explained)
        self.found: list[tuple[str, bool]] = []
        self.body = False

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.body = True
        if tag in VOID or not self.body:
            return
        skipped, explained = self.stack[-1][1:] if self.stack else (False, False)
        skipped = skipped or tag in SKIPPED or tag in CHROME
        explained = explained or (tag == "abbr" and bool(dict(attrs).get("title")))
        self.stack.append((tag, skipped, explained))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        skipped, explained = self.stack[-1][1:] if self.stack else (True, False)
        if self.body and not skipped:
            self.found += [(m.group(0), explained) for m in self.words.finditer(data)]


def unexplained_abbreviations(path: Path, abbreviations: dict[str, str]) -> list[str]:
    """Abbreviations the catalog explains (`abbr.*`) whose first use in the page's main
    text is not in an <abbr title> (a reader who met it explained reads it plain after)."""
    words = re.compile(r"\b(?:" + "|".join(map(re.escape, abbreviations)) + r")\b")
    reader = _AbbreviationReader(words)
    reader.feed(path.read_text(encoding="utf-8"))
    first: dict[str, bool] = {}
    for word, explained in reader.found:
        first.setdefault(word, explained)
    return [word for word, explained in first.items() if not explained]
