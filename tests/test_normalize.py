import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from cleaner.config import Config
from cleaner.normalize import _FTFY_CAN_FIX, _FTFY_FIXABLE, _ftfy_can_fix, normalize


def test_mojibake_and_entities_are_repaired() -> None:
    result = normalize("Azerbaijanâ€™s defence &amp; security")
    assert result.text == "Azerbaijan’s defence & security"
    assert any(step.startswith("ftfy:") for step in result.steps)


def test_curly_quotes_stay_unless_asked() -> None:
    assert normalize("“retaliatory measures”").text == "“retaliatory measures”"
    assert normalize("“retaliatory measures”", Config(uncurl_quotes=True)).text == '"retaliatory measures"'


def test_whitespace_is_regular() -> None:
    raw = "A\u00a0b\u2009c\u200b d\r\n\r\n\r\n\r\n  \t e  \x07f\u3000g  "
    assert normalize(raw).text == "A b c d\n\ne f g"


def test_paragraphs_and_single_newlines_are_kept() -> None:
    assert normalize("one\ntwo\n\nthree").text == "one\ntwo\n\nthree"


def test_output_is_nfc_even_after_dropping_zero_width() -> None:
    text = normalize("e\u200b\u0301").text
    assert text == unicodedata.normalize("NFC", text) == "é"


def test_lone_surrogates_become_replacement_characters() -> None:
    assert normalize("a\ud800b").text == "a\ufffdb"
    assert normalize("\ud83d\ude00").text == "😀"


def test_clean_text_is_left_alone() -> None:
    result = normalize("Already clean.\n\nTwo paragraphs.")
    assert result.text == "Already clean.\n\nTwo paragraphs." and result.steps == ()


def test_ftfy_judges_each_line_alone_whatever_ends_it() -> None:
    # A line is repaired the same way next to a C1 control, after a lone CR, or alone.
    alone = normalize("»ß«™").text
    assert alone == "ȧǪ"
    assert normalize("0:0\x80\r»ß«™").text.splitlines()[1] == alone
    assert normalize("0:0\x80\n»ß«™").text.splitlines()[1] == alone


# The characters around every branch of the ftfy test: its marks, what may follow them, and their neighbours.
_FTFY_ALPHABET = ("\u00c1\u00c2\u00c3\u00e9\u00f4\u00f5&#;a1_\x1b\x7f\x80\x85\x9f\xa0\u00bf\u00c0\u0152\u2019"
                  "\u20ac\u2122\u2028\ud800\udfff\r\n ")


@given(st.text(st.sampled_from(_FTFY_ALPHABET) | st.characters() | st.characters(categories=["Cs"])))
def test_the_fast_ftfy_test_matches_where_the_readable_one_does(text: str) -> None:
    fast = [match.span() for match in _FTFY_FIXABLE.finditer(text)]
    assert fast == [match.span() for match in _FTFY_CAN_FIX.finditer(text)]


def test_ftfy_runs_only_on_the_lines_it_can_fix() -> None:
    text = "Caf\u00c3\u00a9 au lait\nCafé & co\r\nAT&amp;T\n\nplain"
    assert normalize(text).text == "Café au lait\nCafé & co\nAT&T\n\nplain"
    assert [line for line in text.splitlines() if _ftfy_can_fix(line)] == ["Caf\u00c3\u00a9 au lait", "AT&amp;T"]
