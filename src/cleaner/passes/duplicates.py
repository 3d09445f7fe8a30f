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

from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import pairwise

from cleaner.article import Removal
from cleaner.blocks import Draft, Fragment, claim, has_words
from cleaner.config import Config
from cleaner.passes._measures import is_table_row
from cleaner.passes._text import sentences
from cleaner.passes.datelines import match_dateline
from cleaner.passes.headers import without_date_header

#: A teaser is one of the first few paragraphs of what the other passes left.
_TEASER_WINDOW = 3


def _key(sentence: str) -> str:
    """The sentence with each run of white space as one space, trimmed, casefolded.

    ``str.split`` cuts at the white space that ``\\s`` matches (both ask ``str.isspace``), in C.

    >>> _key(" He  said\\tno. ")
    'he said no.'
    """
    return " ".join(sentence.split()).casefold()


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
    # The lines joined once, with a line break at each end: "\n" + the lines after a candidate + "\n" is
    # a suffix of it, so no candidate joins (or casefolds) the rest of the text again.
    padded = "\n" + "\n".join(lines) + "\n"
    folded: list[str] = []
    folded_text = ""
    undated: list[str] = []  # the lines without date headers and datelines: a teaser copies the lede without them
    for index, fragment in enumerate(fragments[:_TEASER_WINDOW]):
        if not _alone_on_its_line(fragments, index) or not has_words(fragment.text, config.min_duplicate_words):
            continue
        copies = 1 + padded.count(f"\n{fragment.text}\n", _after(lines, index))
        if copies == 2:
            if config.enabled("duplicates.exact-repeat"):
                yield claim(fragment, "duplicate", "duplicates.exact-repeat",
                            "the same paragraph comes again later, once")
        elif copies == 1 and config.enabled("duplicates.teaser"):
            keys = [_key(sentence) for sentence in sentences(_undated(fragment.text, config))]
            if not folded:
                folded = [_casefolded(line) for line in lines]
                folded_text = "\n".join(folded)
            # casefold maps each character alone and never to a line break: the later lines, casefolded
            later_raw = folded_text[_after(folded, index) :]
            if not keys or not all(key in later_raw for key in keys):
                continue  # a copy without its date header is a copy with it too: the cheap test first
            if not undated:
                undated = [_undated(line, config) for line in lines]
            later_folded = "\n".join(undated[index + 1 :]).casefold()
            if keys and all(_occurs(key, later_folded) for key in keys):
                yield claim(fragment, "duplicate-teaser", "duplicates.teaser",
                            f"all {len(keys)} sentence(s) occur again in later paragraphs")


#: Lines up to this long are remembered by ``_casefolded``; a longer one is casefolded afresh, so that the
#: cache holds at most a few megabytes whatever the input.
_CACHED_LINE_CHARS = 2000


def _casefolded(line: str) -> str:
    """A line casefolded, once: the pass runs again on most of the same lines after each round of the
    passes at the top, and casefolding costs far more than a look-up."""
    return line.casefold() if len(line) > _CACHED_LINE_CHARS else _cached_casefold(line)


@lru_cache(maxsize=4096)
def _cached_casefold(line: str) -> str:
    return line.casefold()


def _after(lines: list[str], index: int) -> int:
    """Where the lines after ``lines[index]`` start in ``"\\n".join(lines)``; in the same text with a line
    break before it, where the break before them is.

    >>> _after(["ab", "c", "d"], 0), "\\n".join(["ab", "c", "d"])[_after(["ab", "c", "d"], 0):]
    (3, 'c\\nd')
    """
    return sum(len(line) + 1 for line in lines[: index + 1])


def _alone_on_its_line(fragments: Sequence[Fragment], index: int) -> bool:
    """No other remaining fragment shares the line: the whole line, or all a header glued to it left.

    " date 2023-09-09 <teaser>" leaves the teaser as the whole of its line in the body, so it must be
    judged as one here too.
    """
    line = fragments[index].line
    return all(not (0 <= other < len(fragments)) or fragments[other].line != line for other in (index - 1, index + 1))


def _undated(text: str, config: Config) -> str:
    """The paragraph without the date header and the dateline that may open it ("1 May 2023 LONDON: ..."),
    which its copy lacks: those passes cut them from the top only, and the lede a date is glued to is
    not the top while its teaser is above it. The body left must read the same when cleaned again.

    >>> _undated("LONDON: It rained.", Config()), _undated("1 May 2023 It rained.", Config())
    ('It rained.', 'It rained.')
    """
    text = without_date_header(text, config)
    dateline = match_dateline(text, config)
    return text[dateline.end("sep"):].lstrip(" ") if dateline else text


def _occurs(sentence: str, text: str) -> bool:
    """Whether ``sentence`` occurs in ``text`` as a whole sentence: at a line start or after the end of
    another sentence, and followed by a space or a line end.

    A plain string search: a regex built from each sentence was compiled anew on every call. The end of
    a longer sentence ("..., and the council approved it.") is not a copy of "The council approved it."

    >>> _occurs("it rained.", "then. it rained. then"), _occurs("it rained.", "then it rained.x")
    (True, False)
    >>> _occurs("a b", "xa b\\na b"), _occurs("a b", "xa b")
    (True, False)
    >>> _occurs("the council approved it.", "the mayor spoke, and the council approved it.")
    False
    """
    start = text.find(sentence)
    while start >= 0:
        end = start + len(sentence)
        if _sentence_starts_at(text, start) and (end == len(text) or text[end].isspace()):
            return True
        start = text.find(sentence, start + 1)
    return False


_SENTENCE_CLOSERS = frozenset(".!?…:;\"'’”»)]")


def _sentence_starts_at(text: str, start: int) -> bool:
    if start == 0 or text[start - 1] == "\n":
        return True
    before = start - 1
    while before >= 0 and text[before] == " ":
        before -= 1
    return before < start - 1 and (before < 0 or text[before] == "\n" or text[before] in _SENTENCE_CLOSERS)


#: A line repeated right under itself needs this many words to be a stutter: "Yes" / "Yes" in a table or
#: a chorus is the text's own.
_STUTTER_WORDS = 2


def find_stutters(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield each whole line that repeats the line right above it word for word: one text rendered twice
    (an image's alternative text and its link, a card's headline and its title attribute).

    >>> text = "Business\\nA firm bids for Gannett\\nA firm bids for Gannett\\nThe body.\\nYes\\nYes"
    >>> [(r.rule, r.start) for r in find_stutters(Draft.of(text), Config())]
    [('duplicates.adjacent', 33)]
    """
    if not config.enabled("duplicates.adjacent"):
        return
    fragments = draft.remaining()
    for before, fragment in pairwise(fragments):
        if (fragment.text == before.text and fragment.line.index == before.line.index + 1 and fragment.sole
                and before.sole and not is_table_row(fragment) and has_words(fragment.text, _STUTTER_WORDS)):
            yield claim(fragment, "duplicate", "duplicates.adjacent", "the same line again, right under itself")
