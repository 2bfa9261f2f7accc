"""What a visitor typed, made safe for every search backend: pure logic, tested on its own.

Anything may arrive in `?q=`: null bytes (which PostgreSQL refuses in text), control
characters, thousands of characters, quotes, operators, SQL. The text is cleaned and cut,
then read as words and "quoted phrases"; no character is ever an operator, so nothing a
visitor types can make the query invalid.
"""

import re

from wagtail.search.query import And, Or, Phrase, PlainText

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
# Control characters (the null byte first), and the private-use characters the
# highlighter uses as markers.
UNWANTED_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\ue000\ue001]")
PHRASE = re.compile(r'"([^"]+)"')
# Characters that carry no meaning for a search and that some backends' query parsers
# read as syntax.
SYNTAX = re.compile(r"""[\\'"()\[\]{}<>!&|:*^~+=@#$%;?,/]""")


def clean_query(text):
    """The query as it is searched, shown and recorded: no control characters, single
    spaces, at most MAX_QUERY_LENGTH characters (cut at a word's end when possible)."""
    text = UNWANTED_CHARACTERS.sub(" ", str(text or ""))
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        cut = text[:MAX_QUERY_LENGTH]
        text = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return text


def plain_words(text):
    """The words of a text, without syntax characters or leading hyphens."""
    words = []
    for word in SYNTAX.sub(" ", text).split():
        word = word.strip("-.")
        if word:
            words.append(word)
    return words


def parse(query):
    """(phrases, words): balanced "quoted phrases", and the other words, in order."""
    phrases = []
    for match in PHRASE.finditer(query):
        phrase = " ".join(plain_words(match.group(1)))
        if phrase:
            phrases.append(phrase)
    rest = PHRASE.sub(" ", query)
    words = plain_words(rest)
    return phrases[:MAX_WORDS], words[: MAX_WORDS - len(phrases[:MAX_WORDS])]


def highlight_words(query):
    """Every word of the query, phrases included, for highlighting."""
    phrases, words = parse(query)
    return [word for phrase in phrases for word in phrase.split()] + words


def search_query(query, operator="and"):
    """A Wagtail search query object for the cleaned text, or None when nothing is left
    to search for (only punctuation, say)."""
    phrases, words = parse(query)
    parts = [Phrase(phrase) for phrase in phrases]
    if words:
        parts.append(PlainText(" ".join(words), operator=operator))
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return And(parts) if operator == "and" else Or(parts)
