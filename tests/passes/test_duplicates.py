from cleaner.article import Removal
from cleaner.blocks import Draft
from cleaner.config import Config
from cleaner.passes.duplicates import find_repeated_paragraphs, find_stutters

from .helpers import off, run

A = "He said Russia planned to boost its military cooperation with Armenia."
B = "Russia, which has a mutual defence pact with Armenia, sent peacekeepers in November."


def test_teaser_made_of_later_sentences_goes() -> None:
    text = f"{A} {B}\n\nThe talks were held in Moscow on Friday.\n\nShoigu met his counterpart. {A}\n\n{B} More came."
    found = run(find_repeated_paragraphs, text)
    assert [(r.kind, r.text) for r in found] == [("duplicate-teaser", f"{A} {B}")]


def test_exact_repeat_keeps_the_later_copy() -> None:
    text = f"{A}\n\nMiddle paragraph of the story here.\n\nAnother one.\n\nAnd one more.\n\n{A}"
    found = run(find_repeated_paragraphs, text)
    assert [(r.kind, r.start) for r in found] == [("duplicate", 0)]


def test_short_repeated_paragraphs_stay() -> None:
    assert run(find_repeated_paragraphs, "He declined to comment.\n\nThen he left.\n\nHe declined to comment.") == []


def test_partly_repeated_paragraph_stays() -> None:
    text = f"{A} A new sentence that appears nowhere else in the text.\n\n{A}"
    assert run(find_repeated_paragraphs, text) == []


def test_off_switch() -> None:
    assert run(find_repeated_paragraphs, f"{A}\n\nx\n\n{A}", off("duplicates")) == []


def test_a_line_repeated_three_times_is_a_template_not_a_copy() -> None:
    line = "Portion Fix Containers: 1 Green, 1 Red, 1 Yellow, 1 tsp."
    text = "\n\n".join(f"Meal {n} of the plan.\n\n{line}" for n in range(3))
    assert run(find_repeated_paragraphs, text) == []


def test_teasers_are_only_looked_for_at_the_top() -> None:
    body = "\n\n".join(f"Paragraph {n} of the story, told in a full sentence." for n in range(5))
    text = f"{body}\n\n{A}\n\nMore text. {A}"
    assert run(find_repeated_paragraphs, text) == []


def test_a_teaser_of_a_lede_with_a_date_glued_to_it_goes() -> None:
    """The copy further down still opens with the date header, which goes only once the teaser has gone."""
    text = f"{A}\n\n12 March 2023 {A}\n\nThe talks were held in Moscow on Friday."
    assert [(r.kind, r.text) for r in run(find_repeated_paragraphs, text)] == [("duplicate-teaser", A)]


def test_a_date_inside_the_later_sentence_is_not_a_header() -> None:
    text = f"{A}\n\nOn 12 March 2023 {A[0].lower()}{A[1:]}\n\nThe talks were held in Moscow on Friday."
    assert run(find_repeated_paragraphs, text) == []


def test_the_casefold_cache_keeps_no_long_line() -> None:
    from cleaner.passes import duplicates

    before = duplicates._cached_casefold.cache_info().currsize
    long_line = "Ärger " * 1000
    assert duplicates._casefolded(long_line) == long_line.casefold()
    assert duplicates._cached_casefold.cache_info().currsize == before
    assert duplicates._casefolded("Ärger") == "ärger"


HEADLINE = "Column: A vulture firm's bid for Gannett shows there's still value in newspapers"


def test_a_line_rendered_twice_in_a_row_loses_its_copy() -> None:
    text = f"The story ends here.\n\nBusiness\n{HEADLINE}\n{HEADLINE}\nIts teaser, a sentence of prose."
    found = run(find_stutters, text)
    assert [(r.kind, r.rule, r.text) for r in found] == [("duplicate", "duplicates.adjacent", HEADLINE)]
    assert found[0].start == text.rindex(HEADLINE)  # the second copy goes, the first stays


def test_a_run_of_copies_keeps_one() -> None:
    line = "Your browser does not support the video tag."
    found = run(find_stutters, "\n".join(["Intro to the page."] + [line] * 4 + ["Outro of the page."]))
    assert [r.text for r in found] == [line] * 3


def test_one_word_repeats_and_table_rows_stay() -> None:
    assert run(find_stutters, "Was it worth it?\nYes\nYes\nAnd again?") == []
    assert run(find_stutters, "| 1 | Kyle Busch | 5040 |\n| 1 | Kyle Busch | 5040 |") == []


def test_a_copy_further_down_or_inside_a_line_is_not_a_stutter() -> None:
    assert run(find_stutters, f"{HEADLINE}\nA line between them.\n{HEADLINE}") == []
    assert run(find_stutters, f"{HEADLINE}\n{HEADLINE}, said the editor.") == []


def test_a_copy_next_to_it_once_a_line_between_is_gone_is_not_a_stutter() -> None:
    # the lines must be neighbours in the text: a rule taking the line between them does not make them one
    text = f"{HEADLINE}\nShare on Facebook\n{HEADLINE}"
    draft = Draft.of(text)
    middle = draft.remaining()[1]
    draft = draft.with_removals([Removal(middle.start, middle.end, middle.text, "navigation", "test", "")])
    assert list(find_stutters(draft, Config())) == []


def test_stutter_off_switch() -> None:
    assert run(find_stutters, f"{HEADLINE}\n{HEADLINE}", off("duplicates.adjacent")) == []
