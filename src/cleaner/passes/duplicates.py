"""Duplicates: a teaser paragraph whose sentences all come again later, and exact repeats.

Seen in seed 002: the first paragraph after the title strings together two sentences that the story
tells again further down, in two different paragraphs. The early copy is the teaser and goes; the
in-body copy stays. A teaser sits at the top, so only the first paragraphs are candidates, for both
rules: further down, repeated lines are lists, tables and interview questions far more often than copies.

What must stay: short paragraphs ("Yes.", "He declined to comment.") need ``Config.min_duplicate_words``
words to count, and a line that comes three or more times is the template of a list, a recipe or an
interview ("Portion Fix Containers: 1 Green, 1 Red, 1 tsp." in a meal plan, the same question put to
each contestant), not a copied paragraph: only a paragraph that occurs exactly twice is an exact repeat.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cleaner.article import Removal
from cleaner.blocks import Draft, claim, word_count
from cleaner.config import Config
from cleaner.passes._text import sentences

_SPACE = re.compile(r"\s+")
#: A teaser is one of the first few paragraphs of what the other passes left.
_TEASER_WINDOW = 3


def _key(sentence: str) -> str:
    return _SPACE.sub(" ", sentence).strip().casefold()


def find_repeated_paragraphs(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield each paragraph whose every sentence occurs again in a later paragraph.

    >>> a = "He said Russia planned to boost its cooperation with Armenia."
    >>> b = "Russia has a mutual defence pact with Armenia and a military base there."
    >>> text = f"Title\\n\\n{a} {b}\\n\\nFirst fact of the story is here today.\\n\\n{b} More.\\n\\nAnd {a.lower()} {a}"
    >>> [(r.kind, r.text[:20]) for r in find_repeated_paragraphs(Draft.of(text), Config())]
    [('duplicate-teaser', 'He said Russia plann')]
    """
    fragments = draft.remaining()
    # Only the first few paragraphs are candidates; the rest of the text is searched with one scan per
    # sentence (C speed), not split into sentences in Python.
    lines = [fragment.text for fragment in fragments]
    for index, fragment in enumerate(fragments[:_TEASER_WINDOW]):
        if not fragment.whole_line or word_count(fragment.text) < config.min_duplicate_words:
            continue
        later = "\n".join(lines[index + 1 :])
        copies = 1 + f"\n{later}\n".count(f"\n{fragment.text}\n")
        if copies == 2:
            if config.enabled("duplicates.exact-repeat"):
                yield claim(fragment, "duplicate", "duplicates.exact-repeat",
                            "the same paragraph comes again later, once")
        elif copies == 1 and config.enabled("duplicates.teaser"):
            keys = [_key(sentence) for sentence in sentences(fragment.text)]
            later_folded = later.casefold()
            if keys and all(_occurs(key, later_folded) for key in keys):
                yield claim(fragment, "duplicate-teaser", "duplicates.teaser",
                            f"all {len(keys)} sentence(s) occur again in later paragraphs")


def _occurs(sentence: str, text: str) -> bool:
    """Whether ``sentence`` occurs in ``text`` as a whole sentence (between spaces or line ends).

    A plain string search: a regex built from each sentence was compiled anew on every call.

    >>> _occurs("it rained.", "then it rained. then"), _occurs("it rained.", "then it rained.x")
    (True, False)
    >>> _occurs("a b", "xa b\\na b"), _occurs("a b", "xa b")
    (True, False)
    """
    start = text.find(sentence)
    while start >= 0:
        end = start + len(sentence)
        if (start == 0 or text[start - 1].isspace()) and (end == len(text) or text[end].isspace()):
            return True
        start = text.find(sentence, start + 1)
    return False
