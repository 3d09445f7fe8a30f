import json

import pytest

from cleaner import clean
from cleaner.render import render


def test_json_keeps_non_ascii() -> None:
    out = render(clean("Straße gesperrt, sagte er."), "json")
    assert "Straße" in out and json.loads(out)["text"] == "Straße gesperrt, sagte er."


def test_empty_article_renders_empty_text() -> None:
    assert render(clean(""), "text") == ""


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render(clean("x"), "yaml")
