"""Comment threads: the readers' comments under a story, as blogs and news sites print them.

A whole page rendered as text ends with them: "34 responses to “<headline>”", then for each comment
"1. thelastchargersfan says:", a timestamp and the comment. A thread is told by its author lines: at
least ``_MIN_AUTHORS`` lines that are only a short name and a verb of saying with a colon ("<name>
says:", "<nom> dit :", "<Name> schreibt:"), or, under a comment header ("10 thoughts on “...”", "Top
Rated Comments"), as many short name lines each followed by a line that is only a timestamp ("Gaye" then
"August 8, 2018 at 3:17 pm"; "Woyzeck" then "2 days ago at 07:52 am"), as WordPress themes and forums
print them. It runs from its header (or its first author line) to the end of the text: comments close a
page, and what follows them (the reply form, the footer) is page furniture too. An interview keeps its
turns: "SMITH:" names no verb, and one "Smith said:" is no thread; nor, under no comment header, are
author lines most of which have no timestamp under them: a forum's "FiveoaksBouquet said:" quotes an
earlier post, and on a forum the posts are the content. A list of teasers, each a source and
how long ago it ran ("Variety" then "2 hours ago"), has the shape of timestamped names but no comment
header, so it stays for the other passes.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence

from cleaner.article import Removal
from cleaner.blocks import Draft, Fragment, claim, word_count
from cleaner.config import Config
from cleaner.passes._index import fragments_on, holding_lines
from cleaner.passes._text import phrase_regex
from cleaner.passes.headers import is_timestamp

#: A thread has at least this many author lines.
_MIN_AUTHORS = 3
#: A commenter's name (or handle) is at most this many words.
_MAX_NAME_WORDS = 6
#: The thread's header sits at most this many fragments above its first author line.
_HEADER_REACH = 3
_MAX_HEADER_WORDS = 20


def _author(languages: tuple[str, ...]) -> re.Pattern[str]:
    return phrase_regex(r"^(?:\d{1,5}[.)] *)?(?P<name>[^\s:][^:]{0,80}?) +(?:{comment-verbs}) *:$", languages)


def _header(languages: tuple[str, ...]) -> re.Pattern[str]:
    return phrase_regex(r"^(?:[\[(] *)?(?:\d{1,6} +)?(?:{comment-headers})(?!\w)", languages)


#: What may precede a commenter's name on its line: a number ("1. Gaye") or a list mark ("+ Pamela
#: Wilson", a reply as a text rendering nests it); or nothing, so the pattern always matches.
_NAME_MARK = re.compile(r"(?:[+*•·–-]|\d{1,5}[.)])? *")
_DIGIT = re.compile(r"\d")


def _is_author(fragment: Fragment, pattern: re.Pattern[str]) -> bool:
    # The pattern ends in a colon and a fragment holds no line break: a line that does not end in one is
    # no author line, and the test spares the pattern's backtracking on every line of prose.
    text = fragment.text
    match = pattern.match(text) if fragment.whole_line and text.endswith(":") else None
    return match is not None and word_count(match.group("name")) <= _MAX_NAME_WORDS


def _is_stamped_name(fragment: Fragment, following: Fragment, config: Config) -> bool:
    """A commenter's name alone on its line ("Gaye", "1. Gaye", "+ Pamela Wilson") over a timestamp."""
    text = fragment.text
    if not (fragment.whole_line and following.whole_line) or len(text) > 80 or len(following.text) > 80:
        return False
    if _DIGIT.search(following.text) is None:
        return False  # every timestamp holds a number: most lines are ruled out without the date pattern
    mark = _NAME_MARK.match(text)
    name = text[mark.end():] if mark else text
    return (0 < word_count(name) <= _MAX_NAME_WORDS and is_timestamp(following.text, config)
            and not is_timestamp(text, config))


def _over_timestamp(fragments: Sequence[Fragment], index: int, config: Config) -> bool:
    """The fragment after ``index`` is a timestamp ("1. reader says:" over "November 19, 2019 at 6:34 am")."""
    following = fragments[index + 1].text if index + 1 < len(fragments) else ""
    return _DIGIT.search(following) is not None and is_timestamp(following, config)


def _is_header(fragment: Fragment, pattern: re.Pattern[str]) -> bool:
    return pattern.match(fragment.text) is not None and word_count(fragment.text) <= _MAX_HEADER_WORDS


def _stamped_thread(fragments: Sequence[Fragment], candidates: Sequence[int],
                    config: Config) -> tuple[int, int] | None:
    """(its header, how many comments) for a thread told by names over timestamps, or None.

    A comment header opens one when a timestamped name sits within ``_HEADER_REACH`` fragments below it
    and at least ``_MIN_AUTHORS`` follow it. Names are looked for only below the first header, once.
    Headers are looked for among the ``candidates`` (indexes of fragments, in order): those on the lines
    that hold a comment header as a whole phrase, as the phrase index says, the only ones that may be one.
    """
    pattern = _header(config.languages)
    headers = [index for index in candidates if _is_header(fragments[index], pattern)]
    if not headers:
        return None
    names = [index for index in range(headers[0] + 1, len(fragments) - 1)
             if _is_stamped_name(fragments[index], fragments[index + 1], config)]
    for header in headers:
        first = bisect.bisect_right(names, header)
        if len(names) - first >= _MIN_AUTHORS and names[first] - header <= _HEADER_REACH:
            return header, len(names) - first
    return None


def _thread_header(fragments: Sequence[Fragment], first_author: int, config: Config) -> int | None:
    """The comment header that sits just above the thread's first author line, if there is one."""
    pattern = _header(config.languages)
    for index in range(first_author - 1, max(first_author - 1 - _HEADER_REACH, -1), -1):
        if _is_header(fragments[index], pattern):
            return index
    return None


def find_comment_threads(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield every fragment of the comment thread that closes the text.

    >>> comments = "\\n\\n".join(f"{n}. reader{n} says:\\n\\nGood." for n in (1, 2, 3))
    >>> text = f"The story.\\n\\n3 responses to “The story”\\n\\n{comments}"
    >>> [r.text for r in find_comment_threads(Draft.of(text), Config())][:3]
    ['3 responses to “The story”', '1. reader1 says:', 'Good.']
    """
    if not config.enabled("comments.thread"):
        return
    fragments = draft.remaining()
    author = _author(config.languages)
    starts: list[tuple[int, int]] = []  # (first fragment of the thread, its comments)
    authors = [index for index, fragment in enumerate(fragments) if _is_author(fragment, author)]
    if len(authors) >= _MIN_AUTHORS:
        header = _thread_header(fragments, authors[0], config)
        # under no header, "<name> said:" lines without a time under them are a forum's quotes of earlier
        # posts, and the forum's posts are the page's content
        timed = sum(_over_timestamp(fragments, index, config) for index in authors)
        if header is not None or 2 * timed >= len(authors):
            starts.append((authors[0] if header is None else header, len(authors)))
    candidates = fragments_on(draft, holding_lines(draft, "comment-headers", config.languages))
    stamped = _stamped_thread(fragments, candidates, config)  # under a header: names over times alone could be teasers
    if stamped is not None:
        starts.append(stamped)
    if not starts:
        return
    start, comments = min(starts)
    if start == 0 or not any(fragment.ends_sentence for fragment in fragments[:start]):
        return  # nothing of a story above it: the text may be a transcript, not a page with comments
    for fragment in fragments[start:]:
        yield claim(fragment, "comments", "comments.thread",
                    f"part of a comment thread of {comments} comments closing the text")
