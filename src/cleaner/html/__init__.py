"""HTML input: every block of text on the page, judged by the block model and named by its markup.

``clean_html`` turns a page into the same ``Article`` as ``clean`` with the same audit trail:

1. *Read the page* (:mod:`cleaner.html.parse`, :mod:`cleaner.html.page`): the charset, lxml's parse, and
   what the markup says about the page (title, description, author, site, canonical URL, date, language,
   schema.org types).
2. *Cut it into blocks* (:mod:`cleaner.html.blocks`): every run of text between block boundaries, as a
   browser lays it out, with the tags and box names around it. The blocks, one per line and normalised,
   are ``Article.normalized``: the whole visible text of the page, so that every character a reader could
   see is in the body or in a removal with its rule.
3. *Judge each block* (:mod:`cleaner.html.model`): the block model, fitted on three benchmark sets (news,
   the 2025-26 web in eight page types, many languages), gives each block a probability of being content.
4. *Name what goes* (:mod:`cleaner.html.markup`): a rejected block is removed under the rule its markup
   names (``html.furniture``, ``html.related``, ``html.comment``, ``html.hidden``, ``html.link-line``, ...,
   ``html.boilerplate``); the headline, captions, bylines, dates and credits are named as such whatever
   the model says.
5. *Run the text passes* of ``clean()`` on what is left, as ``pipeline.HTML_PLAN`` lists them (not the
   text classifier: the block model judged every line on far more than its words; nor the standfirst
   guesses: on a page, the lede under the headline is article text; nor the title guess when the markup
   names the headline; and a line the trailing-list rule takes for a related headline stands only when its
   markup is links), then read captions, credits, related headlines and subheadings from the boxes of
   the article.

Author, site name, canonical URL, description and the declared language are in ``Article.extra`` and in
``to_dict()``; the date comes from the markup (the ``datePublished`` of its JSON-LD, else htmldate, with its
extensive search, as trafilatura runs it) before any date line in the text; the standfirst is the page's
description when no line is named one (the lede stays in the body).

Nothing is fetched: lxml parses with ``no_network=True`` and without resolving entities, htmldate gets the
parsed tree (never a string it could take for a URL), and ``url`` is only read. No JavaScript runs.
"""

from __future__ import annotations

import dataclasses
import io
import re

import lxml.etree
import lxml.html

from cleaner.article import Article
from cleaner.blocks import Draft
from cleaner.config import Config
from cleaner.documents import looks_like_html, looks_like_json
from cleaner.errors import InputError
from cleaner.files import GZIP_MAGIC, decode, read_stream
from cleaner.html.blocks import Block, page_blocks
from cleaner.html.features import Vocabulary, block_features
from cleaner.html.markup import (
    Furniture,
    find_markup_lines,
    linked_headlines,
    page_boxes,
    page_furniture,
    unique,
)
from cleaner.html.model import load_block_model
from cleaner.html.page import PageInfo, line_key, page_author, page_date, page_info, signals
from cleaner.html.parse import declared_charset, decode_html, parse_html
from cleaner.language import detect_language, stopwords
from cleaner.normalize import Normalized, normalize
from cleaner.pipeline import HTML_PLAN, build_article, check_limits, clean, run_passes

#: Elements never read, dropped once the metadata is read (the head's is in ``PageInfo``): scripts,
#: styles, form controls and embedded documents. Dropping them makes every later walk shorter.
_NEVER_CONTENT = ("head", "script", "style", "svg", "template", "select", "option", "textarea", "input", "object",
                  "embed", "canvas", "map", "noframes")
_WORD = re.compile(r"\w+")


# ---------------------------------------------------------------------------
# The page's language
# ---------------------------------------------------------------------------

#: A declared language is believed when its stop words make at least this share of the first
#: ``_LANGUAGE_SAMPLE_WORDS`` words (prose runs 0.35-0.55; text in another language stays under 0.1).
_MIN_DECLARED_STOPWORDS = 0.25
_LANGUAGE_SAMPLE_WORDS = 300
_MIN_LANGUAGE_SAMPLE_WORDS = 40


def document_language(declared: str | None, text: str) -> str | None:
    """The page's language: the one it declares (``<html lang>``) when the text bears it out by its stop
    words, else what py3langid detects. Checking is ten times cheaper than detecting, and catches the
    templates that say ``lang="en"`` on every page whatever its language.

    >>> document_language("en-GB", "The mayor said that the bridge was ready and that it would open. " * 5)
    'en'
    >>> document_language("en", "Der Bürgermeister sagte, dass die Brücke fertig sei und bald öffne. " * 5)
    'de'
    """
    code = (declared or "").replace("_", "-").split("-", 1)[0].strip().lower()
    stop = stopwords(code) if code else frozenset()
    if stop:
        words = _WORD.findall(text[: 12 * _LANGUAGE_SAMPLE_WORDS].lower())[:_LANGUAGE_SAMPLE_WORDS]
        if (len(words) >= _MIN_LANGUAGE_SAMPLE_WORDS
                and sum(1 for word in words if word in stop) >= _MIN_DECLARED_STOPWORDS * len(words)):
            return code
    return detect_language(text.split("\n"))


# ---------------------------------------------------------------------------
# The page's text
# ---------------------------------------------------------------------------

#: A line with none of these is empty once normalised (spaces, zero-width and control characters only).
_VISIBLE = re.compile("[^\\s\u00ad\u180e\u200b-\u200d\u2060\ufeff\x00-\x1f\x7f-\x9f]")


def page_text(root: lxml.html.HtmlElement, config: Config) -> tuple[list[Block], Normalized]:
    """The page's blocks and their text normalised: line ``i`` is the text of block ``i``.

    >>> blocks, text = page_text(lxml.html.fromstring("<div><p>One &amp; two</p><p>\u200b</p><p>Three</p></div>"),
    ...                          Config())
    >>> [block.element.tag for block in blocks], text.text
    (['p', 'p'], 'One & two\\nThree')
    """
    blocks = [block for block in page_blocks(root) if _VISIBLE.search(block.text)]
    normalized = normalize("\n".join(block.text for block in blocks), config)
    if blocks and normalized.text.count("\n") + 1 != len(blocks):  # a fix made or took a line break
        lines = [normalize(block.text, config) for block in blocks]
        kept = [(block, line) for block, line in zip(blocks, lines, strict=True) if line.text and "\n" not in line.text]
        blocks = [block for block, _line in kept]
        steps = tuple(dict.fromkeys(step for _block, line in kept for step in line.steps))
        normalized = Normalized("\n".join(line.text for _block, line in kept), steps)
    return blocks, normalized


# ---------------------------------------------------------------------------
# The entry points
# ---------------------------------------------------------------------------

def _empty_article(info: PageInfo) -> Article:
    return Article(paragraphs=(), normalized="", title=info.title, date=info.date, extra=info.extra())


def clean_html(html: str | bytes, *, url: str | None = None, config: Config | None = None) -> Article:
    """Clean one HTML page: its main content as body paragraphs, metadata, and every removed line's rule.

    >>> page = ('<html><head><title>Storm hits coast | Daily</title></head><body><article>'
    ...         '<h1>Storm hits coast</h1><p>The storm reached the coast on Monday night, officials said.</p>'
    ...         '<p>Thousands of homes lost power and schools stayed closed on Tuesday.</p>'
    ...         '<figure><img src="a.jpg"><figcaption>Waves on the pier</figcaption></figure>'
    ...         '<p>Forecasters expect calmer weather by the weekend, the agency said.</p>'
    ...         '</article></body></html>')
    >>> article = clean_html(page)
    >>> article.title, article.captions, len(article.paragraphs)
    ('Storm hits coast', ('Waves on the pier',), 3)
    >>> [(removal.rule, removal.text) for removal in article.removed]
    [('html.title', 'Storm hits coast'), ('html.caption', 'Waves on the pier')]
    """
    config = config or Config()
    root = parse_html(_page_string(html, config))
    if root is None:
        return _empty_article(PageInfo())
    info = page_info(root, url)  # the date the page declares in its JSON-LD, else htmldate's
    info = dataclasses.replace(info, date=info.date or page_date(root, url))
    lxml.etree.strip_elements(root, *_NEVER_CONTENT, with_tail=False)
    blocks, normalized = page_text(root, config)
    if len(normalized.text) > config.max_input_chars:
        raise InputError(f"the page's text has {len(normalized.text):,} characters, over Config.max_input_chars="
                         f"{config.max_input_chars:,}: raise the limit for very large pages")
    check_limits(normalized.text, config)
    if not blocks:
        return _empty_article(info)
    language = config.language or document_language(info.language, normalized.text)
    rows = block_features(blocks, Vocabulary(stopwords(language) or frozenset(), config.languages), signals(info))
    model = load_block_model(config.block_model)
    probabilities = model.probabilities(blocks, rows)
    threshold = model.page_threshold(rows, probabilities, config.block_threshold)
    one_article = info.one_article(root)
    draft = Draft.from_normalized(normalized.text, language)
    draft = draft.with_removals(find_markup_lines(draft, blocks, probabilities.tolist(), threshold, info, config,
                                                      article=one_article, product=info.one_product()))
    # The markup names the headline, and html.title took it if it is in the text; the text rule would take
    # whatever line comes first for another one.
    plan = HTML_PLAN.without("structure.find_title") if info.titles else HTML_PLAN
    elements = {line_key(fragment.text): blocks[fragment.line.index].element for fragment in draft.remaining()}
    draft = run_passes(draft, config, plan.with_check("related.find_trailing_lists", linked_headlines(elements)))
    article = build_article(draft, config, normalized.steps)
    boxes = page_boxes(root)
    found = page_furniture(boxes, elements, article.paragraphs)
    if info.author is None:
        info = dataclasses.replace(info, author=page_author(article.removed, boxes.bylines))
    return _with_page(article, info, found)


def _page_string(html: str | bytes, config: Config) -> str:
    """The page as a string, decoded by its charset, within the limits of ``config``."""
    if isinstance(html, (bytes, bytearray)):
        if len(html) > config.max_document_bytes:  # refused before decoding it all
            raise InputError(f"page has {len(html):,} bytes, over the limit of {config.max_document_bytes:,} "
                             "(Config.max_input_bytes, and 4 a character of Config.max_input_chars): "
                             "raise the limits for very large pages")
        html = decode_html(bytes(html))
    if not isinstance(html, str):
        raise InputError(f"expected str or bytes of HTML, got {type(html).__name__}")
    if len(html) > config.max_input_bytes:  # a page of scripts may be large: its text is what max_input_chars limits
        raise InputError(f"page has {len(html):,} characters, over Config.max_input_bytes={config.max_input_bytes:,}: "
                         "raise the limit for very large pages")
    return html


def _with_page(article: Article, info: PageInfo, found: Furniture) -> Article:
    """The article with what the page's markup says (``info``) and what its boxes hold (``found``) where
    the text did not say it. The title is the markup's first (the one ``<h1>``, else ``og:title``, else
    ``<title>`` without the site's name): the first headline line can be a logo's (wcxb titles: 350 of
    499 right against 307 taking the line first)."""
    return dataclasses.replace(
        article, title=info.title or article.title, date=info.date or article.date,
        standfirst=article.standfirst or info.description,
        headings=unique((*article.headings, *found.headings)),
        captions=unique((*article.captions, *found.captions)),
        photo_credits=unique((*article.photo_credits, *found.photo_credits)),
        related=tuple({item.headline: item for item in (*article.related, *found.related)}.values()),
        extra=info.extra())


#: ``--input-format`` choices: detect from the content, or force one.
INPUT_FORMATS: tuple[str, ...] = ("auto", "html", "text")


def clean_document(data: bytes, input_format: str = "auto", *, url: str | None = None,
                   config: Config | None = None) -> Article:
    """Clean a document read from a file or a stream: HTML through ``clean_html``, text through ``clean``.

    ``input_format`` is one of ``INPUT_FORMATS``; "auto" decides with :func:`looks_like_html`. Gzip data
    is decompressed first (recognised by its magic bytes, within ``Config.max_input_bytes``).

    >>> clean_document(b"<html><body><p>A short note.</p></body></html>").text
    'A short note.'
    >>> clean_document(b"<p>A note.</p>", "text").text
    '<p>A note.</p>'
    """
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"unknown input format {input_format!r}; choose one of {', '.join(INPUT_FORMATS)}")
    if data.startswith(GZIP_MAGIC):  # bytes handed over compressed (a Dask bag read from .gz files, say)
        data = read_stream(io.BytesIO(data), max_bytes=(config or Config()).max_document_bytes)
    if input_format == "html":
        return clean_html(data, url=url, config=config)
    text = decode(data)
    if input_format == "auto" and looks_like_html(text):
        return clean_html(data, url=url, config=config)
    if input_format == "auto" and looks_like_json(text):
        raise InputError("this is JSON, not article text: clean JSON Lines records with `cleaner batch FILE "
                         "OUT.jsonl` (--field names the one holding the text), or give the input format text "
                         "(--input-format text) to clean it as text all the same")
    return clean(text, config=config, allow_markup=input_format == "text")


__all__ = ["INPUT_FORMATS", "PageInfo", "clean_document", "clean_html", "decode_html", "declared_charset",
           "document_language", "looks_like_html", "page_info", "page_text", "parse_html"]
