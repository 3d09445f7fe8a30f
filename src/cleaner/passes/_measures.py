"""A page's blocks measured at once, for the content classifier (``cleaner.passes.content``).

The classifier reads every token of a whole page: its length, stop words, capitals, digits, furniture
phrases. Measured a block at a time, each block costs a dozen calls from Python; here the tokens of the
whole page are one list (``PageTokens``), a test of every token is one ``map`` in C, and a block's count is
the difference of a running sum at its two ends. Every measure is a whole number, or the division of two
(the same float as the same division in Python), so the route does not change a value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from cleaner.blocks import CJK_CHARACTERS, WORD, Fragment, ends_sentence
from cleaner.language import stopwords
from cleaner.passes._text import is_bullet

#: A block of prose: a sentence-final block of at least this many words with ordinary stop-word density.
PROSE_WORDS = 15
PROSE_STOPWORDS = 0.2
CJK = re.compile(f"[{CJK_CHARACTERS}]")
#: ``WORD`` on a text without Han or kana: a run of word characters. ``re`` tests ``\w`` in one step and
#: the negated class of ``WORD`` (not a non-word character, nor Han or kana) in several, for every
#: character of the page: this one tokenises a page in about half the time.
_PLAIN_TOKEN = re.compile(r"\w+")


def tokenizer(page: str) -> Callable[[str], list[str]]:
    """The ``findall`` that gives ``WORD``'s tokens of each text of ``page``: ``_PLAIN_TOKEN``'s when it
    holds no Han or kana character (``WORD`` then matches what it does), else ``WORD``'s own.

    >>> tokenizer("Ein Tag")("Monday, 5 May"), tokenizer("今日")("今日・x")
    (['Monday', '5', 'May'], ['今', '日', '・', 'x'])
    """
    return WORD.findall if CJK.search(page) else _PLAIN_TOKEN.findall


class PageTokens(NamedTuple):
    """The tokens of every block of a page in one list, and where each block starts: block ``i`` holds
    ``tokens[bounds[i]:bounds[i + 1]]``."""

    tokens: list[str]
    bounds: NDArray[np.intp]

    @classmethod
    def of(cls, blocks: Iterable[Sequence[str]]) -> PageTokens:
        listed = list(blocks)
        bounds = np.zeros(len(listed) + 1, dtype=np.intp)
        np.cumsum(np.fromiter(map(len, listed), dtype=np.intp, count=len(listed)), out=bounds[1:])
        return cls(list(chain.from_iterable(listed)), bounds)

    def counts(self, flags: Iterable[bool] | NDArray[np.bool_]) -> NDArray[np.intp]:
        """How many of each block's tokens have the flag, from one flag per token in page order."""
        running = np.zeros(len(self.tokens) + 1, dtype=np.intp)
        if not isinstance(flags, np.ndarray):
            flags = np.fromiter(flags, dtype=bool, count=len(self.tokens))
        np.cumsum(flags, out=running[1:])
        return running[self.bounds[1:]] - running[self.bounds[:-1]]

    def sizes(self) -> NDArray[np.intp]:
        """Each block's number of tokens."""
        return np.diff(self.bounds)


@dataclass(frozen=True, slots=True)
class Analysed:
    """The cheap measures of a page's blocks (length, stop words, punctuation), one array each in the
    blocks' order, and their tokens as they are and in lower case (the same ``bounds``)."""

    words: NDArray[np.intp]
    stopword_density: NDArray[np.float64]
    ends_sentence: NDArray[np.bool_]
    bullet: NDArray[np.bool_]
    prose: NDArray[np.bool_]
    tokens: PageTokens
    lowered: PageTokens

    def __len__(self) -> int:
        return len(self.words)


def analyse(fragments: Sequence[Fragment], language: str | None) -> Analysed:
    """The measures of each block (``Analysed``), from the fragments left and the document's language."""
    stop = stopwords(language)
    texts = [fragment.text for fragment in fragments]
    count = len(texts)
    joined = "\n".join(texts)
    tokens = PageTokens.of(map(tokenizer(joined), texts))
    lowered = PageTokens(list(map(str.lower, tokens.tokens)), tokens.bounds)
    words = tokens.sizes()
    if stop:  # a block without words has none of them: 0 / 1
        density = lowered.counts(map(stop.__contains__, lowered.tokens)) / np.maximum(words, 1)
    else:
        density = np.zeros(count)
    ends = np.fromiter(map(ends_sentence, texts), dtype=bool, count=count)
    # A table row counts as content for the window: its words are data, not furniture.
    prose = ends & (words >= PROSE_WORDS) & ((density >= PROSE_STOPWORDS) | (not stop))
    if "|" in joined:  # a page without a "|" has no table row
        prose |= np.fromiter(map(is_table_row, fragments), dtype=bool, count=count)
    return Analysed(words, density, ends, np.fromiter(map(is_bullet, texts), dtype=bool, count=count), prose,
                    tokens, lowered)


def is_table_row(fragment: Fragment) -> bool:
    """A row of a table as extractors render it ("| 1 | Kyle Busch | 5040 |"): data, never furniture;
    its words are not prose, so the classifier's features would mislead it."""
    return len(fragment.text) > 1 and fragment.text.startswith("|") and fragment.text.endswith("|")
