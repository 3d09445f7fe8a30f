from cleaner.passes.duplicates import find_repeated_paragraphs

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
