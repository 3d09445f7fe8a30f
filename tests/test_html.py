"""clean_html: decoding, metadata from the markup, the html.* rules, the audit trail, no network, the CLI."""

from __future__ import annotations

import codecs
import gzip
import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from html import escape as html_escape
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import cleaner
from cleaner import Config, InputError, clean_html
from cleaner.article import ARTICLE_KEYS, PAGE_KEYS
from cleaner.html import (
    clean_document,
    declared_charset,
    decode_html,
    looks_like_html,
    page_info,
    parse_html,
)
from cleaner.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "tests" / "fixtures" / "html" / "article.html"

LEDE = ("The harbour bridge reopened to traffic on Monday after two years of repairs that cost the city "
        "more than it had planned, and commuters cheered as the first cars crossed the restored span.")
SECOND = ("Engineers replaced the steel cables that hold the deck, repainted the towers and rebuilt the "
          "approach roads on both banks, the city's transport department said in a statement on Sunday.")
THIRD = ("The mayor, who cut a ribbon at the northern end of the bridge, said the work had been worth the "
         "wait and thanked residents for their patience during the long closure of the crossing.")
FOURTH = ("Traffic was light for most of the morning, but officials expect the crossing to be as busy as "
          "before within a few weeks, once the ferries that replaced it return to their usual timetable.")


def page(body: str, head: str = "<title>Bridge reopens | Courier</title>") -> str:
    """A page whose article holds ``body`` between four paragraphs of prose."""
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>{head}</head><body><article>"
            f"<p>{LEDE}</p><p>{SECOND}</p>{body}<p>{THIRD}</p><p>{FOURTH}</p></article></body></html>")


def removed(article: cleaner.Article) -> list[tuple[str, str]]:
    return [(removal.rule, removal.text) for removal in article.removed]


@pytest.fixture(scope="module")
def fixture_article() -> cleaner.Article:
    return clean_html(ARTICLE.read_bytes(), url="https://coast.example/news/2023/bridge")


# ---------------------------------------------------------------------------
# The article fixture: every field the markup gives
# ---------------------------------------------------------------------------

def test_body_is_the_article_prose(fixture_article: cleaner.Article) -> None:
    assert len(fixture_article.paragraphs) == 5
    assert fixture_article.paragraphs[0].startswith("The harbour bridge reopened to traffic on Monday")
    assert fixture_article.paragraphs[-1].startswith("Cyclists will have a separate lane")
    for furniture in ("Home", "Sign up", "morning briefing", "More from News", "All rights reserved",
                      "Ferry timetable", "Photo: John Smith", "By Jane Doe"):
        assert furniture not in fixture_article.text


def test_metadata_from_the_markup(fixture_article: cleaner.Article) -> None:
    assert fixture_article.title == "Harbour bridge reopens after two years of repairs"
    assert fixture_article.standfirst == ("Commuters cheered as the first cars crossed the restored span on "
                                          "Monday morning.")
    assert fixture_article.date == "2023-03-13"
    assert fixture_article.language == "en"
    assert fixture_article.captions == ("The first cars cross the bridge at dawn on Monday.",)
    assert fixture_article.photo_credits == ("John Smith",)
    headlines = [item.headline for item in fixture_article.related]
    assert headlines == ["Ferry timetable changes announced for spring",
                         "City council approves new budget for schools",
                         "Storm warning issued for the weekend"]


def test_page_metadata_is_in_extra_and_in_to_dict(fixture_article: cleaner.Article) -> None:
    extra = dict(fixture_article.extra)
    assert extra["author"] == "Jane Doe"
    assert extra["site_name"] == "The Coast Courier"
    assert extra["url"] == "https://coast.example/news/harbour-bridge-reopens"  # relative canonical resolved
    assert extra["html_language"] == "en"
    data = fixture_article.to_dict()
    assert tuple(data) == ARTICLE_KEYS
    assert {key: data[key] for key in PAGE_KEYS} == {key: extra.get(key) for key in PAGE_KEYS}
    assert data["description"] == extra["description"] and data["author"] == "Jane Doe"
    assert cleaner.Article.from_dict(data, normalized=fixture_article.normalized).extra == fixture_article.extra


def test_page_metadata_reaches_json_and_batch_records(tmp_path: Path) -> None:
    result = run_cli("clean", str(ARTICLE), "--format", "json")
    data = json.loads(result.stdout)
    assert (data["author"], data["site_name"]) == ("Jane Doe", "The Coast Courier")
    (tmp_path / "in.jsonl").write_text(json.dumps({"id": "p", "html": ARTICLE.read_text(encoding="utf-8")}) + "\n",
                                       encoding="utf-8")
    assert run_cli("batch", str(tmp_path / "in.jsonl"), str(tmp_path / "out.jsonl"), "--field", "html", "-w", "0",
                   "-q").returncode == 0
    record = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert (record["cleaner_author"], record["cleaner_site_name"]) == ("Jane Doe", "The Coast Courier")
    assert record["cleaner_url"] == "/news/harbour-bridge-reopens"  # the canonical link as the page gives it


def test_author_from_the_byline_when_no_meta_names_one() -> None:
    html = ARTICLE.read_text(encoding="utf-8").replace('<meta name="author" content="Jane Doe">', "")
    html = html.replace('"author": {"@type": "Person", "name": "Jane Doe"},', "")
    assert dict(clean_html(html).extra)["author"] == "Jane Doe"


def test_every_removal_points_into_normalized(fixture_article: cleaner.Article) -> None:
    text = fixture_article.normalized
    for removal in fixture_article.removed:
        assert text[removal.start : removal.end] == removal.text
        assert removal.rule in RULES
    covered = [False] * len(text)
    for removal in fixture_article.removed:
        for offset in range(removal.start, removal.end):
            assert not covered[offset], f"{removal.rule} overlaps another removal"
            covered[offset] = True
    rest = "".join(char for char, gone in zip(text, covered, strict=True) if not gone)
    assert [line for line in rest.split("\n") if line.strip()] == list(fixture_article.paragraphs)


def test_json_has_the_same_keys_as_for_text() -> None:
    data = clean_html(ARTICLE.read_text(encoding="utf-8")).to_dict()
    assert list(data) == list(cleaner.clean("Some text.").to_dict())


# ---------------------------------------------------------------------------
# The markup rules, one by one (a hit, a near miss, the off switch)
# ---------------------------------------------------------------------------

def test_headline_is_the_title_not_body() -> None:
    html = page("", head="<title>x</title>").replace("<article>", "<article><h1>Bridge reopens</h1>")
    article = clean_html(html)
    assert article.title == "Bridge reopens"
    assert ("html.title", "Bridge reopens") in removed(article)
    assert article.paragraphs[0] == LEDE


def test_title_from_og_title_when_no_h1() -> None:
    head = '<title>Bridge reopens | Courier</title><meta property="og:title" content="Bridge reopens">'
    assert clean_html(page("", head=head)).title == "Bridge reopens"


def test_the_lede_stays_in_the_body_and_the_description_is_the_standfirst() -> None:
    head = f'<title>x</title><meta name="description" content="{LEDE}">'
    article = clean_html(page("", head=head))
    assert article.paragraphs[0] == LEDE
    assert article.standfirst == LEDE  # metadata: the page's description, the lede kept


UNPUNCTUATED = ("Visitors who booked their tickets through the site came to watch the show and left their "
                "reviews for us")


def test_an_unpunctuated_lede_is_not_taken_for_a_subtitle() -> None:
    html = page("").replace(f"<p>{LEDE}</p>", f"<h1>Reviews from our visitors</h1><p>{UNPUNCTUATED}</p>")
    article = clean_html(html)
    assert article.paragraphs[0] == UNPUNCTUATED
    assert article.standfirst is None


def test_posted_by_is_not_part_of_the_author() -> None:
    head = '<title>x</title><meta name="author" content="Posted by Jane Doe">'
    assert dict(clean_html(page("", head=head)).extra)["author"] == "Jane Doe"


@pytest.mark.parametrize(("given", "author"), [
    ("By: FlowGuard EMEA on 04-ago-2021 5:11:10", "FlowGuard EMEA"), ("via scvalex 1 year ago", "scvalex"),
    ("EcoFlow- 2025/4/29", "EcoFlow"), ("Jean-Luc Aufranc (CNXSoft)", "Jean-Luc Aufranc (CNXSoft)"),
    ("user3080392", "user3080392"), ("Pippin06", "Pippin06"),
])
def test_a_date_or_a_time_after_the_author_is_not_part_of_it(given: str, author: str) -> None:
    head = f'<title>x</title><meta name="author" content="{given}">'
    assert dict(clean_html(page("", head=head)).extra)["author"] == author


@pytest.mark.parametrize("given", ["Sat, 20 Dec, 2025", "Sun Dec 17, 2023 11:23 am", "•", "Mittwoch, 3. Mai 2023"])
def test_a_date_or_a_symbol_where_the_author_would_be_names_no_one(given: str) -> None:
    head = f'<title>x</title><meta name="author" content="{given}">'
    assert "author" not in dict(clean_html(page("", head=head)).extra)


def test_the_date_the_page_declares_in_json_ld_comes_before_the_dates_in_its_words() -> None:
    declared = ('<title>x</title><script type="application/ld+json">{"@context": "https://schema.org", '
                '"@type": "NewsArticle", "datePublished": "2024-03-05T07:02:39+0000"}</script>')
    visible, url = '<p class="date">10 March 2024</p>', "https://coast.example/2024/03/10/bridge"
    assert htmldate_of(page(visible, head=declared), url) == "2024-03-10"  # htmldate goes by the address
    assert clean_html(page(visible, head=declared), url=url).date == "2024-03-05"
    # a declared date that cannot be one (malformed, in the future) leaves the choice to htmldate
    for bad in ("Oct 31, 2025", "2999-01-01", "2024-13-45"):
        head = declared.replace("2024-03-05T07:02:39+0000", bad)
        assert clean_html(page(visible, head=head), url=url).date == "2024-03-10"


def htmldate_of(html: str, url: str) -> str | None:
    """What htmldate finds on the page as clean_html asks it (``page_date``)."""
    from cleaner.html.page import page_date
    from cleaner.html.parse import parse_html

    parsed = parse_html(html)
    return page_date(parsed[0] if isinstance(parsed, tuple) else parsed, url)


def test_a_link_line_in_an_article_goes_to_related() -> None:
    head = '<title>Bridge reopens</title><meta property="og:type" content="article">'
    article = clean_html(page('<p><a href="/other">Ferry timetable changes announced for spring</a></p>', head))
    assert [removal.rule for removal in article.removed if "Ferry" in removal.text] == ["html.link-line"]
    assert "Ferry timetable" not in article.text
    assert [item.headline for item in article.related] == ["Ferry timetable changes announced for spring"]


def unsure_rules(probability: float, article: bool) -> dict[str, str]:
    """The html.* rules find_markup_lines gives each line of a small page when the model scores every
    line ``probability`` (the threshold 0.4), on a page that is one article or not."""
    from cleaner.blocks import Draft
    from cleaner.html import page_text
    from cleaner.html.markup import find_markup_lines

    html = (f"<html><body><p>{LEDE}</p><div class='share-tools'>Share this story with a friend</div>"
            "<div class='related-stories'><p>Ferries return to the harbour this spring, the port says.</p></div>"
            f"<p><a href='/x'>Ferry timetable changes announced for spring</a></p><p>{SECOND}</p></body></html>")
    root = parse_html(html)
    blocks, normalized = page_text(root, Config())
    draft = Draft.from_normalized(normalized.text, "en")
    found = find_markup_lines(draft, blocks, [probability] * len(blocks), 0.4, page_info(root, None), Config(),
                              article=article)
    return {removal.text: removal.rule for removal in found}


def test_an_article_loses_named_boxes_the_model_is_unsure_of() -> None:
    assert unsure_rules(0.5, article=True) == {
        "Share this story with a friend": "html.widget",
        "Ferries return to the harbour this spring, the port says.": "html.related",
        "Ferry timetable changes announced for spring": "html.link-line"}
    # sure of them: only the line that is all link goes; on another page, the model alone decides
    assert unsure_rules(0.9, article=True) == {"Ferry timetable changes announced for spring": "html.link-line"}
    assert unsure_rules(0.5, article=False) == {}



def doubted_rules(html: str, doubted: dict[str, float], kept: float = 0.9, *, article: bool = False) -> dict[str, str]:
    """The html.* rules find_markup_lines gives the lines of a page when the model scores the lines of
    ``doubted`` as it says and every other line ``kept`` (the threshold 0.5), on a page that is one
    article or not."""
    from cleaner.blocks import Draft
    from cleaner.html import page_text
    from cleaner.html.markup import find_markup_lines

    root = parse_html(html)
    blocks, normalized = page_text(root, Config())
    draft = Draft.from_normalized(normalized.text, "en")
    scores = [doubted.get(line, kept) for line in normalized.text.split("\n")]
    found = find_markup_lines(draft, blocks, scores, 0.5, page_info(root, None), Config(), article=article)
    return {removal.text: removal.rule for removal in found}


QUOTE = ("She said the crossing had changed the life of the town, that people had learned to live with the "
         "ferries for two years, and that nobody would miss the queues at the landing stage in winter.")


def test_a_paragraph_the_model_doubts_among_the_articles_paragraphs_stays() -> None:
    html = f"<html><body><p>{LEDE}</p><div class='quote'><p>{QUOTE}</p></div><p>{SECOND}</p></body></html>"
    assert doubted_rules(html, {QUOTE: 0.32}) == {}
    # the model is surer of it than of a doubt, or keeps no article around it: it goes
    assert doubted_rules(html, {QUOTE: 0.2}) == {QUOTE: "html.boilerplate"}
    assert doubted_rules(html, {QUOTE: 0.32, SECOND: 0.1}) == {QUOTE: "html.boilerplate", SECOND: "html.boilerplate"}


def test_a_line_the_model_doubts_inside_the_article_stays() -> None:
    item, after = "Two cups of flour and a pinch of salt", "Share your own recipe with us"
    html = f"<html><body><p>{LEDE}</p><ul><li>{item}</li></ul><p>{SECOND}</p><div>{after}</div></body></html>"
    assert doubted_rules(html, {item: 0.4, after: 0.4}) == {after: "html.boilerplate"}
    assert doubted_rules(html, {item: 0.3}) == {item: "html.boilerplate"}


def test_summaries_of_other_stories_in_a_row_of_cards_go_outside_the_article_only() -> None:
    summaries = [f"{QUOTE[:-1]} in story {n}." for n in range(3)]
    cards = "".join(f"<li class='card'><h5><a href='/s{n}'>Another story of the week number {n}</a></h5>"
                    f"<div class='summary'>{summary}</div></li>" for n, summary in enumerate(summaries))
    outside = f"<html><body><article><p>{LEDE}</p><p>{SECOND}</p><p>{THIRD}</p></article><ul>{cards}</ul></body></html>"
    doubted = dict.fromkeys(summaries, 0.35)
    rules = doubted_rules(outside, doubted)
    assert [rules.get(summary) for summary in summaries] == ["html.teaser"] * 3
    # the same cards with the page's prose in them: a listing, whose summaries the model doubts but keep
    inside = f"<html><body><p>{LEDE}</p><ul>{cards}</ul><p>{SECOND}</p></body></html>"
    assert not set(doubted_rules(inside, doubted)) & set(summaries)
    assert RULES["html.teaser"].kind == "related-link"


def test_on_a_page_that_is_one_article_summaries_in_cards_go_even_when_the_model_keeps_them() -> None:
    summaries = [f"Another story of the week number {n} is summed up here in a few words." for n in range(3)]
    cards = "".join(f"<li class='card'><h5><a href='/s{n}'>Another story of the week number {n}</a></h5>"
                    f"<div class='summary'>{summary}</div></li>" for n, summary in enumerate(summaries))
    page = f"<html><body><article><p>{LEDE}</p><p>{SECOND}</p><p>{THIRD}</p></article><ul>{cards}</ul></body></html>"
    rules = doubted_rules(page, {}, article=True)
    assert [rules.get(summary) for summary in summaries] == ["html.teaser"] * 3
    assert not set(doubted_rules(page, {}, article=False)) & set(summaries)  # a page of several things
    # cards that outweigh the article are what the page is for: a list of winners that calls itself an article
    many = "".join(f"<li class='card'><h5><a href='/s{n}'>Another story of the week number {n}</a></h5>"
                   f"<div class='summary'>{summaries[0]}</div></li>" for n in range(12))
    listing = page.replace(cards, many)
    assert not set(doubted_rules(listing, {}, article=True)) & set(summaries)

@pytest.mark.parametrize(("head", "articles", "expected"), [
    ('<meta property="og:type" content="article">', 1, True),
    ('<script type="application/ld+json">{"@type": "NewsArticle"}</script>', 0, True),
    ('<meta property="og:type" content="website">', 1, False),
    ('<meta property="og:type" content="article">', 12, False),  # a list of article cards
    (('<meta property="og:type" content="article"><script type="application/ld+json">'
     '{"@type": "CollectionPage"}</script>'), 0, False),
])
def test_one_article_is_what_the_page_declares_and_not_a_list(head: str, articles: int, expected: bool) -> None:
    html = f"<html><head>{head}</head><body>{'<article><p>Card</p></article>' * articles}<p>{LEDE}</p></body></html>"
    root = parse_html(html)
    assert page_info(root, None).one_article(root) is expected


#: The model's verdict fixed, so that the rules' naming is what a test sees: every block rejected, or kept.
EVERYTHING_OUT = Config(block_threshold=1.0)
EVERYTHING_IN = Config(block_threshold=0.0)


def markup_rules(html: str, config: Config = EVERYTHING_OUT) -> list[tuple[str, str]]:
    """The html.* removals of a page, rule and text."""
    return [(rule, text) for rule, text in removed(clean_html(html, config=config)) if rule.startswith("html.")]


def test_a_rejected_line_is_named_by_the_markup_around_it() -> None:
    html = ("<html><body><nav><a href='/'>Home</a></nav><header>Courier</header>"
            "<div class='related-stories'><a href='/x'>Ferry timetable changes announced for spring</a></div>"
            "<div class='share-tools'>Share this story</div><div hidden>Writethru</div>"
            "<div class='comment-list'><p>Great article, thanks for writing it!</p></div>"
            f"<p><a href='/y'>Storm warning issued for the weekend</a></p><p>{LEDE}</p></body></html>")
    assert markup_rules(html) == [
        ("html.furniture", "Home"), ("html.header", "Courier"),
        ("html.related", "Ferry timetable changes announced for spring"), ("html.widget", "Share this story"),
        ("html.hidden", "Writethru"), ("html.comment", "Great article, thanks for writing it!"),
        ("html.link-line", "Storm warning issued for the weekend"), ("html.boilerplate", LEDE)]


def test_a_rejected_lines_reason_carries_the_models_score() -> None:
    article = clean_html(f"<html><body><nav><a href='/'>Home</a></nav><p>{LEDE}</p></body></html>",
                         config=EVERYTHING_OUT)
    assert all(removal.reason.startswith("the block model scores it ") for removal in article.removed)
    assert "inside a <nav> element" in article.removed[0].reason


def test_a_kept_line_is_not_named_but_for_metadata() -> None:
    html = ("<html><body><div class='story'><div class='byline'>By Jane Doe</div>"
            "<div class='timestamp'>13 March 2023</div><p>" + LEDE + "</p>"
            "<div class='share-tools'>Share this story</div>"
            "<div class='photo-credit'>Photo: John Smith</div></div></body></html>")
    assert markup_rules(html, EVERYTHING_IN) == [
        ("html.byline", "By Jane Doe"), ("html.date", "13 March 2023"), ("html.credit", "Photo: John Smith")]


def test_class_of_a_whole_region_says_nothing_about_a_line() -> None:
    html = (f"<html><body><div class='post author-jane related-posts'><p>{LEDE}</p><p>{SECOND}</p><p>{THIRD}</p>"
            "</div></body></html>")
    assert markup_rules(html, EVERYTHING_IN) == []
    assert {rule for rule, _text in markup_rules(html)} == {"html.boilerplate"}


def test_a_url_as_link_text_is_not_a_related_headline() -> None:
    html = ("<html><body><p><a href='https://example.org/r'>https://example.org/r</a></p>"
            "<p><a href='/x'>Ferry timetable changes announced for spring</a></p></body></html>")
    article = clean_html(html, config=EVERYTHING_OUT)
    assert [item.headline for item in article.related] == ["Ferry timetable changes announced for spring"]


def test_a_rule_switched_off_keeps_its_lines() -> None:
    html = f"<html><body><p>{LEDE}</p><nav><a href='/'>Harbour crossings</a></nav></body></html>"
    off = {"html.furniture", "html.link-line", "html.boilerplate", "navigation"}  # the text rules would take it
    config = Config(block_threshold=1.0, disabled_rules=frozenset(off))
    assert clean_html(html, config=config).text == f"{LEDE}\n\nHarbour crossings"


def test_the_whole_markup_pass_off_keeps_every_block() -> None:
    html = ARTICLE.read_text(encoding="utf-8")
    article = clean_html(html, config=Config(disabled_rules=frozenset({"html"})))
    assert "Sport" in article.paragraphs and "Ferry timetable changes announced for spring" in article.paragraphs
    assert not [removal for removal in article.removed if removal.rule.startswith("html.")]


def test_newsletter_box_is_a_widget() -> None:
    body = '<div class="newsletter-promo"><p>Get the morning briefing in your inbox every weekday.</p></div>'
    article = clean_html(page(body))
    assert "morning briefing" not in article.text


def test_hidden_elements_the_model_rejects_are_named_hidden() -> None:
    body = '<div style="display: none"><p>BC-EU--Britain-Brexit-Election, 1st Ld-Writethru</p></div>'
    rules = dict((text, rule) for rule, text in markup_rules(page(body), Config(block_threshold=1.0)))
    assert rules["BC-EU--Britain-Brexit-Election, 1st Ld-Writethru"] == "html.hidden"
    assert rules[LEDE] == "html.boilerplate"  # shown, so named by nothing but the model's verdict


def test_a_page_wrapped_in_one_form_keeps_its_article() -> None:
    html = page("").replace("<body>", "<body><form id='aspnetForm'>").replace("</body>", "</form></body>")
    assert clean_html(html).paragraphs[0] == LEDE


def test_a_menu_button_left_open_over_the_page_keeps_the_article() -> None:
    # <button><div>...</button>: libxml2 keeps the button open over the rest of the page; a browser closes it
    menu = "<header><button class='menu-button'><div class='inner'><span>Menu</span><div></button></header>"
    html = page("").replace("<body>", f"<body>{menu}")
    assert clean_html(html).paragraphs[:2] == (LEDE, SECOND)
    # a button that is one (a dropdown holding its list) is still skipped as a control
    dropdown = "<button class='picker'><ul><li>iPhone 15</li><li>iPhone 16</li></ul></button>"
    assert "iPhone" not in clean_html(page(dropdown)).normalized


def test_figcaption_goes_to_captions() -> None:
    body = '<figure><img src="b.jpg"><figcaption>Cars crossing the bridge at dawn</figcaption></figure>'
    article = clean_html(page(body))
    assert "Cars crossing" not in article.text
    assert article.captions == ("Cars crossing the bridge at dawn",)
    assert clean_html(page(body), config=EVERYTHING_IN).captions == article.captions  # whatever the model says


def test_unnamed_caption_beside_an_image() -> None:
    body = '<div><img src="b.jpg"><span>The restored towers seen from the north bank</span></div>'
    assert ("html.image-caption", "The restored towers seen from the north bank") in markup_rules(page(body))


def test_subheadings_of_the_article_are_headings() -> None:
    article = clean_html(page("<h2>A long wait for commuters</h2>"))
    assert "A long wait for commuters" in article.paragraphs
    assert article.headings == ("A long wait for commuters",)


def test_closing_list_of_facts_is_not_taken_for_related_headlines() -> None:
    teams = (("England", "A", "10th"), ("Spain", "F", "11th"), ("France", "H", "10th"), ("Wales", "E", "2nd"))
    items = "".join(f"<li>{team} (Group {group}): {count} appearance</li>" for team, group, count in teams)
    article = clean_html(page("").replace("</article>", f"<ul>{items}</ul></article>"), config=EVERYTHING_IN)
    assert "England (Group A): 10th appearance" in article.text



def test_a_closing_numbered_list_of_plain_text_is_not_taken_for_related_headlines() -> None:
    """The page's own numbered list ("1) ...", not links): the bullet is the line's, and the line as the
    page has it is found in the markup (the list of a gift guide, each item followed by its shop link,
    which goes: on a page that is one article, a line that is all link does)."""
    gifts = ("Lego Star Wars Resistance Bomber", "Electric racing track with two cars", "Nolan box set on Blu-ray",
             "Blade Runner The Final Cut in 4K", "Saint Seiya, the Twelve Houses on DVD")
    items = "".join(f"<p>{number}) {gift}</p><p><a href='https://shop.example/{number}'>Buy it at the shop</a></p>"
                    for number, gift in enumerate(gifts, 1))
    head = '<title>Bridge reopens</title><meta property="og:type" content="article">'
    article = clean_html(page("", head).replace("</article>", f"{items}</article>"), config=EVERYTHING_IN)
    assert all(f"{number}) {gift}" in article.text for number, gift in enumerate(gifts, 1))


def test_comments_under_an_article_go_whatever_the_model_says() -> None:
    head = '<title>Bridge reopens</title><meta property="og:type" content="article">'
    comment = ("I cross that bridge every single morning on my way to work, and I am glad the long closure "
               "is finally over for all of us who live on the north bank of the river.")
    body = f"<div class='comments'><div class='comment'><div class='comment-body'><p>{comment}</p></div></div></div>"
    html = page("").replace("</article>", f"</article>{body}")
    article = clean_html(html.replace("<title>Bridge reopens | Courier</title>", head), config=EVERYTHING_IN)
    assert [removal.rule for removal in article.removed if removal.text == comment] == ["html.comment"]
    # on a page that is not one article (a forum thread), the model decides
    assert comment in clean_html(html, config=EVERYTHING_IN).text
    # a thread that calls itself an article: nothing but its comments would be left, so they are its content
    thread = (f"<html><head>{head}</head><body><div class='comments'>"
              + "".join(f"<div class='comment'><p>{text}</p></div>" for text in (comment, LEDE, SECOND))
              + "</div></body></html>")
    assert comment in clean_html(thread, config=EVERYTHING_IN).text

def test_reviews_on_a_product_page_go_whatever_the_model_says() -> None:
    """On a shop's page for one product the buyers' reviews are its comments; elsewhere (a review box on a
    page that does not call itself a product) the model decides, and a page of nothing but reviews keeps them."""
    review = ("Bought this kettle for my mother and she uses it every single day, it boils quickly and the handle "
              "stays cool, so we are both very happy with it and would buy it again.")
    body = (f"<div class='product-reviews'><div class='review'><div class='review-body'><p>{review}</p></div></div>"
            "</div>")
    html = page("").replace("</article>", f"</article>{body}")
    product = html.replace("<title>Bridge reopens | Courier</title>",
                           '<title>Kettle</title><meta property="og:type" content="product">')
    assert [removal.rule for removal in clean_html(product, config=EVERYTHING_IN).removed
            if removal.text == review] == ["html.review"]
    assert review in clean_html(html, config=EVERYTHING_IN).text
    off = Config(block_threshold=0.0, disabled_rules=frozenset({"html.review"}))
    assert review in clean_html(product, config=off).text
    only = ('<html><head><meta property="og:type" content="product"></head><body><div class="reviews">'
            + "".join(f"<div class='review'><p>{text}</p></div>" for text in (review, LEDE, SECOND))
            + "</div></body></html>")
    assert review in clean_html(only, config=EVERYTHING_IN).text


# ---------------------------------------------------------------------------
# The page's text: blocks, one per line, and never an empty body for a page with text
# ---------------------------------------------------------------------------

def test_small_page_keeps_its_blocks_apart() -> None:
    html = ("<html><head><title>Storm hits coast | Daily</title></head><body><article>"
            "<h1>Storm hits coast</h1><p>The storm reached the coast on Monday night, officials said.</p>"
            "<p>Thousands of homes lost power and schools stayed closed.</p></article></body></html>")
    article = clean_html(html)
    assert article.paragraphs == ("The storm reached the coast on Monday night, officials said.",
                                  "Thousands of homes lost power and schools stayed closed.")


def test_a_page_of_one_short_line_keeps_it() -> None:
    assert clean_html("<html><body><p>The council met on Monday.</p></body></html>").text == (
        "The council met on Monday.")


def test_normalized_is_every_block_of_the_page() -> None:
    article = clean_html(ARTICLE.read_text(encoding="utf-8"))
    root = parse_html(ARTICLE.read_text(encoding="utf-8"))
    assert root is not None
    for element in root.iter("p", "li", "h1", "h2", "figcaption"):
        text = " ".join(element.text_content().split())
        if text:
            assert text in article.normalized, text


def test_lines_cut_by_br_are_blocks_of_their_own() -> None:
    article = clean_html("<html><body><p>First <b>line</b></p><p>Second<br>third line</p></body></html>",
                         config=EVERYTHING_IN)
    assert article.normalized == "First line\nSecond\nthird line"


# ---------------------------------------------------------------------------
# Bytes, odd input, limits
# ---------------------------------------------------------------------------

def test_declared_charset_is_used() -> None:
    html = page("<p>Le café du pont a rouvert lui aussi, à la grande joie des habitués du quartier.</p>",
                head="<meta charset='windows-1252'><title>x</title>").replace("<meta charset='utf-8'>", "")
    article = clean_html(html.encode("cp1252"))
    assert "Le café du pont" in article.text


def test_latin1_label_on_utf8_bytes_is_not_trusted() -> None:
    data = "<meta charset='iso-8859-1'><p>Müller sagte, die Brücke sei fertig.</p>".encode()
    assert "Müller" in decode_html(data)


def test_undeclared_legacy_encoding_is_detected() -> None:
    text = "<html><body><p>" + "Der Bürgermeister sagte, die Brücke über den Fluss sei endlich fertig. " * 5
    assert "Bürgermeister" in decode_html((text + "</p></body></html>").encode("cp1252"))


def test_unknown_declared_charset_is_ignored() -> None:
    assert declared_charset(b"<meta charset='x-no-such'>") is None


def test_a_transport_charset_is_trusted_over_the_page_declaration() -> None:
    # koi8-r and windows-1251 both decode any byte: only the order decides, and HTTP comes first
    data = "<meta charset='windows-1251'><p>Привет, мир</p>".encode("koi8-r")
    assert "Привет" in decode_html(data, charset="KOI8-R")
    assert "Привет" not in decode_html(data)


def test_a_transport_charset_that_does_not_fit_gives_way_to_the_declaration() -> None:
    data = "<meta charset='windows-1252'><p>Le café est fermé.</p>".encode("cp1252")
    assert "café" in decode_html(data, charset="utf-8")
    assert "café" in decode_html(data, charset="no-such-codec")


def test_a_latin1_transport_charset_on_utf8_bytes_is_not_trusted() -> None:
    assert "Müller" in decode_html("<p>Müller sagte Nein.</p>".encode(), charset="ISO-8859-1")


def test_a_byte_order_mark_wins_over_the_transport_charset() -> None:
    assert "café" in decode_html(codecs.BOM_UTF8 + "<p>café</p>".encode(), charset="koi8-r")


@pytest.mark.parametrize("html", ["", "   ", "<html></html>", "<!-- only a comment -->", b"",
                                  "<?xml version='1.0' encoding='utf-8'?>"])
def test_empty_pages_give_an_empty_article(html: str | bytes) -> None:
    article = clean_html(html)
    assert article.text == ""
    assert article.removed == ()


def test_xml_declaration_in_a_str_is_fine() -> None:
    html = "<?xml version='1.0' encoding='utf-8'?>" + page("")
    assert clean_html(html).paragraphs[0] == LEDE


def test_not_html_type_is_an_input_error() -> None:
    with pytest.raises(InputError, match="expected str or bytes"):
        clean_html(42)  # type: ignore[arg-type]


def test_pages_over_the_limit_are_refused() -> None:
    with pytest.raises(InputError, match="max_input_bytes"):
        clean_html(page(""), config=Config(max_input_bytes=100))
    with pytest.raises(InputError, match="max_input_chars"):  # the page's text, once read
        clean_html(page(""), config=Config(max_input_chars=100))


def test_a_page_of_scripts_is_judged_by_its_text_not_its_size() -> None:
    script = "<script>var data = " + "[1, 2, 3], " * 50_000 + "0;</script>"
    assert clean_html(page("").replace("<body>", f"<body>{script}"), config=Config(max_input_chars=10_000)).text


def test_oversized_bytes_are_refused_before_decoding() -> None:
    with pytest.raises(InputError, match="bytes"):
        clean_html(b"<p>x</p>" * 100, config=Config(max_input_chars=100))


def test_many_repeated_boxes_stay_linear() -> None:
    chunk = "<div class='chunk'><p>{}</p><p>{}</p></div>"
    twins = "".join(chunk.format(LEDE, SECOND.replace("Engineers", f"Engineers {n}")) for n in range(2000))
    article = clean_html(f"<html><body><div>{twins}</div></body></html>")
    assert article.normalized.count("\n") == 3999


def test_binary_bytes_are_refused() -> None:
    with pytest.raises(InputError):
        clean_html(b"%PDF-1.4 binary")


# ---------------------------------------------------------------------------
# Offline: nothing is fetched, no entity is resolved
# ---------------------------------------------------------------------------

@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield


def test_nothing_is_fetched(no_network: None) -> None:
    html = ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1.dtd">'
            + page('<img src="http://example.com/a.jpg"><iframe src="http://example.com/embed"></iframe>',
                   head='<title>x</title><link rel="stylesheet" href="http://example.com/s.css">'
                        '<script src="http://example.com/app.js"></script>'))
    article = clean_html(html, url="http://example.com/news/2023/03/13/bridge")
    assert article.paragraphs[0] == LEDE


def test_external_entities_are_not_resolved(no_network: None, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    html = (f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>'
            + page("<p>&xxe; is what the page asked for, and it must stay an unresolved entity here.</p>"))
    assert "TOP-SECRET-VALUE" not in clean_html(html).normalized


# ---------------------------------------------------------------------------
# Input kind: detection and the command line
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["<!doctype html><p>x</p>", "<html><body>x", "  <div class='a'>x</div>",
                                  "<!-- saved --> <head><title>x</title>", "<p>One.</p>\n<p>Two.</p>"])
def test_html_is_detected(text: str) -> None:
    assert looks_like_html(text)


@pytest.mark.parametrize("text", ["Plain text about a < b and b > c.", "Title\n\nBody of the article.",
                                  "Use the <em> tag for emphasis, the manual says."])
def test_text_is_not_taken_for_html(text: str) -> None:
    assert not looks_like_html(text)


def test_clean_document_forces_a_kind() -> None:
    assert clean_document(b"<p>A note.</p>", "text").text == "<p>A note.</p>"
    assert clean_document(b"<html><body><p>A note.</p></body></html>", "html").text == "A note."
    with pytest.raises(ValueError, match="unknown input format"):
        clean_document(b"x", "pdf")


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "cleaner.cli", *args], input=stdin, capture_output=True,
                          timeout=120)


def test_cli_detects_html_and_renders_json(tmp_path: Path) -> None:
    result = run_cli("clean", str(ARTICLE), "--format", "json", "--url", "https://coast.example/a")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["title"] == "Harbour bridge reopens after two years of repairs"
    assert data["date"] == "2023-03-13"
    assert list(data)[1:] == list(ARTICLE_KEYS)  # "source" first, then the contract's keys


def test_cli_reads_gzipped_html_from_a_file_and_stdin(tmp_path: Path) -> None:
    packed = tmp_path / "page.html.gz"
    packed.write_bytes(gzip.compress(ARTICLE.read_bytes()))
    from_file = run_cli("clean", str(packed))
    from_stdin = run_cli("clean", "-", "--input-format", "html", stdin=ARTICLE.read_bytes())
    assert from_file.returncode == from_stdin.returncode == 0
    assert from_file.stdout == from_stdin.stdout
    assert from_file.stdout.decode().startswith("The harbour bridge reopened")


def test_cli_input_format_text_keeps_the_tags() -> None:
    result = run_cli("clean", "-", "--input-format", "text", stdin=b"<p>A note.</p>")
    assert result.stdout.decode() == "<p>A note.</p>\n"


# ---------------------------------------------------------------------------
# Properties: any page, any bytes
# ---------------------------------------------------------------------------

_TAGS = ("p", "div", "span", "a", "li", "ul", "h1", "h2", "figure", "figcaption", "aside", "nav", "footer",
         "header", "form", "article", "section", "em", "br", "table", "td", "script", "style")
_words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
_sentences = st.sampled_from((LEDE, SECOND, THIRD, FOURTH, "Share this story", "By Jane Doe", "Advertisement"))


@st.composite
def pages(draw: st.DrawFn) -> str:
    """Nested elements with random attributes around prose and junk, sometimes broken."""
    def element(depth: int) -> str:
        tag = draw(st.sampled_from(_TAGS))
        attributes = draw(st.sampled_from(("", " class='related'", " class='caption'", " hidden",
                                           " style='display:none'", " class='byline'", " id='main'")))
        if depth > 2 or draw(st.booleans()):
            inner = html_escape(draw(_words | _sentences))
        else:
            inner = "".join(element(depth + 1) for _ in range(draw(st.integers(0, 3))))
        closing = "" if draw(st.integers(0, 9)) == 0 else f"</{tag}>"  # unclosed tags happen
        return f"<{tag}{attributes}>{inner}{closing}"

    head = draw(st.sampled_from(("", "<title>Bridge reopens | Courier</title>",
                                 "<meta name='description' content='Bridge reopens'>")))
    body = "".join(element(0) for _ in range(draw(st.integers(0, 6))))
    return f"<html><head>{head}</head><body>{body}</body></html>"


@given(pages())
@example(page(""))
@example("<p>" + LEDE + "<p>" + SECOND)
def test_any_page_gives_an_article_that_accounts_for_its_text(html: str) -> None:
    article = clean_html(html)
    for removal in article.removed:
        assert article.normalized[removal.start : removal.end] == removal.text
    cursor = 0
    for paragraph in article.paragraphs:
        found = article.normalized.find(paragraph, cursor)
        assert found >= 0, f"invented or moved: {paragraph!r}"
        cursor = found + len(paragraph)
    assert list(article.to_dict()) == list(ARTICLE_KEYS)
    json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8")


@given(st.binary(max_size=2_000))
@example(b"\xef\xbb\xbf<p>BOM and text</p>")
@example(b"<meta charset='utf-16'><p>declared, not true</p>")
def test_any_bytes_give_an_article_or_an_input_error(data: bytes) -> None:
    try:
        article = clean_html(data)
    except InputError:
        return
    json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8")


def test_the_blocks_of_one_element_share_its_best_probability() -> None:
    """Lines cut by ``<br>`` and the loose text around a box's children are one piece of the author's: each
    takes the best probability among the blocks of its element; blocks of other elements keep their own."""
    import lxml.html
    import numpy as np

    from cleaner.html.blocks import page_blocks
    from cleaner.html.model import element_best

    page = ("<div>Opening words<p>Die bumm film GmbH bietet<br>originelle Formate<br>für Kino und TV</p>"
            "<p>Menu</p>closing words</div>")
    blocks = page_blocks(lxml.html.fromstring(page))
    assert [block.text for block in blocks] == [
        "Opening words", "Die bumm film GmbH bietet", "originelle Formate", "für Kino und TV", "Menu",
        "closing words"]
    shared = element_best(blocks, np.array([0.2, 0.3, 0.1, 0.8, 0.4, 0.6])).tolist()
    assert shared == [0.6, 0.8, 0.8, 0.8, 0.4, 0.6]
    alone = page_blocks(lxml.html.fromstring("<div><p>One</p><p>Two</p></div>"))
    probabilities = np.array([0.1, 0.9])
    assert element_best(alone, probabilities) is probabilities
