"""What an input is, from its first characters: HTML, JSON records, or article text.

One place for the sniffing that the command line, the batch readers and the library share, so that
``cleaner clean page.html`` and ``cleaner.clean(page)`` agree on what a page is: ``clean()`` refuses what
the command line would send to ``clean_html``. The rules are conservative: a text that merely mentions a
tag ("use the <em> tag") or opens with one lone tag ("<p> is a tag, said the manual") is text.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Mapping

#: Characters looked at: the start of a page says what it is.
_SNIFF_CHARS = 5000
#: Openings only markup has: a document type, the page's own elements.
_DOCUMENT_START = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|link|script|style)[\s>/]", re.IGNORECASE)
#: Elements a fragment of HTML opens with: markup when its first line holds another tag, or nothing else.
_FRAGMENT_START = re.compile(r"<(?:div|p|article|section|main|title|table|ul|ol|h[1-6]|header|nav|span|a|br)[\s>/]",
                             re.IGNORECASE)
_TAG = re.compile(r"</?(?:p|div|span|a|br|li|ul|ol|td|tr|table|h[1-6]|img|section|article|script|meta|link|"
                  r"em|strong|b|i|title|head|body|html|header|nav|main)\b", re.IGNORECASE)
_NEXT_TAG = re.compile(r"</?[A-Za-z!]")
#: A text with at least this many tags, one per this many characters or more, is markup, not prose.
_MIN_TAGS = 10
_CHARS_PER_TAG = 40


def looks_like_html(text: str) -> bool:
    """True when a document is HTML: it opens with a tag (after any comments) that only a page opens with,
    or with an element whose line is markup (another tag on it, or nothing but the tag), or tags are dense.

    A text about HTML opens with a tag too (a documentation page's title "<table>: The Table element", its
    code samples further down): its first line is a tag and prose.

    >>> looks_like_html("<!DOCTYPE html><html><body><p>Hi</p></body></html>"), looks_like_html("a < b")
    (True, False)
    >>> looks_like_html("<!-- saved page --> <div class='x'>Text</div>"), looks_like_html("<div>\\n<p>Hi</p>")
    (True, True)
    >>> looks_like_html('<?xml version="1.0"?>\\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN">')
    True
    >>> looks_like_html("<p> is a tag, said the manual."), looks_like_html("<table>: The Table element\\n</table>")
    (False, False)
    """
    head = text[:_SNIFF_CHARS].lstrip("\ufeff \t\r\n")
    while head.startswith(("<!--", "<?xml")):  # comments, and the XML declaration of an XHTML page
        closing = "-->" if head.startswith("<!--") else "?>"
        end = head.find(closing)
        if end < 0:
            break
        head = head[end + len(closing) :].lstrip()
    if _DOCUMENT_START.match(head):
        return True
    opening = _FRAGMENT_START.match(head)
    if opening:
        line_end = head.find("\n")
        line_end = line_end if line_end >= 0 else len(head)
        tag_end = head.find(">", opening.start(), line_end)
        rest = head[(tag_end + 1 if tag_end >= 0 else opening.end()) : line_end]  # the line after the tag
        if _TAG.search(rest) or not rest.strip() or _NEXT_TAG.match(rest.lstrip()):
            return True
    sample = text[:_SNIFF_CHARS]
    tags = len(_TAG.findall(sample))
    return tags >= _MIN_TAGS and tags * _CHARS_PER_TAG >= len(sample)


#: Lines that must all be JSON for a text to be JSON Lines.
_JSON_LINES_LOOKED_AT = 3


def looks_like_json(text: str) -> bool:
    """True when a document is JSON or JSON Lines: records for ``cleaner batch``, not an article.

    >>> looks_like_json('{"id": 1, "text": "A story."}\\n{"id": 2, "text": "Another."}')
    True
    >>> looks_like_json('{"categories": ["docs"]}\\nRedis for AI\\nProducts')   # a page that opens with JSON
    False
    >>> looks_like_json("[Updated] Storm hits the coast"), looks_like_json("{braces} in a title")
    (False, False)
    """
    head = text.lstrip("\ufeff \t\r\n")
    if not head.startswith(("{", "[")):
        return False
    if _json_container(head):  # one JSON document
        return True
    # JSON Lines: each of the first lines a record (a page rendered as text may open with one line of JSON)
    lines = [line for line in itertools.islice((line.strip() for line in head.split("\n")), 50) if line]
    return all(_json_container(line) for line in lines[:_JSON_LINES_LOOKED_AT])


def _json_container(text: str) -> bool:
    try:
        return isinstance(json.loads(text), (dict, list))
    except ValueError:
        return False


#: Where a record (JSONL, a dict) holds its text or HTML when nobody says: the names of common crawls and
#: datasets, tried in this order.
TEXT_FIELDS: tuple[str, ...] = ("text", "html", "content", "raw_content")


def text_field_of(record: Mapping[str, object]) -> str | None:
    """The first of ``TEXT_FIELDS`` that holds a string in ``record``, or None.

    >>> text_field_of({"id": 1, "html": "<p>Hi</p>"}), text_field_of({"id": 1, "body": "Hi"})
    ('html', None)
    """
    return next((name for name in TEXT_FIELDS if isinstance(record.get(name), str)), None)


def no_text_field(record: Mapping[str, object], where: str) -> str:
    """The message for a record without any of ``TEXT_FIELDS``: what it has, and what to do."""
    keys = list(record)
    shown = ", ".join(map(repr, keys[:12])) + (", ..." if len(keys) > 12 else "")
    return (f"{where}: no text field found: none of {', '.join(TEXT_FIELDS)} holds a string in the first record "
            f"(its fields: {shown or 'none'}); name the field holding the text or HTML with --field")


__all__ = ["TEXT_FIELDS", "looks_like_html", "looks_like_json", "no_text_field", "text_field_of"]
