"""Normalisation: raw extractor text -> the normalised text every offset in the output refers to.

ftfy repairs mojibake, HTML entities left by the extractor and C1 controls, the way datatrove's ftfy step
does: curly quotes, dashes and character widths stay as written (the seeds keep “…”), unless
``Config.uncurl_quotes`` asks for ASCII quotes. Then whitespace is made regular: one kind of line break,
one kind of space, no zero-width or control characters, lines stripped, at most one blank line in a row,
and NFC. Each step that changed something is named in the result, so a changed character is explainable.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import ftfy

from cleaner.config import Config

# ftfy fixes a huge line in chunks of this many characters.
_FTFY_CHUNK_CHARS = 100_000

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Zero-width characters and the soft hyphen are invisible in a browser and break word matching.
_ZERO_WIDTH = re.compile("[\u00ad\u180e\u200b-\u200d\u2060\ufeff]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
# Every Unicode space separator and the tab become one ASCII space.
_ODD_SPACE = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Two spaces spelled out: a literal prefix, which re's search looks for before it enters the matcher
# (" {2,}" has none, and enters it at every space of the text).
_SPACE_RUN = re.compile("   *")
_BLANK_RUN = re.compile("\n{3,}")
# Any character that one of the five character-class steps (surrogates to line breaks to odd spaces) would
# replace or drop. None of their replacements is such a character, so a text without one leaves all five
# unchanged: one scan of the text instead of five, on the usual text that needs none of them.
_CLASS_STEP_CHARS = re.compile(
    "[\ud800-\udfff\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029\u00ad\u180e\u200b-\u200d\u2060\ufeff"
    "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
)


@dataclass(frozen=True, slots=True)
class Normalized:
    """The normalised text and the names of the steps that changed it."""

    text: str
    steps: tuple[str, ...]


def _ftfy_config(config: Config) -> ftfy.TextFixerConfig:
    return ftfy.TextFixerConfig(
        uncurl_quotes=config.uncurl_quotes,
        fix_character_width=False,
        fix_latin_ligatures=False,
        # ftfy's "auto" leaves entities alone in a text that has a "<" anywhere ("x < 5"), so a line's
        # "&amp;" was decoded or not depending on the rest of the page, and again once that rest was
        # cleaned away. This is text, never HTML (clean_html() extracts first): always decode.
        unescape_html=True,
        normalization="NFC",
        explain=True,
    )


# What ftfy can repair: UTF-8 read as Latin-1 or Windows-1252 (a lead byte such as Ã, Â, â, Ð followed by
# a continuation character), HTML entities, C1 controls, terminal escapes, surrogates. A text with none of
# these has nothing for ftfy to do, and skipping it is most of the speed of the text path. (MacRoman
# mojibake, rare on the web, is only repaired when one of these marks appears somewhere in the text.)
_FTFY_CAN_FIX = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    "|&#?\\w{1,10};|[\x1b\x80-\x9f\ud800-\udfff\u2028\u2029]"
)


#: Where ftfy's lines end: it judges each line on its own (as ``ftfy.fix_text`` does), so a line is fixed
#: the same way whatever surrounds it, and a body line cleaned again is judged as it was the first time.
_FTFY_LINES = re.compile("(\r\n?|\n)")


#: ``_FTFY_CAN_FIX`` written to start with one character class, the first characters of its matches: re
#: scans for such a class in a tight loop, where an alternation whose branches start differently is tried
#: branch by branch at every position (an accented letter such as "é" is such a first character, so on
#: most European text that slow scan ran from the first one on). Each branch then checks, by a lookbehind
#: of one character, that the mark is its own. It matches where ``_FTFY_CAN_FIX`` matches, with the same
#: spans; no match runs over a line end (none of its characters is "\r" or "\n").
_FTFY_FIXABLE = re.compile(
    "[\u00c2-\u00f4&\x1b\x80-\x9f\ud800-\udfff\u2028\u2029]"
    "(?:(?<=[\u00c2-\u00f4])[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    "|(?<=&)#?\\w{1,10};|(?<=[\x1b\x80-\x9f\ud800-\udfff\u2028\u2029]))"
)


def _ftfy_can_fix(text: str) -> bool:
    """True when ``_FTFY_CAN_FIX`` matches ``text``.

    >>> _ftfy_can_fix("Caf\\u00c3\\u00a9"), _ftfy_can_fix("Café & co"), _ftfy_can_fix("AT&amp;T")
    (True, False, True)
    """
    return _FTFY_FIXABLE.search(text) is not None


def _apply_ftfy(text: str, config: Config) -> tuple[str, list[str]]:
    """ftfy on each line where ``_ftfy_can_fix`` holds (every line when quotes are uncurled).

    One scan of the whole text finds the lines to fix: a line holds a match of the scan or none of
    ``_FTFY_CAN_FIX``'s, since a match never runs over a line end.
    """
    marks = [] if config.uncurl_quotes else [match.start() for match in _FTFY_FIXABLE.finditer(text)]
    if not config.uncurl_quotes and not marks:
        return text, []
    fixer = _ftfy_config(config)
    pieces: list[str] = []
    steps: list[str] = []
    line_start = 0
    next_mark = 0  # index of the first mark at or after line_start
    for line in _FTFY_LINES.split(text):
        line_end = line_start + len(line)
        fixable = config.uncurl_quotes
        while next_mark < len(marks) and marks[next_mark] < line_end:
            fixable = True
            next_mark += 1
        line_start = line_end
        if not line or line[0] in "\r\n" or not fixable:
            pieces.append(line)
            continue
        # A huge line is fixed in chunks, which keeps ftfy's work linear.
        for start in range(0, len(line), _FTFY_CHUNK_CHARS):
            fixed, explanation = ftfy.fix_and_explain(line[start : start + _FTFY_CHUNK_CHARS], config=fixer)
            pieces.append(fixed)
            for _action, name in explanation or ():
                if f"ftfy:{name}" not in steps:
                    steps.append(f"ftfy:{name}")
    return "".join(pieces), steps


def normalize(raw: str, config: Config | None = None) -> Normalized:
    """Return the normalised form of ``raw`` and the steps that changed it.

    >>> normalize("Caf\\u00c3\\u00a9\\u00a0 au\\u200b lait\\r\\n\\r\\n\\r\\n  Next ").text
    'Café au lait\\n\\nNext'
    """
    config = config or Config()
    steps: list[str] = []
    text = raw
    # Dropping or replacing characters joins their neighbours, and the result can be new mojibake that
    # ftfy would fix ("Î\x81\x80" -> "Î€" -> U+0380): fix again until such steps change nothing, so that
    # normalising normalised text changes nothing and cleaning is idempotent (tests/test_properties.py).
    for _round in range(_MAX_ROUNDS):
        text, joined = _normalize_once(text, config, steps)
        if not joined:
            break
    return Normalized(text, tuple(steps))


#: Rounds of ftfy + whitespace; the second is needed only after characters were dropped or replaced.
_MAX_ROUNDS = 3
#: The steps that can put two characters side by side that were not before, or change a character.
_JOINING_STEPS = frozenset({"replace lone surrogates", "drop zero-width characters", "drop control characters",
                            "odd spaces to space", "NFC"})


def _normalize_once(raw: str, config: Config, steps: list[str]) -> tuple[str, bool]:
    """One round of ftfy and whitespace; True when a step that joins or changes characters fired."""
    fired: list[str] = []

    def step(name: str, pattern: re.Pattern[str], replacement: str, text: str) -> str:
        new = pattern.sub(replacement, text)
        if new != text:
            fired.append(name)
        return new

    # ftfy joins surrogate pairs and marks lone ones; the second pass is a safety net, since a lone
    # surrogate cannot be written as UTF-8 and would break every output format.
    text, ftfy_steps = _apply_ftfy(raw, config)
    fired.extend(ftfy_steps)
    if _CLASS_STEP_CHARS.search(text):
        text = step("replace lone surrogates", _LONE_SURROGATE, "\ufffd", text)
        text = step("line breaks to LF", _LINE_BREAKS, "\n", text)
        text = step("drop zero-width characters", _ZERO_WIDTH, "", text)
        text = step("drop control characters", _CONTROL, "", text)
        text = step("odd spaces to space", _ODD_SPACE, " ", text)
    # The remaining steps match only where these substrings occur; a substring test is far cheaper.
    if "  " in text:
        text = step("collapse runs of spaces", _SPACE_RUN, " ", text)
    # this one changes the text whenever the substring test passes
    if " \n" in text or "\n " in text or text.startswith(" ") or text.endswith(" "):
        # the spaces at both ends of every line, as re.sub("^ +| +$", "", text, flags=re.MULTILINE) takes
        # them ("\n" is the only line break of re's MULTILINE), without trying both branches everywhere
        text = "\n".join([line.strip(" ") for line in text.split("\n")])
        fired.append("strip lines")
    if "\n\n\n" in text:
        text = step("collapse blank lines", _BLANK_RUN, "\n\n", text)
    stripped = text.strip("\n")
    if stripped != text:
        fired.append("strip blank edges")
    nfc = unicodedata.normalize("NFC", stripped)
    if nfc != stripped:
        fired.append("NFC")
    steps.extend(name for name in fired if name not in steps)
    return nfc, bool(_JOINING_STEPS.intersection(fired))
