"""Duplicates: a teaser paragraph whose sentences all come again later, and exact repeats.

Seen in seed 002: the first paragraph after the title strings together two sentences that the story
tells again further down, in two different paragraphs. The early copy is the teaser and goes; the
in-body copy stays. Short paragraphs ("Yes.", "He declined to comment.") repeat legitimately and are
never touched: a paragraph needs ``Config.min_duplicate_words`` words to count.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cleaner.article import Removal
from cleaner.blocks import Draft, claim, word_count
from cleaner.config import Config
from cleaner.passes._text import sentences

_SPACE = re.compile(r"\s+")


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
    last_text: dict[str, int] = {}
    for index, fragment in enumerate(fragments):
        last_text[fragment.text] = index
    for index, fragment in enumerate(fragments):
        if not fragment.whole_line or word_count(fragment.text) < config.min_duplicate_words:
            continue
        if last_text[fragment.text] > index:
            if config.enabled("duplicates.exact-repeat"):
                yield claim(fragment, "duplicate", "duplicates.exact-repeat",
                            f"the same paragraph comes again {last_text[fragment.text] - index} paragraph(s) later")
        elif split[index] and all(last_seen[key] > index for key in split[index]) and config.enabled("duplicates.teaser"):
            yield claim(fragment, "duplicate-teaser", "duplicates.teaser",
                        f"all {len(split[index])} sentence(s) occur again in later paragraphs")
