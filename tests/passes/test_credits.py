import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.blocks import Draft
from cleaner.config import Config
from cleaner.passes.credits import _agency_parts, _agency_starts, _BareCredits, find_photo_credits
from cleaner.vocab import terms

from .helpers import off, run


def credits(text: str) -> list[tuple[str, str, str | None]]:
    return [(r.kind, r.text, r.value) for r in run(find_photo_credits, text)]


@pytest.mark.parametrize(
    ("line", "source"),
    [("Shutterstock", "Shutterstock"), ("Reuters Archive", "Reuters Archive"), ("Getty Images", "Getty Images"),
     ("AFP", "AFP"), ("AFP/Getty Images", "AFP/Getty Images"), ("AP Photo/Evan Vucci", "AP Photo/Evan Vucci"),
     ("Photo: John Smith", "John Smith"), ("Image credit: NASA", "NASA"), ("Foto: dpa", "dpa"),
     ("Bild: Imago", "Imago"), ("Crédit photo : AFP", "AFP"), ("Fotografía: EFE", "EFE"), ("© Reuters", "Reuters"),
     ("(c) Alamy", "Alamy"), ("Foto: ANSA", "ANSA"), ("Фото: РИА Новости", "РИА Новости"),
     ("Źródło: PAP", "PAP"), ("Fot. Jan Kowalski", "Jan Kowalski"),
     ("写真：共同通信", "共同通信"), ("图片来源：新华社", "新华社")],
)
def test_credit_lines(line: str, source: str) -> None:
    text = f"Troops moved overnight.\n\n{line}\n\nThe ministry said nothing."
    assert credits(text) == [("photo-credit", line, source)]


def test_a_photo_library_credited_by_its_web_address() -> None:
    assert credits("Text.\n\niStock.com") == [("photo-credit", "iStock.com", "iStock.com")]
    assert credits("Text.\n\nFoto: anaterate/Pixabay.com") == [("photo-credit", "Foto: anaterate/Pixabay.com",
                                                                 "anaterate/Pixabay.com")]
    # a photographer's user name beside the library, as the libraries write it
    assert credits("Das Hermelin ist im Winter gut getarnt. (mlharing / iStock.com)")[1] == (
        "photo-credit", "(mlharing / iStock.com)", "mlharing / iStock.com")
    # an agency's name that is also a word is no web address of a library
    assert credits("Text.\n\nArchive.org") == []
    assert credits("Text.\n\nstock.adobe.com") == [("photo-credit", "stock.adobe.com", "stock.adobe.com")]


def test_every_photo_library_is_an_agency() -> None:
    # the candidates' scan finds a library's web address by the agency it starts with
    assert terms("photo-libraries", ()) <= terms("agencies", ())


def test_caption_closed_by_its_credit() -> None:
    assert credits("Soldiers patrol in Kyiv on Monday. REUTERS/Gleb Garanich") == [
        ("caption", "Soldiers patrol in Kyiv on Monday.", "Soldiers patrol in Kyiv on Monday."),
        ("photo-credit", "REUTERS/Gleb Garanich", "REUTERS/Gleb Garanich"),
    ]
    assert credits("La gente en Madrid. (Foto: EFE)")[1] == ("photo-credit", "(Foto: EFE)", "EFE")
    # a label the word list lacks: a capital, a colon and a space
    assert credits("A vaquita near the shore. (AP Video: Nick Perry)")[1] == (
        "photo-credit", "(AP Video: Nick Perry)", "AP Video: Nick Perry")


@pytest.mark.parametrize(
    "sentence",
    ["Reason: openssh 9.4p1-2 added Include lines. (Discuss in Talk:OpenSSH)",
     "Disable the service in these runlevels. (ex: update-rc.d my_service disable 0 1 2 6)"],
)
def test_a_note_in_brackets_is_no_credit(sentence: str) -> None:
    assert credits(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    ["Reuters could not independently verify the report.", "He told AFP the talks had failed.",
     "The deal was signed on Monday (Reuters).", "The photo shows the minister leaving.",
     "Photo opportunities were few: the minister left early."],
)
def test_sentences_that_name_an_agency_stay(sentence: str) -> None:
    assert credits(sentence) == []


def test_off_switch() -> None:
    assert run(find_photo_credits, "Shutterstock\n\nText.", off("credits")) == []


def test_a_label_that_also_opens_related_links_needs_a_name_after_it() -> None:
    # "Vidéo" is a French credit label and a related-story label: a sentence after it is a headline.
    assert credits("Le conseil a voté.\n\nVidéo: Maria Lopez approved the council\n\nLa séance est levée.") == []
    assert credits("Le conseil a voté.\n\nVidéo: Jean Dupont\n\nLa séance est levée.") == [
        ("photo-credit", "Vidéo: Jean Dupont", "Jean Dupont")]


def test_copyright_firsts_hold_every_character_the_copyright_pattern_opens_with() -> None:
    from cleaner.passes.credits import _COPYRIGHT, _COPYRIGHT_FIRSTS

    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        character = chr(code)
        for text in (f"{character} Reuters", f"{character}c) AFP", f"{character}opyright AP", f"{character}OPYRIGHT"):
            if _COPYRIGHT.match(text):
                assert character in _COPYRIGHT_FIRSTS, hex(code)


_PIECES = ("AFP", "afp", "Ap", "AP", "pa", "TT", "Getty Images", "GETTY  IMAGES", "dpa", "Reuters", "REUTERS",
           "iStock", "picture alliance", " Photo", " photo", "Photo:", "Foto: ", "Fot. ", "Photo by ", "图：",
           "©", "(c) ", "Copyright", "2024 ", "Jane Doe", "map", "happen", "Straße", "ß", "İ", "ı", "K",
           "/", " / ", "|", " | ", ";", ", ", " via ", "via", " ", "\t", "\u00a0", ".", "!", "Reuters said.",
           "iStock.com", ".com", ".de", "stock.adobe", "Archive", "mlharing")


@settings(max_examples=300)
@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=6).map("".join), min_size=1, max_size=8))
def test_candidates_hold_every_line_find_claims(lines: list[str]) -> None:
    # candidates() is an exact necessary condition: a line it leaves out would be a credit lost
    config = Config()
    draft = Draft.of("\n\n".join(lines))
    bare_credits = _BareCredits(config)
    fragments = draft.remaining()
    candidates = bare_credits.candidates(fragments)
    for index, fragment in enumerate(fragments):
        if bare_credits.find(fragment) is not None:
            assert index in candidates, fragment.text


@pytest.mark.parametrize("text", ["dpa\nmap/ap\nafp photo", "afp via getty images", "pa\npaap aap ap",
                                  "getty images/tt,ap;epa|x", ""])
def test_the_agency_pattern_finds_what_the_automaton_finds(text: str) -> None:
    # the pattern stands in for the automaton without pyahocorasick (a space of its agencies also matches a
    # run of spaces, which normalised text does not hold)
    languages = Config().languages
    assert {match.start() for match in _agency_parts(languages).finditer(text)} == set(_agency_starts(text, languages))
