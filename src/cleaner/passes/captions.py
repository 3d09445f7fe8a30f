"""Captions: the line attached to a photo credit, and copies of it around the credit.

Seen in seed 004: "Azerbaijan's Defence Ministry said that ... both sides." sits on the line right above
"Reuters Archive" (no blank line between them), and the same sentence is repeated as its own paragraph
right after the credit. Both copies are the caption; ``captions`` lists it once. A paragraph separated
from the credit by a blank line is not a caption by position alone (seed 001's headline stands above
"Shutterstock" and is the title), only when it repeats the caption.
"""

from __future__ import annotations

from collections.abc import Iterator

from cleaner.article import Removal
from cleaner.blocks import Draft, Fragment, claim, word_count
from cleaner.config import Config

_MAX_CAPTION_WORDS = 80


def find_captions(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield captions attached to the credit lines found by the credits pass.

    >>> text = "Lede.\\n\\nA caption here.\\nReuters Archive\\n\\nA caption here.\\n\\nBody."
    >>> from cleaner.passes.credits import find_photo_credits
    >>> draft = Draft.of(text)
    >>> draft = draft.with_removals(find_photo_credits(draft, Config()))
    >>> [r.text for r in find_captions(draft, Config())]
    ['A caption here.', 'A caption here.']
    """
    fragments = draft.remaining()
    claimed: set[int] = set()
    lines_by_index = {line.index: line for line in draft.lines}
    for credit in draft.removals:
        if credit.kind != "photo-credit" or credit.rule == "credits.inline":
            continue
        credit_line = draft.line_at(credit.start)
        if credit_line is None:
            continue
        before, after = draft.fragments_around(credit.start, credit.end)
        caption: Fragment | None = None
        if config.enabled("captions.attached") and before >= 0 and before not in claimed:
            candidate = fragments[before]
            above = lines_by_index.get(credit_line.index - 1)
            if (candidate.whole_line and above is not None and candidate.line == above
                    and above.group == credit_line.group and word_count(candidate.text) <= _MAX_CAPTION_WORDS):
                caption = candidate
                claimed.add(before)
                yield claim(candidate, "caption", "captions.attached",
                            "the line directly above a photo credit, in the same paragraph", value=candidate.text)
        if caption is None or not config.enabled("captions.repeated"):
            continue
        # The same caption again right after the credit, or right before the attached copy.
        for index in (after, before - 1):
            if 0 <= index < len(fragments) and index not in claimed and fragments[index].text == caption.text:
                claimed.add(index)
                yield claim(fragments[index], "caption", "captions.repeated",
                            "repeats the caption attached to the photo credit next to it", value=caption.text)
