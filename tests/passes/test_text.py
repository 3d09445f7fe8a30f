"""The shared text helpers: the grouped word-list alternation matches what a flat one matches."""

from __future__ import annotations

import re

import pytest

from cleaner.config import SUPPORTED_LANGUAGES
from cleaner.passes._text import first_character_key, prefix_alternation
from cleaner.vocab import entries


def test_first_character_key_joins_what_re_matches_case_ignored() -> None:
    """Every character shares its key with the character ``re`` lowers it to, and with each of the extra
    case equivalents ``re`` knows ("ſ" and "s", "ı" and "i"): characters that ``re`` may match to one same
    character, case ignored, always share a group of ``prefix_alternation``."""
    sre = pytest.importorskip("_sre")
    casefix = pytest.importorskip("re._casefix")
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        character = chr(code)
        assert first_character_key(character) == first_character_key(chr(sre.unicode_tolower(code))), hex(code)
    for lowered, extras in casefix._EXTRA_CASES.items():
        assert {first_character_key(chr(code)) for code in (lowered, *extras)} == {first_character_key(chr(lowered))}


def _flat(values: list[str]) -> str:
    ordered = sorted(set(values), key=len, reverse=True)
    return "|".join(re.escape(value).replace(r"\ ", " +") for value in ordered) or "(?!)"


@pytest.mark.parametrize("name", ["newsletter-prefixes", "related-headers", "credit-labels", "agencies", "months"])
def test_grouped_alternation_matches_as_the_flat_one(name: str) -> None:
    values = [entry.rpartition(" ")[0] if name == "months" else entry for entry in entries(name, SUPPORTED_LANGUAGES)]
    texts = [variant + tail for value in values
             for variant in (value, value.upper(), value.lower(), value[: len(value) // 2], value.replace("i", "ı"))
             for tail in ("", " x", ":", "x")]
    for flags in (re.IGNORECASE, 0):
        for template in (r"^(?:{})", r"(?<!\w)(?:{})(?!\w)"):
            flat = re.compile(template.format(_flat(values)), flags)
            grouped = re.compile(template.format(prefix_alternation(values)), flags)
            for text in texts:
                expected, got = flat.search(text), grouped.search(text)
                assert (expected and expected.span()) == (got and got.span()), (name, flags, template, text)


def test_may_be_bullet_passes_every_line_bullet_matches() -> None:
    """``may_be_bullet`` is a necessary condition of ``BULLET``: no first character it rejects opens a bullet."""
    from cleaner.passes._text import BULLET, may_be_bullet

    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        for text in (f"{chr(code)} x", f"{chr(code)}. x", f"{chr(code)}1) x"):
            if BULLET.match(text):
                assert may_be_bullet(text), hex(code)
