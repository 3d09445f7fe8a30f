"""Lines the block model doubts, and summaries of other stories (``html.teaser``).

The block model scores a block by its box as much as by its words. A paragraph in a box of its own (a quote,
a lede styled apart) or a short line between the article's paragraphs (a list item, a table row) is where
it errs toward boilerplate: such a line stays when it reads as the article's (:func:`stays`). A summary in
a row of link cards outside the article is where it errs the other way: it goes as ``html.teaser``, a
related summary, when the model doubts it and, on a page that is one article, when it keeps it too.
``html.markup.find_markup_lines`` collects the lines; :func:`settle_doubts` decides.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence

import lxml.html

from cleaner.article import Removal
from cleaner.blocks import Draft, Fragment, claim
from cleaner.config import Config
from cleaner.html.blocks import Block

#: A paragraph the model doubts (scores under the page's threshold but at least ``DOUBTED``), that
#: nothing in its markup names (``html.boilerplate``), stays when it reads as the article's prose: a
#: sentence of at least ``DOUBTED_WORDS`` words on a page where the model keeps at least
#: ``_KEPT_PARAGRAPHS`` paragraphs (``_KEPT_PARAGRAPH_WORDS`` words or more, ending a sentence). The model
#: judges a block by its box as much as by its words, and a long paragraph in a box of its own (a quote,
#: a lede styled apart) is where it errs.
DOUBTED = 0.3
DOUBTED_WORDS = 25
_KEPT_PARAGRAPHS = 2
_KEPT_PARAGRAPH_WORDS = 10
#: Between the first and the last paragraph of ``_SPAN_WORDS`` words or more the model keeps, a line it
#: scores at least ``_INSIDE_DOUBTED`` that nothing in its markup names stays, whatever its length: it is
#: inside the article (a short paragraph, a list item, a table row the model's box features doubt).
_INSIDE_DOUBTED = 0.35
_SPAN_WORDS = 30
_ROLE_SUMMARY = (("role", "summary"),)


def settle_doubts(draft: Draft, found: Sequence[Removal], doubted: Mapping[int, tuple[Fragment, float, bool]],
                  kept: Sequence[tuple[int, int, bool]], blocks: Sequence[Block],
                  text_chars: Callable[[lxml.html.HtmlElement], int], config: Config, *,
                  article: bool) -> list[Removal]:
    """The removals ``found``, but for the doubted lines that stay, the teasers among them named
    ``html.teaser``, and, on a page that is one ``article``, the teasers among the lines the model keeps.

    ``doubted`` maps the start of a ``html.boilerplate`` removal the model doubts to its fragment, the
    model's P(content) and whether it is a paragraph of prose; ``kept`` lists the lines the model keeps,
    as (line, words, ends a sentence), in page order; ``text_chars`` gives the length of an element's text.
    """
    box = article_box([(blocks[line].chain, words) for line, words, ends in kept
                       if words >= _KEPT_PARAGRAPH_WORDS and ends])
    settled = list(_doubted_lines(found, doubted, kept, blocks, box, text_chars, config)) if doubted else list(found)
    if article and box is not None and config.enabled("html.teaser"):
        settled.extend(_kept_teasers(draft, kept, blocks, box, text_chars))
    return settled


def _doubted_lines(found: Sequence[Removal], doubted: Mapping[int, tuple[Fragment, float, bool]],
                   kept: Sequence[tuple[int, int, bool]], blocks: Sequence[Block],
                   article: lxml.html.HtmlElement | None, text_chars: Callable[[lxml.html.HtmlElement], int],
                   config: Config) -> Iterator[Removal]:
    """The removals ``found``, but for the lines the model doubts that stay (:func:`stays`), and those
    of them that summarise another story in a row of cards outside the article, named ``html.teaser``.

    ``doubted`` maps the start of a ``html.boilerplate`` removal the model doubts to its line, the model's
    P(content) and whether it is a paragraph of prose; ``kept`` lists the lines the model keeps, as (line,
    words, ends a sentence), in page order; ``article`` is the article's box (:func:`article_box`).
    """
    for removal in found:
        line = doubted.get(removal.start)
        if line is None or not stays(line[0].line.index, line[1], line[2], kept):
            yield removal
            continue
        fragment, probability = line[0], line[1]
        chain = blocks[fragment.line.index].chain
        if article is not None and config.enabled("html.teaser") and _teaser_card(chain, article, text_chars):
            yield claim(fragment, "related-link", "html.teaser",
                        f"the block model scores it {probability:.2f}; it sums up another story in a row of "
                        "cards outside the article", value=removal.text, meta=_ROLE_SUMMARY)


def _kept_teasers(draft: Draft, kept: Sequence[tuple[int, int, bool]], blocks: Sequence[Block],
                  article: lxml.html.HtmlElement,
                  text_chars: Callable[[lxml.html.HtmlElement], int]) -> Iterator[Removal]:
    """On a page that is one article, the lines the model keeps that sum up other stories in a row of cards
    outside the ``article`` box, unless they hold as many words as the article's box: then the cards are
    what the page is for (a list of winners that calls itself an article)."""
    inside = sum(words for line, words, _ends in kept if any(box is article for box in blocks[line].chain))
    cards = {line: words for line, words, _ends in kept
             if words >= _CARD_HEADLINE_WORDS and _teaser_card(blocks[line].chain, article, text_chars)}
    if not cards or sum(cards.values()) >= inside:
        return
    fragments = {fragment.line.index: fragment for fragment in draft.remaining()}
    for line in cards:
        fragment = fragments[line]
        yield claim(fragment, "related-link", "html.teaser", "the block model keeps it on a page that is one "
                    "article, but it sums up another story in a row of cards outside the article",
                    value=fragment.text, meta=_ROLE_SUMMARY)


#: The article is the smallest box that holds this share of the words of the paragraphs the model keeps.
_ARTICLE_SHARE = 0.6


def article_box(paragraphs: Sequence[tuple[Sequence[lxml.html.HtmlElement], int]]) -> lxml.html.HtmlElement | None:
    """The box of the article: the smallest box that holds ``_ARTICLE_SHARE`` of the words of
    ``paragraphs`` (each its chain, innermost first, and its words)."""
    words: dict[lxml.html.HtmlElement, int] = {}
    for chain, count in paragraphs:
        for box in chain:
            words[box] = words.get(box, 0) + count
    total = sum(count for _chain, count in paragraphs)
    # boxes of more than half the words are nested in one another: the smallest is the innermost
    enough = [box for box, count in words.items() if count >= _ARTICLE_SHARE * total]
    if not enough:
        return None
    return min(enough, key=lambda box: (words[box], -sum(1 for _box in box.iterancestors())))


def stays(index: int, probability: float, prose: bool, kept: Sequence[tuple[int, int, bool]]) -> bool:
    """True when a line the model doubts stays in the body: prose on a page whose article the model keeps,
    or a line inside the article (``index``: its line; ``prose``: it is a paragraph of prose)."""
    if prose and sum(1 for _line, words, ends in kept
                     if words >= _KEPT_PARAGRAPH_WORDS and ends) >= _KEPT_PARAGRAPHS:
        return True
    if probability < _INSIDE_DOUBTED:
        return False
    long_lines = [line for line, words, _ends in kept if words >= _SPAN_WORDS]
    return bool(long_lines) and long_lines[0] < index < long_lines[-1]


#: A teaser card holds a link of at least this many words (the headline of the story it sums up) in at
#: most ``_CARD_CHARS`` characters of text (or the line's length and this many more).
_CARD_HEADLINE_WORDS = 3
_CARD_CHARS = 1500
_CARD_DEPTH = 4
#: The card, or a box at most this many levels around it, has siblings of its tag and class that hold
#: links: a row of cards, each for a story.
_ROW_DEPTH = 3
_MIN_ROW_CARDS = 3


def _teaser_card(chain: Sequence[lxml.html.HtmlElement], article: lxml.html.HtmlElement,
                 text_chars: Callable[[lxml.html.HtmlElement], int]) -> bool:
    """True when the line of ``chain`` (its element and their ancestors) sums up another story: a small
    box around it also holds a headline link, and the box is one of a row of alike boxes that hold links,
    a row outside the ``article`` (the box of the article's paragraphs: neither in it nor around it)."""
    if any(box is article for box in chain):
        return False
    line = chain[0]
    limit = max(_CARD_CHARS, text_chars(line) + _CARD_CHARS // 3)
    depth = 1
    for card in chain[1:_CARD_DEPTH + 1]:
        if text_chars(card) > limit:
            return False
        if _headline_link(card, line):
            break
        depth += 1
    else:
        return False
    return any(_among_cards(box, article) for box in chain[depth:depth + _ROW_DEPTH + 1])


def _headline_link(card: lxml.html.HtmlElement, line: lxml.html.HtmlElement) -> bool:
    """The box holds a link of a headline's length outside the line's own element."""
    for link in card.iter("a"):
        if link.get("href") and len(link.text_content().split()) >= _CARD_HEADLINE_WORDS:
            if not any(ancestor is line for ancestor in link.iterancestors()):
                return True
    return False


def _among_cards(box: lxml.html.HtmlElement, article: lxml.html.HtmlElement) -> bool:
    """The box and at least ``_MIN_ROW_CARDS`` - 1 siblings of its tag and class hold a link each, in a
    row that does not hold the ``article``."""
    parent = box.getparent()
    if parent is None or any(inner is parent for inner in article.iterancestors()):
        return False
    alike = [sibling for sibling in parent if sibling.tag == box.tag and sibling.get("class") == box.get("class")]
    return len(alike) >= _MIN_ROW_CARDS and all(next(sibling.iter("a"), None) is not None for sibling in alike)
