"""Snippets of a page's text around the words searched for, the words marked.

The page's text is escaped before any mark is added, so no markup from a page (or from
the query) reaches a result. On PostgreSQL the snippet comes from ts_headline with the
same text search configuration the query used, so "campaigning" marks "campaign"; on
other databases a plain word match stands in.
"""

import re

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from wagtail.search import index

from .query import UNWANTED_CHARACTERS

START, STOP = "\ue000", "\ue001"
# Enough text to find the words in, without making the database read whole books.
MAX_TEXT_LENGTH = 6000
SNIPPET_WORDS = 32
HEADLINE_OPTIONS = (
    f'StartSel="{START}", StopSel="{STOP}", MaxWords={SNIPPET_WORDS}, MinWords=15, '
    'ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "'
)


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return " ".join(_as_text(item) for item in value)
    return str(value)


def page_text(page):
    """The searchable text of a page, without its title: what its search fields index."""
    parts = []
    for field in page.get_search_fields():
        if isinstance(field, index.SearchField) and field.field_name != "title":
            text = _as_text(field.get_value(page)).strip()
            if text:
                parts.append(text)
    if not parts and page.search_description:
        parts.append(page.search_description)
    text = UNWANTED_CHARACTERS.sub(" ", " — ".join(parts))
    return " ".join(text.split())[:MAX_TEXT_LENGTH]


def marked_to_html(marked):
    """Escape the text, then turn the markers into <mark> elements."""
    html = escape(marked).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 (escaped on the line above)


def postgres_headlines(texts, words, config):
    """One query for a whole page of results."""
    if not texts:
        return []
    # websearch_to_tsquery never fails on its input; "or" marks any of the words.
    query_text = " or ".join(words)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ts_headline(%s::regconfig, document, query, %s) "
            "FROM unnest(%s::text[]) WITH ORDINALITY AS documents(document, position), "
            "websearch_to_tsquery(%s::regconfig, %s) AS query "
            "ORDER BY position",
            [config, HEADLINE_OPTIONS, list(texts), config, query_text],
        )
        return [row[0] for row in cursor.fetchall()]


def word_pattern(words):
    """A plain match for databases without stemming: each word, or its first letters
    followed by any ending ("campaigning" matches "campaigns")."""
    alternatives = []
    for word in sorted(set(words), key=len, reverse=True):
        stem = word[: max(4, len(word) - 3)] if len(word) > 4 else word
        alternatives.append(re.escape(stem) + r"\w*")
    return re.compile(r"\b(" + "|".join(alternatives) + r")", re.IGNORECASE)


def plain_headline(text, words):
    if not words:
        return Truncator(text).words(SNIPPET_WORDS)
    pattern = word_pattern(words)
    match = pattern.search(text)
    if match:
        # Start a few words before the first match.
        before = text[: match.start()].split()
        start = len(" ".join(before[:-6])) if len(before) > 6 else 0
        text = text[start:].lstrip()
        if start:
            text = "… " + text
    excerpt = Truncator(text).words(SNIPPET_WORDS)
    return pattern.sub(lambda found: START + found.group(0) + STOP, excerpt)


def snippets(pages, words, config):
    """A snippet (safe HTML) for each page, in order."""
    texts = [page_text(page) for page in pages]
    if connection.vendor == "postgresql" and words:
        marked = postgres_headlines(texts, words, config)
    else:
        marked = [plain_headline(text, words) for text in texts]
    return [marked_to_html(text) if text else "" for text in marked]
