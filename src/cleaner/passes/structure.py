"""Structure: the headline (``title``), the summary under it (``standfirst``), and in-body subheadings.

Seeds 001, 002 and 004 open with a headline: a short line without final punctuation, alone in its
paragraph. A standfirst is a one-sentence summary that structure marks as such: it is followed by a photo
credit or caption (004) or by a lede that opens with a dateline (000). Without such a marker the first
sentence is the lede and stays in the body (003). Subheadings ("Pashinyan speaks Putin, Macron" in 004)
are short unpunctuated lines between prose paragraphs: they stay in the body and are listed in
``headings``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from cleaner.article import Removal
from cleaner.blocks import Draft, Fragment, claim, ends_sentence, has_words, word_count
from cleaner.config import Config
from cleaner.passes._text import is_bullet, sentences
from cleaner.passes.datelines import match_dateline

#: A standfirst is one sentence of at most this many words.
_MAX_STANDFIRST_WORDS = 60
_STANDFIRST_MARKERS = frozenset({"photo-credit", "caption"})
#: A subtitle is long enough to be a sentence, unlike an in-body subheading.
_SUBTITLE_MIN_WORDS = 8


def _alone_in_paragraph(fragments: Sequence[Fragment], index: int) -> bool:
    fragment = fragments[index]
    for neighbour in (index - 1, index + 1):
        if 0 <= neighbour < len(fragments) and fragments[neighbour].line.group == fragment.line.group:
            return False
    return True


def _is_headline(fragment: Fragment, config: Config) -> bool:
    # the tests are pure: the cheap one that most paragraphs fail (they end a sentence) goes first
    return (not fragment.ends_sentence and 2 <= word_count(fragment.text) <= config.max_title_words
            and not fragment.text.endswith((",", ";")) and not is_bullet(fragment.text)
            and len(sentences(fragment.text)) == 1)


def would_be_title(fragments: Sequence[Fragment], index: int, config: Config) -> bool:
    """True when ``fragments[index]``, were it the first, would be taken for the headline.

    Every claim at the top of the text must check this of what it leaves first: a body that opens with
    a headline-like line would lose it when cleaned again, and cleaning must be idempotent.
    """
    return (index + 1 < len(fragments) and _is_headline(fragments[index], config)
            and _alone_in_paragraph(fragments, index))


def find_title(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield the headline: the first remaining line if it is short, unpunctuated and alone.

    A second such line under it is the subtitle (``find_standfirst`` takes it); three in a row are a
    list of short lines, not the top of an article, and none is the headline.

    >>> [r.value for r in find_title(Draft.of("Azerbaijan says troops fired on\\n\\nThe ministry said."), Config())]
    ['Azerbaijan says troops fired on']
    >>> list(find_title(Draft.of("Opening hours\\n\\nMonday to Friday\\n\\nSaturday morning\\n\\nClosed."), Config()))
    []
    """
    if not config.enabled("structure.title"):
        return
    fragments = draft.remaining()
    if not would_be_title(fragments, 0, config) or (would_be_title(fragments, 1, config)
                                                     and would_be_title(fragments, 2, config)):
        return
    yield claim(fragments[0], "title", "structure.title",
                "the first line is short, alone in its paragraph and has no final punctuation",
                value=fragments[0].text)


def find_standfirst(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield the one-sentence summary between the top of the text and a credit or a dateline.

    >>> text = "The incident comes as tensions rise.\\n\\nSADARAK: The ministry said."
    >>> [r.value for r in find_standfirst(Draft.of(text), Config())]
    ['The incident comes as tensions rise.']
    >>> list(find_standfirst(Draft.of("The incident comes as tensions rise.\\nThe ministry said."), Config()))
    []
    """
    if not config.enabled("structure.standfirst"):
        return
    fragments = draft.remaining()
    if len(fragments) < 2:
        return
    candidate, following = fragments[0], fragments[1]
    if any(removal.kind == "standfirst" for removal in draft.removals):
        return  # a page has one standfirst (this pass runs again once the top has settled)
    if would_be_title(fragments, 1, config):
        return  # the body would open with a headline-like line: cleaning again would take it
    titled = any(removal.kind == "title" for removal in draft.removals)
    if (titled and config.enabled("structure.subtitle") and not candidate.ends_sentence
            and (_SUBTITLE_MIN_WORDS <= word_count(candidate.text) <= _MAX_STANDFIRST_WORDS
                 or would_be_title(fragments, 0, config))
            and _alone_in_paragraph(fragments, 0) and not is_bullet(candidate.text)):
        # A lede always ends like a sentence; a sentence-length line without final punctuation right
        # under the headline is the outlet's subtitle, and so is a shorter one that would otherwise be
        # taken for the headline when the body is cleaned again.
        yield claim(candidate, "standfirst", "structure.subtitle",
                    "a sentence-length line without final punctuation right under the headline",
                    value=candidate.text)
        return
    if not (candidate.ends_sentence and len(sentences(candidate.text)) == 1
            and word_count(candidate.text) <= _MAX_STANDFIRST_WORDS and _alone_in_paragraph(fragments, 0)):
        return
    if match_dateline(candidate.text, config) is not None or any(r.kind == "dateline" for r in draft.removals):
        return  # "LONDON: ..." opens the lede: the story starts there, and a standfirst comes above it
    marked_by = next((r.kind for r in draft.removals_between(candidate.end, following.start)
                      if r.kind in _STANDFIRST_MARKERS), None)
    if marked_by is None and match_dateline(following.text, config) is not None:
        marked_by = "dateline"
    if marked_by is None:
        return
    yield claim(candidate, "standfirst", "structure.standfirst",
                f"a one-sentence summary at the top, followed by a {marked_by}", value=candidate.text)


def find_headings(paragraphs: Sequence[str], config: Config) -> list[str]:
    """The in-body subheadings: short unpunctuated paragraphs between two paragraphs, before prose.

    >>> find_headings(["It began.", "Pashinyan speaks Putin, Macron", "He called them on Tuesday."], Config())
    ['Pashinyan speaks Putin, Macron']
    """
    if not config.enabled("structure.headings"):
        return []
    headings = []
    for index in range(1, len(paragraphs) - 1):
        paragraph = paragraphs[index]
        if ("\n" in paragraph or ends_sentence(paragraph) or paragraph.endswith((",", ";"))
                or not 0 < word_count(paragraph) <= config.max_heading_words or is_bullet(paragraph)):
            continue
        if ends_sentence(paragraphs[index + 1]) and has_words(paragraphs[index + 1], word_count(paragraph) + 1):
            headings.append(paragraph)
    return headings
