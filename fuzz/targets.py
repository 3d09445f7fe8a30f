"""What the fuzzer checks on every input: the library's promises, for any bytes or any text.

Shared by ``fuzz/fuzz_clean.py`` (atheris, or hypothesis where atheris is missing) and by
``tests/test_fuzz_regressions.py``, which replays every input kept in ``fuzz/regressions/``: a crash the
fuzzer found once is a regression test from then on.

The first byte of an input picks the entry point and the configuration; the rest is the document:

* ``clean(text)``: the bytes read as UTF-8 with lone surrogates for invalid bytes (``surrogateescape``),
  so text with lone surrogates, controls and any code point reaches the passes. It may raise
  ``InputError`` only for a size limit, or for text that ``looks_like_html`` (then cleaned again with
  ``allow_markup=True``, which must work);
* ``clean_html(bytes)``, ``clean_html(text)`` and ``clean_document(bytes)`` (what the CLI and the batch
  call): ``InputError`` is allowed (binary, undecodable, over a limit), nothing else.

Whatever comes back must keep the audit trail's promises: each removal is the text at its offsets, the
body paragraphs come from the normalised text in order and outside every removal, and the whole
``to_dict()`` can be written as UTF-8 JSON.
"""

from __future__ import annotations

import json

import cleaner
from cleaner import Article, Config, InputError
from cleaner.documents import looks_like_html
from cleaner.html import clean_document

#: Configurations the fuzzer varies with the first byte: the defaults, options that change the text,
#: and limits small enough to be reached by short inputs.
CONFIGS: tuple[Config, ...] = (
    Config(),
    Config(uncurl_quotes=True, language="en"),
    Config(disabled_rules=frozenset({"structure", "duplicates"}), languages=("de", "fr")),
    Config(max_paragraphs=5, max_line_chars=60, max_input_chars=2_000, max_input_bytes=4_000),
)
ENTRY_POINTS = ("clean", "clean_html(bytes)", "clean_html(str)", "clean_document")


def check_article(article: Article) -> None:
    """The audit trail's promises (AssertionError names the broken one)."""
    normalized = article.normalized
    for removal in article.removed:
        assert normalized[removal.start : removal.end] == removal.text, f"removal off its text: {removal}"
    removed = sorted((removal.start, removal.end) for removal in article.removed)
    for before, after in zip(removed, removed[1:], strict=False):
        assert before[1] <= after[0], f"overlapping removals {before} {after}"
    cursor = 0
    for paragraph in article.paragraphs:
        found = normalized.find(paragraph, cursor)
        # the same words may also stand earlier in a removal (an exact repeat): the body's copy is outside
        while found >= 0 and any(start < found + len(paragraph) and found < end for start, end in removed):
            found = normalized.find(paragraph, found + 1)
        assert found >= 0, f"paragraph invented, moved, or inside a removal: {paragraph[:80]!r}"
        cursor = found + len(paragraph)
    json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8")


def check_one(data: bytes) -> None:
    """Run one fuzzer input through the entry point its first byte names; raise on a broken promise."""
    if not data:
        return
    entry = ENTRY_POINTS[data[0] % len(ENTRY_POINTS)]
    config = CONFIGS[(data[0] // len(ENTRY_POINTS)) % len(CONFIGS)]
    document = data[1:]
    try:
        if entry == "clean":
            text = document.decode("utf-8", errors="surrogateescape")
            try:
                article = cleaner.clean(text, config=config)
            except InputError as error:
                if not looks_like_html(text):
                    raise
                assert "clean_html" in str(error), f"clean() refused markup without saying what to call: {error}"
                article = cleaner.clean(text, config=config, allow_markup=True)
        elif entry == "clean_html(bytes)":
            article = cleaner.clean_html(document, config=config)
        elif entry == "clean_html(str)":
            article = cleaner.clean_html(document.decode("utf-8", errors="surrogateescape"), config=config)
        else:
            article = clean_document(document, config=config)
    except InputError as error:
        if entry == "clean":
            assert "Config.max_" in str(error), f"clean() refused a str: {error}"
        return
    check_article(article)
