"""Content classifier: the statistical pass for what no rule names, on text features alone.

The rules catch boilerplate we have seen by name; this pass catches the rest the way good extractors
find the main content on the DOM, but from text only. A page model first tells a whole page rendered as
text (its menus, footers and lists of links still in it) from an extractor's output, on which the rules
alone do better and the pass does nothing. On a whole page, each block is judged by its length, final
punctuation, stop-word density (jusText's lists, in the document's language), capitalisation, digits,
bullets, words that page furniture uses, CJK characters, its position, the same features of its
neighbours, and by what a first judgement said of the blocks around it. Its neighbours are those on the
page: the lines the rules took stay in place, judged as the furniture they are, so that a rule taking a
line does not change how the model reads the article next to it. A block is a line, or a paragraph
hard-wrapped over several lines (a plain-text rendering at a fixed width), judged whole.

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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from cleaner.article import Removal
from cleaner.blocks import Draft, Fragment, claim
from cleaner.config import Config
from cleaner.errors import ConfigError
from cleaner.forest import Forest, model_data, neighbourhood, sigmoid
from cleaner.passes._line_features import _DENSITY, _PROSE, _SHORT_WORDS, _WORDS, FEATURES, feature_matrix
from cleaner.passes._line_features import features as features  # re-exported: the rows train_lines.py fits on
from cleaner.passes._line_features import page_shape as page_shape
from cleaner.passes._measures import CJK, Analysed, analyse, is_table_row

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
#: A page that shows at least this many prices (lines with one: "$129.95", "23,97 €", "from £169") is a
#: shop's, a page of items too, whatever prose its promotions hold: a collection, a list of products, a
#: product with its variants and the products next to it. On such a page the model took the items and
#: kept the shop's menus (a shop of outdoor gear kept about 5 % of its products); measured on text/full, at 50
#: prices: wcxb +0.0034 (tune +0.0022, check +0.0058), zyte and multilingual unchanged; at 30 or 40 a
#: news page of deals (appleinsider, ign) lost on zyte, at 20 a wine merchant's article on multilingual.
_SHOP_PRICES = 50
_PRICE = re.compile(r"[$€£¥₹] ?\d|\d(?:[.,]\d\d)? ?(?:€|£|EUR|USD|GBP|CHF|zł|kr|Kč|₽)(?!\w)")
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


def is_item_page(rows: NDArray[np.float64], prices: int = 0) -> bool:
    """True for a page of items: of short items (its prose blocks hold under ``_ITEM_PAGE_PROSE`` of its
    words), or a shop's (it shows ``prices`` of ``_SHOP_PRICES`` or more: ``count_prices``)."""
    if prices >= _SHOP_PRICES:
        return True
    words = np.expm1(rows[:, _WORDS])
    return bool(len(words)) and float(words[rows[:, _PROSE] > 0].sum()) < _ITEM_PAGE_PROSE * float(words.sum())


def count_prices(texts: Iterable[str]) -> int:
    """How many of the texts hold a price (``_PRICE``).

    >>> count_prices(["Daypack $129.95", "23,97 € statt 29,99 €", "In 2019, 12 km away", "from £169"])
    3
    """
    return sum(1 for text in texts if _PRICE.search(text))


def page_threshold(rows: NDArray[np.float64], probabilities: NDArray[np.float64], threshold: float,
                   prices: int = 0) -> float:
    """``threshold`` (``_ITEM_PAGE_THRESHOLD`` if lower, on a page of items, ``is_item_page`` of ``prices``;
    0, so that nothing goes, on one where the blocks that reach ``threshold`` hold fewer than
    ``_MIN_KEPT_WORDS`` words), unless the blocks above it hold fewer than ``_MIN_KEPT_WORDS`` words: then
    ``_NEAR_BEST`` of the best probability of a prose block (of the longest blocks, on a page without
    prose), so that a page with text never comes out empty."""
    words = np.expm1(rows[:, _WORDS])
    if is_item_page(rows, prices):
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

#: A line wraps into the next when it holds at least this many characters (a wrapped paragraph fills its
#: lines to the width of the page, most often 70 to 80; a menu's items are short), ends no sentence, and the
#: next line, right under it in the same paragraph, opens in lower case. Measured on text/full: at 60, zyte
#: +0.0002, wcxb +0.0001, multilingual +0.0014, every set's check sites higher; at 50 and 40, zyte and
#: multilingual gained more but wcxb's check sites lost (-0.0001) and at 40 zyte's too (-0.0005).
_WRAPPED_CHARS = 60


def unwrapped(blocks: Sequence[Fragment], left: NDArray[np.bool_]
              ) -> tuple[list[Fragment], NDArray[np.bool_], list[list[Fragment]]]:
    """The blocks with each paragraph hard-wrapped over several lines (a plain-text rendering at a fixed
    width: "... used in a" / "fitness facility to ...") as one block, and the lines each block the rules
    ``left`` is made of: alone, a wrapped line reads as a short line without final punctuation, a menu's.

    >>> line = "The text of the article goes on to the end of a line of the page"
    >>> text = f"Menu\\n\\n{line}\\nand on the next.\\n\\nFooter"
    >>> blocks, left, members = unwrapped(Draft.of(text).remaining(), np.ones(4, dtype=bool))
    >>> [block.text for block in blocks], [len(run) for run in members]
    (['Menu', 'The text of the article goes on to the end of a line of the page and on the next.', 'Footer'], [1, 2, 1])
    """
    merged: list[Fragment] = []
    kept: list[bool] = []
    members: list[list[Fragment]] = []
    for block, held in zip(blocks, left.tolist(), strict=True):
        if held and kept and kept[-1] and _wraps_into(members[-1][-1], block):
            members[-1].append(block)
            first = members[-1][0]
            merged[-1] = Fragment(first.line, first.start, block.end, " ".join(part.text for part in members[-1]))
            continue
        merged.append(block)
        kept.append(held)
        if held:
            members.append([block])
    return merged, np.array(kept, dtype=bool), members


def _wraps_into(line: Fragment, after: Fragment) -> bool:
    """True when the paragraph of ``line`` goes on in ``after`` (``_WRAPPED_CHARS``)."""
    return (len(line.text) >= _WRAPPED_CHARS and after.line.index == line.line.index + 1
            and after.line.group == line.line.group and after.text[:1].islower() and not line.ends_sentence)


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
    blocks, left, members = unwrapped(blocks, left)  # a paragraph wrapped over lines is one block
    measured = analyse(blocks, draft.language)  # each block's measures are its own, whatever its neighbours
    whole = model.page_probability(page_row(measured, lines, left))
    if config.content_threshold is None and whole < model.whole_page:
        return  # an extraction: the model is off for it, so its features need not be computed
    every = line_rows([block.text for block in blocks], feature_matrix(blocks, draft.language, config, measured),
                      lines, sum(map(len, members)))
    probabilities = model.probabilities(every, left)
    rows = every[left]
    words, ends = measured.words[left], measured.ends_sentence[left]
    if config.content_threshold is None:
        prices = count_prices(block.text for block in blocks)  # the page's, the lines the rules took included
        limit = page_threshold(rows, probabilities, model.threshold, prices)
        thresholds = block_thresholds(words, ends, probabilities, limit)
        items = (", of short items" if is_item_page(rows) else
                 f", a shop's: {prices} prices" if is_item_page(rows, prices) else "")
        where = f"on a whole page (P {whole:.2f}{items}"
    else:  # the caller's choice, kept as given
        limit = config.content_threshold
        thresholds = np.full(len(probabilities), limit)
        where = "(the threshold of the configuration"
    going = np.flatnonzero(probabilities < thresholds)
    # the figures of the reasons as Python numbers: formatting a numpy scalar costs several times more
    for index, probability, threshold, count, density in zip(
            going.tolist(), probabilities[going].tolist(), thresholds[going].tolist(), words[going].tolist(),
            rows[going, _DENSITY].tolist(), strict=True):
        inside = ", inside the article" if threshold < limit else ""
        wrapped = f", a paragraph wrapped over {len(members[index])} lines" if len(members[index]) > 1 else ""
        for fragment in members[index]:
            if not is_table_row(fragment):
                yield claim(fragment, "boilerplate", "content.classifier",
                            f"content probability {probability:.2f} < {threshold:.2f} {where}{inside}) "
                            f"({count} words, stop-word density {density:.2f}{wrapped})")
