from cleaner.passes.duplicates import find_repeated_paragraphs

from .helpers import off, run

A = "He said Russia planned to boost its military cooperation with Armenia."
B = "Russia, which has a mutual defence pact with Armenia, sent peacekeepers in November."


def test_teaser_made_of_later_sentences_goes() -> None:
    text = f"{A} {B}\n\nThe talks were held in Moscow on Friday.\n\nShoigu met his counterpart. {A}\n\n{B} More came."
    found = run(find_repeated_paragraphs, text)
    assert [(r.kind, r.text) for r in found] == [("duplicate-teaser", f"{A} {B}")]


def test_exact_repeat_keeps_the_later_copy() -> None:
    text = f"{A}\n\nMiddle paragraph of the story here.\n\n{A}"
    found = run(find_repeated_paragraphs, text)
    assert [(r.kind, r.start) for r in found] == [("duplicate", 0)]


def test_short_repeated_paragraphs_stay() -> None:
    assert run(find_repeated_paragraphs, "He declined to comment.\n\nThen he left.\n\nHe declined to comment.") == []


def test_partly_repeated_paragraph_stays() -> None:
    text = f"{A} A new sentence that appears nowhere else in the text.\n\n{A}"
    assert run(find_repeated_paragraphs, text) == []


def test_off_switch() -> None:
    assert run(find_repeated_paragraphs, f"{A}\n\nx\n\n{A}", off("duplicates")) == []
