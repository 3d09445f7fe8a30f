import datetime as dt

import pytest

from cleaner.config import Config
from cleaner.passes.headers import find_date_headers

from .helpers import off, run


def headers(text: str, config: Config | None = None) -> list[tuple[str, str | None]]:
    return [(r.text, r.value) for r in run(find_date_headers, text, config)]


def test_seed_style_header_glued_to_the_first_sentence() -> None:
    assert headers(" date 2023-09-09 The reported incident comes on the back of tensions.") == [
        ("date 2023-09-09", "2023-09-09")
    ]


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Published: 12 March 2023", "2023-03-12"),
        ("May 28, 2021", "2021-05-28"),
        ("2023-03-12T10:30:00Z", "2023-03-12"),
        ("Veröffentlicht am 12. März 2023, 10:30 Uhr", "2023-03-12"),
        ("Publié le 1er janvier 2024 à 10h30", "2024-01-01"),
        ("Publicado el 12 de marzo de 2023", "2023-03-12"),
        ("Pubblicato il 12 marzo 2023 alle 10:30", "2023-03-12"),
        ("Updated: 28.05.2021", "2021-05-28"),
        ("Tuesday, 12 March 2023", "2023-03-12"),
        ("Опубликовано: 1 января 2020", "2020-01-01"),
        ("Opublikowano: 12 marca 2023, 10:30", "2023-03-12"),
    ],
)
def test_header_forms_in_seven_languages(line: str, iso: str) -> None:
    assert headers(f"{line}\n\nThe article starts here.") == [(line, iso)]


def test_header_under_the_title_is_found() -> None:
    assert headers("A headline\n\nPublished: 3 May 2022\n\nBody text.") == [("Published: 3 May 2022", "2022-05-03")]


def test_relative_header_needs_a_reference_date() -> None:
    text = "Updated 3 hours ago\n\nBody text."
    assert headers(text) == [("Updated 3 hours ago", None)]
    reference = Config(reference_date=dt.date(2024, 2, 1))
    assert headers(text, reference) == [("Updated 3 hours ago", "2024-02-01")]
    assert headers("Aktualisiert vor 2 Tagen\n\nText.", reference) == [("Aktualisiert vor 2 Tagen", "2024-01-30")]
    assert headers("Обновлено 3 дня назад\n\nТекст.", reference) == [("Обновлено 3 дня назад", "2024-01-29")]
    polish = "Aktualizacja 2 godziny temu"
    assert headers(f"{polish}\n\nTekst.", reference) == [(polish, "2024-02-01")]


def test_a_time_before_the_date() -> None:
    # as the USA Today network's papers close a story: time, half of the day and zone, then the date
    text = "The story ends here.\n\nPublished 7:07 PM EST Nov 19, 2019\n\nUpdated 8:01 a.m. Nov 20, 2019"
    assert headers(text) == [("Published 7:07 PM EST Nov 19, 2019", "2019-11-19"),
                             ("Updated 8:01 a.m. Nov 20, 2019", "2019-11-20")]
    # a time with neither is no part of a date: a number before a date may be anything
    assert headers("The story ends here.\n\nPublished 10:30 12 March 2020") == []
    assert headers("At 10:30 PM EST Nov 19, 2019 the council met and voted.") == []


def test_a_date_inside_a_sentence_stays() -> None:
    assert headers("On 12 March 2023 the court ruled against him.") == []
    assert headers("First paragraph.\n\nThe deal, signed May 28, 2021, held.") == []


def test_an_impossible_date_is_not_a_header() -> None:
    assert headers("2023-02-30 Body begins here.") == []


def test_off_switch() -> None:
    assert run(find_date_headers, " date 2023-09-09 Body.", off("headers")) == []


def test_hyphenated_weekday_and_portuguese_date() -> None:
    line = "sexta-feira, 22 de outubro de 2010 às 20:13"
    assert headers(f"Um título da notícia\n\n{line}\n\nO texto começa aqui.") == [(line, "2010-10-22")]
