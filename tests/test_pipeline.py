import dataclasses
import importlib
import inspect
import json
import pkgutil
from pathlib import Path

import pytest

import cleaner
import cleaner.passes
from cleaner import Article, Config, ConfigError, InputError, clean
from cleaner.article import ARTICLE_KEYS
from cleaner.blocks import Draft, OverlapError
from cleaner.pipeline import HTML_PLAN, PLAN, TEXT_PLAN, Plan, Step, run_passes
from cleaner.rules import RULES

SMALL = (
    " date 2023-09-09 A one-sentence summary of the story.\n\n"
    "SADARAK: The ministry said troops fired overnight.\n\n"
    "A caption of the photo.\nShutterstock\n\n"
    "The second paragraph of the story.\n\nREAD MORE: Another story\n\nNews"
)


def covered(article: Article) -> str:
    """The normalised text with every removed span blanked out."""
    chars = list(article.normalized)
    for removal in article.removed:
        chars[removal.start : removal.end] = " " * (removal.end - removal.start)
    return "".join(chars)


def test_small_document_end_to_end() -> None:
    article = clean(SMALL)
    assert article.paragraphs == ("The ministry said troops fired overnight.", "The second paragraph of the story.")
    assert (article.date, article.standfirst, article.dateline) == (
        "2023-09-09", "A one-sentence summary of the story.", "SADARAK")
    assert article.photo_credits == ("Shutterstock",) and article.captions == ("A caption of the photo.",)
    assert [r.headline for r in article.related] == ["Another story"]


def test_accounting_of_one_small_document() -> None:
    article = clean(SMALL)
    for removal in article.removed:
        assert article.normalized[removal.start : removal.end] == removal.text
    rest = covered(article)
    cursor = 0
    for paragraph in article.paragraphs:
        found = rest.find(paragraph, cursor)
        assert found >= 0
        rest = rest[:found] + " " * len(paragraph) + rest[found + len(paragraph):]
        cursor = found + len(paragraph)
    assert rest.strip() == ""


def test_to_dict_has_exactly_the_contract_keys_and_is_json() -> None:
    data = clean(SMALL).to_dict()
    assert tuple(data) == ARTICLE_KEYS
    assert json.loads(json.dumps(data)) == data
    assert {"kind", "rule", "text", "start", "end"} <= set(data["removed"][0])


def test_from_dict_round_trip() -> None:
    article = clean(SMALL)
    assert Article.from_dict(article.to_dict(), normalized=article.normalized) == dataclasses.replace(
        article, normalization=())


def test_every_rule_used_by_a_pass_is_registered_with_a_description() -> None:
    article = clean(SMALL)
    for removal in article.removed:
        assert removal.rule in RULES and RULES[removal.rule].kind == removal.kind
    assert all(rule.description for rule in RULES.values())


def test_disabled_rules_switch_passes_off() -> None:
    article = clean(SMALL, config=Config(disabled_rules=frozenset({"credits", "datelines.place"})))
    assert "Shutterstock" in article.text and article.dateline is None


def test_every_pass_off_removes_nothing() -> None:
    """With every pass switched off, clean() only normalises: the body is the whole normalised text
    (``benchmarks/quality.py`` times this as the floor of the pipeline's cost)."""
    import re

    from cleaner.rules import PASS_NAMES

    for path in sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt")):
        article = clean(path.read_text(encoding="utf-8"), config=Config(disabled_rules=PASS_NAMES))
        assert article.removed == () and article.title is None and article.date is None, path.name
        assert re.findall(r"\w+", article.text) == re.findall(r"\w+", article.normalized), path.name
    assert clean(SMALL).removed  # with the passes on, the same pipeline does remove spans


def test_unknown_rule_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown rule"):
        Config(disabled_rules=frozenset({"credit"}))


def test_bad_config_values() -> None:
    with pytest.raises(ConfigError):
        Config(max_credit_chars=-1)
    with pytest.raises(ConfigError):
        Config(languages=("xx",))


def test_config_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Config().max_title_words = 3  # type: ignore[misc]


def test_bytes_are_refused_with_advice() -> None:
    with pytest.raises(InputError, match="decode them first"):
        clean(b"text")  # type: ignore[arg-type]


def test_input_over_the_limit() -> None:
    with pytest.raises(InputError, match="max_input_chars"):
        clean("x" * 101, config=Config(max_input_chars=100))


def test_empty_and_all_boilerplate_inputs_give_empty_bodies() -> None:
    assert clean("").paragraphs == ()
    article = clean("Loading...\n\nAdvertisement")
    assert article.paragraphs == () and len(article.removed) == 2


def test_overlapping_claims_raise() -> None:
    draft = Draft.of("Shutterstock")
    removal = cleaner.Removal(0, 12, "Shutterstock", "photo-credit", "credits.bare-agency", "x")
    with pytest.raises(OverlapError):
        draft.with_removals([removal]).with_removals([removal])


def test_passes_are_pure_functions_of_draft_and_config() -> None:
    draft = Draft.of(SMALL)
    for step in PLAN.steps:
        assert list(step.find(draft, Config())) == list(step.find(draft, Config()))


def test_public_api() -> None:
    assert set(cleaner.__all__) >= {"clean", "Article", "Removal", "Related", "Config", "CleanerError", "InputError",
                                    "ConfigError", "__version__"}


def test_a_date_glued_to_the_headline_under_crumbs_is_a_date_header() -> None:
    article = cleaner.clean("News > World\n\n2000-01-01 Council approves budget\n\nThe council met on Monday.")
    assert (article.title, article.date) == ("Council approves budget", "2000-01-01")


def test_a_breadcrumb_left_on_top_by_a_date_header_goes_too() -> None:
    article = cleaner.clean("UPDATED 2 HOURS AGO Home | World\n\nThe council met on Monday.")
    assert article.paragraphs == ("The council met on Monday.",)
    assert [r.rule for r in article.removed] == ["headers.date", "navigation.breadcrumb"]


def test_a_date_glued_to_the_lede_under_its_teaser() -> None:
    """Found by the thorough hypothesis profile: the teaser goes, then the date is the top and goes too."""
    lede = "The council approved the budget in Lisbon. It met in Nairobi. It voted in Kraków."
    article = cleaner.clean(f"Left Menu...\n\n{lede}\n\n1 January 2000 {lede}\n\nThe council approved the plan.")
    assert (article.paragraphs, article.date) == ((lede, "The council approved the plan."), "2000-01-01")


# ---------------------------------------------------------------------------
# The plan: the order of the passes, in one place
# ---------------------------------------------------------------------------

_PASS_MODULES = ("bylines", "captions", "comments", "content", "corpus", "credits", "datelines", "duplicates",
                 "headers", "navigation", "press", "related", "structure")
#: ``find_*`` functions of the pass modules that are not passes of a draft.
_NOT_PASSES = frozenset({"structure.find_headings"})


def _finders() -> set[str]:
    names = set()
    for module_name in _PASS_MODULES:
        module = importlib.import_module(f"cleaner.passes.{module_name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("find_") and function.__module__ == module.__name__:
                names.add(f"{module_name}.{name}")
    return names - _NOT_PASSES


def test_the_pass_modules_are_the_ones_listed_here() -> None:
    found = {info.name for info in pkgutil.iter_modules(cleaner.passes.__path__)}
    assert found - {"_text", "_measures", "_index", "_line_features"} == set(_PASS_MODULES)  # the shared helpers


def test_every_finder_of_every_pass_module_is_in_the_plan() -> None:
    assert {step.name for step in PLAN.steps} == _finders()
    assert {step.name for step in TEXT_PLAN.steps} == _finders()


def test_the_html_plan_lacks_the_text_classifier_the_standfirst_guesses_the_stutters_and_menu_trees() -> None:
    html = {step.name for step in HTML_PLAN.steps}
    text_only = {"content.find_boilerplate_blocks", "structure.find_standfirst", "duplicates.find_stutters",
                 "navigation.find_menu_trees"}
    assert not html & text_only
    assert html == _finders() - text_only
    assert [step.name for step in HTML_PLAN.main] == [step.name for step in TEXT_PLAN.main
                                                      if step.name in html]


def test_the_classifier_runs_last_and_the_top_steps_settle_the_top() -> None:
    # only the passes that read what it leaves come after it: the menus it kept among a shop's items,
    # excerpts, what closes the text once it took the footer, the labels of emptied lists, and the copy of
    # a line it kept twice
    names = [step.name for step in TEXT_PLAN.main]
    assert names[names.index("content.find_boilerplate_blocks") + 1:] == [
        "navigation.find_menu_trees", "related.find_excerpts", "press.find_company_profiles",
        "bylines.find_author_bios", "related.find_orphan_headers", "duplicates.find_stutters"]
    assert [step.name for step in PLAN.main].count("headers.find_date_headers") == 3
    assert "navigation.find_top_widget" in {step.name for step in PLAN.top}
    assert all(step.unless is None for step in PLAN.top)


def test_without_drops_a_pass_everywhere_and_refuses_unknown_names() -> None:
    plan = TEXT_PLAN.without("structure.find_title")
    assert "structure.find_title" not in {step.name for step in plan.steps}
    assert len(plan.steps) == len(TEXT_PLAN.steps) - 2
    with pytest.raises(ValueError, match="no step named"):
        TEXT_PLAN.without("structure.find_tittle")
    with pytest.raises(ValueError, match="unknown input"):
        PLAN.for_input("pdf")


def test_a_step_with_unless_skips_when_a_removal_of_that_kind_is_there() -> None:
    text = " date 2023-09-09 A summary.\n\nThe ministry said so."
    step = Step(cleaner.passes.headers.find_date_headers, unless="date-header")
    draft = Draft.of(text)
    found = list(step.run(draft, Config(), TEXT_PLAN))
    assert [removal.kind for removal in found] == ["date-header"]
    assert list(step.run(draft.with_removals(found), Config(), TEXT_PLAN)) == []


def test_a_step_keeps_only_what_its_check_accepts() -> None:
    text = "Shutterstock\n\nThe ministry said so."
    find = cleaner.passes.credits.find_photo_credits
    assert len(list(Step(find).run(Draft.of(text), Config(), TEXT_PLAN))) == 1
    refused = Step(find, keep=lambda removal, draft, config, plan: False)
    assert list(refused.run(Draft.of(text), Config(), TEXT_PLAN)) == []


def test_run_passes_runs_only_the_plan_it_is_given() -> None:
    text = "Shutterstock\n\nThe ministry said so."
    assert run_passes(Draft.of(text), Config()).removals
    assert not run_passes(Draft.of(text), Config(), Plan(main=(), top=())).removals
    assert not run_passes(Draft.of(text), Config(), TEXT_PLAN.without("credits.find_photo_credits")).removals


def test_a_user_still_switches_a_text_pass_off_on_a_page() -> None:
    page = ("<html><body><article><h1>Storm hits the coast</h1>"
            "<p>The storm reached the coast on Monday night, officials said.</p><p>Shutterstock</p>"
            "<p>Thousands of homes lost power and schools stayed closed on Tuesday.</p></article></body></html>")
    assert "Shutterstock" not in cleaner.clean_html(page).paragraphs
    kept = cleaner.clean_html(page, config=Config(disabled_rules=frozenset({"credits"})))
    assert "Shutterstock" in kept.paragraphs


def test_with_check_sets_the_check_of_one_pass_and_refuses_unknown_names() -> None:
    text = "Shutterstock\n\nThe ministry said so."
    plan = TEXT_PLAN.with_check("credits.find_photo_credits", lambda removal, draft, config, plan: False)
    assert [step.keep is not None for step in plan.main if step.name == "credits.find_photo_credits"] == [True]
    assert not run_passes(Draft.of(text), Config(), plan).removals
    with pytest.raises(ValueError, match="no step named"):
        TEXT_PLAN.with_check("credits.find_photo_credit", lambda removal, draft, config, plan: True)


def test_a_company_profile_over_a_whole_pages_footer_goes_once_the_classifier_took_the_footer() -> None:
    # Ascom's release rendered as a whole page (zyte, text/full): the newsletter box and the footer follow
    # the profile, so it closes the text only once the classifier has taken them
    page = next((Path(__file__).parent.parent / "corpus/bench/zyte/text/full").glob("5ae11e58*.txt"))
    article = clean(page.read_text(encoding="utf-8"))
    profile = [removal.text[:36] for removal in article.removed if removal.rule == "press.company-profile"]
    assert profile == ["Ascom is a global solutions provider", "Ascom is headquartered in Baar (Swit"]
    assert article.text.endswith("Alarm Management |ECRI top 10 Health Technology Hazard")


def test_a_whole_pages_menu_tree_that_the_classifier_kept_goes() -> None:
    # forthepeople.com's article rendered as a whole page (wcxb 0298, text/full): its menu of practice areas,
    # three levels deep, reads to the classifier as one more list of the page
    page = Path(__file__).parent.parent / "corpus/bench/wcxb/text/full/0298.txt"
    text = page.read_text(encoding="utf-8")
    kept = clean(text, config=Config(disabled_rules=frozenset({"navigation.menu-tree"})))
    assert "+ Slip and Fall" in kept.text
    article = clean(text)
    menu = [removal.text for removal in article.removed if removal.rule == "navigation.menu-tree"]
    assert "+ Slip and Fall" in menu and "+ Slip and Fall" not in article.text
    assert len(menu) == 107 and set(menu) <= set(kept.text.split("\n"))
    assert "Gyms and fitness centers are designed to promote health" in article.text
