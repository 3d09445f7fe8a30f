import pytest

from cleaner.passes.datelines import find_datelines

from .helpers import off, run


@pytest.mark.parametrize(
    ("lede", "prefix", "place", "agency"),
    [("SADARAK: Azerbaijan's ministry said.", "SADARAK:", "SADARAK", None),
     ("LONDON (Reuters) - Prices rose.", "LONDON (Reuters) -", "LONDON", "Reuters"),
     ("WASHINGTON, May 3 (AP) — The Senate voted.", "WASHINGTON, May 3 (AP) —", "WASHINGTON, May 3", "AP"),
     ("Berlin (dpa) - Die Regierung hat entschieden.", "Berlin (dpa) -", "Berlin", "dpa"),
     ("PARIS (AFP) - Le gouvernement a annoncé.", "PARIS (AFP) -", "PARIS", "AFP"),
     ("MADRID (EFE) - El Gobierno anunció.", "MADRID (EFE) -", "MADRID", "EFE"),
     ("ROMA (ANSA) - Il governo ha deciso.", "ROMA (ANSA) -", "ROMA", "ANSA"),
     ("NEW YORK — Stocks fell.", "NEW YORK —", "NEW YORK", None)],
)
def test_datelines(lede: str, prefix: str, place: str, agency: str | None) -> None:
    [removal] = run(find_datelines, lede)
    assert (removal.text, removal.value, dict(removal.meta).get("agency")) == (prefix, place, agency)


@pytest.mark.parametrize(
    "lede",
    ["UPDATE: The minister resigned.", "Berlin - Die Regierung hat entschieden.", "He said: no.",
     "EXCLUSIVE: The talks failed.", "Note: figures are provisional."],
)
def test_not_datelines(lede: str) -> None:
    assert run(find_datelines, lede) == []


def test_only_the_first_paragraph() -> None:
    assert run(find_datelines, "The lede.\n\nLONDON (Reuters) - Later paragraph.") == []


def test_off_switch() -> None:
    assert run(find_datelines, "SADARAK: Text.", off("datelines")) == []
