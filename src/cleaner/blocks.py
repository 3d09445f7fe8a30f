"""The normalised text cut into lines and paragraph groups, and the ``Draft`` that passes read.

A *line* is a non-empty line of the normalised text. Lines form *groups*: the paragraphs of the input,
separated by blank lines; a text with no blank line at all (seed 003) has one paragraph per line. A
*fragment* is what is left of a line once earlier passes took spans out of it (a date header glued to the
first sentence leaves the sentence). Passes read fragments and yield removals; they never edit text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from operator import attrgetter

from cleaner.article import Removal
from cleaner.config import Config
from cleaner.normalize import normalize

#: Han and kana: Chinese and Japanese put no spaces between words (Hangul does, and counts by runs).
CJK_CHARACTERS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: A token: a run of word characters, except that each Han or kana character is a token of its own, so that
#: a Chinese paragraph has many tokens, not one.
WORD = re.compile(rf"[^\W{CJK_CHARACTERS}]+|[{CJK_CHARACTERS}]")
#: What ``word_count`` counts, the unit of every length threshold: a run of word characters, or two Han or
#: kana characters (a Chinese or Japanese word has one to three, two on average), so that a threshold in
#: words reads a CJK headline or paragraph as it reads an English one.
_COUNTED = re.compile(rf"[^\W{CJK_CHARACTERS}]+|[{CJK_CHARACTERS}]{{1,2}}")
# Final punctuation of a sentence, before any closing quotes or brackets.
_FINAL_PUNCT = frozenset(".!?…:;。！？")
_CLOSERS = "'\"’”»)]"


_span = attrgetter("start", "end")


class OverlapError(RuntimeError):
    """Two passes claimed the same characters: a bug in a pass, never the input's fault."""


@dataclass(frozen=True, slots=True)
class Line:
    """A non-empty line: its offsets in the normalised text and the paragraph group it belongs to."""

    index: int
    start: int
    end: int
    group: int


@dataclass(frozen=True, slots=True)
class Fragment:
    """The part of a line that no pass has removed yet, stripped of spaces at both ends."""

    line: Line
    start: int
    end: int
    text: str
    #: No other piece of the line is left: the rest of it, if any, was claimed by a pass.
    sole: bool = True

    @property
    def whole_line(self) -> bool:
        """True when nothing else of its line is left in the body.

        That is the whole line, or what a header glued to it left (" date 2023-09-09 Lire aussi"): in
        the body that piece is a line of its own, and cleaning the body again must judge it the same.
        """
        return self.sole

    @property
    def words(self) -> list[str]:
        return WORD.findall(self.text)

    @property
    def ends_sentence(self) -> bool:
        """True when the fragment ends with final punctuation (closing quotes allowed after it)."""
        return ends_sentence(self.text)


def word_count(text: str) -> int:
    """Number of words: the unit every length threshold is written in (two CJK characters count as one).

    >>> word_count("The bridge reopened."), word_count("大桥重新开放。"), word_count("Kindle for PCの方法")
    (3, 3, 5)
    """
    return len(_COUNTED.findall(text))


def has_words(text: str, count: int) -> bool:
    """``word_count(text) >= count``, reading no further than the ``count``-th word: a threshold on a long
    paragraph need not find all of its words.

    >>> has_words("one two three", 3), has_words("one, two three", 4), has_words("", 0)
    (True, False, True)
    """
    if count <= 0:
        return True
    return next(islice(_COUNTED.finditer(text), count - 1, None), None) is not None


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends with final punctuation, closing quotes or brackets allowed after it.

    >>> ends_sentence('He said "no."'), ends_sentence("Pashinyan speaks Putin, Macron")
    (True, False)
    """
    # rstrip of the closers, not a regex anchored at "$": that one is tried from every position of the line
    core = text.rstrip(_CLOSERS)
    return bool(core) and core[-1] in _FINAL_PUNCT


def split_lines(text: str) -> tuple[Line, ...]:
    """Cut normalised text into lines with paragraph groups.

    >>> [(l.start, l.end, l.group) for l in split_lines("a\\nb\\n\\nc")]
    [(0, 1, 0), (2, 3, 0), (5, 6, 1)]
    >>> [l.group for l in split_lines("a\\nb\\nc")]
    [0, 1, 2]
    """
    return tuple(_cut_lines(text)[0])


def _cut_lines(text: str) -> tuple[list[Line], list[int], list[int], list[str]]:
    """The lines of ``split_lines``, their starts, ends and texts (the pieces of the split, not new slices)."""
    one_per_line = "\n\n" not in text
    lines: list[Line] = []
    starts: list[int] = []
    ends: list[int] = []
    pieces: list[str] = []
    group = 0
    previous_end = -1
    start = 0
    # the lines are the runs of characters other than "\n": the pieces of a split at "\n" that are not empty
    for piece in text.split("\n"):
        if piece:
            end = start + len(piece)
            # between two lines there are only line breaks: a blank line is two of them or more
            if lines and (one_per_line or start - previous_end > 1):
                group += 1
            lines.append(Line(len(lines), start, end, group))
            starts.append(start)
            ends.append(end)
            pieces.append(piece)
            previous_end = end
        start += len(piece) + 1
    return lines, starts, ends, pieces


def _line_fragments(text: str, line: Line, removals: Iterable[Removal]) -> Iterator[Fragment]:
    """What remains of one line after the removals inside it (sorted), stripped of edge spaces."""
    position = line.start
    pieces: list[tuple[int, int]] = []
    for removal in removals:
        if removal.start > position:
            pieces.append((position, removal.start))
        position = max(position, removal.end)
    if position < line.end:
        pieces.append((position, line.end))
    kept: list[tuple[int, str]] = []
    for start, end in pieces:
        piece = text[start:end]
        stripped = piece.strip(" ")
        if stripped:
            kept.append((start + (len(piece) - len(piece.lstrip(" "))), stripped))
    for left, stripped in kept:
        yield Fragment(line, left, left + len(stripped), stripped, sole=len(kept) == 1)


@dataclass(frozen=True, slots=True)
class Draft:
    """The normalised text, its lines, and the removals claimed so far (sorted, never overlapping)."""

    text: str
    lines: tuple[Line, ...]
    removals: tuple[Removal, ...] = ()
    fragments: tuple[Fragment, ...] = field(default=(), compare=False)
    #: The document's language (ISO 639-1), when known: statistical passes read stop words with it.
    language: str | None = None
    _line_starts: tuple[int, ...] = field(default=(), compare=False, repr=False)
    _fragment_starts: tuple[int, ...] = field(default=(), compare=False, repr=False)
    #: What passes work out once per text and share, such as the phrase index (``passes._index``): every
    #: draft of one text holds the same dict, so only what depends on the text alone, never on the
    #: removals, may go in it.
    shared: dict[Hashable, object] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def _build(cls, text: str, lines: tuple[Line, ...], removals: tuple[Removal, ...],
               fragments: tuple[Fragment, ...], language: str | None = None,
               line_starts: tuple[int, ...] | None = None, fragment_starts: tuple[int, ...] | None = None,
               shared: dict[Hashable, object] | None = None) -> Draft:
        return cls(text, lines, removals, fragments, language,
                   line_starts if line_starts is not None else tuple(line.start for line in lines),
                   fragment_starts if fragment_starts is not None else tuple(fragment.start for fragment in fragments),
                   shared if shared is not None else {})

    @classmethod
    def of(cls, raw: str, config: Config | None = None) -> Draft:
        """A draft of ``raw`` after normalisation: the entry point for tests of a single pass."""
        return cls.from_normalized(normalize(raw, config).text)

    @classmethod
    def from_normalized(cls, text: str, language: str | None = None) -> Draft:
        lines, starts, ends, pieces = _cut_lines(text)
        # normalised lines carry no edge spaces: each line is its own first fragment, starting where it does
        fragments = tuple(map(Fragment, lines, starts, ends, pieces))
        line_starts = tuple(starts)
        return cls._build(text, tuple(lines), (), fragments, language, line_starts, line_starts)

    def remaining(self) -> tuple[Fragment, ...]:
        """The fragments no pass has claimed, in text order."""
        return self.fragments

    def with_removals(self, new: Iterable[Removal]) -> Draft:
        """A new draft with ``new`` removals added; overlapping claims raise :class:`OverlapError`."""
        added = list(new)
        if not added:
            return self
        for removal in added:
            if self.text[removal.start : removal.end] != removal.text or removal.start >= removal.end:
                raise OverlapError(f"removal {removal.rule} does not match the text at its offsets")
        merged = sorted((*self.removals, *added), key=_span)
        for before, after in zip(merged, merged[1:], strict=False):
            if after.start < before.end:
                raise OverlapError(f"{before.rule} and {after.rule} both claim {after.start}..{before.end}")
        taken = self._whole_fragments(added)
        if taken is not None:
            return self._without(taken, tuple(merged))
        # Only the lines the new removals touch are cut again; every other fragment is kept as it was.
        line_starts = self._line_starts
        touched: set[int] = set()
        for removal in added:  # the lines from the one of its start to the one of its last character
            first, last = bisect_right(line_starts, removal.start) - 1, bisect_right(line_starts, removal.end - 1) - 1
            touched.update(range(max(first, 0), max(last, 0) + 1))
        # A removal cuts the lines from the one holding its start to the one holding its last character.
        # ``merged`` is sorted and does not overlap, so its ends are sorted too, and the removals that cut a
        # line are a run of it: those that end after the line starts and start before the next line does.
        starts = [removal.start for removal in merged]
        ends = [removal.end for removal in merged]
        cuts: dict[int, list[Removal]] = {}
        for index in touched:
            first = bisect_right(ends, line_starts[index]) if index else 0
            last = bisect_left(starts, line_starts[index + 1]) if index + 1 < len(line_starts) else len(merged)
            cuts[index] = merged[first:last]
        # The fragments of a line are a run of ``fragments`` (they are in text order), found by bisection on
        # their starts; those of the lines in between are copied over a run at a time.
        kept, kept_starts = self.fragments, self._fragment_starts
        fragments: list[Fragment] = []
        fragment_starts: list[int] = []
        copied = 0
        lines_count = len(line_starts)
        for index in sorted(cuts):
            first = bisect_left(kept_starts, line_starts[index], copied)
            last = bisect_left(kept_starts, line_starts[index + 1], first) if index + 1 < lines_count else len(kept)
            if first == last:
                continue  # nothing of the line is left to cut again
            fragments.extend(kept[copied:first])
            fragment_starts.extend(kept_starts[copied:first])
            for fragment in _line_fragments(self.text, self.lines[index], cuts[index]):
                fragments.append(fragment)
                fragment_starts.append(fragment.start)
            copied = last
        fragments.extend(kept[copied:])
        fragment_starts.extend(kept_starts[copied:])
        return Draft._build(self.text, self.lines, tuple(merged), tuple(fragments), self.language, self._line_starts,
                            tuple(fragment_starts), self.shared)

    def _whole_fragments(self, added: list[Removal]) -> list[int] | None:
        """The indexes of the fragments the removals take whole, or None when one of them takes anything else."""
        kept, kept_starts = self.fragments, self._fragment_starts
        taken: list[int] = []
        for removal in added:
            index = bisect_left(kept_starts, removal.start)
            if index == len(kept) or kept_starts[index] != removal.start or kept[index].end != removal.end:
                return None
            taken.append(index)
        return taken

    def _without(self, taken: list[int], removals: tuple[Removal, ...]) -> Draft:
        """The draft without the fragments at ``taken``, each claimed whole by one of ``removals``.

        What cutting their lines again would give: a fragment is a piece of its line between two removals,
        stripped of spaces, so a removal of the fragment leaves only spaces of that piece, and the other
        pieces of the line are as they were. A fragment left alone on its line becomes ``sole``.
        """
        kept, kept_starts = self.fragments, self._fragment_starts
        fragments: list[Fragment] = []
        fragment_starts: list[int] = []
        copied = 0
        for index in sorted(taken):
            fragments.extend(kept[copied:index])
            fragment_starts.extend(kept_starts[copied:index])
            copied = index + 1
        fragments.extend(kept[copied:])
        fragment_starts.extend(kept_starts[copied:])
        # A line with a fragment that was not alone on it had two or more: one may be alone now.
        for line in {kept[index].line for index in taken if not kept[index].sole}:
            first = last = bisect_left(fragment_starts, line.start)
            while last < len(fragments) and fragments[last].line.index == line.index:
                last += 1
            if last - first == 1:
                alone = fragments[first]
                fragments[first] = Fragment(alone.line, alone.start, alone.end, alone.text, sole=True)
        return Draft._build(self.text, self.lines, removals, tuple(fragments), self.language, self._line_starts,
                            tuple(fragment_starts), self.shared)

    def line_at(self, offset: int) -> Line | None:
        """The line that contains ``offset``, or None for an offset in a line break."""
        index = bisect_right(self._line_starts, offset) - 1
        if index < 0 or offset > self.lines[index].end:
            return None
        return self.lines[index]

    def fragments_around(self, start: int, end: int) -> tuple[int, int]:
        """Index of the last fragment ending at or before ``start``, and of the first starting at or after
        ``end`` (-1 and ``len(fragments)`` when there is none)."""
        before = bisect_right(self._fragment_starts, start) - 1
        while before >= 0 and self.fragments[before].end > start:
            before -= 1
        after = bisect_right(self._fragment_starts, end - 1)
        while after < len(self.fragments) and self.fragments[after].start < end:
            after += 1
        return before, after

    def removals_between(self, start: int, end: int) -> Iterator[Removal]:
        """Removals that lie inside ``[start, end)``."""
        for removal in self.removals:
            if removal.start >= start and removal.end <= end:
                yield removal


def claim(fragment: Fragment, kind: str, rule: str, reason: str, value: str | None = None,
          meta: tuple[tuple[str, str], ...] = ()) -> Removal:
    """A removal of the whole fragment."""
    return Removal(fragment.start, fragment.end, fragment.text, kind, rule, reason, value, meta)


def claim_span(text: str, start: int, end: int, kind: str, rule: str, reason: str,
               value: str | None = None, meta: tuple[tuple[str, str], ...] = ()) -> Removal:
    """A removal of ``text[start:end]``, trimmed of edge spaces."""
    piece = text[start:end]
    left = start + len(piece) - len(piece.lstrip(" "))
    right = end - (len(piece) - len(piece.rstrip(" ")))
    return Removal(left, right, text[left:right], kind, rule, reason, value, meta)
