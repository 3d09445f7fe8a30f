from cleaner.passes.press import find_company_profiles

from .helpers import off, run, texts

STORY = "Ascom and GE announce a partnership in Europe.\n\nThe deal covers intensive care units.\n\n"


def test_a_closing_profile_without_a_header_needs_two_facts() -> None:
    profile = ("Ascom is a global solutions provider focused on healthcare ICT.\n"
               "Ascom is headquartered in Baar (Switzerland) and employs around 1,300 people.")
    removals = run(find_company_profiles, STORY + profile)
    assert [r.text for r in removals] == profile.split("\n")
    assert {r.value for r in removals} == {"Ascom"} and {r.kind for r in removals} == {"boilerplate"}
    one_fact = "Ascom is a global solutions provider headquartered in Baar."
    assert texts(find_company_profiles, STORY + one_fact) == []


def test_an_about_header_and_the_paragraphs_naming_the_company() -> None:
    text = STORY + "About Ascom\n\nAscom is a provider of mobile workflow solutions.\n\nMedia contact: +41 41 544 7800"
    assert texts(find_company_profiles, text) == ["About Ascom", "Ascom is a provider of mobile workflow solutions."]


def test_other_languages() -> None:
    de = ("Die Firma stellt ein neues Produkt vor.\n\nEs kommt im Mai.\n\nÜber Muster AG\n\n"
          "Die Muster AG ist ein Hersteller von Pumpen.")
    fr = ("L'entreprise présente un produit.\n\nIl sort en mai.\n\n"
          "Exemple SA est un fabricant de pompes, dont le siège social est à Lyon. Elle emploie 300 salariés.")
    assert texts(find_company_profiles, de) == ["Über Muster AG", "Die Muster AG ist ein Hersteller von Pumpen."]
    assert len(texts(find_company_profiles, fr)) == 1


def test_a_company_described_inside_the_story_stays() -> None:
    text = ("WeWork is a landlord headquartered in New York that employs 5,000 people.\n\n"
            "The regulator asked questions.\n\nThe company did not reply.\n\nShares fell 3% on Monday, traders said.")
    assert texts(find_company_profiles, text) == []
    # a profile must close the text: a long story after it keeps it
    after = "\n\n".join(["The story goes on for a while with more sentences than a contact line has."] * 4)
    profile = "Ascom is a provider headquartered in Baar that employs 1,300 people."
    assert texts(find_company_profiles, STORY + profile + "\n\n" + after) == []


def test_off_switch() -> None:
    text = STORY + "Ascom is a provider headquartered in Baar that employs 1,300 people."
    assert texts(find_company_profiles, text, off("press.company-profile")) == []
    assert texts(find_company_profiles, text, off("press")) == []
