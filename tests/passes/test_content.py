"""The content classifier: on a whole page rendered as text it keeps the article and drops the menus;
on a clean extraction it does nothing at all."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from numpy.typing import NDArray

from cleaner.article import Removal
from cleaner.blocks import Draft
from cleaner.config import Config
from cleaner.passes._measures import analyse
from cleaner.passes.content import (
    FEATURES,
    LINE_FEATURES,
    PAGE_FEATURES,
    features,
    line_rows,
    load_line_model,
    page_row,
    page_shape,
)
from cleaner.passes.navigation import find_cookie_notices, find_site_notices

from .helpers import off, run

MENU = ["Home", "World", "Business", "Markets", "Tech", "Sport", "Culture", "Opinion", "Video", "Podcasts",
        "Newsletters", "Log in", "Subscribe", "Search", "Europe", "Americas", "Asia", "Africa", "Middle East",
        "Climate", "Health", "Science", "Travel", "Style", "Food", "Weather", "Games", "Crosswords", "Sections",
        "Account", "Live TV", "Audio", "Jobs", "Events", "Shop", "Deals", "Magazine", "Archive", "About", "Contact"]
FOOTER = ["Terms of Use", "Privacy Policy", "Cookie Settings", "Advertise with us", "Careers", "Help centre",
          "© 2024 Example Media Group. All rights reserved."]
PROSE = [
    ("The city council voted on Tuesday to expand the bus network into the northern districts, where residents "
     "have waited more than a decade for a direct connection to the centre."),
    ("The plan, which will cost about 40 million euros over five years, was approved by a large majority after "
     "a debate that lasted most of the afternoon and into the evening."),
    ("Opponents said the money would be better spent on repairing the roads that the buses already use, many "
     "of which have not been resurfaced since the nineteen nineties."),
    ("The first new routes are expected to open next spring, and the council said it would publish the "
     "timetables in January so that people can plan their journeys in advance."),
]
NOTICES = ["This website uses cookies. We use cookies to improve your experience.",
           "An error has occurred, please try again later."]
PAGE = "\n".join(MENU + ["City expands its bus network to the north"] + PROSE + FOOTER + NOTICES)
#: The rule passes that take the notices first, as in ``clean``: the classifier judges a whole page by the
#: lines it came with and what the rules left of them.
RULES = (find_cookie_notices, find_site_notices)


def on_the_page(config: Config | None = None) -> list[Removal]:
    """The classifier's removals on ``PAGE`` in English (``clean`` finds the language), once ``RULES`` ran."""
    from cleaner.passes.content import find_boilerplate_blocks

    config = config or Config()
    draft = Draft.from_normalized(PAGE, "en")
    for rule in RULES:
        draft = draft.with_removals(rule(draft, config))
    return list(find_boilerplate_blocks(draft, config))


def test_whole_page_keeps_the_article_and_drops_the_menus() -> None:
    removed = {r.text for r in on_the_page()}
    assert not removed & set(PROSE)
    assert len(removed & set(MENU + FOOTER)) >= len(MENU) // 2


def test_clean_extraction_is_left_alone() -> None:
    from cleaner.passes.content import find_boilerplate_blocks

    assert run(find_boilerplate_blocks, "\n\n".join(PROSE + ["Advertise with us"])) == []


def test_reasons_carry_the_score() -> None:
    removals = on_the_page()
    assert removals and all("content probability" in r.reason for r in removals)


def test_features_have_one_value_per_name() -> None:
    fragments = Draft.of(PAGE).remaining()
    vectors = features(fragments, "en", Config())
    assert len(vectors) == len(fragments) and all(len(vector) == len(FEATURES) for vector in vectors)
    short, lead = page_shape(analyse(fragments, "en"))
    assert short > 0.5 and lead >= len(MENU)


def test_shipped_model_loads_and_reads_its_rows() -> None:
    model = load_line_model()
    draft = Draft.from_normalized(PAGE, "en")
    for rule in RULES:
        draft = draft.with_removals(rule(draft, Config()))
    fragments = draft.remaining()
    analysed = analyse(fragments, "en")
    rows = line_rows([f.text for f in fragments], features(fragments, "en", Config(), analysed), len(draft.lines))
    assert rows.shape == (len(fragments), len(LINE_FEATURES))
    assert page_row(analysed, 50).shape == (1, len(PAGE_FEATURES))
    probabilities = model.probabilities(rows)
    assert ((probabilities >= 0) & (probabilities <= 1)).all()
    # the prose scores above every line of the menu
    prose = [i for i, f in enumerate(fragments) if f.text in PROSE]
    menu = [i for i, f in enumerate(fragments) if f.text in MENU]
    assert probabilities[prose].min() > probabilities[menu].max()
    assert model.page_probability(page_row(analysed, len(draft.lines))) >= model.whole_page


def test_a_model_file_of_other_features_or_no_file_is_a_config_error(tmp_path: Path) -> None:
    import json

    import pytest

    from cleaner.errors import ConfigError
    from cleaner.passes.content import load_line_model

    stale = tmp_path / "stale.json"
    stale.write_text(json.dumps({"features": ["bias"], "context": [], "page_features": []}), encoding="utf-8")
    for name in (str(stale), str(tmp_path / "missing.json")):
        with pytest.raises(ConfigError):
            load_line_model(name)


def test_the_caller_s_threshold_applies_to_an_extraction_too() -> None:
    from cleaner.passes.content import find_boilerplate_blocks

    text = "\n\n".join(PROSE + ["Advertise with us"])
    assert run(find_boilerplate_blocks, text) == []
    removed = {r.text for r in run(find_boilerplate_blocks, text, Config(content_threshold=0.99))}
    assert removed  # every block below 0.99 goes, on any text, once the caller says so


def test_off_switch() -> None:
    assert on_the_page(off("content")) == []


def test_a_whole_page_stays_one_when_the_rules_took_many_of_its_lines() -> None:
    """The whole-page test counts the lines the page came with: once the rules have cut its notices, a
    page of 43 lines has 37 left, and it is still a whole page whose menus go (not a clean extraction)."""
    from cleaner import clean

    notices = ["© 2019 Example Media. All rights reserved.", "Comments are closed.",
               "Write to the desk at desk@example.com", "If you enjoyed this article, join our members.",
               "An error has occurred, please try again later.", "This website uses cookies. We use cookies."]
    lines = MENU[:25] + ["City expands its bus network to the north"] + PROSE + FOOTER + notices
    assert len(lines) == 43
    article = clean("\n".join(lines))
    rules = {r.rule for r in article.removed}
    assert {"navigation.site-notice", "navigation.contact-line", "navigation.widget"} <= rules
    assert "content.classifier" in rules
    assert all(p in article.text for p in PROSE) and "Crosswords" not in article.text



ITEMS = [f"{name} - ${price}.00" for name, price in (
    ("Osprey Atmos AG 65 Pack", 340), ("Gregory Baltoro 75 Pack", 330), ("REI Co-op Flash 55 Pack", 199),
    ("Deuter Aircontact Core 60+10", 260), ("Mystery Ranch Bridger 65", 350), ("Osprey Exos 58 Pack", 220),
    ("Hyperlite Southwest 3400", 379), ("Gregory Focal 48 Pack", 250), ("ALPS Mountaineering Red Tail 80", 120),
    ("Osprey Aether Plus 70", 400), ("NEMO Persist 75 Pack", 300), ("Exped Thunder 70", 279))]
ITEM_PAGE = "\n".join(MENU + ["Backpacking Packs", "154 products"] + ITEMS + FOOTER)


def rows_of(text: str) -> tuple[list[str], NDArray[np.float64]]:
    """The blocks of ``text`` in English and their ``line_rows``."""
    draft = Draft.from_normalized(text, "en")
    fragments = draft.remaining()
    texts = [f.text for f in fragments]
    analysed = analyse(fragments, "en")
    return texts, line_rows(texts, features(fragments, "en", Config(), analysed), len(draft.lines))


def test_a_page_of_short_items_is_cut_only_where_the_classifier_is_sure(tmp_path: Path) -> None:
    """On a page without prose (a shop's collection, a listing) the classifier cannot tell the menus from the
    items: its threshold drops to ``_ITEM_PAGE_THRESHOLD``; an article page keeps the model's threshold."""
    import json

    from cleaner.forest import model_data
    from cleaner.passes.content import _ITEM_PAGE_THRESHOLD, find_boilerplate_blocks, is_item_page, page_threshold

    model = load_line_model()
    _texts, rows = rows_of(ITEM_PAGE)
    assert is_item_page(rows)
    assert page_threshold(rows, model.probabilities(rows), model.threshold) == _ITEM_PAGE_THRESHOLD
    _texts, article_rows = rows_of(PAGE)
    assert not is_item_page(article_rows)
    assert page_threshold(article_rows, model.probabilities(article_rows), model.threshold) == model.threshold
    # The pass, with the shipped model told to take any text for a whole page and to doubt every block more
    # (its second forest's bias lowered), so that it is sure of a few: only those go, not the many it doubts.
    data = model_data("default", "line-model.json", "content model")

    def doubting(shift: float) -> str:
        path = tmp_path / f"doubting{shift}.json"
        changed = dict(data, whole_page=0.0, second=dict(data["second"], bias=data["second"]["bias"] - shift))
        path.write_text(json.dumps(changed), encoding="utf-8")
        return str(path)

    texts, rows = rows_of(ITEM_PAGE)
    probabilities = load_line_model(doubting(1.5)).probabilities(rows)
    sure = {text for text, p in zip(texts, probabilities.tolist(), strict=True) if p < _ITEM_PAGE_THRESHOLD}
    unsure = {text for text, p in zip(texts, probabilities.tolist(), strict=True) if _ITEM_PAGE_THRESHOLD <= p < 0.5}
    config = Config(content_model=doubting(1.5))
    removed = list(find_boilerplate_blocks(Draft.from_normalized(ITEM_PAGE, "en"), config))
    assert sure and {r.text for r in removed} == sure and len(unsure) > len(sure)
    assert all("of short items" in r.reason for r in removed)
    # Doubting every block more, the model finds no item it would keep at its threshold: it cannot tell the
    # items from the menus at all, and nothing goes (cutting at ``_ITEM_PAGE_THRESHOLD`` emptied such pages).
    blind = load_line_model(doubting(2.5))
    probabilities = blind.probabilities(rows)
    assert float(probabilities.max()) < blind.threshold and float(probabilities.min()) < _ITEM_PAGE_THRESHOLD
    assert page_threshold(rows, probabilities, blind.threshold) == 0.0
    assert list(find_boilerplate_blocks(Draft.from_normalized(ITEM_PAGE, "en"),
                                        Config(content_model=doubting(2.5)))) == []


@given(st.text(st.characters() | st.characters(min_codepoint=0x3000, max_codepoint=0x30FF), max_size=200))
@example("今日・x ゛")
@example("Monday, 5 May 2025_x")
def test_the_page_tokenizer_gives_the_tokens_of_word(text: str) -> None:
    """``analyse`` tokenises a page without Han or kana with ``\\w+``: the same tokens as ``WORD``."""
    from cleaner.blocks import WORD
    from cleaner.passes._measures import tokenizer

    assert tokenizer(text)(text) == WORD.findall(text)


def test_inside_the_article_a_block_goes_only_where_the_classifier_is_surer(tmp_path: Path) -> None:
    """Between the first and the last long paragraph the model keeps, a block goes below
    ``_INSIDE_THRESHOLD``, not below the page's threshold: a short paragraph or a list item there is the
    article's. The shipped model is made to doubt every block (its second forest's bias lowered), so that
    the short lines inside the article and after it fall between the two thresholds."""
    import json

    from cleaner.forest import model_data
    from cleaner.passes.content import _INSIDE_THRESHOLD, find_boilerplate_blocks, page_threshold

    middle = ["Two new routes", "Route 12 to the hospital", "Route 14 to the university campus",
              "Both will run every ten minutes."]
    after = ["Three more routes", "Route 16 to the stadium", "Route 18 to the airport terminal",
             "All will run every twenty minutes."]
    page = "\n".join(MENU + ["City expands its bus network to the north", PROSE[0], *middle, *PROSE[1:], *after,
                             *FOOTER])
    data = model_data("default", "line-model.json", "content model")
    doubting = dict(data, whole_page=0.0, second=dict(data["second"], bias=data["second"]["bias"] - 1.0))
    path = tmp_path / "doubting.json"
    path.write_text(json.dumps(doubting), encoding="utf-8")
    model = load_line_model(str(path))
    texts, rows = rows_of(page)
    probabilities = model.probabilities(rows)
    limit = page_threshold(rows, probabilities, model.threshold)
    assert limit > _INSIDE_THRESHOLD
    p = dict(zip(texts, probabilities.tolist(), strict=True))
    assert all(p[paragraph] >= limit for paragraph in PROSE)  # the article's span: PROSE[0] to PROSE[-1]
    removed = {r.text: r.reason for r in find_boilerplate_blocks(Draft.from_normalized(page, "en"),
                                                                Config(content_model=str(path)))}
    inside_doubted = [line for line in middle if _INSIDE_THRESHOLD <= p[line] < limit]
    outside_doubted = [line for line in after if _INSIDE_THRESHOLD <= p[line] < limit]
    assert inside_doubted and outside_doubted  # the test sees both cases
    assert not set(inside_doubted) & set(removed)
    assert set(outside_doubted) <= set(removed)
    assert {line for line in middle if p[line] < _INSIDE_THRESHOLD} == {
        line for line in middle if line in removed}
    assert all("inside the article" in removed[line] for line in middle if line in removed)


def test_the_classifier_reads_each_block_among_its_neighbours_on_the_page() -> None:
    """The lines the rules took stay in the classifier's view, in their places: a block's features are the
    same whichever rules ran, and a line a rule took reads as furniture to the blocks around it."""
    from cleaner.passes.content import page_blocks

    whole = Draft.from_normalized(PAGE, "en")
    taken = whole
    for rule in RULES:
        taken = taken.with_removals(rule(taken, Config()))
    blocks, left = page_blocks(taken)
    assert len(taken.remaining()) < len(whole.remaining())  # the rules took the notices
    assert [block.text for block in blocks] == [fragment.text for fragment in whole.remaining()]
    taken_lines = [block.text for block, kept in zip(blocks, left.tolist(), strict=True) if not kept]
    assert taken_lines == [removal.text for removal in taken.removals] and NOTICES[0] in taken_lines
    assert features(blocks, "en", Config()) == features(whole.remaining(), "en", Config())
    # The model scores the blocks left only; the ones taken weigh in their neighbours' context as furniture.
    model = load_line_model()
    rows = line_rows([block.text for block in blocks], features(blocks, "en", Config()), len(taken.lines),
                     int(left.sum()))
    probabilities = model.probabilities(rows, left)
    assert probabilities.shape == (int(left.sum()),)
    as_content = model.probabilities(rows)[left]  # the taken lines read as the first forest scores them
    assert not np.allclose(probabilities, as_content)
    footer = [i for i, block in enumerate(b for b, kept in zip(blocks, left.tolist(), strict=True) if kept)
              if block.text == FOOTER[-2]]
    assert len(footer) == 1
    # next to the lines taken, the footer's last line left is likelier furniture than next to their scores
    assert probabilities[footer] <= as_content[footer]


def test_a_rule_that_takes_a_line_of_furniture_changes_no_other_block_s_fate() -> None:
    """A menu line taken by a rule first (as a new phrase in a vocabulary would) leaves the classifier's
    decision on every other block as it was: the rules and the model add up."""
    from cleaner.passes.content import find_boilerplate_blocks

    draft = Draft.from_normalized(PAGE, "en")
    for rule in RULES:
        draft = draft.with_removals(rule(draft, Config()))
    before = {removal.text for removal in find_boilerplate_blocks(draft, Config())}
    for line in ("Contact", "About", "Terms of Use", "Privacy Policy", "Crosswords"):
        start = PAGE.index(line)
        ruled = draft.with_removals([Removal(start, start + len(line), line, "boilerplate", "test.rule", "")])
        after = {removal.text for removal in find_boilerplate_blocks(ruled, Config())}
        assert after == before - {line}, line


def test_a_page_of_items_where_the_model_keeps_under_a_paragraph_is_left_alone() -> None:
    """On a page of short items, a line or two the model would keep is no sign that it can tell the items
    from the menus: under ``_MIN_KEPT_WORDS`` words kept at the threshold, nothing goes (IMDb's top 250 lost
    its films and kept its menus); from that many words on, only the blocks it is sure of go."""
    from cleaner.passes.content import _ITEM_PAGE_THRESHOLD, _MIN_KEPT_WORDS, is_item_page, page_threshold

    texts, rows = rows_of(ITEM_PAGE)
    assert is_item_page(rows)
    words = np.expm1(rows[:, 1]).round().astype(int)  # log_words
    probabilities = np.full(len(texts), 0.05)
    one_line = texts.index(ITEMS[0])
    probabilities[one_line] = 0.9
    assert words[one_line] < _MIN_KEPT_WORDS
    assert page_threshold(rows, probabilities, 0.5) == 0.0
    items = [texts.index(item) for item in ITEMS]
    probabilities[items] = 0.9
    assert words[items].sum() >= _MIN_KEPT_WORDS
    assert page_threshold(rows, probabilities, 0.5) == _ITEM_PAGE_THRESHOLD


def _wrapped(paragraph: str, width: int = 72) -> str:
    """A paragraph hard-wrapped at ``width`` characters, as a plain-text rendering of a page has it."""
    import textwrap

    return "\n".join(textwrap.wrap(paragraph, width))


def test_a_paragraph_wrapped_over_lines_is_judged_as_one_block() -> None:
    from cleaner.passes.content import unwrapped

    text = "Home\n\n" + _wrapped(PROSE[0]) + "\n\nShare this story\nTerms of Use"
    blocks, left, members = unwrapped(Draft.of(text).remaining(), np.ones(len(Draft.of(text).lines), dtype=bool))
    assert [block.text for block in blocks] == ["Home", PROSE[0], "Share this story", "Terms of Use"]
    assert [len(run) for run in members] == [1, len(_wrapped(PROSE[0]).splitlines()), 1, 1]
    assert left.tolist() == [True] * 4


def test_only_long_lines_ending_no_sentence_over_a_lower_case_line_of_the_same_paragraph_wrap() -> None:
    from cleaner.passes.content import unwrapped

    def blocks_of(text: str, left: list[bool] | None = None) -> list[str]:
        # under a title and a blank line: a text with no blank line at all has a paragraph per line
        fragments = Draft.of(f"Title\n\n{text}").remaining()
        held = np.array([True] + (left if left is not None else [True] * (len(fragments) - 1)))
        return [block.text for block in unwrapped(fragments, held)[0]][1:]

    long_line = "The council said that the new routes would open in the spring and"
    assert blocks_of(f"{long_line}\nthe timetables in January.") == [f"{long_line} the timetables in January."]
    assert blocks_of(f"{long_line}\nThe timetables came in January.") == [long_line, "The timetables came in January."]
    assert blocks_of(f"{long_line}.\nthe timetables in January.") == [f"{long_line}.", "the timetables in January."]
    assert blocks_of(f"{long_line}\n\nthe timetables in January.") == [long_line, "the timetables in January."]
    assert blocks_of("Shop\nsale") == ["Shop", "sale"]  # a menu's short items
    # a line the rules took is read as furniture, alone
    assert blocks_of(f"{long_line}\nthe timetables in January.", [True, False]) == [
        long_line, "the timetables in January."]


def test_a_whole_page_of_wrapped_paragraphs_keeps_its_article() -> None:
    from cleaner.passes.content import find_boilerplate_blocks

    article = "\n\n".join(_wrapped(paragraph) for paragraph in PROSE)
    page = "\n".join(MENU) + "\n\n" + article + "\n\n" + "\n".join(FOOTER)
    draft = Draft.from_normalized(page, "en")
    removed = list(find_boilerplate_blocks(draft, Config()))
    kept = {fragment.text for fragment in draft.with_removals(removed).remaining()}
    wrapped_lines = {line for paragraph in PROSE for line in _wrapped(paragraph).splitlines()}
    assert wrapped_lines <= kept
    assert len({removal.text for removal in removed} & set(MENU + FOOTER)) >= len(MENU) // 2


@pytest.mark.parametrize("line", ["Daypack $129.95", "ab 23,97 €", "from £169", "1.299 kr", "49 zł / Stück",
                                  "¥3,000", "Preis: 12.50 EUR"])
def test_a_price_is_a_sum_with_its_currency(line: str) -> None:
    from cleaner.passes.content import count_prices

    assert count_prices([line]) == 1


@pytest.mark.parametrize("line", ["In 2019 it rained", "12 km away", "5 items left", "EURO 2024 tickets",
                                  "100 kroner", "Chapter 3. Prices"])
def test_years_distances_and_counts_are_no_prices(line: str) -> None:
    from cleaner.passes.content import count_prices

    assert count_prices([line]) == 0


def test_a_page_that_shows_many_prices_is_a_page_of_items_whatever_prose_it_holds(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A shop's page (``_SHOP_PRICES`` prices or more) is cut only where the classifier is sure, as a page
    of short items: its promotions' prose must not make its products pass for an article's furniture."""
    from cleaner import clean
    from cleaner.passes import content
    from cleaner.passes.content import _ITEM_PAGE_THRESHOLD, _SHOP_PRICES, is_item_page, page_threshold

    model = load_line_model()
    _texts, rows = rows_of(PAGE)
    probabilities = model.probabilities(rows)
    assert not is_item_page(rows) and not is_item_page(rows, _SHOP_PRICES - 1)
    assert page_threshold(rows, probabilities, model.threshold, _SHOP_PRICES - 1) == model.threshold
    assert is_item_page(rows, _SHOP_PRICES)
    assert page_threshold(rows, probabilities, model.threshold, _SHOP_PRICES) == _ITEM_PAGE_THRESHOLD
    # esprit-barbecue.fr's gas barbecues rendered as a whole page (wcxb 0645, text/full): 107 prices
    page = Path(__file__).parent.parent.parent / "corpus/bench/wcxb/text/full/0645.txt"
    text = page.read_text(encoding="utf-8")
    guide = "Comparatif : quel barbecue à gaz choisir selon votre profil ?"
    shop = clean(text)
    reasons = {r.reason.split(" on a whole page ")[1][:30] for r in shop.removed if r.rule == "content.classifier"}
    assert reasons == {"(P 1.00, a shop's: 107 prices)"}
    assert guide in shop.text.split("\n")
    monkeypatch.setattr(content, "_SHOP_PRICES", 10**6)
    assert guide not in clean(text).text.split("\n")
