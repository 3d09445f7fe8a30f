"""Content classifier: the statistical pass for what no rule names, on text features alone.

The rules catch boilerplate we have seen by name; this pass catches the rest the way good extractors
find the main content on the DOM, but from text only. A page model first tells a whole page rendered as
text (its menus, footers and lists of links still in it) from an extractor's output, on which the rules
alone do better and the pass does nothing. On a whole page, each block is judged by its length, final
punctuation, stop-word density (jusText's lists, in the document's language), capitalisation, digits,
bullets, words that page furniture uses, CJK characters, its position, the same features of its
neighbours, and by what a first judgement said of the blocks around it. Its neighbours are those on the
page: the lines the rules took stay in place, judged as the furniture they are, so that a rule taking a
line does not change how the model reads the article next to it.

The model is two forests of gradient-boosted trees and the page model, fitted on the three benchmark sets
(news pages, the 2025-26 web in seven page types, a multilingual set) in both text renderings, with folds
grouped by site (``benchmarks/train_lines.py``), and shipped as ``data/line-model.json``; the figures we
publish are measured with the fold model that never saw the page's site. The reason of each removal
carries the score.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, repeat
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from cleaner.article import Removal
from cleaner.blocks import WORD, Draft, Fragment, claim
from cleaner.config import Config
from cleaner.errors import ConfigError
from cleaner.forest import Forest, model_data, neighbourhood, sigmoid
from cleaner.language import stopwords
from cleaner.passes._measures import CJK, Analysed, PageTokens, analyse, is_table_row
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


#: What the line model reads besides ``FEATURES``: how many lines the page had before any pass ran, the
#: share of them still there, the block's characters, and its share of Han and kana characters (each one
#: a word, ``cleaner.blocks.WORD``; no stop-word list covers them, so their density says nothing).
EXTRA_FEATURES: tuple[str, ...] = ("log_lines", "left_share", "log_chars", "cjk_share")
LINE_FEATURES = FEATURES + EXTRA_FEATURES
#: What the second forest adds: the first forest's probability of the block, of its neighbours, of the
#: blocks around it, of the page, and of what comes before and after it.
CONTEXT_FEATURES: tuple[str, ...] = (
    "p", "p_prev3", "p_prev2", "p_prev1", "p_next1", "p_next2", "p_next3", "p_window5", "p_window15",
    "p_page_mean", "p_page_share", "p_before_mean", "p_after_mean",
)
#: What the page model reads to tell a whole page rendered as text (menus, footers: the classifier's work)
#: from an extractor's output (the rules alone do better there), all of it from ``analyse``.
PAGE_FEATURES: tuple[str, ...] = (
    "log_lines", "log_blocks", "left_share", "short_share", "log_lead", "prose_share", "log_words",
    "after_last_prose_share",
)
_NEUTRAL = 0.5
#: A page whose kept blocks hold fewer words than this is a page the threshold failed: its likeliest prose
#: is kept, with what scores nearly as well (as ``clean_html`` does).
_MIN_KEPT_WORDS = 30
_NEAR_BEST = 0.75
#: A page whose prose holds under this share of its words is a page of short items (a shop's collection, a
#: listing, a grid of products or links): the classifier cannot tell its menus from its items, and cutting
#: at ``threshold`` there took more items than menus (wcxb collections 0.52 uncleaned, 0.36 cleaned). Only
#: the blocks it is sure of, below ``_ITEM_PAGE_THRESHOLD``, go; and none where the blocks that reach
#: ``threshold`` hold fewer than ``_MIN_KEPT_WORDS`` words (the model sees no content, at most a line of it:
#: two wcxb listings of thousands of blocks came out with 7 % of them, IMDb's top 250 with its menus only).
_ITEM_PAGE_PROSE = 0.06
_ITEM_PAGE_THRESHOLD = 0.1
#: A text of fewer lines is an extraction, not a whole page: the page model calls none of the 371 texts of
#: the three sets this short a whole page (5 of them are whole pages), so the pass returns before measuring.
_MIN_PAGE_LINES = 15


def page_row(analysed: Analysed, lines: int, left: NDArray[np.bool_] | None = None) -> NDArray[np.float64]:
    """``PAGE_FEATURES`` of a page: its blocks as ``analyse`` measured them (those the rules ``left`` of the
    page's blocks, when given: ``page_blocks``), and its lines before the passes."""
    words, prose_flags = (analysed.words, analysed.prose) if left is None else (analysed.words[left],
                                                                                 analysed.prose[left])
    count = len(words)
    prose: list[int] = np.flatnonzero(prose_flags).tolist()
    short = int(np.count_nonzero(words < _SHORT_WORDS)) / max(count, 1)
    lead_blocks = prose[0] if prose else count
    after = count - 1 - prose[-1] if prose else count
    return np.array([[math.log1p(lines), math.log1p(count), count / max(lines, 1), short, math.log1p(lead_blocks),
                      len(prose) / max(count, 1), math.log1p(int(words.sum())), after / max(count, 1)]])


def line_rows(texts: Sequence[str], vectors: NDArray[np.float64] | Sequence[Sequence[float]],
              lines: int, left: int | None = None) -> NDArray[np.float64]:
    """``LINE_FEATURES`` of each block: its ``features`` vector and ``EXTRA_FEATURES``; ``left`` is how many of
    the blocks the rules left (all of them when not given)."""
    count = len(texts)
    left = count if left is None else left
    lengths = np.fromiter(map(len, texts), dtype=np.float64, count=count)
    cjk = np.zeros(count)
    if CJK.search("\n".join(texts)):  # most pages have no Han nor kana: one search says so
        cjk = np.fromiter(map(len, map(CJK.findall, texts)), dtype=np.float64, count=count)
    extra = np.column_stack([np.full(count, math.log1p(lines)), np.full(count, left / max(lines, 1)),
                             np.log1p(lengths), cjk / np.maximum(lengths, 1.0)])
    return np.hstack([np.asarray(vectors, dtype=np.float64).reshape(count, len(FEATURES)), extra])


def context_rows(rows: NDArray[np.float64], first: NDArray[np.float64]) -> NDArray[np.float64]:
    """The second forest's input: each block's row, then ``CONTEXT_FEATURES`` from the first forest's
    probabilities ``first``."""
    count = len(first)
    shifted, window5, window15, cumulative = neighbourhood(first)
    indexes = np.arange(count)

    before = cumulative[:-1] / np.maximum(indexes, 1)
    after = (cumulative[-1] - cumulative[1:]) / np.maximum(count - indexes - 1, 1)
    mean = float(first.mean()) if count else 0.0
    share = float((first > _NEUTRAL).mean()) if count else 0.0
    context = np.column_stack([first, *shifted, window5, window15, np.full(count, mean), np.full(count, share),
                               before, after])
    return np.hstack([rows, context])


@dataclass(frozen=True, slots=True)
class LineModel:
    """The text path's content classifier: a page model and two forests over the blocks.

    ``page`` says whether the text is a whole page (P >= ``whole_page``): on an extractor's output the
    classifier does not run, the rules alone do better there. On a whole page, ``first`` reads each block's
    ``LINE_FEATURES``, ``second`` the same and ``CONTEXT_FEATURES``; a block below ``threshold`` goes.
    """

    page: Forest
    first: Forest
    second: Forest
    threshold: float
    whole_page: float
    name: str

    def page_probability(self, row: NDArray[np.float64]) -> float:
        """P(the text is a whole page, not an extraction), from its ``page_row``."""
        return float(sigmoid(self.page.margin(row))[0])

    def probabilities(self, rows: NDArray[np.float64], left: NDArray[np.bool_] | None = None) -> NDArray[np.float64]:
        """P(content) for each block, from its ``line_rows``; with ``left``, of the blocks the rules left
        only, the others (``page_blocks``) read as the furniture they are (first probability 0)."""
        if not len(rows):
            return np.zeros(0)
        if left is None:
            return sigmoid(self.second.margin(context_rows(rows, sigmoid(self.first.margin(rows)))))
        first = np.zeros(len(rows))
        first[left] = sigmoid(self.first.margin(rows[left]))
        return sigmoid(self.second.margin(context_rows(rows, first)[left]))


def model_from_dict(data: Mapping[str, Any], name: str) -> LineModel:
    """A model from the JSON that ``benchmarks/train_lines.py`` writes; its features must be this version's."""
    if (tuple(data.get("features", ())) != LINE_FEATURES or tuple(data.get("context", ())) != CONTEXT_FEATURES
            or tuple(data.get("page_features", ())) != PAGE_FEATURES):
        raise ConfigError(f"content model {name} was fitted on other features than this version computes: "
                          "retrain it with benchmarks/train_lines.py")
    page, first, second = (Forest.from_trees(data[part]["trees"], data[part]["bias"])
                           for part in ("page", "first", "second"))
    return LineModel(page, first, second, float(data["threshold"]), float(data["whole_page"]), name)


@lru_cache(maxsize=8)
def load_line_model(name: str = "default") -> LineModel:
    """The shipped model (``"default"``), or a model file at the path ``name``."""
    return model_from_dict(model_data(name, "line-model.json", "content model"), name)


def is_item_page(rows: NDArray[np.float64]) -> bool:
    """True for a page of short items: its prose blocks hold under ``_ITEM_PAGE_PROSE`` of its words."""
    words = np.expm1(rows[:, _WORDS])
    return bool(len(words)) and float(words[rows[:, _PROSE] > 0].sum()) < _ITEM_PAGE_PROSE * float(words.sum())


def page_threshold(rows: NDArray[np.float64], probabilities: NDArray[np.float64], threshold: float) -> float:
    """``threshold`` (``_ITEM_PAGE_THRESHOLD`` if lower, on a page of short items; 0, so that nothing goes, on
    one where the blocks that reach ``threshold`` hold fewer than ``_MIN_KEPT_WORDS`` words), unless the
    blocks above it hold fewer than ``_MIN_KEPT_WORDS`` words: then ``_NEAR_BEST`` of the best probability of
    a prose block (of the longest blocks, on a page without prose), so that a page with text never comes out
    empty."""
    words = np.expm1(rows[:, _WORDS])
    if is_item_page(rows):
        if not len(words) or words[probabilities >= threshold].sum() < _MIN_KEPT_WORDS:
            return 0.0  # the model sees no content among the items: it cannot tell them from the menus
        threshold = min(threshold, _ITEM_PAGE_THRESHOLD)
    if not len(words) or words[probabilities >= threshold].sum() >= _MIN_KEPT_WORDS:
        return threshold
    prose = words >= min(_SHORT_WORDS, float(words.max()))  # on a page of short lines, its longest
    return min(threshold, float(probabilities[prose].max()) * _NEAR_BEST)


#: Between the first and the last block of at least ``_SPAN_WORDS`` words the model keeps, inside the
#: article, a block goes only where the model is surer of it: below ``_INSIDE_THRESHOLD`` (when the page's
#: threshold is higher). A short paragraph, a list item or a subheading between two kept paragraphs is
#: the article's more often than the model's line features say. The article reaches on, block by block,
#: over the blocks next to it that score ``_INSIDE_THRESHOLD`` or more and hold at least ``_REACH_WORDS``
#: words, or are a sentence of at least ``_REACH_SENTENCE_WORDS``: a paragraph just before or after the
#: kept ones that the model doubts (its neighbours on one side are furniture) is the article's too.
#: Measured on text/full, 10 words alone: zyte +0.0008, wcxb +0.0003, multilingual +0.0005, no set's check
#: sites lower (at 15 or 5 words a part of a set lost; at 1, any block, zyte's tuned sites gained 0.011 and
#: its check sites lost 0.002); sentences of 4 words or more too: zyte +0.0007, wcxb +0.0001, multilingual
#: +0.0011 more, none lower on the check sites (of 3: a disclosure and "Sharing is caring!" stayed on zyte's).
_SPAN_WORDS = 30
_INSIDE_THRESHOLD = 0.35
_REACH_WORDS = 10
_REACH_SENTENCE_WORDS = 4


def block_thresholds(words: Sequence[int] | NDArray[np.intp], ends: Sequence[bool] | NDArray[np.bool_],
                     probabilities: NDArray[np.float64], limit: float) -> NDArray[np.float64]:
    """Each block's threshold: ``limit``, and at most ``_INSIDE_THRESHOLD`` inside the article (from the
    first to the last block of ``_SPAN_WORDS`` words or more that ``limit`` keeps, and on over the blocks
    next to them that score ``_INSIDE_THRESHOLD`` or more and are long enough: ``_REACH_WORDS`` words, or
    ``_REACH_SENTENCE_WORDS`` when they ``end`` a sentence).

    >>> block_thresholds([40, 3, 40, 3], [True] * 4, np.array([0.9, 0.4, 0.9, 0.4]), 0.5).tolist()
    [0.35, 0.35, 0.35, 0.5]
    >>> block_thresholds([3, 12, 40, 12, 12], [False] * 5, np.array([0.4, 0.4, 0.9, 0.4, 0.2]), 0.5).tolist()
    [0.5, 0.35, 0.35, 0.35, 0.5]
    >>> block_thresholds([40, 5, 5], [True, True, False], np.array([0.9, 0.4, 0.4]), 0.5).tolist()
    [0.35, 0.35, 0.5]
    """
    thresholds = np.full(len(probabilities), limit)
    counts = np.asarray(words)
    long_kept = np.flatnonzero((counts >= _SPAN_WORDS) & (probabilities >= limit))
    if not len(long_kept):
        return thresholds
    inside = min(limit, _INSIDE_THRESHOLD)
    reaches = (probabilities >= inside) & (
        (counts >= _REACH_WORDS) | (np.asarray(ends, dtype=bool) & (counts >= _REACH_SENTENCE_WORDS)))
    first, last = int(long_kept[0]), int(long_kept[-1])
    while first > 0 and reaches[first - 1]:
        first -= 1
    while last + 1 < len(probabilities) and reaches[last + 1]:
        last += 1
    thresholds[first:last + 1] = inside
    return thresholds


def page_blocks(draft: Draft) -> tuple[list[Fragment], NDArray[np.bool_]]:
    """The page's blocks in text order: the fragments the rules left, and in its place each line they took
    whole; and which of the blocks were left. The classifier reads a block's neighbours on the page, not
    among what the rules left: a rule that takes a line of furniture does not change what the model sees
    around the article.

    >>> draft = Draft.of("Menu\\nA paragraph.\\nFooter")
    >>> draft = draft.with_removals([Removal(0, 4, "Menu", "navigation", "test", "")])
    >>> blocks, left = page_blocks(draft)
    >>> [block.text for block in blocks], left.tolist()
    (['Menu', 'A paragraph.', 'Footer'], [False, True, True])
    """
    fragments = draft.remaining()
    indexes = np.fromiter(map(_line_index, fragments), dtype=np.intp, count=len(fragments))
    held = np.zeros(len(draft.lines), dtype=bool)
    held[indexes] = True
    taken = np.flatnonzero(~held)
    blocks = list(fragments)
    if not len(taken):
        return blocks, np.ones(len(blocks), dtype=bool)
    # where each line taken goes among the fragments (sorted by line): after those of the lines before it,
    # and after the lines taken before it; inserted in that order, each lands at its place
    places = np.searchsorted(indexes, taken) + np.arange(len(taken))
    text, lines = draft.text, draft.lines
    for place, index in zip(places.tolist(), taken.tolist(), strict=True):
        line = lines[index]
        blocks.insert(place, Fragment(line, line.start, line.end, text[line.start : line.end]))
    left = np.ones(len(blocks), dtype=bool)
    left[places] = False
    return blocks, left


_line_index = operator.attrgetter("line.index")


def find_boilerplate_blocks(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield the blocks the content classifier scores as page furniture, on a whole page rendered as text
    (on any text when the caller sets ``Config.content_threshold``)."""
    if not config.enabled("content.classifier"):
        return
    fragments = draft.remaining()
    if len(fragments) < 2:
        return
    # A whole page is told by the lines it came with: the rules have taken some of its lines by now, and a
    # page must not pass for an extraction because they took enough of them.
    lines = len(draft.lines)
    if config.content_threshold is None and lines < _MIN_PAGE_LINES:
        return  # an extraction, whatever the page model would say: no need to measure its blocks
    model = load_line_model(config.content_model)
    # Each block is measured among its neighbours on the page, the lines the rules took included, and
    # those lines read as furniture: what the model sees around a block does not depend on which rules ran.
    blocks, left = page_blocks(draft)
    measured = analyse(blocks, draft.language)  # each block's measures are its own, whatever its neighbours
    whole = model.page_probability(page_row(measured, lines, left))
    if config.content_threshold is None and whole < model.whole_page:
        return  # an extraction: the model is off for it, so its features need not be computed
    every = line_rows([block.text for block in blocks], feature_matrix(blocks, draft.language, config, measured),
                      lines, len(fragments))
    probabilities = model.probabilities(every, left)
    rows = every[left]
    words, ends = measured.words[left], measured.ends_sentence[left]
    if config.content_threshold is None:
        limit = page_threshold(rows, probabilities, model.threshold)
        thresholds = block_thresholds(words, ends, probabilities, limit)
        where = f"on a whole page (P {whole:.2f}{', of short items' if is_item_page(rows) else ''}"
    else:  # the caller's choice, kept as given
        limit = config.content_threshold
        thresholds = np.full(len(probabilities), limit)
        where = "(the threshold of the configuration"
    going = np.flatnonzero(probabilities < thresholds)
    # the figures of the reasons as Python numbers: formatting a numpy scalar costs several times more
    for index, probability, threshold, count, density in zip(
            going.tolist(), probabilities[going].tolist(), thresholds[going].tolist(), words[going].tolist(),
            rows[going, _DENSITY].tolist(), strict=True):
        fragment = fragments[index]
        if not is_table_row(fragment):
            inside = ", inside the article" if threshold < limit else ""
            yield claim(fragment, "boilerplate", "content.classifier",
                        f"content probability {probability:.2f} < {threshold:.2f} {where}{inside}) "
                        f"({count} words, stop-word density {density:.2f})")
