"""The invariants of the cleaner, checked with hypothesis (issue 3).

Each test states one promise for every input its strategy can build (see ``tests/strategies.py``).
A failure hypothesis found once stays pinned as an ``@example`` on the test that found it, with a
comment naming the bug. The default profile keeps CI fast; ``HYPOTHESIS_PROFILE=thorough`` runs
thousands of examples per test (see README, "Testing").
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import cleaner
from cleaner import Article, Config, InputError
from cleaner.cli import EXIT_FAILED, EXIT_OK, main
from cleaner.documents import looks_like_html
from cleaner.render import FORMATS
from strategies import (
    KINDS,
    Document,
    Furniture,
    Story,
    any_text,
    configs,
    documents,
    edge_crumbs,
    headlines,
    related_blocks,
    related_links,
    small_text,
    stories,
    widgets,
)

ROOT = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------------------------------------------
# Checks shared by several properties
# ---------------------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Compare metadata as a reader would: case and spacing aside."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def paragraph_spans(article: Article) -> list[tuple[int, int]]:
    """Where each body paragraph sits in ``article.normalized``: in order, outside every removal.

    Raises AssertionError naming the paragraph that cannot be placed (invented, or out of order).
    """
    text = article.normalized
    removed = sorted((removal.start, removal.end) for removal in article.removed)
    starts = [start for start, _end in removed]

    def inside_a_removal(start: int, end: int) -> bool:
        index = bisect_right(starts, end - 1) - 1
        while index >= 0 and removed[index][1] > start:
            if removed[index][0] < end:
                return True
            index -= 1
        return False

    spans = []
    cursor = 0
    for paragraph in article.paragraphs:
        found = text.find(paragraph, cursor)
        while found >= 0 and inside_a_removal(found, found + len(paragraph)):
            found = text.find(paragraph, found + 1)
        assert found >= 0, f"paragraph invented, moved or overlapping a removal: {paragraph!r}"
        spans.append((found, found + len(paragraph)))
        cursor = found + len(paragraph)
    return spans


def assert_accounts_for_every_character(article: Article) -> None:
    """Body paragraphs, metadata spans and removals tile the normalised text; only blanks are left."""
    text = article.normalized
    for removal in article.removed:
        assert 0 <= removal.start < removal.end <= len(text), removal
        assert text[removal.start : removal.end] == removal.text, removal
        assert removal.text == removal.text.strip(), f"a removal with edge blanks: {removal!r}"
    spans = sorted([(r.start, r.end, r.rule) for r in article.removed]
                   + [(start, end, "body") for start, end in paragraph_spans(article)])
    cursor = 0
    for start, end, owner in spans:
        assert start >= cursor, f"{owner} overlaps what comes before it at {start}"
        gap = text[cursor:start]
        assert gap.strip() == "", f"unaccounted text {gap!r} before {owner}"
        cursor = end
    assert text[cursor:].strip() == "", f"unaccounted text at the end: {text[cursor:]!r}"


_BAD_CHARACTERS = frozenset("\u00a0\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff\r\u2028\u2029\x85")


def assert_normalised(text: str) -> None:
    """No odd spaces, zero-width or control characters, CR, space runs or lone surrogates; NFC."""
    assert not _BAD_CHARACTERS.intersection(text), f"odd character left in {text!r}"
    for char in text:
        category = unicodedata.category(char)
        assert category != "Cc" or char == "\n", f"control character {char!r} left in {text!r}"
        assert category != "Zs" or char == " ", f"space {char!r} left in {text!r}"
        assert category != "Cs", f"lone surrogate {char!r} left in {text!r}"
    assert "  " not in text, f"a run of spaces in {text!r}"
    assert unicodedata.is_normalized("NFC", text), f"not NFC: {text!r}"


def strings_of(article: Article) -> Iterator[str]:
    """Every string the Article hands to a user."""
    yield article.text
    yield from article.paragraphs
    for value in (article.title, article.standfirst, article.date, article.dateline, article.agency):
        if value is not None:
            yield value
    yield from article.headings
    yield from article.photo_credits
    yield from article.captions
    for item in article.related:
        yield item.headline
        if item.summary is not None:
            yield item.summary
    for removal in article.removed:
        yield removal.text
        if removal.value is not None:
            yield removal.value


def body_and_standfirst(article: Article) -> tuple[str, ...]:
    """The story's own paragraphs: a lede that structure marks as the standfirst is still the story's."""
    return ((article.standfirst,) if article.standfirst else ()) + article.paragraphs


def is_subsequence(needles: Sequence[str], haystack: Sequence[str]) -> bool:
    remaining = iter(haystack)
    return all(any(needle == item for item in remaining) for needle in needles)


# ---------------------------------------------------------------------------------------------------
# 1. Never crashes
# ---------------------------------------------------------------------------------------------------


def clean_str(text: str, config: Config | None = None) -> Article:
    """``cleaner.clean`` on any ``str``, markup included: what must hold for text holds for it too (without
    ``allow_markup`` a text that looks like HTML is refused, which the first property checks)."""
    return cleaner.clean(text, config=config, allow_markup=True)


@given(any_text)
@example("\ud83d date 2023-09-09 Loading...")
@example("\x00\r\u0301\u202e\U0001f469\u200d\U0001f469\r\n\r" + "x" * 20_000)
@example("<html><head><meta name='author' content='x'><script>var a = 1;</script></head><body>Text</body>")
def test_clean_returns_an_article_for_any_str(text: str) -> None:
    if looks_like_html(text):  # a page: refused, with what to call instead
        with pytest.raises(InputError, match="clean_html"):
            cleaner.clean(text)
    else:
        assert cleaner.clean(text) == clean_str(text)
    article = clean_str(text)
    assert isinstance(article, Article)
    json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8")  # every field is writable as UTF-8


@given(small_text | documents().map(lambda document: document.text), configs())
def test_every_configuration_keeps_the_invariants(text: str, config: Config) -> None:
    article = clean_str(text, config=config)
    assert_accounts_for_every_character(article)
    for value in strings_of(article):
        assert_normalised(value)


@contextlib.contextmanager
def standard_streams(stdin: bytes) -> Iterator[tuple[io.BytesIO, io.BytesIO]]:
    """Run ``main()`` in-process with ``stdin`` as its input, capturing stdout and stderr bytes."""
    out, err = io.BytesIO(), io.BytesIO()
    saved = sys.stdin, sys.stdout, sys.stderr
    wrappers = (io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"),
                io.TextIOWrapper(out, encoding="utf-8", write_through=True),
                io.TextIOWrapper(err, encoding="utf-8", write_through=True))
    sys.stdin, sys.stdout, sys.stderr = wrappers
    try:
        yield out, err
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
        for wrapper in wrappers:
            wrapper.flush()
            wrapper.detach()  # so that collecting the wrapper does not close our buffers


_any_bytes = st.one_of(
    st.binary(max_size=2_000),
    any_text.map(lambda text: text.encode("utf-8", errors="surrogatepass")),
    st.tuples(st.sampled_from(("utf-16", "utf-32", "latin-1", "cp1252", "utf-8-sig")), small_text).map(
        lambda pair: pair[1].encode(pair[0], errors="replace")),
)


@given(_any_bytes, st.sampled_from(FORMATS))
@example(b"\xed\xa0\x80 date 2023-09-09", "json")  # an encoded surrogate is not UTF-8
@example(b"\xff\xfe\x00\xd8", "text")              # a UTF-16 BOM then a lone surrogate
@example(b"%PDF-1.4\n", "jsonl")
def test_cli_exits_0_or_1_for_any_bytes_on_stdin(data: bytes, output_format: str) -> None:
    with standard_streams(data) as (out, err):
        status = main(["clean", "-", "--format", output_format])
    assert status in (EXIT_OK, EXIT_FAILED)
    out.getvalue().decode("utf-8")  # strict: the output is always valid UTF-8
    messages = err.getvalue().decode("utf-8").splitlines()
    assert (status == EXIT_OK) == (messages == []), messages
    assert all(line.startswith("cleaner: -: ") for line in messages), messages


@pytest.mark.parametrize("data", [
    b"", b"\x00" * 64, b"\xff\xfe\x00\xd8", b"\xed\xa0\x80 date 2023-09-09", b"\x89PNG\r\n\x1a\n",
    "Caf\u00e9 \u2014 \U0001f600\r\n\r\nShutterstock\r\n".encode("cp1252", errors="replace"),
    (ROOT / "seeds" / "001_79ea87fa954241d2.txt").read_bytes(),
])
def test_installed_command_never_prints_a_traceback(data: bytes) -> None:
    result = subprocess.run([sys.executable, "-m", "cleaner.cli", "clean", "-", "--format", "json"],
                            input=data, capture_output=True, timeout=120)
    assert result.returncode in (EXIT_OK, EXIT_FAILED), result.stderr
    assert b"Traceback" not in result.stderr


# ---------------------------------------------------------------------------------------------------
# 2. Idempotence
# ---------------------------------------------------------------------------------------------------


@given(small_text | documents().map(lambda document: document.text))
# ftfy judged a whole chunk of lines at once, and "\r" is not a line end to it: the mojibake line
# "»ß«™" was left alone next to a C1 control, then repaired once it stood alone in the output.
@example("0:0\x80\r»ß«™")
# A breadcrumb glued after a date header became the top of the body once the header was cut.
@example("0:0\rUPDATED 0 HOUR A | A")
def test_cleaning_twice_changes_nothing(text: str) -> None:
    once = clean_str(text).text
    assert clean_str(once).text == once


# ---------------------------------------------------------------------------------------------------
# 3, 4, 5. No invention, order, accounting
# ---------------------------------------------------------------------------------------------------


@given(any_text | documents().map(lambda document: document.text))
def test_no_invention(text: str) -> None:
    article = clean_str(text)
    for paragraph in article.paragraphs:
        assert paragraph and paragraph in article.normalized, f"invented: {paragraph!r}"
    derived = {removal.value for removal in article.removed if removal.kind == "date-header"}
    for value in strings_of(article):
        if value not in derived and value != article.text and value != article.dateline:
            assert value in article.normalized, f"invented metadata: {value!r}"


@given(any_text | documents().map(lambda document: document.text))
def test_body_keeps_the_input_order(text: str) -> None:
    article = clean_str(text)
    spans = paragraph_spans(article)  # asserts each paragraph is found after the previous one
    assert spans == sorted(spans)


@given(any_text | documents().map(lambda document: document.text))
def test_body_metadata_and_removals_account_for_every_character(text: str) -> None:
    assert_accounts_for_every_character(clean_str(text))


# ---------------------------------------------------------------------------------------------------
# 6. Recovery
# ---------------------------------------------------------------------------------------------------


_LISBON = "The local council approved the council in Lisbon."
_KRAKOW = "The local council approved the council in Kraków."
_NEAR = "The local council approved the council near Lisbon."
_MARIA = "Maria Lopez approved the council"


def pinned(text: str, blocks: Sequence[str], *furniture: Furniture, title: str | None = None) -> Document:
    """A document found by hypothesis, written out: ``furniture`` in the order the text gives it."""
    story = Story("en", title, None, tuple(blocks), ())
    return Document(story, text, furniture, furniture)


def assert_recovered(document: Document, article: Article) -> None:
    story = document.story
    assert body_and_standfirst(article) == story.paragraphs
    assert article.standfirst in (None, story.paragraphs[0])
    assert article.title == story.title
    assert article.date == document.date
    assert {fold(credit) for credit in article.photo_credits} == {fold(credit) for credit in document.credits}
    assert {fold(caption) for caption in document.captions} <= {fold(caption) for caption in article.captions}
    assert is_subsequence([fold(h) for h in document.related], [fold(item.headline) for item in article.related])
    dateline, agency = document.dateline
    assert (article.dateline, article.agency) == (dateline, agency)


@given(documents())
# A bare date glued to the headline under crumbs was read as part of the headline: the date pass looked
# for a bare date only in the first fragment, and the title pass ran before it had another look.
@example(pinned(f"Sign up for\n\nNews > World\n\n2000-01-01 {_MARIA}\n\n{_LISBON}\n\n{_KRAKOW}",
                [_LISBON, _KRAKOW], Furniture("navigation", ("Sign up for",), "top"),
                Furniture("navigation", ("News > World",), "top"),
                Furniture("date-header", ("2000-01-01 ",), "glue", date="2000-01-01"), title=_MARIA))
# A lede with a dateline followed by a credit was taken whole for a standfirst, dateline included.
@example(pinned(f"LONDON: {_LISBON}\n\nReuters\n\n{_KRAKOW}\n\n{_NEAR}", [_LISBON, _KRAKOW, _NEAR],
                Furniture("dateline", ("LONDON: ",), "lede", dateline="LONDON"),
                Furniture("photo-credit", ("Reuters",), "between", credits=("Reuters",))))
# "Read more: <headline>" right under a bulleted related item was taken for that item's summary, and
# "» Read more: <headline>" as an item kept its label in the headline.
@example(pinned(f"{_LISBON}\n\n{_KRAKOW}\n\nMore from\n\n• {_MARIA}\n\nRead more: {_MARIA}", [_LISBON, _KRAKOW],
                Furniture("related-block", ("More from",), "tail", related=(_MARIA,), separate=(f"• {_MARIA}",)),
                Furniture("related-link", (f"Read more: {_MARIA}",), "tail", related=(_MARIA,))))
@example(pinned(f"{_LISBON}\n\n{_KRAKOW}\n\nMore from\n\n• {_MARIA}\n\n» Read more: {_MARIA}", [_LISBON, _KRAKOW],
                Furniture("related-block", ("More from",), "tail", related=(_MARIA,), separate=(f"• {_MARIA}",)),
                Furniture("related-link", (f"» Read more: {_MARIA}",), "tail", related=(_MARIA,))))
# "Vidéo: <headline>" (a French related label that is also a credit label) was taken for a photo credit.
@example(pinned(f"{_LISBON}\n\nVidéo: {_MARIA}\n\n{_KRAKOW}", [_LISBON, _KRAKOW],
                Furniture("related-link", (f"Vidéo: {_MARIA}",), "between", related=(_MARIA,))))
# A bare date glued to the lede under its teaser stayed: the teaser was not seen as a copy while the date
# was glued to the lede, and the date pass reads a bare date only at the top (found by the thorough profile).
@example(pinned(f"Left Menu...\n\n{_LISBON}\n\n1 January 2000 {_LISBON}\n\n{_KRAKOW}", [_LISBON, _KRAKOW],
                Furniture("navigation", ("Left Menu...",), "top"),
                Furniture("duplicate-teaser", (_LISBON,), "teaser"),
                Furniture("date-header", ("1 January 2000 ",), "glue", date="2000-01-01")))
# A tags label alone on its line ("Mots-clés", a lone widget) took the subheading under it for its one tag
# (test_each_kind_of_boilerplate_alone[navigation]).
@example(pinned(f"{_LISBON}\n\nMots-clés\n\nLocal council in Lisbon\n\n{_KRAKOW}",
                [_LISBON, "Local council in Lisbon", _KRAKOW], Furniture("navigation", ("Mots-clés",), "between")))
@example(pinned(f"{_LISBON}\n\nTags\n\nNew bridge across Lisbon\n\n{_KRAKOW}",
                [_LISBON, "New bridge across Lisbon", _KRAKOW], Furniture("navigation", ("Tags",), "between")))
def test_boilerplate_is_removed_and_its_metadata_kept(document: Document) -> None:
    assert_recovered(document, cleaner.clean(document.text))


@pytest.mark.parametrize("kind", KINDS)
@given(data=st.data())
def test_each_kind_of_boilerplate_alone(kind: str, data: st.DataObject) -> None:
    document = data.draw(documents(kinds=(kind,), min_items=1, max_items=3))
    assert_recovered(document, cleaner.clean(document.text))


# ---------------------------------------------------------------------------------------------------
# 7. Stability
# ---------------------------------------------------------------------------------------------------


@st.composite
def growing_tails(draw: st.DrawFn) -> tuple[Story, str, str]:
    """A story, then its text with a tail of related headlines and crumbs, and the same with more."""
    story = draw(stories())
    language = story.language
    block = draw(related_blocks(language, count=draw(st.integers(1, 3))))
    more = draw(st.lists(headlines(language), min_size=1, max_size=6, unique=True))
    more = [headline for headline in more if headline not in block.related]
    bullet = block.separate[0].strip().split(" ", 1)[0] if block.separate else "•"
    links = [draw(related_links(language)) for _ in range(draw(st.integers(0, 2)))]
    extra_links = [draw(related_links(language)) for _ in range(draw(st.integers(0, 3)))]
    # Widget lines may trail in any number; unnamed crumbs ("News", "Route 6") at most two in all,
    # since the pass keeps a longer run of short lines (an info box of times and prices).
    crumbs = [line for item in draw(st.lists(edge_crumbs(), max_size=1)) for line in item.lines]
    extra_crumbs = [line for item in draw(st.lists(widgets(), min_size=1, max_size=6)) for line in item.lines]
    if not crumbs and draw(st.booleans()):
        extra_crumbs += draw(edge_crumbs()).lines

    def tail(headlines_after: Sequence[str], link_items: Sequence[str], crumb_lines: Sequence[str]) -> str:
        parts = [story.text, link_items and "\n\n".join(link_items) or "", block.lines[0], *block.separate,
                 *(f"{bullet} {headline}" for headline in headlines_after), *crumb_lines]
        return "\n\n".join(part for part in parts if part)

    base_links = ["\n".join(item.lines) for item in links]
    base = tail((), base_links, crumbs)
    grown = tail(more, base_links + ["\n".join(item.lines) for item in extra_links], crumbs + extra_crumbs)
    return story, base, grown


@given(growing_tails())
def test_more_related_headlines_or_crumbs_do_not_change_the_body(case: tuple[Story, str, str]) -> None:
    story, base, grown = case
    before, after = cleaner.clean(base), cleaner.clean(grown)
    assert after.paragraphs == before.paragraphs
    assert body_and_standfirst(after) == story.paragraphs
    assert is_subsequence([fold(item.headline) for item in before.related],
                          [fold(item.headline) for item in after.related])


# ---------------------------------------------------------------------------------------------------
# 8. Clean input is left alone
# ---------------------------------------------------------------------------------------------------


@given(stories())
def test_clean_article_comes_out_unchanged(story: Story) -> None:
    article = cleaner.clean(story.text)
    assert article.paragraphs == story.paragraphs
    assert article.title == story.title
    assert article.headings == story.headings
    assert [removal.kind for removal in article.removed] == (["title"] if story.title else [])


# ---------------------------------------------------------------------------------------------------
# 9. Normalisation
# ---------------------------------------------------------------------------------------------------


@given(any_text | documents().map(lambda document: document.text))
@example("a\u00a0\u00a0b\r\n\r\n\u200bc\x00d  e\u0065\u0301")
def test_output_is_normalised(text: str) -> None:
    article = clean_str(text)
    assert_normalised(article.normalized)
    for value in strings_of(article):
        assert_normalised(value)
        assert value == value.strip(), f"edge blanks in {value!r}"
