"""Hypothesis strategies for the property tests: hostile text, realistic articles, and page furniture.

Three families, each a promise the cleaner makes:

* ``any_text``: whatever an extractor or a broken scraper can hand over as a ``str``: every Unicode
  category, lone surrogates (``surrogateescape`` leftovers included), combining marks, right-to-left
  text, emoji sequences, NUL and other controls, lone CR, huge lines, and snippets of boilerplate so
  that the rule passes have something to bite on.
* ``stories``: clean articles built from small per-language lexicons (English, German, French,
  Spanish, Italian) through a toy grammar, so that paragraphs read like prose to the statistical pass
  (stop words, length, final punctuation): an optional title, an optional standfirst, paragraphs of
  unique sentences and a few subheadings.
* ``documents``: a story with page furniture of every kind the library knows inserted at positions
  where that furniture really occurs, each piece in random casing and spacing, together with what the
  cleaner must give back (the story's paragraphs) and the metadata it must pick up. The furniture
  draws its words from the library's own word lists (``cleaner.vocab``) as well as from fixed
  examples, so an entry added to a list is exercised without touching this file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from hypothesis import strategies as st

from cleaner.config import SUPPORTED_LANGUAGES, Config
from cleaner.rules import PASS_NAMES, RULES
from cleaner.vocab import entries

Draw = Callable[[st.SearchStrategy], object]

# ---------------------------------------------------------------------------------------------------
# Arbitrary text
# ---------------------------------------------------------------------------------------------------

#: Characters and sequences that break naive text code, each for a reason given next to it.
AWKWARD = (
    "\x00",            # NUL: C strings end here
    "\r",              # a lone CR: old Mac line ends, and half of a CRLF
    "\r\n",
    "\n", "\n\n", "\n\n\n",
    "\t", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029",   # every other line or paragraph break
    "\u00a0", "\u2007", "\u202f", "\u3000", "  ",             # spaces that are not U+0020
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",  # zero-width characters, soft hyphen
    "\x7f", "\x80", "\x9c", "\x1b[0m",                         # DEL, C1 controls, an ANSI escape
    "\u0301", "\u0308\u0323", "e\u0301", "\u1100\u1161",       # combining marks, decomposed Hangul
    "\u202e", "\u200f", "\u2066", "\u05e9\u05dc\u05d5\u05dd", "\u0627\u0644\u0633\u0644\u0627\u0645",  # RTL
    "\U0001f600", "\U0001f469\u200d\U0001f469\u200d\U0001f467", "\U0001f1eb\U0001f1f7", "\u2764\ufe0f",
    "\ud83d", "\ude00", "\udc80", "\udcff",                    # lone surrogates, surrogateescape bytes
    "\ufffd", "\uffff", "\U0010ffff",
    "Ã©", "â€™", "Ã¼ber", "&amp;", "&nbsp;", "&#8217;",          # mojibake and entities for ftfy
    "ﬁ", "Ｆｕｌｌ", "…", "“", "”", "’",
    "•", "- ", "* ", "1. ", ">", " | ", " > ", "»", "©",          # bullets and separators the passes read
)

#: Snippets of page furniture, so that random text reaches the rule passes, not only the normaliser.
SNIPPETS = (
    " date 2023-09-09 ", "Published: 12 March 2023", "Updated 3 hours ago", "2021-05-28T10:00:00Z",
    "Left Menu", "Loading...", "Skip to content", "Home > World > Europe", "Advertisement",
    "By Jane Doe", "Von Anna Müller", "Shutterstock", "Reuters Archive", "AFP/Getty Images",
    "Photo: Jane Doe", "© Reuters", "REUTERS/Gleb Garanich", "(Photo: AFP)",
    "More from International news", "• ", "READ MORE: ", "Lire aussi : ", "Related",
    "SADARAK: ", "LONDON (Reuters) - ", "Berlin (dpa) - ", "WASHINGTON, May 3 (AP) — ",
    "News", "Route 6", "Sign up for our newsletter", "The ministry said so.",
)

_any_char = st.characters() | st.characters(categories=["Cs"])
_huge_line = st.builds(lambda char, count: char * count, st.sampled_from("ax \u00e9\u0301\U0001f600."),
                       st.integers(1_000, 30_000))

#: Any ``str`` at all: plain random text, or a mix of awkward characters, snippets and random runs.
any_text = st.one_of(
    st.text(_any_char),
    st.lists(
        st.one_of(st.sampled_from(AWKWARD), st.sampled_from(SNIPPETS), st.text(_any_char, max_size=20),
                  st.text(st.characters(codec="ascii"), max_size=40), _huge_line),
        max_size=40,
    ).map("".join),
)

#: Text without huge lines: for properties that clean several times per example.
small_text = st.one_of(
    st.text(_any_char, max_size=200),
    st.lists(st.one_of(st.sampled_from(AWKWARD), st.sampled_from(SNIPPETS), st.text(_any_char, max_size=12)),
             max_size=30).map("".join),
)


def configs() -> st.SearchStrategy[Config]:
    """Random valid configurations, as black's fuzzer varies its modes: every invariant must hold."""
    switchable = sorted(set(RULES) | PASS_NAMES)
    return st.builds(
        Config,
        # languages without word lists of their own ("ar", "ko", "sv") are accepted too: the rules then use
        # only the language-neutral lists
        languages=st.lists(st.sampled_from((*SUPPORTED_LANGUAGES, "ar", "ko", "sv")), min_size=1, max_size=3,
                           unique=True).map(tuple)
        | st.just(SUPPORTED_LANGUAGES),
        disabled_rules=st.frozensets(st.sampled_from(switchable), max_size=4),
        uncurl_quotes=st.booleans(),
        max_credit_chars=st.integers(0, 120),
        max_title_words=st.integers(0, 40),
        max_heading_words=st.integers(0, 20),
        max_edge_crumb_words=st.integers(0, 6),
        max_related_header_words=st.integers(0, 12),
        min_duplicate_words=st.integers(0, 20),
        language=st.none() | st.sampled_from(("en", "de", "fr", "xx")),
        content_threshold=st.none() | st.floats(0.0, 1.0),
        reference_date=st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)),
    )


# ---------------------------------------------------------------------------------------------------
# Realistic articles
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lexicon:
    """Enough words of one language for a toy grammar of news prose."""

    determiners: tuple[str, ...]
    adjectives: tuple[str, ...]
    nouns: tuple[str, ...]
    verbs: tuple[str, ...]
    prepositions: tuple[str, ...]
    conjunctions: tuple[str, ...]
    said: str
    times: tuple[str, ...]


# Capitalised nouns in German are deliberate: the statistical pass reads capitalisation.
LEXICONS: dict[str, Lexicon] = {
    "en": Lexicon(
        ("the", "a", "this", "every", "another", "their", "its", "one"),
        ("local", "new", "former", "small", "regional", "national", "public", "recent", "northern", "private",
         "young", "senior", "rural", "coastal", "main", "independent"),
        ("council", "minister", "court", "village", "company", "government", "river", "bridge", "report",
         "budget", "farmer", "school", "hospital", "committee", "festival", "harbour", "museum", "union",
         "market", "railway", "library", "mayor", "factory", "police"),
        ("approved", "rejected", "opened", "closed", "visited", "announced", "criticised", "funded", "inspected",
         "delayed", "defended", "expanded", "reviewed", "welcomed", "questioned", "postponed"),
        ("in", "near", "after", "before", "during", "for", "with", "against", "under", "across", "around"),
        ("and", "but", "while", "because", "although"),
        "said that",
        ("on Tuesday", "last week", "this morning", "in March", "on Friday evening", "earlier this year"),
    ),
    "de": Lexicon(
        ("der", "die", "das", "ein", "eine", "jede", "diese", "unsere"),
        ("neue", "alte", "kleine", "regionale", "staatliche", "private", "junge", "ländliche", "große",
         "frühere", "nördliche", "öffentliche"),
        ("Rat", "Ministerin", "Gericht", "Dorf", "Firma", "Regierung", "Brücke", "Bericht", "Haushalt",
         "Schule", "Klinik", "Ausschuss", "Hafen", "Museum", "Gewerkschaft", "Bahn", "Bibliothek",
         "Bürgermeisterin", "Fabrik", "Polizei", "Straße", "Gemeinde"),
        ("genehmigte", "lehnte", "eröffnete", "schloss", "besuchte", "kündigte", "kritisierte", "prüfte",
         "verschob", "verteidigte", "erweiterte", "begrüßte"),
        ("in", "bei", "nach", "vor", "während", "für", "mit", "gegen", "unter", "über"),
        ("und", "aber", "während", "weil", "obwohl"),
        "sagte, dass",
        ("am Dienstag", "letzte Woche", "heute Morgen", "im März", "am Freitagabend", "Anfang des Jahres"),
    ),
    "fr": Lexicon(
        ("le", "la", "un", "une", "ce", "chaque", "leur", "notre"),
        ("local", "nouveau", "ancien", "petit", "régional", "national", "public", "récent", "privé", "jeune",
         "rural", "principal", "indépendant"),
        ("conseil", "ministre", "tribunal", "village", "entreprise", "gouvernement", "pont", "rapport",
         "budget", "agriculteur", "lycée", "hôpital", "comité", "festival", "port", "musée", "syndicat",
         "marché", "maire", "usine", "quartier"),
        ("a approuvé", "a rejeté", "a ouvert", "a fermé", "a visité", "a annoncé", "a critiqué", "a financé",
         "a inspecté", "a retardé", "a défendu", "a élargi", "a salué"),
        ("dans", "près de", "après", "avant", "pendant", "pour", "avec", "contre", "sous", "autour de"),
        ("et", "mais", "tandis que", "parce que", "bien que"),
        "a déclaré que",
        ("mardi", "la semaine dernière", "ce matin", "en mars", "vendredi soir", "plus tôt cette année"),
    ),
    "es": Lexicon(
        ("el", "la", "un", "una", "este", "cada", "su", "nuestro"),
        ("local", "nuevo", "antiguo", "pequeño", "regional", "nacional", "público", "reciente", "privado",
         "joven", "rural", "principal", "independiente"),
        ("consejo", "ministro", "tribunal", "pueblo", "empresa", "gobierno", "puente", "informe",
         "presupuesto", "agricultor", "colegio", "hospital", "comité", "festival", "puerto", "museo",
         "sindicato", "mercado", "alcalde", "fábrica", "barrio"),
        ("aprobó", "rechazó", "abrió", "cerró", "visitó", "anunció", "criticó", "financió", "inspeccionó",
         "retrasó", "defendió", "amplió", "celebró"),
        ("en", "cerca de", "después de", "antes de", "durante", "para", "con", "contra", "bajo", "sobre"),
        ("y", "pero", "mientras", "porque", "aunque"),
        "dijo que",
        ("el martes", "la semana pasada", "esta mañana", "en marzo", "el viernes por la noche",
         "a principios de año"),
    ),
    "it": Lexicon(
        ("il", "la", "un", "una", "questo", "ogni", "il loro", "il nostro"),
        ("locale", "nuovo", "vecchio", "piccolo", "regionale", "nazionale", "pubblico", "recente", "privato",
         "giovane", "rurale", "principale", "indipendente"),
        ("consiglio", "ministro", "tribunale", "paese", "azienda", "governo", "ponte", "rapporto", "bilancio",
         "agricoltore", "liceo", "ospedale", "comitato", "festival", "porto", "museo", "sindacato", "mercato",
         "sindaco", "fabbrica", "quartiere"),
        ("ha approvato", "ha respinto", "ha aperto", "ha chiuso", "ha visitato", "ha annunciato",
         "ha criticato", "ha finanziato", "ha ispezionato", "ha rinviato", "ha difeso", "ha ampliato"),
        ("in", "vicino a", "dopo", "prima di", "durante", "per", "con", "contro", "sotto", "intorno a"),
        ("e", "ma", "mentre", "perché", "sebbene"),
        "ha detto che",
        ("martedì", "la settimana scorsa", "stamattina", "a marzo", "venerdì sera", "all'inizio dell'anno"),
    ),
}
STORY_LANGUAGES = tuple(LEXICONS)

PEOPLE = ("Maria Lopez", "John Carter", "Aisha Khan", "Tomas Novak", "Elena Rossi", "Kenji Sato",
          "Ngozi Adeyemi", "Lars Eriksen", "Ana Pereira", "Jean-Luc Martin", "Zeynep Demir", "Anna Müller")
PLACES = ("Lisbon", "Kraków", "Nairobi", "Tbilisi", "Valparaíso", "Quebec", "Ghent", "Oaxaca", "Tampere",
          "Bologna", "Sevilla", "Leipzig", "Lyon", "Porto", "Aarhus")
SECTIONS = ("News", "World", "Europe", "Politics", "Sport", "Business", "Culture", "Science", "Opinion",
            "International news", "Local", "Weather", "Route 6", "Economy", "Tech")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@st.composite
def clauses(draw: st.DrawFn, language: str) -> str:
    lex = LEXICONS[language]
    pick = lambda options: draw(st.sampled_from(options))  # noqa: E731
    shape = draw(st.integers(0, 2))
    if shape == 0:
        words = [pick(lex.determiners), pick(lex.adjectives), pick(lex.nouns), pick(lex.verbs),
                 pick(lex.determiners), pick(lex.nouns), pick(lex.prepositions), pick(PLACES)]
    elif shape == 1:
        words = [pick(PEOPLE), lex.said, pick(lex.determiners), pick(lex.nouns), pick(lex.verbs),
                 pick(lex.determiners), pick(lex.adjectives), pick(lex.nouns), pick(lex.times)]
    else:
        words = [pick(lex.determiners), pick(lex.nouns), pick(lex.prepositions), pick(PLACES), pick(lex.verbs),
                 pick(lex.determiners), pick(lex.adjectives), pick(lex.nouns), pick(lex.times)]
    return " ".join(words)


@st.composite
def sentences(draw: st.DrawFn, language: str) -> str:
    """One sentence of one or two clauses, capitalised, ending with a full stop."""
    first = draw(clauses(language))
    if draw(st.booleans()):
        conjunction = draw(st.sampled_from(LEXICONS[language].conjunctions))
        first = f"{first}, {conjunction} {draw(clauses(language))}"
    return _cap(first) + "."


@st.composite
def headlines(draw: st.DrawFn, language: str) -> str:
    """A headline: three to nine words, no final punctuation."""
    lex = LEXICONS[language]
    pick = lambda options: draw(st.sampled_from(options))  # noqa: E731
    if draw(st.booleans()):
        words = [_cap(pick(lex.nouns)), pick(lex.verbs), pick(lex.determiners), pick(lex.adjectives),
                 pick(lex.nouns), pick(lex.prepositions), pick(PLACES)]
    else:
        words = [pick(PEOPLE), pick(lex.verbs), pick(lex.determiners), pick(lex.nouns)]
    return " ".join(words)


@st.composite
def subheadings(draw: st.DrawFn, language: str) -> str:
    lex = LEXICONS[language]
    return " ".join([_cap(draw(st.sampled_from(lex.adjectives))), draw(st.sampled_from(lex.nouns)),
                     draw(st.sampled_from(lex.prepositions)), draw(st.sampled_from(PLACES))])


@dataclass(frozen=True)
class Story:
    """A clean article: what the cleaner must give back, and its plain rendering."""

    language: str
    title: str | None
    standfirst: str | None
    blocks: tuple[str, ...]          # body paragraphs in order, subheadings included
    headings: tuple[str, ...]
    sentences: frozenset[str] = field(default=frozenset(), compare=False)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The body as the cleaner returns it: a standfirst with nothing to mark it is the lede."""
        return ((self.standfirst,) if self.standfirst else ()) + self.blocks

    @property
    def parts(self) -> tuple[str, ...]:
        return ((self.title,) if self.title else ()) + self.paragraphs

    @property
    def text(self) -> str:
        return "\n\n".join(self.parts)


@st.composite
def stories(draw: st.DrawFn, languages: Sequence[str] = STORY_LANGUAGES, max_paragraphs: int = 8) -> Story:
    """A clean article: every sentence unique, prose paragraphs, subheadings only between paragraphs."""
    language = draw(st.sampled_from(tuple(languages)))
    count = draw(st.integers(2, max_paragraphs))
    seen: set[str] = set()
    unique_sentence = sentences(language).filter(lambda sentence: sentence not in seen)

    def paragraph() -> str:
        parts = []
        for _ in range(draw(st.integers(1, 4))):
            sentence = draw(unique_sentence)
            seen.add(sentence)
            parts.append(sentence)
        return " ".join(parts)

    title = draw(st.none() | headlines(language))
    standfirst = None
    if draw(st.booleans()):
        standfirst = draw(unique_sentence)
        seen.add(standfirst)
    blocks: list[str] = [paragraph()]
    headings: list[str] = []
    for _ in range(count - 1):
        if draw(st.integers(0, 4)) == 0:
            heading = draw(subheadings(language).filter(lambda text: text not in headings))
            headings.append(heading)
            blocks.append(heading)
        blocks.append(paragraph())
    return Story(language, title, standfirst, tuple(blocks), tuple(headings), frozenset(seen))


# ---------------------------------------------------------------------------------------------------
# Page furniture
# ---------------------------------------------------------------------------------------------------


def vocab(name: str) -> tuple[str, ...]:
    """A word list of the library, every shipped language together."""
    return entries(name, SUPPORTED_LANGUAGES)


@dataclass(frozen=True)
class Furniture:
    """One piece of boilerplate: its lines, where it may go, and the metadata it must produce."""

    kind: str
    lines: tuple[str, ...]           # lines of one input paragraph (joined by single line breaks)
    where: str                       # top | under-title | between | tail | crumb | glue | lede | teaser
    date: str | None = None
    credits: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    dateline: str | None = None
    agency: str | None = None
    separate: tuple[str, ...] = ()   # further paragraphs that follow this one (a repeated caption)


_CASINGS = ("as-is", "upper", "lower", "title")


def recase(draw: st.DrawFn, text: str, casings: Sequence[str] = _CASINGS) -> str:
    casing = draw(st.sampled_from(tuple(casings)))
    return {"as-is": text, "upper": text.upper(), "lower": text.lower(), "title": text.title()}[casing]


def respace(draw: st.DrawFn, text: str) -> str:
    """The same line as an extractor may give it: odd spaces inside, stray blanks around."""
    if draw(st.booleans()):
        text = text.replace(" ", draw(st.sampled_from(("  ", "\u00a0", "\t", " \u00a0 ", "\u2009"))))
    left = draw(st.sampled_from(("", "", " ", "   ", "\t", "\u00a0", "\u200b", "\ufeff")))
    right = draw(st.sampled_from(("", "", " ", "\t", "\u00a0 ", "\u200b")))
    return left + text + right


def _date_strings(draw: st.DrawFn, language: str) -> tuple[str, str]:
    """A written date and its ISO form."""
    day = draw(st.dates(dt.date(1995, 1, 1), dt.date(2035, 12, 31)))
    months: dict[int, list[str]] = {}
    for entry in entries("months", (language,)):
        word, _, number = entry.rpartition(" ")
        months.setdefault(int(number), []).append(word)
    month = draw(st.sampled_from(months[day.month])).capitalize()
    style = draw(st.sampled_from(("iso", "iso-time", "dmy", "mdy", "dotted", "slashed")))
    written = {
        "iso": day.isoformat(),
        "iso-time": f"{day.isoformat()}T{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}:00Z",
        "dmy": f"{day.day} {month} {day.year}",
        "mdy": f"{month} {day.day}, {day.year}",
        "dotted": f"{day.day:02d}.{day.month:02d}.{day.year}",
        "slashed": f"{day.day}/{day.month}/{day.year}",
    }[style]
    if style in ("dmy", "mdy", "dotted") and draw(st.booleans()):
        written += draw(st.sampled_from((", 10:30", " 14:05", " | 08:00", ", 9:15 am")))
    return written, day.isoformat()


@st.composite
def date_headers(draw: st.DrawFn, language: str) -> Furniture:
    written, iso = _date_strings(draw, language)
    form = draw(st.sampled_from(("labelled", "labelled", "bare", "seed")))
    if form == "seed":  # seeds 000 and 002: " date 2023-09-09 " glued to the first line
        return Furniture("date-header", (f" date {iso} ",), "glue", date=iso)
    if form == "bare":
        line = written
    else:
        label = recase(draw, draw(st.sampled_from(entries("date-labels", (language,)))))
        separator = draw(st.sampled_from((": ", " ", " - ", " | ")))
        line = f"{label.rstrip(':')}{separator}{written}"
    where = draw(st.sampled_from(("top", "under-title", "glue")))
    if where == "glue":
        line = f"{line} "
    return Furniture("date-header", (line if where == "glue" else respace(draw, line),), where, date=iso)


@st.composite
def widgets(draw: st.DrawFn) -> Furniture:
    line = recase(draw, draw(st.sampled_from(vocab("navigation"))))
    if draw(st.integers(0, 4)) == 0:
        line += draw(st.sampled_from(("...", "…", " ›", ":")))
    return Furniture("navigation", (respace(draw, line),), draw(st.sampled_from(("top", "between", "tail"))))


@st.composite
def prompts(draw: st.DrawFn) -> Furniture:
    prefix = draw(st.sampled_from(entries("newsletter-prefixes", SUPPORTED_LANGUAGES)))
    rest = draw(st.sampled_from(("", " our daily briefing", " the newsletter", " free updates", " now")))
    line = recase(draw, prefix + rest, ("as-is", "upper", "lower"))
    return Furniture("navigation", (respace(draw, line),), draw(st.sampled_from(("top", "between", "tail"))))


@st.composite
def breadcrumbs(draw: st.DrawFn) -> Furniture:
    items = draw(st.lists(st.sampled_from([s for s in SECTIONS if not any(c.isdigit() for c in s)]),
                          min_size=2, max_size=4, unique=True))
    separator = draw(st.sampled_from((" > ", " / ", " | ", " » ", " › ")))
    line = recase(draw, separator.join(items))
    return Furniture("navigation", (respace(draw, line),), draw(st.sampled_from(("top", "tail"))))


@st.composite
def bylines(draw: st.DrawFn, language: str) -> Furniture:
    label = draw(st.sampled_from(entries("byline-labels", (language,))))
    names = draw(st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=2, unique=True))
    joined = " and ".join(names) if language == "en" else ", ".join(names)
    if draw(st.booleans()):
        joined += ", " + draw(st.sampled_from(("Reuters", "AFP", "Staff")))
    line = f"{recase(draw, label, ('as-is', 'upper', 'title'))}{draw(st.sampled_from((' ', ': ')))}{joined}"
    return Furniture("byline", (respace(draw, line),), draw(st.sampled_from(("top", "under-title"))))


def _credit_line(draw: st.DrawFn) -> tuple[str, str]:
    """A photo credit line and the source it names."""
    agency = draw(st.sampled_from(vocab("agencies")))
    person = draw(st.sampled_from(PEOPLE))
    form = draw(st.sampled_from(("bare", "labelled", "copyright", "pair")))
    if form == "bare":
        line = recase(draw, agency, ("as-is", "upper"))
        return line, line
    if form == "labelled":
        label = recase(draw, draw(st.sampled_from(vocab("credit-labels"))), ("as-is", "upper", "lower"))
        source = draw(st.sampled_from((agency, person, f"{person}/{agency}")))
        separator = " " if label.casefold().endswith((" by", " von", " di", " de")) else ": "
        return f"{label}{separator}{source}", source
    if form == "copyright":
        source = draw(st.sampled_from((agency, f"{agency}/{person}")))
        year = draw(st.sampled_from(("", "2023 ")))
        return f"© {year}{source}", source
    agency = draw(st.sampled_from(("AFP", "Reuters", "AP Photo", "EPA")))
    source = f"{agency}/{draw(st.sampled_from((person, 'Getty Images')))}"
    return source, source


@st.composite
def credits(draw: st.DrawFn) -> Furniture:
    line, source = _credit_line(draw)
    return Furniture("photo-credit", (respace(draw, line),), draw(st.sampled_from(("between", "under-title"))),
                     credits=(source,))


@st.composite
def captions(draw: st.DrawFn, language: str, story: Story) -> Furniture:
    caption = draw(sentences(language).filter(lambda sentence: sentence not in story.sentences))
    form = draw(st.sampled_from(("attached", "attached", "inline")))
    if form == "inline":  # "... in Kyiv on Monday. REUTERS/Gleb Garanich" or "... (Photo: AFP)"
        agency = draw(st.sampled_from(("REUTERS", "AFP", "AP", "EPA")))
        person = draw(st.sampled_from(PEOPLE))
        credit, source = draw(st.sampled_from(((f"{agency}/{person}", f"{agency}/{person}"),
                                               (f"(Photo: {agency})", agency), (f"({agency})", agency))))
        return Furniture("caption", (respace(draw, f"{caption} {credit}"),), "between", credits=(source,),
                         captions=(caption,))
    line, source = _credit_line(draw)
    repeated = (caption,) if draw(st.booleans()) else ()
    return Furniture("caption", (respace(draw, caption), respace(draw, line)), "between", credits=(source,),
                     captions=(caption,), separate=repeated)


_BULLETS = ("•", "-", "*", "·", "▪", "►", "–", "1.")


@st.composite
def related_blocks(draw: st.DrawFn, language: str, count: int | None = None) -> Furniture:
    header = recase(draw, draw(st.sampled_from(vocab("related-headers"))))
    if draw(st.booleans()):
        header += " " + draw(st.sampled_from(SECTIONS))
    size = count if count is not None else draw(st.integers(1, 4))
    titles = draw(st.lists(headlines(language), min_size=size, max_size=size, unique=True))
    bullet = draw(st.sampled_from(_BULLETS))
    lines: list[str] = []
    for title in titles:
        lines.append(f"{bullet} {title}")
        if draw(st.booleans()):
            lines.append(draw(sentences(language)))
    return Furniture("related-block", (respace(draw, header),), "tail", related=tuple(titles),
                     separate=tuple(respace(draw, line) for line in lines))


@st.composite
def related_links(draw: st.DrawFn, language: str) -> Furniture:
    label = recase(draw, draw(st.sampled_from(vocab("related-labels"))))
    headline = draw(headlines(language))
    separator = draw(st.sampled_from((": ", " : ", ":", " | ", " » ")))
    prefix = draw(st.sampled_from(("", "", "» ", "► ")))
    return Furniture("related-link", (respace(draw, f"{prefix}{label}{separator}{headline}"),),
                     draw(st.sampled_from(("between", "tail"))), related=(headline,))


@st.composite
def edge_crumbs(draw: st.DrawFn) -> Furniture:
    section = recase(draw, draw(st.sampled_from(SECTIONS)), ("as-is", "upper", "lower"))
    return Furniture("edge-crumb", (respace(draw, section),), "crumb")


_PLACES_CAPS = ("LONDON", "SADARAK", "BERLIN", "NAIROBI", "MADRID", "ROMA", "PARIS", "NEW YORK", "SAO PAULO")


@st.composite
def datelines(draw: st.DrawFn) -> Furniture:
    place = draw(st.sampled_from(_PLACES_CAPS))
    agency = draw(st.none() | st.sampled_from(vocab("dateline-agencies")))
    when = draw(st.none() | st.sampled_from(("May 3", "3 March", "Sept. 12")))
    if agency is not None and draw(st.booleans()):
        place = place.title()
    separator = draw(st.sampled_from((" - ", " — ", " – ", ": ", " -- "))) if agency else ": "
    if agency is None:
        when = None
    prefix = place + (f", {when}" if when else "") + (f" ({agency})" if agency else "") + separator
    value = f"{place}, {when}" if when else place
    return Furniture("dateline", (prefix,), "lede", dateline=value, agency=agency)


def teasers(draw: st.DrawFn, story: Story) -> Furniture | None:
    """A copy of later sentences put at the top (seed 002), or a later paragraph repeated word for word."""
    later = [block for block in story.blocks if block.endswith(".")]
    pool = [sentence for block in later for sentence in story.sentences if sentence in block]
    if not pool:
        return None
    if draw(st.booleans()):
        text = draw(st.sampled_from(later))
    else:
        picked = draw(st.lists(st.sampled_from(sorted(pool)), min_size=1, max_size=3, unique=True))
        text = " ".join(picked)
    if len(text.split()) < Config().min_duplicate_words:
        return None
    return Furniture("duplicate-teaser", (text,), "teaser")


#: Every kind of furniture the library knows, for a doc listing and for ``documents(kinds=...)``.
KINDS = ("date-header", "navigation", "prompt", "breadcrumb", "byline", "photo-credit", "caption",
         "related-block", "related-link", "duplicate-teaser", "edge-crumb", "dateline")


@dataclass(frozen=True)
class Document:
    """A story with furniture inserted, and what cleaning it must give back."""

    story: Story
    text: str
    furniture: tuple[Furniture, ...]
    #: The furniture in the order it appears in ``text`` (``furniture`` is the order it was drawn in).
    placed: tuple[Furniture, ...]

    def _values(self, name: str) -> tuple[str, ...]:
        return tuple(value for item in self.furniture for value in getattr(item, name))

    @property
    def date(self) -> str | None:
        return next((item.date for item in self.furniture if item.date), None)

    @property
    def credits(self) -> tuple[str, ...]:
        return self._values("credits")

    @property
    def captions(self) -> tuple[str, ...]:
        return self._values("captions")

    @property
    def related(self) -> tuple[str, ...]:
        """The related headlines in the order the text gives them (furniture goes to random places)."""
        return tuple(headline for item in self.placed for headline in item.related)

    @property
    def dateline(self) -> tuple[str | None, str | None]:
        item = next((item for item in self.furniture if item.kind == "dateline"), None)
        return (item.dateline, item.agency) if item else (None, None)


_BREAKS = ("\n\n", "\n\n", "\n\n\n", "\n \n", "\r\n\r\n", "\n\u00a0\n", "\n\t\n\n")
_LINE_BREAKS = ("\n", "\n", "\r\n", " \n")


def _furniture(draw: st.DrawFn, kind: str, story: Story) -> Furniture | None:
    language = story.language
    factories: dict[str, Callable[[], st.SearchStrategy[Furniture]]] = {
        "date-header": lambda: date_headers(language),
        "navigation": widgets,
        "prompt": prompts,
        "breadcrumb": breadcrumbs,
        "byline": lambda: bylines(language),
        "photo-credit": credits,
        "caption": lambda: captions(language, story),
        "related-block": lambda: related_blocks(language),
        "related-link": lambda: related_links(language),
        "edge-crumb": edge_crumbs,
        "dateline": datelines,
    }
    if kind == "duplicate-teaser":
        return teasers(draw, story)
    return draw(factories[kind]())


def assemble(draw: st.DrawFn, story: Story, furniture: Sequence[Furniture]) -> tuple[str, tuple[Furniture, ...]]:
    """Insert each piece where it belongs and join everything with varied paragraph breaks.

    Returns the text and the furniture in the order the text gives it.
    """
    parts = list(story.parts)
    has_title = story.title is not None
    lede = (1 if has_title else 0) + (1 if story.standfirst else 0)   # index of blocks[0] in parts
    gaps: dict[int, list[tuple[str, Furniture | None]]] = {}
    tail: list[tuple[str, Furniture | None]] = []
    crumbs: list[tuple[str, Furniture | None]] = []
    glue = ""
    in_text: list[Furniture] = []
    for item in furniture:
        paragraph = draw(st.sampled_from(_LINE_BREAKS)).join(item.lines)
        pieces = [(paragraph, item), *((line, None) for line in item.separate)]
        where = item.where
        if where == "glue":
            glue = item.lines[0]
            in_text.append(item)  # glued to the first part: nothing comes before it
        elif where == "lede":
            parts[lede] = item.lines[0] + parts[lede]
        elif where == "top" or (where == "under-title" and not has_title):
            gaps.setdefault(0, []).extend(pieces)
        elif where == "under-title":
            gaps.setdefault(1, []).extend(pieces)
        elif where == "teaser":
            gaps.setdefault(1 if has_title else 0, []).extend(pieces)
        elif where == "between":
            gaps.setdefault(draw(st.integers(1, len(parts) - 1)), []).extend(pieces)
        elif where == "tail":
            tail.extend(pieces)
        else:
            crumbs.extend(pieces)
    if glue:
        parts[0] = glue + parts[0]
    ordered: list[tuple[str, Furniture | None]] = []
    for index, part in enumerate(parts):
        ordered.extend(gaps.get(index, ()))
        ordered.append((part, None))
    ordered.extend(tail)
    ordered.extend(crumbs)
    in_text.extend(item for _part, item in ordered if item is not None)
    in_text.extend(item for item in furniture if item.where == "lede")
    text = ordered[0][0]
    for part, _item in ordered[1:]:
        text += draw(st.sampled_from(_BREAKS)) + part
    return text, tuple(in_text)


@st.composite
def documents(draw: st.DrawFn, kinds: Sequence[str] = KINDS, min_items: int = 1, max_items: int = 6,
              story: st.SearchStrategy[Story] | None = None) -> Document:
    """A story with page furniture inserted at legal places, in random casing and spacing.

    At most one date header, byline, dateline and teaser (a page has one of each), and at most two
    structural trailing crumbs: the pass keeps a longer run of short lines, which is an info box.
    """
    article = draw(story if story is not None else stories())
    chosen = draw(st.lists(st.sampled_from(tuple(kinds)), min_size=min_items, max_size=max_items))
    single = {"date-header", "byline", "dateline", "duplicate-teaser"}
    furniture: list[Furniture] = []
    crumbs = 0
    for kind in chosen:
        if kind in single and any(item.kind == kind for item in furniture):
            continue
        if kind == "edge-crumb":
            if crumbs >= 2:
                continue
            crumbs += 1
        item = _furniture(draw, kind, article)
        if item is not None:
            furniture.append(item)
    text, placed = assemble(draw, article, furniture)
    return Document(article, text, tuple(furniture), placed)
