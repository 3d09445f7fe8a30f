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
    # For each sentence, the index of the last whole-line fragment it occurs in.
    last_seen: dict[str, int] = {}
    split = []
    for index, fragment in enumerate(fragments):
        keys = [_key(sentence) for sentence in sentences(fragment.text)]
        split.append(keys)
        for key in keys:
            last_seen[key] = index
    occurrences: dict[str, list[int]] = {}
    for index, fragment in enumerate(fragments):
        occurrences.setdefault(fragment.text, []).append(index)
    for index, fragment in enumerate(fragments):
        if index >= _TEASER_WINDOW:
            break
        if not fragment.whole_line or word_count(fragment.text) < config.min_duplicate_words:
            continue
        copies = occurrences[fragment.text]
        if len(copies) == 2 and copies[0] == index:
            if config.enabled("duplicates.exact-repeat"):
                yield claim(fragment, "duplicate", "duplicates.exact-repeat",
                            f"the same paragraph comes again {copies[1] - index} paragraph(s) later")
        elif (len(copies) == 1 and split[index]
              and all(last_seen[key] > index for key in split[index]) and config.enabled("duplicates.teaser")):
            yield claim(fragment, "duplicate-teaser", "duplicates.teaser",
                        f"all {len(split[index])} sentence(s) occur again in later paragraphs")
