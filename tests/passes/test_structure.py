from cleaner.config import Config
from cleaner.passes.credits import find_photo_credits
from cleaner.passes.structure import find_headings, find_standfirst, find_title

from .helpers import off, run


def test_title_is_a_short_unpunctuated_first_line() -> None:
    [title] = run(find_title, "Azerbaijan says Armenian forces fired on its troops\n\nThe ministry said so.")
    assert title.value == "Azerbaijan says Armenian forces fired on its troops"


def test_first_sentence_is_not_a_title() -> None:
    assert run(find_title, "Azerbaijan says one soldier was wounded.\nThe ministry said so.") == []


def test_title_glued_to_a_paragraph_is_not_a_title() -> None:
    assert run(find_title, "Short line here\nand the sentence goes on.\n\nSecond paragraph.") == []


def test_standfirst_marked_by_a_credit() -> None:
    text = "The ministry notes there are casualties.\n\nShutterstock\n\nThe body."
    assert [r.value for r in run(find_standfirst, text, after=[find_photo_credits])] == [
        "The ministry notes there are casualties."
    ]


def test_standfirst_marked_by_a_dateline() -> None:
    assert len(run(find_standfirst, "A summary sentence.\n\nLONDON (Reuters) - Body.")) == 1


def test_unmarked_first_sentence_is_the_lede() -> None:
    assert run(find_standfirst, "A summary sentence.\n\nThe body goes on.") == []


def test_headings_between_prose_paragraphs() -> None:
    paragraphs = ["It began.", "'No military solution'", "Blinken said so on Monday.", "Last words here"]
    assert find_headings(paragraphs, Config()) == ["'No military solution'"]


def test_off_switch() -> None:
    assert run(find_title, "A headline here\n\nBody.", off("structure.title")) == []
    assert find_headings(["a.", "Heading", "Body text here."], off("structure")) == []


def test_a_lede_with_a_dateline_is_never_the_standfirst() -> None:
    text = "LONDON: The council met on Monday.\n\nReuters\n\nIt voted on the budget."
    assert run(find_standfirst, text, after=[find_photo_credits]) == []


def test_a_cjk_headline_is_a_title() -> None:
    """Each Han or kana character is a word: the headline has words enough, and the paragraph under it is
    prose, not one long "word"."""
    text = ("北京地铁新线路今天正式开通\n\n"
            "北京市交通委员会今天宣布，连接城市北部和市中心的地铁新线路正式开通运营，沿线居民出行将更加方便。")
    [title] = run(find_title, text)
    assert title.value == "北京地铁新线路今天正式开通"
