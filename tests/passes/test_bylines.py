import pytest

from cleaner.passes.bylines import find_bylines

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
