import pytest

from cleaner.passes.bylines import find_author_bios, find_bylines

from .helpers import off, run


@pytest.mark.parametrize(
    ("line", "name"),
    [("By Jane Doe", "Jane Doe"), ("By Jane Doe and Max Roe", "Jane Doe and Max Roe"),
     ("Von Anna Müller", "Anna Müller"),
     ("Par Jean Dupont", "Jean Dupont"), ("Por Ana García", "Ana García"), ("Di Marco Rossi", "Marco Rossi")],
)
def test_bylines(line: str, name: str) -> None:
    assert [r.value for r in run(find_bylines, f"A headline\n\n{line}\n\nThe story begins.")] == [name]


def test_by_followed_by_lower_case_is_prose() -> None:
    assert run(find_bylines, "By the end of the day\n\nThe story.") == []
    assert run(find_bylines, "By Monday, the troops had left the city.") == []


def test_off_switch() -> None:
    assert run(find_bylines, "By Jane Doe\n\nThe story.", off("bylines")) == []


@pytest.mark.parametrize("label", ["By", "Von", "Par:", "BY"])
def test_a_label_alone_on_its_line_is_a_byline_whose_names_were_lost(label: str) -> None:
    removals = run(find_bylines, f"A headline\n\n{label}\n\nThe story begins.")
    assert [(r.kind, r.text, r.value) for r in removals] == [("byline", label, None)]


@pytest.mark.parametrize(("line", "name", "date"), [
    ("by: Ziyi Xu, Dec 17, 2025", "Ziyi Xu", "2025-12-17"),
    ("by Emily Baron Cadloff· October 10, 2021", "Emily Baron Cadloff", "2021-10-10"),
    ("by Jon Foster - 2025-09-13", "Jon Foster", "2025-09-13"),
    ("Von Anna Müller | 3. Mai 2023", "Anna Müller", "2023-05-03"),
])
def test_a_byline_with_a_date_after_the_names_gives_both(line: str, name: str, date: str) -> None:
    found = run(find_bylines, f"Bridge reopens\n\n{line}\n\nThe bridge reopened on Monday.")
    assert [(r.kind, r.value) for r in found] == [("byline", name), ("date-header", date)]
    assert "".join(r.text for r in found).replace(" ", "") == line.replace(" ", "")  # the whole line, once


def test_names_with_a_number_that_is_no_date_stay_prose() -> None:
    text = "Bridge reopens\n\nBy the end of 2025, 40 cars a day\n\nThe bridge reopened on Monday."
    assert run(find_bylines, text) == []


def test_the_date_of_a_dated_byline_is_the_articles_date() -> None:
    import cleaner

    article = cleaner.clean("Bridge reopens\n\nby: Ziyi Xu, Dec 17, 2025\n\nThe bridge reopened on Monday, the "
                            "council said, after two years of work on its piers.")
    assert article.date == "2025-12-17"
    body = "The bridge reopened on Monday, the council said, after two years of work on its piers."
    assert article.paragraphs == (body,)


STORY = "The storm reached the coast on Monday.\n\nSchools stayed closed on Tuesday.\n\nPower came back on Friday."


@pytest.mark.parametrize(
    "note",
    ["Phil Helsel is a reporter for NBC News.",
     "Jeff Foust (jeff@thespacereview.com) is the editor and publisher of The Space Review.",
     "Julia Gralberg is a freelance travel writer, editor of Hotel & Resort Guide.",
     "Anna Müller ist freie Journalistin in Berlin."],
)
def test_the_note_on_the_author_closing_the_text_goes(note: str) -> None:
    removals = run(find_author_bios, f"{STORY}\n\n{note}")
    assert [(r.kind, r.rule, r.text) for r in removals] == [("byline", "bylines.author-bio", note)]
    assert run(find_author_bios, f"{STORY}\n\n{note}\n\nShare this story", off("bylines.author-bio")) == []


@pytest.mark.parametrize(
    "line",
    ["Flatliner is a handy code editor that tests expressions.",  # one word: a product, not a person
     "The mayor is a former editor of the paper.",  # no name opens it
     "Jane Doe is a candidate for mayor this year.",  # no writer's trade
     "Jane Doe is a freelance writer. " + "She covers the council, the courts and the schools. " * 12],  # too long
)
def test_a_sentence_that_only_looks_like_a_note_on_the_author_stays(line: str) -> None:
    assert run(find_author_bios, f"{STORY}\n\n{line}") == []


def test_a_note_on_the_author_inside_the_text_stays() -> None:
    # an article about a writer: the note is no note once the story goes on after it
    text = f"Phil Helsel is a reporter for NBC News.\n\n{STORY}\n\nMore on Monday.\n\nAnd more."
    assert run(find_author_bios, text) == []
