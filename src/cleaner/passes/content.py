"""Content classifier: the statistical pass for what no rule names, on text features alone.

The rules catch boilerplate we have seen by name; this pass catches the rest the way good extractors
find the main content on the DOM, but from text only: a block is judged by its length, final
punctuation, stop-word density (jusText's lists, in the document's language), capitalisation, digits,
bullets, words that page furniture uses, its position, and the same features of its neighbours, and by
whether it lies before the first or after the last paragraph of prose (the main-content window).

The weights are a logistic regression fitted on the benchmark split only (``benchmarks/train_content.py``)
and shipped as ``data/content-model.json``; the figures we publish for it are cross-validated by
document, never measured on the pages it was fitted on. The reason of each removal carries the score.
"""

from __future__ import annotations

import json
import math
import operator
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import accumulate, compress
from typing import Any, NamedTuple

from cleaner.article import Removal
from cleaner.blocks import Draft, Fragment, claim, ends_sentence
from cleaner.config import Config
from cleaner.language import stopwords
from cleaner.passes._text import is_bullet
from cleaner.vocab import entries

_TOKEN = re.compile(r"\w+")
#: Cross-validation folds of the benchmark split; a page's fold is a hash of its id.
FOLDS = 5
_URL = re.compile(r"https?://|www\.|\.(?:com|org|net|html?)\b|@\w|#\w")
#: A block of prose: a sentence-final block of at least this many words with ordinary stop-word density.
_PROSE_WORDS = 15
_PROSE_STOPWORDS = 0.2
_SHORT_WORDS = 10
#: A prose block at least this likely to be content anchors the main-content window.
_CORE_PROBABILITY = 0.5

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
_BEFORE_FIRST_PROSE = BASE_FEATURES.index("before_first_prose")


def fold_of(page_id: str) -> int:
    """The cross-validation fold of a benchmark page: stable across runs and machines.

    >>> fold_of("042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856") in range(FOLDS)
    True
    """
    import hashlib

    return int(hashlib.sha1(page_id.encode("utf-8")).hexdigest(), 16) % FOLDS


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
        for size in starts[lowered[index]]:
            if index + size > count:
                break  # the sizes are sorted: the longer phrases do not fit either
            if size == 1 or tuple(lowered[index : index + size]) in phrases:
                hits += 1  # a token that opens a one-token phrase is that phrase
    return hits


class _Block(NamedTuple):
    words: int
    stopword_density: float
    ends_sentence: bool
    bullet: bool
    prose: bool
    #: The tokens in lower case, for the stop words here and the furniture phrases in ``features``
    #: (which lowers the tokens itself for a block made without them).
    lowered: tuple[str, ...] = ()


def _block(fragment: Fragment, stop: frozenset[str]) -> tuple[_Block, list[str]]:
    text = fragment.text
    tokens = _TOKEN.findall(text)
    words = len(tokens)
    # map() in C rather than a generator in Python: this runs once per token of the page
    lowered = tuple(map(str.lower, tokens))
    density = sum(map(stop.__contains__, lowered)) / words if words and stop else 0.0
    ends = ends_sentence(text)
    bullet = is_bullet(text)
    # A table row counts as content for the window: its words are data, not furniture.
    prose = (ends and words >= _PROSE_WORDS and (density >= _PROSE_STOPWORDS or not stop)) or is_table_row(fragment)
    return _Block(words, density, ends, bullet, prose, lowered), tokens


Analysed = list[tuple[_Block, list[str]]]


def analyse(fragments: Sequence[Fragment], language: str | None) -> Analysed:
    """The cheap per-block measures (length, stop words, punctuation) and the tokens of each block."""
    stop = stopwords(language)
    return [_block(fragment, stop) for fragment in fragments]


def page_shape(analysed: Analysed) -> tuple[float, int]:
    """The page's share of short blocks, and how many blocks come before its first paragraph of prose."""
    if not analysed:
        return 0.0, 0
    short = sum(1 for block, _tokens in analysed if block.words < _SHORT_WORDS) / len(analysed)
    lead = next((index for index, (block, _tokens) in enumerate(analysed) if block.prose), len(analysed))
    return short, lead


#: What a web address or a handle needs somewhere in the text for ``_URL`` to match it at all.
_URL_NEEDS = ("http", "www.", ".com", ".org", ".net", ".htm", "@", "#")
_first_character = operator.itemgetter(0)
_interacting = operator.itemgetter(*_INTERACTING_INDEXES)


def features(fragments: Sequence[Fragment], language: str | None, config: Config,
             analysed: Analysed | None = None) -> list[list[float]]:
    """One feature vector per fragment, in ``FEATURES`` order."""
    if analysed is None:
        analysed = analyse(fragments, language)
    stop = stopwords(language)
    count = len(analysed)
    if count == 0:
        return []
    if len(fragments) != count:
        raise ValueError("features() needs one analysed block per fragment")
    # The vectors are built a column (one feature of every block) at a time, and zipped into rows at the
    # end: each value is the expression the row-by-row loop computed, so the floats are the same.
    base = _base_columns([fragment.text for fragment in fragments], analysed, stop, config)
    short_share = base[_SHORT_SHARE][0]  # the page's, the same in every row
    interactions = [[value * short_share for value in column] for column in _interacting(base)]
    return list(map(list, zip(*base, *interactions, strict=True)))


def _base_columns(texts: Sequence[str], analysed: Analysed, stop: frozenset[str],
                  config: Config) -> list[list[float]]:
    """The columns of ``BASE_FEATURES``, in that order: each one feature of every block."""
    blocks = [block for block, _tokens in analysed]
    count = len(blocks)
    words = [block.words for block in blocks]
    prose = [block.prose for block in blocks]
    ends = [float(block.ends_sentence) for block in blocks]
    bullets = [float(block.bullet) for block in blocks]
    densities = [block.stopword_density for block in blocks]
    log_words = list(map(math.log1p, words))
    prose_indexes = list(compress(range(count), prose))
    first_prose = prose_indexes[0] if prose_indexes else count
    last_prose = prose_indexes[-1] if prose_indexes else -1
    lengths = list(map(len, texts))
    total_chars = sum(lengths) or 1
    short_share = sum(1 for block_words in words if block_words < _SHORT_WORDS) / count
    shares = _token_shares(texts, analysed, config)
    zero = [0.0]
    return [  # in BASE_FEATURES order
        [1.0] * count,  # bias
        log_words,
        ends,  # ends_sentence
        bullets,  # bullet
        densities,  # stopword_density
        [float(bool(stop))] * count,  # stopwords_known
        shares.capitalised,  # capitalised_ratio
        shares.digits,  # digit_ratio
        shares.urls,  # url_or_handle
        [index / count for index in range(count)],  # position
        [(total_chars - chars_through) / total_chars for chars_through in accumulate(lengths)],  # text_after
        zero + log_words[:-1],  # prev_log_words
        log_words[1:] + zero,  # next_log_words
        zero + densities[:-1],  # prev_stopword_density
        densities[1:] + zero,  # next_stopword_density
        [float(index < first_prose) for index in range(count)],  # before_first_prose
        [float(index > last_prose) for index in range(count)],  # after_last_prose
        list(map(math.log1p, _short_runs(words))),  # log_short_run
        shares.furniture,  # boilerplate_words
        [short_share] * count,  # doc_short_share
        list(map(math.log1p, _prose_distances(prose))),  # log_prose_distance
        [float(block_words >= _SHORT_WORDS and not block_ends)
         for block_words, block_ends in zip(words, ends, strict=True)],  # long_unpunctuated
        [float("|" in text) for text in texts],  # pipe
        shares.upper,  # upper_ratio
        zero + ends[:-1],  # prev_ends_sentence
        ends[1:] + zero,  # next_ends_sentence
        list(map(float, prose)),  # prose
        [math.log(length / max(block_words, 1))
         for length, block_words in zip(lengths, words, strict=True)],  # log_chars_per_word
        bullets[1:] + zero,  # next_bullet
        zero + bullets[:-1],  # prev_bullet
    ]


def _prose_distances(prose: Sequence[bool]) -> list[int]:
    """How many blocks each block is from the nearest block of prose, on either side (the page's length
    when it has none).

    >>> _prose_distances([False, True, False, False, True])
    [1, 0, 1, 1, 0]
    """
    count = len(prose)
    distance = [count] * count
    nearest = -count
    for index in range(count):
        if prose[index]:
            nearest = index
        distance[index] = index - nearest
    nearest = 2 * count
    for index in range(count - 1, -1, -1):
        if prose[index]:
            nearest = index
        distance[index] = min(distance[index], nearest - index)
    return distance


def _short_runs(words: Sequence[int]) -> list[int]:
    """The length of the run of short blocks (under ``_SHORT_WORDS`` words) each block belongs to; 0 for a
    block that is not short.

    >>> _short_runs([3, 4, 40, 2, 50])
    [2, 2, 0, 1, 0]
    """
    count = len(words)
    run = [0] * count
    start = 0
    while start < count:
        end = start
        while end < count and words[end] < _SHORT_WORDS:
            end += 1
        for index in range(start, end):
            run[index] = end - start
        start = end + 1 if end == start else end
    return run


class _TokenShares(NamedTuple):
    """The features of each block read off its tokens, one list per feature, in the blocks' order."""

    capitalised: list[float]
    upper: list[float]
    digits: list[float]
    furniture: list[float]
    urls: list[float]


def _token_shares(texts: Sequence[str], analysed: Analysed, config: Config) -> _TokenShares:
    """Each block's shares of capitalised tokens, of tokens in capitals and of numbers, its furniture
    phrases (at most three count), and whether it holds a web address or a handle."""
    shares = _TokenShares([], [], [], [], [])
    phrases, _lengths, symbols = furniture_phrases(config.languages)
    starts = phrase_starts(config.languages)
    for text, (block, tokens) in zip(texts, analysed, strict=True):
        # The shares of capitalised tokens and of tokens in capitals are over the tokens that are not
        # numbers. No character is both a digit and cased, so a number never starts with a capital nor is
        # in capitals: those counted over all the tokens are the counts over the others.
        numbers = sum(map(str.isdigit, tokens))
        letters = max(len(tokens) - numbers, 1)
        shares.capitalised.append(sum(map(str.isupper, map(_first_character, tokens))) / letters)
        # a one-letter token in capitals ("A") is a capitalised word, not one in capitals
        shares.upper.append(sum(1 for token in compress(tokens, map(str.isupper, tokens)) if len(token) > 1)
                            / letters)
        shares.digits.append(numbers / max(block.words, 1))
        lowered = block.lowered if block.lowered or not tokens else tuple(map(str.lower, tokens))
        shares.furniture.append(min(furniture_hits(text, lowered, phrases, starts, symbols), 3) / 3)
        # the substring tests rule out most blocks at C speed; the pattern decides the rest
        shares.urls.append(float(any(map(text.__contains__, _URL_NEEDS)) and _URL.search(text) is not None))
    return shares


@dataclass(frozen=True, slots=True)
class ContentModel:
    """Logistic-regression weights over ``FEATURES``: the probability that a block is article content."""

    weights: tuple[float, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]
    #: Inside the main-content window (from the first to the last confident prose block) a block goes
    #: only below ``threshold``; outside it, below ``edge_threshold``: menus and footers sit at the edges.
    #: A whole page rendered as text, not an extraction, uses the ``noisy_`` pair instead: at least
    #: ``noisy_min_blocks`` lines before the passes ran, at least ``noisy_min_lead`` blocks before the first
    #: paragraph of prose (the menus), and a share of short blocks of at least ``noisy_share``. On a clean
    #: extraction the model is not trusted: a meal plan or a product list is all short lines too, and is
    #: all content.
    threshold: float
    edge_threshold: float
    noisy_threshold: float
    noisy_edge_threshold: float
    noisy_share: float
    noisy_min_blocks: float
    noisy_min_lead: float
    #: On a noisy page, the main-content window is the densest run of likely content around this
    #: probability (see ``content_window``); None uses the run from first to last confident prose.
    window_pivot: float | None = None
    #: Each block weighs its words to this power in that run: 1 counts words, less lets many short
    #: blocks of likely content (a list, a table) outweigh one long block of doubtful prose.
    window_exponent: float = 1.0

    def thresholds(self, short_share: float, lines: int, lead: int) -> tuple[float, float, float | None]:
        """(inside the window, outside it, the window's pivot) for a page of this shape: its share of short
        blocks, how many lines it had before any pass ran, and its blocks before the first prose."""
        if short_share >= self.noisy_share and lines >= self.noisy_min_blocks and lead >= self.noisy_min_lead:
            return self.noisy_threshold, max(self.noisy_threshold, self.noisy_edge_threshold), self.window_pivot
        return self.threshold, max(self.threshold, self.edge_threshold), None

    #: The weights folded with the standardisation, once: z = intercept + sum(coefficient * x).
    coefficients: tuple[float, ...] = ()
    intercept: float = 0.0

    def __post_init__(self) -> None:
        coefficients = tuple(w / s for w, s in zip(self.weights, self.scales, strict=True))
        object.__setattr__(self, "coefficients", coefficients)
        object.__setattr__(self, "intercept", -sum(c * m for c, m in zip(coefficients, self.means, strict=True)))

    def probability(self, vector: Sequence[float]) -> float:
        z = self.intercept + sum(map(operator.mul, self.coefficients, vector))
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ContentModel:
        names = tuple(data["features"])
        if names != FEATURES:
            raise ValueError("the content model was trained on other features; retrain it")
        pivot = data.get("window_pivot")
        exponent = float(data.get("window_exponent", 1.0))
        return cls(tuple(map(float, data["weights"])), tuple(map(float, data["means"])),
                   tuple(map(float, data["scales"])), threshold=float(data["threshold"]),
                   edge_threshold=float(data["edge_threshold"]), noisy_threshold=float(data["noisy_threshold"]),
                   noisy_edge_threshold=float(data["noisy_edge_threshold"]), noisy_share=float(data["noisy_share"]),
                   noisy_min_blocks=float(data["noisy_min_blocks"]), noisy_min_lead=float(data["noisy_min_lead"]),
                   window_pivot=None if pivot is None else float(pivot), window_exponent=exponent)


@lru_cache(maxsize=8)
def shipped_model(name: str = "full") -> ContentModel | None:
    """The model shipped in ``data/content-model.json`` (``full``, or a cross-validation fold ``fold-K``)."""
    resource = resources.files("cleaner").joinpath("data", "content-model.json")
    if not resource.is_file():
        return None
    data = json.loads(resource.read_text(encoding="utf-8"))
    models = data["models"]
    if name not in models:
        return None
    return ContentModel.from_dict({**models[name], "features": data["features"]})


def content_window(probabilities: Sequence[float], vectors: Sequence[Sequence[float]],
                   pivot: float | None = None, exponent: float = 1.0) -> tuple[int, int]:
    """First and last index of the main-content window.

    With a ``pivot``: the contiguous run of blocks that maximises the sum of (probability - pivot) times
    the block's words to the power ``exponent``, as an extractor picks the densest run of article text
    (a maximum-subarray scan, linear), among the runs that hold the paragraph of prose the model is
    surest of, when the page has prose. Without one: from the first to the last confident prose block.

    >>> blank = [0.0] * len(BASE_FEATURES)
    >>> word, long = list(blank), list(blank)  # one word, a hundred words
    >>> long[1] = math.log1p(100)
    >>> vectors, likely = [word] * 3 + [long] + [word] * 3, [0.9] * 3 + [0.5] + [0.9] * 3
    >>> content_window(likely, vectors, pivot=0.6), content_window(likely, vectors, pivot=0.6, exponent=0.1)
    ((0, 2), (0, 6))
    >>> prose = list(long)
    >>> prose[BASE_FEATURES.index("prose")] = 1.0  # the run must hold it, though the two lines outweigh it
    >>> odds = [0.9, 0.9, 0.0, 0.0, 0.0, 0.95]
    >>> content_window(odds, [word] * 5 + [long], 0.6, 0.1), content_window(odds, [word] * 5 + [prose], 0.6, 0.1)
    ((0, 1), (5, 5))
    """
    prose_column = BASE_FEATURES.index("prose")
    if pivot is None:
        core = [index for index, (probability, vector) in enumerate(zip(probabilities, vectors, strict=True))
                if probability >= _CORE_PROBABILITY and vector[prose_column]]
        return (core[0], core[-1]) if core else (len(probabilities), -1)
    gains = [(probability - pivot) * max(math.expm1(vector[1]), 1.0) ** exponent
             for probability, vector in zip(probabilities, vectors, strict=True)]
    prose = [index for index, vector in enumerate(vectors) if vector[prose_column]]
    if not prose:
        return _densest_run(gains)
    # The window holds the paragraph of prose the model is surest of (the longer one on a tie): a run of
    # many likely-looking blocks elsewhere (a tag cloud, the site's terms of use) is not the article.
    anchor = max(prose, key=lambda index: (probabilities[index], vectors[index][1]))
    return _densest_run_through(gains, anchor)


def _densest_run(gains: Sequence[float]) -> tuple[int, int]:
    """First and last index of the contiguous run with the largest sum (maximum subarray, linear)."""
    best, best_span = 0.0, (len(gains), -1)
    running, start = 0.0, 0
    for index, gain in enumerate(gains):
        if running <= 0.0:
            running, start = 0.0, index
        running += gain
        if running > best:
            best, best_span = running, (start, index)
    return best_span


def _densest_run_through(gains: Sequence[float], anchor: int) -> tuple[int, int]:
    """First and last index of the contiguous run through ``anchor`` with the largest sum (linear).

    >>> _densest_run_through([1.0, -3.0, 1.0, 2.0, -0.5, 1.0, -9.0, 5.0], 2)
    (2, 5)
    """
    first, best, running = anchor, 0.0, 0.0
    for index in range(anchor - 1, -1, -1):
        running += gains[index]
        if running > best:
            first, best = index, running
    last, best, running = anchor, 0.0, 0.0
    for index in range(anchor + 1, len(gains)):
        running += gains[index]
        if running > best:
            last, best = index, running
    return first, last


def is_table_row(fragment: Fragment) -> bool:
    """A row of a table as extractors render it ("| 1 | Kyle Busch | 5040 |"): data, never furniture;
    its words are not prose, so the classifier's features would mislead it."""
    return len(fragment.text) > 1 and fragment.text.startswith("|") and fragment.text.endswith("|")


def decisions(fragments: Sequence[Fragment], probabilities: Sequence[float], vectors: Sequence[Sequence[float]],
              threshold: float, edge_threshold: float, pivot: float | None = None,
              exponent: float = 1.0, window: tuple[int, int] | None = None) -> list[bool]:
    """For each block, True when it goes: below ``threshold`` anywhere, below ``edge_threshold`` outside
    the main-content window (``window`` when the caller has it, else ``content_window``'s); table rows
    stay."""
    first, last = window if window is not None else content_window(probabilities, vectors, pivot, exponent)
    return [probability < (threshold if first <= index <= last else edge_threshold) and not is_table_row(fragment)
            for index, (fragment, probability) in enumerate(zip(fragments, probabilities, strict=True))]


def short_share(vectors: Sequence[Sequence[float]]) -> float:
    """The page's share of short blocks (the same for every block's vector)."""
    return vectors[0][_SHORT_SHARE] if vectors else 0.0


def lead(vectors: Sequence[Sequence[float]]) -> int:
    """How many blocks come before the first paragraph of prose."""
    return sum(1 for vector in vectors if vector[_BEFORE_FIRST_PROSE])


def find_boilerplate_blocks(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield the blocks the content classifier scores as page furniture."""
    if not config.enabled("content.classifier"):
        return
    model = shipped_model(config.content_model)
    fragments = draft.remaining()
    if model is None or len(fragments) < 2:
        return
    # A whole page is told by the lines it came with: the rules have taken some of its lines by now,
    # and a page must not pass for a clean extraction because they took enough of them.
    lines = len(draft.lines)
    if config.content_threshold is None and lines < model.noisy_min_blocks and model.threshold <= 0.0:
        return  # a clean extraction, too short to be a whole page: the model is off for it
    analysed = analyse(fragments, draft.language)
    short, lead_blocks = page_shape(analysed)
    threshold, edge_threshold, pivot = model.thresholds(short, lines, lead_blocks)
    if config.content_threshold is not None:
        threshold = edge_threshold = config.content_threshold
    if threshold <= 0.0 and edge_threshold <= 0.0:
        return  # a clean extraction: the model is off for it, so its features need not be computed
    vectors = features(fragments, draft.language, config, analysed)
    probabilities = [model.probability(vector) for vector in vectors]
    first, last = content_window(probabilities, vectors, pivot, model.window_exponent)
    gone = decisions(fragments, probabilities, vectors, threshold, edge_threshold, window=(first, last))
    for index, (fragment, vector, probability) in enumerate(zip(fragments, vectors, probabilities, strict=True)):
        inside = first <= index <= last
        limit = threshold if inside else edge_threshold
        if gone[index]:
            where = "inside" if inside else "outside"
            yield claim(fragment, "boilerplate", "content.classifier",
                        f"content probability {probability:.2f} < {limit:.2f} {where} the main-content window "
                        f"({round(math.expm1(vector[1]))} words, stop-word density {vector[4]:.2f})")
