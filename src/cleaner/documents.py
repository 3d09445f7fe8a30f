"""What an input is, from its first characters: HTML, JSON records, or article text.

One place for the sniffing that the command line, the batch readers and the library share, so that
``cleaner clean page.html`` and ``cleaner.clean(page)`` agree on what a page is: ``clean()`` refuses what
the command line would send to ``clean_html``. The rules are conservative: a text that merely mentions a
tag ("use the <em> tag") or opens with one lone tag ("<p> is a tag, said the manual") is text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

#: Characters looked at: the start of a page says what it is.
_SNIFF_CHARS = 5000
#: Openings only markup has: a document type, the page's own elements.
_DOCUMENT_START = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|link|script|style)[\s>/]", re.IGNORECASE)
#: Elements a fragment of HTML opens with; one more tag must follow for it to be markup.
_FRAGMENT_START = re.compile(r"<(?:div|p|article|section|main|title|table|ul|ol|h[1-6]|header|nav|span|a)[\s>/]",
                             re.IGNORECASE)
_TAG = re.compile(r"</?(?:p|div|span|a|br|li|ul|ol|td|tr|table|h[1-6]|img|section|article|script|meta|link|"
                  r"em|strong|b|i|title|head|body|html|header|nav|main)\b", re.IGNORECASE)
#: A text with at least this many tags, one per this many characters or more, is markup, not prose.
_MIN_TAGS = 10
_CHARS_PER_TAG = 40


def looks_like_html(text: str) -> bool:
    """True when a document is HTML: it opens with a tag (after any comments) that only a page opens with,
    or with an element that another tag follows, or tags are dense in it.

    >>> looks_like_html("<!DOCTYPE html><html><body><p>Hi</p></body></html>"), looks_like_html("a < b")
    (True, False)
    >>> looks_like_html("<!-- saved page --> <div class='x'>Text</div>")
    True
    >>> looks_like_html("<p> is a tag, said the manual."), looks_like_html("Use the <em> tag, it says.")
    (False, False)
    """
    head = text[:_SNIFF_CHARS].lstrip("\ufeff \t\r\n")
    while head.startswith("<!--"):
        end = head.find("-->")
        if end < 0:
            break
        head = head[end + 3 :].lstrip()
    if _DOCUMENT_START.match(head):
        return True
    opening = _FRAGMENT_START.match(head)
    if opening and _TAG.search(head, opening.end()):
        return True
    sample = text[:_SNIFF_CHARS]
    tags = len(_TAG.findall(sample))
    return tags >= _MIN_TAGS and tags * _CHARS_PER_TAG >= len(sample)


def looks_like_json(text: str) -> bool:
    """True when a document is JSON or JSON Lines: records for ``cleaner batch``, not an article.

    >>> looks_like_json('{"id": 1, "text": "A story."}\\n{"id": 2, "text": "Another."}')
    True
    >>> looks_like_json("[Updated] Storm hits the coast"), looks_like_json("{braces} in a title")
    (False, False)
    """
    head = text.lstrip("\ufeff \t\r\n")
    if not head.startswith(("{", "[")):
        return False
    first_line = head[: head.find("\n")] if "\n" in head else head
    for candidate in (first_line, head):
        try:
            value = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(value, (dict, list)):
            return True
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
