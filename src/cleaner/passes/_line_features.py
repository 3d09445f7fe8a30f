"""The text classifier's line features (``cleaner.passes.content``): what each block of a page says of
itself and of its neighbours, computed a column (one feature of every block) at a time over the page's
tokens at once (``_measures.PageTokens``), and the furniture phrases it counts (``clean_html``'s block
features count them too).
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import compress, repeat
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from cleaner.blocks import WORD, Fragment
from cleaner.config import Config
from cleaner.language import stopwords
from cleaner.passes._measures import Analysed, PageTokens, analyse
from cleaner.vocab import entries

_TOKEN = WORD  # a Han or kana character is a token of its own
_URL = re.compile(r"https?://|www\.|\.(?:com|org|net|html?)\b|@\w|#\w")
_SHORT_WORDS = 10

BASE_FEATURES: tuple[str, ...] = (
    "bias", "log_words", "ends_sentence", "bullet", "stopword_density", "stopwords_known", "capitalised_ratio",
    "digit_ratio", "url_or_handle", "position", "text_after", "prev_log_words", "next_log_words",
    "prev_stopword_density", "next_stopword_density", "before_first_prose", "after_last_prose",
    "log_short_run", "boilerplate_words", "doc_short_share", "log_prose_distance", "long_unpunctuated",
    "pipe", "upper_ratio", "prev_ends_sentence", "next_ends_sentence", "prose", "log_chars_per_word",
    "next_bullet", "prev_bullet",
)
#: Features whose weight differs between a clean extraction and a whole noisy page: each is also given
#: multiplied by the page's share of short blocks, so one model serves both.
_INTERACTING: tuple[str, ...] = (
    "log_words", "ends_sentence", "stopword_density", "boilerplate_words", "after_last_prose",
    "before_first_prose", "log_short_run", "bullet", "capitalised_ratio", "position", "log_prose_distance",
    "prev_log_words", "next_log_words",
)
FEATURES = BASE_FEATURES + tuple(f"{name}*doc_short_share" for name in _INTERACTING)
_INTERACTING_INDEXES = tuple(BASE_FEATURES.index(name) for name in _INTERACTING)
_SHORT_SHARE = BASE_FEATURES.index("doc_short_share")
_WORDS = BASE_FEATURES.index("log_words")
_PROSE = BASE_FEATURES.index("prose")
_DENSITY = BASE_FEATURES.index("stopword_density")


@lru_cache(maxsize=32)
def furniture_phrases(languages: tuple[str, ...]) -> tuple[frozenset[tuple[str, ...]], tuple[int, ...], str]:
    """The furniture word list as token n-grams (looked up in sets, not by a regex alternation, which
    Python's ``re`` tries one alternative at a time), and the symbols among it ("©")."""
    phrases: set[tuple[str, ...]] = set()
    symbols = ""
    for entry in entries("boilerplate-words", languages):
        tokens = tuple(token.lower() for token in _TOKEN.findall(entry))
        if tokens:
            phrases.add(tokens)
        elif len(entry) == 1:
            symbols += entry
    return frozenset(phrases), tuple(sorted({len(phrase) for phrase in phrases})), symbols


@lru_cache(maxsize=32)
def phrase_starts(languages: tuple[str, ...]) -> dict[str, tuple[int, ...]]:
    """The first token of each furniture phrase, with the lengths of the phrases it opens."""
    phrases, _lengths, _symbols = furniture_phrases(languages)
    starts: dict[str, set[int]] = {}
    for phrase in phrases:
        starts.setdefault(phrase[0], set()).add(len(phrase))
    return {token: tuple(sorted(sizes)) for token, sizes in starts.items()}


def furniture_hits(text: str, lowered: Sequence[str], phrases: frozenset[tuple[str, ...]],
                    starts: dict[str, tuple[int, ...]], symbols: str) -> int:
    """How many furniture phrases (token n-grams) and symbols the block holds, each place counted once,
    from its tokens in lower case and the languages' phrases (``furniture_phrases``, ``phrase_starts``).

    Only the tokens that open a phrase are looked at, with the lengths of the phrases they open: the
    same count as trying every n-gram of every length, for a set look-up per token.
    """
    hits = sum(map(text.__contains__, symbols))
    count = len(lowered)
    # compress() picks, in C, the positions whose token opens a phrase: most tokens open none
    for index in compress(range(count), map(starts.__contains__, lowered)):
        hits += phrases_at(lowered, index, count, phrases, starts)
    return hits


def phrases_at(lowered: Sequence[str], index: int, end: int, phrases: frozenset[tuple[str, ...]],
               starts: dict[str, tuple[int, ...]]) -> int:
    """How many furniture phrases open at the token ``lowered[index]`` (one that opens some) and end by
    the token ``end``."""
    hits = 0
    for size in starts[lowered[index]]:
        if index + size > end:
            break  # the sizes are sorted: the longer phrases do not fit either
        if size == 1 or tuple(lowered[index : index + size]) in phrases:
            hits += 1  # a token that opens a one-token phrase is that phrase
    return hits


def page_shape(analysed: Analysed) -> tuple[float, int]:
    """The page's share of short blocks, and how many blocks come before its first paragraph of prose."""
    if not len(analysed):
        return 0.0, 0
    short = int(np.count_nonzero(analysed.words < _SHORT_WORDS)) / len(analysed)
    prose = np.flatnonzero(analysed.prose)
    return short, int(prose[0]) if len(prose) else len(analysed)


#: What a web address or a handle needs somewhere in the text for ``_URL`` to match it at all.
_URL_NEEDS = ("http", "www.", ".com", ".org", ".net", ".htm", "@", "#")
_first_character = operator.itemgetter(0)
_interacting = operator.itemgetter(*_INTERACTING_INDEXES)


def features(fragments: Sequence[Fragment], language: str | None, config: Config,
             analysed: Analysed | None = None) -> list[list[float]]:
    """One feature vector per fragment, in ``FEATURES`` order."""
    rows: list[list[float]] = feature_matrix(fragments, language, config, analysed).tolist()
    return rows


def feature_matrix(fragments: Sequence[Fragment], language: str | None, config: Config,
                   analysed: Analysed | None = None) -> NDArray[np.float64]:
    """``features`` as an array: a row per fragment, a column per name of ``FEATURES``."""
    if analysed is None:
        analysed = analyse(fragments, language)
    count = len(analysed)
    if count == 0:
        return np.zeros((0, len(FEATURES)))
    if len(fragments) != count:
        raise ValueError("features() needs one analysed block per fragment")
    # The features are computed a column (one feature of every block) at a time; the interactions are the
    # same products as one float times another in Python, so the values do not depend on the route.
    columns = np.empty((len(BASE_FEATURES), count))
    for row, column in enumerate(_base_columns([fragment.text for fragment in fragments], analysed,
                                               stopwords(language), config)):
        columns[row] = column  # a list or an array: each copied in C, not read back an element at a time
    base = columns.T
    short_share = base[0, _SHORT_SHARE]  # the page's, the same in every row
    return np.hstack([base, base[:, _INTERACTING_INDEXES] * short_share])


def _base_columns(texts: Sequence[str], analysed: Analysed, stop: frozenset[str],
                  config: Config) -> list[Sequence[float] | NDArray[np.generic]]:
    """The columns of ``BASE_FEATURES``, in that order: each one feature of every block.

    Sums, comparisons and divisions are numpy's, the same floats as Python's; the logarithms are
    ``math``'s, one float at a time, as the model was fitted on (numpy's may differ in the last bit).
    """
    count = len(analysed)
    words = analysed.words
    ends = analysed.ends_sentence.astype(np.float64)
    bullets = analysed.bullet.astype(np.float64)
    densities = analysed.stopword_density
    log_words = np.array(list(map(math.log1p, words.tolist())))
    prose_indexes = np.flatnonzero(analysed.prose)
    first_prose = prose_indexes[0] if len(prose_indexes) else count
    last_prose = prose_indexes[-1] if len(prose_indexes) else -1
    lengths = np.fromiter(map(len, texts), dtype=np.intp, count=count)
    total_chars = int(lengths.sum()) or 1
    short_share = int(np.count_nonzero(words < _SHORT_WORDS)) / count
    shares = _token_shares(texts, analysed, config)
    indexes = np.arange(count)
    return [  # in BASE_FEATURES order
        np.ones(count),  # bias
        log_words,
        ends,  # ends_sentence
        bullets,  # bullet
        densities,  # stopword_density
        np.full(count, float(bool(stop))),  # stopwords_known
        shares.capitalised,  # capitalised_ratio
        shares.digits,  # digit_ratio
        shares.urls,  # url_or_handle
        indexes / count,  # position
        (total_chars - np.cumsum(lengths)) / total_chars,  # text_after
        _after(log_words),  # prev_log_words
        _before(log_words),  # next_log_words
        _after(densities),  # prev_stopword_density
        _before(densities),  # next_stopword_density
        indexes < first_prose,  # before_first_prose
        indexes > last_prose,  # after_last_prose
        list(map(math.log1p, _short_runs(words))),  # log_short_run
        shares.furniture,  # boilerplate_words
        np.full(count, short_share),  # doc_short_share
        list(map(math.log1p, _prose_distances(analysed.prose))),  # log_prose_distance
        (words >= _SHORT_WORDS) & ~analysed.ends_sentence,  # long_unpunctuated
        np.fromiter(map(operator.contains, texts, repeat("|")), dtype=bool, count=count),  # pipe
        shares.upper,  # upper_ratio
        _after(ends),  # prev_ends_sentence
        _before(ends),  # next_ends_sentence
        analysed.prose,  # prose
        list(map(math.log, (lengths / np.maximum(words, 1)).tolist())),  # log_chars_per_word
        _before(bullets),  # next_bullet
        _after(bullets),  # prev_bullet
    ]


def _after(column: NDArray[np.float64]) -> NDArray[np.float64]:
    """Each block's value of the block before it (0 for the first)."""
    return np.concatenate([[0.0], column[:-1]])


def _before(column: NDArray[np.float64]) -> NDArray[np.float64]:
    """Each block's value of the block after it (0 for the last)."""
    return np.concatenate([column[1:], [0.0]])


def _prose_distances(prose: Sequence[bool] | NDArray[np.bool_]) -> list[int]:
    """How many blocks each block is from the nearest block of prose, on either side; on a page without
    prose, from the page's edges as if prose stood a page's length beyond each (at least the page's length).

    >>> _prose_distances([False, True, False, False, True]), _prose_distances([False, False, False])
    ([1, 0, 1, 1, 0], [3, 4, 4])
    """
    count = len(prose)
    indexes = np.arange(count)
    places = np.flatnonzero(prose)
    # the prose at or after each block (its index in places), and so the prose before it
    following = np.searchsorted(places, indexes)
    padded = np.concatenate([[-count], places, [2 * count]])  # the edges' stand-ins
    distance: list[int] = np.minimum(indexes - padded[following], padded[following + 1] - indexes).tolist()
    return distance


def _short_runs(words: Sequence[int] | NDArray[np.intp]) -> list[int]:
    """The length of the run of short blocks (under ``_SHORT_WORDS`` words) each block belongs to; 0 for a
    block that is not short.

    >>> _short_runs([3, 4, 40, 2, 50])
    [2, 2, 0, 1, 0]
    """
    short = np.asarray(words) < _SHORT_WORDS
    # where a run starts and where it ends, alternately
    edges = np.flatnonzero(np.diff(np.concatenate([[False], short, [False]]).astype(np.int8)))
    sizes = edges[1::2] - edges[::2]
    run = np.zeros(len(short), dtype=np.intp)
    run[short] = np.repeat(sizes, sizes)
    runs: list[int] = run.tolist()
    return runs


class _TokenShares(NamedTuple):
    """The features of each block read off its tokens, one array per feature, in the blocks' order."""

    capitalised: NDArray[np.float64]
    upper: NDArray[np.float64]
    digits: NDArray[np.float64]
    furniture: NDArray[np.float64]
    urls: NDArray[np.bool_]


def _token_shares(texts: Sequence[str], analysed: Analysed, config: Config) -> _TokenShares:
    """Each block's shares of capitalised tokens, of tokens in capitals and of numbers, its furniture
    phrases (at most three count), and whether it holds a web address or a handle.

    Counted over the page's tokens at once (``PageTokens``); a share is the same division of two whole
    numbers as one block at a time in Python would make, so the same float.
    """
    page, words = analysed.tokens, analysed.words
    # The shares of capitalised tokens and of tokens in capitals are over the tokens that are not numbers.
    # No character is both a digit and cased, so a number never starts with a capital nor is in capitals:
    # those counted over all the tokens are the counts over the others.
    numbers = page.counts(map(str.isdigit, page.tokens))
    letters = np.maximum(page.sizes() - numbers, 1)
    capitalised = page.counts(map(str.isupper, map(_first_character, page.tokens)))
    # a one-letter token in capitals ("A") is a capitalised word, not one in capitals
    upper = page.counts(_long_capitals(page.tokens))
    furniture = np.minimum(_furniture_counts(texts, analysed.lowered, config.languages), 3) / 3
    return _TokenShares(capitalised / letters, upper / letters, numbers / np.maximum(words, 1), furniture,
                        _holds_url(texts))


def _long_capitals(tokens: list[str]) -> NDArray[np.bool_]:
    """Whether each token is in capitals and longer than one letter ("A" is a capitalised word): the length
    is read only of the few tokens in capitals."""
    flags = np.fromiter(map(str.isupper, tokens), dtype=bool, count=len(tokens))
    capitals = np.flatnonzero(flags)
    flags[capitals[np.fromiter(map(len, map(tokens.__getitem__, capitals.tolist())), dtype=np.intp,
                               count=len(capitals)) == 1]] = False
    return flags


def _furniture_counts(texts: Sequence[str], lowered: PageTokens, languages: tuple[str, ...]) -> NDArray[np.intp]:
    """``furniture_hits`` of each block, from the page's tokens in lower case: the tokens that open a
    phrase are found in one pass over the page, and only they are looked at."""
    phrases, _lengths, symbols = furniture_phrases(languages)
    starts = phrase_starts(languages)
    hits = np.zeros(len(texts), dtype=np.intp)
    joined = "\n".join(texts)
    for symbol in symbols:
        if symbol in joined:  # rare on a page: each block is tested only when the page holds it
            hits += np.fromiter(map(operator.contains, texts, repeat(symbol)), dtype=bool, count=len(texts))
    tokens, bounds = lowered
    opening = np.flatnonzero(np.fromiter(map(starts.__contains__, tokens), dtype=bool, count=len(tokens)))
    blocks = np.searchsorted(bounds, opening, side="right") - 1
    for index, block in zip(opening.tolist(), blocks.tolist(), strict=True):
        hits[block] += phrases_at(tokens, index, int(bounds[block + 1]), phrases, starts)
    return hits


def _holds_url(texts: Sequence[str]) -> NDArray[np.bool_]:
    """Whether each block holds a web address or a handle (``_URL``), from one search of the whole page:
    no match of ``_URL`` holds a line break, nor needs more than the end of the line after it, so the
    matches in the page's lines joined are the matches in each line."""
    found = np.zeros(len(texts), dtype=bool)
    joined = "\n".join(texts)
    if not any(map(joined.__contains__, _URL_NEEDS)):
        return found
    starts = np.zeros(len(texts), dtype=np.intp)
    np.cumsum(np.fromiter((len(text) + 1 for text in texts[:-1]), dtype=np.intp, count=len(texts) - 1),
              out=starts[1:])
    places = np.fromiter((match.start() for match in _URL.finditer(joined)), dtype=np.intp)
    found[np.searchsorted(starts, places, side="right") - 1] = True
    return found
