"""The content classifier: on a whole page rendered as text it keeps the article and drops the menus;
on a clean extraction it does nothing at all."""

from __future__ import annotations

from cleaner.config import Config
from cleaner.passes.content import FEATURES, analyse, features, fold_of, page_shape, shipped_model

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
PAGE = "\n".join(MENU + ["City expands its bus network to the north"] + PROSE + FOOTER)


def test_whole_page_keeps_the_article_and_drops_the_menus() -> None:
    from cleaner.passes.content import find_boilerplate_blocks

    removed = {r.text for r in run(find_boilerplate_blocks, PAGE)}
    assert not removed & set(PROSE)
    assert len(removed & set(MENU + FOOTER)) >= len(MENU) // 2


def test_clean_extraction_is_left_alone() -> None:
    from cleaner.passes.content import find_boilerplate_blocks

    assert run(find_boilerplate_blocks, "\n\n".join(PROSE + ["Advertise with us"])) == []


def test_reasons_carry_the_score() -> None:
    from cleaner.passes.content import find_boilerplate_blocks

    removals = run(find_boilerplate_blocks, PAGE)
    assert removals and all("content probability" in r.reason for r in removals)


def test_features_have_one_value_per_name() -> None:
    from cleaner.blocks import Draft

    fragments = Draft.of(PAGE).remaining()
    vectors = features(fragments, "en", Config())
    assert len(vectors) == len(fragments) and all(len(vector) == len(FEATURES) for vector in vectors)
    short, lead = page_shape(analyse(fragments, "en"))
    assert short > 0.5 and lead >= len(MENU)


def test_shipped_models_load_and_fold_models_exist() -> None:
    assert shipped_model("full") is not None
    assert all(shipped_model(f"fold-{k}") is not None for k in range(5))
    assert fold_of("abc") == fold_of("abc")


def test_off_switch() -> None:
    from cleaner.passes.content import find_boilerplate_blocks

    assert run(find_boilerplate_blocks, PAGE, off("content")) == []


def test_a_model_file_without_a_window_exponent_counts_words() -> None:
    """Model files written before the exponent was fitted read as they were meant: words count fully."""
    import json
    from importlib import resources

    from cleaner.passes.content import ContentModel

    data = json.loads(resources.files("cleaner").joinpath("data", "content-model.json").read_text(encoding="utf-8"))
    fields = {**data["models"]["full"], "features": data["features"]}
    assert ContentModel.from_dict(fields).window_exponent == fields.get("window_exponent", 1.0)
    fields.pop("window_exponent", None)
    assert ContentModel.from_dict(fields).window_exponent == 1.0


def test_a_whole_page_stays_one_when_the_rules_took_many_of_its_lines() -> None:
    """The noisy-page test counts the lines the page came with: once the rules have cut its notices, a
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
