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
