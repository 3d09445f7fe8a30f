"""What a page says about itself in its markup: title, description, author, site name, canonical URL, date,
declared language and schema.org types (``<meta>``, JSON-LD, ``<title>``, ``<h1>``, htmldate); never
fetched."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin

import lxml.html

from cleaner.article import Removal
from cleaner.blocks import word_count
from cleaner.html.features import ARTICLE_TYPES, LIST_TYPES, PageSignals

#: The schema.org types of a page for one product (not ``Offer`` alone: a page of offers is a listing).
_PRODUCT_TYPES = frozenset({"Product", "ProductGroup", "IndividualProduct"})

_SPACES = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?![\d])")
_WORD = re.compile(r"\w+")
#: A page with more ``<article>`` elements than this lists articles (teasers, cards, posts).
_MAX_ARTICLES = 3
BYLINE_LABEL = re.compile(r"^(?:(?:posted|post|written|words|text|story|reported)\s+)?(?:by|von|par|por|di|door|via)"
                          r"(?:\s*:)?\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PageInfo:
    """Metadata read from the markup (never from the network)."""

    titles: tuple[str, ...] = ()  # the h1, og:title, <title> and its parts: any of them names the headline
    title: str | None = None
    description: str | None = None
    author: str | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    date: str | None = None
    language: str | None = None
    #: What the page says it is: its schema.org types (JSON-LD ``@type``) and ``og:type``.
    types: tuple[str, ...] = ()
    og_type: str | None = None

    def one_article(self, root: lxml.html.HtmlElement) -> bool:
        """The page says it is an article (``og:type`` article, or a schema.org article type) and not a
        list (no schema.org list type, at most ``_MAX_ARTICLES`` ``<article>`` elements): many sites
        call every page an article, their listings included."""
        declared = (self.og_type or "").lower().startswith("article") or not ARTICLE_TYPES.isdisjoint(self.types)
        if not declared or not LIST_TYPES.isdisjoint(self.types):
            return False
        return sum(1 for _element in itertools.islice(root.iter("article"), _MAX_ARTICLES + 1)) <= _MAX_ARTICLES

    def one_product(self) -> bool:
        """The page says it is a product (a schema.org product type, or ``og:type`` product): a shop's page
        for one thing, whose reviews are its buyers' comments."""
        return not _PRODUCT_TYPES.isdisjoint(self.types) or (self.og_type or "").lower().startswith("product")

    def extra(self) -> tuple[tuple[str, str], ...]:
        """The fields ``Article.to_dict()`` has no key for, as ``Article.extra`` pairs."""
        pairs = (("author", self.author), ("site_name", self.site_name), ("url", self.canonical_url),
                 ("description", self.description), ("html_language", self.language))
        return tuple((name, value) for name, value in pairs if value)


def element_text(element: lxml.html.HtmlElement) -> str:
    """An element's text, spaces collapsed."""
    return _SPACES.sub(" ", element.text_content()).strip()


@lru_cache(maxsize=4096)  # pure: the same line is keyed by the rules and the furniture
def line_key(text: str) -> str:
    """A line's words, casefolded: how a line and an element's text compare.

    >>> line_key("Storm hits the COAST, officials say.")
    'storm hits the coast officials say'
    """
    return " ".join(_WORD.findall(unicodedata.normalize("NFC", text).casefold()))


def _meta(root: lxml.html.HtmlElement) -> dict[str, str]:
    """``<meta>`` contents by lower-cased name or property (the first one of each wins)."""
    found: dict[str, str] = {}
    for element in root.iter("meta"):
        name = (element.get("property") or element.get("name") or element.get("itemprop") or "")
        name = name.strip().lower()
        content = _SPACES.sub(" ", element.get("content") or "").strip()
        if name and content and name not in found:
            found[name] = content
    return found


def _json_ld(root: lxml.html.HtmlElement) -> list[Mapping[str, object]]:
    """The JSON-LD objects of the page (``@graph`` flattened); a broken block is skipped, as browsers do."""
    objects: list[Mapping[str, object]] = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                objects.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
    return objects


def _name_of(value: object) -> str | None:
    """A person's or organisation's name from a JSON-LD value (a string, an object, or a list of them)."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _name_of(value.get("name"))
    if isinstance(value, list):
        names = [name for name in (_name_of(item) for item in value) if name]
        return ", ".join(dict.fromkeys(names)) or None
    return None


def _title_parts(title: str) -> list[str]:
    """``"Headline | Site"`` -> the headline and the site name as separate candidates."""
    # (?<!\s): a run of spaces is tried from its start only (a <title> padded with thousands of spaces)
    parts = [part.strip() for part in re.split(r"(?<!\s)\s+[|–—-]\s+|(?<!\s)\s+::\s+", title) if part.strip()]
    return parts if len(parts) > 1 else []


def page_info(root: lxml.html.HtmlElement, url: str | None) -> PageInfo:
    """Title, description, author, site name, canonical URL and declared language from the markup."""
    meta = _meta(root)
    linked = _json_ld(root)
    head_title = next((element_text(element) for element in root.iter("title")), "")
    headings = [element_text(element) for element in root.iter("h1")]
    headings = [heading for heading in headings if heading]
    og_title = meta.get("og:title") or meta.get("twitter:title")
    titles = [t for t in (*headings[:3], og_title, head_title, *_title_parts(head_title)) if t]
    if og_title:
        titles.extend(_title_parts(og_title))
    title = (headings[0] if len(headings) == 1 else None) or og_title or (
        _title_parts(head_title)[0] if _title_parts(head_title) else head_title) or None
    author = meta.get("author") or meta.get("article:author") or meta.get("dc.creator") or meta.get("byl")
    if author and author.startswith(("http://", "https://")):
        author = None  # article:author is often a profile URL
    for item in linked:
        if author is None and "author" in item:
            author = _name_of(item["author"])
    author = author_name(author)
    site_name = meta.get("og:site_name") or meta.get("application-name")
    for item in linked:
        if site_name is None and "publisher" in item:
            site_name = _name_of(item["publisher"])
    canonical = next((element.get("href") for element in root.iter("link")
                      if "canonical" in (element.get("rel") or "").lower().split() and element.get("href")),
                     None)
    canonical = canonical or meta.get("og:url")
    if canonical and url:
        canonical = urljoin(url, canonical)
    description = meta.get("og:description") or meta.get("description") or meta.get("twitter:description")
    language = (root.get("lang") or root.get("xml:lang") or meta.get("og:locale") or "").strip() or None
    types = tuple(dict.fromkeys(kind for item in linked for kind in _types_of(item.get("@type"))))
    return PageInfo(tuple(dict.fromkeys(titles)), title, description, author or None, site_name or None,
                    canonical or url, declared_date(linked), language, types, meta.get("og:type"))


#: The first year a page of the web could have been published in.
_FIRST_YEAR = 1991


def declared_date(linked: Sequence[Mapping[str, object]], today: dt.date | None = None) -> str | None:
    """The publication date the page declares in its JSON-LD (``datePublished``, an ISO date or timestamp),
    as ``YYYY-MM-DD``; None when it declares none, or one that cannot be a publication date (malformed,
    before ``_FIRST_YEAR``, after ``today``).

    htmldate reads it too, but weighs it against the dates in the page's words and its URL, and on the wcxb
    set picked another date on 7 pages where the declared one was right (against 3 where it was wrong).

    >>> declared_date([{"@type": "WebPage"}, {"datePublished": "2024-03-05T07:02:39+0000"}])
    '2024-03-05'
    >>> declared_date([{"datePublished": "Oct 31, 2025"}]), declared_date([{"datePublished": "2999-01-01"}])
    (None, None)
    """
    today = today or dt.date.today()
    for item in linked:
        value = item.get("datePublished")
        if not isinstance(value, str) or not _ISO_DATE.match(value.strip()):
            continue
        try:
            date = dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            continue
        if _FIRST_YEAR <= date.year and date <= today:
            return date.isoformat()
    return None


def _types_of(value: object) -> list[str]:
    """The schema.org type names of a JSON-LD ``@type`` (a string, or a list of them)."""
    values = value if isinstance(value, list) else [value]
    return [kind.rsplit("/", 1)[-1] for kind in values if isinstance(kind, str) and kind]


def page_date(root: lxml.html.HtmlElement, url: str | None) -> str | None:
    """The publication date from the markup, the URL and, failing those, the page's own words (htmldate on
    the parsed tree, its extensive search as trafilatura runs it: no download); ``clean_html`` asks it only
    when the page declares no date in its JSON-LD (``declared_date``). On the wcxb set the
    extensive search finds 218 of 256 dates against 213 without it, and gives a date on 238 of the 244
    pages without one in the ground truth against 157 (trafilatura: 218 and 238)."""
    import htmldate

    try:
        return htmldate.find_date(root, extensive_search=True, original_date=True, url=url)
    except (ValueError, TypeError):  # htmldate refuses some odd trees; a page without a date is fine
        return None


def signals(info: PageInfo) -> PageSignals:
    """What the block model reads of the page's own metadata."""
    return PageSignals(info.types, info.og_type, info.canonical_url)


_MAX_BYLINE_WORDS = 8


#: What follows a name in a byline: a date, a role, a team ("Jane Doe - Mar 27, 2024", "Jane Doe | Editor").
_AFTER_NAME = re.compile(r"(?<!\s)\s+[-–—|•·]\s+.*$|(?<!\s)\s*[»›]\s*.*$")  # one try per run of spaces
#: A date or a time after the name in a byline the markup or the rules name as one ("EcoFlow- 2025/4/29",
#: "Jane Doe on 04-ago-2021 5:11", "jane 1 year ago"): cut there. Not in a box merely named for bylines,
#: where a number says the text is something else (``page_author``).
_DATED_TAIL = re.compile(r"(?<=\w)[-–—]\s+\d.*$|(?<!\s)\s+(?:(?:on|am|le|el|il|em|op)\s+)?\d.*$")
#: A "name" that is a date left alone: weekdays, months and the clock ("Sat, 20 Dec, 2025" once its numbers
#: are cut off), in the languages of the sets; such a byline names no one.
_DATE_WORDS = frozenset("""
    mon tue tues wed thu thur thurs fri sat sun monday tuesday wednesday thursday friday saturday sunday
    jan feb mar apr jun jul aug sep sept oct nov dec january february march april may june july august
    september october november december am pm
    mo di mi do fr sa so montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar märz mai
    juni juli oktober dezember
    lun mar mer jeu ven sam dim lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril
    juin juillet août septembre octobre novembre décembre
""".split())
_LETTERS = re.compile(r"[^\W\d_]+")
#: A byline box's label alone, without the name (it is on the next line, or in an image).
_LABEL_ONLY = frozenset({"by", "written by", "posted by", "author", "authors", "about the author",
                         "about the authors", "written by and", "von", "par", "por", "door"})


def author_name(value: str | None, dated: bool = True) -> str | None:
    """The name in a byline: its label and what follows the name (a date, a role) dropped; None when only
    a label is left.

    >>> author_name("Post by galitsyn » 11. Sep 2024, 18:36"), author_name("Dr. Vahid Osman - Mar 27, 2024")
    ('galitsyn', 'Dr. Vahid Osman')
    >>> author_name("Written By") is None, author_name("Sat, 20 Dec, 2025"), author_name("•")
    (True, None, None)
    >>> author_name("By: FlowGuard EMEA on 04-ago-2021 5:11:10"), author_name("via scvalex 1 year ago")
    ('FlowGuard EMEA', 'scvalex')
    >>> author_name("EcoFlow- 2025/4/29"), author_name("Jean-Luc Aufranc (CNXSoft)")
    ('EcoFlow', 'Jean-Luc Aufranc (CNXSoft)')
    """
    if not value:
        return None
    name = _AFTER_NAME.sub("", BYLINE_LABEL.sub("", value.strip()))
    if dated:
        name = _DATED_TAIL.sub("", name)
    name = name.strip(" ,:;")
    if not name or name.casefold().rstrip(":") in _LABEL_ONLY:
        return None
    words = _LETTERS.findall(name.casefold())
    if not words or all(word in _DATE_WORDS for word in words):
        return None  # a symbol ("•") or a date ("Sat, 20 Dec, 2025") where the name would be
    return name


def page_author(removed: Sequence[Removal], byline_boxes: Sequence[lxml.html.HtmlElement]) -> str | None:
    """The author when no ``<meta>`` names one: a byline the rules took out of the text, or else the first
    short byline box on the page ("By Jane Doe" gives "Jane Doe")."""
    for removal in removed:
        name = author_name(removal.value) if removal.kind == "byline" else None
        if name:
            return name
    for box in byline_boxes:
        name = author_name(element_text(box), dated=False)
        if name and 2 <= word_count(name) <= _MAX_BYLINE_WORDS and not _DIGIT.search(name):
            return name
    return None
