"""The phrase index: the lines of a text that hold a whole phrase of a word list, from one scan.

Several passes look for the phrases of a word list as whole phrases: anywhere in a line (site notices
such as "Comments are closed", cookie banners, contact labels such as "Tel", company facts such as
"headquartered"), or opening a line and followed by no word character (the headers of comment threads
and related stories, the labels of related links, tag labels). Each used to test every line; most lines
hold none. The index scans the text once for the phrases of every list in ``INDEXED_LISTS`` and keeps, for
each list, the lines that hold one, so that a pass runs its own pattern only on those lines. It is built
for the first pass that asks, and shared by every draft of the same text (``Draft.shared``): the removals
change, the text does not.

A hit is what ``phrase_regex(r"(?<!\\w)(?:{list})(?!\\w)")`` finds: the case ignored as ``re`` ignores it,
a space of a phrase matching any run of spaces, no word character just before or after the phrase.

The scan is an Aho-Corasick automaton (pyahocorasick) over the lowered text, which finds every phrase at
once in C; lowering is how ``re`` ignores case for all but a few characters (the dotless i, the long s,
the Greek sigmas and a handful of Greek and old Cyrillic letter variants), which ``_UNSAFE`` names. A text
that holds one of them, a run of spaces, or a character that lowers into two (the dotted capital I), and
every text when pyahocorasick is missing, is scanned with the lists' own patterns instead, one list at a
time: the same lines, more slowly (tests/passes/test_index.py checks both ways against a search per line).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from cleaner.blocks import Draft
from cleaner.passes._text import phrase_regex
from cleaner.vocab import entries

try:
    import ahocorasick
except ImportError:  # pragma: no cover - a platform without its wheel: the patterns give the same lines
    ahocorasick = None

#: The word lists whose phrases passes look for as whole phrases: searched anywhere in a line (the first
#: four), or opening it (a header or a label, the word after it not glued on).
INDEXED_LISTS = ("site-notices", "cookie-notices", "contact-labels", "company-facts",
                 "comment-headers", "related-headers", "related-labels", "related-site-labels", "tag-labels")

#: The characters that ``re``, case ignored, matches to another character that lowering keeps apart
#: from them (``re._casefix``): one of each pair, and both of the Greek sigmas and mus. Lowering a text
#: without any of them matches a phrase as ``re`` does.
_UNSAFE = re.compile("[\u0131\u017f\u00b5\u03bc\u03c2\u03c3\u0345\u1fbe\u1fd3\u1fe3\u03d0\u03d1\u03d5\u03d6"
                     "\u03f0\u03f1\u03f5\u1c80-\u1c88\u1e9b\ufb05\ufb06]")


@dataclass(frozen=True, slots=True)
class PhraseIndex:
    """For each list of ``INDEXED_LISTS``, the indexes of the lines that hold one of its phrases whole."""

    lines_by_list: dict[str, frozenset[int]]

    def lines(self, name: str) -> frozenset[int]:
        """The indexes of the lines holding a whole phrase of list ``name`` (one of ``INDEXED_LISTS``)."""
        return self.lines_by_list[name]


def phrase_index(draft: Draft, languages: tuple[str, ...]) -> PhraseIndex:
    """The phrase index of the draft's text for the lists of ``languages``, built once per text.

    >>> index = phrase_index(Draft.of("The story.\\nComments are closed.\\nTel: 555 0100"), ("en",))
    >>> sorted(index.lines("site-notices")), sorted(index.lines("contact-labels"))
    ([1], [2])
    """
    key = ("phrase-index", languages)
    found = draft.shared.get(key)
    if isinstance(found, PhraseIndex):
        return found
    index = build_index(draft.text, tuple(line.start for line in draft.lines), languages)
    draft.shared[key] = index
    return index


def holding_lines(draft: Draft, name: str, languages: tuple[str, ...]) -> frozenset[int]:
    """The lines whose remaining fragments may hold a whole phrase of list ``name``: the index's lines, and
    the lines where a removal leaves a fragment glued to a word it took.

    A fragment is a piece of its line, so a phrase it holds is in the line at the same place; but where a
    removal ends with a word character right before the fragment ("2023-09-09Comments are closed" without
    its date), or starts with one right after it, the fragment's edge is the end of a word that the line
    does not end there: a phrase at that edge is whole in the fragment only.

    >>> draft = Draft.of("Story.\\nA sentence.\\nComments are closed.")
    >>> sorted(holding_lines(draft, "site-notices", ("en",)))
    [2]
    """
    lines = phrase_index(draft, languages).lines(name)
    glued = _lines_glued_to_removals(draft)
    return lines | glued if glued else lines


def fragments_on(draft: Draft, lines: Iterable[int]) -> list[int]:
    """The indexes in ``draft.remaining()`` of the fragments on ``lines``, in text order.

    >>> draft = Draft.of("Story.\\nTags: a, b\\nMore.")
    >>> fragments_on(draft, holding_lines(draft, "tag-labels", ("en",)))
    [1]
    """
    found: list[int] = []
    for index in sorted(lines):
        line = draft.lines[index]
        before, after = draft.fragments_around(line.start, line.end)
        found.extend(range(before + 1, after))
    return found


def _lines_glued_to_removals(draft: Draft) -> frozenset[int]:
    """The indexes of the lines where a removal starts or ends with a word character, with no space
    between it and the text before or after it."""
    text = draft.text
    edges: list[int] = []  # the removed word characters at such edges
    for removal in draft.removals:
        if removal.start > 0 and text[removal.start - 1] not in " \n" and _is_word(text[removal.start]):
            edges.append(removal.start)
        if removal.end < len(text) and text[removal.end] not in " \n" and _is_word(text[removal.end - 1]):
            edges.append(removal.end - 1)
    lines = (draft.line_at(offset) for offset in edges)
    return frozenset(line.index for line in lines if line is not None)


def build_index(text: str, line_starts: Sequence[int], languages: tuple[str, ...]) -> PhraseIndex:
    """The phrase index of ``text``, whose lines start at ``line_starts``: one automaton scan, or, for a
    text the automaton cannot read, the lists' own patterns.

    >>> sorted(build_index("We use cookies.\\nAbout us", (0, 16), ("en",)).lines("cookie-notices"))
    [0]
    """
    if not _has_phrases(languages):  # a language with a stop list but no word lists: nothing to find
        return PhraseIndex({name: frozenset() for name in INDEXED_LISTS})
    lowered = text.lower()
    automaton = _automaton(languages)
    if automaton is None or len(lowered) != len(text) or "  " in text or _UNSAFE.search(lowered):
        return _index_by_patterns(text, line_starts, languages)
    found: dict[str, set[int]] = {name: set() for name in INDEXED_LISTS}
    size = len(text)
    for last, (length, names) in automaton.iter(lowered):
        start, end = last + 1 - length, last + 1
        if (start and _is_word(text[start - 1])) or (end < size and _is_word(text[end])):
            continue  # a phrase inside a longer word ("tel" of "hotel")
        line = bisect_right(line_starts, start) - 1
        for name in names:
            found[name].add(line)
    return PhraseIndex({name: frozenset(lines) for name, lines in found.items()})


def _index_by_patterns(text: str, line_starts: Sequence[int], languages: tuple[str, ...]) -> PhraseIndex:
    """The phrase index from each list's own pattern, searched in the whole text (a phrase never spans two
    lines: its spaces match spaces only)."""
    return PhraseIndex({name: frozenset(bisect_right(line_starts, found.start()) - 1
                                        for found in pattern.finditer(text))
                        for name, pattern in _whole_phrases(languages).items()})


@lru_cache(maxsize=32)
def _whole_phrases(languages: tuple[str, ...]) -> dict[str, re.Pattern[str]]:
    """Each indexed list's own whole-phrase pattern, by list name."""
    return {name: phrase_regex(r"(?<!\w)(?:{" + name + r"})(?!\w)", languages) for name in INDEXED_LISTS}


@lru_cache(maxsize=32)
def _has_phrases(languages: tuple[str, ...]) -> bool:
    return any(entries(name, languages) for name in INDEXED_LISTS)


@lru_cache(maxsize=32)
def _automaton(languages: tuple[str, ...]) -> ahocorasick.Automaton | None:
    """An automaton of the lowered phrases of every indexed list, each giving its length and its lists."""
    if ahocorasick is None:
        return None
    lists_of: dict[str, set[str]] = {}
    for name in INDEXED_LISTS:
        for entry in entries(name, languages):
            lists_of.setdefault(entry.lower(), set()).add(name)
    if any(_UNSAFE.search(phrase) for phrase in lists_of):
        return None  # a phrase that lowering would read otherwise than re: none ships today
    automaton = ahocorasick.Automaton()
    for phrase, names in lists_of.items():
        automaton.add_word(phrase, (len(phrase), tuple(sorted(names))))
    automaton.make_automaton()
    return automaton


def _is_word(character: str) -> bool:
    """True for a character that ``\\w`` matches."""
    return character.isalnum() or character == "_"

