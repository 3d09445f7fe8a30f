"""The phrase index: the lines it gives for a list are those a search of each line with the list's own
whole-phrase pattern finds, by the automaton and by the patterns it falls back to."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cleaner.article import Removal
from cleaner.blocks import Draft, split_lines
from cleaner.config import SUPPORTED_LANGUAGES
from cleaner.passes import _index
from cleaner.passes._index import INDEXED_LISTS, build_index, fragments_on, holding_lines, phrase_index
from cleaner.passes._text import phrase_regex
from cleaner.vocab import entries

EN = ("en",)


@pytest.fixture(params=["automaton", "patterns"])
def scanner(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Each test runs with the automaton, and again as on a platform without pyahocorasick."""
    if request.param == "patterns":
        monkeypatch.setattr(_index, "_automaton", lambda languages: None)
    elif _index._automaton(SUPPORTED_LANGUAGES) is None:
        pytest.skip("pyahocorasick is not installed")
    yield request.param


def lines_in(text: str, name: str, languages: tuple[str, ...] = EN) -> list[int]:
    lines = split_lines(text)
    return sorted(build_index(text, [line.start for line in lines], languages).lines(name))


def naive_lines(text: str, name: str, languages: tuple[str, ...]) -> list[int]:
    """What the passes' own patterns find, one line at a time."""
    pattern = phrase_regex(r"(?<!\w)(?:{" + name + r"})(?!\w)", languages)
    return [line.index for line in split_lines(text) if pattern.search(text[line.start : line.end])]


def test_hits_are_grouped_per_line(scanner: str) -> None:
    text = "The story.\nComments are closed.\n\nAll rights reserved. Comments are closed.\nThe end."
    assert lines_in(text, "site-notices") == [1, 2]


def test_a_phrase_inside_a_longer_word_is_no_hit(scanner: str) -> None:
    assert lines_in("We stayed at the hotel: 4 stars.", "contact-labels") == []
    assert lines_in("Tel: 555 0100", "contact-labels") == [0]
    assert lines_in("Comments are closedown sales.", "site-notices") == []
    assert lines_in("_All rights reserved", "site-notices") == []


def test_case_is_ignored_as_re_ignores_it(scanner: str) -> None:
    assert lines_in("COMMENTS ARE CLOSED", "site-notices") == [0]
    assert lines_in("x\ncOmMeNtS aRe ClOsEd.", "site-notices") == [1]


def test_case_variants_lowering_misreads_go_by_the_patterns(scanner: str) -> None:
    """"ſ" is "s" to ``re``, case ignored, and a run of spaces is a space of a phrase; lowering reads
    neither, so such a text takes the patterns' way, with the same answer."""
    assert lines_in("Commentſ are closed", "site-notices") == [0]
    assert lines_in("Comments  are   closed", "site-notices") == [0]
    assert lines_in("x\nİstanbul. Comments are closed", "site-notices") == [1]


def test_each_list_has_its_own_lines(scanner: str) -> None:
    text = ("We use cookies.\nTel: 555 0100\nThe firm is headquartered in Baar.\nComments are closed.\n"
            "Tags: a, b\nRelated stories\n3 responses to the story\nREAD MORE: Floods\nAlso on rt.com Floods")
    assert {name: lines_in(text, name) for name in INDEXED_LISTS} == {
        "site-notices": [3], "cookie-notices": [0], "contact-labels": [1], "company-facts": [2],
        "tag-labels": [4], "related-headers": [5, 7, 8], "comment-headers": [3, 6], "related-labels": [5, 7],
        "related-site-labels": [8]}


def test_a_line_with_phrases_of_two_lists_is_in_both(scanner: str) -> None:
    text = "Intro.\nWe use cookies. All rights reserved."
    assert lines_in(text, "cookie-notices") == lines_in(text, "site-notices") == [1]


def test_empty_text_has_no_lines(scanner: str) -> None:
    assert all(lines_in("", name) == [] for name in INDEXED_LISTS)


def test_languages_without_word_lists_have_no_lines(scanner: str) -> None:
    """Swedish has a stop list and no word lists: the lists hold only what "any" holds, none of these."""
    assert all(lines_in("Comments are closed. Tel: 555 0100", name, ("sv",)) == [] for name in INDEXED_LISTS)


def test_the_languages_choose_the_lists() -> None:
    text = "Die Kommentarfunktion ist geschlossen"
    assert naive_lines(text, "site-notices", ("de",)) == [0]  # the German list has it
    assert lines_in(text, "site-notices", ("de",)) == [0]
    assert lines_in(text, "site-notices", ("en",)) == []


def test_the_index_is_built_once_per_text() -> None:
    draft = Draft.of("Story.\nComments are closed.")
    index = phrase_index(draft, EN)
    later = draft.with_removals([Removal(0, 6, "Story.", "navigation", "navigation.widget", "test")])
    assert phrase_index(later, EN) is index
    assert phrase_index(Draft.of("Story.\nComments are closed."), EN) is not index  # another text
    assert phrase_index(later, ("de",)) is not index  # other lists


def test_a_removal_cut_inside_a_word_adds_its_line() -> None:
    """"xComments are closed" holds no whole phrase; without its "x" the fragment does."""
    draft = Draft.of("Story.\nxComments are closed")
    assert sorted(holding_lines(draft, "site-notices", EN)) == []
    cut = draft.with_removals([Removal(7, 8, "x", "navigation", "navigation.widget", "test")])
    assert sorted(holding_lines(cut, "site-notices", EN)) == [1]


def test_a_removal_glued_to_kept_text_by_a_word_character_adds_its_line() -> None:
    """Next to a removed word character, a phrase that ends or starts with a punctuation mark ("Tel.")
    is whole in the fragment only: "Tel.5" without its "5" is "Tel."."""
    def glued(text: str, start: int, end: int) -> list[int]:
        draft = Draft.of(text).with_removals(
            [Removal(start, end, text[start:end], "navigation", "navigation.widget", "test")])
        return sorted(_index._lines_glued_to_removals(draft))

    assert glued("Story.\nCall Tel.5", 16, 17) == [1]  # ends the line with "Tel." after "5" goes
    assert glued("Story.\n9»More", 7, 8) == [1]  # a fragment that starts with "»", a "9" gone before it
    assert glued("Story.\nCall Tel. 5", 17, 18) == []  # a space between: the line reads the same
    assert glued("Story.\nCall Tel.;x", 16, 17) == []  # a removed ";" leaves no word edge
    assert glued("Story.\nGone\nMore", 7, 11) == []  # a whole line


def test_fragments_on_lines_are_those_of_the_lines_in_order() -> None:
    draft = Draft.of("Story.\nTags: a, b\nMore.\nTags")
    cut = draft.with_removals([Removal(13, 14, "a", "navigation", "navigation.widget", "test")])
    assert [fragment.text for fragment in cut.remaining()] == ["Story.", "Tags:", ", b", "More.", "Tags"]
    assert fragments_on(cut, holding_lines(cut, "tag-labels", EN)) == [1, 2, 4]
    assert fragments_on(cut, frozenset()) == []


def test_no_shipped_phrase_holds_a_character_lowering_misreads() -> None:
    """Otherwise the automaton is never used (``_automaton`` gives None for such a list)."""
    for name in INDEXED_LISTS:
        assert not [entry for entry in entries(name, SUPPORTED_LANGUAGES) if _index._UNSAFE.search(entry.lower())]


def test_unsafe_characters_cover_each_pair_re_matches_and_lowering_keeps_apart() -> None:
    casefix = pytest.importorskip("re._casefix")
    for lowered, extras in casefix._EXTRA_CASES.items():
        for extra in extras:
            pair = chr(lowered) + chr(extra)
            assert _index._UNSAFE.search(pair), f"{pair!r}: neither is in _UNSAFE"


_PHRASES = sorted({entry for name in INDEXED_LISTS for entry in entries(name, SUPPORTED_LANGUAGES)})
_FILLER = ["the", "hotel", "x", "Tel", "closed", ",", ".", ":", " ", "  ", "_", "-", "1", "é", "ſ", "İ", "ς"]


@st.composite
def texts_of_phrases(draw: st.DrawFn) -> str:
    """Lines of vocabulary phrases (in any case, glued or not) and filler, a few blank lines between."""
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        pieces = []
        for _ in range(draw(st.integers(1, 6))):
            piece = draw(st.sampled_from(_PHRASES) | st.sampled_from(_FILLER))
            case = draw(st.sampled_from([str, str.upper, str.lower, str.title]))
            pieces.append(case(piece))
        lines.append(draw(st.sampled_from(["", " "])).join(pieces))
    return draw(st.sampled_from(["\n", "\n\n"])).join(lines)


@pytest.mark.parametrize("name", INDEXED_LISTS)
@given(text=texts_of_phrases())
@example(text="hotel Tel Die Kommentarfunktion ist geschlossenx")
def test_index_lines_equal_a_search_of_each_line(name: str, text: str) -> None:
    expected = naive_lines(text, name, SUPPORTED_LANGUAGES)
    lines = split_lines(text)
    starts = [line.start for line in lines]
    assert sorted(build_index(text, starts, SUPPORTED_LANGUAGES).lines(name)) == expected
    assert sorted(_index._index_by_patterns(text, starts, SUPPORTED_LANGUAGES).lines(name)) == expected

