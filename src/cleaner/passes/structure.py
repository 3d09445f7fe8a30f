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
from cleaner.blocks import Draft, Fragment, claim, ends_sentence, word_count
from cleaner.config import Config
from cleaner.passes._text import BULLET, sentences
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
    words = word_count(fragment.text)
    return (2 <= words <= config.max_title_words and not fragment.ends_sentence
            and not fragment.text.endswith((",", ";")) and not BULLET.match(fragment.text)
            and len(sentences(fragment.text)) == 1)


def find_title(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield the headline: the first remaining line if it is short, unpunctuated and alone.

    >>> [r.value for r in find_title(Draft.of("Azerbaijan says troops fired on\\n\\nThe ministry said."), Config())]
    ['Azerbaijan says troops fired on']
    """
    if not config.enabled("structure.title"):
        return
    fragments = draft.remaining()
    if len(fragments) < 2 or not _is_headline(fragments[0], config) or not _alone_in_paragraph(fragments, 0):
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
    titled = any(removal.kind == "title" for removal in draft.removals)
    if (titled and config.enabled("structure.subtitle") and not candidate.ends_sentence
            and _SUBTITLE_MIN_WORDS <= word_count(candidate.text) <= _MAX_STANDFIRST_WORDS
            and _alone_in_paragraph(fragments, 0) and not BULLET.match(candidate.text)):
        # A lede always ends like a sentence; a sentence-length line without final punctuation right
        # under the headline is the outlet's subtitle.
        yield claim(candidate, "standfirst", "structure.subtitle",
                    "a sentence-length line without final punctuation right under the headline",
                    value=candidate.text)
        return
    if not (candidate.ends_sentence and len(sentences(candidate.text)) == 1
            and word_count(candidate.text) <= _MAX_STANDFIRST_WORDS and _alone_in_paragraph(fragments, 0)):
        return
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
                or not 0 < word_count(paragraph) <= config.max_heading_words or BULLET.match(paragraph)):
            continue
        if ends_sentence(paragraphs[index + 1]) and word_count(paragraphs[index + 1]) > word_count(paragraph):
            headings.append(paragraph)
    return headings
