"""Data text made safe for a page: Markdown and HTML escaping, abbreviations, code spans,
Serbian names, front matter. Text from data always passes through one of these."""

from __future__ import annotations

import html
import json
import re

from markupsafe import Markup

from build_scripts.i18n import Translator

MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!])")
CODE_SPAN = re.compile(r"`([^`]+)`")


def md(text: object) -> Markup:
    """Data text for a Markdown context: HTML-escaped, Markdown punctuation escaped."""
    return Markup(MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(str(text), quote=True)))


def abbreviations(tr: Translator, text: object) -> Markup:
    """Text HTML-escaped, with every abbreviation the catalog explains (`abbr.*`:
    "JLS — jedinica lokalne samouprave") in an <abbr title>."""
    found = tr.abbreviations()
    escaped = html.escape(str(text), quote=True)
    if not found:
        return Markup(escaped)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, found)) + r")\b")
    return Markup(
        pattern.sub(
            lambda m: f'<abbr title="{html.escape(found[m.group(1)])}">{m.group(1)}</abbr>',
            escaped,
        )
    )


TAG_OR_CODE = re.compile(r"(<[^>]*>|`[^`\n]*`)")
UNREAD = {"code", "pre", "script", "style", "abbr", "svg"}  # text no <abbr> goes into


def explain_first_uses(tr: Translator, page: str) -> str:
    """A written page with the first use of each abbreviation the catalog explains in an
    <abbr title>, wherever it falls (a heading, a table, a chart's text), unless it already
    is in one; later uses stay plain, as a reader has met it explained. The front matter,
    tags and their attributes, code and Markdown code spans are left as they are."""
    found = tr.abbreviations()
    if not found:
        return page
    head, body = "", page
    if page.startswith("---\n") and "\n---\n" in page[4:]:
        end = page.index("\n---\n", 4) + 5
        head, body = page[:end], page[end:]
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, found)) + r")\b")
    seen: set[str] = set()
    open_tags: list[str] = []
    out = []
    for part in TAG_OR_CODE.split(body):
        if part.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9-]+)", part)
            if name and name.group(1).lower() in UNREAD:
                if part.startswith("</"):
                    if name.group(1).lower() in open_tags:
                        open_tags.remove(name.group(1).lower())
                elif not part.endswith("/>"):
                    open_tags.append(name.group(1).lower())
            out.append(part)
        elif part.startswith("`") or any(tag != "abbr" for tag in open_tags):
            out.append(part)
        elif "abbr" in open_tags:
            seen.update(pattern.findall(part))
            out.append(part)
        else:

            def first(match: re.Match[str]) -> str:
                word = match.group(1)
                if word in seen:
                    return word
                seen.add(word)
                return f'<abbr title="{html.escape(found[word])}">{word}</abbr>'

            out.append(pattern.sub(first, part))
    return head + "".join(out)


def code_spans(text: object) -> Markup:
    """Data text HTML-escaped, its `code` spans (column names, code values, names kept
    as written) as <code>: the spans transliteration leaves alone."""
    return Markup(CODE_SPAN.sub(r"<code>\1</code>", html.escape(str(text), quote=True)))


def serbian_name(tr: Translator, name: str | None) -> Markup | str | None:
    """A Serbian name from the data (a provider): in the page's script on Serbian pages
    (foreign names in it stay as written), marked as Serbian on English pages."""
    if not name:
        return None
    if tr.lang.serbian:
        return tr.sr(name)
    return Markup('<span lang="sr-Latn">{}</span>').format(name)


def front_title(text: object) -> Markup:
    """A page title for YAML front matter. MkDocs themes put `page.meta.title` into
    <title> and elsewhere without escaping, so the title is HTML-escaped here, then
    written as a JSON (YAML double-quoted) string."""
    return Markup(json.dumps(html.escape(str(text), quote=False), ensure_ascii=False))


def front_text(text: object) -> Markup:
    """Plain text for YAML front matter that the theme escapes where it writes it (the search
    names, overrides/main.html): a JSON (YAML double-quoted) string, not HTML-escaped."""
    return Markup(json.dumps(str(text), ensure_ascii=False))
