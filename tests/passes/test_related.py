import pytest

from cleaner.blocks import Draft, claim
from cleaner.config import Config
from cleaner.passes.related import (
    find_excerpts,
    find_labelled_lists,
    find_orphan_headers,
    find_related_blocks,
    find_related_links,
    find_tagged_links,
)

from .helpers import off, run, texts

BLOCK = (
    "The story ends here.\n\nMore from International news\n\n  • US Senate passes tax bill\n\n"
    "    The Senate passed the bill on Tuesday.\n\n  • France shuts schools as heatwave grips Europe\n\n"
    "    More than a thousand schools were closed."
)


def test_more_from_block_with_headlines_and_summaries() -> None:
    found = run(find_related_blocks, BLOCK)
    assert [r.text for r in found] == [
        "More from International news", "• US Senate passes tax bill", "The Senate passed the bill on Tuesday.",
        "• France shuts schools as heatwave grips Europe", "More than a thousand schools were closed.",
    ]
    assert {r.kind for r in found} == {"related-block"}


@pytest.mark.parametrize("header", ["Mehr zum Thema", "Zum Weiterlesen", "Das könnte dich auch interessieren",
                                    "Ähnliche Beiträge", "Schon gelesen:"])
def test_german_block_without_bullets(header: str) -> None:
    text = f"Der Text endet hier.\n\n{header}\n\nKanzler reist nach Paris\n\nStreik legt Bahn lahm"
    assert [r.value for r in run(find_related_blocks, text)] == [
        None, "Kanzler reist nach Paris", "Streik legt Bahn lahm"]


def test_a_specification_or_glossary_under_a_related_header_stays() -> None:
    specification = ("Minimum:\n- OS: Windows 10 (64bit)\n- Processor: Intel Core i5\n- Memory: 8 GB RAM\n\n"
                     "Recommended:\n- OS: Windows 11 (64bit)\n- Processor: Intel Core i7\n- Memory: 16 GB RAM\n"
                     "- Storage: 95 GB available space")
    assert run(find_related_blocks, specification) == []
    glossary = ("See also\n\n- Portage tips — the main command-line interface to Portage\n\n"
                "- Catalyst — a tool to build stage files and live images\n\n"
                "- Gentoolkit — a suite of tools to ease the administration of a system")
    assert run(find_related_blocks, glossary) == []


def test_headlines_with_a_kicker_or_prices_under_a_related_header_go() -> None:
    kickers = ("Story.\n\nSee also:\n\n* Ask the Experts: Five ways to help your garden\n\n"
               "* Cues to Care: How to design an ecological garden\n\n* Yes, Deer: How to live with a garden foe")
    assert len(run(find_related_blocks, kickers)) == 4
    prices = "Related products\n\n- Coffee Bags Dress\n\n- USD: $240.97\n\n- GBP: £178.47\n\n- CAD: $332.94"
    assert len(run(find_related_blocks, prices)) == 5
    fields = ("Related posts\n\n- OS: Windows 10\n\n- Floods hit Spain\n\n- Fire in Rome\n\n"
              "- Memory: 16 GB RAM")  # fields in half of the items, not in most
    assert len(run(find_related_blocks, fields)) == 5


def test_header_words_opening_a_sentence_stay() -> None:
    text = "Related to this, the minister said the plan would change.\n\nMore from the minister came later."
    assert run(find_related_blocks, text) == []


def test_read_more_lines_in_ten_languages() -> None:
    for line, headline in [("READ MORE: Troops deployed to Lachin", "Troops deployed to Lachin"),
                           ("Lesen Sie auch: Streik bei der Bahn", "Streik bei der Bahn"),
                           ("Lire aussi : La grève continue", "La grève continue"),
                           ("Lee también: Huelga en Madrid", "Huelga en Madrid"),
                           ("Leggi anche: Sciopero a Roma", "Sciopero a Roma"),
                           ("Related post: Pickled Brussels Sprouts Recipe", "Pickled Brussels Sprouts Recipe"),
                           ("Next Post: REDANT Motorcycle Cleaner", "REDANT Motorcycle Cleaner"),
                           ("Articles liés : La grève continue", "La grève continue"),
                           ("Próximo artigo: Greve em Lisboa", "Greve em Lisboa"),
                           ("Читайте также: Забастовка в Москве", "Забастовка в Москве"),
                           ("Czytaj także: Strajk w Warszawie", "Strajk w Warszawie"),
                           ("次の記事：大阪で新しい駅が開業", "大阪で新しい駅が開業"),
                           ("上一篇：上海新地铁线路开通", "上海新地铁线路开通")]:
        assert [r.value for r in run(find_related_links, f"Text.\n\n{line}\n\nMore text.")] == [headline]


def test_read_more_without_a_colon_is_prose() -> None:
    assert run(find_related_links, "Read more about the plan in the ministry's report.") == []


def test_off_switch() -> None:
    assert run(find_related_blocks, BLOCK, off("related")) == []
    assert run(find_related_links, "READ MORE: Headline here", off("related.inline-link")) == []


def test_a_read_more_line_under_a_bulleted_item_is_a_link_not_its_summary() -> None:
    text = "The story ends.\n\nMore from\n\n• Floods hit Spain\n\nRead more: Fire in Rome"
    assert [(r.text, r.value) for r in run(find_related_blocks, text)] == [
        ("More from", None), ("• Floods hit Spain", "Floods hit Spain")]
    assert [r.value for r in run(find_related_links, text)] == ["Fire in Rome"]


def test_a_labelled_link_as_a_list_item_keeps_only_its_headline() -> None:
    text = "The story ends.\n\nMore from\n\n• Floods hit Spain\n\n» Read more: Fire in Rome"
    assert [r.value for r in run(find_related_blocks, text)] == [None, "Floods hit Spain", "Fire in Rome"]


def test_a_related_link_in_brackets_loses_its_brackets() -> None:
    for line, headline in [("[Related: Salesforce keynote: AI, protestors]", "Salesforce keynote: AI, protestors"),
                           ("(Leggi anche su: I Cavalieri dello Zodiaco –FOTO)", "I Cavalieri dello Zodiaco –FOTO"),
                           ("(Read more: Fire in Rome)", "Fire in Rome")]:
        assert [r.value for r in run(find_related_links, f"Text.\n\n{line}\n\nMore text.")] == [headline]


def test_a_bracket_that_does_not_close_the_line_is_prose() -> None:
    text = "Text.\n\n(Related: the council's vote) was the talk of the town on Tuesday\n\nMore text."
    assert run(find_related_links, text) == []


def test_a_label_naming_the_linked_site_needs_no_colon() -> None:
    text = "Text.\n\nAlso on rt.com Journalists threatened with sedition arrests as Bolivia purges\n\nMore text."
    assert [r.value for r in run(find_related_links, text)] == [
        "Journalists threatened with sedition arrests as Bolivia purges"]


def test_a_site_label_without_a_site_is_prose() -> None:
    text = "Text.\n\nAlso on Tuesday the council approved the budget\n\nMore from the mayor came later"
    assert run(find_related_links, text) == []


def test_teasers_tagged_with_a_media_kind_in_any_case() -> None:
    text = ("Text.\n\nEcoflow River 370 Review: a power station [Video]\n\nLa huelga sigue en Madrid [Fotos]\n\n"
            "He called it a mistake in his letter [sic]")
    assert [r.value for r in run(find_tagged_links, text)] == [
        "Ecoflow River 370 Review: a power station", "La huelga sigue en Madrid"]


def test_three_teasers_under_one_series_label() -> None:
    text = ("The show closes on Sunday.\n\nMilan Design Week 2018 | FLOS pays tribute to Castiglioni\n"
            "Milano Design Week 2018 | Seiko's The Flow of Time at the Triennale\n"
            "Milano Design Week 2018 | A preview of DOUTDESign\n\ncopyright Inexhibit 2019")
    removals = run(find_labelled_lists, text)
    assert [r.value for r in removals] == [
        "FLOS pays tribute to Castiglioni", "Seiko's The Flow of Time at the Triennale", "A preview of DOUTDESign"]
    assert {r.kind for r in removals} == {"related-link"}


def test_two_labelled_lines_or_different_labels_stay() -> None:
    two = "Story.\n\nPolitics | Vote delayed\n\nPolitics | Budget passed\n\nThe end."
    mixed = "Story.\n\nPolitics | Vote delayed\n\nSport | Cup final tonight\n\nWeather | Rain all week"
    sentences = "Story.\n\nNote | The vote was delayed.\n\nNote | The budget passed.\n\nNote | We agree."
    for text in (two, mixed, sentences):
        assert texts(find_labelled_lists, text) == []
    three = "Story.\n\nPolitics | Vote delayed\n\nPolitics | Budget passed\n\nPolitics | Minister quits"
    assert texts(find_labelled_lists, three, off("related.labelled-list")) == []


def test_the_related_link_cache_keeps_no_long_line() -> None:
    from cleaner.passes import related

    before = related._cached_related_link.cache_info().currsize
    long_line = "READ MORE: " + "floods hit Spain " * 100
    assert related._related_link(("en",), long_line) == ("READ MORE", long_line[len("READ MORE: "):].strip())
    assert related._cached_related_link.cache_info().currsize == before


EXCERPTS = ("The post ends here.\n\nFerries return to the harbour as the bridge shuts for the whole winter […]\n\n"
            "The mayor opens the new market hall on the square by the old town hall [...]")


def test_paragraphs_cut_off_with_a_bracketed_ellipsis_are_excerpts_of_other_posts() -> None:
    found = run(find_excerpts, EXCERPTS)
    assert [(r.rule, r.kind, r.value) for r in found] == [
        ("related.excerpt", "related-block", "Ferries return to the harbour as the bridge shuts for the whole winter"),
        ("related.excerpt", "related-block", "The mayor opens the new market hall on the square by the old town hall")]
    assert all(dict(r.meta)["role"] == "summary" for r in found)


def test_one_excerpt_a_short_one_or_an_ellipsis_inside_a_line_stays() -> None:
    one = EXCERPTS.rsplit("\n\n", 1)[0]
    assert run(find_excerpts, one) == []  # an article may quote with one
    assert run(find_excerpts, "Text.\n\nFerries return […]\n\nMarket hall opens [...]") == []
    assert run(find_excerpts, EXCERPTS.replace(" […]", " […] and more.")) == []
    assert run(find_excerpts, EXCERPTS, off("related.excerpt")) == []


def related_items(draft: Draft, *indexes: int) -> Draft:
    """The draft with the lines at ``indexes`` taken as related headlines, as another pass would."""
    fragments = draft.remaining()
    return draft.with_removals(claim(fragments[i], "related-link", "html.link-line", "a link",
                                     value=fragments[i].text, meta=(("role", "headline"),)) for i in indexes)


ORPHAN = "The story ends.\n\nRead these next:\n\nFerries return\n\nMarket hall opens\n\nThe end."


def test_a_label_over_related_headlines_and_nothing_else_goes_with_them() -> None:
    draft = related_items(Draft.of(ORPHAN), 2, 3)
    found = list(find_orphan_headers(draft, Config()))
    assert [(r.text, r.kind, dict(r.meta)["role"]) for r in found] == [("Read these next:", "related-block", "header")]


def taken_as(draft: Draft, kind: str, *indexes: int) -> Draft:
    """The draft with the lines at ``indexes`` taken as ``kind`` (share buttons, a footer) by another pass."""
    fragments = draft.remaining()
    return draft.with_removals(claim(fragments[i], kind, "html.widget", "a widget") for i in indexes)


def test_a_label_over_related_headlines_then_other_furniture_goes_too() -> None:
    shared = ORPHAN.replace("\n\nThe end.", "\n\nShare\n\nThe end.")
    draft = taken_as(related_items(Draft.of(shared), 2, 3), "navigation", 2)
    found = list(find_orphan_headers(draft, Config()))
    assert [(r.text, r.rule) for r in found] == [("Read these next:", "related.orphan-header")]
    assert "then other lines taken" in found[0].reason
    # the lines right under the label are what it names: share buttons first, then headlines, and it stays
    first = ORPHAN.replace("Read these next:\n\n", "Read these next:\n\nShare\n\n")
    draft = related_items(taken_as(Draft.of(first), "navigation", 2), 2, 3)
    assert list(find_orphan_headers(draft, Config())) == []


def test_a_label_over_one_headline_over_kept_lines_or_too_long_stays() -> None:
    assert list(find_orphan_headers(related_items(Draft.of(ORPHAN), 2), Config())) == []  # one item, one kept
    assert list(find_orphan_headers(Draft.of(ORPHAN), Config())) == []
    long_label = ORPHAN.replace("Read these next:", "These are the stories that our readers read most this week:")
    assert list(find_orphan_headers(related_items(Draft.of(long_label), 2, 3), Config())) == []
    sentence = ORPHAN.replace("Read these next:", "Read these next.")
    assert list(find_orphan_headers(related_items(Draft.of(sentence), 2, 3), Config())) == []
    assert list(find_orphan_headers(related_items(Draft.of(ORPHAN), 2, 3), off("related.orphan-header"))) == []
