"""Press releases: the company profile that closes a release ("About Ascom" and its paragraphs).

Every release of a company ends with the same paragraph about the company: what it is, where it is
headquartered, how many people it employs, where its shares trade. Wire services and aggregators carry it
word for word under the news; it describes the issuer, not the story, and a corpus of releases holds it
once per release. It is told by its header ("About Ascom", "Über Ascom", "À propos de Ascom") followed by
paragraphs naming the company, or, without a header, by a closing paragraph that opens "<Company> is a
..." and states at least two company facts from the word list ("headquartered", "employs", "listed
on"). A story that says "WeWork is headquartered in New York" in its body keeps it: the profile must
close the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from cleaner.article import Removal
from cleaner.blocks import Draft, Fragment, claim, has_words, word_count
from cleaner.config import Config
from cleaner.passes._index import holding_lines
from cleaner.passes._text import may_open, opening_pairs, phrase_regex
from cleaner.vocab import entries

#: A profile without a header states at least this many distinct company facts.
_MIN_FACTS = 2
#: The "About <Company>" header is short: the label and a name.
_MAX_HEADER_WORDS = 8
#: After the profile, at most this many short lines (a media contact, "###") may close the text.
_MAX_AFTER = 3
_MAX_AFTER_WORDS = 12
_NAME = r"(?P<name>[^\W_][\w&.'’-]*(?: +[\w&.'’-]+){0,5}?)"


_ABOUT_HEADER = r"^(?:{about-headers}) *" + _NAME + r" *:?$"
_PROFILE_OPENING = "^" + _NAME + r"(?: +\([^()]{1,40}\))?,? +(?i:{profile-openers})(?!\w)"


def _about_header(languages: tuple[str, ...]) -> re.Pattern[str]:
    return phrase_regex(_ABOUT_HEADER, languages)


def _profile_opening(languages: tuple[str, ...]) -> re.Pattern[str]:
    return phrase_regex(_PROFILE_OPENING, languages, flags=0)


def _facts(languages: tuple[str, ...]) -> re.Pattern[str]:
    return phrase_regex(r"(?<!\w)(?:{company-facts})(?!\w)", languages)


@lru_cache(maxsize=32)
def _opening_verbs(languages: tuple[str, ...]) -> tuple[str, ...]:
    """The verbs of the openers, spaced (" is ", " ist "): a paragraph that opens a profile has one near
    its start, and a substring test there is far cheaper than the opening pattern."""
    return tuple({f" {entry.split()[0].lower()} " for entry in entries("profile-openers", languages)})


#: The name and the verb fit in this many characters at the start of a paragraph.
_OPENING_CHARS = 120


def _may_open(text: str, verbs: tuple[str, ...]) -> bool:
    head = text[:_OPENING_CHARS].lower()
    return any(map(head.__contains__, verbs))


def _names(fragment: Fragment, name: str) -> bool:
    """True when the fragment names the company, by the longest word of its name ("Coca-Cola" of "The
    Coca-Cola Company")."""
    return max(name.split(), key=len).casefold() in fragment.text.casefold()


def _profile_end(fragments: Sequence[Fragment], start: int, name: str) -> int:
    """The end of the profile's run from ``start``: the paragraphs that name the company."""
    end = start
    while end < len(fragments) and fragments[end].whole_line and _names(fragments[end], name):
        end += 1
    return end


def _closes_text(fragments: Sequence[Fragment], end: int) -> bool:
    """True when only a few short lines (a contact, "###") follow ``end``."""
    after = fragments[end:]
    return len(after) <= _MAX_AFTER and all(word_count(fragment.text) <= _MAX_AFTER_WORDS for fragment in after)


def find_company_profiles(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield the company profile closing a press release, with its "About <Company>" header if any.

    >>> text = ("Ascom and GE announce a partnership.\\n\\nThe deal covers Europe.\\n\\nAscom is a global "
    ...         "solutions provider.\\n\\nAscom is headquartered in Baar and employs 1,300 people.")
    >>> [r.value for r in find_company_profiles(Draft.of(text), Config())]
    ['Ascom', 'Ascom']
    >>> list(find_company_profiles(Draft.of("Text.\\n\\nWeWork is a landlord headquartered in New York."), Config()))
    []
    """
    if not config.enabled("press.company-profile"):
        return
    fragments = draft.remaining()
    header, opening = _about_header(config.languages), _profile_opening(config.languages)
    verbs = _opening_verbs(config.languages)
    header_pairs = opening_pairs("about-headers", config.languages)  # a line opening with none: no header
    # A profile without a header states its facts at its opening or below: past the last line that holds a
    # company fact (the phrase index knows), no opening can make one.
    last_fact_line = max(holding_lines(draft, "company-facts", config.languages), default=-1)
    for index in range(max(len(fragments) // 2, 1), len(fragments)):
        fragment = fragments[index]
        if not fragment.whole_line:
            continue
        match = header.match(fragment.text) if may_open(fragment.text, header_pairs) else None
        if match and not fragment.ends_sentence and not has_words(fragment.text, _MAX_HEADER_WORDS + 1):
            name = match.group("name")
            end = _profile_end(fragments, index + 1, name)
            if end > index + 1 and _name_is_proper(name) and _closes_text(fragments, end):
                yield from _claim_run(fragments[index:end], name,
                                      "an 'About <company>' header and the profile under it")
                return
            continue
        if fragment.line.index > last_fact_line or not _may_open(fragment.text, verbs):
            continue
        match = opening.match(fragment.text)
        if match is None or not _name_is_proper(match.group("name")):
            continue
        name = match.group("name")
        end = _profile_end(fragments, index, name)
        facts = {found.casefold() for piece in fragments[index:end]
                 for found in _facts(config.languages).findall(piece.text)}
        if len(facts) >= _MIN_FACTS and _closes_text(fragments, end):
            yield from _claim_run(fragments[index:end], name,
                                  f"a closing profile of the company ({', '.join(sorted(facts))})")
            return


def _name_is_proper(name: str) -> bool:
    """A company's name is capitalised (or opens with a digit: "3M")."""
    return name[:1].isupper() or name[:1].isdigit()


def _claim_run(run: Sequence[Fragment], name: str, reason: str) -> Iterator[Removal]:
    for fragment in run:
        yield claim(fragment, "boilerplate", "press.company-profile", reason, value=name)
