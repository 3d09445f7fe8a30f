"""Small text helpers shared by the passes: vocabulary look-ups, bullets, sentences."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from cleaner.config import Config
from cleaner.vocab import entries, terms

BULLET = re.compile(r"^(?:[•·▪▫▸▹►▶◦‣∙●○■□◆◇➤➢→»*–—-]|\d{1,2}[.)])\s+")
#: The characters ``BULLET`` can start with, digits aside (tests/passes/test_text.py checks every one).
_BULLET_MARKS = frozenset("•·▪▫▸▹►▶◦‣∙●○■□◆◇➤➢→»*–—-")
# Sentence boundary: final punctuation, optional closing quotes, spaces, then a capital, digit or quote.
_SENTENCE_END = re.compile(r"(?<=[.!?…])['\"’”»)\]]*\s+(?=[\"'“‘«(\[\d\w])")
_TRAILING_PUNCT = " \t\n.…:;,|·•-–—>»›"


def vocabulary(name: str, config: Config) -> frozenset[str]:
    """Casefolded entries of a vocabulary list for the configured languages."""
    return terms(name, config.languages)


def longest_first(name: str, config: Config) -> tuple[str, ...]:
    """Entries of a vocabulary list, longest first, for prefix matching."""
    return tuple(sorted(entries(name, config.languages), key=len, reverse=True))


def prefix_alternation(values: Iterable[str]) -> str:
    """A regex alternation of literal strings, longest first, spaces matching any run of spaces; with no
    strings, a pattern that matches nothing (an empty alternation would match everywhere).

    The strings are grouped by their first character, each group behind a look-ahead for it: Python's
    ``re`` tries an alternation one string at a time, and a hundred labels cost a hundred tries at every
    line; this way a line's first character rules out all groups but one. It matches what the flat
    alternation matches, and the same way: strings whose first characters can match the same character
    (in either case, or by ``re``'s own case rules, as "i" and "ı") share a group, so the strings that may
    match at a place keep their order, longest first.

    >>> prefix_alternation(["Read more", "Read", "Photo"]), prefix_alternation([])
    ('(?=[R])(?:Read +more|Read)|(?=[P])(?:Photo)', '(?!)')
    """
    ordered = sorted(set(values), key=len, reverse=True)
    groups: dict[str, list[str]] = {}
    for value in ordered:
        groups.setdefault(first_character_key(value[0]), []).append(value)
    return "|".join(_group(members) for members in groups.values()) or "(?!)"


#: A word list named in a phrase template: ``{byline-labels}``. A regex's own braces hold digits ({1,5}).
_LIST_NAME = re.compile(r"\{([a-z][a-z-]*)\}")


@lru_cache(maxsize=256)
def phrase_regex(template: str, languages: tuple[str, ...], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """``template`` compiled with each ``{list-name}`` in it replaced by the :func:`prefix_alternation` of
    that word list's entries for ``languages``: the one factory of the passes' phrase-list patterns.

    Cached by template and languages: the word lists never change while the process runs, so the cache
    cannot change an answer.

    >>> phrase_regex(r"^(?:{byline-labels}) *:?$", ("en",)).match("By:") is not None
    True
    """
    return re.compile(_LIST_NAME.sub(lambda found: prefix_alternation(entries(found[1], languages)), template),
                      flags)


def _group(values: list[str]) -> str:
    """The strings as an alternation in their order, behind a look-ahead for their first characters."""
    firsts = "".join(sorted({re.escape(value[0]) for value in values}))
    return f"(?=[{firsts}])(?:{'|'.join(_literal(value) for value in values)})"


def _literal(value: str) -> str:
    """A string as a regex, each of its spaces matching any run of spaces."""
    return re.escape(value).replace(r"\ ", " +")


def first_character_key(character: str) -> str:
    """A key that two characters share whenever ``re`` may match them to one same character, case
    ignored: the casefolded character, with the dotted and dotless i as "i" (``re`` matches "ı" and "İ"
    to "i"; casefolding keeps them apart). ``tests/passes/test_text.py`` checks it against ``re``'s own case
    tables for every code point.

    >>> first_character_key("R") == first_character_key("r"), first_character_key("ı") == first_character_key("I")
    (True, True)
    """
    folded = character.casefold()
    return _DOTTED_I.get(folded, folded)


#: The casefolded characters that ``re`` matches to "i", case ignored, and casefolding keeps apart from it.
_DOTTED_I = {"ı": "i", "i\u0307": "i"}


@lru_cache(maxsize=64)
def opening_pairs(name: str, languages: tuple[str, ...]) -> frozenset[tuple[str, str]] | None:
    """The first two characters of each entry of a word list, as ``first_character_key`` gives them; None
    when an entry is shorter than two characters.

    ``re``, case ignored, matches a text's character to an entry's only when both share a key, and a space
    of an entry (a run of spaces in ``prefix_alternation``) matches a text's space: a text whose first two
    characters give no pair of the set cannot start with an entry (``may_open``).
    """
    values = entries(name, languages)
    if any(len(value) < 2 for value in values):
        return None
    return frozenset((first_character_key(value[0]), first_character_key(value[1])) for value in values)


def may_open(text: str, pairs: frozenset[tuple[str, str]] | None) -> bool:
    """False when ``text`` cannot start with an entry of the list ``pairs`` comes from (``opening_pairs``):
    a set look-up that spares most lines a ``prefix_alternation`` pattern, which tries its groups one by one.

    >>> pairs = opening_pairs("newsletter-prefixes", ("en",))
    >>> may_open("SIGN UP for our newsletter", pairs), may_open("Officials declined to share it.", pairs)
    (True, False)
    """
    if pairs is None:
        return True
    if len(text) < 2:
        return False
    # first_character_key of both characters, inlined: this runs on most lines of several passes
    first, second = text[0].casefold(), text[1].casefold()
    return (_DOTTED_I.get(first, first), _DOTTED_I.get(second, second)) in pairs


def bare(text: str) -> str:
    """Casefolded text without trailing dots, colons, separators or ellipses: "Loading..." -> "loading".

    >>> bare("Loading...")
    'loading'
    """
    return trimmed(text).casefold()


def trimmed(text: str) -> str:
    """Text without trailing dots, colons, separators or ellipses: ``bare`` before casefolding.

    Casefolding never shortens a text, so a trimmed text longer than every entry of a list is no entry.

    >>> trimmed("Loading... ")
    'Loading'
    """
    return text.rstrip(_TRAILING_PUNCT)


def strip_bullet(text: str) -> str:
    """The text of a list item without its bullet.

    >>> strip_bullet("• France shuts schools")
    'France shuts schools'
    """
    return BULLET.sub("", text, count=1) if may_be_bullet(text) else text


def is_bullet(text: str) -> bool:
    """True when ``text`` opens with a bullet or a list number (``BULLET``), the cheap test first.

    >>> is_bullet("• France"), is_bullet("12. France"), is_bullet("1984 was a year")
    (True, True, False)
    """
    return may_be_bullet(text) and BULLET.match(text) is not None


def may_be_bullet(text: str) -> bool:
    """False when ``BULLET`` cannot match ``text``: its first character is no bullet mark and no digit.
    Most lines fail this test, which costs less than the pattern.

    >>> may_be_bullet("• France"), may_be_bullet("12. France"), may_be_bullet("France")
    (True, True, False)
    """
    first = text[:1]
    return first in _BULLET_MARKS or first.isdigit()


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (good enough to compare two copies of the same text).

    >>> sentences('He said no. "We agree," she said. 3 more.')
    ['He said no.', '"We agree," she said.', '3 more.']
    """
    return [piece.strip() for piece in _SENTENCE_END.split(text) if piece.strip()]
