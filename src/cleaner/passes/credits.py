"""Photo credits: a line that only names the source of a picture, or a caption that ends with one.

Seen in the seeds as a bare "Shutterstock" (001) and "Reuters Archive" (004) between paragraphs. Other
outlets write "AFP/Getty Images", "AP Photo/Evan Vucci", "Photo: Jane Doe", "Foto: dpa", "© Reuters",
or end a caption with its credit ("... in Kyiv on Monday. REUTERS/Gleb Garanich", "... (Photo: AFP)").
A sentence that merely mentions an agency ("Reuters could not independently verify ...") is body text
and stays: a bare credit must be the whole line, an inline credit must close the line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import accumulate

from cleaner.article import Removal
from cleaner.blocks import Draft, Fragment, claim, claim_span, has_words, word_count
from cleaner.config import Config
from cleaner.passes._text import may_open, opening_pairs, phrase_regex, prefix_alternation, vocabulary
from cleaner.vocab import entries, terms

try:
    import ahocorasick
except ImportError:  # pragma: no cover - a platform without its wheel: a pattern finds the same agencies
    ahocorasick = None

_MAX_SOURCE_WORDS = 8
_NAME_PARTICLES = frozenset({"via", "of", "de", "di", "von"})
_COPYRIGHT_SIGN = r"(?:©|\(c\)|copyright\b|℗)"
_COPYRIGHT = re.compile(rf"^{_COPYRIGHT_SIGN}\s*(?:\d{{4}}\s*)?", re.IGNORECASE)
#: The characters ``_COPYRIGHT`` can start with, case ignored (tests/passes/test_credits.py checks every one).
_COPYRIGHT_FIRSTS = frozenset("©(cC℗")
# "AFP/Getty Images", "Jane Doe via Reuters", "dpa | AP": the spaces around a separator are taken from the
# start of their run only ((?<!\s)); "\s*/\s*" alone scans a run of n spaces from each of its n positions.
_SOURCE_PARTS = re.compile(r"[/|;,]\s*|(?<!\s)\s+(?:[/|;,]\s*|via\s+)")
#: Every match of ``_SOURCE_PARTS`` holds one of these.
_SEPARATOR_MARKS = ("/", "|", ";", ",", "via")
#: A photographer's user name, one word, beside an agency or a photo library: "mlharing / iStock.com",
#: "REUTERS/staff" (a part of a source is otherwise a capitalised name, ``_is_name``).
_HANDLE = re.compile(r"[^\W_][\w.-]{1,30}")
#: The endings of a web address a photo library is credited by: "mlharing / iStock.com", "Foto: Pixabay.com".
_WEB_ADDRESS = re.compile(r"\.(?:com|net|org|de|at|ch|fr|it|es|nl|pl|co\.uk)$", re.IGNORECASE)


# "Photo: X", "Photo by X", "Crédit photo : X", "Foto di X"; a label that is an abbreviation needs no more than
# a space after its full stop ("Fot. PAP", as Polish papers write it)
_LABEL = r"(?:{credit-labels})(?: *[:：|] *| +(?:by|von|de|di|par|por) +|(?<=\.) +)"


def _label(languages: tuple[str, ...]) -> re.Pattern[str]:
    return phrase_regex("^" + _LABEL, languages)


@lru_cache(maxsize=32)
def _credit_openings(languages: tuple[str, ...]) -> re.Pattern[str]:
    """A newline followed by what ``_label`` or ``_COPYRIGHT`` matches: in lines joined by newlines after
    a newline of their own, a line is found exactly when one of them matches it alone, since neither
    pattern's required part can take in a newline (``_BareCredits.candidates``).

    A look-ahead for the characters the labels and signs open with comes first: the alternation tries its
    groups one by one, and most lines open with none of those characters. It holds every character of
    each group's own look-ahead (``prefix_alternation``), case ignored alike, so it turns no line away
    that a group would take.
    """
    firsts = {re.escape(value[0]) for value in (*entries("credit-labels", languages), "©", "(", "c", "℗")}
    return phrase_regex(rf"\n(?=[{''.join(sorted(firsts))}])(?:{_LABEL}|{_COPYRIGHT_SIGN})", languages)


#: A word of a photographer's name: letters, hyphenated parts allowed ("Jean-Luc", "Al-Hassan").
_NAME_WORD = r"[^\W\d_]+(?:-[^\W\d_]+)*"


_INLINE = (
    # " ?" rather than " *" inside the brackets: normalised text has no runs of spaces, and " *" on both
    # sides of a part that may hold spaces splits a run in n^2 ways before the match fails
    r"(?:(?<=[.!?”\"’]) +|^)(?P<credit>[(\[] ?(?:(?:{credit-labels}) ?[:：] ?)?(?P<a>[^()\[\]\n]{1,60}?) ?[)\]]"
    r"|(?:{credit-labels}) *[:：] *(?P<b>[^.!?:\n]{1,60})"
    rf"|(?P<c>(?:{{agencies}})(?: *[/|] *{_NAME_WORD}(?: {_NAME_WORD}){{0,3}})?))$"
)


def _inline(languages: tuple[str, ...]) -> re.Pattern[str]:
    """A credit closing a caption: "(Photo: AFP)", "[Foto: dpa]", or ". REUTERS/Jane Doe"."""
    return phrase_regex(_INLINE, languages)


#: The characters that may stand just before or after a part of a source (``_SOURCE_PARTS``), spaces aside.
_PART_EDGES = frozenset("/|;,")


def _stands_alone(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` has a line's edge, a space or a separator's mark on either side (or a
    full stop after it: a photo library's web address, ``_library_address``)."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return (before in _PART_EDGES or before.isspace()) and (after in _PART_EDGES or after.isspace() or after == ".")


@lru_cache(maxsize=32)
def _agency_automaton(languages: tuple[str, ...]) -> object:
    """The casefolded agencies as one Aho-Corasick automaton, each holding its length; None without
    pyahocorasick."""
    if ahocorasick is None:  # pragma: no cover - a platform without its wheel: _agency_parts scans instead
        return None
    automaton = ahocorasick.Automaton()
    for agency in terms("agencies", languages):
        automaton.add_word(agency, len(agency))
    automaton.make_automaton()
    return automaton


@lru_cache(maxsize=32)
def _agency_parts(languages: tuple[str, ...]) -> re.Pattern[str]:
    """What ``_agency_starts`` finds, as a pattern: the same starts more slowly, for want of pyahocorasick."""
    return re.compile(rf"(?<![^\s/|;,])(?:{prefix_alternation(terms('agencies', languages))})(?![^\s/|;,.])")


def _agency_starts(folded: str, languages: tuple[str, ...]) -> Iterator[int]:
    """Where a casefolded agency stands as a part would in the casefolded lines ``folded`` (joined by
    newlines): with nothing but a separator's character ("/", "|", ";", ",", a space) or a line's edge on
    either side.

    ``_is_source`` holds only when the line is an agency as written, or one of its parts, casefolded, is
    an agency, maybe followed by " photo". ``str.casefold`` folds each character on its own, never into
    nothing, and keeps the separators' characters (newlines included) as they are: the casefolded part
    stands in the casefolded line between the characters that stood around the part, and the casefolded
    agencies (``terms``) are the entries as written, casefolded. A line holding none is no source. One
    scan of all lines costs less than splitting each: most hold no agency, and a short one ("ap", "pa")
    inside a word is passed over by the edge test.

    >>> list(_agency_starts("dpa\\nmap/ap\\nafp photo", ("en",)))
    [0, 8, 11]
    """
    automaton = _agency_automaton(languages)
    if automaton is None:  # pragma: no cover - see _agency_automaton
        yield from (match.start() for match in _agency_parts(languages).finditer(folded))
        return
    for last, length in automaton.iter(folded):  # type: ignore[attr-defined]
        if _stands_alone(folded, last + 1 - length, last + 1):
            yield last + 1 - length


@lru_cache(maxsize=32)
def _written_agencies(languages: tuple[str, ...]) -> frozenset[str]:
    """The agencies as the list writes them, as a set built once per languages, not once per line."""
    return frozenset(entries("agencies", languages))


def is_source(name: str, config: Config) -> bool:
    """True when ``name`` names a photo source: an agency, or names joined to one by "/" or "via".

    >>> is_source("AFP/Getty Images", Config()), is_source("Reuters could not verify it", Config())
    (True, False)
    >>> is_source("dpa", Config()), is_source("Getty Images/iStockphoto", Config())
    (True, True)
    """
    return _is_source(name, vocabulary("agencies", config), _written_agencies(config.languages))


def _is_source(name: str, agencies: frozenset[str], written: frozenset[str]) -> bool:
    """``is_source`` with the agencies casefolded and as written, looked up once by the caller."""
    # Entries as the list writes them are names, whatever their case: "dpa", "iStock", "picture alliance",
    # and "Getty Images/iStockphoto" whole.
    stripped = name.strip()
    if stripped in written:
        return True
    if any(map(stripped.__contains__, _SEPARATOR_MARKS)):
        parts = [part for part in _SOURCE_PARTS.split(stripped) if part]
    else:
        parts = [stripped] if stripped else []  # what the split gives a line without a separator
    if not parts:
        return False
    # The tests below are pure and must all pass: the set look-ups, which most lines fail, go first.
    for part in parts:
        folded = part.casefold()
        if folded in agencies or folded.removesuffix(" photo") in agencies or _library_address(folded):
            break
    else:
        return False
    if word_count(name) > _MAX_SOURCE_WORDS:
        return False
    return all(_is_name(part) or part in written or _library_address(part.casefold())
               or _HANDLE.fullmatch(part) is not None for part in parts)


def _library_address(folded: str) -> bool:
    """True for a photo library's web address, casefolded (``vocab/any/photo-libraries.txt``).

    >>> _library_address("istock.com"), _library_address("stock.adobe.com"), _library_address("archive.org")
    (True, True, False)
    """
    return "." in folded and _WEB_ADDRESS.sub("", folded) in terms("photo-libraries", ())


def _is_name(text: str) -> bool:
    """A short run of words each starting with a capital or digit, as names and agencies are written."""
    words = text.split()
    return 0 < len(words) <= 5 and all(word[0].isupper() or word[0].isdigit() or word in _NAME_PARTICLES
                                       for word in words)


def _labelled_source(text: str, config: Config) -> str | None:
    """The source named after a credit label or copyright sign, or None."""
    labelled = may_open(text, opening_pairs("credit-labels", config.languages))
    label = ((_label(config.languages).match(text) if labelled else None)
             or (_COPYRIGHT.match(text) if text[:1] in _COPYRIGHT_FIRSTS else None))
    if label is None:
        return None
    source = text[label.end():].strip()
    named = text[: label.end()].rstrip(" :：|").casefold()
    if named in vocabulary("related-labels", config) and not (_is_name(source) or is_source(source, config)):
        return None  # "Vidéo: Maria Lopez approved the council" links to a story; "Vidéo: AFP" credits one
    if not source or word_count(source) > _MAX_SOURCE_WORDS or source.endswith((".", "!", "?")) and not is_source(
        source.rstrip("."), config
    ):
        return None
    return source


class _BareCredits:
    """A line that is only a credit, labelled or bare; what it asks of the configuration (rules on, word
    lists) is asked once per pass."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.max_chars = config.max_credit_chars
        self.labelled_on = config.enabled("credits.labelled")
        self.bare_on = config.enabled("credits.bare-agency")
        self.agencies = vocabulary("agencies", config)
        self.written = _written_agencies(config.languages)
        self.languages = config.languages
        self.openings = _credit_openings(config.languages)

    def candidates(self, fragments: Sequence[Fragment]) -> set[int]:
        """The indexes of the fragments ``find`` may claim, from two scans of the short fragments joined by
        newlines: one for a label or copyright sign opening a line (``_credit_openings``), one of the
        casefolded lines for an agency standing as a part (``_agency_starts``). Most lines hold neither,
        and two scans cost less than calling ``find`` on each line.
        """
        short = [index for index, fragment in enumerate(fragments) if len(fragment.text) <= self.max_chars]
        texts = [fragments[index].text for index in short]
        joined = "\n".join(texts)
        # starts[i]: where line i starts in ``joined``, and where the newline before it is in "\n" + joined
        starts = list(accumulate((len(text) + 1 for text in texts[:-1]), initial=0))
        found: set[int] = set()
        if self.labelled_on:
            found.update(short[bisect_right(starts, match.start()) - 1]
                         for match in self.openings.finditer("\n" + joined))
        if self.bare_on:
            folded = joined.casefold()
            if len(folded) != len(joined):  # a character folded into several ("ß" into "ss"): the starts move
                folded_texts = [text.casefold() for text in texts]
                folded = "\n".join(folded_texts)
                starts = list(accumulate((len(text) + 1 for text in folded_texts[:-1]), initial=0))
            found.update(short[bisect_right(starts, start) - 1] for start in _agency_starts(folded, self.languages))
        return found

    def find(self, fragment: Fragment) -> Removal | None:
        text = fragment.text
        if len(text) > self.max_chars:
            return None
        # The label first: "Graphic: Anna Müller/dpa" names the source "Anna Müller/dpa", and would pass for
        # a list of names joined by "/" too.
        source = _labelled_source(text, self.config) if self.labelled_on else None
        if source is not None:
            return claim(fragment, "photo-credit", "credits.labelled",
                         f"a credit label followed by the source {source!r}", value=source)
        if self.bare_on and _is_source(text, self.agencies, self.written):
            return claim(fragment, "photo-credit", "credits.bare-agency",
                         f"the whole line names the photo source {text!r}", value=text)
        return None


#: A bracket that opens with a label of its own, a colon and a space: "(AP Video: Shelby Lum)".
_BRACKET_LABEL = re.compile(r"[(\[]([^():：]+)(?:: |：)")


def _opens_with_label(credit: str) -> bool:
    """True for a bracketed credit whose label is not in the word list ("(AP Video: Shelby Lum)", "(Video
    production: Laura Bargfeld)"): a label that opens with a capital, then a colon and a space. A note in
    brackets is not one: "(ex: update-rc.d my_service disable)", a wiki's "(Discuss in Talk:OpenSSH)".

    >>> [_opens_with_label(text) for text in ("(AP Video: Nick Perry)", "(Discuss in Talk:Pacman)", "(ex: ls -l)")]
    [True, False, False]
    """
    match = _BRACKET_LABEL.match(credit)
    return match is not None and match.group(1)[0].isupper()


def _caption_with_credit(draft: Draft, fragment: Fragment, config: Config) -> list[Removal]:
    """A caption sentence closed by its credit: two removals, the caption and the credit."""
    match = _inline(config.languages).search(fragment.text)
    if match is None or match.start("credit") == 0:
        return []
    source = (match.group("a") or match.group("b") or match.group("c") or "").strip()
    if match.group("c") is not None and "/" not in source and "|" not in source:
        # "... to sneak into the US. PTI": an agency's sign-off closing a story paragraph, not a caption.
        return []
    bracketed = match.group("a") is not None
    if bracketed and not (is_source(source, config) or _labelled_source(source, config) or
                          _opens_with_label(match.group("credit"))):
        return []
    caption_end = fragment.start + match.start("credit")
    credit = claim_span(draft.text, caption_end, fragment.end, "photo-credit", "credits.inline",
                        f"the caption closes with the photo source {source!r}", value=source)
    caption = claim_span(draft.text, fragment.start, caption_end, "caption", "credits.inline",
                         "the text before an inline photo credit is its caption")
    caption = Removal(caption.start, caption.end, caption.text, caption.kind, caption.rule, caption.reason,
                      value=caption.text)
    return [caption, credit]


def _may_close_with_credit(text: str) -> bool:
    """A cheap test that rules out most lines before the inline-credit expression runs: the credit is
    bracketed, labelled with a colon, or an agency with a slash."""
    return text.endswith((")", "]")) or ":" in text or "：" in text or "/" in text or "|" in text


def find_photo_credits(draft: Draft, config: Config) -> Iterator[Removal]:
    """Yield a removal for each line that names a photo source, and for captions that end with one.

    >>> [(r.kind, r.value) for r in find_photo_credits(Draft.of("Text.\\n\\nPhoto: Shutterstock"), Config())]
    [('photo-credit', 'Shutterstock')]
    """
    bare_credits = _BareCredits(config)
    inline_on = config.enabled("credits.inline")
    fragments = draft.remaining()
    candidates = bare_credits.candidates(fragments)
    for index, fragment in enumerate(fragments):
        bare_credit = bare_credits.find(fragment) if index in candidates else None
        if bare_credit is not None:
            yield bare_credit
        elif (inline_on and fragment.whole_line and _may_close_with_credit(fragment.text)
              and not has_words(fragment.text, 61)):
            yield from _caption_with_credit(draft, fragment, config)
