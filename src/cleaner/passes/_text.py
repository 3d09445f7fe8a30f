"""Small text helpers shared by the passes: vocabulary look-ups, bullets, sentences."""

from __future__ import annotations

import re
from collections.abc import Iterable

from cleaner.config import Config
from cleaner.vocab import entries, terms

BULLET = re.compile(r"^(?:[•·▪▫▸▹►▶◦‣∙●○■□◆◇➤➢→»*–—-]|\d{1,2}[.)])\s+")
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

    >>> prefix_alternation(["Read more", "Read"]), prefix_alternation([])
    ('Read +more|Read', '(?!)')
    """
    ordered = sorted(set(values), key=len, reverse=True)
    return "|".join(re.escape(value).replace(r"\ ", " +") for value in ordered) or "(?!)"


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
    return BULLET.sub("", text, count=1)


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (good enough to compare two copies of the same text).

    >>> sentences('He said no. "We agree," she said. 3 more.')
    ['He said no.', '"We agree," she said.', '3 more.']
    """
    return [piece.strip() for piece in _SENTENCE_END.split(text) if piece.strip()]
